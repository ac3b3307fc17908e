#include "app/portal.hpp"
#include "app/attachments.hpp"
#include "app/petitions.hpp"

#include "core/portal.hpp"
#include <boost/json.hpp>
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"
#include "store/portal_repo.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

namespace {
std::string be64(long long v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) out[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xFF);
  return out;
}
long long read_be64(std::string_view s) {
  long long v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
  return v;
}

constexpr long long kChallengeMs = 10 * 60 * 1000;
constexpr long long kUploadMs = 60 * 60 * 1000;
constexpr long long kPasswordTokenMs = 60 * 60 * 1000;

Error invalid_receipt() { return Error(401, "invalid_receipt", "回执码或密码不正确"); }

void check_text(const std::optional<std::string>& v, const std::string& field, std::size_t max, bool required,
                const char* what) {
  if (!v || core::trim(*v).empty()) {
    if (required) throw invalid(field, std::string("请填写") + what);
    return;
  }
  if (!core::valid_utf8(*v)) throw invalid(field, std::string(what) + "含有无效字符");
  if (core::utf8_length(*v) > max)
    throw invalid(field, std::string(what) + "不能超过 " + std::to_string(max) + " 个字");
}

// What a reporter may see of the petition: its public status, since when,
// and when a concluded report's portal access ends.
struct PublicView {
  core::PublicStatus status = core::PublicStatus::Received;
  std::string status_day;
  std::optional<core::Day> expires;
};
PublicView public_view(const core::Petition& p, const std::vector<core::PetitionStep>& steps, int retention_days) {
  PublicView v;
  v.status = core::public_status(p.state);
  v.status_day = p.received_day;
  std::optional<core::PublicStatus> before;
  for (const auto& s : steps) {
    auto now = core::public_status(s.to_state);
    if (!before || *before != now) {
      if (now == v.status) v.status_day = core::format_day(core::day_of_ms(s.at));
      before = now;
    }
  }
  if (core::portal_final_state(p.state))
    v.expires = core::access_expires(*core::parse_day(v.status_day), retention_days);
  return v;
}
}  // namespace

std::optional<core::Day> portal_expiry(const Kernel& k_, store::Tx& tx, const core::Petition& p) {
  if (!core::portal_final_state(p.state)) return std::nullopt;
  return public_view(p, store::steps_of(tx, p.id), k_.config().portal.retention_days).expires;
}

Actor PortalService::portal_actor(long long intake_org_id) {
  if (portal_user_id_ == 0) {
    auto u = k_.db().read([&](store::Tx& tx) { return store::find_user_by_name(tx, "@portal"); });
    if (!u) throw std::runtime_error("the @portal account is missing (schema migration 13)");
    portal_user_id_ = u->id;
  }
  Actor a;
  a.user.id = portal_user_id_;
  a.user.username = "@portal";
  a.user.display_name = "网上举报平台";
  a.user.org_unit_id = intake_org_id;
  a.role = core::Role::PetitionOffice;
  return a;
}

PortalInfo PortalService::portal_info() const {
  const auto& pc = k_.config().portal;
  PortalInfo out;
  k_.db().read([&](store::Tx& tx) {
    store::OrgFilter f;
    f.kind = "county";
    auto all = core::unrestricted_scope();
    for (const auto& c : store::list_orgs(tx, all, f, nullptr, nullptr)) {
      store::OrgFilter t;
      t.kind = "township";
      t.parent_id = c.id;
      PortalCounty county{c.id, c.name, {}};
      for (const auto& o : store::list_orgs(tx, all, t, nullptr, nullptr)) county.townships.push_back({o.id, o.name});
      out.counties.push_back(std::move(county));
    }
    return 0;
  });
  auto choice = [](const json::value& v) {
    const auto& o = v.as_object();
    return PortalChoice{std::string(o.at("code").as_string()), o.at("label_zh"), o.at("label_en")};
  };
  for (const auto& v : k_.catalogue().doc.at("categories").as_array()) out.categories.push_back(choice(v));
  for (const auto& v : k_.dictionaries().at("cadre_levels").as_array()) out.cadre_levels.push_back(choice(v));
  out.limits = {pc.max_files, pc.max_file_bytes, {}};
  for (auto [mime, label] : core::evidence_types()) out.limits.allowed_types.push_back({std::string(mime), std::string(label)});
  out.pow_bits = pc.pow_bits;
  out.retention_days = pc.retention_days;
  out.notices = k_.portal_notices().at("zh");
  out.notices_en = k_.portal_notices().at("en");
  return out;
}

