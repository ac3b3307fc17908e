#include "app/app.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/clue.hpp"
#include "core/error.hpp"
#include "core/petition.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"

namespace funnel::app {

namespace json = boost::json;

std::string database_url_for(const Config& c) {
  if (!c.database_url.empty()) return c.database_url;
  return "sqlite://" + std::filesystem::absolute(c.data_dir / "funnel.db").string();
}

App::App(Config cfg, std::unique_ptr<store::Db> db) : cfg_(std::move(cfg)), db_(std::move(db)) {
  dicts_ = load_dictionaries(cfg_.resource_dir);
  calendar_ = load_work_calendar(cfg_.resource_dir);
  limits_ = load_time_limits(cfg_.resource_dir);
  catalogue_ = load_petition_catalogue(cfg_.resource_dir);
  approvals_ = load_approval_chains(cfg_.resource_dir);
  keys_ = crypto::KeyRing::load(cfg_.key_file.empty() ? crypto::default_key_file(cfg_.data_dir) : cfg_.key_file);
  dummy_hash_ = crypto::hash_password(crypto::random_token(16));
  evidence_ = std::make_unique<files::EvidenceStore>(cfg_.data_dir / "evidence", *keys_);
  try {
    auto doc = json::parse(read_file(cfg_.resource_dir / "portal.json")).as_object();
    portal_notices_ = doc.at("notices").as_object();
    for (const char* lang : {"zh", "en"})
      for (const char* key : {"scope", "not_accepted", "how"})
        if (!portal_notices_.at(lang).as_object().at(key).is_array()) throw std::runtime_error(key);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("data/portal.json: ") + e.what());
  }
}

App::~App() = default;

namespace {
template <class E, std::size_t N>
void check_dict(const json::object& d, const char* name, const core::EnumTable<E, N>& table) {
  auto it = d.find(name);
  if (it == d.end() || !it->value().is_array())
    throw std::runtime_error(std::string("dictionaries.json: missing list ") + name);
  std::size_t n = 0;
  for (auto& v : it->value().as_array()) {
    const auto& o = v.as_object();
    std::string code(o.at("code").as_string());
    if (!table.parse(code)) throw std::runtime_error(std::string("dictionaries.json: unknown code ") + name + "." + code);
    if (!o.contains("label_zh") || !o.contains("label_en"))
      throw std::runtime_error("dictionaries.json: " + code + " lacks a label");
    ++n;
  }
  if (n != N) throw std::runtime_error(std::string("dictionaries.json: ") + name + " does not list every code");
}
}  // namespace

json::object load_dictionaries(const std::filesystem::path& resource_dir) {
  auto file = resource_dir / "dictionaries.json";
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::stringstream ss;
  ss << in.rdbuf();
  json::object d = json::parse(ss.str()).as_object();
  d.erase("_comment");
  check_dict(d, "roles", core::kRoles);
  check_dict(d, "data_scopes", core::kDataScopes);
  check_dict(d, "permissions", core::kPermissions);
  check_dict(d, "org_kinds", core::kOrgKinds);
  check_dict(d, "org_categories", core::kOrgCategories);
  check_dict(d, "user_statuses", core::kUserStatuses);
  check_dict(d, "channels", core::kChannels);
  check_dict(d, "petition_types", core::kPetitionTypes);
  check_dict(d, "petition_states", core::kPetitionStates);
  check_dict(d, "petition_actions", core::kPetitionActions);
  check_dict(d, "cadre_levels", core::kCadreLevels);
  check_dict(d, "jurisdictions", core::kJurisdictions);
  check_dict(d, "visit_kinds", core::kVisitKinds);
  check_dict(d, "risk_levels", core::kRiskLevels);
  check_dict(d, "screening_outcomes", core::kScreeningOutcomes);
  check_dict(d, "clue_sources", core::kClueSources);
  check_dict(d, "clue_states", core::kClueStates);
  check_dict(d, "dispatch_modes", core::kDispatchModes);
  check_dict(d, "disposal_methods", core::kDisposalMethods);
  check_dict(d, "clue_outcomes", core::kClueOutcomes);
  check_dict(d, "clue_actions", core::kClueActions);
  check_dict(d, "clue_record_kinds", core::kClueRecordKinds);
  check_dict(d, "clue_report_statuses", core::kClueReportStatuses);
  check_dict(d, "clue_review_decisions", core::kClueReviewDecisions);
  return d;
}

