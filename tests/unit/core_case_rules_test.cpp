// The rules of a case's steps (domain.md §4; regulations.md §4–§6) as the
// use case will report them: every branch, with its exact field and message.
#include <gtest/gtest.h>

#include "core/case_rules.hpp"
#include "problem_print.hpp"

using namespace funnel::core;
using S = CaseState;
using A = CaseAction;

namespace {
Check I(const char* field, const std::string& msg) { return Problem::invalid(field, msg); }
Check C(const std::string& msg, const char* field = "action") { return Problem::conflict(msg, field); }
constexpr std::nullopt_t ok = std::nullopt;
Day D(const char* s) { return *parse_day(s); }
const Day kToday = D("2024-08-13");

Clue clue(const char* state, std::optional<std::string> outcome) {
  Clue c;
  c.id = 5;
  c.state = state;
  c.outcome = outcome;
  return c;
}
}  // namespace

// --- filing: the source

TEST(CaseFilingSource, FromAClueThatProposedFiling) {
  const Clue filed = clue("filed", "file_case");
  FilingSource r;
  r.source = "from_clue";
  r.clue_id = 5;
  r.clue = &filed;
  r.person_in_clue = true;
  EXPECT_EQ(filing_source_problem(r), ok);
  r.person_in_clue = false;
  EXPECT_EQ(filing_source_problem(r), I("person_id", "被审查调查人不是该线索反映的人员"));
  r.person_in_clue = true;
  r.already_filed = true;
  EXPECT_EQ(filing_source_problem(r), C("该线索已对此人立案", "person_id"));
  // A clue that did not propose filing: conflict, whatever else it did.
  const Clue others[] = {clue("closed", "close"), clue("in_verification", std::nullopt), clue("pending", "keep_pending"),
                         clue("transferred", "transfer"), clue("closed", "file_case"), clue("filed", "close")};
  for (const auto& c : others) {
    r.clue = &c;
    r.already_filed = false;
    EXPECT_EQ(filing_source_problem(r), C("该线索的初步核实未提出立案建议，不能据此立案", "clue_id")) << c.state;
  }
  r.clue = nullptr;
  EXPECT_EQ(filing_source_problem(r), I("clue_id", "线索不存在"));
  r.clue_id.reset();
  EXPECT_EQ(filing_source_problem(r), I("clue_id", "由问题线索立案须选择线索"));
}

TEST(CaseFilingSource, DirectSourcesNameTheirOrganAndDocument) {
  FilingSource r;
  EXPECT_EQ(filing_source_problem(r), I("source", "请选择案件来源"));
  r.source = "petition";
  EXPECT_EQ(filing_source_problem(r), I("source", "未知的案件来源"));
  r.source = "transferred";
  EXPECT_EQ(filing_source_problem(r), I("source_organ", "请填写移送机关"));
  r.source_organ = "县公安局";
  EXPECT_EQ(filing_source_problem(r), I("source_ref", "请填写移送函的文号"));
  r.source_ref = "成公移〔2026〕3号";
  EXPECT_EQ(filing_source_problem(r), ok);
  r.clue_id = 5;  // a direct source has no clue
  EXPECT_EQ(filing_source_problem(r), I("clue_id", "仅由问题线索立案时选择线索"));
  r = {};
  r.source = "assigned_by_higher";
  EXPECT_EQ(filing_source_problem(r), I("source_organ", "请填写交办的上级机关"));
  r.source_organ = "市纪委监委";
  r.source_ref = " ";
  EXPECT_EQ(filing_source_problem(r), I("source_ref", "请填写交办文件的文号"));
  r.source_ref = "市纪交〔2026〕1号";
  EXPECT_EQ(filing_source_problem(r), ok);
  r = {};
  r.source = "found_in_supervision";
  EXPECT_EQ(filing_source_problem(r), I("source_ref", "请填写发现问题的监督检查事项"));
  r.source_ref = "2026年惠农资金专项监督";
  EXPECT_EQ(filing_source_problem(r), ok);
}

// --- filing: the person, 案由 and the level

namespace {
FilingSubject subject(CadreLevel level, bool party, std::optional<std::string> category,
                      std::vector<std::string> violations, const char* mode = "township") {
  FilingSubject s;
  s.person.level = level;
  s.person.party_member = party;
  s.person.public_official = category.has_value() && level != CadreLevel::VillageCadre;
  s.supervised_category = category;
  s.violations = std::move(violations);
  s.mode = mode;
  s.summary = "违规发放低保";
  return s;
}
}  // namespace

