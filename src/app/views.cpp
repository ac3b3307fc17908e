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