json::value opt(const std::optional<long long>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt_time(const std::optional<long long>& v) {
  return v ? json::value(core::iso_utc(*v)) : json::value(nullptr);
}

json::object to_json(const core::OrgUnit& o) {
  return {{"id", o.id},
          {"parent_id", opt(o.parent_id)},
          {"kind", o.kind},
          {"category", o.category},
          {"name", o.name},
          {"short_name", o.short_name},
          {"division_code", opt(o.division_code)},
          {"county_id", opt(o.county_id)},
          {"township_id", opt(o.township_id)},
          {"committee_name", opt(o.committee_name)},
          {"office_name", opt(o.office_name)},
          {"linked_room_id", opt(o.linked_room_id)},
          {"sort", o.sort},
          {"created_at", core::iso_utc(o.created_at)},
          {"updated_at", core::iso_utc(o.updated_at)}};
}

json::object to_json(const core::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"org_unit_id", opt(u.org_unit_id)},
          {"org_unit_name", u.org_unit_name},
          {"role", u.role},
          {"data_scope", u.data_scope},
          {"status", u.status},
          {"locked", u.locked},
          {"must_change_password", u.must_change_password != 0},
          {"created_at", core::iso_utc(u.created_at)},
          {"last_login_at", opt_time(u.last_login_at)}};
}

json::object to_json(const core::Session& s) {
  return {{"id", s.id},
          {"user_id", s.user_id},
          {"username", s.username},
          {"display_name", s.display_name},
          {"ip", s.ip},
          {"user_agent", s.user_agent},
          {"created_at", core::iso_utc(s.created_at)},
          {"last_seen_at", core::iso_utc(s.last_seen_at)}};
}

json::object to_json(const core::LoginAttempt& a) {
  return {{"id", a.id},
          {"at", core::iso_utc(a.at)},
          {"username", a.username},
          {"ip", a.ip},
          {"user_agent", a.user_agent},
          {"success", a.success == 1},
          {"reason", a.reason}};
}

json::object to_json(const core::AuditRecord& r) {
  json::value detail;
  try {
    detail = json::parse(r.detail);
  } catch (...) {
    detail = r.detail;
  }
  return {{"seq", r.seq},
          {"at", core::iso_utc(r.at_ms)},
          {"actor_id", r.actor_id},
          {"actor_name", r.actor_name},
          {"ip", r.ip},
          {"action", r.action},
          {"entity", r.entity},
          {"entity_id", r.entity_id},
          {"detail", detail}};
}

json::object diff_fields(const json::object& before, const json::object& after) {
  json::object out;
  for (auto& kv : after) {
    if (kv.key() == "updated_at") continue;
    auto it = before.find(kv.key());
    json::value old = it == before.end() ? json::value(nullptr) : it->value();
    if (old != kv.value()) out[kv.key()] = json::array{old, kv.value()};
  }
  return out;
}

void App::require(const Actor& a, core::Permission p) const {
  if (a.user.must_change_password) throw Error(403, "password_change_required", "请先修改初始密码");
  if (!core::has_permission(a.role, p)) throw forbidden();
}

