#include "app/cases.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <tuple>

#include "app/workflow.hpp"
#include "core/access.hpp"
#include "core/case_evidence.hpp"
#include "core/case_rules.hpp"
#include "core/deadline.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "store/case_evidence_repo.hpp"
#include "store/clues_repo.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"
#include "store/recusals_repo.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

using core::CaseAction;
using core::CaseState;

namespace {

std::string str(std::string_view v) { return std::string(v); }

// Whether a county may hand 职务违法 cases to its townships (LOCAL, domain.md
// §1 监察工作向镇街延伸): not yet a setting, so township cases stay party cases.
constexpr bool kTownshipSupervisionDelegated = false;

std::vector<std::string> split_codes(const std::string& s) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= s.size() && !s.empty()) {
    auto comma = s.find(',', from);
    out.push_back(s.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return out;
}

core::CaseFacts case_facts(const core::Case& c) {
  core::CaseFacts f;
  f.regime = *core::kRegimes.parse(c.regime);
  f.mode = *core::kDispatchModes.parse(c.mode);
  for (auto& v : split_codes(c.violations))
    if (auto x = core::kViolations.parse(v)) f.violations.push_back(*x);
  return f;
}

core::CaseRelation relation(const Actor& a, const core::Case& c, const std::vector<core::Approver>& chain) {
  return core::case_relation(c, a.role, a.user.org_unit_id, a.scope.county_id, chain);
}

// Those who handle cases or try them take steps; core::may_perform says which.
bool may_step(const Actor& a) {
  return core::has_permission(a.role, core::Permission::CaseHandle) ||
         core::has_permission(a.role, core::Permission::CaseTry);
}

// The investigation's extensions (not a detention's, not the trial's).
bool investigation_extension(const core::CaseExtension& e) {
  return !e.measure_id && e.limit_code != core::kTrialExtensionLimit;
}

// May `u` try case `c`: the county's 审理室 its cases; a township case its
// own committee's cadres (the township tries first, XSJ).
bool may_try_case(store::Tx& tx, const core::User& u, const core::Case& c) {
  auto role = core::kRoles.parse(u.role);
  if (u.status != "active" || !role || !u.org_unit_id) return false;
  if (c.mode == core::kDispatchModes.code(core::DispatchMode::Township))
    return *u.org_unit_id == c.lead_org_id && core::has_permission(*role, core::Permission::CaseHandle);
  if (*role != core::Role::TrialOffice) return false;
  auto org = store::find_org(tx, core::unrestricted_scope(), *u.org_unit_id);
  return org && org->county_id == c.county_id;
}

// The actions the actor may take now (the UI offers exactly these).
std::vector<CaseAction> actions_for(const Actor& a, const core::Case& c, const std::vector<core::Approver>& chain) {
  std::vector<CaseAction> out;
  auto st = core::kCaseStates.parse(c.state);
  if (!st || !may_step(a)) return out;
  const auto rel = relation(a, c, chain);
  for (auto act : core::actions_from(*st, core::case_step_facts(c, chain)))
    if (core::may_perform(a.role, act, rel)) out.push_back(act);
  return out;
}

// The township's request awaiting the county's reply, if any.
std::optional<core::CaseExtensionRequest> pending_request(store::Tx& tx, const core::Case& c) {
  if (!c.extension_pending) return std::nullopt;
  for (auto& r : store::extension_requests_of(tx, c.id))
    if (!r.answered_at) return r;
  return std::nullopt;
}

// Items of the property register taken by the measure and not yet returned,
// transferred or confiscated.
bool still_held(store::Tx& tx, const core::CaseMeasure& m) {
  for (auto& p : store::case_property_of(tx, m.case_id))
    if (p.measure_id == m.id && p.state == core::kPropertyStates.code(core::PropertyState::Held)) return true;
  return false;
}

// Who the decision is about, as the approval powers read it.
core::PowerQuery power_query(const core::Case& c, std::vector<core::Outcome> outcomes, bool simple) {
  core::PowerQuery q;
  q.outcomes = std::move(outcomes);
  q.party_member = c.party_member != 0;
  if (c.supervised_category) q.category = core::kSupervisedCategories.parse(*c.supervised_category);
  q.simple_case = simple;
  return q;
}

std::string period_unit_code(core::LimitUnit u) { return u == core::LimitUnit::Years ? "years" : "months"; }

}  // namespace

const std::vector<core::Approver>& CaseService::approval_chain(const core::Case& c) const {
  static const std::vector<core::Approver> none;
  auto mode = core::kDispatchModes.parse(c.mode);
  if (!mode) return none;
  const auto st = core::kCaseStates.parse(c.state);
  if (st == CaseState::FilingRequested) return k_.case_approvals().filing.at(*mode).approvers;
  if (st == CaseState::TransferRequested) return k_.case_approvals().transfer.at(*mode).approvers;
  return none;
}

// --- the clock

void CaseService::set_case_clock(store::Tx& tx, core::Case& c) const {
  auto st = core::kCaseStates.parse(c.state);
  auto filed = c.filed_day ? core::parse_day(*c.filed_day) : std::nullopt;
  if (!st || !core::investigation_clock_runs(*st) || !filed) {
    c.limit_code.reset();
    c.clock_start.reset();
    c.due_day.reset();
    c.extensions = 0;
    return;
  }
  const auto regime = *core::kRegimes.parse(c.regime);
  const auto* limit = k_.find_time_limit(core::investigation_limit(regime));
  const auto* ext = k_.find_time_limit(core::investigation_extension_limit(regime));
  if (!limit || !ext) throw std::runtime_error("case clock: time limit missing from data/time-limits.json");
  core::InvestigationFacts f;
  f.regime = regime;
  f.filed = *filed;
  for (auto& m : store::case_measures_of(tx, c.id)) {
    if (m.measure != core::kMeasures.code(core::Measure::Detention)) continue;
    core::Detention d{*core::parse_day(m.day), m.ended_day ? core::parse_day(*m.ended_day) : std::nullopt, {}};
    f.detentions.push_back(d);
  }
  const auto extensions = store::case_extensions_of(tx, c.id);
  for (auto& e : extensions)
    if (investigation_extension(e)) f.extensions.push_back({*core::parse_day(e.decided_day), e.amount, e.approved != 0});
  const auto steps = store::case_steps_of(tx, c.id);
  set_trial_clock(c, *st, extensions, steps, core::day_of_ms(tx.now));
  // Absconding and the return (到案) are steps; the day each was recorded counts.
  for (auto& st : steps) {
    const auto day = core::day_of_ms(st.at);
    if (st.action == core::kCaseActions.code(CaseAction::Abscond)) f.absences.push_back({day, std::nullopt});
    if (st.action == core::kCaseActions.code(CaseAction::ReturnToCase) && !f.absences.empty())
      f.absences.back().returned = day;
  }
  const auto clock = core::investigation_clock(k_.calendar(), *limit, *ext, f);
  c.limit_code = str(core::investigation_limit(regime));
  c.clock_start = core::format_day(clock.start);
  c.due_day = clock.due ? std::optional(core::format_day(*clock.due)) : std::nullopt;
  c.extensions = 0;
  for (auto& e : f.extensions)
    if (e.approved && e.decided >= clock.start) ++c.extensions;
}

void CaseService::set_trial_clock(core::Case& c, CaseState st, const std::vector<core::CaseExtension>& extensions,
                                  const std::vector<core::CaseStep>& steps, core::Day today) const {
  c.trial_due_day.reset();
  c.trial_extensions = 0;
  auto accepted = c.trial_accepted_day ? core::parse_day(*c.trial_accepted_day) : std::nullopt;
  if (st != CaseState::InTrial || !accepted) return;  // a supplementary investigation stops it
  const auto* limit = k_.find_time_limit(core::kTrialLimit);
  const auto* ext = k_.find_time_limit(core::kTrialExtensionLimit);
  if (!limit || !ext) throw std::runtime_error("trial clock: time limit missing from data/time-limits.json");
  core::TrialFacts f;
  f.accepted = *accepted;
  for (auto& e : extensions)
    if (e.limit_code == core::kTrialExtensionLimit)
      f.extensions.push_back({*core::parse_day(e.decided_day), e.amount, e.approved != 0});
  for (auto& x : steps) {
    const auto day = core::day_of_ms(x.at);
    if (x.action == core::kCaseActions.code(CaseAction::ReturnSupplementary)) f.supplements.push_back({day, {}});
    if (x.action == core::kCaseActions.code(CaseAction::ResubmitSupplementary) && !f.supplements.empty())
      f.supplements.back().resubmitted = day;
  }
  const auto clock = core::trial_clock(k_.calendar(), *limit, *ext, f, today);
  c.trial_due_day = core::format_day(clock.due);
  for (auto& e : f.extensions)
    if (e.approved && e.decided >= f.accepted) ++c.trial_extensions;
}

// --- views

