// /api/v1/dicts, /categories, /time-limits, /calendar: reference data every page needs
#include <boost/json.hpp>
#include <cctype>
#include "app/reference.hpp"
#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace funnel::http {

namespace json = boost::json;

namespace json = boost::json;

namespace {
json::object limit_json(const core::TimeLimit& t) {
  return {{"code", t.code},
          {"label", t.label},
          {"amount", t.amount},
          {"unit", core::limit_unit_code(t.unit)},
          {"moves_to_working_day", t.unit == core::LimitUnit::WorkingDays ? false : t.moves_to_working_day},
          {"basis", t.basis},
          {"local", t.local}};
}
}  // namespace

namespace json = boost::json;

void add_reference_routes(Router& r, app::ReferenceService* s) {
  r.add("GET", "/api/v1/dicts", "session", Access::Session,
        [s](Ctx& c) { return json_response(200, s->dictionaries()); });
  r.add("GET", "/api/v1/time-limits", "signed_in", Access::Session, [s](Ctx& c) {
    json::array items;
    for (auto& t : s->time_limits()) items.push_back(limit_json(t));
    auto n = static_cast<long long>(items.size());
    return json_response(200, json::object{{"items", items}, {"total", n}});
  });
  // Registered before /calendar/{year} so that "due" is not read as a year.
  r.add("GET", "/api/v1/calendar/due", "signed_in", Access::Session, [s](Ctx& c) {
    auto limit = c.q("limit");
    if (!limit) throw bad_request("缺少时限规则", "limit");
    auto start = c.q("start");
    if (!start) throw bad_request("缺少起算日期", "start");
    auto d = s->compute_due(*limit, *start);
    return json_response(200, json::object{{"limit", limit_json(d.limit)},
                                           {"start", core::format_day(d.start)},
                                           {"due", core::format_day(d.due)},
                                           {"provisional", d.provisional}});
  });
  r.add("GET", "/api/v1/calendar/{year}", "signed_in", Access::Session, [s](Ctx& c) {
    auto it = c.params.find("year");
    if (it == c.params.end() || it->second.size() != 4 || !core::all_digits(it->second)) throw not_found();
    int year = std::stoi(it->second);
    if (year < 1900) throw not_found();
    json::array days;
    for (auto& s : s->calendar().specials_of(year))
      days.push_back(json::object{{"date", core::format_day(s.day)}, {"kind", s.working ? "work" : "off"}, {"name", s.name}});
    return json_response(200, json::object{{"year", year}, {"covered", s->calendar().years().count(year) > 0},
                                           {"days", days}});
  });
  r.add("GET", "/api/v1/categories", "signed_in", Access::Session,
        [s](Ctx& c) { return json_response(200, s->catalogue().doc); });
}

}  // namespace funnel::http
