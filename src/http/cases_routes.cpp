// /api/v1/cases, /case-warnings: filing, its approval chain, the investigation, the transfer to trial and
// the warnings of the case clocks (CA-1)
#include "app/cases.hpp"
#include "core/case.hpp"
#include "core/deadline.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/queries.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace {
app::CaseListQuery read_case_query(Ctx& c) {
  app::CaseListQuery q;
  q.filter.state = q_code(c, "state", core::kCaseStates);
  q.filter.lead_org_id = c.q_id("lead_org_id");
  if (auto y = c.q_id("year")) {
    if (*y < 2000 || *y > 2100) throw bad_request("应为年份", "year");
    q.filter.year = static_cast<int>(*y);
  }
  q.filter.person = c.q("person");
  q.deadline = c.q("deadline");
  if (q.deadline && *q.deadline != "overdue" && *q.deadline != "due_soon")
    throw bad_request("应为 overdue 或 due_soon", "deadline");
  q.filter.extension_pending = c.q_bool("extension_pending").value_or(false);
  return q;
}
}  // namespace

void add_cases_routes(Router& r, app::CaseService* s) {
  r.add("GET", "/api/v1/cases", "case:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_cases(c.who(), read_case_query(c), c.page())); });
  r.add("POST", "/api/v1/cases", "case:file", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    app::CaseInput p;
    p.source = in.str("source", 32);
    p.clue_id = in.opt_id("clue_id");
    p.person_id = in.opt_id("person_id");
    if (auto person = in.opt_obj("person")) p.person = read_person(*person);
    p.source_organ = in.opt_str("source_organ", 100);
    p.source_ref = in.opt_str("source_ref", 200);
    p.supervised_category = in.opt_str("supervised_category", 32);
    p.violations = in.str_list("violations", 8, 32);
    p.mode = in.opt_str("mode", 32);
    p.summary = in.opt_str("summary", 20000);
    p.township_id = in.opt_id("township_id");
    p.assist_org_id = in.opt_id("assist_org_id");
    in.done();
    return view_response(201, s->file_case(c.who(), p));
  });
  r.add("GET", "/api/v1/cases/{id}", "case:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->get_case(c.who(), c.id_param())); });
  r.audited_read("GET", "/api/v1/cases/{id}");
  r.add("POST", "/api/v1/cases/{id}/actions", "case:handle|case:try", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    app::CaseActionInput a;
    a.action = in.str("action", 32);
    a.reason = in.opt_str("reason", 500);
    a.note = in.opt_str("note", 2000);
    a.approval_ref = in.opt_str("approval_ref", 100);
    a.plan = in.opt_str("plan", 5000);
    a.team = in.opt_id_list("team", 20);
    a.measure = in.opt_str("measure", 32);
    a.day = in.opt_str("day", 10);
    a.approved_by = in.opt_str("approved_by", 32);
    a.started_at = in.opt_id("started_at");
    a.people = in.opt_id_list("people", 20);
    a.amount = in.opt_int("amount", 1, 1000);
    a.measure_id = in.opt_id("measure_id");
    a.approved = in.opt_bool("approved");
    a.signed_by_person = in.opt_bool("signed");
    a.refusal_note = in.opt_str("refusal_note", 500);
    a.report = in.opt_str("report", 20000);
    a.triers = in.opt_id_list("triers", 20);
    a.file_items = in.str_list("file_items", 20, 32);
    a.trial_report = in.opt_str("trial_report", 50000);
    a.deliberation = in.opt_str("deliberation", 20000);
    for (auto& o : in.obj_list("outcomes", 10)) {
      app::DecisionOutcomeInput x;
      x.outcome = o.str("outcome", 32);
      x.period = o.opt_int("period", 1, 1000);
      x.deciding_organ = o.opt_str("deciding_organ", 32);
      o.done();
      a.outcomes.push_back(std::move(x));
    }
    a.deciding_organ = in.opt_str("deciding_organ", 32);
    a.decided_on = in.opt_str("decided_on", 10);
    a.decision_ref = in.opt_str("decision_ref", 100);
    a.simple_case = in.opt_bool("simple_case");
    if (auto v = in.opt_int("recovery_amount", 1, 2'000'000'000)) a.recovery_amount = *v;
    in.done();
    return view_response(200, s->act_on_case(c.who(), id, a));
  });
  r.add("POST", "/api/v1/cases/{id}/measures/{measure}/end", "case:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    auto measure = c.id_param("measure");
    JsonIn in(c.req.body);
    auto day = in.str("day", 10);
    auto returned = in.opt_str("returned_day", 10);
    in.done();
    return view_response(200, s->end_measure(c.who(), id, measure, day, returned));
  });
  r.add("GET", "/api/v1/cases/{id}/team-candidates", "case:read", Access::Session,
        [s](Ctx& c) {
          auto purpose = c.q("purpose");
          if (purpose && *purpose != "investigation" && *purpose != "trial")
            throw bad_request("应为 investigation 或 trial", "purpose");
          return view_response(200, s->team_candidates(c.who(), c.id_param(), purpose == "trial"));
        });
  r.add("POST", "/api/v1/cases/{id}/measures/{measure}/notice", "case:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    auto measure = c.id_param("measure");
    JsonIn in(c.req.body);
    app::CaseNoticeInput n;
    n.notified_at = in.opt_id("notified_at");
    n.withheld_reason = in.opt_str("withheld_reason", 500);
    in.done();
    return view_response(200, s->record_notice(c.who(), id, measure, n));
  });
  r.add("POST", "/api/v1/cases/{id}/measures/{measure}/return", "case:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    auto measure = c.id_param("measure");
    JsonIn in(c.req.body);
    auto day = in.str("day", 10);
    in.done();
    return view_response(200, s->record_return(c.who(), id, measure, day));
  });
  // 预警 of the case clocks, paged with the true total (up to 500 a page).
  r.add("GET", "/api/v1/case-warnings", "case:read", Access::Session, [s](Ctx& c) {
    auto code = q_code(c, "code", core::kCaseWarnings);
    return view_response(200, s->case_warnings(c.who(), code, c.q_bool("include_acknowledged").value_or(false),
                                                  c.page(500, 500)));
  });
  r.add("POST", "/api/v1/case-warnings/acknowledgements", "case:handle", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    auto id = in.id("case_id");
    auto code = in.str("code", 32);
    auto occurrence = in.str("occurrence", 64);
    auto note = in.opt_str("note", 500);
    in.done();
    return view_response(200, s->acknowledge_case_warning(c.who(), id, code, occurrence, note));
  });
}

}  // namespace funnel::http
