// Cases I (domain.md §4; regulations.md §4–§6, §12): the regime, every
// state × action, who may take each step, the measures and their approvers,
// and every case clock against the real calendar and data/time-limits.json.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "app/kernel.hpp"
#include "core/case.hpp"

using namespace funnel::core;
using S = CaseState;
using A = CaseAction;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {
const fs::path kData = fs::path(FUNNEL_SOURCE_DIR) / "data";

std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
const WorkCalendar& cal() {
  static const WorkCalendar c = WorkCalendar::parse_csv(slurp(kData / "cn-holidays.csv"));
  return c;
}
// The limits as the server loads them.
const TimeLimit& L(std::string_view code) {
  static const std::vector<TimeLimit> all = funnel::app::load_time_limits(kData);
  for (const auto& t : all)
    if (t.code == code) return t;
  throw std::runtime_error("no limit " + std::string(code));
}
Day D(const char* s) { return *parse_day(s); }
std::string S_(Day d) { return format_day(d); }
}  // namespace

// --- codes and data

TEST(CaseData, EveryCodeHasBothLabelsInTheDictionary) {
  const auto doc = json::parse(slurp(kData / "dictionaries.json")).as_object();
  auto codes_of = [&](const char* name) {
    std::set<std::string> out;
    for (auto& v : doc.at(name).as_array()) {
      const auto& o = v.as_object();
      EXPECT_FALSE(o.at("label_zh").as_string().empty()) << name;
      EXPECT_FALSE(o.at("label_en").as_string().empty()) << name;
      out.insert(std::string(o.at("code").as_string()));
    }
    return out;
  };
  auto table = [](const auto& t) {
    std::set<std::string> out;
    for (auto& [v, code] : t.rows) out.insert(std::string(code));
    EXPECT_EQ(out.size(), t.rows.size());  // codes unique
    return out;
  };
  EXPECT_EQ(codes_of("case_sources"), table(kCaseSources));
  EXPECT_EQ(codes_of("supervised_categories"), table(kSupervisedCategories));
  EXPECT_EQ(codes_of("regimes"), table(kRegimes));
  EXPECT_EQ(codes_of("violations"), table(kViolations));
  EXPECT_EQ(codes_of("case_states"), table(kCaseStates));
  EXPECT_EQ(codes_of("case_actions"), table(kCaseActions));
  EXPECT_EQ(codes_of("approvers"), table(kApprovers));
  EXPECT_EQ(codes_of("measures"), table(kMeasures));
  EXPECT_EQ(codes_of("clock_starts"), table(kClockStarts));
  EXPECT_EQ(codes_of("case_warnings"), table(kCaseWarnings));
}

TEST(CaseData, TheCaseLimitsAsLoadedWithTheirArticles) {
  struct Row {
    const char* code;
    int amount;
    LimitUnit unit;
    bool moves, local;
    const char* article;
  };
  const Row rows[] = {
      {"case_supervision_investigation", 1, LimitUnit::Years, true, false, "第一百八十五条"},
      {"case_supervision_extension", 6, LimitUnit::Months, true, false, "第一百八十五条"},
      {"case_party_investigation", 90, LimitUnit::Days, true, true, "县纪委监委规定"},
      {"case_party_extension", 90, LimitUnit::Days, true, true, "县纪委监委规定"},
      {"detention", 3, LimitUnit::Months, false, false, "第二百八十五条"},
      {"detention_extension", 3, LimitUnit::Months, false, false, "第四十三条"},
      {"detention_notice", 24, LimitUnit::Hours, false, false, "第一百零一条"},
      {"seized_property_return", 3, LimitUnit::Days, true, false, "第一百三十四条"},
      {"interview_incident_report", 24, LimitUnit::Hours, false, false, "第七十条"},
      {"case_dismissal_report", 7, LimitUnit::WorkingDays, true, false, "第二百零六条"},
  };
  for (const auto& r : rows) {
    const auto& t = L(r.code);
    EXPECT_EQ(t.amount, r.amount) << r.code;
    EXPECT_EQ(t.unit, r.unit) << r.code;
    EXPECT_EQ(t.moves_to_working_day, r.moves) << r.code;
    EXPECT_EQ(t.local, r.local) << r.code;
    EXPECT_NE(t.basis.find(r.article), std::string::npos) << r.code << ": " << t.basis;
    EXPECT_FALSE(t.label.empty()) << r.code;
  }
  // The codes core names are in the file.
  for (auto r : {Regime::PartyDiscipline, Regime::Supervision, Regime::Both}) {
    EXPECT_NO_THROW(L(investigation_limit(r)));
    EXPECT_NO_THROW(L(investigation_extension_limit(r)));
  }
  for (auto code : {kDetentionLimit, kDetentionExtensionLimit, kDetentionNoticeLimit, kPropertyReturnLimit,
                    kIncidentReportLimit})
    EXPECT_NO_THROW(L(code));
}

namespace {
// A data directory with one time-limits.json row; the loader's message, or "" when it loads.
std::string load_one(const std::string& row) {
  const fs::path dir = fs::temp_directory_path() / ("funnel-limits-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" + std::to_string(std::hash<std::string>{}(row)));
  fs::create_directories(dir);
  std::ofstream(dir / "time-limits.json") << "{\"limits\":[" << row << "]}";
  std::string out;
  try {
    funnel::app::load_time_limits(dir);
  } catch (const std::runtime_error& e) {
    out = e.what();
  }
  fs::remove_all(dir);
  return out;
}
}  // namespace

