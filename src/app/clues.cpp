#include "app/clues.hpp"
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

// chain: the disposal's approvers for the clue's mode (data/approvals.json).
core::ClueRelation relation_of(const Actor& a, const core::Clue& c, const std::vector<core::Role>& chain) {
  core::ClueRelation r;
  if (!a.user.org_unit_id) return r;
  const long long org = *a.user.org_unit_id;
  r.at_lead = c.lead_org_id && *c.lead_org_id == org;
  r.at_assist = c.assist_org_id && *c.assist_org_id == org;
  if (c.state == "disposal_proposed" && c.mode) {
    if (c.approvals_done >= 0 && c.approvals_done < static_cast<int>(chain.size())) {
      const core::Role next = chain[c.approvals_done];
      // The leader approves for the whole county; a room or a township
      // secretary only for the clue its unit leads.
      r.next_approver =
          a.role == next && (next == core::Role::CountyLeader ? a.scope.county_id == c.county_id : r.at_lead);
    }
  }
  return r;
}

core::ClueStepFacts step_facts(const core::Clue& c, const std::optional<core::ClueOutcome>& outcome,
                               const std::vector<core::Role>& chain) {
  core::ClueStepFacts f;
  if (c.method) f.method = core::kDisposalMethods.parse(*c.method);
  f.outcome = outcome;
  f.last_approval = c.approvals_done + 1 >= static_cast<int>(chain.size());
  return f;
}

// The actions the actor may take now (the UI offers exactly these).
std::vector<ClueAction> actions_for(const Actor& a, const core::Clue& c, const std::vector<core::Role>& chain) {
  std::vector<ClueAction> out;
  auto st = core::kClueStates.parse(c.state);
  if (!st) return out;
  const auto rel = relation_of(a, c, chain);
  for (auto& [act, code] : core::kClueActions.rows) {
    bool possible;
    if (act == ClueAction::Conclude)
      possible = *st == ClueState::InTalkInquiry || *st == ClueState::InVerification;
    else
      possible = core::next_state(*st, act, step_facts(c, std::nullopt, chain)).has_value();
    if (possible && core::may_perform(a.role, act, rel)) out.push_back(act);
  }
  return out;
}

bool has_record(const std::vector<core::ClueRecord>& recs, core::ClueRecordKind k) {
  for (auto& r : recs)
    if (r.kind == core::kClueRecordKinds.code(k)) return true;
  return false;
}

json::object person_json(const core::ReportedPerson& rp) {
  return {{"person_id", rp.person.id},
          {"name", rp.person.name},
          {"unit_name", rp.person.unit_name},
          {"post", opt(rp.person.post)},
          {"cadre_level", rp.person.cadre_level},
          {"party_member", rp.person.party_member != 0},
          {"public_official", rp.person.public_official != 0},
          {"county_department", rp.county_department != 0},
          {"township_discipline_staff", rp.township_discipline_staff != 0},
          {"township_party_secretary", rp.township_party_secretary != 0}};
}

void check_text(const std::string& field, const std::optional<std::string>& v, const char* what) {
  if (!v || core::trim(*v).empty()) throw invalid(field, std::string("请填写") + what);
}

