#pragma once
// Cases I (立案 → 审查调查 → 移送审理, CA-1): the filing request from a clue
// that proposed it or with its own source, the filing's approval chain and
// the number it then gets, the investigation team, the measures log,
// extensions of the investigation limit, the facts shown to the person, the
// transfer to trial with its report and chain, and dismissal. One case is
// one person.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/case_execution.hpp"
#include "app/persons.hpp"
#include "app/views.hpp"
#include "core/case.hpp"
#include "store/cases_repo.hpp"
#include "store/interview_rooms_repo.hpp"

namespace funnel::app {

struct CaseInput {
  std::string source;
  std::optional<long long> clue_id, person_id;  // person_id: one of the clue's persons
  std::optional<ReportedInput> person;          // the person of a filing with its own source
  std::optional<std::string> source_organ, source_ref, supervised_category, mode, summary;
  std::vector<std::string> violations;
  std::optional<long long> township_id, assist_org_id;
};
// One outcome of a decision: the period in the outcome's unit (data/sanctions.json)
// where the rule leaves a choice; the deciding organ when not the decision's
// (a joint case: 县纪委 the party sanction, 县监委 the government one).
struct DecisionOutcomeInput {
  std::string outcome;
  std::optional<int> period;
  std::optional<std::string> deciding_organ;
};
struct CaseActionInput {
  std::string action;
  std::optional<std::string> reason, note;
  std::optional<std::string> approval_ref;  // the document of a decision recorded (approvals, measures, extensions)
  std::optional<std::string> plan;          // start_investigation
  std::vector<long long> team;              // start_investigation: user ids, the leader first
  std::optional<std::string> measure, day, approved_by;  // record_measure (approved_by, day: extend too)
  std::optional<long long> started_at;                     // a detention's start, UTC ms
  std::vector<long long> people;                           // who took the measure (team members)
  std::optional<int> amount;                               // extend, request_extension, approve_extension
  std::optional<long long> measure_id;                     // extend: a detention's (else the investigation)
  std::optional<bool> approved;                            // extend: the decision recorded
  std::optional<bool> signed_by_person;                    // show_facts: signed, or the refusal noted
  std::optional<std::string> refusal_note, report;         // show_facts; request_transfer: 审查调查报告
                                                           // (resubmit_supplementary: 补充审查调查报告)
  std::vector<long long> triers;                           // accept_trial: user ids, the lead first
  std::vector<std::string> file_items;                     // accept_trial: checked; defer_trial: missing
  std::optional<std::string> trial_report, deliberation;   // report_trial: 审理报告, 集体审议记录
  // decide: the outcomes, the organ, the day and the document number (文号);
  // important or complex unless said simple (the stricter reading).
  std::vector<DecisionOutcomeInput> outcomes;
  std::optional<std::string> deciding_organ, decided_on, decision_ref;
  std::optional<bool> simple_case;
  std::optional<long long> recovery_amount;  // 追缴违纪违法所得或责令退赔 ordered, yuan
};
// The list's filters; deadline: overdue or due_soon.
struct CaseListQuery {
  store::CaseFilter filter;
  std::optional<std::string> deadline;
};

struct CasePersonView {
  long long person_id = 0;
  std::string name, unit_name;
  std::optional<std::string> post;
  std::string cadre_level;
  bool party_member = false, public_official = false;
  std::optional<std::string> supervised_category;
};
BOOST_DESCRIBE_STRUCT(CasePersonView, (), (person_id, name, unit_name, post, cadre_level, party_member,
                                           public_official, supervised_category))
// A case as lists show it.
struct CaseView {
  long long id = 0;
  std::optional<std::string> number;  // on the filing's last approval
  std::string state, source;
  std::optional<long long> clue_id;  // only when the clue is in the viewer's scope
  std::optional<std::string> clue_number, source_organ, source_ref;
  std::string mode;
  std::optional<long long> township_id;
  std::optional<std::string> township_name;
  long long lead_org_id = 0;
  std::string lead_org_name;
  std::optional<long long> assist_org_id;
  std::optional<std::string> assist_org_name;
  CasePersonView person;
  std::string regime;
  std::vector<std::string> violations;
  std::string summary;
  ApprovalsView approvals;  // the chain running now (filing); done and empty otherwise
  int year = 0;
  std::optional<std::string> filed_day;
  std::string requested_by_name, created_at, updated_at;
  std::vector<std::string> actions;  // what the viewer may do now
  std::optional<DeadlineView> deadline;
  std::optional<DeadlineView> trial_deadline;  // in trial (SL 194); none while a supplement runs
};
BOOST_DESCRIBE_STRUCT(CaseView, (),
                      (id, number, state, source, clue_id, clue_number, source_organ, source_ref, mode, township_id,
                       township_name, lead_org_id, lead_org_name, assist_org_id, assist_org_name, person, regime,
                       violations, summary, approvals, year, filed_day, requested_by_name, created_at, updated_at,
                       actions, deadline, trial_deadline))
struct CaseTeamView {
  long long user_id = 0;
  std::string name, role;
};
BOOST_DESCRIBE_STRUCT(CaseTeamView, (), (user_id, name, role))
struct CaseMeasureView {
  long long id = 0;
  std::string measure, day;
  std::optional<std::string> started_at, ended_day, returned_day, approved_by, approval_ref, note;
  std::vector<long long> people;
  std::string recorded_at;
  std::optional<DeadlineView> deadline;  // a detention's own limit (3 months + its extension) while it lasts
  // A detention's notice to unit and family: owed by notice_due (24 hours),
  // given at notified_at, or withheld for now with the reason (SL 101).
  std::optional<std::string> notice_due, notified_at, notice_withheld;
  std::optional<std::string> return_due;  // property no longer needed: returned by this day (3 days)
  bool lasts = false;           // its end is recorded (core::measure_lasts)
  bool holds_property = false;  // returned once no longer needed
};
BOOST_DESCRIBE_STRUCT(CaseMeasureView, (),
                      (id, measure, day, started_at, ended_day, returned_day, approved_by, approval_ref, note, people,
                       recorded_at, deadline, notice_due, notified_at, notice_withheld, return_due, lasts,
                       holds_property))
struct CaseExtensionView {
  long long id = 0;
  std::string limit, decided_day;
  int amount = 0;
  bool approved = false;
  std::string approved_by;
  std::optional<std::string> approval_ref;
};
BOOST_DESCRIBE_STRUCT(CaseExtensionView, (), (id, limit, decided_day, amount, approved, approved_by, approval_ref))
// A township's request (请示) and the county's reply (批复): approved and
// granted stay null while it is pending.
struct CaseExtensionRequestView {
  long long id = 0;
  std::string limit;
  int amount = 0;  // requested
  std::string reason, requested_by_name, requested_at;
  bool pending = true;
  std::optional<std::string> answered_by_name, answered_at;
  std::optional<bool> approved;
  std::optional<int> granted;
  std::optional<std::string> approval_ref, refusal_reason;
};
BOOST_DESCRIBE_STRUCT(CaseExtensionRequestView, (),
                      (id, limit, amount, reason, requested_by_name, requested_at, pending, answered_by_name,
                       answered_at, approved, granted, approval_ref, refusal_reason))
// One decided outcome with its periods' last days (core::influence_period)
// and its form of the four (data/sanctions.json).
struct CaseDecisionView {
  std::string outcome, family;
  std::optional<int> period;
  std::optional<std::string> period_unit, period_until, influence_until;
  std::optional<int> form;
  std::string deciding_organ, decided_on, decision_ref;
  bool simple_case = false;
};
BOOST_DESCRIBE_STRUCT(CaseDecisionView, (),
                      (outcome, family, period, period_unit, period_until, influence_until, form, deciding_organ,
                       decided_on, decision_ref, simple_case))
// A township case's flow for its decided outcomes (core::proposed_flow):
// 乡案县审 with the township organ that may decide it all, or 乡镇报批.
struct CaseDecisionFlowView {
  std::string flow;
  std::optional<std::string> township_organ;
  std::vector<std::string> rows;  // approval-powers.json rows relied on
};
BOOST_DESCRIBE_STRUCT(CaseDecisionFlowView, (), (flow, township_organ, rows))
// The detail: the list's fields and the plan, team, measures, extensions and steps.
struct CaseDetail : CaseView {
  std::optional<std::string> plan, facts_shown_day, report;
  std::vector<CaseTeamView> team;
  std::vector<CaseTeamView> triers;  // 审理组, the lead first
  std::optional<std::string> trial_accepted_day, trial_intervened_day, trial_report, trial_deliberation;
  std::vector<CaseMeasureView> measures;
  std::vector<CaseExtensionView> extensions;
  std::vector<CaseExtensionRequestView> extension_requests;
  std::vector<StepView> steps;
  std::vector<CaseDecisionView> decisions;  // 处分决定, once decided
  std::optional<int> four_form;             // the decision's form (core::four_form)
  std::optional<CaseDecisionFlowView> proposed_flow;  // a decided township case
  std::vector<ExecutionTaskView> execution_tasks;     // 处分决定执行, once decided
};
BOOST_DESCRIBE_STRUCT(CaseDetail, (CaseView),
                      (plan, facts_shown_day, report, team, triers, trial_accepted_day, trial_intervened_day,
                       trial_report, trial_deliberation, measures, extensions, extension_requests, steps, decisions,
                       four_form, proposed_flow, execution_tasks))

// Who may join the investigation team: an active cadre of the lead or the
// assisting unit whose role handles cases, not recused from the person.
struct CaseTeamCandidate {
  long long user_id = 0;
  std::string name, org_name, role;
};
BOOST_DESCRIBE_STRUCT(CaseTeamCandidate, (), (user_id, name, org_name, role))

// A warning of a case clock (预警): the case as lists name it, the day (or,
// for the 24-hour notice, the instant) it is due, and the measure it is about.
struct CaseWarningItem : WarningView {
  long long case_id = 0;
  std::optional<std::string> case_number;
  std::string case_state, person_name, lead_org_name;
  std::optional<std::string> township_name;
  std::optional<long long> measure_id;
  std::string due;
};
BOOST_DESCRIBE_STRUCT(CaseWarningItem, (WarningView),
                      (case_id, case_number, case_state, person_name, lead_org_name, township_name, measure_id, due))
// A detention's notice: given at (UTC ms), or withheld for now with the reason.
struct CaseNoticeInput {
  std::optional<long long> notified_at;
  std::optional<std::string> withheld_reason;
};

class CaseService {
 public:
  explicit CaseService(Kernel& k) : k_(k) {}
  // 立案呈批: the request, waiting for its chain.
  CaseDetail file_case(const Actor& a, const CaseInput& in);
  PageOf<CaseView> list_cases(const Actor& a, const CaseListQuery& q, const core::Page& page);
  // An audited read (SY-4): the audit names the case, never its content.
  CaseDetail get_case(const Actor& a, long long id);
  CaseDetail act_on_case(const Actor& a, long long id, const CaseActionInput& in);
  // A measure ends: 留置 released (the investigation clock counts again from
  // that day, SL 185), property no longer needed and returned (SL 111/124/134).
  CaseDetail end_measure(const Actor& a, long long id, long long measure_id, const std::string& day,
                         const std::optional<std::string>& returned_day);
  // Who may join the investigation team, or (trial) the trial: the trying
  // unit's cadres who did not investigate the case.
  ListOf<CaseTeamCandidate> team_candidates(const Actor& a, long long id, bool trial = false);
  // The 留置 notice to unit and family (监察法 2024 art 50; SL 101).
  CaseDetail record_notice(const Actor& a, long long id, long long measure_id, const CaseNoticeInput& in);
  // Property released earlier is handed back (SL 111/124/134).
  CaseDetail record_return(const Actor& a, long long id, long long measure_id, const std::string& day);
  // Every warning of the case clocks that holds now in the caller's scope,
  // soonest due first, without the acknowledged ones unless asked.
  PageOf<CaseWarningItem> case_warnings(const Actor& a, const std::optional<std::string>& code,
                                        bool include_acknowledged, const core::Page& page);
  // Acknowledges one occurrence; idempotent; 409 when it no longer holds.
  WarningAckResult acknowledge_case_warning(const Actor& a, long long case_id, const std::string& code,
                                            const std::string& occurrence, const std::optional<std::string>& note);