CaseView CaseService::case_view(store::Tx& tx, const Actor& a, const core::Case& c,
                                const std::set<long long>* visible_clues) {
  const core::Day today = core::day_of_ms(tx.now);
  CaseView v;
  const auto& chain = approval_chain(c);
  for (auto x : chain) v.approvals.needed.emplace_back(core::kApprovers.code(x));
  v.approvals.done = chain.empty() ? 0 : c.approvals_done;
  if (auto next = core::next_approver(c, chain)) v.approvals.next = str(core::kApprovers.code(*next));
  if (!chain.empty()) {
    const auto& chains = core::kCaseStates.parse(c.state) == CaseState::FilingRequested ? k_.case_approvals().filing
                                                                                         : k_.case_approvals().transfer;
    v.approvals.basis = chains.at(*core::kDispatchModes.parse(c.mode)).basis;
  }
  for (auto act : actions_for(a, c, chain)) v.actions.emplace_back(core::kCaseActions.code(act));
  // A link is shown only when the clue is in the viewer's scope.
  if (c.clue_id && (visible_clues ? visible_clues->count(*c.clue_id) > 0 : !!store::find_clue(tx, a.scope, *c.clue_id))) {
    v.clue_id = c.clue_id;
    v.clue_number = c.clue_number;
  }
  v.id = c.id;
  v.number = c.number;
  v.state = c.state;
  v.source = c.source;
  v.source_organ = c.source_organ;
  v.source_ref = c.source_ref;
  v.mode = c.mode;
  v.township_id = c.township_id;
  v.township_name = c.township_name;
  v.lead_org_id = c.lead_org_id;
  v.lead_org_name = c.lead_org_name;
  v.assist_org_id = c.assist_org_id;
  v.assist_org_name = c.assist_org_name;
  v.person = {c.person_id,          c.person_name,          c.person_unit,          c.person_post,
              c.cadre_level,        c.party_member != 0,    c.public_official != 0, c.supervised_category};
  v.regime = c.regime;
  v.violations = split_codes(c.violations);
  v.summary = c.summary;
  v.year = c.year;
  v.filed_day = c.filed_day;
  v.requested_by_name = c.requested_by_name;
  v.created_at = core::iso_utc(c.created_at);
  v.updated_at = core::iso_utc(c.updated_at);
  v.deadline = deadline_view(k_, core::deadline_of(c, k_.calendar(), today, k_.catalogue().due_soon_working_days));
  v.trial_deadline =
      deadline_view(k_, core::trial_deadline_of(c, k_.calendar(), today, k_.catalogue().due_soon_working_days));
  return v;
}

CaseDetail CaseService::case_detail(store::Tx& tx, const Actor& a, const core::Case& c) {
  CaseDetail d;
  static_cast<CaseView&>(d) = case_view(tx, a, c);
  d.plan = c.plan;
  d.facts_shown_day = c.facts_shown_day;
  d.report = c.report;
  for (auto& m : store::case_team_of(tx, c.id)) d.team.push_back({m.user_id, m.name, m.role});
  for (auto& m : store::case_triers_of(tx, c.id)) d.triers.push_back({m.user_id, m.name, m.role});
  d.trial_accepted_day = c.trial_accepted_day;
  d.trial_intervened_day = c.trial_intervened_day;
  d.trial_report = c.trial_report;
  d.trial_deliberation = c.trial_deliberation;
  const auto extensions = store::case_extensions_of(tx, c.id);
  for (auto& m : store::case_measures_of(tx, c.id)) {
    d.measures.push_back({m.id, m.measure, m.day,
                          m.started_at ? std::optional(core::iso_utc(*m.started_at)) : std::nullopt, m.ended_day,
                          m.returned_day, m.approved_by, m.approval_ref, m.note, m.people, core::iso_utc(m.at),
                          std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, false, false});
    auto& v = d.measures.back();
    if (auto kind = core::kMeasures.parse(m.measure)) {
      v.lasts = core::measure_lasts(*kind);
      v.holds_property = core::measure_rule(*kind).property;
    }
    if (m.measure == core::kMeasures.code(core::Measure::Detention)) {
      if (!m.ended_day) v.deadline = detention_deadline(m, extensions, core::day_of_ms(tx.now));
      if (const auto* notice = k_.find_time_limit(core::kDetentionNoticeLimit); notice && m.started_at)
        v.notice_due = core::iso_utc(core::due_time_ms(*notice, *m.started_at));
      if (m.notified_at) v.notified_at = core::iso_utc(*m.notified_at);
      v.notice_withheld = m.notice_withheld;
    }
    if (const auto* ret = k_.find_time_limit(core::kPropertyReturnLimit);
        ret && m.ended_day && core::measure_rule(*core::kMeasures.parse(m.measure)).property)
      v.return_due = core::format_day(core::due_day(k_.calendar(), *ret, *core::parse_day(*m.ended_day)));
  }
  for (auto& e : extensions)
    d.extensions.push_back({e.id, e.limit_code, e.decided_day, e.amount, e.approved != 0, e.approved_by,
                            e.approval_ref.empty() ? std::nullopt : std::optional(e.approval_ref)});
  for (auto& r : store::extension_requests_of(tx, c.id)) {
    CaseExtensionRequestView v;
    v.id = r.id;
    v.limit = r.limit_code;
    v.amount = r.amount;
    v.reason = r.reason;
    v.requested_by_name = r.requested_by_name;
    v.requested_at = core::iso_utc(r.requested_at);
    v.pending = !r.answered_at;
    v.answered_by_name = r.answered_by_name;
    if (r.answered_at) v.answered_at = core::iso_utc(*r.answered_at);
    if (r.approved) v.approved = *r.approved != 0;
    if (r.approved && *r.approved) v.granted = r.granted;
    if (r.approval_ref && !r.approval_ref->empty()) v.approval_ref = r.approval_ref;
    v.refusal_reason = r.refusal_reason;
    d.extension_requests.push_back(std::move(v));
  }
  for (auto& s : store::case_steps_of(tx, c.id)) d.steps.push_back(step_view(s));
  decision_of(c, store::case_decisions_of(tx, c.id), d);
  d.execution_tasks = execution_views(tx, k_, a, c);
  return d;
}

void CaseService::decision_of(const core::Case& c, const std::vector<core::CaseDecision>& rows, CaseDetail& d) const {
  if (rows.empty()) return;
  const auto& rules = k_.sanction_rules();
  std::vector<core::Outcome> outcomes;
  bool simple = false;
  for (auto& r : rows) {
    auto o = core::kOutcomes.parse(r.outcome);
    if (!o) continue;  // a code dropped from the data since: shown nowhere rather than guessed
    outcomes.push_back(*o);
    simple = r.simple_case != 0;
    CaseDecisionView v;
    v.outcome = r.outcome;
    v.family = str(core::kOutcomeFamilies.code(core::family_of(*o)));
    v.period = r.period_amount;
    v.period_unit = r.period_unit;
    v.period_until = r.period_end_day;
    v.influence_until = r.influence_until;
    v.form = rules.of(*o).form;
    v.deciding_organ = r.deciding_organ;
    v.decided_on = r.decided_day;
    v.decision_ref = r.decision_ref;
    v.simple_case = r.simple_case != 0;
    d.decisions.push_back(std::move(v));
  }
  d.four_form = core::four_form(rules, outcomes);
  if (c.mode != core::kDispatchModes.code(core::DispatchMode::Township) || outcomes.empty()) return;
  const auto q = power_query(c, outcomes, simple);
  if (core::outcome_fit_problem(k_.approval_powers(), q)) return;  // the data changed since: no proposal
  const auto f = core::proposed_flow(k_.approval_powers(), q);
  CaseDecisionFlowView v;
  v.flow = str(core::kReviewFlows.code(f.flow));
  if (f.township_organ) v.township_organ = str(core::kDecidingOrgans.code(*f.township_organ));
  v.rows = f.rows;
  d.proposed_flow = std::move(v);
}

std::optional<DeadlineView> CaseService::detention_deadline(const core::CaseMeasure& m,
                                                            const std::vector<core::CaseExtension>& extensions,
                                                            core::Day today) const {
  const auto* limit = k_.find_time_limit(core::kDetentionLimit);
  const auto* ext = k_.find_time_limit(core::kDetentionExtensionLimit);
  auto from = core::parse_day(m.day);
  if (!limit || !ext || !from) return std::nullopt;
  core::Detention d{*from, std::nullopt, std::nullopt};
  int count = 0;
  for (auto& e : extensions)
    if (e.measure_id == m.id && e.approved) {
      d.extension = e.amount;
      ++count;
    }
  // 留置 ends on its day whatever the calendar says (SL 285).
  const std::string due = core::format_day(core::detention_due(k_.calendar(), *limit, *ext, d));
  const auto r = core::read_deadline(k_.calendar(), {true, due, false}, today, k_.catalogue().due_soon_working_days);
  core::Deadline dl;
  dl.limit = std::string(core::kDetentionLimit);
  dl.start = m.day;
  dl.due = due;
  dl.working_days_left = r.working_days_left;
  dl.extensions = count;
  dl.status = r.status;
  dl.provisional = !k_.calendar().covers(*core::parse_day(due));
  return deadline_view(k_, dl);
}