core::Day checked_day(const std::string& field, const std::string& v, core::Day today) {
  auto d = core::parse_day(v);
  if (!d || *d < core::Day{std::chrono::year{2000} / 1 / 1}) throw invalid(field, "应为 YYYY-MM-DD 格式的有效日期");
  if (*d > today) throw invalid(field, "日期不能晚于今天");
  return *d;
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

std::string ClueService::clue_deadline_status(const core::Clue& c, core::Day today, long long* left) const {
  const auto r = core::read_deadline(k_.calendar(), core::clock_of(c), today, k_.catalogue().due_soon_working_days);
  *left = r.working_days_left;
  return std::string(core::deadline_status_code(r.status));
}

// --- views

json::object ClueService::clue_json(store::Tx& tx, const Actor& a, const core::Clue& c, bool full) {
  const core::Day today = core::day_of_ms(tx.now);
  json::array needed;
  json::value next = nullptr, basis = nullptr;
  const auto& chain = approval_roles(c);
  for (auto r : chain) needed.push_back(json::string(core::kRoles.code(r)));
  if (c.state == "disposal_proposed" && c.approvals_done < static_cast<int>(chain.size()))
    next = json::string(core::kRoles.code(chain[c.approvals_done]));
  if (c.mode) basis = json::string(k_.approvals().at(*core::kDispatchModes.parse(*c.mode)).basis);
  json::array actions;
  for (auto act : actions_for(a, c, chain)) actions.push_back(json::string(core::kClueActions.code(act)));
  // A link is shown only when its target is in the viewer's scope.
  const bool link = c.petition_id && store::petition_visible(tx, a.scope, *c.petition_id);
  json::array kinds;
  const auto rel = relation_of(a, c, chain);
  if ((rel.at_lead || rel.at_assist) && a.role != core::Role::CountyLeader)
    for (auto k : core::records_in_state(*core::kClueStates.parse(c.state)))
      kinds.push_back(json::string(core::kClueRecordKinds.code(k)));
  json::object j{
      {"id", c.id},
      {"number", c.number},
      {"source", c.source},
      {"petition_id", nullptr},
      {"petition_number", nullptr},
      {"summary", c.summary},
      {"category", c.category},
      {"township_id", opt(c.township_id)},
      {"township_name", opt(c.township_name)},
      {"found_by_org_id", c.found_by_org_id},
      {"found_by_org_name", c.found_by_org_name},
      {"received_day", c.received_day},
      {"state", c.state},
      {"proposed_mode", c.proposed_mode},
      {"proposal_reason", opt(c.proposal_reason)},
      {"mode", opt(c.mode)},
      {"dispatch_reason", opt(c.dispatch_reason)},
      {"lead_org_id", opt(c.lead_org_id)},
      {"lead_org_name", opt(c.lead_org_name)},
      {"assist_org_id", opt(c.assist_org_id)},
      {"assist_org_name", opt(c.assist_org_name)},
      {"acknowledged_at", opt_time(c.acknowledged_at)},
      {"method", opt(c.method)},
      {"plan", opt(c.plan)},
      {"approvals", json::object{{"needed", needed}, {"done", c.approvals_done}, {"next", next}, {"basis", basis}}},
      {"outcome", opt(c.outcome)},
      {"review_day", opt(c.review_day)},
      {"closed_day", opt(c.closed_day)},
      {"conflict", c.conflict != 0},
      {"difficult", c.difficult != 0},
      {"cross_township", c.cross_township != 0},
      {"needs_county_strength", c.needs_county_strength != 0},
      {"registered_by_name", c.registered_by_name},
      {"created_at", core::iso_utc(c.created_at)},
      {"updated_at", core::iso_utc(c.updated_at)},
      {"actions", actions},
      {"record_kinds", kinds}};
  // The same deadline shape as a petition's; null when no clock runs (a
  // pending clue runs to its review day, which has no time limit of its own).
  j["deadline"] = deadline_json(k_, core::deadline_of(c, k_.calendar(), today, k_.catalogue().due_soon_working_days));
  if (link) {
    j["petition_id"] = *c.petition_id;
    j["petition_number"] = opt(c.petition_number);
  }
  if (!full) return j;
  j["content"] = c.content;
  json::array persons;
  for (auto& rp : store::clue_persons_of(tx, c.id)) persons.push_back(person_json(rp));
  j["persons"] = persons;
  json::array steps;
  for (auto& s : store::clue_steps_of(tx, c.id)) {
    json::object o{{"action", s.action},         {"from_state", opt(s.from_state)}, {"to_state", s.to_state},
                   {"actor_name", s.actor_name}, {"at", core::iso_utc(s.at)},       {"reason", opt(s.reason)},
                   {"note", opt(s.note)}};
    o["detail"] = s.detail ? json::parse(*s.detail) : json::value(nullptr);
    steps.push_back(o);
  }
  j["steps"] = steps;
  json::array records;
  for (auto& r : store::clue_records_of(tx, c.id))
    records.push_back(json::object{{"id", r.id},
                                   {"kind", r.kind},
                                   {"day", r.day},
                                   {"text", r.text},
                                   {"evaluation", opt(r.evaluation)},
                                   {"author_name", r.author_name},
                                   {"at", core::iso_utc(r.at)}});
  j["records"] = records;
  json::array reviews;
  for (auto& i : store::clue_reviews_of(tx, c.id))
    reviews.push_back(json::object{
        {"review_id", i.review_id}, {"held_day", i.held_day}, {"decision", i.decision}, {"note", opt(i.note)}});
  j["reviews"] = reviews;
  return j;
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
    facts.persons.push_back({*core::kCadreLevels.parse(r.cadre_level), r.party_member, r.public_official,
                             r.county_department, r.township_discipline_staff, r.township_party_secretary});
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
  c.state = "registered";
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
  st.clue_id = c.id;
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

json::object ClueService::register_clue(const Actor& a, const ClueInput& in0) {
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
      pe.state = "converted_to_clue";
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
    return clue_json(tx, a, *saved, true);
  });
}

