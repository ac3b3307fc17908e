#pragma once
// The execution tasks of decisions (处分决定执行, issue 19 item 5).
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/scope.hpp"
#include "store/db.hpp"
#include "store/query.hpp"

namespace funnel::store {

struct ExecutionTaskRow {
  long long id = 0, case_id = 0, county_id = 0, unit_id = 0;
  std::string kind, decision_ref, decided_day, limit_code, due_day;
  std::optional<std::string> max_due_day;
  std::optional<long long> amount;  // 追缴/退赔, yuan
  std::optional<std::string> extension_ref, closed_on, evidence;  // evidence: a JSON array
  std::optional<long long> closed_by, closed_at;
  long long created_at = 0;
  // Joined for views.
  std::string unit_name;
  std::optional<std::string> closed_by_name;
  // The case's, for the county-wide list.
  std::string case_number, case_state, case_mode, person_name, lead_org_name;
  std::optional<std::string> township_name;
  long long lead_org_id = 0;
  std::optional<long long> township_id;
};
long long insert_execution_task(Tx& tx, const ExecutionTaskRow& t);
std::vector<ExecutionTaskRow> execution_tasks_of(Tx& tx, long long case_id);
// Only while open; false when another request closed it first.
bool close_execution_task(Tx& tx, long long id, const std::string& closed_on, const std::string& evidence,
                          long long user_id);
bool extend_execution_task(Tx& tx, long long id, const std::string& due_day, const std::string& approval_ref);

struct ExecutionFilter {
  std::optional<std::string> status;  // open, overdue (open and due before today), closed
  std::optional<std::string> today;   // for overdue
  std::optional<std::string> due_before;  // open and due before this day (the warnings' scan)
  std::optional<long long> unit_id;
  std::optional<std::string> kind;
};
// In the case scope (store::case_scope), the soonest due first; closed ones newest first.
std::vector<ExecutionTaskRow> list_execution_tasks(Tx& tx, const core::Scope& scope, const ExecutionFilter& f,
                                                   const core::Page& page, long long* total);
struct ExecutionCount {
  long long unit_id = 0;
  std::string unit_name;
  long long open = 0, overdue = 0, closed = 0, closed_late = 0;
};
// Per executing unit in the scope (the statistics page and the tracker's head).
std::vector<ExecutionCount> count_execution_tasks(Tx& tx, const core::Scope& scope, const std::string& today);

}  // namespace funnel::store
