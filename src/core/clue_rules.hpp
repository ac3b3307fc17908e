#pragma once
// The rules of a clue's steps that need no I/O (domain.md §3): what a
// request must carry, which organisations a dispatch mode needs, the
// approval chain's progress, what a disposal proposal and a conclusion need.
// Each check answers nothing or the problem App::act_on_clue reports, with
// its field and message unchanged; the caller looks up what it needs
// (organisations, records) first and throws core::to_error(problem).
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/clue.hpp"
#include "core/model.hpp"
#include "core/problem.hpp"

namespace funnel::core {

// "请填写<what>" when `text` is absent or blank (App's check_text).
Check required_text(const std::string& field, const std::optional<std::string>& text, const char* what);

// --- before the lock

// A step that must carry a written reason (needs_reason): "请填写理由".
Check clue_reason_problem(ClueAction a, const std::optional<std::string>& reason);

// --- the state machine and the approval chain

// Whether the step may leave `from`: a conclusion needs an outcome of its
// method ("outcome": 请选择处置结果 / 该处置方式不能得出此结果); any other
// refusal is the state's ("action": 问题线索当前状态不能执行此操作, 409).
Check clue_transition_problem(ClueState from, ClueAction a, const ClueStepFacts& f);

// The step facts of the clue now: its proposed method, the chosen outcome
// and whether the next approval is the chain's last.
ClueStepFacts clue_step_facts(const Clue& c, const std::optional<ClueOutcome>& outcome,
                              const std::vector<Role>& chain);
// The role that approves next while a disposal is proposed; nullopt when
// none (not proposed, no mode, or the chain is complete).
std::optional<Role> next_approver_role(const Clue& c, const std::vector<Role>& chain);
// Where an actor stands towards the clue. The leader approves for the whole
// county (actor_county_id == the clue's county); a room or a township
// secretary only for the clue its unit leads.
ClueRelation clue_relation(const Clue& c, Role role, const std::optional<long long>& actor_org_id,
                           long long actor_county_id, const std::vector<Role>& chain);

// --- propose_dispatch (分类分办, 改办)

struct DispatchRequest {
  std::optional<std::string> mode;  // code as sent
  std::optional<std::string> reason;
  std::optional<long long> lead_org_id, assist_org_id;
  // Looked up by the caller (any scope); nullptr when not sent or not found.
  const OrgUnit* lead = nullptr;
  const OrgUnit* assist = nullptr;
};
// The mode, its reason when it departs from the proposal or reassigns, the
// conflict of interest, and the organisations each mode needs: township →
// a township of the clue's county and no assisting unit; county_led and
// joint → a discipline room of the county leading, joint with an assisting
// township, which may not be the conflicted one.
Check dispatch_problem(const Clue& c, const DispatchRequest& r);

// --- propose_disposal

struct DisposalRequest {
  std::optional<std::string> method;  // code as sent
  std::optional<std::string> plan, reason, review_day;
};
// A method; a plan for talk_inquiry and preliminary_verification; a reason
// for closure; a review day after today for pending.
Check disposal_proposal_problem(const DisposalRequest& r, Day today);

// --- conclude

// Any one of the method's required records exists (409), a note, and for
// keep_pending a review day after today.
Check conclusion_problem(DisposalMethod m, const std::vector<ClueRecord>& records, ClueOutcome outcome,
                         const std::optional<std::string>& note, const std::optional<std::string>& review_day,
                         Day today);

// --- review

// Reviewing a pending clue before its review day needs a reason.
Check early_review_problem(const std::optional<std::string>& review_day, const std::optional<std::string>& reason,
                           Day today);

// --- records and the clock

bool has_clue_record(const std::vector<ClueRecord>& records, ClueRecordKind k);
// The clock facts after a step into `to`: records of an earlier round do
// not count when a new talk or letter of inquiry starts.
ClueClockFacts clue_clock_facts(const std::vector<ClueRecord>& records, ClueState to);

}  // namespace funnel::core
