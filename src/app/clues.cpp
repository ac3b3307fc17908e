#include "app/clues.hpp"
#include "app/workflow.hpp"
#include "core/clue_rules.hpp"
#include "core/deadline.hpp"
#include "app/clue_reports.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include "core/clue.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "store/clue_reports_repo.hpp"
#include "store/cases_repo.hpp"
#include "store/clue_reviews_repo.hpp"
#include "store/clues_repo.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

using core::ClueAction;

using core::ClueState;

namespace {

std::string str(std::string_view v) { return std::string(v); }

// The actions the actor may take now (the UI offers exactly these).
std::vector<ClueAction> actions_for(const Actor& a, const core::Clue& c, const std::vector<core::Role>& chain) {
  std::vector<ClueAction> out;
  auto st = core::kClueStates.parse(c.state);
  if (!st) return out;
  const auto rel = core::clue_relation(c, a.role, a.user.org_unit_id, a.scope.county_id, chain);
  for (auto act : core::actions_from(*st, core::clue_step_facts(c, std::nullopt, chain)))
    if (core::may_perform(a.role, act, rel)) out.push_back(act);
  return out;
}

}  // namespace

const std::vector<core::Role>& ClueService::approval_roles(const core::Clue& c) const {
  static const std::vector<core::Role> none;
  if (!c.mode) return none;
  auto m = core::kDispatchModes.parse(*c.mode);
  return m ? k_.approvals().at(*m).roles : none;
}

// --- the clock

void ClueService::set_clue_clock(core::Clue& c, const std::string& start, bool letter_sent, bool answered) const {
  auto st = core::kClueStates.parse(c.state);
  auto limit = st ? core::limit_in_state(*st, {letter_sent, answered}) : std::string_view{};
  if (st && *st == ClueState::Pending) {
    // A pending clue runs to its review date (暂存待查).
    c.limit_code.reset();
    c.clock_start.reset();
    c.due_day = c.review_day;
    return;
  }
  if (limit.empty()) {
    c.limit_code.reset();
    c.clock_start.reset();
    c.due_day.reset();
    return;
  }
  if (c.limit_code && *c.limit_code == limit && c.clock_start) return;  // the running clock goes on
  const auto* t = k_.find_time_limit(limit);
  auto d = core::parse_day(start);
  if (!t || !d) throw std::runtime_error("clue clock: unknown limit or start");
  c.limit_code = str(limit);
  c.clock_start = start;
  c.due_day = core::format_day(core::due_day(k_.calendar(), *t, *d));
}

core::DeadlineReading ClueService::deadline(const core::Clue& c, core::Day today) const {
  return core::read_deadline(k_.calendar(), core::clock_of(c), today, k_.catalogue().due_soon_working_days);
}

// --- views