TEST(CaseData, TheLoaderRefusesAnUnknownUnitAndAMovingHoursLimit) {
  const std::string head = R"({"code":"x","label":"x","amount":24,"basis":"b",)";
  EXPECT_EQ(load_one(head + R"("unit":"hours","moves":false})"), "");
  EXPECT_EQ(load_one(head + R"("unit":"years"})"), "");
  EXPECT_NE(load_one(head + R"("unit":"weeks"})").find("unknown unit in limit x"), std::string::npos);
  EXPECT_NE(load_one(head + R"("unit":"hours"})").find("limit x: an hours limit never moves"), std::string::npos);
  EXPECT_NE(load_one(head + R"("unit":"hours","moves":true})").find("an hours limit never moves"), std::string::npos);
}

TEST(CaseData, TheServerStillLoadsTheDataFilesCasesAddedTo) {
  EXPECT_NO_THROW(funnel::app::load_dictionaries(kData));
  EXPECT_EQ(funnel::app::load_approval_chains(kData).size(), kDispatchModes.rows.size());
  EXPECT_NO_THROW(funnel::app::load_time_limits(kData));
}

TEST(CaseData, TheFilingAndTransferChainsFitTheirModes) {
  const auto doc = json::parse(slurp(kData / "approvals.json")).as_object();
  const std::map<std::string, std::vector<std::string>> expected_filing = {
      {"township", {"township_secretary", "township_party_committee"}},
      {"county_led", {"discipline_room", "county_leader", "county_party_committee"}},
      {"joint", {"discipline_room", "county_leader", "county_party_committee"}},
  };
  for (const char* list : {"filing_approval", "transfer_approval"}) {
    std::set<std::string> modes;
    for (auto& v : doc.at(list).as_array()) {
      const auto& o = v.as_object();
      auto mode = kDispatchModes.parse(o.at("mode").as_string());
      ASSERT_TRUE(mode) << list;
      modes.insert(std::string(o.at("mode").as_string()));
      EXPECT_FALSE(o.at("basis").as_string().empty());
      std::vector<std::string> chain;
      for (auto& a : o.at("chain").as_array()) {
        auto ap = kApprovers.parse(a.as_string());
        ASSERT_TRUE(ap) << a;
        EXPECT_TRUE(approver_fits(*mode, *ap)) << list << " " << a;
        chain.push_back(std::string(a.as_string()));
      }
      if (std::string(list) == "filing_approval") {
        EXPECT_EQ(chain, expected_filing.at(std::string(o.at("mode").as_string())));
      } else {
        EXPECT_FALSE(chain.empty());
      }
    }
    EXPECT_EQ(modes.size(), kDispatchModes.rows.size()) << list;
  }
}

// --- regime

TEST(CaseRegime, FromPartyMembershipAndTheSupervisedCategory) {
  EXPECT_EQ(regime_of(true, std::nullopt), Regime::PartyDiscipline);
  EXPECT_EQ(regime_of(false, std::nullopt), std::nullopt);
  for (auto& [c, code] : kSupervisedCategories.rows) {
    EXPECT_EQ(regime_of(true, c), Regime::Both) << code;
    EXPECT_EQ(regime_of(false, c), Regime::Supervision) << code;
  }
  EXPECT_TRUE(party_side(Regime::PartyDiscipline) && party_side(Regime::Both) && !party_side(Regime::Supervision));
  EXPECT_TRUE(supervision_side(Regime::Supervision) && supervision_side(Regime::Both) &&
              !supervision_side(Regime::PartyDiscipline));
  for (auto& [v, code] : kViolations.rows)
    EXPECT_EQ(is_supervision_violation(v), v == Violation::DutyIllegality || v == Violation::DutyCrime) << code;
}

// --- states

