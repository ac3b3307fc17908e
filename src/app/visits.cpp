#include "app/visits.hpp"

#include <boost/json.hpp>
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"
#include "store/users_repo.hpp"
#include "store/visits_repo.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"

namespace funnel::app {

namespace json = boost::json;

namespace {
RosterEntryView roster_view(const store::RosterEntry& e) {
  return {e.id, {e.org_id, e.org_name}, e.day, {e.user_id, e.user_name}, e.note};
}

VisitView visit_view(const store::Visit& v) {
  std::optional<PetitionRef> petition;
  if (v.petition_id) petition = PetitionRef{*v.petition_id, v.petition_number.value_or("")};
  return {v.id,      {v.org_id, v.org_name}, v.kind,    v.day, v.cadres, v.place, petition,
          v.summary, v.outcome,              core::iso_utc(v.created_at)};
}

}  // namespace

PageOf<RosterEntryView> VisitService::list_roster(const Actor& a, const std::optional<long long>& org_id,
                                                  const std::string& from, const std::string& to) {
  k_.require(a, core::Permission::PetitionRead);
  auto f = core::parse_day(from), t = core::parse_day(to);
  if (!f) throw bad_request("应为 YYYY-MM-DD 格式的有效日期", "from");
  if (!t) throw bad_request("应为 YYYY-MM-DD 格式的有效日期", "to");
  if (*t < *f || (*t - *f).count() > 366) throw bad_request("期间应在一年以内且起止有序", "to");
  return k_.db().read([&](store::Tx& tx) {
    PageOf<RosterEntryView> out;
    for (auto& e : store::list_roster(tx, a.scope, org_id, from, to)) out.items.push_back(roster_view(e));
    out.total = static_cast<long long>(out.items.size());
    return out;
  });
}

RosterEntryView VisitService::add_roster(const Actor& a, const std::string& day, long long user_id,
                                         const std::optional<std::string>& note) {
  k_.require(a, core::Permission::PetitionRegister);
  checked_day("day", day, std::nullopt);
  return k_.db().write([&](store::Tx& tx) {
    auto unit = unit_of(tx, a);
    auto u = store::find_user(tx, user_id);
    if (!u || u->org_unit_id != unit.id || core::kUserStatuses.parse(u->status) != core::UserStatus::Active)
      throw invalid("user_id", "值班人员应为本单位在岗用户");
    for (auto& e : store::list_roster(tx, a.scope, unit.id, day, day))
      if (e.user_id == user_id) throw conflict("该人员当日已在值班表中", "user_id");
    store::RosterEntry e;
    e.county_id = *unit.county_id;
    e.org_id = unit.id;
    e.township_id = unit.township_id;
    e.day = day;
    e.user_id = user_id;
    e.note = note;
    e.created_by = a.user.id;
    e.id = store::insert_roster(tx, e);
    k_.audit(tx, &a, "create", "duty_roster", e.id, {{"day", day}, {"user_id", user_id}, {"org_id", unit.id}});
    return roster_view(*store::find_roster(tx, a.scope, e.id));
  });
}

void VisitService::delete_roster(const Actor& a, long long id) {
  k_.require(a, core::Permission::PetitionRegister);
  k_.db().write([&](store::Tx& tx) {
    auto e = store::find_roster(tx, a.scope, id);
    if (!e) throw not_found("值班记录不存在");
    if (!a.user.org_unit_id || e->org_id != *a.user.org_unit_id) throw forbidden("只能修改本单位的值班表");
    store::delete_roster(tx, id);
    k_.audit(tx, &a, "delete", "duty_roster", id, {{"day", e->day}, {"user_id", e->user_id}});
  });
}

PageOf<VisitView> VisitService::list_visits(const Actor& a, const store::VisitFilter& f, const core::Page& page) {
  k_.require(a, core::Permission::PetitionRead);
  return k_.db().read([&](store::Tx& tx) {
    PageOf<VisitView> out;
    for (auto& v : store::list_visits(tx, a.scope, f, page, &out.total)) out.items.push_back(visit_view(v));
    return out;
  });
}

VisitView VisitService::add_visit(const Actor& a, const VisitInput& in) {
  k_.require(a, core::Permission::PetitionRegister);
  if (!core::kVisitKinds.parse(in.kind)) throw invalid("kind", "未知的接访类型");
  return k_.db().write([&](store::Tx& tx) {
    checked_day("day", in.day, core::day_of_ms(tx.now));
    auto unit = unit_of(tx, a);
    check_petition_link(tx, a, in.petition_id);
    store::Visit v;
    v.county_id = *unit.county_id;
    v.org_id = unit.id;
    v.township_id = unit.township_id;
    v.kind = in.kind;
    v.day = in.day;
    v.cadres = core::trim(in.cadres);
    v.place = in.place;
    v.petition_id = in.petition_id;
    v.summary = in.summary;
    v.outcome = in.outcome;
    v.created_by = a.user.id;
    v.id = store::insert_visit(tx, v);
    json::object detail{{"kind", v.kind}, {"day", v.day}};
    if (v.petition_id) detail["petition_id"] = *v.petition_id;
    k_.audit(tx, &a, "create", "visit", v.id, detail);
    store::VisitFilter f;
    f.id = v.id;
    return visit_view(store::list_visits(tx, a.scope, f, core::Page{1, 1}, nullptr).at(0));
  });
}

}  // namespace funnel::app