ClueView ClueService::clue_view(store::Tx& tx, const Actor& a, const core::Clue& c) {
  const core::Day today = core::day_of_ms(tx.now);
  ClueView v;
  const auto& chain = approval_roles(c);
  for (auto r : chain) v.approvals.needed.emplace_back(core::kRoles.code(r));
  v.approvals.done = c.approvals_done;
  if (auto r = core::next_approver_role(c, chain)) v.approvals.next = str(core::kRoles.code(*r));
  if (c.mode) v.approvals.basis = k_.approvals().at(*core::kDispatchModes.parse(*c.mode)).basis;
  for (auto act : actions_for(a, c, chain)) v.actions.emplace_back(core::kClueActions.code(act));
  const auto rel = core::clue_relation(c, a.role, a.user.org_unit_id, a.scope.county_id, chain);
  if ((rel.at_lead || rel.at_assist) && a.role != core::Role::CountyLeader)
    for (auto k : core::records_in_state(*core::kClueStates.parse(c.state)))
      v.record_kinds.emplace_back(core::kClueRecordKinds.code(k));
  // A link is shown only when its target is in the viewer's scope.
  if (c.petition_id && store::petition_visible(tx, a.scope, *c.petition_id)) {
    v.petition_id = c.petition_id;
    v.petition_number = c.petition_number;
  }
  v.id = c.id;
  v.number = c.number;
  v.source = c.source;
  v.summary = c.summary;
  v.category = c.category;
  v.township_id = c.township_id;
  v.township_name = c.township_name;
  v.found_by_org_id = c.found_by_org_id;
  v.found_by_org_name = c.found_by_org_name;
  v.received_day = c.received_day;
  v.state = c.state;
  v.proposed_mode = c.proposed_mode;
  v.proposal_reason = c.proposal_reason;
  v.mode = c.mode;
  v.dispatch_reason = c.dispatch_reason;
  v.lead_org_id = c.lead_org_id;
  v.lead_org_name = c.lead_org_name;
  v.assist_org_id = c.assist_org_id;
  v.assist_org_name = c.assist_org_name;
  if (c.acknowledged_at) v.acknowledged_at = core::iso_utc(*c.acknowledged_at);
  v.method = c.method;
  v.plan = c.plan;
  v.outcome = c.outcome;
  v.review_day = c.review_day;
  v.closed_day = c.closed_day;
  v.conflict = c.conflict != 0;
  v.difficult = c.difficult != 0;
  v.cross_township = c.cross_township != 0;
  v.needs_county_strength = c.needs_county_strength != 0;
  v.registered_by_name = c.registered_by_name;
  v.created_at = core::iso_utc(c.created_at);
  v.updated_at = core::iso_utc(c.updated_at);
  // The same deadline shape as a petition's; null when no clock runs (a
  // pending clue runs to its review day, which has no time limit of its own).
  v.deadline = deadline_view(k_, core::deadline_of(c, k_.calendar(), today, k_.catalogue().due_soon_working_days));
  return v;
}

ClueDetail ClueService::clue_detail(store::Tx& tx, const Actor& a, const core::Clue& c) {
  ClueDetail d;
  static_cast<ClueView&>(d) = clue_view(tx, a, c);
  d.content = c.content;
  for (auto& rp : store::clue_persons_of(tx, c.id)) d.persons.push_back(person_view(rp));
  for (auto& s : store::clue_steps_of(tx, c.id)) d.steps.push_back(step_view(s));
  for (auto& r : store::clue_records_of(tx, c.id))
    d.records.push_back({r.id, r.kind, r.day, r.text, r.evaluation, r.author_name, core::iso_utc(r.at)});
  for (auto& i : store::clue_reviews_of(tx, c.id)) d.reviews.push_back({i.review_id, i.held_day, i.decision, i.note});
  for (auto& k : store::cases_of_clue(tx, a.scope, c.id)) d.cases.push_back({k.id, k.number, k.state});
  return d;
}

// --- registration