TEST(CaseStates, EveryStateAndActionWithTheFacts) {
  // (state, action) → where it leads while the person is present and the
  // approval is the chain's last; everything else is refused.
  const std::map<std::pair<S, A>, S> allowed = {
      {{S::FilingRequested, A::ApproveFiling}, S::Filed},
      {{S::FilingRequested, A::RefuseFiling}, S::FilingRefused},
      {{S::Filed, A::StartInvestigation}, S::Investigating},
      {{S::Filed, A::Extend}, S::Filed},
      {{S::Filed, A::RequestExtension}, S::Filed},
      {{S::Filed, A::Abscond}, S::Filed},
      {{S::Filed, A::Dismiss}, S::Dismissed},
      {{S::Investigating, A::RecordMeasure}, S::Investigating},
      {{S::Investigating, A::Extend}, S::Investigating},
      {{S::Investigating, A::RequestExtension}, S::Investigating},
      {{S::Investigating, A::Abscond}, S::Investigating},
      {{S::Investigating, A::ShowFacts}, S::Investigating},
      {{S::Investigating, A::RequestTransfer}, S::TransferRequested},
      {{S::Investigating, A::Dismiss}, S::Dismissed},
      {{S::TransferRequested, A::RecordMeasure}, S::TransferRequested},
      {{S::TransferRequested, A::Extend}, S::TransferRequested},
      {{S::TransferRequested, A::RequestExtension}, S::TransferRequested},
      {{S::TransferRequested, A::Abscond}, S::TransferRequested},
      {{S::TransferRequested, A::ApproveTransfer}, S::TransferredToTrial},
      {{S::TransferRequested, A::ReturnTransfer}, S::Investigating},
      {{S::TransferredToTrial, A::RecordMeasure}, S::TransferredToTrial},
      {{S::TransferredToTrial, A::Extend}, S::TransferredToTrial},
      {{S::TransferredToTrial, A::RequestExtension}, S::TransferredToTrial},
      {{S::TransferredToTrial, A::Abscond}, S::TransferredToTrial},
      // The trial (GZ 54–55; SL 191–196).
      {{S::Investigating, A::InterveneEarly}, S::Investigating},
      {{S::TransferRequested, A::InterveneEarly}, S::TransferRequested},
      {{S::TransferredToTrial, A::AcceptTrial}, S::InTrial},
      {{S::TransferredToTrial, A::DeferTrial}, S::TrialDeferred},
      {{S::TransferredToTrial, A::RefuseTrial}, S::Investigating},
      {{S::TrialDeferred, A::AcceptTrial}, S::InTrial},
      {{S::TrialDeferred, A::RefuseTrial}, S::Investigating},
      {{S::InTrial, A::ReturnSupplementary}, S::SupplementaryInvestigation},
      {{S::InTrial, A::ReturnForInvestigation}, S::Investigating},
      {{S::InTrial, A::ExtendTrial}, S::InTrial},
      {{S::InTrial, A::ReportTrial}, S::TrialReported},
      {{S::SupplementaryInvestigation, A::ResubmitSupplementary}, S::InTrial},
      {{S::SupplementaryInvestigation, A::RecordMeasure}, S::SupplementaryInvestigation},
      // The investigation clock runs on until the decision (SL 185).
      {{S::TrialDeferred, A::Extend}, S::TrialDeferred},
      {{S::TrialDeferred, A::RequestExtension}, S::TrialDeferred},
      {{S::TrialDeferred, A::Abscond}, S::TrialDeferred},
      {{S::InTrial, A::Extend}, S::InTrial},
      {{S::InTrial, A::RequestExtension}, S::InTrial},
      {{S::InTrial, A::Abscond}, S::InTrial},
      {{S::SupplementaryInvestigation, A::Extend}, S::SupplementaryInvestigation},
      {{S::SupplementaryInvestigation, A::RequestExtension}, S::SupplementaryInvestigation},
      {{S::SupplementaryInvestigation, A::Abscond}, S::SupplementaryInvestigation},
      {{S::TrialReported, A::Extend}, S::TrialReported},
      {{S::TrialReported, A::RequestExtension}, S::TrialReported},
      {{S::TrialReported, A::Abscond}, S::TrialReported},
      {{S::TrialReported, A::Decide}, S::Decided},
  };
  // While absconded: only the return, measures (通缉, 限制出境) and dismissal.
  const std::map<std::pair<S, A>, S> absconded = {
      {{S::Filed, A::ReturnToCase}, S::Filed},
      {{S::Filed, A::Dismiss}, S::Dismissed},
      {{S::Investigating, A::ReturnToCase}, S::Investigating},
      {{S::Investigating, A::RecordMeasure}, S::Investigating},
      {{S::Investigating, A::Dismiss}, S::Dismissed},
      {{S::TransferRequested, A::ReturnToCase}, S::TransferRequested},
      {{S::TransferRequested, A::RecordMeasure}, S::TransferRequested},
      {{S::TransferredToTrial, A::ReturnToCase}, S::TransferredToTrial},
      {{S::TransferredToTrial, A::RecordMeasure}, S::TransferredToTrial},
      {{S::TrialDeferred, A::ReturnToCase}, S::TrialDeferred},
      {{S::InTrial, A::ReturnToCase}, S::InTrial},
      {{S::SupplementaryInvestigation, A::ReturnToCase}, S::SupplementaryInvestigation},
      {{S::SupplementaryInvestigation, A::RecordMeasure}, S::SupplementaryInvestigation},
      {{S::TrialReported, A::ReturnToCase}, S::TrialReported},
  };
  int n = 0;
  for (auto& [s, scode] : kCaseStates.rows)
    for (auto& [a, acode] : kCaseActions.rows)
      for (bool away : {false, true}) {
        const auto& table = away ? absconded : allowed;
        auto it = table.find({s, a});
        auto got = next_state(s, a, {true, away});
        if (it == table.end()) {
          EXPECT_EQ(got, std::nullopt) << scode << " + " << acode << " absconded=" << away;
        } else {
          EXPECT_EQ(got, it->second) << scode << " + " << acode << " absconded=" << away;
          ++n;
        }
      }
  EXPECT_EQ(n, 50 + 14);
  // 提前介入 once.
  EXPECT_EQ(next_state(S::Investigating, A::InterveneEarly, {true, false, false, true}), std::nullopt);
}

