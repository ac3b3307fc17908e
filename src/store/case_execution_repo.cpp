#include "store/case_execution_repo.hpp"

#include "store/cases_repo.hpp"

namespace funnel::store {

namespace {

const char* kTaskCols =
    "t.id, t.case_id, t.county_id, t.unit_id, t.kind, t.decision_ref, t.decided_day, t.limit_code, t.due_day, "
    "t.max_due_day, t.amount, t.extension_ref, t.closed_on, t.evidence, t.closed_by, t.closed_at, t.created_at, "
    "un.name, cu.display_name";
const char* kTaskJoins =
    " FROM case_execution_tasks t JOIN org_units un ON un.id = t.unit_id LEFT JOIN users cu ON cu.id = t.closed_by";

void into_task(Query& st, ExecutionTaskRow& t) {
  st.into(t.id).into(t.case_id).into(t.county_id).into(t.unit_id).into(t.kind).into(t.decision_ref);
  st.into(t.decided_day).into(t.limit_code).into(t.due_day).into(t.max_due_day).into(t.amount);
  st.into(t.extension_ref).into(t.closed_on).into(t.evidence).into(t.closed_by).into(t.closed_at);
  st.into(t.created_at).into(t.unit_name).into(t.closed_by_name);
}

}  // namespace

long long insert_execution_task(Tx& tx, const ExecutionTaskRow& t) {
  return Query(tx)
      .use(t.case_id)
      .use(t.county_id)
      .use(t.unit_id)
      .use(t.kind)
      .use(t.decision_ref)
      .use(t.decided_day)
      .use(t.limit_code)
      .use(t.due_day)
      .use(t.max_due_day)
      .use(t.amount)
      .use(tx.now)
      .insert(
          "INSERT INTO case_execution_tasks (case_id, county_id, unit_id, kind, decision_ref, decided_day, "
          "limit_code, due_day, max_due_day, amount, created_at) "
          "VALUES (:c, :co, :u, :k, :r, :d, :l, :due, :mx, :a, :at)");
}

std::vector<ExecutionTaskRow> execution_tasks_of(Tx& tx, long long case_id) {
  std::vector<ExecutionTaskRow> out;
  ExecutionTaskRow t;
  Query st(tx);
  into_task(st, t);
  st.use(case_id);
  st.run(std::string("SELECT ") + kTaskCols + kTaskJoins + " WHERE t.case_id = :c ORDER BY t.id", false);
  while (st.fetch()) out.push_back(t);
  return out;
}

bool close_execution_task(Tx& tx, long long id, const std::string& closed_on, const std::string& evidence,
                          long long user_id) {
  Query st(tx);
  st.use(closed_on).use(evidence).use(user_id).use(tx.now).use(id);
  st.run("UPDATE case_execution_tasks SET closed_on = :d, evidence = :e, closed_by = :u, closed_at = :at "
         "WHERE id = :id AND closed_on IS NULL",
         false);
  return st.affected() == 1;
}

bool extend_execution_task(Tx& tx, long long id, const std::string& due_day, const std::string& approval_ref) {
  Query st(tx);
  st.use(due_day).use(approval_ref).use(id);
  st.run("UPDATE case_execution_tasks SET due_day = :d, extension_ref = :r WHERE id = :id AND closed_on IS NULL", false);
  return st.affected() == 1;
}

std::vector<ExecutionTaskRow> list_execution_tasks(Tx& tx, const core::Scope& scope, const ExecutionFilter& f,
                                                   const core::Page& page, long long* total) {
  Params p;
  std::string where = " WHERE 1=1";
  // The county first: the index (county_id, closed_on, due_day) serves the open list.
  if (!scope.unrestricted) where += " AND t.county_id = " + p.add(scope.county_id);
  bool closed = false;
  if (f.status == "open") where += " AND t.closed_on IS NULL";
  if (f.status == "overdue") where += " AND t.closed_on IS NULL AND t.due_day < " + p.add(f.today.value_or(""));
  if (f.status == "closed") {
    where += " AND t.closed_on IS NOT NULL";
    closed = true;
  }
  if (f.due_before) where += " AND t.closed_on IS NULL AND t.due_day < " + p.add(*f.due_before);
  if (f.unit_id) where += " AND t.unit_id = " + p.add(*f.unit_id);
  if (f.kind) where += " AND t.kind = " + p.add(*f.kind);
  where += " AND t.case_id IN (SELECT c.id FROM cases c WHERE 1=1" + case_scope(scope, p) + ")";
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM case_execution_tasks t" + where, pc);
  }
  const std::string order = closed ? " ORDER BY t.closed_on DESC, t.id DESC" : " ORDER BY t.due_day, t.id";
  std::string sql = std::string("SELECT ") + kTaskCols +
                    ", c.number, c.state, c.mode, pe.name, lo.name, tw.name, c.lead_org_id, c.township_id" + kTaskJoins +
                    " JOIN cases c ON c.id = t.case_id JOIN persons pe ON pe.id = c.person_id "
                    "JOIN org_units lo ON lo.id = c.lead_org_id LEFT JOIN org_units tw ON tw.id = c.township_id"
                    " WHERE t.id IN (SELECT t.id FROM case_execution_tasks t" + where + order + " LIMIT " +
                    p.add(page.page_size) + " OFFSET " + p.add(page.offset()) + ")" + order;
  std::vector<ExecutionTaskRow> out;
  ExecutionTaskRow t;
  std::optional<std::string> number;
  Query st(tx);
  into_task(st, t);
  st.into(number).into(t.case_state).into(t.case_mode).into(t.person_name).into(t.lead_org_name).into(t.township_name);
  st.into(t.lead_org_id).into(t.township_id);
  st.run(p, sql, false);
  while (st.fetch()) {
    t.case_number = number.value_or("");
    out.push_back(t);
  }
  return out;
}

std::vector<ExecutionCount> count_execution_tasks(Tx& tx, const core::Scope& scope, const std::string& today) {
  Params p;
  const std::string d1 = p.add(today);
  std::string where = " WHERE 1=1";
  if (!scope.unrestricted) where += " AND t.county_id = " + p.add(scope.county_id);
  where += " AND t.case_id IN (SELECT c.id FROM cases c WHERE 1=1" + case_scope(scope, p) + ")";
  const std::string sql =
      "SELECT t.unit_id, un.name, "
      "SUM(CASE WHEN t.closed_on IS NULL THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN t.closed_on IS NULL AND t.due_day < " + d1 + " THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN t.closed_on IS NOT NULL THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN t.closed_on IS NOT NULL AND t.closed_on > t.due_day THEN 1 ELSE 0 END) "
      "FROM case_execution_tasks t JOIN org_units un ON un.id = t.unit_id" + where +
      " GROUP BY t.unit_id, un.name ORDER BY un.name";
  std::vector<ExecutionCount> out;
  ExecutionCount c;
  Query st(tx);
  st.into(c.unit_id).into(c.unit_name).into(c.open).into(c.overdue).into(c.closed).into(c.closed_late);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(c);
  return out;
}

}  // namespace funnel::store