json::object ClueService::list_clues(const Actor& a, const store::ClueFilter& filter, bool overdue, const core::Page& page) {
  k_.require(a, core::Permission::ClueRead);
  return k_.db().read([&](store::Tx& tx) {
    auto f = filter;
    if (overdue) f.overdue_before = core::format_day(core::day_of_ms(tx.now));
    long long total = 0;
    json::array items;
    for (auto& c : store::list_clues(tx, a.scope, f, page, &total)) items.push_back(clue_json(tx, a, c, false));
    return json::object{{"items", items}, {"total", total}};
  });
}

json::object ClueService::get_clue(const Actor& a, long long id) {
  k_.require(a, core::Permission::ClueRead);
  return k_.db().read([&](store::Tx& tx) {
    auto c = store::find_clue(tx, a.scope, id);
    if (!c) throw not_found("问题线索不存在或不在本人数据范围内");
    return clue_json(tx, a, *c, true);
  });
}

json::object ClueService::clue_dispatch_proposal(const Actor& a, long long id) {
  k_.require(a, core::Permission::ClueRead);
  return k_.db().read([&](store::Tx& tx) {
    auto c = store::find_clue(tx, a.scope, id);
    if (!c) throw not_found("问题线索不存在或不在本人数据范围内");
    core::ClueFacts facts;
    facts.township_concerned = c->township_id.has_value();
    facts.difficult = c->difficult;
    facts.cross_township = c->cross_township;
    facts.needs_county_strength = c->needs_county_strength;
    for (auto& rp : store::clue_persons_of(tx, c->id))
      facts.persons.push_back({core::kCadreLevels.parse(rp.person.cadre_level).value_or(core::CadreLevel::Other),
                               rp.person.party_member != 0, rp.person.public_official != 0, rp.county_department != 0,
                               rp.township_discipline_staff != 0, rp.township_party_secretary != 0});
    auto p = core::propose_dispatch(facts);
    json::value lead = nullptr, assist = nullptr;
    std::optional<core::OrgUnit> t;
    if (c->township_id) t = store::find_org(tx, core::unrestricted_scope(), *c->township_id);
    if (p.mode == core::DispatchMode::Township) {
      if (t) lead = t->id;
    } else {
      // The room linked to the township leads; the township assists unless it must not see the clue.
      if (t && t->linked_room_id) lead = *t->linked_room_id;
      if (t && !p.conflict) assist = t->id;
    }
    return json::object{{"mode", str(core::kDispatchModes.code(p.mode))},
                        {"conflict", p.conflict},
                        {"reason", p.reason},
                        {"basis", p.basis},
                        {"lead_org_id", lead},
                        {"assist_org_id", assist}};
  });
}

// --- steps