TEST(CaseStates, OneExtensionRequestAtATime) {
  const CaseStepFacts pending{true, false, true};
  for (auto& [s, code] : kCaseStates.rows) {
    const bool runs = investigation_clock_runs(s);
    // No request pending: one may be filed, none answered.
    EXPECT_EQ(next_state(s, A::RequestExtension).has_value(), runs) << code;
    EXPECT_EQ(next_state(s, A::ApproveExtension), std::nullopt) << code;
    EXPECT_EQ(next_state(s, A::RefuseExtension), std::nullopt) << code;
    // One pending: a second is refused, the answer keeps the state.
    EXPECT_EQ(next_state(s, A::RequestExtension, pending), std::nullopt) << code;
    EXPECT_EQ(next_state(s, A::ApproveExtension, pending), runs ? std::optional(s) : std::nullopt) << code;
    EXPECT_EQ(next_state(s, A::RefuseExtension, pending), runs ? std::optional(s) : std::nullopt) << code;
    // The answer never hangs on an absconded person; a new request waits for the return.
    EXPECT_EQ(next_state(s, A::ApproveExtension, {true, true, true}), runs ? std::optional(s) : std::nullopt) << code;
    EXPECT_EQ(next_state(s, A::RequestExtension, {true, true, false}), std::nullopt) << code;
  }
  EXPECT_EQ(actions_from(S::Investigating, pending),
            (std::vector<A>{A::RecordMeasure, A::Extend, A::ApproveExtension, A::RefuseExtension, A::Abscond,
                            A::ShowFacts, A::RequestTransfer, A::Dismiss, A::InterveneEarly}));
}

TEST(CaseStates, ApprovalsStayUntilTheChainsLastStep) {
  EXPECT_EQ(next_state(S::FilingRequested, A::ApproveFiling, {false, false}), S::FilingRequested);
  EXPECT_EQ(next_state(S::TransferRequested, A::ApproveTransfer, {false, false}), S::TransferRequested);
  EXPECT_EQ(next_state(S::FilingRequested, A::ApproveFiling, {true, false}), S::Filed);
  EXPECT_EQ(next_state(S::TransferRequested, A::ApproveTransfer, {true, false}), S::TransferredToTrial);
  // A refusal or a return ends the chain whatever its progress.
  EXPECT_EQ(next_state(S::FilingRequested, A::RefuseFiling, {false, false}), S::FilingRefused);
  EXPECT_EQ(next_state(S::TransferRequested, A::ReturnTransfer, {false, false}), S::Investigating);
}

TEST(CaseStates, ActionsOfferedFinalStatesAndTheClock) {
  using V = std::vector<A>;
  EXPECT_EQ(actions_from(S::FilingRequested), (V{A::ApproveFiling, A::RefuseFiling}));
  EXPECT_EQ(actions_from(S::Filed),
            (V{A::StartInvestigation, A::Extend, A::RequestExtension, A::Abscond, A::Dismiss}));
  EXPECT_EQ(actions_from(S::Investigating), (V{A::RecordMeasure, A::Extend, A::RequestExtension, A::Abscond,
                                               A::ShowFacts, A::RequestTransfer, A::Dismiss, A::InterveneEarly}));
  EXPECT_EQ(actions_from(S::Investigating, {true, true}), (V{A::RecordMeasure, A::ReturnToCase, A::Dismiss}));
  EXPECT_EQ(actions_from(S::TransferredToTrial), (V{A::RecordMeasure, A::Extend, A::RequestExtension, A::Abscond,
                                                    A::AcceptTrial, A::DeferTrial, A::RefuseTrial}));
  EXPECT_EQ(actions_from(S::InTrial), (V{A::Extend, A::RequestExtension, A::Abscond, A::ReturnForInvestigation,
                                         A::ReturnSupplementary, A::ExtendTrial, A::ReportTrial}));
  EXPECT_EQ(actions_from(S::SupplementaryInvestigation),
            (V{A::RecordMeasure, A::Extend, A::RequestExtension, A::Abscond, A::ResubmitSupplementary}));
  EXPECT_EQ(actions_from(S::FilingRefused), V{});
  EXPECT_EQ(actions_from(S::Dismissed), V{});
  EXPECT_EQ(actions_from(S::TrialReported), (V{A::Extend, A::RequestExtension, A::Abscond, A::Decide}));
  EXPECT_EQ(actions_from(S::Decided), V{});
  for (auto& [s, code] : kCaseStates.rows) {
    EXPECT_EQ(is_final(s), s == S::FilingRefused || s == S::Dismissed || s == S::Decided) << code;
    const bool trial = s == S::TransferredToTrial || s == S::TrialDeferred || s == S::InTrial ||
                       s == S::SupplementaryInvestigation || s == S::TrialReported;
    // The trial office still reads the cases it tried once decided.
    EXPECT_EQ(at_trial(s), trial || s == S::Decided) << code;
    EXPECT_EQ(in_trial(s), s == S::InTrial || s == S::SupplementaryInvestigation) << code;
    // The decision ends the investigation clock (SL 185).
    EXPECT_EQ(investigation_clock_runs(s), s == S::Filed || s == S::Investigating || s == S::TransferRequested || trial)
        << code;
  }
}

// --- who may act