long long ClueService::create_clue(store::Tx& tx, const Actor& a, const ClueInput& in) {
  if (!a.user.org_unit_id) throw forbidden("账号未归属单位，不能登记");
  auto unit = store::find_org(tx, core::unrestricted_scope(), *a.user.org_unit_id);
  if (!unit || !unit->county_id) throw forbidden("账号未归属单位，不能登记");
  const long long county = *unit->county_id;
  auto county_org = store::find_org(tx, core::unrestricted_scope(), county);

  std::optional<long long> township = in.township_id;
  if (!township && unit->kind == "township") township = unit->id;
  if (township) {
    auto t = store::find_org(tx, core::unrestricted_scope(), *township);
    if (!t || t->county_id != county || t->kind != "township") throw invalid("township_id", "应为本县的乡镇（街道）");
    // A township registers the clues of its own area; others go through the county.
    if (unit->kind == "township" && t->id != unit->id) throw invalid("township_id", "乡镇只能登记本乡镇的问题线索");
  }
  for (std::size_t i = 0; i < in.persons.size(); ++i)
    if (in.persons[i].unit_org_id) {
      auto o = store::find_org(tx, core::unrestricted_scope(), *in.persons[i].unit_org_id);
      if (!o || o->county_id != county)
        throw invalid("persons[" + std::to_string(i) + "].unit_org_id", "应为本县的单位");
    }

  core::ClueFacts facts;
  facts.township_concerned = township.has_value();
  facts.difficult = in.difficult;
  facts.cross_township = in.cross_township;
  facts.needs_county_strength = in.needs_county_strength;
  for (auto& r : in.persons)
    facts.persons.push_back(reported_facts(r, *core::kCadreLevels.parse(r.cadre_level)));
  const auto proposal = core::propose_dispatch(facts);

  core::Clue c;
  c.county_id = county;
  c.township_id = township;
  c.found_by_org_id = unit->id;
  // One registry, one numbering: the county's 案管 numbers every clue (成纪线〔2026〕0001号).
  c.number_org_id = county;
  c.year = static_cast<int>(std::chrono::year_month_day{core::day_of_ms(tx.now)}.year());
  c.seq = store::next_number(tx, county, c.year, "clue");
  c.number = core::clue_number(county_org ? county_org->short_name : "", c.year, c.seq);
  c.source = in.source;
  c.petition_id = in.petition_id;
  c.summary = core::trim(in.summary);
  c.content = in.content;
  c.category = in.category;
  c.received_day = in.received_day;
  c.state = core::kClueStates.code(ClueState::Registered);
  c.conflict = proposal.conflict ? 1 : 0;
  c.difficult = in.difficult;
  c.cross_township = in.cross_township;
  c.needs_county_strength = in.needs_county_strength;
  c.proposed_mode = str(core::kDispatchModes.code(proposal.mode));
  c.proposal_reason = proposal.reason;
  c.registered_by = a.user.id;
  c.id = store::insert_clue(tx, c);

  for (std::size_t i = 0; i < in.persons.size(); ++i)
    store::insert_clue_person(tx, c.id, save_reported(tx, county, in.persons[i]), static_cast<int>(i));

  core::ClueStep st;
  st.record_id = c.id;
  st.action = "register";
  st.to_state = c.state;
  st.actor_id = a.user.id;
  st.actor_name = a.user.display_name;
  st.org_id = unit->id;
  st.detail = json::serialize(json::object{{"source", c.source}, {"proposed_mode", c.proposed_mode}});
  store::insert_clue_step(tx, st);
  // The audit holds what happened, never the content.
  json::object detail{{"number", c.number}, {"source", c.source}, {"proposed_mode", c.proposed_mode}};
  if (c.petition_id) detail["petition_id"] = *c.petition_id;
  k_.audit(tx, &a, "create", "clue", c.id, detail);
  return c.id;
}

ClueDetail ClueService::register_clue(const Actor& a, const ClueInput& in0) {
  k_.require(a, core::Permission::ClueRegister);
  ClueInput in = in0;
  auto source = core::kClueSources.parse(in.source);
  if (!source) throw invalid("source", "未知的线索来源");
  if (*source == core::ClueSource::Petition && !in.petition_id)
    throw invalid("petition_id", "来源为信访举报的线索须关联信访件");
  if (*source != core::ClueSource::Petition && in.petition_id)
    throw invalid("petition_id", "只有来源为信访举报的线索关联信访件");
  if (core::trim(in.summary).empty()) throw invalid("summary", "请填写线索摘要");
  if (core::trim(in.content).empty()) throw invalid("content", "请填写反映的主要问题");
  if (!k_.catalogue().subs.count(in.category)) throw invalid("category", "未知的问题类别");
  const core::Day today = core::day_of_ms(store::now_ms());
  checked_day("received_day", in.received_day, today);
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t i = 0; i < in.persons.size(); ++i) {
    const auto& r = in.persons[i];
    if (!core::kCadreLevels.parse(r.cadre_level))
      throw invalid("persons[" + std::to_string(i) + "].cadre_level", "未知的干部级别");
    if (core::trim(r.name).empty()) throw invalid("persons[" + std::to_string(i) + "].name", "请填写被反映人姓名");
    if (!seen.insert({core::trim(r.name), core::trim(r.unit_name)}).second)
      throw invalid("persons[" + std::to_string(i) + "].name", "同一被反映人重复填写");
  }
  if (in.persons.empty()) throw invalid("persons", "问题线索须登记至少一名被反映人");

  const long long id = k_.db().write([&](store::Tx& tx) {
    if (in.petition_id) {
      // 转为线索: the petition's step in the same transaction, the link kept both ways.
      store::lock_petition(tx, *in.petition_id);
      auto p = store::find_petition(tx, a.scope, *in.petition_id);
      if (!p) throw invalid("petition_id", "信访件不存在或不在本人数据范围内");
      auto from = core::kPetitionStates.parse(p->state);
      if (!from || !core::next_state(*from, core::PetitionAction::ConvertToClue, p->suspended != 0))
        throw conflict("该信访件当前状态不能转为线索（应为办理中）", "petition_id");
      core::PetitionRelation rel;
      rel.at_intake = a.user.org_unit_id && *a.user.org_unit_id == p->intake_org_id;
      rel.at_handler = a.user.org_unit_id && p->handler_org_id && *a.user.org_unit_id == *p->handler_org_id;
      if (!core::may_perform(a.role, core::PetitionAction::ConvertToClue, rel))
        throw forbidden("只有承办单位可以将本件转为问题线索");
      if (!in.township_id) in.township_id = p->handler_township_id ? p->handler_township_id : p->intake_township_id;
      const long long clue_id = create_clue(tx, a, in);
      core::Petition pe = *p;
      pe.state = core::kPetitionStates.code(core::PetitionState::ConvertedToClue);
      pe.limit_code.reset();
      pe.clock_start.reset();
      pe.due_day.reset();
      store::update_petition(tx, pe);
      core::PetitionStep ps;
      ps.petition_id = pe.id;
      ps.action = "convert_to_clue";
      ps.from_state = p->state;
      ps.to_state = pe.state;
      ps.actor_id = a.user.id;
      ps.actor_name = a.user.display_name;
      ps.org_id = a.user.org_unit_id;
      ps.note = "登记为问题线索";
      store::insert_step(tx, ps);
      k_.audit(tx, &a, "convert_to_clue", "petition", pe.id, {{"number", pe.number}, {"clue_id", clue_id}});
      return clue_id;
    }
    return create_clue(tx, a, in);
  });
  return k_.db().read([&](store::Tx& tx) {
    auto saved = store::find_clue(tx, core::unrestricted_scope(), id);
    if (!saved) throw not_found("问题线索");
    return clue_detail(tx, a, *saved);
  });
}

