// /api/v1/clues, /clue-funnel, /clue-warnings: problem clues (CL-1, CL-3, CL-4)
#include <boost/json.hpp>
#include "app/clues.hpp"
#include "core/clue.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/views_json.hpp"
#include "http/queries.hpp"
#include "http/router.hpp"

namespace funnel::http {

void add_clues_routes(Router& r, app::ClueService* s) {
  r.add("GET", "/api/v1/clues", "clue:read", Access::Session, [s](Ctx& c) {
    auto f = read_clue_filter(c);
    return view_response(200, s->list_clues(c.who(), f, c.q_bool("overdue").value_or(false), c.page()));
  });
  r.add("POST", "/api/v1/clues", "clue:register", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    app::ClueInput p;
    p.source = in.str("source", 32);
    p.petition_id = in.opt_id("petition_id");
    p.summary = in.str("summary", 100);
    p.content = in.str("content", 20000);
    p.category = in.str("category", 64);
    p.township_id = in.opt_id("township_id");
    p.received_day = in.str("received_day", 10);
    p.persons = read_persons(in);
    p.difficult = in.bool_or("difficult", false);
    p.cross_township = in.bool_or("cross_township", false);
    p.needs_county_strength = in.bool_or("needs_county_strength", false);
    in.done();
    return view_response(201, s->register_clue(c.who(), p));
  });
  r.add("GET", "/api/v1/clues/{id}", "clue:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->get_clue(c.who(), c.id_param())); });
  r.add("GET", "/api/v1/clues/{id}/dispatch-proposal", "clue:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->clue_dispatch_proposal(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/clues/{id}/actions", "clue:dispatch|clue:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    app::ClueActionInput a;
    a.action = in.str("action", 32);
    a.reason = in.opt_str("reason", 500);
    a.note = in.opt_str("note", 2000);
    a.mode = in.opt_str("mode", 32);
    a.lead_org_id = in.opt_id("lead_org_id");
    a.assist_org_id = in.opt_id("assist_org_id");
    a.method = in.opt_str("method", 32);
    a.plan = in.opt_str("plan", 5000);
    a.review_day = in.opt_str("review_day", 10);
    a.outcome = in.opt_str("outcome", 32);
    in.done();
    return view_response(200, s->act_on_clue(c.who(), id, a));
  });
  r.add("POST", "/api/v1/clues/{id}/records", "clue:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    app::ClueRecordInput rec;
    rec.kind = in.str("kind", 32);
    rec.day = in.str("day", 10);
    rec.text = in.str("text", 20000);
    rec.evaluation = in.opt_str("evaluation", 2000);
    in.done();
    return view_response(201, s->add_clue_record(c.who(), id, rec));
  });

  r.add("GET", "/api/v1/clue-funnel", "clue:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->clue_funnel(c.who(), c.q_day("from"), c.q_day("to"))); });
  r.add("GET", "/api/v1/clue-warnings", "clue:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->clue_warnings(c.who(), c.page(500, 500))); });

}

}  // namespace funnel::http
