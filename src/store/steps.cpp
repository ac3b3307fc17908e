#include "store/steps.hpp"

#include "store/query.hpp"

namespace funnel::store {

std::vector<std::string> step_columns(const std::string& owner_col) {
  return {owner_col, "action", "from_state", "to_state", "actor_id", "actor_name",
          "org_id",  "at",     "reason",     "note",     "detail"};
}

long long insert_step_record(Tx& tx, const std::string& table, const std::string& owner_col,
                             const core::StepRecord& s) {
  Query q(tx);
  step_values(q, s, tx.now);
  return q.insert(insert_sql(table, step_columns(owner_col)));
}

std::vector<core::StepRecord> step_records_of(Tx& tx, const std::string& table, const std::string& owner_col,
                                              long long owner_id) {
  std::vector<core::StepRecord> out;
  core::StepRecord s;
  Query st(tx);
  st.into(s.id).into(s.record_id).into(s.action).into(s.from_state).into(s.to_state).into(s.actor_id);
  st.into(s.actor_name).into(s.org_id).into(s.at).into(s.reason).into(s.note).into(s.detail);
  st.use(owner_id);
  st.run("SELECT id, " + owner_col + ", action, from_state, to_state, actor_id, actor_name, org_id, at, reason, note, "
         "detail FROM " + table + " WHERE " + owner_col + " = :o ORDER BY id",
         false);
  while (st.fetch()) out.push_back(s);
  return out;
}

}  // namespace funnel::store