PageOf<ClueView> ClueService::list_clues(const Actor& a, const store::ClueFilter& filter, bool overdue, const core::Page& page) {
  k_.require(a, core::Permission::ClueRead);
  return k_.db().read([&](store::Tx& tx) {
    auto f = filter;
    if (overdue) f.overdue_before = core::format_day(core::day_of_ms(tx.now));
    PageOf<ClueView> out;
    for (auto& c : store::list_clues(tx, a.scope, f, page, &out.total)) out.items.push_back(clue_view(tx, a, c));
    return out;
  });
}

ClueDetail ClueService::get_clue(const Actor& a, long long id) {
  k_.require(a, core::Permission::ClueRead);
  return k_.db().read([&](store::Tx& tx) {
    auto c = store::find_clue(tx, a.scope, id);
    if (!c) throw not_found("问题线索不存在或不在本人数据范围内");
    return clue_detail(tx, a, *c);
  });
}

ClueDispatchProposal ClueService::clue_dispatch_proposal(const Actor& a, long long id) {
  k_.require(a, core::Permission::ClueRead);
  return k_.db().read([&](store::Tx& tx) {
    auto c = store::find_clue(tx, a.scope, id);
    if (!c) throw not_found("问题线索不存在或不在本人数据范围内");
    core::ClueFacts facts;
    facts.township_concerned = c->township_id.has_value();
    facts.difficult = c->difficult;
    facts.cross_township = c->cross_township;
    facts.needs_county_strength = c->needs_county_strength;
    for (auto& rp : store::clue_persons_of(tx, c->id)) facts.persons.push_back(reported_facts(rp));
    auto p = core::propose_dispatch(facts);
    ClueDispatchProposal out{str(core::kDispatchModes.code(p.mode)), p.conflict, p.reason, p.basis, {}, {}};
    std::optional<core::OrgUnit> t;
    if (c->township_id) t = store::find_org(tx, core::unrestricted_scope(), *c->township_id);
    if (p.mode == core::DispatchMode::Township) {
      if (t) out.lead_org_id = t->id;
    } else {
      // The room linked to the township leads; the township assists unless it must not see the clue.
      if (t) out.lead_org_id = t->linked_room_id;
      if (t && !p.conflict) out.assist_org_id = t->id;
    }
    return out;
  });
}

// --- steps

