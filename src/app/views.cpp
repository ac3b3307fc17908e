#include "app/views.hpp"

#include "app/kernel.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include "core/clue.hpp"
#include "core/error.hpp"
#include "core/petition.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "core/access.hpp"
#include "files/evidence.hpp"

namespace funnel::app {

namespace json = boost::json;

json::value opt(const std::optional<long long>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::value opt_time(const std::optional<long long>& v) {
  return v ? json::value(core::iso_utc(*v)) : json::value(nullptr);
}

UserView user_view(const core::User& u) {
  UserView v{u.id,
             u.username,
             u.display_name,
             u.org_unit_id,
             u.org_unit_name,
             u.role,
             u.data_scope,
             u.status,
             u.locked,
             u.must_change_password != 0,
             core::iso_utc(u.created_at),
             std::nullopt};
  if (u.last_login_at) v.last_login_at = core::iso_utc(*u.last_login_at);
  return v;
}

json::object to_json(const core::User& u) { return json::value_from(user_view(u)).as_object(); }

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

std::optional<DeadlineView> deadline_view(const Kernel& k, const std::optional<core::Deadline>& d) {
  if (!d) return std::nullopt;
  const auto* t = d->limit.empty() ? nullptr : k.find_time_limit(d->limit);
  return DeadlineView{d->limit,
                      t ? t->label : "",
                      t ? t->basis : "",
                      t && t->local,
                      d->start,
                      d->due,
                      d->working_days_left,
                      d->extensions,
                      std::string(core::deadline_status_code(d->status)),
                      d->provisional};
}

json::value deadline_json(const Kernel& k, const std::optional<core::Deadline>& d) {
  return json::value_from(deadline_view(k, d));
}

PersonView person_view(const core::ReportedPerson& rp) {
  return {rp.person.id,
          rp.person.name,
          rp.person.unit_name,
          rp.person.post,
          rp.person.cadre_level,
          rp.person.party_member != 0,
          rp.person.public_official != 0,
          rp.county_department != 0,
          rp.township_discipline_staff != 0,
          rp.township_party_secretary != 0};
}

}  // namespace funnel::app