void App::require_route(const Actor& a, std::string_view permission) const {
  if (permission == "session") return;
  if (permission == "signed_in") {
    if (a.user.must_change_password) throw Error(403, "password_change_required", "请先修改初始密码");
    return;
  }
  // "a|b": any of them (a route whose steps each need their own, e.g. a
  // clue's dispatch or handling); the handler checks the one it needs.
  if (a.user.must_change_password) throw Error(403, "password_change_required", "请先修改初始密码");
  bool any = false;
  for (std::size_t from = 0; from <= permission.size();) {
    auto bar = permission.find('|', from);
    auto one = permission.substr(from, bar == std::string_view::npos ? std::string_view::npos : bar - from);
    auto p = core::kPermissions.parse(one);
    if (!p) throw std::logic_error("route with unknown permission");
    any = any || core::has_permission(a.role, *p);
    if (bar == std::string_view::npos) break;
    from = bar + 1;
  }
  if (!any) throw forbidden();
}

std::vector<std::string> App::permission_codes(const Actor& a) const {
  std::vector<std::string> out;
  for (auto p : core::permissions_of(a.role)) out.emplace_back(core::kPermissions.code(p));
  return out;
}

core::Scope App::scope_for(store::Tx& tx, const core::User& u, core::Role r, bool for_org_tree) {
  core::Scope s;
  s.user_id = u.id;
  if (core::is_admin_role(r)) {
    // Administrators manage the structure but hold no business data scope.
    s.unrestricted = for_org_tree;
    s.kind = core::DataScope::None;
    return s;
  }
  s.kind = core::kDataScopes.parse(u.data_scope).value_or(core::DataScope::None);
  if (!u.org_unit_id) {
    s.kind = core::DataScope::None;
    return s;
  }
  core::Scope all;
  all.unrestricted = true;
  auto unit = store::find_org(tx, all, *u.org_unit_id);
  if (!unit || !unit->county_id) {
    s.kind = core::DataScope::None;
    return s;
  }
  s.county_id = *unit->county_id;
  s.org_id = unit->id;
  switch (s.kind) {
    case core::DataScope::LinkedTownships: s.township_ids = store::linked_townships(tx, unit->id); break;
    case core::DataScope::OwnTownship:
    case core::DataScope::OwnRecords:
      if (unit->township_id) s.township_ids = {*unit->township_id};
      break;
    default: break;
  }
  if (!for_org_tree && u.has_recusals) s.recused_person_ids = store::recused_persons(tx, u.id);
  return s;
}

void App::audit(store::Tx& tx, const Actor* a, const std::string& action, const std::string& entity, long long id,
                json::object detail, const Client* c) {
  auto head = store::lock_audit_head(tx);
  core::AuditRecord r;
  r.seq = head.last_seq + 1;
  r.at_ms = tx.now;
  if (a) {
    r.actor_id = a->user.id;
    r.actor_name = a->user.username;
    r.ip = a->client.ip;
  }
  if (c) r.ip = c->ip;
  r.action = action;
  r.entity = entity;
  r.entity_id = id;
  r.detail = json::serialize(detail);
  r.prev_hash = head.last_hash;
  r.hash = keys_->chain_hash(core::audit_canonical(r));
  store::append_audit(tx, r);
}