namespace {
// A clue as the workflow skeleton sees it (app/workflow.hpp).
struct ClueSteps {
  using Record = core::Clue;
  using State = ClueState;
  static constexpr const char* kEntity = "clue";
  static constexpr const char* kNotFound = "问题线索不存在或不在本人数据范围内";
  const ClueService& svc;
  const ClueActionInput& in;
  ClueAction action;
  std::optional<core::ClueOutcome> outcome;
  std::vector<core::ClueRecord> records;
  json::object choice;  // what the step decided, kept with the step
  using S = Step<Record, State>;

  void lock(store::Tx& tx, long long id) { store::lock_clue(tx, id); }
  std::optional<Record> find(store::Tx& tx, const core::Scope& scope, long long id) {
    return store::find_clue(tx, scope, id);
  }
  State state_of(const Record& c) const { return *core::kClueStates.parse(c.state); }
  std::string code(State st) const { return str(core::kClueStates.code(st)); }
  const std::vector<core::Role>& chain(const Record& c) const { return svc.approval_roles(c); }

  State transition(S& s) {
    const auto& c = s.record;
    const auto facts = core::clue_step_facts(c, outcome, chain(c));
    if (auto why = core::clue_transition_problem(s.from, action, facts)) throw core::to_error(*why);
    const auto& a = s.actor;
    if (!core::may_perform(a.role, action, core::clue_relation(c, a.role, a.user.org_unit_id, a.scope.county_id, chain(c))))
      throw forbidden("本人所在单位或角色不能对本线索执行此操作");
    return *core::next_state(s.from, action, facts);
  }

  void apply(S& s) {
    auto& c = s.record;
    auto& tx = s.tx;
    records = store::clue_records_of(tx, c.id);
    switch (action) {
      case ClueAction::ProposeDispatch: {
        auto lead = in.lead_org_id ? store::find_org(tx, core::unrestricted_scope(), *in.lead_org_id) : std::nullopt;
        auto assist = in.assist_org_id ? store::find_org(tx, core::unrestricted_scope(), *in.assist_org_id) : std::nullopt;
        if (auto why = core::dispatch_problem(c, {in.mode, in.reason, in.lead_org_id, in.assist_org_id,
                                                  lead ? &*lead : nullptr, assist ? &*assist : nullptr}))
          throw core::to_error(*why);
        const auto mode = *core::kDispatchModes.parse(*in.mode);
        c.mode = *in.mode;
        c.lead_org_id = lead->id;
        c.assist_org_id = mode == core::DispatchMode::Township ? std::nullopt : in.assist_org_id;
        c.dispatch_reason = in.reason ? std::optional(core::trim(*in.reason)) : std::nullopt;
        c.acknowledged_at.reset();
        c.method.reset();
        c.plan.reset();
        c.approvals_done = 0;
        choice = {{"mode", *c.mode}, {"lead_org_id", *c.lead_org_id}, {"assist_org_id", opt(c.assist_org_id)}};
        break;
      }
      case ClueAction::ReturnDispatch:
        c.mode.reset();
        c.lead_org_id.reset();
        c.assist_org_id.reset();
        break;
      case ClueAction::ApproveDispatch:
        choice = {{"mode", opt(c.mode)}, {"lead_org_id", opt(c.lead_org_id)}};
        break;
      case ClueAction::Acknowledge:
        // The handover is complete when the receiver signs (全程登记备查).
        c.acknowledged_at = tx.now;
        break;
      case ClueAction::ProposeDisposal:
        if (auto why = core::disposal_proposal_problem({in.method, in.plan, in.reason, in.review_day}, s.today))
          throw core::to_error(*why);
        c.review_day.reset();
        if (*core::kDisposalMethods.parse(*in.method) == core::DisposalMethod::Pending) c.review_day = *in.review_day;
        c.method = *in.method;
        c.plan = in.plan ? std::optional(core::trim(*in.plan)) : std::nullopt;
        c.approvals_done = 0;
        choice = {{"method", *c.method}, {"review_day", opt(c.review_day)}};
        break;
      case ClueAction::ApproveDisposal:
        ++c.approvals_done;
        choice = {{"method", opt(c.method)}, {"approval", c.approvals_done}};
        if (s.to == ClueState::Closed) c.closed_day = s.today_s;
        break;
      case ClueAction::RejectDisposal:
        choice = {{"method", opt(c.method)}};
        c.method.reset();
        c.approvals_done = 0;
        c.review_day.reset();
        break;
      case ClueAction::Conclude: {
        const auto m = *core::kDisposalMethods.parse(*c.method);
        if (auto why = core::conclusion_problem(m, records, *outcome, in.note, in.review_day, s.today))
          throw core::to_error(*why);
        c.outcome = *in.outcome;
        c.review_day.reset();
        if (*outcome == core::ClueOutcome::KeepPending) c.review_day = *in.review_day;
        if (s.to == ClueState::Received) {  // another inquiry or a verification: a new proposal, approved again
          c.method.reset();
          c.plan.reset();
          c.approvals_done = 0;
        }
        if (core::is_final(s.to)) c.closed_day = s.today_s;
        choice = {{"outcome", *c.outcome}, {"review_day", opt(c.review_day)}};
        break;
      }
      case ClueAction::Review:
        if (auto why = core::early_review_problem(c.review_day, in.reason, s.today)) throw core::to_error(*why);
        c.method.reset();
        c.plan.reset();
        c.outcome.reset();
        c.approvals_done = 0;
        c.review_day.reset();
        break;
    }
  }