TEST(CaseFilingSubject, ThePersonDecidesWhichRulesApply) {
  // A village cadre, party member: party discipline and 职务违法 in the township (delegated).
  auto s = subject(CadreLevel::VillageCadre, true, "grassroots_autonomy", {"mass_discipline", "duty_illegality"});
  EXPECT_EQ(filing_subject_problem(s, true), ok);
  EXPECT_EQ(filing_subject_problem(s, false),
            I("mode", "本县未向乡镇延伸监察职能，职务违法案件由县纪委监委立案调查"));
  s.mode = "county_led";
  EXPECT_EQ(filing_subject_problem(s, false), ok);
  // Not a party member: no party discipline.
  s = subject(CadreLevel::GeneralCadre, false, "civil_servant", {"integrity_discipline"}, "county_led");
  EXPECT_EQ(filing_subject_problem(s, true), I("violations", "被审查调查人不是党员，案由不能是违反党的纪律"));
  s.violations = {"duty_illegality"};
  EXPECT_EQ(filing_subject_problem(s, true), ok);
  // A party member who is no 监察对象: no 职务违法.
  s = subject(CadreLevel::PartyMember, true, std::nullopt, {"duty_crime"});
  EXPECT_EQ(filing_subject_problem(s, true), I("violations", "被审查调查人不是监察对象，案由不能是职务违法或职务犯罪"));
  // Neither: outside the commission's remit.
  s = subject(CadreLevel::Other, false, std::nullopt, {"life_discipline"});
  EXPECT_EQ(filing_subject_problem(s, true),
            I("party_member", "被审查调查人既非党员也非监察对象，不属纪检监察机关管辖，应转有关部门"));
  // A public official names the category; codes must be known.
  s = subject(CadreLevel::GeneralCadre, true, std::nullopt, {"work_discipline"});
  s.person.public_official = true;
  EXPECT_EQ(filing_subject_problem(s, true), I("supervised_category", "公职人员须选择监察对象类别"));
  s.supervised_category = "teacher";
  EXPECT_EQ(filing_subject_problem(s, true), I("supervised_category", "未知的监察对象类别"));
  s.supervised_category = "public_institution";
  EXPECT_EQ(filing_subject_problem(s, true), ok);
  s.violations = {};
  EXPECT_EQ(filing_subject_problem(s, true), I("violations", "请选择案由"));
  s.violations = {"work_discipline", "bribery"};
  EXPECT_EQ(filing_subject_problem(s, true), I("violations", "未知的案由"));
  s.violations = {"work_discipline"};
  s.summary = "  ";
  EXPECT_EQ(filing_subject_problem(s, true), I("summary", "请填写立案依据的主要违纪违法事实"));
  s.summary = "违规发放补贴";
  s.mode.reset();
  EXPECT_EQ(filing_subject_problem(s, true), I("mode", "请选择办理方式"));
  s.mode = "village";
  EXPECT_EQ(filing_subject_problem(s, true), I("mode", "未知的办理方式"));
}

TEST(CaseFilingSubject, TownshipCasesStayWithinTheTownshipsJurisdiction) {
  auto s = subject(CadreLevel::TownshipSection, true, "civil_servant", {"work_discipline"});
  EXPECT_EQ(filing_subject_problem(s, true), I("mode", "乡科级干部和县直部门干部的案件由县纪委监委立案"));
  s.mode = "joint";
  EXPECT_EQ(filing_subject_problem(s, true), ok);
  s = subject(CadreLevel::GeneralCadre, true, "civil_servant", {"work_discipline"});
  s.person.county_department = true;
  EXPECT_EQ(filing_subject_problem(s, true), I("mode", "乡科级干部和县直部门干部的案件由县纪委监委立案"));
  for (int which = 0; which < 2; ++which) {
    s = subject(CadreLevel::GeneralCadre, true, "civil_servant", {"work_discipline"});
    (which ? s.person.township_party_secretary : s.person.township_discipline_staff) = true;
    EXPECT_EQ(filing_subject_problem(s, true),
              I("mode", "反映乡镇纪检监察干部或党委书记，存在利益冲突，由县纪委监委立案"));
    s.mode = "county_led";
    EXPECT_EQ(filing_subject_problem(s, true), ok);
  }
  s = subject(CadreLevel::VillageCadre, true, "grassroots_autonomy", {"duty_crime"});
  EXPECT_EQ(filing_subject_problem(s, true), I("mode", "涉嫌职务犯罪的案件由县纪委监委立案调查"));
  s.mode = "county_led";
  EXPECT_EQ(filing_subject_problem(s, true), ok);
  // 县处级: to the higher organ, whatever the mode.
  for (const char* mode : {"township", "county_led", "joint"}) {
    s = subject(CadreLevel::CountyDivision, true, "civil_servant", {"integrity_discipline"}, mode);
    EXPECT_EQ(filing_subject_problem(s, true), I("cadre_level", "县处级干部由上级纪委监委管辖，应按规定报送")) << mode;
  }
}

// --- states and chains

TEST(CaseRules, TransitionProblems) {
  EXPECT_EQ(case_transition_problem(S::Filed, A::StartInvestigation, {}), ok);
  EXPECT_EQ(case_transition_problem(S::FilingRequested, A::StartInvestigation, {}), C("案件当前状态不能执行此操作"));
  EXPECT_EQ(case_transition_problem(S::Dismissed, A::Extend, {}), C("案件当前状态不能执行此操作"));
  EXPECT_EQ(case_transition_problem(S::Investigating, A::ReturnToCase, {}), C("被审查调查人未逃匿，无需登记到案"));
  EXPECT_EQ(case_transition_problem(S::Investigating, A::RequestTransfer, {true, true}),
            C("被审查调查人在逃，只能登记到案、采取措施或撤销案件"));
  EXPECT_EQ(case_transition_problem(S::Investigating, A::Abscond, {true, true}),
            C("被审查调查人在逃，只能登记到案、采取措施或撤销案件"));
  EXPECT_EQ(case_transition_problem(S::Investigating, A::ReturnToCase, {true, true}), ok);
  // Not in the table at all: the state's message even while absconded.
  EXPECT_EQ(case_transition_problem(S::FilingRequested, A::ShowFacts, {true, true}), C("案件当前状态不能执行此操作"));
}