CaseDetail CaseService::read_detail(const Actor& a, long long id) {
  return k_.db().read([&](store::Tx& tx) {
    auto saved = store::find_case(tx, core::unrestricted_scope(), id);
    if (!saved) throw not_found("案件");
    return case_detail(tx, a, *saved);
  });
}

// --- the filing request

CaseDetail CaseService::file_case(const Actor& a, const CaseInput& in) {
  k_.require(a, core::Permission::CaseFile);
  if (in.person) {
    if (core::trim(in.person->name).empty()) throw invalid("person.name", "请填写被审查调查人姓名");
    if (!core::kCadreLevels.parse(in.person->cadre_level)) throw invalid("person.cadre_level", "未知的干部级别");
  }
  const long long id = k_.db().write([&](store::Tx& tx) {
    const auto unit = unit_of(tx, a);
    const long long county = *unit.county_id;
    // The source: a clue in the actor's scope whose verification proposed
    // filing, naming the person; or the organ and document it came with.
    std::optional<core::Clue> clue;
    std::vector<core::ReportedPerson> clue_persons;
    if (in.clue_id) {
      clue = store::find_clue(tx, a.scope, *in.clue_id);
      if (clue) clue_persons = store::clue_persons_of(tx, clue->id);
    }
    core::FilingSource fs;
    fs.source = in.source;
    fs.clue_id = in.clue_id;
    fs.clue = clue ? &*clue : nullptr;
    fs.source_organ = in.source_organ;
    fs.source_ref = in.source_ref;
    std::optional<core::ReportedPerson> person;
    if (clue && in.person_id) {
      for (auto& rp : clue_persons)
        if (rp.person.id == *in.person_id) person = rp;
      fs.person_in_clue = person.has_value();
      fs.already_filed = person && store::clue_person_filed(tx, clue->id, *in.person_id);
    }
    if (auto why = core::filing_source_problem(fs)) throw core::to_error(*why);
    if (!clue) {
      if (!in.person) throw invalid("person", "请填写被审查调查人");
      if (in.person_id) throw invalid("person_id", "仅由问题线索立案时选择线索反映的人员");
      person = save_reported(tx, county, *in.person);
    }
    if (std::find(a.scope.recused_person_ids.begin(), a.scope.recused_person_ids.end(), person->person.id) !=
        a.scope.recused_person_ids.end())
      throw forbidden("本人应当回避，不能对此人申请立案");

    core::FilingSubject subject{reported_facts(*person), in.supervised_category, in.violations, in.mode, in.summary};
    if (auto why = core::filing_subject_problem(subject, kTownshipSupervisionDelegated)) throw core::to_error(*why);
    const auto mode = *core::kDispatchModes.parse(*in.mode);

    // The filing organisation is the requester's unit: the township for 镇案镇办,
    // the lead room for a county case (joint: with the assisting township).
    core::Case c;
    c.county_id = county;
    c.lead_org_id = unit.id;
    if (mode == core::DispatchMode::Township) {
      if (unit.kind != core::kOrgKinds.code(core::OrgKind::Township))
        throw invalid("mode", "镇案镇办须由乡镇纪委申请立案");
      if (in.assist_org_id) throw invalid("assist_org_id", "镇案镇办没有协办单位");
      c.township_id = unit.id;
      c.number_org_id = unit.id;
    } else {
      if (unit.category != core::kOrgCategories.code(core::OrgCategory::DisciplineRoom))
        throw invalid("mode", "县纪委监委立案须由承办的纪检监察室申请");
      auto township_of_county = [&](const std::optional<long long>& id, const char* field) {
        auto t = id ? store::find_org(tx, core::unrestricted_scope(), *id) : std::nullopt;
        if (!t || t->kind != core::kOrgKinds.code(core::OrgKind::Township) || t->county_id != county)
          throw invalid(field, "应为本县的乡镇（街道）");
        return t->id;
      };
      if (mode == core::DispatchMode::Joint) {
        // The township of its own discipline cadre or party secretary never handles the case.
        if (person->township_discipline_staff || person->township_party_secretary)
          throw invalid("assist_org_id", "反映乡镇纪检监察干部或党委书记的案件，不能由该乡镇协办");
        c.assist_org_id = township_of_county(in.assist_org_id, "assist_org_id");
        c.township_id = c.assist_org_id;
      } else {
        if (in.assist_org_id) throw invalid("assist_org_id", "仅联合办理的案件有协办乡镇");
        if (in.township_id) c.township_id = township_of_county(in.township_id, "township_id");
        else if (clue) c.township_id = clue->township_id;
      }
      c.number_org_id = county;
    }
    c.mode = *in.mode;
    c.source = in.source;
    c.clue_id = clue ? std::optional(clue->id) : std::nullopt;
    c.source_organ = in.source_organ;
    c.source_ref = in.source_ref;
    c.person_id = person->person.id;
    c.cadre_level = person->person.cadre_level;
    c.party_member = person->person.party_member;
    c.public_official = person->person.public_official;
    c.supervised_category = in.supervised_category;
    c.conflict = person->township_discipline_staff || person->township_party_secretary ? 1 : 0;
    auto category = in.supervised_category ? core::kSupervisedCategories.parse(*in.supervised_category) : std::nullopt;
    c.regime = str(core::kRegimes.code(*core::regime_of(c.party_member != 0, category)));
    for (std::size_t i = 0; i < in.violations.size(); ++i) c.violations += (i ? "," : "") + in.violations[i];
    c.summary = core::trim(*in.summary);
    c.state = str(core::kCaseStates.code(CaseState::FilingRequested));
    c.year = static_cast<int>(std::chrono::year_month_day{core::day_of_ms(tx.now)}.year());
    c.requested_by = a.user.id;
    c.id = store::insert_case(tx, c);

    core::CaseStep st;
    st.record_id = c.id;
    st.action = "request_filing";
    st.to_state = c.state;
    st.actor_id = a.user.id;
    st.actor_name = a.user.display_name;
    st.org_id = unit.id;
    json::object detail{{"source", c.source}, {"mode", c.mode}, {"regime", c.regime}};
    st.detail = json::serialize(detail);
    store::insert_case_step(tx, st);
    // The audit holds what happened, never the person or the facts.
    if (c.clue_id) detail["clue_id"] = *c.clue_id;
    k_.audit(tx, &a, "create", "case", c.id, detail);
    return c.id;
  });
  return read_detail(a, id);
}

PageOf<CaseView> CaseService::list_cases(const Actor& a, const CaseListQuery& q, const core::Page& page) {
  k_.require(a, core::Permission::CaseRead);
  return k_.db().read([&](store::Tx& tx) {
    auto f = q.filter;
    const core::Day today = core::day_of_ms(tx.now);
    if (q.deadline) {
      // As the deadline's status reads: overdue after the due day, due soon
      // within the warning threshold (data/warnings.json).
      const auto soon = k_.calendar().add_working_days(today, std::max(k_.catalogue().due_soon_working_days, 0));
      if (*q.deadline == core::kDeadlineStatuses.code(core::DeadlineStatus::Overdue)) {
        f.due_before = core::format_day(today);
      } else {
        f.due_from = core::format_day(today);
        f.due_before = core::format_day(soon + std::chrono::days{1});
      }
    }
    PageOf<CaseView> out;
    const auto rows = store::list_cases(tx, a.scope, f, page, &out.total);
    std::vector<long long> clue_ids;
    for (auto& c : rows)
      if (c.clue_id) clue_ids.push_back(*c.clue_id);
    const auto visible = clue_ids.empty() ? std::set<long long>{} : store::visible_clue_ids(tx, a.scope, clue_ids);
    for (auto& c : rows) out.items.push_back(case_view(tx, a, c, &visible));
    return out;
  });
}

CaseDetail CaseService::get_case(const Actor& a, long long id) {
  k_.require(a, core::Permission::CaseRead);
  std::optional<core::Case> found;
  auto d = k_.db().read([&](store::Tx& tx) {
    found = store::find_case(tx, a.scope, id);
    if (!found) throw not_found("案件不存在或不在本人数据范围内");
    return case_detail(tx, a, *found);
  });
  // SY-4: opening a case is a sensitive read (the audit names the record).
  k_.db().append([&](store::Tx& tx) { k_.audit(tx, &a, "read", "case", id, {{"number", number_value(found->number)}}); });
  return d;
}

// --- the steps

namespace {
struct CaseSteps {
  using Record = core::Case;
  using State = CaseState;
  static constexpr const char* kEntity = "case";
  static constexpr const char* kNotFound = "案件不存在或不在本人数据范围内";
  const CaseService& svc;
  Kernel& k;
  const CaseActionInput& in;
  CaseAction action;
  json::object choice;  // what the step decided, kept with the step
  std::optional<std::string> step_note;  // content kept with the step only (never audited)
  using S = Step<Record, State>;

