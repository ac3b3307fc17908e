#pragma once
// Executing decisions (处分决定执行, CA-7): the tasks a decision creates
// (core::plan_execution), closed by the executing unit with their evidence
// or extended with approval, and the county-wide list of open tasks for the
// case supervision room, where a task past its day is 打白条.
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"
#include "core/case.hpp"
#include "core/execution.hpp"
#include "core/sanction.hpp"
#include "store/case_execution_repo.hpp"

namespace funnel::app {

struct ExecutionEvidenceView {
  std::string kind, ref;
  std::optional<std::string> note;
};
BOOST_DESCRIBE_STRUCT(ExecutionEvidenceView, (), (kind, ref, note))
// One task: what is due by when, for which unit; open, due soon, overdue
// (打白条), done or done late; the evidence it needs and, once closed, has.
struct ExecutionTaskView {
  long long id = 0, case_id = 0;
  std::string kind, label, limit, basis, decision_ref, decided_on, due_day;
  std::optional<std::string> max_due_day, extension_ref;
  std::optional<long long> amount;
  long long unit_id = 0;
  std::string unit_name, status;
  bool overdue = false;                 // 打白条: open past its day
  std::optional<int> days_overdue;      // calendar days past the day (open or closed late)
  std::vector<std::string> evidence_required;
  std::vector<ExecutionEvidenceView> evidence;
  std::optional<std::string> closed_on, closed_by_name;
  bool may_record = false;  // the viewer may close or extend it
};
BOOST_DESCRIBE_STRUCT(ExecutionTaskView, (),
                      (id, case_id, kind, label, limit, basis, decision_ref, decided_on, due_day, max_due_day,
                       extension_ref, amount, unit_id, unit_name, status, overdue, days_overdue, evidence_required,
                       evidence, closed_on, closed_by_name, may_record))
// A task in the county-wide list, with its case.
struct ExecutionListItem : ExecutionTaskView {
  std::string case_number, case_state, person_name, lead_org_name;
  std::optional<std::string> township_name;
};
BOOST_DESCRIBE_STRUCT(ExecutionListItem, (ExecutionTaskView),
                      (case_number, case_state, person_name, lead_org_name, township_name))
struct ExecutionCountView {
  long long unit_id = 0;
  std::string unit_name;
  long long open = 0, overdue = 0, closed = 0, closed_late = 0;
};
BOOST_DESCRIBE_STRUCT(ExecutionCountView, (), (unit_id, unit_name, open, overdue, closed, closed_late))

struct ExecutionCloseInput {
  std::optional<std::string> done_on;
  std::vector<core::EvidenceInput> evidence;
};
struct ExecutionExtendInput {
  std::optional<std::string> due_day, approval_ref;
};
struct ExecutionListQuery {
  std::optional<std::string> status, kind;  // status: open, overdue, closed
  std::optional<long long> unit_id;
};

// Written with the decision, in its transaction: the tasks for the
// outcomes decided, assigned to the executing unit (the township concerned,
// else the lead unit).
void create_execution_tasks(store::Tx& tx, const Kernel& k, const core::Case& c,
                            const std::vector<core::Outcome>& outcomes, core::Day decided,
                            const std::optional<core::Day>& influence_until, const std::string& decision_ref,
                            const std::optional<long long>& recovery_amount);
// One planned task as its row: for the case's lead unit, from the decision.
store::ExecutionTaskRow execution_task_row(const core::Case& c, const core::PlannedTask& p, core::Day decided,
                                           const std::string& decision_ref,
                                           const std::optional<long long>& recovery_amount);
// The case's tasks as `a` sees them (the case detail).
std::vector<ExecutionTaskView> execution_views(store::Tx& tx, const Kernel& k, const Actor& a, const core::Case& c);

class CaseExecutionService {
 public:
  explicit CaseExecutionService(Kernel& k) : k_(k) {}
  ExecutionTaskView close_task(const Actor& a, long long case_id, long long task_id, const ExecutionCloseInput& in);
  ExecutionTaskView extend_task(const Actor& a, long long case_id, long long task_id, const ExecutionExtendInput& in);
  PageOf<ExecutionListItem> list_tasks(const Actor& a, const ExecutionListQuery& q, const core::Page& page);
  ListOf<ExecutionCountView> summary(const Actor& a);

 private:
  Kernel& k_;
};

}  // namespace funnel::app