TEST(CaseRoles, EveryActionEveryRoleEveryRelation) {
  // The relations an actor can have: {at_lead, in_county, township_case, next_approver}.
  const std::map<std::string, CaseRelation> rels = {
      {"none", {}},
      {"county", {false, true, false, false}},
      {"lead", {true, true, false, false}},
      {"county_on_township", {false, true, true, false}},
      {"lead_township", {true, true, true, false}},
      {"approver", {false, true, false, true}},
      {"approver_township", {true, true, true, true}},
  };
  // action → the "role relation" pairs allowed; every other pair is refused.
  const std::set<std::string> handlers = {"discipline_room lead",           "discipline_room lead_township",
                                          "township_secretary lead",        "township_secretary lead_township",
                                          "township_staff lead",            "township_staff lead_township",
                                          "discipline_room approver_township", "township_secretary approver_township",
                                          "township_staff approver_township"};
  // The county's 审理室 tries the county's cases, the township secretary the township's.
  const std::set<std::string> triers = {"trial_office county", "trial_office lead", "trial_office approver",
                                        "township_secretary lead_township", "township_secretary approver_township"};
  std::set<std::string> approvers;
  for (auto& [r, code] : kRoles.rows)
    for (const char* rel : {"approver", "approver_township"}) approvers.insert(std::string(code) + " " + rel);
  const std::map<A, std::set<std::string>> expected = {
      {A::ApproveFiling, approvers},
      {A::RefuseFiling, approvers},
      {A::ApproveTransfer, approvers},
      {A::ReturnTransfer, approvers},
      {A::StartInvestigation, handlers},
      {A::RecordMeasure, handlers},
      {A::Abscond, handlers},
      {A::ReturnToCase, handlers},
      {A::ShowFacts, handlers},
      {A::RequestTransfer, handlers},
      // A county case: 案管 records the city's reply; a township case: the
      // township asks and the county's 案管 answers.
      {A::Extend, {"case_supervision county", "case_supervision lead", "case_supervision approver"}},
      {A::RequestExtension,
       {"discipline_room lead_township", "township_secretary lead_township", "township_staff lead_township",
        "discipline_room approver_township", "township_secretary approver_township",
        "township_staff approver_township"}},
      {A::ApproveExtension,
       {"case_supervision county_on_township", "case_supervision lead_township",
        "case_supervision approver_township"}},
      {A::RefuseExtension,
       {"case_supervision county_on_township", "case_supervision lead_township",
        "case_supervision approver_township"}},
      {A::Dismiss,
       {"county_leader county", "county_leader lead", "county_leader approver", "township_secretary lead_township",
        "township_secretary approver_township"}},
      {A::ReturnForInvestigation, triers},
      {A::AcceptTrial, triers},
      {A::DeferTrial, triers},
      {A::RefuseTrial, triers},
      {A::ReturnSupplementary, triers},
      {A::ExtendTrial, triers},
      {A::ReportTrial, triers},
      // 提前介入 of the county's own cases, on the leader's decision.
      {A::InterveneEarly, {"county_leader county", "county_leader lead", "county_leader approver"}},
      // The supplement comes back from the investigators.
      {A::ResubmitSupplementary, handlers},
      // The county committee's decision recorded by the leader; the township's by its secretary.
      {A::Decide,
       {"county_leader county", "county_leader lead", "county_leader approver", "township_secretary lead_township",
        "township_secretary approver_township"}},
  };
  ASSERT_EQ(expected.size(), kCaseActions.rows.size());
  for (auto& [a, acode] : kCaseActions.rows)
    for (auto& [r, rcode] : kRoles.rows)
      for (auto& [rel_name, rel] : rels) {
        const std::string key = std::string(rcode) + " " + rel_name;
        EXPECT_EQ(may_perform(r, a, rel), expected.at(a).count(key) > 0) << acode << ": " << key;
      }
  for (auto& [a, code] : kCaseActions.rows)
    EXPECT_EQ(needs_reason(a), a == A::RefuseFiling || a == A::ReturnTransfer || a == A::Dismiss ||
                                   a == A::ReturnForInvestigation || a == A::Abscond ||
                                   a == A::RequestExtension || a == A::RefuseExtension || a == A::DeferTrial ||
                                   a == A::RefuseTrial || a == A::ReturnSupplementary || a == A::ExtendTrial)
        << code;
}

TEST(CaseRoles, ApproversAndWhoRecordsThem) {
  const std::map<Approver, Role> by = {
      {Approver::TownshipSecretary, Role::TownshipSecretary},
      {Approver::TownshipPartyCommittee, Role::TownshipSecretary},
      {Approver::DisciplineRoom, Role::DisciplineRoom},
      {Approver::CountyLeader, Role::CountyLeader},
      {Approver::CountyPartyCommittee, Role::CountyLeader},
      {Approver::HigherOrgan, Role::CaseSupervision},
  };
  for (auto& [a, code] : kApprovers.rows) {
    EXPECT_EQ(recorder(a), by.at(a)) << code;
    EXPECT_EQ(outside_platform(a), a == Approver::TownshipPartyCommittee || a == Approver::CountyPartyCommittee ||
                                       a == Approver::HigherOrgan)
        << code;
  }
  const std::set<Approver> township = {Approver::TownshipSecretary, Approver::TownshipPartyCommittee,
                                       Approver::CountyLeader};
  const std::set<Approver> county = {Approver::DisciplineRoom, Approver::CountyLeader, Approver::CountyPartyCommittee};
  for (auto& [a, code] : kApprovers.rows) {
    EXPECT_EQ(approver_fits(DispatchMode::Township, a), township.count(a) > 0) << code;
    EXPECT_EQ(approver_fits(DispatchMode::CountyLed, a), county.count(a) > 0) << code;
    EXPECT_EQ(approver_fits(DispatchMode::Joint, a), county.count(a) > 0) << code;
  }
  EXPECT_EQ(higher_approver(DispatchMode::Township), Approver::CountyLeader);
  EXPECT_EQ(higher_approver(DispatchMode::CountyLed), Approver::HigherOrgan);
  EXPECT_EQ(higher_approver(DispatchMode::Joint), Approver::HigherOrgan);
}