json::object ClueService::act_on_clue(const Actor& a, long long id, const ClueActionInput& in) {
  k_.require(a, core::Permission::ClueRead);
  auto action = core::kClueActions.parse(in.action);
  if (!action) throw invalid("action", "未知的操作");
  if (core::needs_reason(*action)) check_text("reason", in.reason, "理由");
  std::optional<core::ClueOutcome> outcome;
  if (in.outcome) {
    outcome = core::kClueOutcomes.parse(*in.outcome);
    if (!outcome) throw invalid("outcome", "未知的处置结果");
  }

  k_.db().write([&](store::Tx& tx) {
    store::lock_clue(tx, id);
    auto found = store::find_clue(tx, a.scope, id);
    if (!found) throw not_found("问题线索不存在或不在本人数据范围内");
    core::Clue c = *found;
    const auto from = *core::kClueStates.parse(c.state);
    if (*action == ClueAction::Conclude && !outcome &&
        (from == ClueState::InTalkInquiry || from == ClueState::InVerification))
      throw invalid("outcome", "请选择处置结果");
    const auto& chain = approval_roles(c);
    auto to = core::next_state(from, *action, step_facts(c, outcome, chain));
    if (!to) {
      if (*action == ClueAction::Conclude && outcome &&
          (from == ClueState::InTalkInquiry || from == ClueState::InVerification))
        throw invalid("outcome", "该处置方式不能得出此结果");
      throw conflict("问题线索当前状态不能执行此操作", "action");
    }
    if (!core::may_perform(a.role, *action, relation_of(a, c, chain)))
      throw forbidden("本人所在单位或角色不能对本线索执行此操作");
    const core::Day today_d = core::day_of_ms(tx.now);
    const std::string today = core::format_day(today_d);
    auto records = store::clue_records_of(tx, c.id);
    json::object detail{{"number", c.number}, {"from", c.state}, {"to", str(core::kClueStates.code(*to))}};
    json::object choice;  // what the step decided, kept with the step

    switch (*action) {
      case ClueAction::ProposeDispatch: {
        const bool reassign = from != ClueState::Registered;
        if (!in.mode) throw invalid("mode", "请选择分办方式");
        auto mode = core::kDispatchModes.parse(*in.mode);
        if (!mode) throw invalid("mode", "未知的分办方式");
        if ((*in.mode != c.proposed_mode || reassign) && (!in.reason || core::trim(*in.reason).empty()))
          throw invalid("reason", reassign ? "改变承办单位须写明理由" : "不采纳系统建议的分办方式须写明理由");
        if (c.conflict && *mode != core::DispatchMode::CountyLed)
          throw invalid("mode", "线索涉及乡镇纪检监察干部或党委书记，存在利益冲突，只能由县纪委监委领办");
        if (!in.lead_org_id) throw invalid("lead_org_id", "请选择承办单位");
        auto lead = store::find_org(tx, core::unrestricted_scope(), *in.lead_org_id);
        if (*mode == core::DispatchMode::Township) {
          if (!lead || lead->county_id != c.county_id || lead->kind != "township")
            throw invalid("lead_org_id", "镇案镇办的承办单位应为本县的乡镇（街道）");
          if (in.assist_org_id) throw invalid("assist_org_id", "镇案镇办不设协办单位");
        } else {
          if (!lead || lead->county_id != c.county_id || lead->kind != "department" ||
              lead->category != "discipline_room")
            throw invalid("lead_org_id", "县领办、县镇合办的牵头单位应为本县的纪检监察室");
          if (*mode == core::DispatchMode::Joint && !in.assist_org_id)
            throw invalid("assist_org_id", "县镇合办须选择协办的乡镇（街道）");
          if (in.assist_org_id) {
            auto as = store::find_org(tx, core::unrestricted_scope(), *in.assist_org_id);
            if (!as || as->county_id != c.county_id || as->kind != "township")
              throw invalid("assist_org_id", "协办单位应为本县的乡镇（街道）");
            if (c.conflict && c.township_id && as->id == *c.township_id)
              throw invalid("assist_org_id", "存在利益冲突，该乡镇不能协办");
          }
        }
        c.mode = *in.mode;
        c.lead_org_id = lead->id;
        c.assist_org_id = *mode == core::DispatchMode::Township ? std::nullopt : in.assist_org_id;
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
      case ClueAction::ProposeDisposal: {
        if (!in.method) throw invalid("method", "请选择处置方式");
        auto m = core::kDisposalMethods.parse(*in.method);
        if (!m) throw invalid("method", "未知的处置方式");
        if (*m == core::DisposalMethod::TalkInquiry || *m == core::DisposalMethod::PreliminaryVerification)
          check_text("plan", in.plan, "处置方案");
        if (*m == core::DisposalMethod::Closure) check_text("reason", in.reason, "予以了结的理由");
        c.review_day.reset();
        if (*m == core::DisposalMethod::Pending) {
          if (!in.review_day) throw invalid("review_day", "暂存待查须确定重新研判的日期");
          auto rd = core::parse_day(*in.review_day);
          if (!rd) throw invalid("review_day", "应为 YYYY-MM-DD 格式的有效日期");
          if (*rd <= today_d) throw invalid("review_day", "重新研判日期应晚于今天");
          c.review_day = *in.review_day;
        }
        c.method = *in.method;
        c.plan = in.plan ? std::optional(core::trim(*in.plan)) : std::nullopt;
        c.approvals_done = 0;
        choice = {{"method", *c.method}, {"review_day", opt(c.review_day)}};
        break;
      }
      case ClueAction::ApproveDisposal:
        ++c.approvals_done;
        choice = {{"method", opt(c.method)}, {"approval", c.approvals_done}};
        if (*to == ClueState::Closed) c.closed_day = today;
        break;
      case ClueAction::RejectDisposal:
        choice = {{"method", opt(c.method)}};
        c.method.reset();
        c.approvals_done = 0;
        c.review_day.reset();
        break;
      case ClueAction::Conclude: {
        auto m = *core::kDisposalMethods.parse(*c.method);
        bool recorded = false;
        for (auto k : core::required_records(m)) recorded = recorded || has_record(records, k);
        if (!recorded)
          throw conflict(m == core::DisposalMethod::TalkInquiry ? "办结谈话函询须先登记谈话笔录或函询回复"
                                                                : "办结初步核实须先登记初核报告",
                         "action");
        check_text("note", in.note, "处置情况和意见");
        c.outcome = *in.outcome;
        c.review_day.reset();
        if (*outcome == core::ClueOutcome::KeepPending) {
          auto rd = in.review_day ? core::parse_day(*in.review_day) : std::nullopt;
          if (!rd || *rd <= today_d) throw invalid("review_day", "暂存待查须确定晚于今天的重新研判日期");
          c.review_day = *in.review_day;
        }
        if (*to == ClueState::Received) {  // another inquiry or a verification: a new proposal, approved again
          c.method.reset();
          c.plan.reset();
          c.approvals_done = 0;
        }
        if (core::is_final(*to)) c.closed_day = today;
        choice = {{"outcome", *c.outcome}, {"review_day", opt(c.review_day)}};
        break;
      }
      case ClueAction::Review:
        if (c.review_day && today < *c.review_day && (!in.reason || core::trim(*in.reason).empty()))
          throw invalid("reason", "未到重新研判日期，提前研判须写明理由");
        c.method.reset();
        c.plan.reset();
        c.outcome.reset();
        c.approvals_done = 0;
        c.review_day.reset();
        break;
    }
    if (in.reason) detail["reason"] = core::trim(*in.reason);
    for (auto& [k, v] : choice) detail[k] = v;

    c.state = str(core::kClueStates.code(*to));
    if (*to != from) {
      const bool letter = has_record(records, core::ClueRecordKind::InquiryLetter);
      const bool answered = has_record(records, core::ClueRecordKind::TalkRecord) ||
                            has_record(records, core::ClueRecordKind::InquiryReply);
      // Records of an earlier round do not count for a new one.
      const bool fresh_round = *to == ClueState::InTalkInquiry;
      set_clue_clock(c, today, fresh_round ? false : letter, fresh_round ? false : answered);
    }
    store::update_clue(tx, c);

    core::ClueStep st;
    st.clue_id = c.id;
    st.action = in.action;
    st.from_state = str(core::kClueStates.code(from));
    st.to_state = c.state;
    st.actor_id = a.user.id;
    st.actor_name = a.user.display_name;
    st.org_id = a.user.org_unit_id;
    if (in.reason) st.reason = core::trim(*in.reason);
    if (in.note) st.note = in.note;
    if (!choice.empty()) st.detail = json::serialize(choice);
    store::insert_clue_step(tx, st);
    k_.audit(tx, &a, in.action, "clue", c.id, detail);
  });
  return k_.db().read([&](store::Tx& tx) {
    auto saved = store::find_clue(tx, core::unrestricted_scope(), id);
    if (!saved) throw not_found("问题线索");
    return clue_json(tx, a, *saved, true);
  });
}

json::object ClueService::add_clue_record(const Actor& a, long long id, const ClueRecordInput& in) {
  k_.require(a, core::Permission::ClueHandle);
  auto kind = core::kClueRecordKinds.parse(in.kind);
  if (!kind) throw invalid("kind", "未知的记录类别");
  if (core::trim(in.text).empty()) throw invalid("text", "请填写记录内容");
  if (*kind == core::ClueRecordKind::InquiryReply) check_text("evaluation", in.evaluation, "对回复的评估意见");
  k_.db().write([&](store::Tx& tx) {
    store::lock_clue(tx, id);
    auto found = store::find_clue(tx, a.scope, id);
    if (!found) throw not_found("问题线索不存在或不在本人数据范围内");
    core::Clue c = *found;
    const auto st = *core::kClueStates.parse(c.state);
    auto allowed = core::records_in_state(st);
    if (std::find(allowed.begin(), allowed.end(), *kind) == allowed.end())
      throw conflict("问题线索当前状态不能登记此类记录", "kind");
    const auto rel = relation_of(a, c, approval_roles(c));
    if (!rel.at_lead && !rel.at_assist) throw forbidden("只有承办或协办单位可以登记处置记录");
    const core::Day today = core::day_of_ms(tx.now);
    checked_day("day", in.day, today);
    // The day of the talk, the letter or the reply must not precede the approval.
    if (c.clock_start && in.day < *c.clock_start) throw invalid("day", "记录日期不能早于处置方式批准日期");
    auto records = store::clue_records_of(tx, c.id);
    if (*kind == core::ClueRecordKind::InquiryReply && !has_record(records, core::ClueRecordKind::InquiryLetter))
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
          *kind == core::ClueRecordKind::InquiryLetter || has_record(records, core::ClueRecordKind::InquiryLetter);
      const bool answered = *kind == core::ClueRecordKind::TalkRecord || *kind == core::ClueRecordKind::InquiryReply ||
                            has_record(records, core::ClueRecordKind::TalkRecord) ||
                            has_record(records, core::ClueRecordKind::InquiryReply);
      set_clue_clock(c, in.day, letter, answered);
      store::update_clue(tx, c);
    }
    k_.audit(tx, &a, "add_record", "clue", c.id, {{"number", c.number}, {"kind", in.kind}, {"day", in.day}});
  });
  return k_.db().read([&](store::Tx& tx) {
    auto saved = store::find_clue(tx, core::unrestricted_scope(), id);
    if (!saved) throw not_found("问题线索");
    return clue_json(tx, a, *saved, true);
  });
}