TEST(CaseRules, ReasonsWhereNeeded) {
  for (A a : {A::RefuseFiling, A::ReturnTransfer, A::Dismiss, A::ReturnForInvestigation, A::Abscond,
              A::RequestExtension, A::RefuseExtension, A::DeferTrial, A::RefuseTrial, A::ReturnSupplementary,
              A::ExtendTrial}) {
    EXPECT_EQ(case_reason_problem(a, std::nullopt), I("reason", "请填写理由")) << kCaseActions.code(a);
    EXPECT_EQ(case_reason_problem(a, "\u3000"), I("reason", "请填写理由")) << kCaseActions.code(a);
    EXPECT_EQ(case_reason_problem(a, "证据不足"), ok);
  }
  EXPECT_EQ(case_reason_problem(A::ApproveFiling, std::nullopt), ok);
}

namespace {
// County 1: township 10, room 20.
Case a_case(const char* mode, const char* state, int approvals_done = 0) {
  Case c;
  c.county_id = 1;
  c.township_id = 10;
  c.mode = mode;
  c.lead_org_id = std::string(mode) == "township" ? 10 : 20;
  c.state = state;
  c.approvals_done = approvals_done;
  return c;
}
const std::vector<Approver> kTownshipFiling = {Approver::TownshipSecretary, Approver::TownshipPartyCommittee};
const std::vector<Approver> kCountyFiling = {Approver::DisciplineRoom, Approver::CountyLeader,
                                             Approver::CountyPartyCommittee};
}  // namespace

TEST(CaseRules, TheChainsNextApproverAndTheStepFacts) {
  EXPECT_EQ(next_approver(a_case("township", "filing_requested"), kTownshipFiling), Approver::TownshipSecretary);
  EXPECT_EQ(next_approver(a_case("township", "filing_requested", 1), kTownshipFiling),
            Approver::TownshipPartyCommittee);
  EXPECT_EQ(next_approver(a_case("township", "filing_requested", 2), kTownshipFiling), std::nullopt);
  EXPECT_EQ(next_approver(a_case("township", "filing_requested", -1), kTownshipFiling), std::nullopt);
  EXPECT_EQ(next_approver(a_case("county_led", "transfer_requested", 1), kCountyFiling), Approver::CountyLeader);
  EXPECT_EQ(next_approver(a_case("county_led", "investigating"), kCountyFiling), std::nullopt);
  auto f = case_step_facts(a_case("county_led", "filing_requested", 1), kCountyFiling);
  EXPECT_FALSE(f.last_approval);
  EXPECT_FALSE(f.absconded);
  auto away = a_case("county_led", "investigating", 2);
  away.absconded = 1;
  f = case_step_facts(away, kCountyFiling);
  EXPECT_TRUE(f.last_approval);
  EXPECT_TRUE(f.absconded);
}

TEST(CaseRules, WhereTheActorStands) {
  // Township case, first step: the township secretary of township 10.
  auto t = a_case("township", "filing_requested");
  auto r = case_relation(t, Role::TownshipSecretary, 10, 1, kTownshipFiling);
  EXPECT_TRUE(r.at_lead && r.in_county && r.township_case && r.next_approver);
  EXPECT_FALSE(case_relation(t, Role::TownshipSecretary, 11, 1, kTownshipFiling).next_approver);  // another township
  EXPECT_FALSE(case_relation(t, Role::TownshipStaff, 10, 1, kTownshipFiling).next_approver);
  EXPECT_FALSE(case_relation(t, Role::TownshipSecretary, std::nullopt, 1, kTownshipFiling).at_lead);
  // Second step: the party committee's approval, recorded by the same secretary.
  t.approvals_done = 1;
  EXPECT_TRUE(case_relation(t, Role::TownshipSecretary, 10, 1, kTownshipFiling).next_approver);
  // County case: the lead room, then the county leader anywhere in the county, not another county's.
  auto c = a_case("joint", "filing_requested");
  EXPECT_TRUE(case_relation(c, Role::DisciplineRoom, 20, 1, kCountyFiling).next_approver);
  EXPECT_FALSE(case_relation(c, Role::DisciplineRoom, 21, 1, kCountyFiling).next_approver);
  EXPECT_FALSE(case_relation(c, Role::CountyLeader, std::nullopt, 1, kCountyFiling).next_approver);
  c.approvals_done = 1;
  EXPECT_TRUE(case_relation(c, Role::CountyLeader, std::nullopt, 1, kCountyFiling).next_approver);
  EXPECT_FALSE(case_relation(c, Role::CountyLeader, std::nullopt, 2, kCountyFiling).next_approver);
  EXPECT_FALSE(case_relation(c, Role::CountyLeader, std::nullopt, 2, kCountyFiling).in_county);
  c.approvals_done = 2;
  EXPECT_TRUE(case_relation(c, Role::CountyLeader, std::nullopt, 1, kCountyFiling).next_approver);
  c.approvals_done = 3;
  EXPECT_FALSE(case_relation(c, Role::CountyLeader, std::nullopt, 1, kCountyFiling).next_approver);
  // A higher organ's decision is recorded by 案管 of the county.
  auto h = a_case("county_led", "transfer_requested");
  EXPECT_TRUE(case_relation(h, Role::CaseSupervision, 30, 1, {Approver::HigherOrgan}).next_approver);
  EXPECT_FALSE(case_relation(h, Role::CaseSupervision, 30, 2, {Approver::HigherOrgan}).next_approver);
  EXPECT_FALSE(case_relation(h, Role::CaseSupervision, 30, 1, kCountyFiling).at_lead);
}