  void lock(store::Tx& tx, long long id) { store::lock_case(tx, id); }
  std::optional<Record> find(store::Tx& tx, const core::Scope& scope, long long id) {
    return store::find_case(tx, scope, id);
  }
  State state_of(const Record& c) const { return *core::kCaseStates.parse(c.state); }
  std::string code(State st) const { return str(core::kCaseStates.code(st)); }

  State transition(S& s) {
    const auto& c = s.record;
    const auto& chain = svc.approval_chain(c);
    const auto facts = core::case_step_facts(c, chain);
    if (auto why = core::case_transition_problem(s.from, action, facts)) throw core::to_error(*why);
    if (!core::may_perform(s.actor.role, action, relation(s.actor, c, chain)))
      throw forbidden("本人所在单位或角色不能对本案件执行此操作");
    return *core::next_state(s.from, action, facts);
  }

  void apply(S& s) {
    auto& c = s.record;
    auto& tx = s.tx;
    switch (action) {
      case CaseAction::ApproveFiling:
      case CaseAction::ApproveTransfer: {
        const auto next = *core::next_approver(c, svc.approval_chain(c));
        if (auto why = core::approval_record_problem(next, in.approval_ref)) throw core::to_error(*why);
        ++c.approvals_done;
        choice = {{"approver", core::kApprovers.code(next)}, {"approval", c.approvals_done}};
        if (in.approval_ref) choice["approval_ref"] = core::trim(*in.approval_ref);
        // On the chain's last approval the case is filed and numbered (per
        // filing organisation and year, gapless) and its clock starts.
        if (s.to == CaseState::Filed) {
          auto org = store::find_org(tx, core::unrestricted_scope(), c.number_org_id);
          c.year = static_cast<int>(std::chrono::year_month_day{s.today}.year());
          c.seq = store::next_number(tx, c.number_org_id, c.year, "case");
          c.number = core::case_number(org ? org->short_name : "", c.year, *c.seq);
          c.filed_day = s.today_s;
          s.detail["number"] = *c.number;
        }
        break;
      }
      case CaseAction::RefuseFiling:
      case CaseAction::ReturnTransfer:
        choice = {{"approver", core::kApprovers.code(*core::next_approver(c, svc.approval_chain(c)))}};
        c.approvals_done = 0;
        break;
      case CaseAction::ShowFacts:
        // 事实材料见面 (GZ 51; SL 187): signed, or the refusal noted.
        if (auto why = core::facts_shown_problem(in.signed_by_person.value_or(false), in.refusal_note))
          throw core::to_error(*why);
        c.facts_shown_day = s.today_s;
        choice = {{"signed", in.signed_by_person.value_or(false)}};
        if (in.refusal_note) choice["refusal_note"] = core::trim(*in.refusal_note);
        break;
      case CaseAction::RequestTransfer: {
        // 移送审理: the facts were shown; the investigation report comes with the request.
        const bool report = (in.report && !core::trim(*in.report).empty()) || c.report;
        if (auto why = core::transfer_request_problem(c.facts_shown_day.has_value(), report))
          throw core::to_error(*why);
        if (in.report && !core::trim(*in.report).empty()) c.report = core::trim(*in.report);
        c.approvals_done = 0;  // the transfer's chain starts
        break;
      }

      case CaseAction::StartInvestigation: {
        // The team: the lead (or assisting) unit's cadres, none recused from the person.
        std::vector<long long> recused;
        for (auto uid : in.team) {
          auto u = store::find_user(tx, uid);
          const bool ours = u && u->org_unit_id && (*u->org_unit_id == c.lead_org_id || *u->org_unit_id == c.assist_org_id);
          if (!ours) throw invalid("team", "审查调查组成员应为承办单位的工作人员");
          if (store::find_recusal_id(tx, uid, c.person_id)) recused.push_back(uid);
        }
        if (auto why = core::investigation_start_problem(in.plan, in.team, recused)) throw core::to_error(*why);
        c.plan = core::trim(*in.plan);
        store::set_case_team(tx, c.id, in.team);
        choice = {{"team", json::value_from(in.team)}};
        break;
      }
      case CaseAction::RecordMeasure: {
        core::MeasureRequest r{in.measure, in.day, in.started_at, in.approved_by, in.approval_ref, in.people};
        if (auto why = core::measure_problem(case_facts(c), r, s.today)) throw core::to_error(*why);
        std::vector<long long> team;
        for (auto& m : store::case_team_of(tx, c.id)) team.push_back(m.user_id);
        for (auto p : in.people)
          if (std::find(team.begin(), team.end(), p) == team.end())
            throw invalid("people", "采取措施的人员应为审查调查组成员");
        core::CaseMeasure m;
        m.case_id = c.id;
        m.measure = *in.measure;
        m.day = *in.day;
        m.started_at = in.started_at;
        m.approved_by = in.approved_by;
        m.approval_ref = in.approval_ref;
        m.people = in.people;
        m.note = in.note;
        m.recorded_by = s.actor.user.id;
        const long long mid = store::insert_case_measure(tx, m);
        choice = {{"measure", m.measure}, {"day", m.day}, {"measure_id", mid}};
        break;
      }
      case CaseAction::Extend: {
        if (!in.approved) throw invalid("approved", "请选择上级机关是否批准延长");
        if (in.measure_id) {
          extend_detention(s);
          break;
        }
        const auto facts = case_facts(c);
        const auto code = core::investigation_extension_limit(facts.regime);
        const auto* ext = k.find_time_limit(code);
        if (!ext) throw std::runtime_error("time limit missing from data/time-limits.json");
        std::vector<core::ClockExtension> decided;
        for (auto& e : store::case_extensions_of(tx, c.id))
          if (investigation_extension(e)) decided.push_back({*core::parse_day(e.decided_day), e.amount, e.approved != 0});
        const auto start = core::parse_day(c.clock_start.value_or(c.filed_day.value_or(s.today_s)));
        core::ExtensionRequest r{in.amount, *in.approved, in.approved_by, in.approval_ref};
        if (auto why = core::investigation_extension_problem(facts.regime, facts.mode, *ext, decided,
                                                             start.value_or(s.today), r))
          throw core::to_error(*why);
        // The city's reply is dated: its day counts, not the day it is recorded.
        if (auto why = core::extension_reply_day_problem(in.day, *core::parse_day(*c.filed_day), s.today))
          throw core::to_error(*why);
        core::CaseExtension e;
        e.case_id = c.id;
        e.limit_code = str(code);
        e.decided_day = *in.day;
        e.amount = *in.amount;
        e.approved = *in.approved ? 1 : 0;
        e.approved_by = *in.approved_by;
        e.approval_ref = in.approval_ref ? core::trim(*in.approval_ref) : "";
        e.recorded_by = s.actor.user.id;
        store::insert_case_extension(tx, e);
        choice = {{"limit", e.limit_code}, {"amount", e.amount}, {"approved", *in.approved}, {"day", e.decided_day}};
        break;
      }
      case CaseAction::RequestExtension: {
        // 请示: pending until the county answers; the deadline does not move.
        const auto x = extension_facts(s);
        if (auto why = core::extension_request_problem(x.regime, *x.limit, x.decided, x.start, in.amount, in.reason))
          throw core::to_error(*why);
        core::CaseExtensionRequest r;
        r.case_id = c.id;
        r.limit_code = x.code;
        r.amount = *in.amount;
        r.reason = core::trim(*in.reason);
        r.requested_by = s.actor.user.id;
        const long long rid = store::insert_extension_request(tx, r);
        choice = {{"limit", r.limit_code}, {"amount", r.amount}, {"request_id", rid}};
        break;
      }
      case CaseAction::ApproveExtension:
      case CaseAction::RefuseExtension: {
        // 批复: the county's reply, numbered and dated today; an approval
        // moves the deadline as any approved extension does.
        std::optional<core::CaseExtensionRequest> pending;
        for (auto& r : store::extension_requests_of(tx, c.id))
          if (!r.answered_at) pending = r;
        if (!pending) throw conflict("没有待批复的延长审查调查期限请示", "action");
        const bool approve = action == CaseAction::ApproveExtension;
        const auto x = extension_facts(s);
        const auto higher = str(core::kApprovers.code(core::higher_approver(case_facts(c).mode)));
        core::ExtensionRequest r{approve ? std::optional(in.amount.value_or(pending->amount)) : std::nullopt, approve,
                                 higher, in.approval_ref};
        if (auto why = core::extension_answer_problem(x.regime, *x.limit, x.decided, x.start, pending->amount, r))
          throw core::to_error(*why);
        core::CaseExtension e;
        e.case_id = c.id;
        e.limit_code = pending->limit_code;
        e.decided_day = s.today_s;
        e.amount = approve ? *r.amount : pending->amount;
        e.approved = approve ? 1 : 0;
        e.approved_by = higher;
        e.approval_ref = core::trim(*in.approval_ref);
        e.recorded_by = s.actor.user.id;
        const long long eid = store::insert_case_extension(tx, e);
        store::answer_extension_request(tx, pending->id, s.actor.user.id, eid,
                                        approve ? std::nullopt : std::optional(core::trim(*in.reason)));
        choice = {{"limit", e.limit_code}, {"request_id", pending->id}, {"amount", e.amount}, {"approved", approve}};
        break;
      }
      case CaseAction::Abscond: c.absconded = 1; break;
      case CaseAction::ReturnToCase: c.absconded = 0; break;
      case CaseAction::Dismiss: break;
      case CaseAction::InterveneEarly: c.trial_intervened_day = s.today_s; break;
      case CaseAction::AcceptTrial: accept_trial(s); break;
      case CaseAction::DeferTrial:
        if (auto why = core::trial_defer_problem(in.file_items)) throw core::to_error(*why);
        choice = {{"missing", json::value_from(in.file_items)}};
        break;
      case CaseAction::RefuseTrial:
      case CaseAction::ReturnSupplementary: break;
      case CaseAction::ReturnForInvestigation:
        // 重新审查调查: the next acceptance restarts the trial limit (SL 196).
        c.trial_accepted_day.reset();
        c.approvals_done = 0;
        break;
      case CaseAction::ResubmitSupplementary:
        // 补充审查调查报告: case content, kept with the step, never audited.
        if (!in.report || core::trim(*in.report).empty()) throw invalid("report", "请填写补充审查调查报告");
        step_note = core::trim(*in.report);
        break;
      case CaseAction::ExtendTrial: extend_trial(s); break;
      case CaseAction::ReportTrial:
        if (auto why = core::trial_report_problem(in.trial_report, in.deliberation)) throw core::to_error(*why);
        c.trial_report = core::trim(*in.trial_report);
        c.trial_deliberation = core::trim(*in.deliberation);
        break;
      case CaseAction::Decide: decide(s); break;
    }
  }

