#pragma once
// The step rows of a record's workflow (clue_steps, case_steps): one layout,
// the owner's id in its own column. Table and column names come from the
// repositories, never from input.
#include <string>
#include <vector>

#include "core/model.hpp"
#include "store/db.hpp"

namespace funnel::store {

// The columns without id, the owner's first: one layout for a step's INSERT
// and for bulk loads (store::Load).
std::vector<std::string> step_columns(const std::string& owner_col);
template <class Sink>
void step_values(Sink& q, const core::StepRecord& s, long long at) {
  q.use(s.record_id).use(s.action).use(s.from_state).use(s.to_state).use(s.actor_id).use(s.actor_name);
  q.use(s.org_id).use(at).use(s.reason).use(s.note).use(s.detail);
}
long long insert_step_record(Tx& tx, const std::string& table, const std::string& owner_col,
                             const core::StepRecord& s);
// The owner's steps, oldest first.
std::vector<core::StepRecord> step_records_of(Tx& tx, const std::string& table, const std::string& owner_col,
                                              long long owner_id);

}  // namespace funnel::store
