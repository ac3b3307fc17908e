#pragma once
// Cases I (立案 → 审查调查 → 移送审理; domain.md §4, regulations.md §4–§6):
// where a case comes from, which regime applies to the person, its states
// and who may move it along them, the investigation measures and who
// approves each, and the case clocks counted by SL 285 (2021). One case is
// one person (docs/architecture.md "Cases: the rules in core").
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/clue.hpp"
#include "core/enums.hpp"
#include "core/workflow.hpp"

namespace funnel::core {

enum class CaseSource { FromClue, Transferred, FoundInSupervision, AssignedByHigher };
inline constexpr EnumTable<CaseSource, 4> kCaseSources{{{
    {CaseSource::FromClue, "from_clue"},
    {CaseSource::Transferred, "transferred"},
    {CaseSource::FoundInSupervision, "found_in_supervision"},
    {CaseSource::AssignedByHigher, "assigned_by_higher"},
}}};

// 监察对象, the six categories of 监察法 (2024) art 15.
enum class SupervisedCategory {
  CivilServant,            // 公务员和参公人员
  AuthorisedOrganisation,  // 法律法规授权或委托管理公共事务的组织中从事公务的人员
  StateEnterprise,         // 国有企业管理人员
  PublicInstitution,       // 公办教育、科研、文化、医疗卫生、体育等单位管理人员
  GrassrootsAutonomy,      // 基层群众性自治组织中从事管理的人员 (village/community cadres)
  OtherPublicDuty          // 其他依法履行公职的人员
};
inline constexpr EnumTable<SupervisedCategory, 6> kSupervisedCategories{{{
    {SupervisedCategory::CivilServant, "civil_servant"},
    {SupervisedCategory::AuthorisedOrganisation, "authorised_organisation"},
    {SupervisedCategory::StateEnterprise, "state_enterprise"},
    {SupervisedCategory::PublicInstitution, "public_institution"},
    {SupervisedCategory::GrassrootsAutonomy, "grassroots_autonomy"},
    {SupervisedCategory::OtherPublicDuty, "other_public_duty"},
}}};

// Which law the case is under: 党纪 (party members), 监察 (监察对象), or both
// (a party member who is also a 监察对象: 纪委监委 file jointly).
enum class Regime { PartyDiscipline, Supervision, Both };
inline constexpr EnumTable<Regime, 3> kRegimes{{{
    {Regime::PartyDiscipline, "party_discipline"},
    {Regime::Supervision, "supervision"},
    {Regime::Both, "both"},
}}};
// nullopt: neither a party member nor a 监察对象, outside the commission's
// remit (转有关部门, domain.md §1).
std::optional<Regime> regime_of(bool party_member, std::optional<SupervisedCategory> category);
bool party_side(Regime r);        // party_discipline or both
bool supervision_side(Regime r);  // supervision or both

// 案由: the six disciplines (CF chapters 6–11), 职务违法 and 职务犯罪.
enum class Violation {
  Political, Organisational, Integrity, Mass, Work, Life, DutyIllegality, DutyCrime
};
inline constexpr EnumTable<Violation, 8> kViolations{{{
    {Violation::Political, "political_discipline"},
    {Violation::Organisational, "organisational_discipline"},
    {Violation::Integrity, "integrity_discipline"},
    {Violation::Mass, "mass_discipline"},
    {Violation::Work, "work_discipline"},
    {Violation::Life, "life_discipline"},
    {Violation::DutyIllegality, "duty_illegality"},
    {Violation::DutyCrime, "duty_crime"},
}}};
// 职务违法 and 职务犯罪 are 监察 matters; the six disciplines are party ones.
bool is_supervision_violation(Violation v);

// The trial (审理, GZ 54–55; SL 191–196) follows TransferredToTrial; the
// investigation clock keeps running there until the decision (SL 185:
// 作出处置决定). States are stored by code, so new ones are appended.
enum class CaseState {
  FilingRequested,     // 立案呈批
  FilingRefused,       // 不予立案
  Filed,               // 已立案, the plan and team not yet approved
  Investigating,       // 审查调查
  TransferRequested,   // 移送审理呈批
  TransferredToTrial,  // 已移送审理
  Dismissed,           // 撤销案件 (SL 206)
  TrialDeferred,       // 暂缓受理: the file is incomplete
  InTrial,             // 审理: accepted, the trial limit runs
  SupplementaryInvestigation,  // 退回补充审查调查: the trial limit stops (SL 196)
  TrialReported,       // 审理报告 deliberated; the decision follows
  Decided              // 已作出处理决定: ends the investigation clock (SL 185)
};
inline constexpr EnumTable<CaseState, 12> kCaseStates{{{
    {CaseState::FilingRequested, "filing_requested"},
    {CaseState::FilingRefused, "filing_refused"},
    {CaseState::Filed, "filed"},
    {CaseState::Investigating, "investigating"},
    {CaseState::TransferRequested, "transfer_requested"},
    {CaseState::TransferredToTrial, "transferred_to_trial"},
    {CaseState::Dismissed, "dismissed"},
    {CaseState::TrialDeferred, "trial_deferred"},
    {CaseState::InTrial, "in_trial"},
    {CaseState::SupplementaryInvestigation, "supplementary_investigation"},
    {CaseState::TrialReported, "trial_reported"},
    {CaseState::Decided, "decided"},
}}};

// Measures, abscond, return and extension keep the state and are logged as
// steps; the filing and the transfer run an approval chain.
enum class CaseAction {
  ApproveFiling,
  RefuseFiling,
  StartInvestigation,
  RecordMeasure,
  Extend,
  RequestExtension,  // 请示: a township asks the county
  ApproveExtension,  // 批复: the county approves (possibly less than asked)
  RefuseExtension,   // 批复: the county refuses
  Abscond,
  ReturnToCase,
  ShowFacts,
  RequestTransfer,
  ApproveTransfer,
  ReturnTransfer,
  Dismiss,
  ReturnForInvestigation,  // 退回重新审查调查: the trial limit restarts on the next acceptance
  InterveneEarly,          // 提前介入: the leader has the trial office join a major case before transfer
  AcceptTrial,             // 受理, with the triers and the file checked
  DeferTrial,              // 暂缓受理: the missing items named
  RefuseTrial,             // 不予受理: back to the investigators
  ReturnSupplementary,     // 退回补充审查调查
  ResubmitSupplementary,   // the investigators send the supplement back
  ExtendTrial,             // 重大复杂: the trial limit extended with approval (SL 194)
  ReportTrial,             // 审理报告 and the collective deliberation (集体审议)
  Decide                   // 处分决定: the outcomes, the deciding organ and its document
};
inline constexpr EnumTable<CaseAction, 25> kCaseActions{{{
    {CaseAction::ApproveFiling, "approve_filing"},
    {CaseAction::RefuseFiling, "refuse_filing"},
    {CaseAction::StartInvestigation, "start_investigation"},
    {CaseAction::RecordMeasure, "record_measure"},
    {CaseAction::Extend, "extend"},
    {CaseAction::RequestExtension, "request_extension"},
    {CaseAction::ApproveExtension, "approve_extension"},
    {CaseAction::RefuseExtension, "refuse_extension"},
    {CaseAction::Abscond, "abscond"},
    {CaseAction::ReturnToCase, "return_to_case"},
    {CaseAction::ShowFacts, "show_facts"},
    {CaseAction::RequestTransfer, "request_transfer"},
    {CaseAction::ApproveTransfer, "approve_transfer"},
    {CaseAction::ReturnTransfer, "return_transfer"},
    {CaseAction::Dismiss, "dismiss"},
    {CaseAction::ReturnForInvestigation, "return_for_investigation"},
    {CaseAction::InterveneEarly, "intervene_early"},
    {CaseAction::AcceptTrial, "accept_trial"},
    {CaseAction::DeferTrial, "defer_trial"},
    {CaseAction::RefuseTrial, "refuse_trial"},
    {CaseAction::ReturnSupplementary, "return_supplementary"},
    {CaseAction::ResubmitSupplementary, "resubmit_supplementary"},
    {CaseAction::ExtendTrial, "extend_trial"},
    {CaseAction::ReportTrial, "report_trial"},
    {CaseAction::Decide, "decide"},
}}};

// --- the states

struct CaseStepFacts {
  bool last_approval = true;  // the approval is the chain's last
  bool absconded = false;     // the person has absconded and is not back (到案)
  bool extension_pending = false;  // a township's 请示 awaits the county's 批复
  bool trial_intervened = false;   // the trial office was asked to intervene early (提前介入) already
};
// Where a step leads; nullopt: not allowed. Approvals stay in the request
// state until the chain's last one. While the person has absconded only
// return_to_case, record_measure (通缉, 限制出境), dismiss and the answer to
// a pending extension request are allowed; return_to_case only then, abscond
// only while not. One extension request at a time: request_extension only
// while none is pending, its answer only while one is.
std::optional<CaseState> next_state(CaseState from, CaseAction a, const CaseStepFacts& f = {});
using CaseTransition = workflow::Transition<CaseState, CaseAction>;
std::span<const CaseTransition> case_transitions();
std::vector<CaseAction> actions_from(CaseState from, const CaseStepFacts& f = {});
bool is_final(CaseState s);  // filing_refused, dismissed, decided
// Transferred to trial and on (the decided cases included): what the trial office sees.
bool at_trial(CaseState s);
// Accepted for trial and not yet reported: the trial limit's states.
bool in_trial(CaseState s);
// From filing until the decision the investigation limit runs (SL 185:
// the decision ends it).
bool investigation_clock_runs(CaseState s);

// --- who approves

// The steps of an approval chain (data/approvals.json). The two party
// committees and the higher organ are outside the platform: their decision
// is recorded, with its document, by the role recorder() names.
enum class Approver {
  TownshipSecretary,       // 乡镇纪委书记
  TownshipPartyCommittee,  // 乡镇党委书记
  DisciplineRoom,          // 承办纪检监察室主任
  CountyLeader,            // 县纪委监委主要负责人
  CountyPartyCommittee,    // 县委书记
  HigherOrgan              // 上一级纪委监委
};
inline constexpr EnumTable<Approver, 6> kApprovers{{{
    {Approver::TownshipSecretary, "township_secretary"},
    {Approver::TownshipPartyCommittee, "township_party_committee"},
    {Approver::DisciplineRoom, "discipline_room"},
    {Approver::CountyLeader, "county_leader"},
    {Approver::CountyPartyCommittee, "county_party_committee"},
    {Approver::HigherOrgan, "higher_organ"},
}}};
Role recorder(Approver a);
bool outside_platform(Approver a);  // its record needs the approval document
// Whether a filing or transfer chain of a case in `mode` may hold `a`: a
// township case is approved in the township (or by the county leader), a
// county case by the lead room, the county leader and the county committee.
bool approver_fits(DispatchMode mode, Approver a);
// The organ above the case's: the county for a township, the city for the county.
Approver higher_approver(DispatchMode mode);

// --- who may act

struct CaseRelation {
  bool at_lead = false;        // the actor's unit leads the case (township or county room)
  bool in_county = false;      // the actor's county is the case's
  bool township_case = false;  // 镇案镇办
  bool next_approver = false;  // the actor records the running chain's next approval
};
// Approvals by the chain's next approver; the investigation by the lead
// unit's cadres; a county case's extension (recording the city's reply) by
// 案管, which keeps the county's case clocks; a township case's extension is
// requested by the township's handlers and answered by the county's 案管; dismissal by the county leader, or
// the township secretary for a township case; a return from trial by the
// county 审理室, or the township secretary (the township tries its own
// cases first, XSJ); the decision recorded by the county leader (the county
// committee's), or the township secretary for a township case. The linked county room of a township sees the case
// through its scope and guides; it acts only when it leads (county-led, joint).
bool may_perform(Role r, CaseAction a, const CaseRelation& rel);
bool needs_reason(CaseAction a);  // refusals, returns, dismissal, abscond

// --- measures (审查调查措施, GZ 40; 监察法 ch. 4)

enum class Measure {
  Talk, Interrogation, Inquiry, Query, Freeze, Retrieve, Seal, Seize, Search, Inspection, Appraisal,
  TechnicalInvestigation, WantedNotice, ExitRestriction, Detention
};
inline constexpr EnumTable<Measure, 15> kMeasures{{{
    {Measure::Talk, "talk"},                // 谈话
    {Measure::Interrogation, "interrogation"},  // 讯问
    {Measure::Inquiry, "inquiry"},          // 询问 (witnesses)
    {Measure::Query, "query"},              // 查询
    {Measure::Freeze, "freeze"},            // 冻结
    {Measure::Retrieve, "retrieve"},        // 调取
    {Measure::Seal, "seal"},                // 查封
    {Measure::Seize, "seize"},              // 扣押
    {Measure::Search, "search"},            // 搜查
    {Measure::Inspection, "inspection"},    // 勘验检查
    {Measure::Appraisal, "appraisal"},      // 鉴定
    {Measure::TechnicalInvestigation, "technical_investigation"},  // 技术调查
    {Measure::WantedNotice, "wanted_notice"},      // 通缉
    {Measure::ExitRestriction, "exit_restriction"},  // 限制出境
    {Measure::Detention, "detention"},      // 留置
}}};

// The approval level of a measure: the handling department's head, the
// organ's head, or the higher organ (who that is depends on the case's level).
enum class MeasureApproval { Department, OrganHead, HigherOrgan };
struct MeasureRule {
  MeasureApproval approval = MeasureApproval::OrganHead;
  bool supervision_only = false;  // a 监察 power: 监察对象 suspected of 职务违法/犯罪
  bool township = false;          // a township discipline committee may take it
  bool property = false;          // holds property: returned within 3 days once unrelated
  bool recorded = false;          // 全程同步录音录像 (SL 56; GZ 48)
  const char* basis = "";
};
MeasureRule measure_rule(Measure m);
// A measure that lasts until it is lifted (留置, property held, 通缉, 限制出境,
// 技术调查): its end is recorded; the others are done on their day.
bool measure_lasts(Measure m);
// Who approves `m` in a case of `mode`; nullopt when a case of that level
// cannot take it (a township case: only the township's measures).
std::optional<Approver> measure_approver(Measure m, DispatchMode mode);

// --- the clocks (codes of data/time-limits.json)

// The investigation limit and its extension (SL 185 for 监察 and joint
// cases; the county's LOCAL limit for party-only cases).
std::string_view investigation_limit(Regime r);
std::string_view investigation_extension_limit(Regime r);
// Party-only: one extension (LOCAL, after the 2017 试行 rule); 监察: any
// number within the 6 months' total (SL 185).
std::optional<int> max_investigation_extensions(Regime r);
inline constexpr std::string_view kDetentionLimit = "detention";
inline constexpr std::string_view kDetentionExtensionLimit = "detention_extension";
inline constexpr std::string_view kDetentionNoticeLimit = "detention_notice";
inline constexpr std::string_view kPropertyReturnLimit = "seized_property_return";
inline constexpr std::string_view kIncidentReportLimit = "interview_incident_report";

// An extension as decided: a refusal is kept on record and moves nothing.
struct ClockExtension {
  Day decided;
  int amount = 0;  // in the extension limit's unit
  bool approved = false;
};
struct Detention {
  Day from;                     // 留置 day (not counted)
  std::optional<Day> released;  // 解除留置
  std::optional<int> extension;  // approved extension, in the extension limit's unit
};
struct Absence {
  Day absconded;
  std::optional<Day> returned;  // 到案
};
struct InvestigationFacts {
  Regime regime = Regime::PartyDiscipline;
  Day filed;
  std::vector<Detention> detentions;
  std::vector<Absence> absences;
  std::vector<ClockExtension> extensions;
};

enum class ClockStart { Filed, Released, Returned };
inline constexpr EnumTable<ClockStart, 3> kClockStarts{{{
    {ClockStart::Filed, "filed"},
    {ClockStart::Released, "released"},
    {ClockStart::Returned, "returned"},
}}};
struct InvestigationClock {
  // No due day while the person is detained (the detention's own limit
  // runs) or absconded (the clock restarts on return).
  enum class Status { Running, Detained, Absconded };
  Status status = Status::Running;
  ClockStart start_kind = ClockStart::Filed;
  Day start;                // the period counts from the day after
  std::optional<Day> due;   // the last day, moved off a day off where the limit says
  int extended = 0;         // approved extensions counted, in the extension limit's unit
};
// SL 185: 1 year from filing, or from the release of the last detention;
// an absconding restarts it from the day the person is back, and the
// extensions approved before the restart lapse with the old period. The
// extensions approved since the start are added to the period's unmoved end
// (each counted by SL 285 from there), then the last day is moved.
InvestigationClock investigation_clock(const WorkCalendar& cal, const TimeLimit& limit, const TimeLimit& extension,
                                       const InvestigationFacts& f);
// A detention's last day: 3 months from the day it began, plus its one
// extension, counted from the unmoved end; never moved off a holiday (SL 285).
Day detention_due(const WorkCalendar& cal, const TimeLimit& limit, const TimeLimit& extension, const Detention& d);

// --- the trial (审理, GZ 54–55; SL 191–196)

inline constexpr std::string_view kTrialLimit = "case_trial";
inline constexpr std::string_view kTrialExtensionLimit = "case_trial_extension";

// The file the investigators hand over (移送审理, GZ 52; SL 190), checked on
// receipt: accepted only complete, else deferred naming what is missing.
enum class TrialFileItem {
  FilingDecision, InvestigationReport, FactsShown, Evidence, PersonStatement, PropertyList, CaseFileIndex
};
inline constexpr EnumTable<TrialFileItem, 7> kTrialFileItems{{{
    {TrialFileItem::FilingDecision, "filing_decision"},          // 立案决定书及审批材料
    {TrialFileItem::InvestigationReport, "investigation_report"},  // 审查调查报告
    {TrialFileItem::FactsShown, "facts_shown"},                  // 与被审查调查人见面的事实材料
    {TrialFileItem::Evidence, "evidence"},                        // 证据材料
    {TrialFileItem::PersonStatement, "person_statement"},        // 被审查调查人的陈述或检讨
    {TrialFileItem::PropertyList, "property_list"},              // 涉案财物清单（无则注明）
    {TrialFileItem::CaseFileIndex, "case_file_index"},           // 案卷目录
}}};

// A return for supplementary investigation (补充审查调查) and its resubmission.
struct Supplement {
  Day returned;
  std::optional<Day> resubmitted;
};
struct TrialFacts {
  Day accepted;                          // the last acceptance (a re-investigation restarts the limit, SL 196)
  std::vector<Supplement> supplements;   // since that acceptance
  std::vector<ClockExtension> extensions;  // trial extensions decided since that acceptance
};
struct TrialClock {
  bool paused = false;    // a supplementary investigation is running: its time is not counted
  Day start;              // the acceptance
  Day due;                // the last day; while paused, as if the file came back today
  int excluded_days = 0;  // days spent in supplementary investigations
  int extended = 0;       // approved extensions, in the extension limit's unit
};
// SL 194, 196: one month from acceptance; the supplementary investigations'
// days (return to resubmission, `today` for one still running) are added to
// the unmoved end, then the approved extensions, then the last day moves
// off a day off where the limit says.
TrialClock trial_clock(const WorkCalendar& cal, const TimeLimit& limit, const TimeLimit& extension,
                       const TrialFacts& f, Day today);

// --- warnings (预警) of the case clocks: computed on every read, each
// occurrence acknowledged once, like the petitions' (IN-7).
enum class CaseWarning {
  DueSoon, Overdue,                    // the investigation limit (SL 185)
  DetentionDueSoon, DetentionOverdue,  // a detention's own limit
  NoticeDue, NoticeOverdue,            // its notice to unit and family (24 hours)
  ReturnDueSoon, ReturnOverdue,        // property no longer needed, not yet returned (3 days)
  IncidentReportDue, IncidentReportOverdue,  // a talk's incident, reported upward within 24 hours (GZ 70)
  ExtensionRequestPending,                   // a township's 请示 awaits the county's 批复
  TrialDueSoon, TrialOverdue,                // the trial limit (SL 194)
  ExecutionDueSoon, ExecutionOverdue         // a decision's execution task (CF 44–45; SL 203); overdue: 打白条
};
inline constexpr EnumTable<CaseWarning, 15> kCaseWarnings{{{
    {CaseWarning::DueSoon, "due_soon"},
    {CaseWarning::Overdue, "overdue"},
    {CaseWarning::DetentionDueSoon, "detention_due_soon"},
    {CaseWarning::DetentionOverdue, "detention_overdue"},
    {CaseWarning::NoticeDue, "detention_notice_due"},
    {CaseWarning::NoticeOverdue, "detention_notice_overdue"},
    {CaseWarning::ReturnDueSoon, "property_return_due_soon"},
    {CaseWarning::ReturnOverdue, "property_return_overdue"},
    {CaseWarning::IncidentReportDue, "incident_report_due"},
    {CaseWarning::IncidentReportOverdue, "incident_report_overdue"},
    {CaseWarning::ExtensionRequestPending, "extension_request_pending"},
    {CaseWarning::TrialDueSoon, "trial_due_soon"},
    {CaseWarning::TrialOverdue, "trial_overdue"},
    {CaseWarning::ExecutionDueSoon, "execution_due_soon"},
    {CaseWarning::ExecutionOverdue, "execution_overdue"},
}}};
// The 留置 notice (监察法 2024 art 50; SL 101): owed within 24 hours of the
// start unless withheld because it would obstruct the investigation (the
// reason recorded; given as soon as that ceases). nullopt: nothing owed now.
std::optional<CaseWarning> detention_notice_warning(const TimeLimit& limit, long long started_at_ms, bool notified,
                                                    bool withheld, long long now_ms);

// 成纪案〔2026〕0001号: per organisation and year, gapless (the storage numbers it on approval).
std::string case_number(std::string_view org_short_name, int year, long long seq);

// --- records

// One person's case. Several persons of one clue get a case each; a joint
// investigation (并案调查) links them by joint_of, the first case's id.
struct Case {
  long long id = 0;
  long long county_id = 0;
  std::optional<long long> township_id;  // the township concerned
  long long lead_org_id = 0;
  std::optional<long long> assist_org_id;
  std::string mode;    // dispatch mode code
  std::string source;  // case source code
  std::optional<long long> clue_id;
  std::optional<std::string> source_organ;  // transferring or assigning organ
  std::optional<std::string> source_ref;    // its letter or document number
  std::optional<long long> joint_of;
  long long person_id = 0;
  std::string cadre_level;
  int party_member = 0, public_official = 0;
  int conflict = 0;  // the person is the township's own discipline cadre or party secretary
  std::optional<std::string> supervised_category;
  std::string regime;
  std::string violations;  // comma-separated violation codes
  std::string summary, state;
  int approvals_done = 0;
  long long number_org_id = 0;
  int year = 0;
  std::optional<long long> seq;  // with the number, on the filing's last approval
  std::optional<std::string> number, filed_day, plan;
  std::optional<std::string> facts_shown_day, report;  // 事实材料见面; 审查调查报告, with the transfer request
  // The trial: accepted (the limit's start), its report and the collective
  // deliberation (集体审议), the due day as last computed.
  std::optional<std::string> trial_accepted_day, trial_report, trial_deliberation, trial_due_day;
  std::optional<std::string> trial_intervened_day;  // 提前介入
  int trial_extensions = 0;  // approved extensions of the running trial
  int absconded = 0;
  std::optional<std::string> limit_code, clock_start, due_day;
  int extensions = 0;  // approved extensions of the running period
  int extension_pending = 0;  // a request (请示) awaits its reply; read, never written
  long long requested_by = 0;
  long long created_at = 0, updated_at = 0;
  // Joined for views.
  std::string person_name, person_unit, lead_org_name, requested_by_name;
  std::optional<std::string> person_post, township_name, assist_org_name, clue_number;
};

struct CaseMeasure {
  long long id = 0, case_id = 0;
  std::string measure, day;
  std::optional<long long> started_at;  // UTC ms, for a detention's 24-hour notice
  std::optional<long long> notified_at;  // the detention's notice given (UTC ms)
  std::optional<std::string> notice_withheld;  // why it is withheld for now (SL 101)
  std::optional<std::string> ended_day;  // detention released, property unneeded
  std::optional<std::string> returned_day;
  std::optional<std::string> approved_by, approval_ref;
  std::vector<long long> people;
  std::optional<std::string> note;
  long long recorded_by = 0, at = 0;
};

struct CaseExtension {
  long long id = 0, case_id = 0;
  std::optional<long long> measure_id;  // a detention's extension
  std::string limit_code, decided_day;
  int amount = 0;
  int approved = 0;
  std::string approved_by, approval_ref;
  long long recorded_by = 0, at = 0;
};

// A township's request (请示) to extend the investigation and the county's
// reply (批复): the reply writes a CaseExtension (approved or refused) and
// links it here; until then the request is pending and moves nothing.
struct CaseExtensionRequest {
  long long id = 0, case_id = 0;
  std::string limit_code;
  int amount = 0;  // requested, in the extension limit's unit
  std::string reason;
  long long requested_by = 0, requested_at = 0;
  std::optional<long long> answered_by, answered_at, extension_id;
  std::optional<std::string> refusal_reason;
  // Joined for views: the users and the reply's extension.
  std::string requested_by_name;
  std::optional<std::string> answered_by_name, approval_ref;
  std::optional<int> approved, granted;
};

// One outcome of the decision (处分决定): its period in the rule's unit
// where one exists, the organ that decided it and the document; the
// period's and the whole influence's last days computed when decided.
struct CaseDecision {
  long long id = 0, case_id = 0;
  std::string outcome;
  std::optional<int> period_amount;
  std::optional<std::string> period_unit;
  std::string deciding_organ, decided_day, decision_ref;
  std::optional<std::string> period_end_day, influence_until;
  int simple_case = 0;
  long long recorded_by = 0, at = 0;
};

using CaseStep = StepRecord;

// A member of the investigation team (审查调查组, GZ 39): leader or member;
// of the trial (审理组, SL 192): lead or member, never one who investigated.
struct CaseTeamMember {
  long long user_id = 0;
  std::string role, name;
};

}  // namespace funnel::core