  // 处分决定: every outcome within its deciding organ's power for this person
  // and case (data/approval-powers.json; ZW 22 village cadres), its period one
  // the rule allows, dated between the filing and today, with its 文号. One
  // row per outcome, its influence computed now (core::influence_period).
  void decide(S& s) {
    auto& c = s.record;
    const auto& rules = k.sanction_rules();
    const auto& powers = k.approval_powers();
    if (!in.decision_ref || core::trim(*in.decision_ref).empty()) throw invalid("decision_ref", "请填写处分决定文号");
    if (!in.decided_on) throw invalid("decided_on", "请填写处分决定日期");
    const auto day = core::parse_day(*in.decided_on);
    if (!day) throw invalid("decided_on", "应为日期（YYYY-MM-DD）");
    if (*day > s.today) throw invalid("decided_on", "处分决定日期不能晚于今天");
    if (auto why = core::decision_day_problem(*day, *core::parse_day(*c.filed_day))) throw core::to_error(*why);
    const bool township = c.mode == core::kDispatchModes.code(core::DispatchMode::Township);
    auto organ_of = [&](const std::optional<std::string>& code, const std::string& field) {
      if (!code) throw invalid(field, "请选择作出决定的机关");
      auto o = core::kDecidingOrgans.parse(*code);
      if (!o) throw invalid(field, "未知的决定机关");
      // A county case is the county's to decide (乡镇 organs decide township cases only).
      if (!township && core::township_organ(*o)) throw invalid(field, "县纪委监委立案的案件由县级机关作出决定");
      return *o;
    };
    if (in.outcomes.empty()) throw invalid("outcomes", "请选择处理结果");
    std::vector<core::Outcome> outcomes;
    std::vector<core::DecidingOrgan> organs;
    std::vector<core::DecidedOutcome> decided;
    int party = 0, gov = 0;
    for (std::size_t i = 0; i < in.outcomes.size(); ++i) {
      const auto& x = in.outcomes[i];
      const std::string field = "outcomes[" + std::to_string(i) + "]";
      auto o = core::kOutcomes.parse(x.outcome);
      if (!o) throw invalid(field + ".outcome", "未知的处理结果");
      if (std::find(outcomes.begin(), outcomes.end(), *o) != outcomes.end())
        throw invalid(field + ".outcome", "处理结果重复");
      const auto fam = core::family_of(*o);
      // Several violations are handled together into one party sanction (CF
      // 2023 art 24); several government sanctions combine by ZW 15, not yet here.
      if (fam == core::OutcomeFamily::Party && ++party > 1)
        throw invalid("outcomes", "一个处分决定只能给予一种党纪处分（《中国共产党纪律处分条例》第二十四条合并处理）");
      if (fam == core::OutcomeFamily::Government && ++gov > 1)
        throw invalid("outcomes", "一个处分决定只能给予一种政务处分（《公职人员政务处分法》第十五条：执行其中最重的政务处分）");
      const bool own = x.deciding_organ.has_value();
      organs.push_back(organ_of(own ? x.deciding_organ : in.deciding_organ, own ? field + ".deciding_organ" : "deciding_organ"));
      core::DecidedOutcome d{*o, x.period, 0};
      if (auto why = core::period_problem(rules, d, field + ".period")) throw core::to_error(*why);
      outcomes.push_back(*o);
      decided.push_back(d);
    }
    const bool simple = in.simple_case.value_or(false);
    const auto q = power_query(c, outcomes, simple);
    if (auto why = core::outcome_fit_problem(powers, q)) throw core::to_error(*why);
    // Each organ within its power for the outcomes it decides.
    for (std::size_t i = 0; i < organs.size(); ++i) {
      if (std::find(organs.begin(), organs.begin() + static_cast<long>(i), organs[i]) != organs.begin() + static_cast<long>(i))
        continue;
      std::vector<core::Outcome> mine;
      for (std::size_t j = 0; j < organs.size(); ++j)
        if (organs[j] == organs[i]) mine.push_back(outcomes[j]);
      if (auto why = core::organ_power_problem(powers, organs[i], power_query(c, mine, simple)))
        throw core::to_error(*why);
    }
    const std::string ref = core::trim(*in.decision_ref);
    json::array codes, organ_codes;
    std::vector<core::InfluencePeriod> periods;
    for (std::size_t i = 0; i < decided.size(); ++i) {
      const auto p = core::influence_period(rules, decided[i], *day);
      periods.push_back(p);
      const auto& rule = rules.of(decided[i].outcome);
      core::CaseDecision r;
      r.case_id = c.id;
      r.outcome = str(core::kOutcomes.code(decided[i].outcome));
      if (rule.period) {
        r.period_amount = decided[i].amount.value_or(rule.period->amounts.empty() ? rule.period->up_to
                                                                                  : rule.period->amounts.front());
        r.period_unit = period_unit_code(rule.period->unit);
      }
      r.deciding_organ = str(core::kDecidingOrgans.code(organs[i]));
      r.decided_day = core::format_day(*day);
      r.decision_ref = ref;
      if (p.period_end) r.period_end_day = core::format_day(*p.period_end);
      if (p.end) r.influence_until = core::format_day(*p.end);
      r.simple_case = simple ? 1 : 0;
      r.recorded_by = s.actor.user.id;
      store::insert_case_decision(s.tx, r);
      codes.push_back(json::value(r.outcome));
      organ_codes.push_back(json::value(r.deciding_organ));
    }
    // The execution tasks (CA-7), within the longest influence (组织处理规定 art 11).
    std::optional<core::Day> influence;
    if (auto l = core::longest_effect(periods)) influence = l->end;
    create_execution_tasks(s.tx, k, c, outcomes, *day, influence, ref, in.recovery_amount);
    // Codes, the day and the 文号 only: the facts stay in the trial report.
    choice = {{"outcomes", codes}, {"deciding_organs", organ_codes}, {"decided_on", core::format_day(*day)},
              {"decision_ref", ref}, {"simple_case", simple}};
    if (auto f = core::four_form(rules, outcomes)) choice["four_form"] = *f;
  }

  // 受理 (GZ 55; SL 191–192): the file checked complete, two or more triers
  // of the trying unit, none of whom investigated the case or is recused.
  void accept_trial(S& s) {
    auto& c = s.record;
    std::vector<long long> investigators, recused;
    for (auto& m : store::case_team_of(s.tx, c.id)) investigators.push_back(m.user_id);
    for (auto uid : in.triers) {
      auto u = store::find_user(s.tx, uid);
      if (!u || !may_try_case(s.tx, *u, c)) throw invalid("triers", "审理人员应为本案审理单位在职的工作人员");
      if (store::find_recusal_id(s.tx, uid, c.person_id)) recused.push_back(uid);
    }
    if (auto why = core::trial_accept_problem(in.file_items, in.triers, investigators, recused))
      throw core::to_error(*why);
    store::set_case_triers(s.tx, c.id, in.triers);
    c.trial_accepted_day = s.today_s;
    c.trial_report.reset();
    c.trial_deliberation.reset();
    choice = {{"triers", json::value_from(in.triers)}};
  }