TEST(CaseRules, DecisionsOutsideThePlatformCarryTheirDocument) {
  EXPECT_EQ(approval_record_problem(Approver::TownshipPartyCommittee, std::nullopt),
            I("approval_ref", "请填写乡镇党委书记批准文件的文号"));
  EXPECT_EQ(approval_record_problem(Approver::CountyPartyCommittee, " "),
            I("approval_ref", "请填写县委书记批准文件的文号"));
  EXPECT_EQ(approval_record_problem(Approver::HigherOrgan, std::nullopt),
            I("approval_ref", "请填写上一级纪委监委批准文件的文号"));
  EXPECT_EQ(approval_record_problem(Approver::CountyPartyCommittee, "县委批〔2026〕4号"), ok);
  for (auto a : {Approver::TownshipSecretary, Approver::DisciplineRoom, Approver::CountyLeader})
    EXPECT_EQ(approval_record_problem(a, std::nullopt), ok);
}

// --- the investigation

TEST(CaseRules, APlanAndATeamOfTwoNoneRecused) {
  EXPECT_EQ(investigation_start_problem(std::nullopt, {1, 2}, {}), I("plan", "请填写审查调查方案"));
  EXPECT_EQ(investigation_start_problem("方案", {1, 2}, {}), ok);
  const auto too_few = I("team", "审查调查组至少应有2名成员（监督执纪工作规则第三十九条、第四十二条）");
  EXPECT_EQ(investigation_start_problem("方案", {1}, {}), too_few);
  EXPECT_EQ(investigation_start_problem("方案", {1, 1}, {}), too_few);  // the same person twice
  EXPECT_EQ(investigation_start_problem("方案", {}, {}), too_few);
  const auto recused = I("team", "审查调查组成员中有应当回避或与被审查调查人有利害关系的人员");
  EXPECT_EQ(investigation_start_problem("方案", {1, 2, 3}, {3}), recused);
  EXPECT_EQ(investigation_start_problem("方案", {1, 2, 3}, {9, 1}), recused);
  EXPECT_EQ(investigation_start_problem("方案", {1, 2, 3}, {9}), ok);
}

// --- the trial

namespace {
std::vector<std::string> all_items() {
  std::vector<std::string> out;
  for (auto& [item, code] : kTrialFileItems.rows) out.emplace_back(code);
  return out;
}
}  // namespace

TEST(CaseTrialRules, AcceptedOnlyWithTheWholeFileAndTwoTriersWhoDidNotInvestigate) {
  const auto items = all_items();
  EXPECT_EQ(trial_accept_problem(items, {7, 8}, {1, 2}, {}), ok);
  // Each item missing refuses the receipt; an unknown one is named.
  const auto incomplete =
      I("file_items", "案卷材料不齐全的不能受理，请暂缓受理并写明所缺材料（监督执纪工作规则第五十五条）");
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto less = items;
    less.erase(less.begin() + static_cast<long>(i));
    EXPECT_EQ(trial_accept_problem(less, {7, 8}, {1, 2}, {}), incomplete) << items[i];
  }
  auto odd = items;
  odd.push_back("tea");
  EXPECT_EQ(trial_accept_problem(odd, {7, 8}, {1, 2}, {}), I("file_items", "未知的案卷材料项：tea"));
  const auto too_few = I("triers", "审理组至少应有2名审理人员（监督执纪工作规则第五十五条）");
  EXPECT_EQ(trial_accept_problem(items, {7}, {1, 2}, {}), too_few);
  EXPECT_EQ(trial_accept_problem(items, {7, 7}, {1, 2}, {}), too_few);
  EXPECT_EQ(trial_accept_problem(items, {}, {1, 2}, {}), too_few);
  // 审查调查人员不得参与审理 (GZ 54).
  const auto investigated = I("triers", "参与本案审查调查的人员不得参与审理（监督执纪工作规则第五十四条）");
  EXPECT_EQ(trial_accept_problem(items, {7, 2}, {1, 2}, {}), investigated);
  EXPECT_EQ(trial_accept_problem(items, {1, 7, 8}, {1, 2}, {}), investigated);
  EXPECT_EQ(trial_accept_problem(items, {7, 8}, {1, 2}, {8}),
            I("triers", "审理人员中有应当回避或与被审查调查人有利害关系的人员"));
}

TEST(CaseTrialRules, DeferralNamesWhatIsMissing) {
  EXPECT_EQ(trial_defer_problem({}), I("file_items", "暂缓受理应写明所缺的案卷材料"));
  EXPECT_EQ(trial_defer_problem({"evidence", "x"}), I("file_items", "未知的案卷材料项：x"));
  EXPECT_EQ(trial_defer_problem({"evidence", "person_statement"}), ok);
}

TEST(CaseTrialRules, ExtensionWithinTheLimitAndWithItsApproval) {
  TimeLimit ext;
  ext.code = "case_trial_extension";
  ext.label = "重大复杂案件延长审理期限";
  ext.amount = 1;
  ext.unit = LimitUnit::Months;
  ext.basis = "SL 194";
  EXPECT_EQ(trial_extension_problem(ext, 0, 1, "县纪审延〔2024〕1号"), ok);
  EXPECT_EQ(trial_extension_problem(ext, 0, std::nullopt, "x"), I("amount", "请填写延长的期限"));
  EXPECT_EQ(trial_extension_problem(ext, 0, 0, "x"), I("amount", "请填写延长的期限"));
  EXPECT_EQ(trial_extension_problem(ext, 0, 2, "x"), I("amount", "超过可以延长的审理期限：" + limit_phrase(ext)));
  EXPECT_EQ(trial_extension_problem(ext, 1, 1, "x"), I("amount", "超过可以延长的审理期限：" + limit_phrase(ext)));
  EXPECT_EQ(trial_extension_problem(ext, 0, 1, std::nullopt), I("approval_ref", "请填写批准延长审理期限的文件文号"));
  EXPECT_EQ(trial_extension_problem(ext, 0, 1, " "), I("approval_ref", "请填写批准延长审理期限的文件文号"));
}