  void save(S& s) {
    auto& c = s.record;
    c.state = code(s.to);
    if (s.to != s.from) {
      const auto f = core::clue_clock_facts(records, s.to);
      svc.set_clue_clock(c, s.today_s, f.letter_sent, f.answered);
    }
    store::update_clue(s.tx, c);
    store::insert_clue_step(s.tx, step_row(s, code(s.from), c.state, in.action, in.reason, in.note, choice));
  }
};
}  // namespace

ClueDetail ClueService::act_on_clue(const Actor& a, long long id, const ClueActionInput& in) {
  k_.require(a, core::Permission::ClueRead);
  auto action = core::kClueActions.parse(in.action);
  if (!action) throw invalid("action", "未知的操作");
  if (auto why = core::clue_reason_problem(*action, in.reason)) throw core::to_error(*why);
  std::optional<core::ClueOutcome> outcome;
  if (in.outcome) {
    outcome = core::kClueOutcomes.parse(*in.outcome);
    if (!outcome) throw invalid("outcome", "未知的处置结果");
  }
  ClueSteps steps{*this, in, *action, outcome, {}, {}};
  run_step(k_, a, id, in.action, in.reason, steps);
  return k_.db().read([&](store::Tx& tx) {
    auto saved = store::find_clue(tx, core::unrestricted_scope(), id);
    if (!saved) throw not_found("问题线索");
    return clue_detail(tx, a, *saved);
  });
}