  // 重大复杂案件经批准可以适当延长 (SL 194): approved by the head of the organ.
  void extend_trial(S& s) {
    auto& c = s.record;
    const auto* ext = k.find_time_limit(core::kTrialExtensionLimit);
    if (!ext) throw std::runtime_error("time limit missing from data/time-limits.json");
    int so_far = 0;
    const auto accepted = *core::parse_day(*c.trial_accepted_day);
    for (auto& e : store::case_extensions_of(s.tx, c.id))
      if (e.limit_code == core::kTrialExtensionLimit && e.approved && *core::parse_day(e.decided_day) >= accepted)
        so_far += e.amount;
    if (auto why = core::trial_extension_problem(*ext, so_far, in.amount, in.approval_ref)) throw core::to_error(*why);
    const bool township = c.mode == core::kDispatchModes.code(core::DispatchMode::Township);
    core::CaseExtension e;
    e.case_id = c.id;
    e.limit_code = std::string(core::kTrialExtensionLimit);
    e.decided_day = s.today_s;
    e.amount = *in.amount;
    e.approved = 1;
    e.approved_by = str(core::kApprovers.code(township ? core::Approver::TownshipSecretary : core::Approver::CountyLeader));
    e.approval_ref = core::trim(*in.approval_ref);
    e.recorded_by = s.actor.user.id;
    store::insert_case_extension(s.tx, e);
    choice = {{"limit", e.limit_code}, {"amount", e.amount}, {"approved_by", e.approved_by}};
  }

  // What an investigation extension is checked against: the limit, the
  // extensions decided so far and the clock's start.
  struct ExtensionFacts {
    core::Regime regime;
    std::string code;
    const core::TimeLimit* limit;
    std::vector<core::ClockExtension> decided;
    core::Day start;
  };
  ExtensionFacts extension_facts(S& s) {
    const auto& c = s.record;
    ExtensionFacts x;
    x.regime = case_facts(c).regime;
    x.code = str(core::investigation_extension_limit(x.regime));
    x.limit = k.find_time_limit(x.code);
    if (!x.limit) throw std::runtime_error("time limit missing from data/time-limits.json");
    for (auto& e : store::case_extensions_of(s.tx, c.id))
      if (investigation_extension(e)) x.decided.push_back({*core::parse_day(e.decided_day), e.amount, e.approved != 0});
    x.start = core::parse_day(c.clock_start.value_or(c.filed_day.value_or(s.today_s))).value_or(s.today);
    return x;
  }

  // 延长留置时间 (监察法 2018 art 43): once, within its limit, by the higher organ.
  void extend_detention(S& s) {
    auto& c = s.record;
    std::optional<core::CaseMeasure> m;
    for (auto& x : store::case_measures_of(s.tx, c.id))
      if (x.id == *in.measure_id && x.measure == core::kMeasures.code(core::Measure::Detention) && !x.ended_day) m = x;
    if (!m) throw invalid("measure_id", "应为本案尚未解除的留置措施");
    const auto* ext = k.find_time_limit(core::kDetentionExtensionLimit);
    if (!ext) throw std::runtime_error("time limit missing from data/time-limits.json");
    int so_far = 0;
    for (auto& e : store::case_extensions_of(s.tx, c.id))
      if (e.measure_id == m->id && e.approved) ++so_far;
    core::ExtensionRequest r{in.amount, *in.approved, in.approved_by, in.approval_ref};
    if (auto why = core::detention_extension_problem(*ext, so_far, r)) throw core::to_error(*why);
    core::CaseExtension e;
    e.case_id = c.id;
    e.measure_id = m->id;
    e.limit_code = std::string(core::kDetentionExtensionLimit);
    e.decided_day = s.today_s;
    e.amount = *in.amount;
    e.approved = *in.approved ? 1 : 0;
    e.approved_by = *in.approved_by;
    e.approval_ref = core::trim(*in.approval_ref);
    e.recorded_by = s.actor.user.id;
    store::insert_case_extension(s.tx, e);
    choice = {{"limit", e.limit_code}, {"measure_id", m->id}, {"amount", e.amount}, {"approved", *in.approved}};
  }

  void save(S& s) {
    auto& c = s.record;
    c.state = code(s.to);
    // The step first: the clock reads absconding and the return from the steps.
    store::insert_case_step(s.tx,
                            step_row(s, code(s.from), c.state, in.action, in.reason, step_note ? step_note : in.note, choice));
    svc.set_case_clock(s.tx, c);
    store::update_case(s.tx, c);
  }
};
}  // namespace

template <class Change>
CaseDetail CaseService::change_measure(const Actor& a, long long id, long long measure_id, const char* action,
                                       Change change) {
  k_.require(a, core::Permission::CaseHandle);
  k_.db().write([&](store::Tx& tx) {
    store::lock_case(tx, id);
    auto found = store::find_case(tx, a.scope, id);
    if (!found) throw not_found(CaseSteps::kNotFound);
    core::Case c = *found;
    std::optional<core::CaseMeasure> m;
    for (auto& x : store::case_measures_of(tx, c.id))
      if (x.id == measure_id) m = x;
    if (!m) throw not_found("调查措施不存在");
    // Those who take the measures record what follows them.
    if (!core::may_perform(a.role, CaseAction::RecordMeasure, relation(a, c, approval_chain(c))))
      throw forbidden("本人所在单位或角色不能登记此措施的后续事项");
    json::object detail{{"measure", m->measure}, {"measure_id", m->id}};
    change(tx, *m, detail);
    store::end_case_measure(tx, *m);
    core::CaseStep st;
    st.record_id = c.id;
    st.action = action;
    st.from_state = c.state;
    st.to_state = c.state;
    st.actor_id = a.user.id;
    st.actor_name = a.user.display_name;
    st.org_id = a.user.org_unit_id;
    st.detail = json::serialize(detail);
    store::insert_case_step(tx, st);
    // A release restarts the investigation clock (SL 185).
    set_case_clock(tx, c);
    store::update_case(tx, c);
    detail["number"] = number_value(c.number);
    k_.audit(tx, &a, action, "case", c.id, detail);
  });
  return read_detail(a, id);
}

CaseDetail CaseService::end_measure(const Actor& a, long long id, long long measure_id, const std::string& day,
                                    const std::optional<std::string>& returned_day) {
  return change_measure(a, id, measure_id, "end_measure", [&](store::Tx& tx, core::CaseMeasure& m, json::object& d) {
    if (m.ended_day) throw conflict("该措施已解除", "day");
    const core::Day today = core::day_of_ms(tx.now);
    checked_day("day", day, today);
    if (day < m.day) throw invalid("day", "解除日期不能早于采取措施的日期");
    if (returned_day) {
      if (!core::measure_rule(*core::kMeasures.parse(m.measure)).property)
        throw invalid("returned_day", "此措施不涉及财物");
      checked_day("returned_day", *returned_day, today);
      if (*returned_day < day) throw invalid("returned_day", "退还日期不能早于解除日期");
      if (still_held(tx, m)) throw conflict("该措施下仍有在押财物，请在涉案财物登记中逐件登记退还", "returned_day");
    }
    m.ended_day = day;
    m.returned_day = returned_day;
    d["day"] = day;
  });
}

CaseDetail CaseService::record_return(const Actor& a, long long id, long long measure_id, const std::string& day) {
  return change_measure(a, id, measure_id, "return_property", [&](store::Tx& tx, core::CaseMeasure& m,
                                                                   json::object& d) {
    if (!core::measure_rule(*core::kMeasures.parse(m.measure)).property) throw invalid("day", "此措施不涉及财物");
    if (!m.ended_day) throw conflict("该措施尚未解除，财物不能退还", "day");
    if (m.returned_day) throw conflict("财物已退还", "day");
    if (still_held(tx, m)) throw conflict("该措施下仍有在押财物，请在涉案财物登记中逐件登记退还", "day");
    checked_day("day", day, core::day_of_ms(tx.now));
    if (day < *m.ended_day) throw invalid("day", "退还日期不能早于解除日期");
    m.returned_day = day;
    d["day"] = day;
  });
}