TEST(CaseTrialRules, TheReportAndTheDeliberation) {
  EXPECT_EQ(trial_report_problem("报告", "记录"), ok);
  EXPECT_EQ(trial_report_problem(std::nullopt, "记录"), I("trial_report", "请填写审理报告"));
  EXPECT_EQ(trial_report_problem("报告", "  "), I("deliberation", "请填写集体审议记录"));
}

TEST(CaseTrialRules, InterveningEarlyOnceInTheStepFacts) {
  Case c;
  c.state = "investigating";
  EXPECT_FALSE(case_step_facts(c, {}).trial_intervened);
  c.trial_intervened_day = "2024-08-01";
  EXPECT_TRUE(case_step_facts(c, {}).trial_intervened);
}

namespace {
CaseFacts county_supervision() { return {Regime::Both, DispatchMode::CountyLed, {Violation::DutyIllegality}}; }
MeasureRequest measure(const char* m, const char* approver, std::optional<std::string> ref = std::nullopt) {
  MeasureRequest r;
  r.measure = m;
  r.day = "2024-08-12";
  r.approved_by = approver;
  r.approval_ref = ref;
  r.people = {1, 2};
  return r;
}
}  // namespace

TEST(CaseMeasureRules, DetentionNeedsTheHigherOrgansApproval) {
  auto r = measure("detention", "higher_organ", "市监委批〔2026〕7号");
  r.started_at = 1727662800000LL;
  EXPECT_EQ(measure_problem(county_supervision(), r, kToday), ok);
  r.approved_by.reset();
  EXPECT_EQ(measure_problem(county_supervision(), r, kToday), I("approved_by", "留置须经上一级纪委监委批准"));
  r.approved_by = "county_leader";
  EXPECT_EQ(measure_problem(county_supervision(), r, kToday), I("approved_by", "留置须经上一级纪委监委批准"));
  r.approved_by = "mayor";
  EXPECT_EQ(measure_problem(county_supervision(), r, kToday), I("approved_by", "留置须经上一级纪委监委批准"));
  r.approved_by = "higher_organ";
  r.approval_ref.reset();
  EXPECT_EQ(measure_problem(county_supervision(), r, kToday),
            I("approval_ref", "请填写上一级纪委监委批准文件的文号"));
  r.approval_ref = "市监委批〔2026〕7号";
  r.started_at.reset();
  EXPECT_EQ(measure_problem(county_supervision(), r, kToday), I("started_at", "请填写留置开始的时间"));
  r.started_at = 1727662800000LL;
  // Only for 职务违法 or 职务犯罪, only in a 监察 case, never in a township case.
  EXPECT_EQ(measure_problem({Regime::Both, DispatchMode::CountyLed, {Violation::Integrity}}, r, kToday),
            I("measure", "留置仅适用于涉嫌严重职务违法或者职务犯罪的被调查人"));
  EXPECT_EQ(measure_problem({Regime::PartyDiscipline, DispatchMode::CountyLed, {Violation::Integrity}}, r, kToday),
            I("measure", "此措施仅适用于监察对象，党纪案件不能采取"));
  EXPECT_EQ(measure_problem({Regime::Both, DispatchMode::Township, {Violation::DutyIllegality}}, r, kToday),
            I("measure", "乡镇纪委不能采取此措施，须由县纪委监委办理"));
}

TEST(CaseMeasureRules, EveryOtherBranch) {
  const auto c = county_supervision();
  EXPECT_EQ(measure_problem(c, measure("talk", "discipline_room"), kToday), ok);
  EXPECT_EQ(measure_problem(c, measure("talk", "county_leader"), kToday),
            I("approved_by", "采取此措施须经承办纪检监察室主任批准"));
  EXPECT_EQ(measure_problem(c, measure("search", "discipline_room"), kToday),
            I("approved_by", "采取此措施须经县纪委监委主要负责人批准"));
  EXPECT_EQ(measure_problem(c, measure("search", "county_leader"), kToday), ok);
  EXPECT_EQ(measure_problem(c, measure("exit_restriction", "higher_organ"), kToday),
            I("approval_ref", "请填写上一级纪委监委批准文件的文号"));
  // A township case: the township's measures, approved by its secretary.
  const CaseFacts township{Regime::PartyDiscipline, DispatchMode::Township, {Violation::Mass}};
  EXPECT_EQ(measure_problem(township, measure("inquiry", "township_secretary"), kToday), ok);
  EXPECT_EQ(measure_problem(township, measure("retrieve", "discipline_room"), kToday),
            I("approved_by", "采取此措施须经乡镇纪委书记批准"));
  EXPECT_EQ(measure_problem(township, measure("freeze", "township_secretary"), kToday),
            I("measure", "乡镇纪委不能采取此措施，须由县纪委监委办理"));
  // 讯问: 职务犯罪 only.
  EXPECT_EQ(measure_problem(c, measure("interrogation", "county_leader"), kToday),
            I("measure", "讯问仅适用于涉嫌职务犯罪的被调查人"));
  EXPECT_EQ(measure_problem({Regime::Supervision, DispatchMode::Joint, {Violation::DutyCrime}},
                            measure("interrogation", "county_leader"), kToday),
            ok);
  // 通缉 is a 监察 power.
  EXPECT_EQ(measure_problem({Regime::PartyDiscipline, DispatchMode::CountyLed, {Violation::Work}},
                            measure("wanted_notice", "county_leader"), kToday),
            I("measure", "此措施仅适用于监察对象，党纪案件不能采取"));
  auto r = measure("talk", "discipline_room");
  r.measure.reset();
  EXPECT_EQ(measure_problem(c, r, kToday), I("measure", "请选择调查措施"));
  r.measure = "wiretap";
  EXPECT_EQ(measure_problem(c, r, kToday), I("measure", "未知的调查措施"));
  r = measure("talk", "discipline_room");
  r.day = "2024-8-1";
  EXPECT_EQ(measure_problem(c, r, kToday), I("day", "应为 YYYY-MM-DD 格式的有效日期"));
  r.day.reset();
  EXPECT_EQ(measure_problem(c, r, kToday), I("day", "应为 YYYY-MM-DD 格式的有效日期"));
  r.day = "2024-08-14";
  EXPECT_EQ(measure_problem(c, r, kToday), I("day", "采取措施的日期不能晚于今天"));
  r.day = "2024-08-13";
  EXPECT_EQ(measure_problem(c, r, kToday), ok);
  r.people = {1, 1};
  EXPECT_EQ(measure_problem(c, r, kToday), I("people", "采取调查措施应由2名以上工作人员进行"));
}

