// /api/v1/guidance: county rooms' guidance of their linked townships (CA-8)
#include <boost/json.hpp>
#include "app/guidance.hpp"
#include "core/error.hpp"
#include "core/guidance.hpp"
#include "http/json_io.hpp"
#include "http/queries.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

void add_guidance_routes(Router& r, app::GuidanceService* s) {
  r.add("GET", "/api/v1/guidance", "case:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_guidance(c.who(), read_guidance_filter(c), c.page())); });
  r.add("POST", "/api/v1/guidance", "guidance:write", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    app::GuidanceInput v;
    v.township_id = in.id("township_id");
    v.kind = in.str("kind", 32);
    v.day = in.str("day", 10);
    v.subject = in.str("subject", 200);
    v.content = in.str("content", 20000);
    v.attendees = in.str("attendees", 1000);
    v.case_id = in.opt_id("case_id");
    in.done();
    return view_response(201, s->add_guidance(c.who(), v));
  });
  r.add("GET", "/api/v1/guidance/{id}", "case:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->get_guidance(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/guidance/{id}/tasks", "guidance:write", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    app::GuidanceTaskInput v;
    v.owner_id = in.id("owner_id");
    v.description = in.str("description", 2000);
    v.due_day = in.str("due_day", 10);
    in.done();
    return view_response(201, s->add_guidance_task(c.who(), c.id_param(), v));
  });
  // The task's owner (a township cadre, say) closes it: case:read, the rest is the service's.
  r.add("POST", "/api/v1/guidance/{id}/tasks/{task}/close", "case:read", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    app::GuidanceCloseInput v;
    v.closed_day = in.str("closed_day", 10);
    v.closing_note = in.str("closing_note", 2000);
    in.done();
    return view_response(200, s->close_guidance_task(c.who(), c.id_param(), c.id_param("task"), v));
  });
}

}  // namespace funnel::http
