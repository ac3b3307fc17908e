// /api/v1/execution-tasks, /cases/{id}/execution-tasks/{task}/…: the
// execution of decisions and the county-wide list of open tasks (issue 19, CA-7)
#include "app/case_execution.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

void add_case_execution_routes(Router& r, app::CaseExecutionService* s) {
  r.add("GET", "/api/v1/execution-tasks", "case:read", Access::Session, [s](Ctx& c) {
    app::ExecutionListQuery q;
    q.status = c.q("status");
    if (q.status && *q.status != "open" && *q.status != "overdue" && *q.status != "closed")
      throw bad_request("应为 open、overdue 或 closed", "status");
    q.kind = q_code(c, "kind", core::kExecutionKinds);
    q.unit_id = c.q_id("unit_id");
    return view_response(200, s->list_tasks(c.who(), q, c.page()));
  });
  r.add("GET", "/api/v1/execution-tasks/summary", "case:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->summary(c.who())); });
  r.add("POST", "/api/v1/cases/{id}/execution-tasks/{task}/close", "case:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    auto task = c.id_param("task");
    JsonIn in(c.req.body);
    app::ExecutionCloseInput x;
    x.done_on = in.opt_str("done_on", 10);
    for (auto& e : in.obj_list("evidence", 10)) {
      core::EvidenceInput v;
      v.kind = e.opt_str("kind", 32);
      v.ref = e.opt_str("ref", 200);
      v.note = e.opt_str("note", 1000);
      e.done();
      x.evidence.push_back(std::move(v));
    }
    in.done();
    return view_response(200, s->close_task(c.who(), id, task, x));
  });
  r.add("POST", "/api/v1/cases/{id}/execution-tasks/{task}/extend", "case:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    auto task = c.id_param("task");
    JsonIn in(c.req.body);
    app::ExecutionExtendInput x;
    x.due_day = in.opt_str("due_day", 10);
    x.approval_ref = in.opt_str("approval_ref", 100);
    in.done();
    return view_response(200, s->extend_task(c.who(), id, task, x));
  });
}

}  // namespace funnel::http