// --- extensions

namespace {
TimeLimit limit(const char* label, int amount, LimitUnit unit, const char* basis) {
  TimeLimit t;
  t.code = "x";
  t.label = label;
  t.amount = amount;
  t.unit = unit;
  t.basis = basis;
  return t;
}
const TimeLimit kSupervisionExt = limit("监察案件延长调查期限", 6, LimitUnit::Months, "《监察法实施条例》第一百八十五条");
const TimeLimit kPartyExt = limit("党纪审查延期", 90, LimitUnit::Days, "县纪委监委规定");
const TimeLimit kDetentionExt = limit("延长留置时间", 3, LimitUnit::Months, "《监察法》第四十三条");
ExtensionRequest ext(int amount, const char* by = "higher_organ", std::optional<std::string> ref = "市纪批〔2026〕2号",
                     bool approved = true) {
  return {amount, approved, by, ref};
}
}  // namespace

TEST(CaseExtensionRules, TheStatutoryMaximumNamedWithItsArticle) {
  const auto start = D("2024-03-01");
  EXPECT_EQ(limit_phrase(kSupervisionExt), "监察案件延长调查期限最长6个月（《监察法实施条例》第一百八十五条）");
  EXPECT_EQ(investigation_extension_problem(Regime::Supervision, DispatchMode::CountyLed, kSupervisionExt, {}, start,
                                            ext(6)),
            ok);
  EXPECT_EQ(investigation_extension_problem(Regime::Supervision, DispatchMode::CountyLed, kSupervisionExt, {}, start,
                                            ext(7)),
            I("amount", "延长期限超过上限（已延长0个月）：监察案件延长调查期限最长6个月（《监察法实施条例》第一百八十五条）"));
  // Approved since the start count; refused ones and those before a restart do not.
  const std::vector<ClockExtension> decided = {
      {D("2025-01-05"), 4, true}, {D("2025-01-20"), 2, false}, {D("2024-02-01"), 6, true}};
  EXPECT_EQ(investigation_extension_problem(Regime::Both, DispatchMode::Joint, kSupervisionExt, decided, start, ext(2)),
            ok);
  EXPECT_EQ(investigation_extension_problem(Regime::Both, DispatchMode::Joint, kSupervisionExt, decided, start, ext(3)),
            I("amount", "延长期限超过上限（已延长4个月）：监察案件延长调查期限最长6个月（《监察法实施条例》第一百八十五条）"));
  // Recording a refusal is checked the same way: a request beyond the maximum is never sent.
  EXPECT_EQ(investigation_extension_problem(Regime::Both, DispatchMode::Joint, kSupervisionExt, decided, start,
                                            ext(3, "higher_organ", "市纪复〔2026〕1号", false)),
            I("amount", "延长期限超过上限（已延长4个月）：监察案件延长调查期限最长6个月（《监察法实施条例》第一百八十五条）"));
  EXPECT_EQ(investigation_extension_problem(Regime::Both, DispatchMode::Joint, kSupervisionExt, {}, start, ext(0)),
            I("amount", "请填写延长的期限"));
  EXPECT_EQ(investigation_extension_problem(Regime::Both, DispatchMode::Joint, kSupervisionExt, {}, start,
                                            {std::nullopt, true, "higher_organ", "x"}),
            I("amount", "请填写延长的期限"));
}

TEST(CaseExtensionRules, DecidedByTheOrganAboveTheCases) {
  const auto start = D("2024-03-01");
  EXPECT_EQ(investigation_extension_problem(Regime::Supervision, DispatchMode::CountyLed, kSupervisionExt, {}, start,
                                            ext(3, "county_leader")),
            I("approved_by", "延长审查调查期限须经上一级纪委监委批准"));
  EXPECT_EQ(investigation_extension_problem(Regime::Supervision, DispatchMode::CountyLed, kSupervisionExt, {}, start,
                                            ext(3, "higher_organ", std::nullopt)),
            I("approval_ref", "请填写上一级纪委监委批准文件的文号"));
  // A township's higher organ is the county: its leader, on the platform, no document needed.
  EXPECT_EQ(investigation_extension_problem(Regime::PartyDiscipline, DispatchMode::Township, kPartyExt, {}, start,
                                            ext(30, "county_leader", std::nullopt)),
            ok);
  EXPECT_EQ(investigation_extension_problem(Regime::PartyDiscipline, DispatchMode::Township, kPartyExt, {}, start,
                                            ext(30, "township_secretary")),
            I("approved_by", "延长审查调查期限须经县纪委监委主要负责人批准"));
  // Party-only: one approved extension (LOCAL), a refused one does not use it up.
  const std::vector<ClockExtension> one = {{D("2024-05-01"), 30, true}};
  EXPECT_EQ(investigation_extension_problem(Regime::PartyDiscipline, DispatchMode::Township, kPartyExt, one, start,
                                            ext(30, "county_leader")),
            C("已延长1次，不能再延长：党纪审查延期最长90日（县纪委监委规定）", "amount"));
  const std::vector<ClockExtension> refused = {{D("2024-05-01"), 30, false}};
  EXPECT_EQ(investigation_extension_problem(Regime::PartyDiscipline, DispatchMode::Township, kPartyExt, refused, start,
                                            ext(90, "county_leader")),
            ok);
}

