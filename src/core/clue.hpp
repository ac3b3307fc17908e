#pragma once
// Problem clues (问题线索, domain.md §3; regulations.md §3): sources, the
// states of one clue from registration through dispatch (分类分办) and the
// four disposal methods, who may take each step, the dispatch proposal, the
// clocks, and the monthly report's deadline.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/enums.hpp"
#include "core/model.hpp"
#include "core/petition.hpp"
#include "core/workflow.hpp"

namespace funnel::core {

enum class ClueSource { Petition, Supervision, Inspection, Audit, HigherAssigned, OrganTransfer, FoundInCase, Other };
inline constexpr EnumTable<ClueSource, 8> kClueSources{{{
    {ClueSource::Petition, "petition"},
    {ClueSource::Supervision, "supervision"},
    {ClueSource::Inspection, "inspection"},
    {ClueSource::Audit, "audit"},
    {ClueSource::HigherAssigned, "higher_assigned"},
    {ClueSource::OrganTransfer, "organ_transfer"},
    {ClueSource::FoundInCase, "found_in_case"},
    {ClueSource::Other, "other"},
}}};

enum class ClueState {
  Registered,
  DispatchProposed,
  Dispatched,
  Received,
  DisposalProposed,
  InTalkInquiry,
  InVerification,
  Pending,
  Closed,
  Filed,
  Transferred
};
inline constexpr EnumTable<ClueState, 11> kClueStates{{{
    {ClueState::Registered, "registered"},
    {ClueState::DispatchProposed, "dispatch_proposed"},
    {ClueState::Dispatched, "dispatched"},
    {ClueState::Received, "received"},
    {ClueState::DisposalProposed, "disposal_proposed"},
    {ClueState::InTalkInquiry, "in_talk_inquiry"},
    {ClueState::InVerification, "in_verification"},
    {ClueState::Pending, "pending"},
    {ClueState::Closed, "closed"},
    {ClueState::Filed, "filed"},
    {ClueState::Transferred, "transferred"},
}}};

enum class DispatchMode { Township, CountyLed, Joint };
inline constexpr EnumTable<DispatchMode, 3> kDispatchModes{{{
    {DispatchMode::Township, "township"},
    {DispatchMode::CountyLed, "county_led"},
    {DispatchMode::Joint, "joint"},
}}};

enum class DisposalMethod { TalkInquiry, PreliminaryVerification, Pending, Closure };
inline constexpr EnumTable<DisposalMethod, 4> kDisposalMethods{{{
    {DisposalMethod::TalkInquiry, "talk_inquiry"},
    {DisposalMethod::PreliminaryVerification, "preliminary_verification"},
    {DisposalMethod::Pending, "pending"},
    {DisposalMethod::Closure, "closure"},
}}};

// Results of a talk or letter of inquiry (GZ 30) and of a preliminary
// verification (GZ 35).
enum class ClueOutcome {
  ClosedUnfounded,
  FirstForm,
  Reinquiry,
  ToVerification,
  FileCase,
  KeepPending,
  Close,
  Transfer
};
inline constexpr EnumTable<ClueOutcome, 8> kClueOutcomes{{{
    {ClueOutcome::ClosedUnfounded, "closed_unfounded"},
    {ClueOutcome::FirstForm, "first_form"},
    {ClueOutcome::Reinquiry, "reinquiry"},
    {ClueOutcome::ToVerification, "to_verification"},
    {ClueOutcome::FileCase, "file_case"},
    {ClueOutcome::KeepPending, "keep_pending"},
    {ClueOutcome::Close, "close"},
    {ClueOutcome::Transfer, "transfer"},
}}};

enum class ClueAction {
  ProposeDispatch,
  ApproveDispatch,
  ReturnDispatch,
  Acknowledge,
  ProposeDisposal,
  ApproveDisposal,
  RejectDisposal,
  Conclude,
  Review
};
inline constexpr EnumTable<ClueAction, 9> kClueActions{{{
    {ClueAction::ProposeDispatch, "propose_dispatch"},
    {ClueAction::ApproveDispatch, "approve_dispatch"},
    {ClueAction::ReturnDispatch, "return_dispatch"},
    {ClueAction::Acknowledge, "acknowledge"},
    {ClueAction::ProposeDisposal, "propose_disposal"},
    {ClueAction::ApproveDisposal, "approve_disposal"},
    {ClueAction::RejectDisposal, "reject_disposal"},
    {ClueAction::Conclude, "conclude"},
    {ClueAction::Review, "review"},
}}};

enum class ClueRecordKind { TalkRecord, InquiryLetter, InquiryReply, VerificationPlan, VerificationReport };
inline constexpr EnumTable<ClueRecordKind, 5> kClueRecordKinds{{{
    {ClueRecordKind::TalkRecord, "talk_record"},
    {ClueRecordKind::InquiryLetter, "inquiry_letter"},
    {ClueRecordKind::InquiryReply, "inquiry_reply"},
    {ClueRecordKind::VerificationPlan, "verification_plan"},
    {ClueRecordKind::VerificationReport, "verification_report"},
}}};

enum class ClueReportStatus { NotSubmitted, Submitted, Acknowledged, Returned };
inline constexpr EnumTable<ClueReportStatus, 4> kClueReportStatuses{{{
    {ClueReportStatus::NotSubmitted, "not_submitted"},
    {ClueReportStatus::Submitted, "submitted"},
    {ClueReportStatus::Acknowledged, "acknowledged"},
    {ClueReportStatus::Returned, "returned"},
}}};

enum class ClueReviewDecision { KeepOn, Expedite, Redispose, CloseSuggested };
inline constexpr EnumTable<ClueReviewDecision, 4> kClueReviewDecisions{{{
    {ClueReviewDecision::KeepOn, "keep_on"},
    {ClueReviewDecision::Expedite, "expedite"},
    {ClueReviewDecision::Redispose, "redispose"},
    {ClueReviewDecision::CloseSuggested, "close_suggested"},
}}};

// --- the states

// Where a step leads. ApproveDisposal leads to the method's state only at
// the chain's last approval (`last_approval`); before it the state stays.
// Conclude needs the outcome, ApproveDisposal the method. nullopt: not allowed.
struct ClueStepFacts {
  std::optional<DisposalMethod> method;
  std::optional<ClueOutcome> outcome;
  bool last_approval = true;
};
std::optional<ClueState> next_state(ClueState from, ClueAction a, const ClueStepFacts& f = {});
// The states as a table; ApproveDisposal and Conclude are Computed (next_state).
using ClueTransition = workflow::Transition<ClueState, ClueAction>;
std::span<const ClueTransition> clue_transitions();
// The actions possible in `from` before anyone's role is asked (the UI's
// offer, App's actions_for): every action next_state allows with `f`, and
// Conclude in a talk or verification whatever the outcome (chosen with it).
std::vector<ClueAction> actions_from(ClueState from, const ClueStepFacts& f = {});
bool is_final(ClueState s);  // closed, filed, transferred

// The outcomes a method's conclusion may have (GZ 30, GZ 35); closure and
// pending conclude at approval and have none.
std::vector<ClueOutcome> outcomes_for(DisposalMethod m);
// The records that must exist before a method is concluded (any one of them).
std::vector<ClueRecordKind> required_records(DisposalMethod m);
// The records that may be added while the clue is in `s`.
std::vector<ClueRecordKind> records_in_state(ClueState s);

// --- who may act

// Where the actor stands towards the clue.
struct ClueRelation {
  bool at_lead = false;        // the unit leading the handling (township or county room)
  bool at_assist = false;      // the assisting township of a joint or county-led clue
  bool next_approver = false;  // the actor's role and unit are the approval chain's next step
};
bool may_perform(Role r, ClueAction a, const ClueRelation& rel);
// Actions whose request must carry a written reason (a reassignment too, see App).
bool needs_reason(ClueAction a);

// The disposal's approval chain (GZ 21 ¶2; LOCAL, configurable by mode):
// township matters by the township secretary; county matters by the leading
// room, then the commission's leader in charge.
std::vector<Role> approval_chain(DispatchMode m);

// --- dispatch (分类分办)

struct ClueFacts {
  std::vector<ReportedFacts> persons;
  bool township_concerned = true;      // a township of the county is concerned
  bool difficult = false;              // 疑难复杂
  bool cross_township = false;         // 跨镇街
  bool needs_county_strength = false;  // township jurisdiction, county strength needed
};
struct DispatchProposal {
  DispatchMode mode = DispatchMode::Township;
  bool conflict = false;  // conflict of interest: the township must not see it
  std::string reason;     // Chinese, shown to the cadre
  std::string basis;
};
DispatchProposal propose_dispatch(const ClueFacts& f);

// --- clocks (codes of data/time-limits.json)

struct ClueClockFacts {
  bool letter_sent = false;  // a 函询函 is recorded
  bool answered = false;     // a talk or the letter's reply is recorded
};
// The limit running in `s`; empty when none (pending runs to its review day).
std::string_view limit_in_state(ClueState s, const ClueClockFacts& f);

// 成纪线〔2026〕0001号
std::string clue_number(std::string_view org_short_name, int year, long long seq);

// --- monthly report (线索月报, LOCAL: before the 20th)

// "2026-10" → (2026, 10); nullopt when malformed.
std::optional<std::pair<int, int>> parse_month(std::string_view yyyy_mm);
std::string format_month(int year, int month);
// The report of (year, month) is due by `limit` (unit day_of_month, e.g. the
// 20th of the following month, moved to the next working day when set).
Day report_deadline(const WorkCalendar& cal, const TimeLimit& limit, int year, int month);

// --- records

struct Clue {
  long long id = 0;
  long long county_id = 0;
  std::optional<long long> township_id;  // the township concerned
  long long found_by_org_id = 0;         // the organisation that found or registered it
  long long number_org_id = 0;
  int year = 0;
  long long seq = 0;
  std::string number, source;
  std::optional<long long> petition_id;
  std::string summary, content, category, received_day, state;
  int conflict = 0, difficult = 0, cross_township = 0, needs_county_strength = 0;
  std::string proposed_mode;
  std::optional<std::string> proposal_reason, mode, dispatch_reason;
  std::optional<long long> lead_org_id, assist_org_id, acknowledged_at;
  std::optional<std::string> method, plan, outcome, review_day, limit_code, clock_start, due_day, closed_day;
  int approvals_done = 0;
  long long registered_by = 0;
  long long created_at = 0, updated_at = 0;
  // Joined for views.
  std::string registered_by_name, found_by_org_name;
  std::optional<std::string> township_name, lead_org_name, assist_org_name, petition_number;
};

using ClueStep = StepRecord;

struct ClueRecord {
  long long id = 0, clue_id = 0;
  std::string kind, day, text;
  std::optional<std::string> evaluation;
  long long author_id = 0;
  std::string author_name;
  long long at = 0;
};

}  // namespace funnel::core