ClueDetail ClueService::add_clue_record(const Actor& a, long long id, const ClueRecordInput& in) {
  k_.require(a, core::Permission::ClueHandle);
  auto kind = core::kClueRecordKinds.parse(in.kind);
  if (!kind) throw invalid("kind", "未知的记录类别");
  if (core::trim(in.text).empty()) throw invalid("text", "请填写记录内容");
  if (*kind == core::ClueRecordKind::InquiryReply) {
    if (auto why = core::required_text("evaluation", in.evaluation, "对回复的评估意见")) throw core::to_error(*why);
  }
  k_.db().write([&](store::Tx& tx) {
    store::lock_clue(tx, id);
    auto found = store::find_clue(tx, a.scope, id);
    if (!found) throw not_found("问题线索不存在或不在本人数据范围内");
    core::Clue c = *found;
    const auto st = *core::kClueStates.parse(c.state);
    auto allowed = core::records_in_state(st);
    if (std::find(allowed.begin(), allowed.end(), *kind) == allowed.end())
      throw conflict("问题线索当前状态不能登记此类记录", "kind");
    const auto rel = core::clue_relation(c, a.role, a.user.org_unit_id, a.scope.county_id, approval_roles(c));
    if (!rel.at_lead && !rel.at_assist) throw forbidden("只有承办或协办单位可以登记处置记录");
    const core::Day today = core::day_of_ms(tx.now);
    checked_day("day", in.day, today);
    // The day of the talk, the letter or the reply must not precede the approval.
    if (c.clock_start && in.day < *c.clock_start) throw invalid("day", "记录日期不能早于处置方式批准日期");
    auto records = store::clue_records_of(tx, c.id);
    if (*kind == core::ClueRecordKind::InquiryReply && !core::has_clue_record(records, core::ClueRecordKind::InquiryLetter))
      throw conflict("尚未登记函询函，不能登记函询回复", "kind");

    core::ClueRecord r;
    r.clue_id = c.id;
    r.kind = in.kind;
    r.day = in.day;
    r.text = in.text;
    r.evaluation = in.evaluation;
    r.author_id = a.user.id;
    r.author_name = a.user.display_name;
    store::insert_clue_record(tx, r);
    // The clock follows the inquiry: a letter waits 15 working days for its
    // reply (GZ 29), the talk or the reply starts the month for the report (GZ 30).
    if (st == ClueState::InTalkInquiry) {
      const bool letter =
          *kind == core::ClueRecordKind::InquiryLetter || core::has_clue_record(records, core::ClueRecordKind::InquiryLetter);
      const bool answered = *kind == core::ClueRecordKind::TalkRecord || *kind == core::ClueRecordKind::InquiryReply ||
                            core::has_clue_record(records, core::ClueRecordKind::TalkRecord) ||
                            core::has_clue_record(records, core::ClueRecordKind::InquiryReply);
      set_clue_clock(c, in.day, letter, answered);
      store::update_clue(tx, c);
    }
    k_.audit(tx, &a, "add_record", "clue", c.id, {{"number", c.number}, {"kind", in.kind}, {"day", in.day}});
  });
  return k_.db().read([&](store::Tx& tx) {
    auto saved = store::find_clue(tx, core::unrestricted_scope(), id);
    if (!saved) throw not_found("问题线索");
    return clue_detail(tx, a, *saved);
  });
}

// --- the funnel and the warnings

ClueFunnel ClueService::clue_funnel(const Actor& a, const std::optional<std::string>& from0,
                                   const std::optional<std::string>& to0) {
  k_.require(a, core::Permission::ClueRead);
  return k_.db().read([&](store::Tx& tx) {
    const core::Day today = core::day_of_ms(tx.now);
    const std::string from =
        from0.value_or(std::to_string(static_cast<int>(std::chrono::year_month_day{today}.year())) + "-01-01");
    const std::string to = to0.value_or(core::format_day(today));
    if (from > to) throw invalid("from", "开始日期不能晚于结束日期");
    store::ClueFilter f;
    f.received_from = from;
    f.received_to = to;
    std::map<std::string, long long> by_state, by_mode;
    std::map<std::pair<std::string, std::string>, long long> matrix, links;
    struct Late {
      long long left;
      core::Clue c;
    };
    std::vector<Late> late;
    long long total = 0;
    store::scan_clues(tx, a.scope, f, [&](const core::Clue& c) {
      ++total;
      ++by_state[c.state];
      const auto st = *core::kClueStates.parse(c.state);
      const std::string mode = c.mode && st != ClueState::DispatchProposed ? *c.mode : "undispatched";
      ++by_mode[mode];
      ++matrix[{c.state, mode}];
      // The flow: source → dispatch mode → where the clue stands now.
      std::string end = c.state;
      if (!core::is_final(st) && st != ClueState::Pending) end = "open";
      ++links[{"source:" + c.source, "mode:" + mode}];
      ++links[{"mode:" + mode, "end:" + end}];
      const auto d = deadline(c, today);
      if (d.status == core::DeadlineStatus::Overdue || d.status == core::DeadlineStatus::DueSoon)
        late.push_back({d.working_days_left, c});
    });
    std::stable_sort(late.begin(), late.end(), [](const Late& x, const Late& y) { return x.left < y.left; });
    ClueFunnel out;
    out.from = from;
    out.to = to;
    out.total = total;
    for (std::size_t i = 0; i < late.size() && i < 50; ++i) out.overdue.push_back(clue_view(tx, a, late[i].c));
    for (auto& [k, v] : by_state) out.by_state.push_back({k, v});
    for (auto& [k, v] : by_mode) out.by_mode.push_back({k, v});
    for (auto& [k, v] : matrix)
      out.matrix.push_back(
          {k.first, k.second == "undispatched" ? std::nullopt : std::optional<std::string>(k.second), v});
    std::set<std::string> names;
    for (auto& [k, v] : links) {
      names.insert(k.first);
      names.insert(k.second);
      out.sankey.links.push_back({k.first.substr(k.first.find(':') + 1), k.second.substr(k.second.find(':') + 1), v});
    }
    for (auto& n : names) {
      auto colon = n.find(':');
      out.sankey.nodes.push_back({n.substr(colon + 1), n.substr(0, colon)});
    }
    return out;
  });
}

