#pragma once
// The rules of a petition's steps that need no I/O (domain.md §2): what a
// request must carry, whether the state and the suspension allow the step,
// acceptance and assignment by jurisdiction, the handler's kind, transfer,
// merge and extension. Each check answers nothing or the problem
// App::act_on_petition reports, with its field and message unchanged; the
// caller looks up what it needs (organisations, the merge target) first and
// throws core::to_error(problem).
#include <optional>
#include <string>

#include "core/model.hpp"
#include "core/petition.hpp"
#include "core/problem.hpp"

namespace funnel::core {

// Conclude, give feedback and follow up record what was done.
bool needs_note(PetitionAction a);

// What the request carries, before the lock.
struct PetitionRequest {
  std::optional<std::string> reason, note;
  bool handler_org_id = false;  // sent at all
  bool transfer_to = false;
  bool merged_into = false;
};
// A reason where needs_reason (此操作须写明理由), a note where needs_note,
// and handler_org_id / transfer_to / merged_into only with their action
// (仅交办时填写此项 …).
Check petition_request_problem(PetitionAction a, const PetitionRequest& r);

// Whether the state allows the step (409 on "action"; a suspended item only
// resumes: 本件已中止，只能恢复办理).
Check petition_transition_problem(PetitionState from, PetitionAction a, bool suspended);

// Accept (JK 11, 13, 15–16): acceptance_problem on "jurisdiction".
// `at_township`: the accepting cadre's unit is a township.
Check accept_problem(const Petition& p, bool at_township);

// Assign: a handler of the petition's county — a township, or a department
// that is a discipline room or the petition office — that the jurisdiction
// and a conflict of interest allow (assignment_problem). `handler` is the
// organisation looked up by `handler_org_id` (any scope), nullptr when not found.
Check handler_problem(const Petition& p, const std::optional<long long>& handler_org_id, const OrgUnit* handler);

// Transfer out: where to.
Check transfer_problem(const std::optional<std::string>& transfer_to);

// Merge: a target in the actor's scope (`target` looked up with the actor's
// scope, nullptr when not found), not the item itself, not merged itself.
Check merge_problem(const Petition& p, const std::optional<long long>& merged_into, const Petition* target);

// Extend: at most kMaxExtensions by the organ (JK 21); 409 on "action".
Check extension_problem(int extensions_so_far);

// --- the clock after a step

// The clock facts of a petition (App's facts_of; an unknown jurisdiction
// counts as the county's).
ClockFacts clock_facts_of(const Petition& p);
// After a step from `from` to `to` (App::act_on_petition before
// refresh_due): a state with no limit stops the clock; a state that starts
// one (starts_clock) starts its limit today with no pauses or extensions;
// any other keeps the running clock, as does a step that keeps the state.
// The due day is the caller's to recompute (it needs the time limits).
void restart_clock(Petition& p, PetitionState from, PetitionState to, const std::string& today);

}  // namespace funnel::core
