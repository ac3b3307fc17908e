#pragma once
// Petitions and reports (信访举报, domain.md §2): channels, types, the closed
// loop's states and who may move an item along it, jurisdiction proposals
// (domain.md §1), numbering and the checks on reporters' particulars.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/enums.hpp"
#include "core/workflow.hpp"

namespace funnel::core {

enum class Channel { Letter, Visit, Phone, Web, Other, Transfer };
inline constexpr EnumTable<Channel, 6> kChannels{{{
    {Channel::Letter, "letter"},
    {Channel::Visit, "visit"},
    {Channel::Phone, "phone"},
    {Channel::Web, "web"},
    {Channel::Other, "other"},
    {Channel::Transfer, "transfer"},
}}};

enum class PetitionType { Accusation, Appeal, Suggestion, OutOfScope };
inline constexpr EnumTable<PetitionType, 4> kPetitionTypes{{{
    {PetitionType::Accusation, "accusation"},
    {PetitionType::Appeal, "appeal"},
    {PetitionType::Suggestion, "suggestion"},
    {PetitionType::OutOfScope, "out_of_scope"},
}}};

enum class PetitionState {
  Registered, Accepted, Rejected, TransferredOut, Merged, Assigned, InProgress, ConvertedToClue,
  Concluded, FeedbackGiven, FollowedUp, Archived
};
inline constexpr EnumTable<PetitionState, 12> kPetitionStates{{{
    {PetitionState::Registered, "registered"},
    {PetitionState::Accepted, "accepted"},
    {PetitionState::Rejected, "rejected"},
    {PetitionState::TransferredOut, "transferred_out"},
    {PetitionState::Merged, "merged"},
    {PetitionState::Assigned, "assigned"},
    {PetitionState::InProgress, "in_progress"},
    {PetitionState::ConvertedToClue, "converted_to_clue"},
    {PetitionState::Concluded, "concluded"},
    {PetitionState::FeedbackGiven, "feedback_given"},
    {PetitionState::FollowedUp, "followed_up"},
    {PetitionState::Archived, "archived"},
}}};

// Steps of the closed loop. Suspend, resume and extend keep the state and
// change the clock.
enum class PetitionAction {
  Accept, Reject, TransferOut, Merge, Assign, Acknowledge, ConvertToClue, Conclude, GiveFeedback, FollowUp,
  Archive, Suspend, Resume, Extend
};
inline constexpr EnumTable<PetitionAction, 14> kPetitionActions{{{
    {PetitionAction::Accept, "accept"},
    {PetitionAction::Reject, "reject"},
    {PetitionAction::TransferOut, "transfer_out"},
    {PetitionAction::Merge, "merge"},
    {PetitionAction::Assign, "assign"},
    {PetitionAction::Acknowledge, "acknowledge"},
    {PetitionAction::ConvertToClue, "convert_to_clue"},
    {PetitionAction::Conclude, "conclude"},
    {PetitionAction::GiveFeedback, "give_feedback"},
    {PetitionAction::FollowUp, "follow_up"},
    {PetitionAction::Archive, "archive"},
    {PetitionAction::Suspend, "suspend"},
    {PetitionAction::Resume, "resume"},
    {PetitionAction::Extend, "extend"},
}}};

// 被反映人级别 (domain.md §1).
enum class CadreLevel { CountyDivision, TownshipSection, GeneralCadre, VillageCadre, PartyMember, PublicOfficial, Other };
inline constexpr EnumTable<CadreLevel, 7> kCadreLevels{{{
    {CadreLevel::CountyDivision, "county_division"},
    {CadreLevel::TownshipSection, "township_section"},
    {CadreLevel::GeneralCadre, "general_cadre"},
    {CadreLevel::VillageCadre, "village_cadre"},
    {CadreLevel::PartyMember, "party_member"},
    {CadreLevel::PublicOfficial, "public_official"},
    {CadreLevel::Other, "other"},
}}};

// --- the closed loop

using PetitionTransition = workflow::Transition<PetitionState, PetitionAction>;
// The loop as a table: Suspend, Extend and Resume keep the state; Resume is
// listed from every state, and next_state lets it only while suspended
// (every other action only while not).
std::span<const PetitionTransition> petition_transitions();

// The state an action leads to from `from`; nullopt when the action is not
// allowed there. Suspend/Resume/Extend return `from` where allowed.
std::optional<PetitionState> next_state(PetitionState from, PetitionAction a, bool suspended);
std::vector<PetitionAction> actions_from(PetitionState from, bool suspended);
bool is_final(PetitionState s);  // archived
// Whether the item's handling clock runs (not suspended, not yet concluded).
bool clock_runs(PetitionState s);

// Where the actor stands towards the item: the organisation that registered
// it (intake, 首办) and the one it was assigned to (handler, 承办).
struct PetitionRelation {
  bool at_intake = false;
  bool at_handler = false;
};
// The role table for the loop: intake steps by the intake organisation's
// petition staff, handling steps by the handler, approvals (suspend, extend)
// by the leader who may approve them there.
bool may_perform(Role r, PetitionAction a, const PetitionRelation& rel);
// Actions whose request must carry a written reason.
bool needs_reason(PetitionAction a);

// --- jurisdiction (干部管理权限) and acceptance scope

enum class Jurisdiction { Township, County, Upward, OutOfScope };
inline constexpr EnumTable<Jurisdiction, 4> kJurisdictions{{{
    {Jurisdiction::Township, "township"},
    {Jurisdiction::County, "county"},
    {Jurisdiction::Upward, "upward"},
    {Jurisdiction::OutOfScope, "out_of_scope"},
}}};

struct ReportedFacts {
  CadreLevel level = CadreLevel::Other;
  bool party_member = false;
  bool public_official = false;
  bool county_department = false;       // works in a county department, not a township
  bool township_discipline_staff = false;  // member of the township's own 纪委/监察室
  bool township_party_secretary = false;
};
struct JurisdictionProposal {
  Jurisdiction where = Jurisdiction::County;
  std::string reason;  // Chinese, shown to the cadre
  std::string basis;   // the rule's source
};
JurisdictionProposal propose_jurisdiction(PetitionType type, const std::vector<ReportedFacts>& persons);
// domain.md §1: the township's own discipline staff and its party secretary
// are always handled by the county (conflict of interest); no township sees
// such an item and no override can give it to one.
bool conflict_of_interest(const std::vector<ReportedFacts>& persons);
// Which conflict a written post marks (a portal reporter ticks nothing):
// 1 the township's discipline staff, 2 its party secretary, 0 none. Posts of
// a village or community (村/社区 — e.g. 社区党委书记) never mark one.
int conflict_post(std::string_view post, std::string_view unit_name, CadreLevel level,
                  const std::vector<std::string>& terms);
// IN-3 (JK 11, 13, 15–16): why an organisation may not accept an item of
// this jurisdiction, or assign it to a township (empty: it may). A township
// accepts only township matters; nobody accepts what goes up or out.
std::string acceptance_problem(Jurisdiction j, bool at_township);
std::string assignment_problem(Jurisdiction j, bool conflict, bool to_township);
// Why `chosen` may not replace the proposal (empty: it may, with a reason).
std::string override_problem(Jurisdiction proposed, Jurisdiction chosen, bool conflict);

// --- 三访合一 (IN-4) and 排查化解 (IN-5)

enum class VisitKind { Reception, Outreach, Appointment };  // 接访, 下访, 约访
inline constexpr EnumTable<VisitKind, 3> kVisitKinds{{{
    {VisitKind::Reception, "reception"},
    {VisitKind::Outreach, "outreach"},
    {VisitKind::Appointment, "appointment"},
}}};
enum class RiskLevel { Low, Medium, High };
inline constexpr EnumTable<RiskLevel, 3> kRiskLevels{{{
    {RiskLevel::Low, "low"},
    {RiskLevel::Medium, "medium"},
    {RiskLevel::High, "high"},
}}};
enum class ScreeningOutcome { InProgress, Resolved, Escalated };  // 化解中, 已化解, 上报
inline constexpr EnumTable<ScreeningOutcome, 3> kScreeningOutcomes{{{
    {ScreeningOutcome::InProgress, "in_progress"},
    {ScreeningOutcome::Resolved, "resolved"},
    {ScreeningOutcome::Escalated, "escalated"},
}}};

// --- the clock (time limits of domain.md §2, codes of data/time-limits.json)

struct ClockFacts {
  bool real_name = false;    // JK 24: name or unit and a contact
  bool fast_track = false;   // 快办快结
  bool from_higher = false;  // 上级交办件 (JK 21)
  Jurisdiction jurisdiction = Jurisdiction::County;
};
// The time limit that runs while an item is in `s`; empty when none runs
// (an anonymous item after conclusion owes no feedback).
std::string_view limit_in_state(PetitionState s, const ClockFacts& f);
// Entering these states starts a new clock (registration: acceptance;
// acceptance: conclusion; conclusion: feedback); the others keep the running one.
bool starts_clock(PetitionState to);
// The extension a leader may approve, and how many: JK 21 allows one by the
// organ's head, further ones only by the higher organ (outside this system).
std::string_view extension_limit(const ClockFacts& f);
inline constexpr int kMaxExtensions = 1;

// 预警: the escalation-risk terms found in `text` (configurable list, data/).
std::vector<std::string> matched_terms(std::string_view text, const std::vector<std::string>& terms);

// --- numbers and particulars

// 成纪信〔2026〕0001号
std::string petition_number(std::string_view org_short_name, int year, long long seq);
// Whether `query` can be a substring of a petition number of an organisation
// with one of these short names: every character is a digit, one of 信〔〕号
// or in a short name. Searches skip the number scan when it cannot.
bool could_match_number(std::string_view query, const std::vector<std::string>& short_names);
// GB 11643-1999: 18 characters, a valid birth date, the ISO 7064 MOD 11-2 check character.
bool valid_resident_id(std::string_view id);
// Mainland mobile (11 digits starting 1[3-9]) or a landline with area code
// (0xx-xxxxxxx[x], optional extension) or a short service number (5 digits, e.g. 12388).
bool valid_phone(std::string_view phone);
// 集体访: five or more visitors (信访工作条例 art. 20 limits representatives to five).
inline bool is_collective_visit(int visitors) { return visitors >= 5; }

}  // namespace funnel::core