CaseDetail CaseService::record_notice(const Actor& a, long long id, long long measure_id, const CaseNoticeInput& in) {
  if (in.notified_at.has_value() == in.withheld_reason.has_value())
    throw invalid("notified_at", "应填写通知时间，或填写暂不通知的理由（二者选一）");
  std::optional<std::string> reason;
  if (in.withheld_reason) {
    reason = core::trim(*in.withheld_reason);
    if (reason->empty()) throw invalid("withheld_reason", "暂不通知应写明有碍调查的情形");
  }
  return change_measure(a, id, measure_id, "detention_notice", [&](store::Tx& tx, core::CaseMeasure& m,
                                                                    json::object& d) {
    if (m.measure != core::kMeasures.code(core::Measure::Detention))
      throw invalid("measure", "只有留置需要通知所在单位和家属");
    if (m.notified_at) throw conflict("已通知所在单位和家属", "notified_at");
    if (reason) {
      if (m.notice_withheld) throw conflict("已登记暂不通知的理由；有碍调查的情形消失后登记通知时间", "withheld_reason");
      m.notice_withheld = reason;
      d["withheld"] = true;  // the reason is case content: not in the audit
      return;
    }
    const long long at = *in.notified_at;
    if (m.started_at && at < *m.started_at) throw invalid("notified_at", "通知时间不能早于留置开始时间");
    if (at > tx.now + 5 * 60 * 1000LL) throw invalid("notified_at", "通知时间不能晚于现在");
    m.notified_at = at;
    d["notified_at"] = core::iso_utc(at);
  });
}

ListOf<CaseTeamCandidate> CaseService::team_candidates(const Actor& a, long long id, bool trial) {
  k_.require(a, core::Permission::CaseRead);
  return k_.db().read([&](store::Tx& tx) {
    auto c = store::find_case(tx, a.scope, id);
    if (!c) throw not_found(CaseSteps::kNotFound);
    ListOf<CaseTeamCandidate> out;
    std::vector<long long> investigators;
    if (trial)
      for (auto& m : store::case_team_of(tx, c->id)) investigators.push_back(m.user_id);
    auto each = [&](const store::UserFilter& f, auto fits) {
      for (core::Page batch{1, 500};; ++batch.page) {
        long long total = 0;
        auto users = store::list_users(tx, f, batch, &total);
        for (auto& u : users) {
          if (!fits(u) || store::find_recusal_id(tx, u.id, c->person_id)) continue;
          if (std::find(investigators.begin(), investigators.end(), u.id) != investigators.end()) continue;
          out.items.push_back({u.id, u.display_name, u.org_unit_name, u.role});
        }
        if (users.empty() || static_cast<long long>(batch.page) * batch.page_size >= total) break;
      }
    };
    const bool township = c->mode == core::kDispatchModes.code(core::DispatchMode::Township);
    if (trial && !township) {
      store::UserFilter f;
      f.role = str(core::kRoles.code(core::Role::TrialOffice));
      f.status = "active";
      each(f, [&](const core::User& u) { return may_try_case(tx, u, *c); });
      return out;
    }
    std::vector<long long> units{c->lead_org_id};
    if (c->assist_org_id && !trial) units.push_back(*c->assist_org_id);
    for (auto unit : units) {
      store::UserFilter f;
      f.org_unit_id = unit;
      f.status = "active";
      each(f, [](const core::User& u) {
        auto role = core::kRoles.parse(u.role);
        return role && core::has_permission(*role, core::Permission::CaseHandle);
      });
    }
    return out;
  });
}

// --- the warnings

void CaseService::warnings_of(const core::Case& c, const std::vector<core::CaseMeasure>& owing,
                              const std::vector<core::CaseExtension>& extensions,
                              const std::optional<core::CaseExtensionRequest>& pending,
                              const std::vector<store::InterviewIncident>& incidents,
                              const std::vector<store::ExecutionTaskRow>& tasks, long long now,
                              std::vector<CaseWarningItem>& out) const {
  using core::CaseWarning;
  const core::Day today = core::day_of_ms(now);
  const int soon = std::max(k_.catalogue().due_soon_working_days, 0);
  auto add = [&](CaseWarning w, std::string occurrence, std::string message, std::string due,
                 std::optional<long long> measure) {
    CaseWarningItem item;
    item.code = str(core::kCaseWarnings.code(w));
    item.message = std::move(message);
    item.occurrence = std::move(occurrence);
    item.case_id = c.id;
    item.case_number = c.number;
    item.case_state = c.state;
    item.person_name = c.person_name;
    item.lead_org_name = c.lead_org_name;
    item.township_name = c.township_name;
    item.measure_id = measure;
    item.due = std::move(due);
    out.push_back(std::move(item));
  };
  auto left_text = [](long long left) {
    return left < 0 ? "已超期 " + std::to_string(-left) + " 个工作日" : "剩 " + std::to_string(left) + " 个工作日";
  };
  // The investigation limit; a new due day (an extension, a restart) is a new occurrence.
  if (auto d = core::deadline_of(c, k_.calendar(), today, soon)) {
    if (d->status == core::DeadlineStatus::Overdue)
      add(CaseWarning::Overdue, "investigation:" + d->due, "审查调查期限" + left_text(d->working_days_left), d->due,
          std::nullopt);
    else if (d->status == core::DeadlineStatus::DueSoon)
      add(CaseWarning::DueSoon, "investigation:" + d->due, "审查调查期限即将届满（" + left_text(d->working_days_left) + "）",
          d->due, std::nullopt);
  }
  // The trial limit (SL 194); a new due day (an extension, a supplement) is a new occurrence.
  if (auto d = core::trial_deadline_of(c, k_.calendar(), today, soon)) {
    if (d->status == core::DeadlineStatus::Overdue)
      add(CaseWarning::TrialOverdue, "trial:" + d->due, "审理期限" + left_text(d->working_days_left), d->due,
          std::nullopt);
    else if (d->status == core::DeadlineStatus::DueSoon)
      add(CaseWarning::TrialDueSoon, "trial:" + d->due, "审理期限即将届满（" + left_text(d->working_days_left) + "）",
          d->due, std::nullopt);
  }
  // A township's request awaits the county's reply; each request is its own
  // occurrence. A dismissed case's request is moot.
  const auto st = core::kCaseStates.parse(c.state);
  if (pending && st && core::investigation_clock_runs(*st))
    add(CaseWarning::ExtensionRequestPending, "extension_request:" + std::to_string(pending->id),
        "延长审查调查期限的请示待批复（请示延长 " + std::to_string(pending->amount) + "）",
        core::format_day(core::day_of_ms(pending->requested_at)), std::nullopt);
  const auto* notice = k_.find_time_limit(core::kDetentionNoticeLimit);
  const auto* ret = k_.find_time_limit(core::kPropertyReturnLimit);
  for (auto& m : owing) {
    if (m.case_id != c.id) continue;
    const auto mid = std::to_string(m.id);
    if (m.measure == core::kMeasures.code(core::Measure::Detention)) {
      if (!m.ended_day)
        if (auto d = detention_deadline(m, extensions, today)) {
          if (d->status == "overdue")
            add(CaseWarning::DetentionOverdue, "detention:" + mid + ":" + d->due, "留置期限已届满，应解除或依法延长",
                d->due, m.id);
          else if (d->status == "due_soon")
            add(CaseWarning::DetentionDueSoon, "detention:" + mid + ":" + d->due,
                "留置期限即将届满（" + left_text(d->working_days_left) + "）", d->due, m.id);
        }
      if (notice && m.started_at)
        if (auto w = core::detention_notice_warning(*notice, *m.started_at, m.notified_at.has_value(),
                                                    m.notice_withheld.has_value(), now)) {
          const auto due = core::iso_utc(core::due_time_ms(*notice, *m.started_at));
          add(*w, "notice:" + mid,
              *w == CaseWarning::NoticeOverdue ? "留置后超过24小时未通知被留置人员所在单位和家属"
                                               : "留置后应在24小时内通知被留置人员所在单位和家属",
              due, m.id);
        }
    } else if (ret && m.ended_day && !m.returned_day) {
      const auto due = core::format_day(core::due_day(k_.calendar(), *ret, *core::parse_day(*m.ended_day)));
      const auto r = core::read_deadline(k_.calendar(), {true, due, false}, today, soon);
      if (r.status == core::DeadlineStatus::Overdue)
        add(CaseWarning::ReturnOverdue, "return:" + mid, "解除后的财物逾期未退还（应于 " + due + " 前退还）", due, m.id);
      else
        add(CaseWarning::ReturnDueSoon, "return:" + mid, "解除后的财物应于 " + due + " 前退还", due, m.id);
    }
  }
  // A decision's execution task: due soon, or past its day (打白条); an
  // approved extension is a new occurrence.
  const auto soon_until = k_.calendar().add_working_days(today, soon);
  for (auto& t : tasks) {
    if (t.case_id != c.id || t.closed_on) continue;
    const auto due = core::parse_day(t.due_day);
    const auto kind = core::kExecutionKinds.parse(t.kind);
    if (!due || !kind) continue;
    const std::string what(core::execution_rule(*kind).label);
    const auto st = core::execution_status(std::nullopt, *due, today, soon_until);
    const auto occurrence = "execution:" + std::to_string(t.id) + ":" + t.due_day;
    if (st == core::ExecutionStatus::Overdue)
      add(CaseWarning::ExecutionOverdue, occurrence, "打白条：" + what + "逾期未完成（应于 " + t.due_day + " 前）",
          t.due_day, std::nullopt);
    else if (st == core::ExecutionStatus::DueSoon)
      add(CaseWarning::ExecutionDueSoon, occurrence, what + "应于 " + t.due_day + " 前完成", t.due_day, std::nullopt);
  }
  // A talk's incident (GZ 70): reported to the higher organ within 24 hours.
  if (const auto* report = k_.find_time_limit(core::kIncidentReportLimit))
    for (auto& i : incidents) {
      if (i.case_id != c.id) continue;
      const long long due_ms = core::due_time_ms(*report, i.occurred_at);
      const auto due = core::iso_utc(due_ms);
      if (now > due_ms)
        add(CaseWarning::IncidentReportOverdue, "incident:" + std::to_string(i.id),
            "谈话中发生的安全事故超过24小时未向上级报告", due, std::nullopt);
      else
        add(CaseWarning::IncidentReportDue, "incident:" + std::to_string(i.id),
            "谈话中发生的安全事故应在24小时内向上级报告", due, std::nullopt);
    }
}