// --- the funnel and the warnings

json::object ClueService::clue_funnel(const Actor& a, const std::optional<std::string>& from0,
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
      std::string status;
      long long left;
      core::Clue c;
    };
    std::vector<Late> late;
    long long total = 0;
    store::scan_clues(tx, a.scope, f, [&](const core::Clue& c) {
      ++total;
      ++by_state[c.state];
      const std::string mode = c.mode && c.state != "dispatch_proposed" ? *c.mode : "undispatched";
      ++by_mode[mode];
      ++matrix[{c.state, mode}];
      // The flow: source → dispatch mode → where the clue stands now.
      std::string end = c.state;
      if (!core::is_final(*core::kClueStates.parse(c.state)) && c.state != "pending") end = "open";
      ++links[{"source:" + c.source, "mode:" + mode}];
      ++links[{"mode:" + mode, "end:" + end}];
      long long left = 0;
      auto status = clue_deadline_status(c, today, &left);
      if (status == "overdue" || status == "due_soon") late.push_back({status, left, c});
    });
    std::stable_sort(late.begin(), late.end(), [](const Late& x, const Late& y) { return x.left < y.left; });
    json::array overdue;
    for (std::size_t i = 0; i < late.size() && i < 50; ++i) overdue.push_back(clue_json(tx, a, late[i].c, false));
    auto pairs = [](const std::map<std::string, long long>& m, const char* key) {
      json::array out;
      for (auto& [k, v] : m) out.push_back(json::object{{key, k}, {"count", v}});
      return out;
    };
    json::array mx;
    for (auto& [k, v] : matrix)
      mx.push_back(json::object{{"state", k.first},
                                {"mode", k.second == "undispatched" ? json::value(nullptr) : json::value(k.second)},
                                {"count", v}});
    std::set<std::string> names;
    json::array lk;
    for (auto& [k, v] : links) {
      names.insert(k.first);
      names.insert(k.second);
      lk.push_back(json::object{{"source", k.first.substr(k.first.find(':') + 1)},
                                {"target", k.second.substr(k.second.find(':') + 1)},
                                {"value", v}});
    }
    json::array nodes;
    for (auto& n : names) {
      auto colon = n.find(':');
      nodes.push_back(json::object{{"name", n.substr(colon + 1)}, {"stage", n.substr(0, colon)}});
    }
    return json::object{{"from", from},
                        {"to", to},
                        {"total", total},
                        {"by_state", pairs(by_state, "state")},
                        {"by_mode", pairs(by_mode, "mode")},
                        {"matrix", mx},
                        {"overdue", overdue},
                        {"sankey", json::object{{"nodes", nodes}, {"links", lk}}}};
  });
}

