#include "app/case_execution.hpp"

#include <boost/json.hpp>

#include "app/workflow.hpp"
#include "core/access.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "store/cases_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

namespace {

constexpr const char* kNotFound = "案件不存在或不在本人数据范围内";
constexpr const char* kTaskNotFound = "执行任务不存在";

bool township_unit(const core::Case& c) { return c.mode == core::kDispatchModes.code(core::DispatchMode::Township); }

bool may_record(const Actor& a, const core::Case& c, const store::ExecutionTaskRow& t) {
  return core::has_permission(a.role, core::Permission::CaseHandle) &&
         core::may_record_execution(a.role, a.user.org_unit_id, t.unit_id, township_unit(c), c.lead_org_id);
}

std::vector<ExecutionEvidenceView> parse_evidence(const std::optional<std::string>& text) {
  std::vector<ExecutionEvidenceView> out;
  if (!text) return out;
  boost::system::error_code ec;
  auto v = json::parse(*text, ec);
  if (ec || !v.is_array()) return out;
  for (auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    auto& o = e.as_object();
    ExecutionEvidenceView x;
    if (auto* k = o.if_contains("kind"); k && k->is_string()) x.kind = std::string(k->as_string());
    if (auto* r = o.if_contains("ref"); r && r->is_string()) x.ref = std::string(r->as_string());
    if (auto* n = o.if_contains("note"); n && n->is_string()) x.note = std::string(n->as_string());
    out.push_back(std::move(x));
  }
  return out;
}

template <class V>
void fill_view(const Kernel& k, const store::ExecutionTaskRow& t, core::Day today, V& v) {
  v.id = t.id;
  v.case_id = t.case_id;
  v.kind = t.kind;
  v.limit = t.limit_code;
  if (const auto* l = k.find_time_limit(t.limit_code)) v.basis = l->basis;
  if (auto kind = core::kExecutionKinds.parse(t.kind)) {
    const auto& rule = core::execution_rule(*kind);
    v.label = std::string(rule.label);
    for (auto e : rule.evidence) v.evidence_required.emplace_back(core::kExecutionEvidence.code(e));
  }
  v.decision_ref = t.decision_ref;
  v.decided_on = t.decided_day;
  v.due_day = t.due_day;
  v.max_due_day = t.max_due_day;
  v.extension_ref = t.extension_ref;
  v.amount = t.amount;
  v.unit_id = t.unit_id;
  v.unit_name = t.unit_name;
  v.closed_on = t.closed_on;
  v.closed_by_name = t.closed_by_name;
  v.evidence = parse_evidence(t.evidence);
  const auto due = core::parse_day(t.due_day);
  std::optional<core::Day> closed;
  if (t.closed_on) closed = core::parse_day(*t.closed_on);
  if (!due) return;
  const auto soon = k.calendar().add_working_days(today, std::max(k.catalogue().due_soon_working_days, 0));
  const auto st = core::execution_status(closed, *due, today, soon);
  v.status = std::string(core::kExecutionStatuses.code(st));
  v.overdue = st == core::ExecutionStatus::Overdue;
  const auto end = closed ? *closed : today;
  if (end > *due && (v.overdue || st == core::ExecutionStatus::DoneLate))
    v.days_overdue = static_cast<int>((end - *due).count());
}

}  // namespace

void create_execution_tasks(store::Tx& tx, const Kernel& k, const core::Case& c,
                            const std::vector<core::Outcome>& outcomes, core::Day decided,
                            const std::optional<core::Day>& influence_until, const std::string& decision_ref,
                            const std::optional<long long>& recovery_amount) {
  core::ExecutionPlanInput in{outcomes, decided, influence_until, recovery_amount.has_value()};
  const auto planned =
      core::plan_execution(in, k.calendar(), [&](std::string_view code) { return k.find_time_limit(code); });
  for (auto& p : planned) store::insert_execution_task(tx, execution_task_row(c, p, decided, decision_ref, recovery_amount));
}

store::ExecutionTaskRow execution_task_row(const core::Case& c, const core::PlannedTask& p, core::Day decided,
                                           const std::string& decision_ref,
                                           const std::optional<long long>& recovery_amount) {
  store::ExecutionTaskRow t;
  t.case_id = c.id;
  t.county_id = c.county_id;
  t.unit_id = c.lead_org_id;
  t.kind = std::string(core::kExecutionKinds.code(p.kind));
  t.decision_ref = decision_ref;
  t.decided_day = core::format_day(decided);
  t.limit_code = p.limit_code;
  t.due_day = core::format_day(p.due);
  if (p.max_due) t.max_due_day = core::format_day(*p.max_due);
  if (p.kind == core::ExecutionKind::Recovery) t.amount = recovery_amount;
  return t;
}

std::vector<ExecutionTaskView> execution_views(store::Tx& tx, const Kernel& k, const Actor& a, const core::Case& c) {
  std::vector<ExecutionTaskView> out;
  const auto today = core::day_of_ms(tx.now);
  for (auto& t : store::execution_tasks_of(tx, c.id)) {
    ExecutionTaskView v;
    fill_view(k, t, today, v);
    v.may_record = !t.closed_on && may_record(a, c, t);
    out.push_back(std::move(v));
  }
  return out;
}

