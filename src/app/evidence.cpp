// Inside the commission: the conversation with a portal reporter, evidence
// files of any petition (decrypted only on an audited download), and
// recusal (回避) records that keep a cadre away from petitions and clues
// about themselves or their relatives (SY-3, SY-6).
#include <boost/json.hpp>

#include "app/app.hpp"
#include "core/error.hpp"
#include "core/portal.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace funnel::app {

namespace json = boost::json;

namespace {
constexpr int kMaxInternalFiles = 50;
constexpr const char* kRelations[] = {"self", "spouse", "kin", "other"};

json::object recusal_json(const store::Recusal& r) {
  return json::object{
      {"id", r.id},
      {"user", json::object{{"id", r.user_id}, {"username", r.username}, {"display_name", r.user_display_name}}},
      {"person", json::object{{"id", r.person_id}, {"name", r.person_name}, {"unit_name", r.person_unit}}},
      {"relation", r.relation},
      {"reason", r.reason},
      {"created_by_name", r.created_by_name},
      {"created_at", core::iso_utc(r.created_at)}};
}
}  // namespace

long long App::sweep_evidence(std::chrono::seconds min_age) {
  // A database error stops the sweep (the predicate throws): nothing is
  // deleted on a guess.
  return evidence_->sweep(
      [&](const std::string& digest) {
        return db_->read([&](store::Tx& tx) { return store::evidence_digest_used(tx, digest); });
      },
      min_age);
}

json::object App::list_petition_messages(const Actor& a, long long petition_id) {
  require(a, core::Permission::PetitionRead);
  auto j = db_->read([&](store::Tx& tx) {
    auto p = store::find_petition(tx, a.scope, petition_id);
    if (!p) throw not_found("信访件不存在或不在本人数据范围内");
    auto rc = store::find_receipt_for_petition(tx, p->id);
    json::array items;
    for (const auto& m : store::messages_of(tx, p->id)) {
      auto body = keys_->open_text(m.body_sealed, "petition_messages.body:" + std::to_string(p->id));
      items.push_back(json::object{{"id", m.id},
                                   {"direction", m.direction},
                                   {"body", body ? *body : std::string("（无法解密）")},
                                   {"author_name", opt(m.author_name)},
                                   {"at", core::iso_utc(m.created_at)}});
    }
    auto expires = rc ? portal_expiry(tx, *p) : std::nullopt;
    return json::object{{"items", items},
                        {"portal", rc.has_value()},
                        {"open", !core::portal_final_state(p->state)},
                        {"access_expires_day", expires ? json::value(core::format_day(*expires)) : json::value()}};
  });
  // SY-4: the reporter's decrypted messages are a sensitive read.
  db_->write([&](store::Tx& tx) {
    audit(tx, &a, "read_messages", "petition", petition_id,
          {{"messages", static_cast<long long>(j.at("items").as_array().size())}});
    return 0;
  });
  return j;
}

json::object App::send_petition_message(const Actor& a, long long petition_id, const std::string& body) {
  require(a, core::Permission::PetitionHandle);
  if (!core::valid_utf8(body) || core::trim(body).empty()) throw invalid("body", "请填写留言内容");
  if (core::utf8_length(body) > 5000) throw invalid("body", "留言不能超过 5000 个字");
  return db_->write([&](store::Tx& tx) {
    auto p = store::find_petition(tx, a.scope, petition_id);
    if (!p) throw not_found("信访件不存在或不在本人数据范围内");
    if (!store::find_receipt_for_petition(tx, p->id)) throw conflict("该件不是经网上举报平台提交的，无法给举报人留言");
    store::PetitionMessage m;
    m.petition_id = p->id;
    m.direction = "out";
    m.body_sealed = keys_->seal_text(body, "petition_messages.body:" + std::to_string(p->id));
    m.author_id = a.user.id;
    m.author_name = a.user.display_name;
    m.id = store::insert_message(tx, m);
    audit(tx, &a, "message_reporter", "petition", p->id, {{"number", p->number}});
    return json::object{{"id", m.id},
                        {"direction", "out"},
                        {"body", body},
                        {"author_name", a.user.display_name},
                        {"at", core::iso_utc(tx.now)}};
  });
}

json::object App::list_evidence(const Actor& a, long long petition_id) {
  require(a, core::Permission::PetitionRead);
  return db_->read([&](store::Tx& tx) {
    auto p = store::find_petition(tx, a.scope, petition_id);
    if (!p) throw not_found("信访件不存在或不在本人数据范围内");
    json::array items;
    for (const auto& f : store::evidence_of(tx, p->id)) items.push_back(evidence_json(f));
    return json::object{{"items", items}};
  });
}