json::object ClueService::clue_warnings(const Actor& a, const core::Page& page) {
  k_.require(a, core::Permission::ClueRead);
  const auto* rule = k_.find_time_limit("clue_monthly_report");
  if (!rule) throw std::runtime_error("time limit clue_monthly_report missing from data/time-limits.json");
  return k_.db().read([&](store::Tx& tx) {
    const core::Day today = core::day_of_ms(tx.now);
    const std::string today_s = core::format_day(today);
    // Every warning is counted, so the total is true; only the page is kept.
    const long long first = page.offset(), last = first + page.page_size;
    long long total = 0;
    json::array items;
    auto add = [&](json::object w) {
      const long long at = total++;
      if (at >= first && at < last) items.push_back(std::move(w));
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
        if (it != status.end() && it->second != "returned") continue;
        add(json::object{{"code", "clue_report_overdue"},
                         {"message", t.name + " " + month + " 线索月报逾期未报（应于 " + deadline + " 前报送）"},
                         {"township_id", t.id},
                         {"month", month},
                         {"deadline_day", deadline},
                         {"clue", nullptr}});
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
        long long left = 0;
        auto status = clue_deadline_status(c, today, &left);
        if (c.state == "pending") {
          if (!c.due_day || today_s < *c.due_day) continue;
          status = "pending_review_due";
        }
        if (status.empty() || status == "running") continue;
        const std::string code = status;
        std::string msg = code == "pending_review_due" ? "暂存待查线索已到重新研判日期"
                          : status == "overdue"        ? "已超期 " + std::to_string(-left) + " 个工作日"
                                                : "即将到期（剩 " + std::to_string(left) + " 个工作日）";
        add(json::object{{"code", code},
                         {"message", msg},
                         {"township_id", opt(c.township_id)},
                         {"month", nullptr},
                         {"deadline_day", opt(c.due_day)},
                         {"clue", json::object{{"id", c.id},
                                               {"number", c.number},
                                               {"summary", c.summary},
                                               {"state", c.state},
                                               {"lead_org_name", opt(c.lead_org_name)}}}});
      }
      if (clues.empty() || static_cast<long long>(batch.page) * batch.page_size >= found) break;
    }
    return json::object{{"items", items}, {"total", total}};
  });
}

}  // namespace funnel::app