TEST(CaseExtensionRules, DetentionOnceAtMostThreeMonthsByTheHigherOrgan) {
  EXPECT_EQ(detention_extension_problem(kDetentionExt, 0, ext(3)), ok);
  EXPECT_EQ(detention_extension_problem(kDetentionExt, 0, ext(4)),
            I("amount", "延长期限超过上限：延长留置时间最长3个月（《监察法》第四十三条）"));
  EXPECT_EQ(detention_extension_problem(kDetentionExt, 1, ext(1)),
            C("留置时间只能延长一次：延长留置时间最长3个月（《监察法》第四十三条）", "amount"));
  EXPECT_EQ(detention_extension_problem(kDetentionExt, 0, ext(-1)), I("amount", "请填写延长的期限"));
  EXPECT_EQ(detention_extension_problem(kDetentionExt, 0, ext(2, "county_leader")),
            I("approved_by", "延长留置时间须经上一级纪委监委批准"));
  EXPECT_EQ(detention_extension_problem(kDetentionExt, 0, ext(2, "higher_organ", "")),
            I("approval_ref", "请填写上一级纪委监委批准文件的文号"));
}

TEST(CaseExtensionRules, ATownshipsRequestAndTheCountysReply) {
  const auto start = D("2024-03-01");
  // The request: an amount within what is left, and its reason.
  EXPECT_EQ(extension_request_problem(Regime::PartyDiscipline, kPartyExt, {}, start, 30, "证据尚需调取"), ok);
  EXPECT_EQ(extension_request_problem(Regime::PartyDiscipline, kPartyExt, {}, start, std::nullopt, "x"),
            I("amount", "请填写延长的期限"));
  EXPECT_EQ(extension_request_problem(Regime::PartyDiscipline, kPartyExt, {}, start, 91, "x"),
            I("amount", "延长期限超过上限（已延长0日）：党纪审查延期最长90日（县纪委监委规定）"));
  EXPECT_EQ(extension_request_problem(Regime::PartyDiscipline, kPartyExt, {}, start, 30, " \u3000"),
            I("reason", "请填写延长审查调查期限的理由"));
  const std::vector<ClockExtension> one = {{D("2024-05-01"), 30, true}};
  EXPECT_EQ(extension_request_problem(Regime::PartyDiscipline, kPartyExt, one, start, 30, "x"),
            C("已延长1次，不能再延长：党纪审查延期最长90日（县纪委监委规定）", "amount"));
  // The reply: at most what was asked, within the maximum, always with its number.
  EXPECT_EQ(extension_answer_problem(Regime::PartyDiscipline, kPartyExt, {}, start, 30, ext(20, "county_leader")), ok);
  EXPECT_EQ(extension_answer_problem(Regime::PartyDiscipline, kPartyExt, {}, start, 30, ext(30, "county_leader")), ok);
  EXPECT_EQ(extension_answer_problem(Regime::PartyDiscipline, kPartyExt, {}, start, 30, ext(31, "county_leader")),
            I("amount", "批准延长的期限不能超过请示的期限（30日）"));
  EXPECT_EQ(extension_answer_problem(Regime::PartyDiscipline, kPartyExt, one, start, 30, ext(30, "county_leader")),
            C("已延长1次，不能再延长：党纪审查延期最长90日（县纪委监委规定）", "amount"));
  const std::vector<ClockExtension> four = {{D("2024-05-01"), 4, true}};
  EXPECT_EQ(extension_answer_problem(Regime::Supervision, kSupervisionExt, four, start, 6, ext(3)),
            I("amount", "延长期限超过上限（已延长4个月）：监察案件延长调查期限最长6个月（《监察法实施条例》第一百八十五条）"));
  EXPECT_EQ(extension_answer_problem(Regime::PartyDiscipline, kPartyExt, {}, start, 30,
                                     ext(30, "county_leader", std::nullopt)),
            I("approval_ref", "请填写批复的文号"));
  // A refusal needs only its number; the amount and the maximum do not matter.
  EXPECT_EQ(extension_answer_problem(Regime::PartyDiscipline, kPartyExt, one, start, 30,
                                     {std::nullopt, false, "county_leader", "县纪复〔2024〕3号"}),
            ok);
  EXPECT_EQ(extension_answer_problem(Regime::PartyDiscipline, kPartyExt, {}, start, 30,
                                     {std::nullopt, false, "county_leader", " "}),
            I("approval_ref", "请填写批复的文号"));
}