  // The chain running in the case's state (filing or transfer), empty otherwise.
  const std::vector<core::Approver>& approval_chain(const core::Case& c) const;
  // The investigation clock from the filing, detentions and extensions (SL 185).
  void set_case_clock(store::Tx& tx, core::Case& c) const;
  // The trial clock (SL 194, 196) from the acceptance, the supplements and
  // the trial's extensions; none outside the trial or while a supplement runs.
  void set_trial_clock(core::Case& c, core::CaseState st, const std::vector<core::CaseExtension>& extensions,
                       const std::vector<core::CaseStep>& steps, core::Day today) const;

 private:
  // visible_clues: which clues of a page the viewer sees, looked up once for
  // the page; without it the case's own clue is looked up.
  CaseView case_view(store::Tx& tx, const Actor& a, const core::Case& c,
                     const std::set<long long>* visible_clues = nullptr);
  CaseDetail case_detail(store::Tx& tx, const Actor& a, const core::Case& c);
  // The decided outcomes, the decision's form and a township case's flow.
  void decision_of(const core::Case& c, const std::vector<core::CaseDecision>& rows, CaseDetail& d) const;
  CaseDetail read_detail(const Actor& a, long long id);
  // A change to one measure of a case in the caller's scope by those who take
  // the measures, logged as a step `action` and audited; `change` checks and
  // edits the measure and adds to the step's detail.
  template <class Change>
  CaseDetail change_measure(const Actor& a, long long id, long long measure_id, const char* action, Change change);
  // The warnings of one case (its clock, its measures owing something, its
  // talks' incidents not yet reported upward).
  void warnings_of(const core::Case& c, const std::vector<core::CaseMeasure>& owing,
                   const std::vector<core::CaseExtension>& extensions,
                   const std::optional<core::CaseExtensionRequest>& pending,
                   const std::vector<store::InterviewIncident>& incidents,
                   const std::vector<store::ExecutionTaskRow>& tasks, long long now,
                   std::vector<CaseWarningItem>& out) const;
  std::optional<DeadlineView> detention_deadline(const core::CaseMeasure& m,
                                                 const std::vector<core::CaseExtension>& extensions,
                                                 core::Day today) const;
  Kernel& k_;
};

}  // namespace funnel::app
