// /api/v1/clues, /api/v1/clue-reports, /api/v1/clue-reviews, /api/v1/clue-funnel,
// /api/v1/clue-warnings, /api/v1/ledgers/clues.xlsx, /api/v1/ledgers/clue-reports.xlsx
// (问题线索, CL-1 … CL-5)
#include <boost/json.hpp>

#include "core/clue.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace funnel::http {

namespace {
store::ClueFilter read_clue_filter(Ctx& c) {
  store::ClueFilter f;
  f.state = q_code(c, "state", core::kClueStates);
  f.mode = q_code(c, "mode", core::kDispatchModes);
  f.method = q_code(c, "method", core::kDisposalMethods);
  f.source = q_code(c, "source", core::kClueSources);
  f.category = c.q("category");
  f.township_id = c.q_id("township_id");
  f.lead_org_id = c.q_id("lead_org_id");
  f.petition_id = c.q_id("petition_id");
  f.received_from = c.q_day("received_from");
  f.received_to = c.q_day("received_to");
  f.q = c.q("q");
  return f;
}

std::string q_month(Ctx& c) {
  auto m = c.q("month");
  if (!m) throw bad_request("请指定月份", "month");
  if (!core::parse_month(*m)) throw bad_request("应为 YYYY-MM 格式的月份", "month");
  return *m;
}
}  // namespace

void add_clue_routes(Router& r) {
  r.add("GET", "/api/v1/clues", "clue:read", Access::Session, [](Ctx& c) {
    auto f = read_clue_filter(c);
    return json_response(200, c.app.list_clues(c.who(), f, c.q_bool("overdue").value_or(false), c.page()));
  });
  r.add("POST", "/api/v1/clues", "clue:register", Access::Session, [](Ctx& c) {
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
    return json_response(201, c.app.register_clue(c.who(), p));
  });
  r.add("GET", "/api/v1/clues/{id}", "clue:read", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.get_clue(c.who(), c.id_param())); });
  r.add("GET", "/api/v1/clues/{id}/dispatch-proposal", "clue:read", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.clue_dispatch_proposal(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/clues/{id}/actions", "clue:dispatch|clue:handle", Access::Session, [](Ctx& c) {
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
    return json_response(200, c.app.act_on_clue(c.who(), id, a));
  });
  r.add("POST", "/api/v1/clues/{id}/records", "clue:handle", Access::Session, [](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    app::ClueRecordInput rec;
    rec.kind = in.str("kind", 32);
    rec.day = in.str("day", 10);
    rec.text = in.str("text", 20000);
    rec.evaluation = in.opt_str("evaluation", 2000);
    in.done();
    return json_response(201, c.app.add_clue_record(c.who(), id, rec));
  });

  r.add("GET", "/api/v1/clue-reports", "clue:read", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.list_clue_reports(c.who(), q_month(c))); });
  r.add("GET", "/api/v1/clue-reports/live", "clue:read", Access::Session, [](Ctx& c) {
    auto t = c.q_id("township_id");
    if (!t) throw bad_request("请指定乡镇", "township_id");
    return json_response(200, c.app.live_clue_report(c.who(), *t, q_month(c)));
  });
  r.add("POST", "/api/v1/clue-reports", "clue_report:submit", Access::Session, [](Ctx& c) {
    JsonIn in(c.req.body);
    auto t = in.id("township_id");
    auto month = in.str("month", 7);
    auto note = in.opt_str("note", 2000);
    in.done();
    return json_response(201, c.app.submit_clue_report(c.who(), t, month, note));
  });
  r.add("GET", "/api/v1/clue-reports/{id}", "clue:read", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.get_clue_report(c.who(), c.id_param())); });
  r.add("POST", "/api/v1/clue-reports/{id}/acknowledge", "clue_report:review", Access::Session, [](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    in.done();
    return json_response(200, c.app.acknowledge_clue_report(c.who(), id));
  });
  r.add("POST", "/api/v1/clue-reports/{id}/return", "clue_report:review", Access::Session, [](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    auto reason = in.str("reason", 500);
    in.done();
    return json_response(200, c.app.return_clue_report(c.who(), id, reason));
  });

  r.add("GET", "/api/v1/clue-reviews", "clue:read", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.list_clue_reviews(c.who(), c.page())); });
  r.add("POST", "/api/v1/clue-reviews", "clue:dispatch|clue:handle", Access::Session, [](Ctx& c) {
    JsonIn in(c.req.body);
    app::ClueReviewInput v;
    v.held_day = in.str("held_day", 10);
    v.title = in.str("title", 100);
    v.attendees = in.str("attendees", 1000);
    v.note = in.opt_str("note", 5000);
    for (auto& i : in.obj_list("items", 200)) {
      app::ClueReviewInput::Item item;
      item.clue_id = i.id("clue_id");
      item.decision = i.str("decision", 32);
      item.note = i.opt_str("note", 1000);
      i.done();
      v.items.push_back(item);
    }
    in.done();
    return json_response(201, c.app.add_clue_review(c.who(), v));
  });
  r.add("GET", "/api/v1/clue-reviews/{id}", "clue:read", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.get_clue_review(c.who(), c.id_param())); });

  r.add("GET", "/api/v1/clue-funnel", "clue:read", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.clue_funnel(c.who(), c.q_day("from"), c.q_day("to"))); });
  r.add("GET", "/api/v1/clue-warnings", "clue:read", Access::Session,
        [](Ctx& c) { return json_response(200, c.app.clue_warnings(c.who(), c.page(500, 500))); });

  r.add("GET", "/api/v1/ledgers/clues.xlsx", "clue:read", Access::Session, [](Ctx& c) {
    auto f = read_clue_filter(c);
    auto x = c.app.export_clue_ledger(c.who(), f, c.q_bool("overdue").value_or(false));
    return xlsx_response(std::move(x.bytes), "clues.xlsx", x.filename, x.rows);
  });
  r.offload("GET", "/api/v1/ledgers/clues.xlsx");
  r.add("GET", "/api/v1/ledgers/clue-reports.xlsx", "clue:read", Access::Session, [](Ctx& c) {
    auto x = c.app.export_clue_report_ledger(c.who(), q_month(c));
    return xlsx_response(std::move(x.bytes), "clue-reports.xlsx", x.filename, x.rows);
  });
  r.offload("GET", "/api/v1/ledgers/clue-reports.xlsx");
}

}  // namespace funnel::http
