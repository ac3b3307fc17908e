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
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_reference_routes(Router& r, app::ReferenceService* s) {
  r.add("GET", "/api/v1/dicts", "session", Access::Session,
        [s](Ctx& c) { return json_response(200, s->dictionaries()); });
  r.add("GET", "/api/v1/time-limits", "signed_in", Access::Session,
        [s](Ctx& c) { return view_response(200, s->time_limits()); });
  // Registered before /calendar/{year} so that "due" is not read as a year.
  r.add("GET", "/api/v1/calendar/due", "signed_in", Access::Session, [s](Ctx& c) {
    auto limit = c.q("limit");
    if (!limit) throw bad_request("缺少时限规则", "limit");
    auto start = c.q("start");
    if (!start) throw bad_request("缺少起算日期", "start");
    return view_response(200, s->compute_due(*limit, *start));
  });
  r.add("GET", "/api/v1/calendar/{year}", "signed_in", Access::Session, [s](Ctx& c) {
    auto it = c.params.find("year");
    if (it == c.params.end() || it->second.size() != 4 || !core::all_digits(it->second)) throw not_found();
    int year = std::stoi(it->second);
    if (year < 1900) throw not_found();
    return view_response(200, s->calendar_year(year));
  });
  r.add("GET", "/api/v1/categories", "signed_in", Access::Session,
        [s](Ctx& c) { return json_response(200, s->catalogue().doc); });
}

}  // namespace funnel::http
