// /api/v1/duty-roster, /api/v1/visits (三访合一, IN-4), /api/v1/screenings
// (排查化解) and /api/v1/petition-stats (分析研判, IN-5)
#include <boost/json.hpp>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/petition.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_visit_routes(Router& r) {
  r.add("GET", "/api/v1/duty-roster", "petition:read", Access::Session, [](Ctx& c) {
    auto from = c.q("from"), to = c.q("to");
    if (!from) throw bad_request("请给出起始日期", "from");
    if (!to) throw bad_request("请给出截止日期", "to");
    return json_response(200, c.app.list_roster(c.who(), c.q_id("org_id"), *from, *to));
  });
  r.add("POST", "/api/v1/duty-roster", "petition:register", Access::Session, [](Ctx& c) {
    JsonIn in(c.req.body);
    auto day = in.str("day", 10);
    auto user = in.id("user_id");
    auto note = in.opt_str("note", 200);
    in.done();
    return json_response(201, c.app.add_roster(c.who(), day, user, note));
  });
  r.add("DELETE", "/api/v1/duty-roster/{id}", "petition:register", Access::Session, [](Ctx& c) {
    c.app.delete_roster(c.who(), c.id_param());
    return json_response(200, json::object{});
  });
  r.add("GET", "/api/v1/visits", "petition:read", Access::Session, [](Ctx& c) {
    store::VisitFilter f;
    f.kind = c.q("kind");
    if (f.kind && !core::kVisitKinds.parse(*f.kind)) throw bad_request("未知的取值", "kind");
    f.from = c.q_day("from");
    f.to = c.q_day("to");
    f.petition_id = c.q_id("petition_id");
    return json_response(200, c.app.list_visits(c.who(), f, c.page()));
  });
  r.add("POST", "/api/v1/visits", "petition:register", Access::Session, [](Ctx& c) {
    JsonIn in(c.req.body);
    app::VisitInput v;
    v.kind = in.str("kind", 16);
    v.day = in.str("day", 10);
    v.cadres = in.str("cadres", 100);
    v.place = in.opt_str("place", 100);
    v.petition_id = in.opt_id("petition_id");
    v.summary = in.str("summary", 2000);
    v.outcome = in.opt_str("outcome", 2000);
    in.done();
    return json_response(201, c.app.add_visit(c.who(), v));
  });
  r.add("GET", "/api/v1/screenings", "petition:read", Access::Session, [](Ctx& c) {
    auto outcome = c.q("outcome");
    if (outcome && !core::kScreeningOutcomes.parse(*outcome)) throw bad_request("未知的取值", "outcome");
    return json_response(200, c.app.list_screenings(c.who(), c.q("period"), outcome, c.page()));
  });
  r.add("POST", "/api/v1/screenings", "petition:register", Access::Session, [](Ctx& c) {
    JsonIn in(c.req.body);
    app::ScreeningInput s;
    s.period = in.str("period", 7);
    s.petition_id = in.opt_id("petition_id");
    s.matter = in.str("matter", 2000);
    s.risk_level = in.str("risk_level", 16);
    s.measures = in.str("measures", 2000);
    s.responsible = in.str("responsible", 64);
    s.outcome = in.str("outcome", 16);
    s.outcome_note = in.opt_str("outcome_note", 2000);
    in.done();
    return json_response(201, c.app.add_screening(c.who(), s));
  });
  r.add("POST", "/api/v1/screenings/{id}/outcome", "petition:register", Access::Session, [](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    auto outcome = in.str("outcome", 16);
    auto note = in.opt_str("outcome_note", 2000);
    in.done();
    return json_response(200, c.app.set_screening_outcome(c.who(), id, outcome, note));
  });
  r.add("GET", "/api/v1/petition-stats", "petition:read", Access::Session, [](Ctx& c) {
    auto y = c.q("year");
    int year = 0;
    if (!y || y->size() != 4 || y->find_first_not_of("0123456789") != std::string::npos)
      throw bad_request("应为四位年份", "year");
    year = std::stoi(*y);
    return json_response(200, c.app.petition_stats(c.who(), year, c.q("dimension").value_or("channel")));
  });
}

}  // namespace funnel::http