PortalChallenge PortalService::portal_challenge() const {
  const long long expires = store::now_ms() + kChallengeMs;
  std::string payload = crypto::random_bytes(16) + be64(expires) + static_cast<char>(k_.config().portal.pow_bits);
  return {k_.keys().sign(payload, "portal.challenge"), k_.config().portal.pow_bits, expires};
}

PortalUpload PortalService::portal_stage_upload(const std::string& name, const std::string& bytes) {
  auto f = attachments_.store_evidence_file(name, bytes, "portal");
  const auto token = crypto::random_token(24);
  f.staged_key = k_.keys().blind_index(token, "portal.upload");
  k_.db().write([&](store::Tx& tx) {
    store::forget_expired_staged_evidence(tx);
    f.staged_until = tx.now + kUploadMs;
    f.id = store::insert_evidence(tx, f);
    // The file's name and content stay out of the audit.
    k_.audit(tx, nullptr, "stage_upload", "evidence_file", f.id, {{"size", static_cast<long long>(bytes.size())}});
    return 0;
  });
  auto v = attachments_.evidence_view(f);
  return PortalUpload{{{v.name, v.size, v.type}, v.label}, v.at, token};
}

PortalReceipt PortalService::portal_submit(const PortalReportInput& in) {
  const auto& pc = k_.config().portal;
  // The proof of work first: it is the cheap check that keeps the rest for
  // browsers that paid for it.
  auto payload = k_.keys().verify(in.challenge, "portal.challenge");
  if (!payload || payload->size() != 25) throw invalid("challenge", "安全验证无效，请重新提交");
  const long long expires = read_be64(std::string_view(*payload).substr(16, 8));
  const int bits = static_cast<unsigned char>((*payload)[24]);
  if (expires < store::now_ms()) throw invalid("challenge", "安全验证已过期，请重新提交");
  if (bits < pc.pow_bits) throw invalid("challenge", "安全验证无效，请重新提交");
  if (!core::valid_nonce(in.nonce)) throw invalid("pow", "安全验证未完成");
  const auto digest = crypto::sha256(in.challenge + ":" + in.nonce);
  if (core::leading_zero_bits(reinterpret_cast<const unsigned char*>(digest.data()), digest.size()) < bits)
    throw invalid("pow", "安全验证未通过，请重新提交");

  // The report.
  if (in.persons.empty()) throw invalid("persons", "请至少填写一名被反映人");
  if (in.persons.size() > 10) throw invalid("persons", "被反映人最多 10 名");
  check_text(in.summary, "summary", 100, true, "标题");
  check_text(in.content, "content", 20000, true, "问题经过");
  check_text(in.happened, "happened", 100, false, "发生时间");
  check_text(in.place, "place", 200, false, "发生地点");
  if (in.uploads.size() > static_cast<std::size_t>(pc.max_files))
    throw invalid("uploads", "附件最多 " + std::to_string(pc.max_files) + " 个");
  PetitionInput pin;
  pin.channel = "web";
  pin.type = "accusation";
  pin.real_name = !in.anonymous;
  if (!in.anonymous) {
    check_text(in.name, "reporter.name", 50, true, "姓名");
    check_text(in.phone, "reporter.phone", 30, true, "联系电话");
    ReporterInput r;
    r.name = core::trim(*in.name);
    r.phone = core::trim(*in.phone);
    if (in.id_number && !core::trim(*in.id_number).empty()) r.id_number = core::trim(*in.id_number);
    pin.reporter = r;
  } else if (in.name || in.id_number || in.phone) {
    throw invalid("reporter.name", "匿名举报不填写姓名、身份证号和电话");
  }
  for (std::size_t i = 0; i < in.persons.size(); ++i) {
    const auto& r = in.persons[i];
    const std::string f = "persons[" + std::to_string(i) + "].";
    check_text(r.name, f + "name", 50, true, "被反映人姓名");
    check_text(r.unit_name, f + "unit_name", 100, true, "被反映人单位");
    check_text(r.post, f + "post", 50, false, "职务");
    ReportedInput p;
    p.name = core::trim(r.name);
    p.unit_name = core::trim(r.unit_name);
    if (r.post && !core::trim(*r.post).empty()) p.post = core::trim(*r.post);
    // A report to the discipline organ is about a party member or public
    // official; the intake cadre corrects the particulars on acceptance.
    p.cadre_level = r.cadre_level.value_or("general_cadre");
    p.public_official = true;
    pin.persons.push_back(p);
  }
  pin.summary = core::trim(in.summary);
  pin.content = in.content;
  if (in.happened && !core::trim(*in.happened).empty()) pin.content += "\n\n【发生时间】" + core::trim(*in.happened);
  if (in.place && !core::trim(*in.place).empty()) pin.place_detail = core::trim(*in.place);
  pin.category = in.category;
  pin.web_source = "网上举报平台";
  pin.received_day = core::format_day(core::day_of_ms(store::now_ms()));

  // Addressed to the township's discipline committee, or else the county
  // commission's petition office.
  const long long intake = k_.db().read([&](store::Tx& tx) {
    auto all = core::unrestricted_scope();
    auto county = store::find_org(tx, all, in.county_id);
    if (!county || county->kind != "county") throw invalid("county_id", "请选择所在县（市、区）");
    if (in.township_id) {
      auto t = store::find_org(tx, all, *in.township_id);
      if (!t || t->kind != "township" || t->county_id != county->id)
        throw invalid("township_id", "请选择本县的乡镇（街道）");
      return t->id;
    }
    store::OrgFilter f;
    f.kind = "department";
    f.parent_id = county->id;
    for (const auto& d : store::list_orgs(tx, all, f, nullptr, nullptr))
      if (d.category == "petition_office") return d.id;
    return county->id;
  });

  std::array<unsigned char, 10> rnd;
  auto r = crypto::random_bytes(rnd.size());
  std::copy(r.begin(), r.end(), rnd.begin());
  const std::string code = core::receipt_code(rnd);
  const std::string password_token = crypto::random_token(24);
  petitions_.record_petition(
      portal_actor(intake), pin,
      [&](store::Tx& tx, const core::Petition& p) {
        // Expired challenges can no longer be replayed; their rows go once a
        // minute, not in every submission.
        long long swept = challenges_swept_at_.load();
        if (tx.now - swept > 60'000 && challenges_swept_at_.compare_exchange_strong(swept, tx.now))
          store::forget_expired_challenges(tx);
        if (!store::use_challenge(tx, k_.keys().blind_index(in.challenge, "portal.challenge.used"), expires))
          throw invalid("challenge", "该安全验证已使用过，请重新提交");
        for (std::size_t i = 0; i < in.uploads.size(); ++i)
          if (in.uploads[i].size() > 100 ||
              !store::claim_staged_evidence(tx, k_.keys().blind_index(in.uploads[i], "portal.upload"), p.id,
                                            static_cast<int>(i)))
            throw invalid("uploads[" + std::to_string(i) + "]", "附件已失效，请重新上传");
        store::Receipt rc;
        rc.petition_id = p.id;
        rc.code_hint = code.substr(0, 4);
        rc.password_token_key = k_.keys().blind_index(password_token, "portal.password_token");
        rc.password_token_until = tx.now + kPasswordTokenMs;
        store::insert_receipt(tx, rc, k_.keys().blind_index(code, "portal.receipt"));
      });
  return PortalReceipt{core::format_receipt(code), password_token, pin.received_day};
}

void PortalService::portal_set_password(const std::string& code_in, const std::string& token, const std::string& password) {
  if (!core::valid_utf8(password) || core::utf8_length(password) < 8 || core::utf8_length(password) > 64)
    throw invalid("password", "查询密码应为 8 到 64 个字符");
  auto code = core::normalize_receipt(code_in);
  if (!code) throw invalid("receipt_code", "回执码格式不正确");
  const auto key = k_.keys().blind_index(*code, "portal.receipt");
  const auto token_key = k_.keys().blind_index(token, "portal.password_token");
  auto usable = [&](const std::optional<store::Receipt>& rc, long long now) {
    return rc && !rc->password_hash && rc->password_token_key && *rc->password_token_key == token_key &&
           rc->password_token_until && *rc->password_token_until >= now;
  };
  // Check before hashing, so that a bad token costs no argon2id.
  bool ok = k_.db().read([&](store::Tx& tx) { return usable(store::find_receipt_by_code(tx, key), tx.now); });
  if (!ok) throw invalid("password_token", "设置查询密码的期限已过或密码已设置");
  const auto hash = crypto::hash_password(password);
  k_.db().write([&](store::Tx& tx) {
    auto rc = store::find_receipt_by_code(tx, key);
    if (!usable(rc, tx.now)) throw invalid("password_token", "设置查询密码的期限已过或密码已设置");
    store::set_receipt_password(tx, rc->id, hash);
    k_.audit(tx, nullptr, "set_password", "portal_receipt", rc->id, {{"petition_id", rc->petition_id}});
    return 0;
  });
}

PortalToken PortalService::portal_login(const std::string& code_in, const std::string& password) {
  const auto& pc = k_.config().portal;
  auto code = core::normalize_receipt(code_in);
  // A string that cannot be a code tells nothing about receipts that exist.
  if (!code || password.size() > 256) throw invalid_receipt();
  const auto key = k_.keys().blind_index(*code, "portal.receipt");
  const long long lock_ms = pc.lockout_minutes * 60'000LL;
  const auto locked = [&] {
    return Error(429, "too_many_attempts", "尝试次数过多，请 " + std::to_string(pc.lockout_minutes) + " 分钟后再试");
  };
  // Every attempt is counted before its password is checked: attempts sent
  // in parallel cannot all pass a lockout check made before any failed, so
  // at most login_failures passwords are tried per lockout period.
  struct Seen {
    bool admitted = false;
    std::optional<store::Receipt> receipt;
  };
  auto seen = k_.db().write([&](store::Tx& tx) {
    Seen s;
    s.admitted = store::begin_login_attempt(tx, key, pc.login_failures, lock_ms);
    if (s.admitted) s.receipt = store::find_receipt_by_code(tx, key);
    return s;
  });
  if (!seen.admitted) throw locked();
  // One argon2id verification whether or not the receipt exists (the same
  // time), and the same bookkeeping.
  const bool has = seen.receipt && seen.receipt->password_hash;
  bool ok = false;
  try {
    ok = crypto::verify_password(has ? *seen.receipt->password_hash : k_.dummy_hash(), password) && has;
  } catch (const Error&) {  // 503 busy: nothing was tried
    k_.db().write([&](store::Tx& tx) {
      store::cancel_login_attempt(tx, key);
      return 0;
    });
    throw;
  }
  const bool open = k_.db().write([&](store::Tx& tx) {
    return ok ? store::pass_login_attempt(tx, key)
              : !store::fail_login_attempt(tx, key, pc.login_failures, lock_ms);
  });
  // A right password is refused too once attempts made in parallel locked the code.
  if (!open) throw locked();
  if (!ok) throw invalid_receipt();
  // A concluded report's access ends after the retention period.
  k_.db().read([&](store::Tx& tx) {
    auto p = store::find_petition(tx, core::unrestricted_scope(), seen.receipt->petition_id);
    if (!p) throw invalid_receipt();
    auto v = public_view(*p, store::steps_of(tx, p->id), pc.retention_days);
    if (v.expires && *v.expires < core::day_of_ms(tx.now))
      throw Error(410, "expired", "该举报已办结，网上查询期限已于 " + core::format_day(*v.expires) + " 届满");
    return 0;
  });
  const long long until = store::now_ms() + pc.token_minutes * 60'000LL;
  return PortalToken{k_.keys().sign(be64(seen.receipt->id) + be64(until), "portal.session"), until};
}

long long PortalService::portal_receipt_of(const std::string& bearer) const {
  auto payload = k_.keys().verify(bearer, "portal.session");
  if (!payload || payload->size() != 16) throw unauthenticated("请输入回执码和查询密码");
  if (read_be64(std::string_view(*payload).substr(8, 8)) < store::now_ms())
    throw unauthenticated("查询已超时，请重新输入回执码和查询密码");
  return read_be64(*payload);
}

PortalReport PortalService::portal_report(long long receipt_id) {
  const auto& pc = k_.config().portal;
  return k_.db().read([&](store::Tx& tx) {
    auto rc = store::find_receipt(tx, receipt_id);
    if (!rc) throw unauthenticated("请输入回执码和查询密码");
    auto p = store::find_petition(tx, core::unrestricted_scope(), rc->petition_id);
    if (!p) throw unauthenticated("请输入回执码和查询密码");
    auto v = public_view(*p, store::steps_of(tx, p->id), pc.retention_days);
    const core::Day today = core::day_of_ms(tx.now);
    if (v.expires && *v.expires < today) throw Error(410, "expired", "该举报的网上查询期限已届满");
    PortalReport out;
    out.receipt_code = rc->code_hint + "-****-****-****";
    out.submitted_day = p->received_day;
    out.org_name = p->handler_org_name.empty() ? p->intake_org_name : p->handler_org_name;
    out.status = core::public_status_code(v.status);
    out.status_day = v.status_day;
    if (v.expires) out.access_expires_day = core::format_day(*v.expires);
    if (v.status == core::PublicStatus::Transferred && p->transfer_to) out.transferred_to = *p->transfer_to;
    for (const auto& m : store::messages_of(tx, p->id)) {
      auto body = k_.keys().open_text(m.body_sealed, "petition_messages.body:" + std::to_string(p->id));
      out.messages.push_back(
          {m.id, m.direction == "in" ? "reporter" : "cadre", body ? *body : std::string(), core::iso_utc(m.created_at)});
    }
    for (const auto& f : store::evidence_of(tx, p->id)) {
      if (f.source != "portal") continue;  // the reporter's own files only
      auto e = attachments_.evidence_view(f);
      out.attachments.push_back({{e.name, f.size, f.mime}, e.at});
    }
    const long long n = static_cast<long long>(out.attachments.size());
    out.can_reply = !core::portal_final_state(p->state);
    out.files_left = out.can_reply ? std::max(0LL, pc.max_files - n) : 0LL;
    return out;
  });
}

PortalMessage PortalService::portal_post_message(long long receipt_id, const std::string& body) {
  if (!core::valid_utf8(body) || core::trim(body).empty()) throw invalid("body", "请填写留言内容");
  if (core::utf8_length(body) > 5000) throw invalid("body", "留言不能超过 5000 个字");
  return k_.db().write([&](store::Tx& tx) {
    auto rc = store::find_receipt(tx, receipt_id);
    if (!rc) throw unauthenticated("请输入回执码和查询密码");
    auto p = store::find_petition(tx, core::unrestricted_scope(), rc->petition_id);
    if (!p) throw unauthenticated("请输入回执码和查询密码");
    if (core::portal_final_state(p->state)) throw conflict("该举报已办结或已转办，不能再留言");
    // Counted in the same transaction: a refused message stores nothing and
    // writes no audit record.
    if (k_.config().portal.messages_per_hour > 0 && !store::count_portal_message(tx, rc->id, k_.config().portal.messages_per_hour))
      throw Error(429, "too_many_messages",
                  "留言过于频繁，每小时最多 " + std::to_string(k_.config().portal.messages_per_hour) + " 条，请稍后再试");
    store::PetitionMessage m;
    m.petition_id = p->id;
    m.direction = "in";
    m.body_sealed = k_.keys().seal_text(body, "petition_messages.body:" + std::to_string(p->id));
    m.id = store::insert_message(tx, m);
    k_.audit(tx, nullptr, "portal_message", "petition", p->id, {{"number", p->number}});
    return PortalMessage{m.id, "reporter", body, core::iso_utc(tx.now)};
  });
}

PortalFile PortalService::portal_add_evidence(long long receipt_id, const std::string& name, const std::string& bytes) {
  // The receipt first: a stale token stores nothing.
  k_.db().read([&](store::Tx& tx) {
    if (!store::find_receipt(tx, receipt_id)) throw unauthenticated("请输入回执码和查询密码");
    return 0;
  });
  auto f = attachments_.store_evidence_file(name, bytes, "portal");
  return k_.db().write([&](store::Tx& tx) {
    auto rc = store::find_receipt(tx, receipt_id);
    if (!rc) throw unauthenticated("请输入回执码和查询密码");
    auto p = store::find_petition(tx, core::unrestricted_scope(), rc->petition_id);
    if (!p) throw unauthenticated("请输入回执码和查询密码");
    if (core::portal_final_state(p->state)) throw conflict("该举报已办结或已转办，不能再补充材料");
    long long mine = 0;
    for (const auto& e : store::evidence_of(tx, p->id))
      if (e.source == "portal") ++mine;
    if (mine >= k_.config().portal.max_files)
      throw invalid("file", "附件最多 " + std::to_string(k_.config().portal.max_files) + " 个");
    f.petition_id = p->id;
    f.id = store::insert_evidence(tx, f);
    k_.audit(tx, nullptr, "portal_evidence", "petition", p->id, {{"number", p->number}, {"file_id", f.id}});
    auto v = attachments_.evidence_view(f);
    return PortalFile{{v.name, f.size, f.mime}, v.label};
  });
}

}  // namespace funnel::app