// --- measures

TEST(CaseMeasures, WhoApprovesEachAtEachLevelAndWhatItIs) {
  using M = Measure;
  using P = Approver;
  struct Row {
    M m;
    std::optional<P> township, county;
    bool supervision_only, property, recorded;
  };
  const Row rows[] = {
      {M::Talk, P::TownshipSecretary, P::DisciplineRoom, false, false, false},
      {M::Interrogation, std::nullopt, P::CountyLeader, true, false, true},
      {M::Inquiry, P::TownshipSecretary, P::DisciplineRoom, false, false, false},
      {M::Query, std::nullopt, P::CountyLeader, false, false, false},
      {M::Freeze, std::nullopt, P::CountyLeader, false, true, false},
      {M::Retrieve, P::TownshipSecretary, P::CountyLeader, false, true, false},
      {M::Seal, std::nullopt, P::CountyLeader, false, true, true},
      {M::Seize, std::nullopt, P::CountyLeader, false, true, true},
      {M::Search, std::nullopt, P::CountyLeader, false, false, true},
      {M::Inspection, std::nullopt, P::CountyLeader, false, false, false},
      {M::Appraisal, std::nullopt, P::CountyLeader, false, false, false},
      {M::TechnicalInvestigation, std::nullopt, P::HigherOrgan, true, false, false},
      {M::WantedNotice, std::nullopt, P::CountyLeader, true, false, false},
      {M::ExitRestriction, std::nullopt, P::HigherOrgan, true, false, false},
      {M::Detention, std::nullopt, P::HigherOrgan, true, false, false},
  };
  ASSERT_EQ(std::size(rows), kMeasures.rows.size());
  for (const auto& r : rows) {
    const auto code = kMeasures.code(r.m);
    EXPECT_EQ(measure_approver(r.m, DispatchMode::Township), r.township) << code;
    EXPECT_EQ(measure_approver(r.m, DispatchMode::CountyLed), r.county) << code;
    EXPECT_EQ(measure_approver(r.m, DispatchMode::Joint), r.county) << code;
    const auto rule = measure_rule(r.m);
    EXPECT_EQ(rule.supervision_only, r.supervision_only) << code;
    EXPECT_EQ(rule.property, r.property) << code;
    EXPECT_EQ(rule.recorded, r.recorded) << code;
    EXPECT_EQ(rule.township, r.township.has_value()) << code;
    EXPECT_NE(std::string(rule.basis).find("第"), std::string::npos) << code;
  }
  EXPECT_NE(std::string(measure_rule(M::Detention).basis).find("第四十三条"), std::string::npos);
}

// --- clocks

namespace {
InvestigationFacts supervision(const char* filed) {
  InvestigationFacts f;
  f.regime = Regime::Supervision;
  f.filed = D(filed);
  return f;
}
InvestigationClock clock_of(const InvestigationFacts& f) {
  return investigation_clock(cal(), L(investigation_limit(f.regime)), L(investigation_extension_limit(f.regime)), f);
}
std::string due(const InvestigationFacts& f) {
  auto c = clock_of(f);
  return c.due ? S_(*c.due) : "none";
}
}  // namespace

TEST(CaseClock, SupervisionOneYearBySl285) {
  EXPECT_EQ(due(supervision("2024-02-29")), "2025-02-28");  // no 29 February in 2025
  EXPECT_EQ(due(supervision("2023-03-15")), "2024-03-15");
  // 2025-01-31 falls in the Spring Festival (off 01-28 .. 02-04) → 2025-02-05.
  EXPECT_EQ(due(supervision("2024-01-31")), "2025-02-05");
  // National Day 2025 (off 10-01 .. 10-08) → 2025-10-09.
  EXPECT_EQ(due(supervision("2024-10-01")), "2025-10-09");
  // 2025-10-11 is a Saturday made a working day (调休上班): it stays.
  EXPECT_EQ(due(supervision("2024-10-11")), "2025-10-11");
  // 2025-10-12 is a plain Sunday → Monday.
  EXPECT_EQ(due(supervision("2024-10-12")), "2025-10-13");
  // Joint (纪委监委) cases run on the same limit.
  auto both = supervision("2024-02-29");
  both.regime = Regime::Both;
  EXPECT_EQ(due(both), "2025-02-28");
  EXPECT_EQ(clock_of(both).start_kind, ClockStart::Filed);
  EXPECT_EQ(S_(clock_of(both).start), "2024-02-29");
}

TEST(CaseClock, ApprovedExtensionsMoveTheDueDayRefusalsDoNot) {
  auto f = supervision("2024-02-29");
  f.extensions = {{D("2025-01-10"), 6, false}};
  EXPECT_EQ(due(f), "2025-02-28");  // refused
  EXPECT_EQ(clock_of(f).extended, 0);
  f.extensions = {{D("2025-01-10"), 6, true}};
  EXPECT_EQ(due(f), "2025-08-28");  // from the unmoved end 2025-02-28
  EXPECT_EQ(clock_of(f).extended, 6);
  // Two approvals of 3 months, in any order of input, come to the same day.
  f.extensions = {{D("2025-05-01"), 3, true}, {D("2025-01-10"), 3, true}, {D("2025-04-01"), 2, false}};
  EXPECT_EQ(due(f), "2025-08-28");
  // 31 January + 1 month: the extension counts from the unmoved end (2025-01-31, in the
  // Spring Festival), to the month's last day.
  auto jan = supervision("2024-01-31");
  jan.extensions = {{D("2025-01-02"), 1, true}};
  EXPECT_EQ(due(jan), "2025-02-28");
}

