// /api/v1/duty-roster and /api/v1/visits: 三访合一 (IN-4)
#include <boost/json.hpp>
#include "app/visits.hpp"
#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/petition.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace json = boost::json;

void add_visits_routes(Router& r, app::VisitService* s) {
  r.add("GET", "/api/v1/duty-roster", "petition:read", Access::Session, [s](Ctx& c) {
    auto from = c.q("from"), to = c.q("to");
    if (!from) throw bad_request("请给出起始日期", "from");
    if (!to) throw bad_request("请给出截止日期", "to");
    return view_response(200, s->list_roster(c.who(), c.q_id("org_id"), *from, *to));
  });
  r.add("POST", "/api/v1/duty-roster", "petition:register", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    auto day = in.str("day", 10);
    auto user = in.id("user_id");
    auto note = in.opt_str("note", 200);
    in.done();
    return view_response(201, s->add_roster(c.who(), day, user, note));
  });
  r.add("DELETE", "/api/v1/duty-roster/{id}", "petition:register", Access::Session, [s](Ctx& c) {
    s->delete_roster(c.who(), c.id_param());
    return json_response(200, json::object{});
  });
  r.add("GET", "/api/v1/visits", "petition:read", Access::Session, [s](Ctx& c) {
    store::VisitFilter f;
    f.kind = c.q("kind");
    if (f.kind && !core::kVisitKinds.parse(*f.kind)) throw bad_request("未知的取值", "kind");
    f.from = c.q_day("from");
    f.to = c.q_day("to");
    f.petition_id = c.q_id("petition_id");
    return view_response(200, s->list_visits(c.who(), f, c.page()));
  });
  r.add("POST", "/api/v1/visits", "petition:register", Access::Session, [s](Ctx& c) {
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
    return view_response(201, s->add_visit(c.who(), v));
  });
}

}  // namespace funnel::http