PageOf<ClueWarning> ClueService::clue_warnings(const Actor& a, const core::Page& page) {
  k_.require(a, core::Permission::ClueRead);
  const auto* rule = k_.find_time_limit("clue_monthly_report");
  if (!rule) throw std::runtime_error("time limit clue_monthly_report missing from data/time-limits.json");
  return k_.db().read([&](store::Tx& tx) {
    const core::Day today = core::day_of_ms(tx.now);
    const std::string today_s = core::format_day(today);
    // Every warning is counted, so the total is true; only the page is kept.
    const long long first = page.offset(), last = first + page.page_size;
    PageOf<ClueWarning> out;
    auto add = [&](ClueWarning w) {
      const long long at = out.total++;
      if (at >= first && at < last) out.items.push_back(std::move(w));
    };
    // The last three ended months: a report not in by its deadline warns
    // the township and the county office until it is submitted.
    const std::chrono::year_month_day ymd{today};
    auto ym = std::chrono::year_month{ymd.year(), ymd.month()};
    auto townships = report_townships(tx, a);
    for (int back = 1; back <= 3; ++back) {
      auto m = ym - std::chrono::months{back};
      const int y = static_cast<int>(m.year());
      const int mo = static_cast<int>(static_cast<unsigned>(m.month()));
      const std::string month = core::format_month(y, mo);
      const std::string deadline = core::format_day(core::report_deadline(k_.calendar(), *rule, y, mo));
      if (today_s <= deadline) continue;
      std::map<long long, std::string> status;
      for (auto& r : store::clue_reports_of_month(tx, a.scope.county_id, month)) status[r.township_id] = r.status;
      for (auto& t : townships) {
        // No report was due for a month that ended before the township existed.
        if (core::format_day(core::day_of_ms(t.created_at)).substr(0, 7) > month) continue;
        auto it = status.find(t.id);
        if (it != status.end() && core::kClueReportStatuses.parse(it->second) != core::ClueReportStatus::Returned)
          continue;
        add({"clue_report_overdue", t.name + " " + month + " 线索月报逾期未报（应于 " + deadline + " 前报送）", t.id,
             month, deadline, std::nullopt});
      }
    }
    // Clue clocks: overdue and due soon, soonest first; pending clues due for
    // review. Read a batch at a time, all of them.
    store::ClueFilter f;
    f.overdue_before = core::format_day(
        k_.calendar().add_working_days(today, std::max(k_.catalogue().due_soon_working_days, 0)) + std::chrono::days{1});
    for (core::Page batch{1, 500};; ++batch.page) {
      long long found = 0;
      auto clues = store::list_clues(tx, a.scope, f, batch, &found);
      for (auto& c : clues) {
        const auto [status, left] = deadline(c, today);
        std::string code, msg;
        if (*core::kClueStates.parse(c.state) == ClueState::Pending) {
          if (!c.due_day || today_s < *c.due_day) continue;
          code = "pending_review_due";
          msg = "暂存待查线索已到重新研判日期";
        } else if (status == core::DeadlineStatus::Overdue) {
          code = "overdue";
          msg = "已超期 " + std::to_string(-left) + " 个工作日";
        } else if (status == core::DeadlineStatus::DueSoon) {
          code = "due_soon";
          msg = "即将到期（剩 " + std::to_string(left) + " 个工作日）";
        } else {
          continue;
        }
        add({code, msg, c.township_id, std::nullopt, c.due_day,
             ClueWarningClue{c.id, c.number, c.summary, c.state, c.lead_org_name}});
      }
      if (clues.empty() || static_cast<long long>(batch.page) * batch.page_size >= found) break;
    }
    return out;
  });
}

}  // namespace funnel::app