TEST(CaseClock, ReleaseFromDetentionAndReturnRestartTheYear) {
  auto f = supervision("2024-01-10");
  f.detentions = {{D("2024-01-11"), std::nullopt, std::nullopt}};
  EXPECT_EQ(clock_of(f).status, InvestigationClock::Status::Detained);
  EXPECT_EQ(due(f), "none");
  f.detentions[0].released = D("2024-04-30");
  EXPECT_EQ(clock_of(f).status, InvestigationClock::Status::Running);
  EXPECT_EQ(clock_of(f).start_kind, ClockStart::Released);
  EXPECT_EQ(due(f), "2025-04-30");
  // Absconded: no due day until the return, then a year from it (2025-06-15 a Sunday).
  f = supervision("2024-01-10");
  f.extensions = {{D("2024-02-01"), 6, true}};  // approved for the old period: lapses
  f.absences = {{D("2024-03-01"), std::nullopt}};
  EXPECT_EQ(clock_of(f).status, InvestigationClock::Status::Absconded);
  EXPECT_EQ(due(f), "none");
  f.absences[0].returned = D("2024-06-15");
  EXPECT_EQ(clock_of(f).start_kind, ClockStart::Returned);
  EXPECT_EQ(S_(clock_of(f).start), "2024-06-15");
  EXPECT_EQ(due(f), "2025-06-16");
  EXPECT_EQ(clock_of(f).extended, 0);
  // The latest restart wins: a release after the return.
  f.detentions = {{D("2024-06-16"), D("2024-09-20"), std::nullopt}};
  EXPECT_EQ(clock_of(f).start_kind, ClockStart::Released);
  EXPECT_EQ(due(f), "2025-09-22");  // 2025-09-20 is a Saturday (not a make-up day)
  // A restart before filing cannot move the start back.
  f = supervision("2024-05-10");
  f.absences = {{D("2024-01-01"), D("2024-02-01")}};
  EXPECT_EQ(clock_of(f).start_kind, ClockStart::Filed);
}

TEST(CaseClock, PartyOnlyCasesRunOnTheCountysLimit) {
  InvestigationFacts f;
  f.regime = Regime::PartyDiscipline;
  f.filed = D("2024-07-03");
  // 90 days → 2024-10-01 (National Day) → 2024-10-08.
  EXPECT_EQ(due(f), "2024-10-08");
  f.extensions = {{D("2024-09-20"), 90, true}};
  EXPECT_EQ(due(f), "2024-12-30");  // 90 days from the unmoved end 2024-10-01
  EXPECT_EQ(investigation_limit(Regime::PartyDiscipline), "case_party_investigation");
  EXPECT_EQ(investigation_limit(Regime::Both), "case_supervision_investigation");
  EXPECT_EQ(investigation_extension_limit(Regime::PartyDiscipline), "case_party_extension");
  EXPECT_EQ(investigation_extension_limit(Regime::Supervision), "case_supervision_extension");
  EXPECT_EQ(max_investigation_extensions(Regime::PartyDiscipline), 1);
  EXPECT_EQ(max_investigation_extensions(Regime::Both), std::nullopt);
}

TEST(CaseClock, DetentionNeverMovesOffAHoliday) {
  auto due_of = [](const char* from, std::optional<int> ext) {
    return S_(detention_due(cal(), L(kDetentionLimit), L(kDetentionExtensionLimit), {D(from), std::nullopt, ext}));
  };
  EXPECT_EQ(due_of("2024-07-01", std::nullopt), "2024-10-01");  // National Day: stays
  EXPECT_EQ(due_of("2024-07-01", 3), "2025-01-01");             // 元旦: stays
  EXPECT_EQ(due_of("2024-11-30", std::nullopt), "2025-02-28");  // 30 November + 3 months
  EXPECT_EQ(due_of("2024-11-30", 3), "2025-05-28");             // from the unmoved end
  EXPECT_EQ(due_of("2024-10-12", std::nullopt), "2025-01-12");  // a Sunday: stays
  // Even if the data said otherwise (SL 285 is the law, not a setting).
  TimeLimit moving = L(kDetentionLimit);
  moving.moves_to_working_day = true;
  EXPECT_EQ(S_(detention_due(cal(), moving, L(kDetentionExtensionLimit), {D("2024-07-01"), std::nullopt, std::nullopt})),
            "2024-10-01");
}

TEST(CaseClock, HoursAndDaysOfTheOtherCaseDeadlines) {
  // Detained 2024-09-30 10:20 Beijing (02:20Z): unit and family told by 2024-10-01 11:00, a holiday.
  EXPECT_EQ(due_time_ms(L(kDetentionNoticeLimit), 1727662800000LL), 1727751600000LL);
  EXPECT_EQ(due_time_ms(L(kIncidentReportLimit), 1727662800000LL), 1727751600000LL);
  // Seized property no longer needed on 2024-09-28: 3 days → 2024-10-01 (National Day) → 2024-10-08.
  EXPECT_EQ(S_(due_day(cal(), L(kPropertyReturnLimit), D("2024-09-28"))), "2024-10-08");
  EXPECT_EQ(S_(due_day(cal(), L(kPropertyReturnLimit), D("2024-10-09"))), "2024-10-12");  // Saturday, make-up day
  // The dismissal report: 7 working days.
  EXPECT_EQ(S_(due_day(cal(), L("case_dismissal_report"), D("2024-09-27"))), "2024-10-12");
}

