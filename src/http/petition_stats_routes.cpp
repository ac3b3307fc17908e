// /api/v1/petition-stats: 分析研判 (IN-5)
#include <boost/json.hpp>
#include "app/petition_stats.hpp"
#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/petition.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_petition_stats_routes(Router& r, app::PetitionStatsService* s) {
  r.add("GET", "/api/v1/petition-stats", "petition:read", Access::Session, [s](Ctx& c) {
    auto y = c.q("year");
    int year = 0;
    if (!y || y->size() != 4 || y->find_first_not_of("0123456789") != std::string::npos)
      throw bad_request("应为四位年份", "year");
    year = std::stoi(*y);
    return view_response(200, s->petition_stats(c.who(), year, c.q("dimension").value_or("channel")));
  });
}

}  // namespace funnel::http
