// /api/v1/clue-reports: 线索月报 (CL-2)
#include <boost/json.hpp>
#include "app/clue_reports.hpp"
#include "core/clue.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/queries.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

void add_clue_reports_routes(Router& r, app::ClueReportService* s) {
  r.add("GET", "/api/v1/clue-reports", "clue:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_clue_reports(c.who(), q_month(c))); });
  r.add("GET", "/api/v1/clue-reports/live", "clue:read", Access::Session, [s](Ctx& c) {
    auto t = c.q_id("township_id");
    if (!t) throw bad_request("请指定乡镇", "township_id");
    return view_response(200, s->live_clue_report(c.who(), *t, q_month(c)));
  });
  r.add("POST", "/api/v1/clue-reports", "clue_report:submit", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    auto t = in.id("township_id");
    auto month = in.str("month", 7);
    auto note = in.opt_str("note", 2000);
    in.done();
    return view_response(201, s->submit_clue_report(c.who(), t, month, note));
  });
  r.add("GET", "/api/v1/clue-reports/{id}", "clue:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->get_clue_report(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/clue-reports/{id}/acknowledge", "clue_report:review", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    in.done();
    return view_response(200, s->acknowledge_clue_report(c.who(), id));
  });
  r.add("POST", "/api/v1/clue-reports/{id}/return", "clue_report:review", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    auto reason = in.str("reason", 500);
    in.done();
    return view_response(200, s->return_clue_report(c.who(), id, reason));
  });

}

}  // namespace funnel::http