TEST(CaseMeasures, WhichLastUntilLifted) {
  std::set<std::string> lasting;
  for (auto& [m, code] : kMeasures.rows)
    if (measure_lasts(m)) lasting.insert(std::string(code));
  EXPECT_EQ(lasting, (std::set<std::string>{"freeze", "retrieve", "seal", "seize", "technical_investigation",
                                            "wanted_notice", "exit_restriction", "detention"}));
}

TEST(CaseWarnings, TheDetentionNoticeIsOwedFor24HoursThenOverdue) {
  const auto& limit = L(kDetentionNoticeLimit);
  const long long start = 1727662800000LL;  // 2024-09-30 10:20 Beijing
  const long long due = 1727751600000LL;    // 2024-10-01 11:00 Beijing, a holiday: does not move
  EXPECT_EQ(detention_notice_warning(limit, start, false, false, start), CaseWarning::NoticeDue);
  EXPECT_EQ(detention_notice_warning(limit, start, false, false, due - 1), CaseWarning::NoticeDue);
  EXPECT_EQ(detention_notice_warning(limit, start, false, false, due), CaseWarning::NoticeOverdue);
  EXPECT_EQ(detention_notice_warning(limit, start, false, false, due + 86400000LL * 30), CaseWarning::NoticeOverdue);
  // Given, or withheld with its reason (SL 101): nothing owed.
  EXPECT_EQ(detention_notice_warning(limit, start, true, false, due + 1), std::nullopt);
  EXPECT_EQ(detention_notice_warning(limit, start, false, true, due + 1), std::nullopt);
  // Every code has a label in the dictionary the UI reads.
  EXPECT_EQ(kCaseWarnings.code(CaseWarning::NoticeOverdue), "detention_notice_overdue");
  EXPECT_EQ(kCaseWarnings.parse("property_return_overdue"), CaseWarning::ReturnOverdue);
}

TEST(CaseNumber, PerOrganisationAndYear) {
  EXPECT_EQ(case_number("成纪", 2026, 7), "成纪案〔2026〕0007号");
  EXPECT_EQ(case_number("成纪", 2026, 12345), "成纪案〔2026〕12345号");
}

// --- the trial clock (SL 194, 196; counted by SL 285)

namespace {
TrialClock trial(const TrialFacts& f, const char* today) {
  return trial_clock(cal(), L(kTrialLimit), L(kTrialExtensionLimit), f, D(today));
}
}  // namespace

TEST(TrialClock, OneMonthFromAcceptance) {
  TrialFacts f;
  f.accepted = D("2024-03-15");
  auto c = trial(f, "2024-03-20");
  EXPECT_FALSE(c.paused);
  EXPECT_EQ(S_(c.start), "2024-03-15");
  EXPECT_EQ(S_(c.due), "2024-04-15");
  // 31 January + one month ends on the month's last day (SL 285).
  f.accepted = D("2024-01-31");
  EXPECT_EQ(S_(trial(f, "2024-02-01").due), "2024-02-29");
  // Ending in the National Day holiday (2024-10-01..07) moves past it.
  f.accepted = D("2024-09-01");
  EXPECT_EQ(S_(trial(f, "2024-09-02").due), "2024-10-08");
}

TEST(TrialClock, SupplementaryInvestigationIsNotCounted) {
  TrialFacts f;
  f.accepted = D("2024-03-15");
  // Returned on 03-20, back on 03-30: ten days added to 04-15.
  f.supplements.push_back({D("2024-03-20"), D("2024-03-30")});
  auto c = trial(f, "2024-04-01");
  EXPECT_FALSE(c.paused);
  EXPECT_EQ(c.excluded_days, 10);
  EXPECT_EQ(S_(c.due), "2024-04-25");
  // A second, still running: paused, as if it came back today.
  f.supplements.push_back({D("2024-04-10"), std::nullopt});
  c = trial(f, "2024-04-12");
  EXPECT_TRUE(c.paused);
  EXPECT_EQ(c.excluded_days, 12);
  EXPECT_EQ(S_(c.due), "2024-04-28");  // 04-27 + the make-up working Sunday (调休)
}

TEST(TrialClock, ReinvestigationRestartsAndExtensionsAdd) {
  TrialFacts f;
  // A re-investigation: the new acceptance on 05-06; the old supplement and
  // extension belong to the earlier trial.
  f.accepted = D("2024-05-06");
  f.supplements.push_back({D("2024-03-20"), D("2024-03-30")});
  f.extensions.push_back({D("2024-04-01"), 1, true});
  auto c = trial(f, "2024-05-07");
  EXPECT_EQ(c.excluded_days, 0);
  EXPECT_EQ(c.extended, 0);
  EXPECT_EQ(S_(c.due), "2024-06-06");
  // An approved extension of one month from the unmoved end; a refused one adds nothing.
  f.extensions.push_back({D("2024-05-20"), 1, true});
  f.extensions.push_back({D("2024-05-21"), 1, false});
  c = trial(f, "2024-05-22");
  EXPECT_EQ(c.extended, 1);
  EXPECT_EQ(S_(c.due), "2024-07-08");  // 07-06 is a Saturday
}