TEST(CaseExtensionRules, OneRequestAtATime) {
  const CaseStepFacts pending{true, false, true};
  EXPECT_EQ(case_transition_problem(S::Investigating, A::RequestExtension, pending),
            C("已有延长审查调查期限的请示待批复"));
  EXPECT_EQ(case_transition_problem(S::Investigating, A::RequestExtension, {}), ok);
  for (A a : {A::ApproveExtension, A::RefuseExtension}) {
    EXPECT_EQ(case_transition_problem(S::Investigating, a, {}), C("没有待批复的延长审查调查期限请示"));
    EXPECT_EQ(case_transition_problem(S::Investigating, a, pending), ok);
    EXPECT_EQ(case_transition_problem(S::Dismissed, a, pending), C("案件当前状态不能执行此操作"));
  }
  Case c = a_case("township", "investigating");
  EXPECT_FALSE(case_step_facts(c, {}).extension_pending);
  c.extension_pending = 1;
  EXPECT_TRUE(case_step_facts(c, {}).extension_pending);
}

TEST(CaseExtensionRules, TheCitysReplyIsDated) {
  const auto filed = D("2024-03-01");
  EXPECT_EQ(extension_reply_day_problem("2024-08-13", filed, kToday), ok);
  EXPECT_EQ(extension_reply_day_problem("2024-03-01", filed, kToday), ok);
  EXPECT_EQ(extension_reply_day_problem(std::nullopt, filed, kToday), I("day", "请填写上级机关批复的日期"));
  EXPECT_EQ(extension_reply_day_problem("2024-08-14", filed, kToday), I("day", "批复日期不能晚于今天"));
  EXPECT_EQ(extension_reply_day_problem("2024-02-29", filed, kToday), I("day", "批复日期不能早于立案日期"));
  EXPECT_EQ(extension_reply_day_problem("2024-02-30", filed, kToday), I("day", "应为 YYYY-MM-DD 格式的有效日期"));
}

// --- facts, transfer

TEST(CaseRules, FactsShownAndTheTransfer) {
  EXPECT_EQ(facts_shown_problem(true, std::nullopt), ok);
  EXPECT_EQ(facts_shown_problem(false, "拒绝签字，两名工作人员在场"), ok);
  EXPECT_EQ(facts_shown_problem(false, " "), I("refusal_note", "被审查调查人未签署意见的，须注明拒绝签字的情况"));
  EXPECT_EQ(transfer_request_problem(true, true), ok);
  EXPECT_EQ(transfer_request_problem(false, true), C("移送审理前须将认定的事实材料与被审查调查人见面"));
  EXPECT_EQ(transfer_request_problem(true, false), C("移送审理前须登记审查调查报告"));
}

// --- interview rooms

TEST(InterviewRooms, HalfOpenIntervalsOfTheSameRoom) {
  const long long h = 3'600'000;
  const Booking nine_to_ten{1, 7, 9 * h, 10 * h};
  auto b = [&](long long id, long long room, long long from, long long to) { return Booking{id, room, from * h, to * h}; };
  EXPECT_TRUE(overlaps(nine_to_ten, b(2, 7, 9, 10)));    // the same period
  EXPECT_TRUE(overlaps(nine_to_ten, b(2, 7, 8, 11)));    // around it
  EXPECT_FALSE(overlaps(nine_to_ten, b(2, 7, 9, 9)));    // empty
  EXPECT_TRUE(overlaps(nine_to_ten, Booking{2, 7, 10 * h - 1, 11 * h}));  // one millisecond
  EXPECT_FALSE(overlaps(nine_to_ten, b(2, 7, 10, 11)));  // back to back
  EXPECT_FALSE(overlaps(nine_to_ten, b(2, 7, 8, 9)));
  EXPECT_FALSE(overlaps(nine_to_ten, b(2, 8, 9, 10)));   // another room
  EXPECT_FALSE(overlaps(b(2, 7, 10, 11), nine_to_ten));  // symmetric

  const std::vector<Booking> day = {nine_to_ten, b(3, 7, 14, 16), b(4, 8, 9, 17)};
  EXPECT_EQ(booking_problem(b(5, 7, 10, 14), day), ok);
  EXPECT_EQ(booking_problem(b(5, 7, 15, 17), day), C("该谈话室在此时段已有预约", "starts_at"));
  EXPECT_EQ(booking_problem(b(5, 7, 8, 9), day), ok);
  // Moving booking 3 within its own period is not a clash with itself.
  EXPECT_EQ(booking_problem(b(3, 7, 13, 16), day), ok);
  EXPECT_EQ(booking_problem(b(3, 7, 9, 16), day), C("该谈话室在此时段已有预约", "starts_at"));
  EXPECT_EQ(booking_problem(b(5, 7, 12, 12), day), I("ends_at", "结束时间应晚于开始时间"));
  EXPECT_EQ(booking_problem(b(5, 7, 12, 11), day), I("ends_at", "结束时间应晚于开始时间"));
}

TEST(InterviewRooms, ClosingATalk) {
  EXPECT_EQ(talk_close_problem({{1, 2}, false, std::nullopt}), ok);
  EXPECT_EQ(talk_close_problem({{1}, false, std::nullopt}), I("interviewers", "谈话应由2名以上工作人员进行"));
  EXPECT_EQ(talk_close_problem({{1, 1}, false, std::nullopt}), I("interviewers", "谈话应由2名以上工作人员进行"));
  EXPECT_EQ(talk_close_problem({{1, 2}, true, std::nullopt}),
            I("recording_ref", "重要谈话须全程同步录音录像，请填写录音录像编号"));
  EXPECT_EQ(talk_close_problem({{1, 2}, true, " "}), I("recording_ref", "重要谈话须全程同步录音录像，请填写录音录像编号"));
  EXPECT_EQ(talk_close_problem({{1, 2, 3}, true, "LX-2026-031"}), ok);
}