namespace {
AuditVerdict verify_chain(store::Db& db, const crypto::KeyRing& keys, const AuditCheckpoints& checkpoints) {
  return db.read([&](store::Tx& tx) {
    AuditVerdict v;
    long long expect = 1;
    std::string prev;
    store::scan_audit(tx, [&](const core::AuditRecord& r) {
      auto fail = [&](std::string why) {
        v.ok = false;
        v.first_bad_seq = r.seq;
        v.reason = std::move(why);
        return false;
      };
      if (r.seq != expect) {
        v.first_bad_seq = expect;
        v.ok = false;
        v.reason = r.seq > expect ? "record missing before this position" : "record out of order";
        return false;
      }
      if (r.prev_hash != prev) return fail("previous-hash link broken");
      // Keyed: without the key file nobody can recompute a hash that matches.
      if (keys.chain_hash(core::audit_canonical(r)) != r.hash) return fail("record altered (hash mismatch)");
      if (auto it = checkpoints.find(r.seq); it != checkpoints.end() && it->second != r.hash)
        return fail("record differs from its checkpoint logged outside the database");
      prev = r.hash;
      ++expect;
      ++v.checked;
      return true;
    });
    auto head = store::read_audit_head(tx);
    v.head_seq = head.last_seq;
    v.head_hash = head.last_hash;
    if (v.ok && (head.last_seq != v.checked || head.last_hash != prev)) {
      v.ok = false;
      v.first_bad_seq = v.checked + 1;
      v.reason = "chain tail does not match the head (records removed at the end)";
    }
    // Records cut off the end together with the head: only an anchor kept
    // outside the database shows that the chain was once longer.
    if (v.ok && !checkpoints.empty() && checkpoints.rbegin()->first > v.checked) {
      v.ok = false;
      v.first_bad_seq = v.checked + 1;
      v.reason = "chain ends at record " + std::to_string(v.checked) + " but a checkpoint logged outside the database "
                 "names record " + std::to_string(checkpoints.rbegin()->first) + " (records removed at the end)";
    }
    if (v.ok && v.checked > 0 && !store::audit_chain_keyed(tx)) {
      v.ok = false;
      v.first_bad_seq = 1;
      v.reason = "the head marks the chain as not yet keyed (run `funnel migrate`)";
    }
    return v;
  });
}
}  // namespace

AuditVerdict App::verify_audit(const AuditCheckpoints& checkpoints) { return verify_chain(*db_, *keys_, checkpoints); }

AuditVerdict App::verify_audit_for(const Actor& a) {
  require(a, core::Permission::AuditRead);
  return verify_chain(*db_, *keys_, {});
}

bool App::audit_chain_keyed() {
  return db_->read([](store::Tx& tx) { return store::audit_chain_keyed(tx); });
}

store::AuditHead App::audit_head() {
  return db_->read([](store::Tx& tx) { return store::read_audit_head(tx); });
}

RechainResult App::rechain_audit() {
  return db_->write([&](store::Tx& tx) {
    RechainResult out;
    if (store::audit_chain_keyed(tx)) return out;
    const auto head = store::lock_audit_head(tx);
    std::string old_prev, new_prev;  // the last hash of the old chain, of the new one
    long long expect = 1;
    for (;;) {
      auto page = store::audit_page(tx, expect - 1, 5000);
      if (page.empty()) break;
      for (auto& r : page) {
        // Re-chaining a broken chain would make its break verify: refuse.
        const auto canonical = core::audit_canonical(r);
        if (r.seq != expect || r.prev_hash != old_prev || crypto::blake2b_hex(canonical) != r.hash)
          throw std::runtime_error("the unkeyed audit chain is broken at record " + std::to_string(expect) +
                                   ": not re-chained (check it with the previous version's `funnel verify-audit`)");
        old_prev = std::move(r.hash);
        r.prev_hash = new_prev;
        r.hash = keys_->chain_hash(core::audit_canonical(r));
        new_prev = r.hash;
        ++expect;
      }
      store::rehash_audit(tx, page);
      out.records += static_cast<long long>(page.size());
    }
    if (head.last_seq != out.records || head.last_hash != old_prev)
      throw std::runtime_error("the unkeyed audit chain's tail does not match its head (record " +
                               std::to_string(out.records + 1) + "): not re-chained");
    store::set_audit_head(tx, out.records, new_prev);
    store::mark_audit_chain_keyed(tx);
    out.rechained = true;
    if (out.records > 0) {
      json::object d;
      d["records"] = out.records;
      d["unkeyed_head"] = old_prev;
      audit(tx, nullptr, "rechain_audit", "audit_log", 0, std::move(d), nullptr);
    }
    return out;
  });
}

}  // namespace funnel::app