json::object App::add_evidence(const Actor& a, long long petition_id, const std::string& name,
                               const std::string& bytes) {
  require(a, core::Permission::PetitionHandle);
  // Scope before storing anything.
  db_->read([&](store::Tx& tx) {
    if (!store::find_petition(tx, a.scope, petition_id)) throw not_found("信访件不存在或不在本人数据范围内");
    return 0;
  });
  auto f = store_evidence_file(name, bytes, "internal");
  return db_->write([&](store::Tx& tx) {
    auto p = store::find_petition(tx, a.scope, petition_id);
    if (!p) throw not_found("信访件不存在或不在本人数据范围内");
    if (store::count_evidence(tx, p->id) >= kMaxInternalFiles)
      throw invalid("file", "每件最多 " + std::to_string(kMaxInternalFiles) + " 个材料");
    f.petition_id = p->id;
    f.uploaded_by = a.user.id;
    f.uploaded_by_name = a.user.display_name;
    f.id = store::insert_evidence(tx, f);
    audit(tx, &a, "add_evidence", "petition", p->id, {{"number", p->number}, {"file_id", f.id}, {"type", f.mime}});
    return evidence_json(f);
  });
}

App::Download App::download_evidence(const Actor& a, long long petition_id, long long file_id) {
  require(a, core::Permission::PetitionEvidence);
  // A write: the download is audited in the same transaction (SY-4).
  auto f = db_->write([&](store::Tx& tx) {
    auto p = store::find_petition(tx, a.scope, petition_id);
    if (!p) throw not_found("信访件不存在或不在本人数据范围内");
    auto f = store::find_evidence(tx, p->id, file_id);
    if (!f) throw not_found("材料不存在");
    audit(tx, &a, "download_evidence", "petition", p->id, {{"number", p->number}, {"file_id", f->id}});
    return *f;
  });
  auto bytes = evidence_->get(f.digest);
  if (!bytes) throw Error(500, "internal", "材料文件缺失或无法解密，请联系安全管理员");
  auto name = keys_->open_text(f.name_sealed, "evidence.name:" + f.digest);
  return Download{name ? *name : "evidence-" + std::to_string(f.id), f.mime, std::move(*bytes)};
}

json::object App::list_recusals(const Actor& a, const std::optional<long long>& user_id, const core::Page& page) {
  require(a, core::Permission::RecusalManage);
  return db_->read([&](store::Tx& tx) {
    long long total = 0;
    json::array items;
    for (const auto& r : store::list_recusals(tx, a.scope.county_id, user_id, page, &total))
      items.push_back(recusal_json(r));
    return json::object{{"items", items}, {"total", total}};
  });
}

json::object App::add_recusal(const Actor& a, const RecusalInput& in) {
  require(a, core::Permission::RecusalManage);
  bool known = false;
  for (auto r : kRelations) known = known || in.relation == r;
  if (!known) throw invalid("relation", "未知的关系");
  if (core::utf8_length(core::trim(in.reason)) < 2) throw invalid("reason", "请写明回避理由");
  if (core::utf8_length(in.reason) > 200) throw invalid("reason", "理由不能超过 200 个字");
  const long long id = db_->write([&](store::Tx& tx) {
    auto u = store::find_user(tx, in.user_id);
    std::optional<core::OrgUnit> unit;
    if (u && u->org_unit_id) unit = store::find_org(tx, core::unrestricted_scope(), *u->org_unit_id);
    if (!u || u->username.rfind('@', 0) == 0 || !unit || unit->county_id != a.scope.county_id)
      throw invalid("user_id", "应为本县的干部账号");
    auto person = store::find_person(tx, in.person_id);
    if (!person || person->county_id != a.scope.county_id) throw invalid("person_id", "应为本县登记的被反映人");
    if (store::find_recusal_id(tx, in.user_id, in.person_id)) throw conflict("已登记过该回避");
    store::Recusal r;
    r.county_id = a.scope.county_id;
    r.user_id = in.user_id;
    r.person_id = in.person_id;
    r.relation = in.relation;
    r.reason = core::trim(in.reason);
    r.created_by = a.user.id;
    r.created_by_name = a.user.display_name;
    r.id = store::insert_recusal(tx, r);
    audit(tx, &a, "create", "recusal", r.id,
          {{"user_id", r.user_id}, {"person_id", r.person_id}, {"relation", r.relation}});
    return r.id;
  });
  return db_->read([&](store::Tx& tx) { return recusal_json(*store::find_recusal(tx, a.scope.county_id, id)); });
}

json::object App::recusal_candidates(const Actor& a, const std::optional<std::string>& q) {
  require(a, core::Permission::RecusalManage);
  return db_->read([&](store::Tx& tx) {
    json::array items;
    for (const auto& u : store::county_users(tx, a.scope.county_id, q, 20))
      items.push_back(json::object{
          {"id", u.id}, {"username", u.username}, {"display_name", u.display_name}, {"org_name", u.org_name}});
    return json::object{{"items", items}};
  });
}

void App::delete_recusal(const Actor& a, long long id) {
  require(a, core::Permission::RecusalManage);
  db_->write([&](store::Tx& tx) {
    auto r = store::find_recusal(tx, a.scope.county_id, id);
    if (!r) throw not_found("回避记录不存在");
    // Nobody lifts a recusal that names them (then reads the record).
    if (r->user_id == a.user.id) throw forbidden("不能撤销涉及本人的回避");
    store::delete_recusal(tx, id);
    audit(tx, &a, "delete", "recusal", id, {{"user_id", r->user_id}, {"person_id", r->person_id}});
    return 0;
  });
}

}  // namespace funnel::app