PageOf<CaseWarningItem> CaseService::case_warnings(const Actor& a, const std::optional<std::string>& code,
                                                   bool include_acknowledged, const core::Page& page) {
  k_.require(a, core::Permission::CaseRead);
  return k_.db().read([&](store::Tx& tx) {
    const core::Day today = core::day_of_ms(tx.now);
    std::vector<std::string> property;
    for (auto& [m, c] : core::kMeasures.rows)
      if (core::measure_rule(m).property) property.emplace_back(c);
    auto owing = store::measures_owing(tx, a.scope, property);
    // The cases whose clock is due soon or overdue, and those of the measures.
    std::map<long long, core::Case> cases;
    store::CaseFilter f;
    f.due_before = core::format_day(
        k_.calendar().add_working_days(today, std::max(k_.catalogue().due_soon_working_days, 0)) + std::chrono::days{1});
    for (core::Page batch{1, 500};; ++batch.page) {
      long long found = 0;
      auto rows = store::list_cases(tx, a.scope, f, batch, &found);
      for (auto& c : rows) cases.emplace(c.id, std::move(c));
      if (rows.empty() || static_cast<long long>(batch.page) * batch.page_size >= found) break;
    }
    for (auto& m : owing)
      if (!cases.count(m.case_id))
        if (auto c = store::find_case(tx, a.scope, m.case_id)) cases.emplace(c->id, std::move(*c));
    const auto incidents = store::unreported_incidents(tx, a.scope);
    for (auto& i : incidents)
      if (!cases.count(i.case_id))
        if (auto c = store::find_case(tx, a.scope, i.case_id)) cases.emplace(c->id, std::move(*c));
    // Those whose trial limit is due soon or overdue.
    store::CaseFilter tf;
    tf.trial_due_before = f.due_before;
    for (core::Page batch{1, 500};; ++batch.page) {
      long long found = 0;
      auto rows = store::list_cases(tx, a.scope, tf, batch, &found);
      for (auto& c : rows) cases.emplace(c.id, std::move(c));
      if (rows.empty() || static_cast<long long>(batch.page) * batch.page_size >= found) break;
    }
    // And those whose extension request awaits its reply.
    store::CaseFilter pf;
    pf.extension_pending = true;
    for (core::Page batch{1, 500};; ++batch.page) {
      long long found = 0;
      auto rows = store::list_cases(tx, a.scope, pf, batch, &found);
      for (auto& c : rows) cases.emplace(c.id, std::move(c));
      if (rows.empty() || static_cast<long long>(batch.page) * batch.page_size >= found) break;
    }
    // And those whose execution tasks are due soon or past their day (打白条).
    store::ExecutionFilter xf;
    xf.due_before = core::format_day(k_.calendar().add_working_days(
                                         today, std::max(k_.catalogue().due_soon_working_days, 0)) +
                                     std::chrono::days{1});
    std::vector<store::ExecutionTaskRow> tasks;
    for (core::Page batch{1, 1000};; ++batch.page) {
      long long found = 0;
      auto rows = store::list_execution_tasks(tx, a.scope, xf, batch, &found);
      for (auto& t : rows) tasks.push_back(std::move(t));
      if (rows.empty() || static_cast<long long>(batch.page) * batch.page_size >= found) break;
    }
    for (auto& t : tasks)
      if (!cases.count(t.case_id))
        if (auto c = store::find_case(tx, a.scope, t.case_id)) cases.emplace(c->id, std::move(*c));
    std::vector<CaseWarningItem> all;
    std::vector<long long> ids;
    for (auto& [id, c] : cases) {
      ids.push_back(id);
      std::vector<core::CaseExtension> extensions;
      for (auto& m : owing)
        if (m.case_id == id && m.measure == core::kMeasures.code(core::Measure::Detention) && !m.ended_day) {
          extensions = store::case_extensions_of(tx, id);
          break;
        }
      warnings_of(c, owing, extensions, pending_request(tx, c), incidents, tasks, tx.now, all);
    }
    std::map<std::tuple<long long, std::string, std::string>, store::CaseWarningAck> acks;
    for (auto& k : store::case_acks_for(tx, ids)) acks[{k.case_id, k.code, k.occurrence}] = k;
    std::stable_sort(all.begin(), all.end(), [](const CaseWarningItem& x, const CaseWarningItem& y) {
      return x.due < y.due;
    });
    // All are weighed, so the total is true; only the page is kept.
    PageOf<CaseWarningItem> out;
    const long long first = page.offset(), last = first + page.page_size;
    for (auto& w : all) {
      if (code && w.code != *code) continue;
      auto it = acks.find({w.case_id, w.code, w.occurrence});
      if (it != acks.end()) {
        if (!include_acknowledged) continue;
        w.acknowledged = WarningAckView{it->second.user_name, core::iso_utc(it->second.at), it->second.note};
      }
      const long long at = out.total++;
      if (at >= first && at < last) out.items.push_back(std::move(w));
    }
    return out;
  });
}

WarningAckResult CaseService::acknowledge_case_warning(const Actor& a, long long case_id, const std::string& code,
                                                       const std::string& occurrence,
                                                       const std::optional<std::string>& note) {
  k_.require(a, core::Permission::CaseHandle);
  return k_.db().write([&](store::Tx& tx) {
    auto c = store::find_case(tx, a.scope, case_id);
    if (!c) throw not_found(CaseSteps::kNotFound);
    std::vector<core::CaseMeasure> owing;
    std::vector<std::string> property;
    for (auto& [m, x] : core::kMeasures.rows)
      if (core::measure_rule(m).property) property.emplace_back(x);
    for (auto& m : store::measures_owing(tx, a.scope, property))
      if (m.case_id == case_id) owing.push_back(m);
    std::vector<CaseWarningItem> now;
    std::vector<store::InterviewIncident> incidents;
    for (auto& i : store::unreported_incidents(tx, a.scope))
      if (i.case_id == case_id) incidents.push_back(i);
    warnings_of(*c, owing, store::case_extensions_of(tx, case_id), pending_request(tx, *c), incidents,
                store::execution_tasks_of(tx, case_id), tx.now, now);
    bool holds = false;
    for (auto& w : now) holds = holds || (w.code == code && w.occurrence == occurrence);
    if (!holds) throw conflict("该预警当前不存在（可能已办理或期限已变）", "occurrence");
    store::CaseWarningAck k;
    k.case_id = case_id;
    k.code = code;
    k.occurrence = occurrence;
    k.user_id = a.user.id;
    k.note = note;
    const bool fresh = store::insert_case_ack(tx, c->county_id, k);
    if (fresh)
      k_.audit(tx, &a, "acknowledge_warning", "case", case_id,
               {{"number", number_value(c->number)}, {"code", code}, {"occurrence", occurrence}});
    return WarningAckResult{true, !fresh};
  });
}

CaseDetail CaseService::act_on_case(const Actor& a, long long id, const CaseActionInput& in) {
  if (!may_step(a)) throw forbidden("缺少权限：case:handle 或 case:try");
  auto action = core::kCaseActions.parse(in.action);
  if (!action) throw invalid("action", "未知的操作");
  if (auto why = core::case_reason_problem(*action, in.reason)) throw core::to_error(*why);
  CaseSteps steps{*this, k_, in, *action, {}, {}};
  // Why an investigation needs more time, or why not, and what the trial
  // finds lacking are case content: kept with the step, never in the audit.
  const bool content = *action == CaseAction::RequestExtension || *action == CaseAction::RefuseExtension ||
                       *action == CaseAction::DeferTrial || *action == CaseAction::RefuseTrial ||
                       *action == CaseAction::ReturnSupplementary || *action == CaseAction::ReturnForInvestigation ||
                       *action == CaseAction::ExtendTrial;
  run_step(k_, a, id, in.action, content ? std::nullopt : in.reason, steps);
  return read_detail(a, id);
}

}  // namespace funnel::app