namespace {

struct Found {
  core::Case c;
  store::ExecutionTaskRow t;
};

Found find_task(store::Tx& tx, const Actor& a, long long case_id, long long task_id) {
  auto c = store::find_case(tx, a.scope, case_id);
  if (!c) throw not_found(kNotFound);
  store::lock_case(tx, c->id);
  for (auto& t : store::execution_tasks_of(tx, c->id))
    if (t.id == task_id) {
      if (!may_record(a, *c, t)) throw forbidden("执行任务由执行单位办理：本人所在单位或角色不能办理此任务");
      if (t.closed_on) throw conflict("执行任务已完成", "task");
      return {*c, t};
    }
  throw not_found(kTaskNotFound);
}

ExecutionTaskView reread(store::Tx& tx, const Kernel& k, const Actor& a, const core::Case& c, long long task_id) {
  for (auto& v : execution_views(tx, k, a, c))
    if (v.id == task_id) return v;
  throw not_found(kTaskNotFound);
}

}  // namespace

ExecutionTaskView CaseExecutionService::close_task(const Actor& a, long long case_id, long long task_id,
                                                   const ExecutionCloseInput& in) {
  k_.require(a, core::Permission::CaseHandle);
  std::optional<core::Day> done;
  if (in.done_on) {
    done = core::parse_day(*in.done_on);
    if (!done) throw invalid("done_on", "应为日期（YYYY-MM-DD）");
  }
  return k_.db().write([&](store::Tx& tx) {
    auto f = find_task(tx, a, case_id, task_id);
    const auto kind = core::kExecutionKinds.parse(f.t.kind);
    if (!kind) throw conflict("未知的执行任务种类", "task");
    const auto today = core::day_of_ms(tx.now);
    if (auto why = core::execution_close_problem(*kind, done, *core::parse_day(f.t.decided_day), today, in.evidence))
      throw core::to_error(*why);
    json::array ev;
    for (auto& e : in.evidence) {
      json::object o{{"kind", *e.kind}, {"ref", core::trim(*e.ref)}};
      if (e.note && !core::trim(*e.note).empty()) o["note"] = core::trim(*e.note);
      ev.push_back(std::move(o));
    }
    const auto day = core::format_day(*done);
    if (!store::close_execution_task(tx, task_id, day, json::serialize(ev), a.user.id))
      throw conflict("执行任务已完成", "task");
    // The kind and the day: the evidence's numbers stay with the task.
    k_.audit(tx, &a, "close_execution_task", "case", case_id,
             {{"number", number_value(f.c.number)}, {"task", task_id}, {"kind", f.t.kind}, {"done_on", day},
              {"late", day > f.t.due_day}});
    return reread(tx, k_, a, f.c, task_id);
  });
}

ExecutionTaskView CaseExecutionService::extend_task(const Actor& a, long long case_id, long long task_id,
                                                    const ExecutionExtendInput& in) {
  k_.require(a, core::Permission::CaseHandle);
  std::optional<core::Day> due;
  if (in.due_day) {
    due = core::parse_day(*in.due_day);
    if (!due) throw invalid("due_day", "应为日期（YYYY-MM-DD）");
  }
  return k_.db().write([&](store::Tx& tx) {
    auto f = find_task(tx, a, case_id, task_id);
    const auto kind = core::kExecutionKinds.parse(f.t.kind);
    if (!kind) throw conflict("未知的执行任务种类", "task");
    std::optional<core::Day> max_due;
    if (f.t.max_due_day) max_due = core::parse_day(*f.t.max_due_day);
    if (auto why = core::execution_extension_problem(*kind, *core::parse_day(f.t.due_day), max_due, due, in.approval_ref))
      throw core::to_error(*why);
    const auto day = core::format_day(*due);
    if (!store::extend_execution_task(tx, task_id, day, core::trim(*in.approval_ref)))
      throw conflict("执行任务已完成", "task");
    k_.audit(tx, &a, "extend_execution_task", "case", case_id,
             {{"number", number_value(f.c.number)}, {"task", task_id}, {"kind", f.t.kind}, {"from", f.t.due_day},
              {"to", day}, {"approval_ref", core::trim(*in.approval_ref)}});
    return reread(tx, k_, a, f.c, task_id);
  });
}

PageOf<ExecutionListItem> CaseExecutionService::list_tasks(const Actor& a, const ExecutionListQuery& q,
                                                          const core::Page& page) {
  k_.require(a, core::Permission::CaseRead);
  if (q.status && *q.status != "open" && *q.status != "overdue" && *q.status != "closed")
    throw invalid("status", "应为 open、overdue 或 closed");
  if (q.kind && !core::kExecutionKinds.parse(*q.kind)) throw invalid("kind", "未知的执行任务种类");
  return k_.db().read([&](store::Tx& tx) {
    const auto today = core::day_of_ms(tx.now);
    store::ExecutionFilter f;
    f.status = q.status;
    f.today = core::format_day(today);
    f.unit_id = q.unit_id;
    f.kind = q.kind;
    PageOf<ExecutionListItem> out;
    for (auto& t : store::list_execution_tasks(tx, a.scope, f, page, &out.total)) {
      ExecutionListItem v;
      fill_view(k_, t, today, v);
      v.case_number = t.case_number;
      v.case_state = t.case_state;
      v.person_name = t.person_name;
      v.lead_org_name = t.lead_org_name;
      v.township_name = t.township_name;
      // The list needs only the case's mode and lead unit to say who records.
      core::Case c;
      c.lead_org_id = t.lead_org_id;
      c.mode = t.case_mode;
      v.may_record = !t.closed_on && may_record(a, c, t);
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

ListOf<ExecutionCountView> CaseExecutionService::summary(const Actor& a) {
  k_.require(a, core::Permission::CaseRead);
  return k_.db().read([&](store::Tx& tx) {
    ListOf<ExecutionCountView> out;
    for (auto& c : store::count_execution_tasks(tx, a.scope, core::format_day(core::day_of_ms(tx.now))))
      out.items.push_back({c.unit_id, c.unit_name, c.open, c.overdue, c.closed, c.closed_late});
    return out;
  });
}

}  // namespace funnel::app
