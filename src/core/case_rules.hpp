#pragma once
// The rules of a case's steps that need no I/O (domain.md §4, regulations.md
// §4–§6, §12): the filing's source and subject, the approval chain's
// progress, the team, the measures and their approvals, extensions of the
// investigation and of a detention, the facts shown to the person, the
// transfer to trial, interview-room bookings and closing a talk. Each check
// answers nothing or the problem the use case reports with its field and
// message unchanged; the caller looks up what it needs first (the clue, the
// recusals, the room's bookings) and throws core::to_error(problem).
#include <optional>
#include <string>
#include <vector>

#include "core/case.hpp"
#include "core/clue.hpp"
#include "core/petition.hpp"
#include "core/problem.hpp"

namespace funnel::core {

// --- filing (立案)

struct FilingSource {
  std::optional<std::string> source;  // code as sent
  std::optional<long long> clue_id;
  const Clue* clue = nullptr;   // looked up by the caller (any scope); nullptr when not found
  bool person_in_clue = false;  // the person is one the clue names
  bool already_filed = false;   // this clue already has a case for this person
  std::optional<std::string> source_organ, source_ref;
};
// from_clue: a clue whose verification concluded with file_case (else 409),
// naming the person, not yet filed for them; the other sources: no clue, and
// the transferring or assigning organ and its document, or the supervision
// matter where the problem was found.
Check filing_source_problem(const FilingSource& r);

struct FilingSubject {
  ReportedFacts person;
  std::optional<std::string> supervised_category;  // code as sent
  std::vector<std::string> violations;             // codes as sent
  std::optional<std::string> mode;                 // dispatch mode code as sent
  std::optional<std::string> summary;              // the facts the filing rests on
};
// The person is a party member or a 监察对象 (a public official names the
// category); 案由 fit the person (party discipline needs a party member,
// 职务违法/犯罪 a 监察对象); 县处级 goes to the higher organ; a township case
// only within the township's jurisdiction (no 乡科级, no conflict of
// interest, no 职务犯罪, and 职务违法 only where the county has delegated
// supervision to its townships — LOCAL).
Check filing_subject_problem(const FilingSubject& s, bool township_supervision_delegated);

// --- the state machine and the approval chains

// Whether the step may leave `from` (409 on "action"; an absconded person's
// case says so).
Check case_transition_problem(CaseState from, CaseAction a, const CaseStepFacts& f);
Check case_reason_problem(CaseAction a, const std::optional<std::string>& reason);
// The chain running in the case's state: the filing's while filing is
// requested, the transfer's while transfer is requested; nullopt otherwise.
std::optional<Approver> next_approver(const Case& c, const std::vector<Approver>& chain);
CaseStepFacts case_step_facts(const Case& c, const std::vector<Approver>& chain);
// Where an actor stands towards the case. A township or room approver must
// be at the lead unit; county-level approvers anywhere in the case's county.
CaseRelation case_relation(const Case& c, Role role, const std::optional<long long>& actor_org_id,
                           long long actor_county_id, const std::vector<Approver>& chain);
// A decision taken outside the platform (a party committee, the higher
// organ) is recorded with its document.
Check approval_record_problem(Approver a, const std::optional<std::string>& approval_ref);

// --- the investigation

// A plan, and a team of at least two distinct members none of whom is
// recused or related to the person (`recused`: the caller's list, recusal
// records and declared relations alike).
Check investigation_start_problem(const std::optional<std::string>& plan, const std::vector<long long>& team,
                                  const std::vector<long long>& recused);

struct CaseFacts {
  Regime regime = Regime::PartyDiscipline;
  DispatchMode mode = DispatchMode::Township;
  std::vector<Violation> violations;
};
struct MeasureRequest {
  std::optional<std::string> measure;  // code as sent
  std::optional<std::string> day;      // YYYY-MM-DD
  std::optional<long long> started_at;  // UTC ms; a detention's, for its 24-hour notice
  std::optional<std::string> approved_by;  // approver code
  std::optional<std::string> approval_ref;
  std::vector<long long> people;
};
// The measure is open to the case's level and regime (讯问 needs 职务犯罪,
// 留置 职务违法 or 职务犯罪), on a day not after today, approved by exactly
// the approver measure_approver names (留置: the higher organ, with its
// document), taken by at least two people.
Check measure_problem(const CaseFacts& c, const MeasureRequest& r, Day today);

// The limit and its basis in a refusal: "…：<label>最长<amount><unit>（<basis>）".
std::string limit_phrase(const TimeLimit& limit);

struct ExtensionRequest {
  std::optional<int> amount;  // in the extension limit's unit
  bool approved = false;      // the decision being recorded (a refusal moves nothing)
  std::optional<std::string> approved_by, approval_ref;
};
// Investigation (SL 185; party-only LOCAL): the approved extensions since
// the clock's start (investigation_clock's start) plus this one within the
// extension limit's amount, for party-only cases at most one approved
// extension, whatever the decision being recorded; decided by the organ
// above the case's (higher_approver), with its document.
Check investigation_extension_problem(Regime regime, DispatchMode mode, const TimeLimit& extension,
                                      const std::vector<ClockExtension>& decided, Day clock_start,
                                      const ExtensionRequest& r);
// A county case's extension records the city's reply with its day: not
// after today, not before the filing.
Check extension_reply_day_problem(const std::optional<std::string>& day, Day filed, Day today);
// A township's request (请示): an amount within what is left of the limit
// (as investigation_extension_problem counts it) and its reason.
Check extension_request_problem(Regime regime, const TimeLimit& extension, const std::vector<ClockExtension>& decided,
                                Day clock_start, const std::optional<int>& amount,
                                const std::optional<std::string>& reason);
// The county's reply (批复) to a request for `requested`: an approval grants
// at most what was asked and stays within the limit; either way its
// document number (approval_ref). A refusal moves nothing.
Check extension_answer_problem(Regime regime, const TimeLimit& extension, const std::vector<ClockExtension>& decided,
                               Day clock_start, int requested, const ExtensionRequest& r);
// Detention (监察法 2018 art 43): once, at most the extension limit, approved
// by the higher organ with its document.
Check detention_extension_problem(const TimeLimit& extension, int extensions_so_far, const ExtensionRequest& r);

// Facts shown to the person (GZ 51; SL 187): signed, or the refusal noted.
Check facts_shown_problem(bool signed_by_person, const std::optional<std::string>& refusal_note);
// Transfer to trial: the facts were shown and the report is recorded (409).
Check transfer_request_problem(bool facts_shown, bool report_recorded);

// --- the trial (审理)

// Receipt (受理, GZ 55; SL 191–192): the file complete (every TrialFileItem code
// checked; an unknown code is refused) and at least two distinct triers,
// none of whom investigated the case or is recused from the person
// (`investigators`, `recused`: the caller's lists).
Check trial_accept_problem(const std::vector<std::string>& file_items, const std::vector<long long>& triers,
                           const std::vector<long long>& investigators, const std::vector<long long>& recused);
// 暂缓受理: the missing items named (known codes, at least one).
Check trial_defer_problem(const std::vector<std::string>& missing_items);
// 重大复杂案件经批准可以适当延长 (SL 194): approved by the head of the organ
// (the county leader; for a township case its secretary), with the
// approval's document, within the extension limit's amount in total.
Check trial_extension_problem(const TimeLimit& extension, int extended_so_far, const std::optional<int>& amount,
                              const std::optional<std::string>& approval_ref);
// 审理报告 and the record of the collective deliberation (集体审议, SL 194).
Check trial_report_problem(const std::optional<std::string>& report, const std::optional<std::string>& deliberation);

// --- interview rooms (谈话室)

struct Booking {
  long long id = 0;
  long long room_id = 0;
  long long starts_at = 0, ends_at = 0;  // UTC ms, half-open [starts_at, ends_at)
};
// Same room and the half-open intervals intersect: one ending at 10:00 and
// one starting at 10:00 do not overlap.
bool overlaps(const Booking& a, const Booking& b);
// Ends after it starts, and overlaps no other booking of the room (409).
Check booking_problem(const Booking& b, const std::vector<Booking>& existing);

struct TalkClosing {
  std::vector<long long> interviewers;
  bool important = false;  // 重要的谈话: fully recorded (SL 56; GZ 48)
  std::optional<std::string> recording_ref;
};
// At least two distinct interviewers (SL 70); an important talk has its
// recording's reference.
Check talk_close_problem(const TalkClosing& t);

}  // namespace funnel::core
