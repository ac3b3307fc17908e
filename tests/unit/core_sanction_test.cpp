// Decisions (CA-6; domain.md §4, regulations.md §4, §6, §7, §12): every
// outcome's influence period from data/sanctions.json as the server loads
// it, the ZW 15 combination with its 48-month cap, a new sanction during a
// running period (CF 21), appeals with their history, 留党察看 extended,
// organisational handling against a sanction, the four forms, and every row
// of data/approval-powers.json with the flow it proposes.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "app/kernel.hpp"
#include "core/sanction.hpp"
#include "problem_print.hpp"

using namespace funnel::core;
using O = Outcome;
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
const SanctionRules& R() {
  static const SanctionRules r = funnel::app::load_sanction_rules(kData);
  return r;
}
const ApprovalPowers& P() {
  static const ApprovalPowers p = funnel::app::load_approval_powers(kData);
  return p;
}
Day D(const char* s) { return *parse_day(s); }
std::string S(std::optional<Day> d) { return d ? format_day(*d) : "none"; }
Check I(const char* field, const std::string& msg) { return Problem::invalid(field, msg); }
constexpr std::nullopt_t ok = std::nullopt;
DecidedOutcome dec(O o, std::optional<int> amount = std::nullopt, int extended = 0) { return {o, amount, extended}; }
InfluencePeriod ip(O o, const char* day, std::optional<int> amount = std::nullopt, int extended = 0) {
  return influence_period(R(), dec(o, amount, extended), D(day));
}
// The 422 a throwing function raises, as field and message.
template <class F>
std::pair<std::string, std::string> error_of(F f) {
  try {
    f();
  } catch (const funnel::Error& e) {
    EXPECT_EQ(e.status(), 422);
    return {e.field(), e.what()};
  }
  ADD_FAILURE() << "no error";
  return {};
}
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

// --- data

TEST(SanctionData, EveryCodeHasBothLabelsInTheDictionaryAndTheServerChecksThem) {
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
    EXPECT_EQ(out.size(), t.rows.size());
    return out;
  };
  EXPECT_EQ(codes_of("sanction_outcomes"), table(kOutcomes));
  EXPECT_EQ(codes_of("outcome_families"), table(kOutcomeFamilies));
  EXPECT_EQ(codes_of("deciding_organs"), table(kDecidingOrgans));
  EXPECT_EQ(codes_of("review_flows"), table(kReviewFlows));
  EXPECT_EQ(codes_of("decision_changes"), table(kDecisionChanges));
  EXPECT_NO_THROW(funnel::app::load_dictionaries(kData));
}

TEST(SanctionData, TheFilesLoadAndPassTheirChecks) {
  EXPECT_EQ(R().rows.size(), kOutcomes.rows.size());
  EXPECT_EQ(rules_error(R()), std::nullopt);
  EXPECT_EQ(powers_error(P()), std::nullopt);
  EXPECT_EQ(R().combined_gov_max_months, 48);
  for (auto& [o, code] : kOutcomes.rows) {
    EXPECT_EQ(R().of(o).family, family_of(o)) << code;
    EXPECT_FALSE(R().of(o).basis.empty()) << code;
  }
  // Only 诫勉's period is local practice, with its provincial source.
  for (auto& [o, code] : kOutcomes.rows) EXPECT_EQ(R().of(o).local, o == O::Admonishment) << code;
  EXPECT_TRUE(has(R().of(O::Admonishment).basis, "广东"));
}

TEST(SanctionData, BrokenRulesAreRefusedNamingTheProblem) {
  auto broken = [](auto edit) {
    SanctionRules r = R();
    edit(r);
    return rules_error(r).value_or("");
  };
  EXPECT_TRUE(has(broken([](SanctionRules& r) { r.rows.pop_back(); }), "no rule for judicial_transfer"));
  EXPECT_TRUE(has(broken([](SanctionRules& r) { r.rows.push_back(r.rows.front()); }), "party_warning listed twice"));
  EXPECT_TRUE(has(broken([](SanctionRules& r) { r.rows[0].family = OutcomeFamily::Government; }), "family must be party_sanction"));
  EXPECT_TRUE(has(broken([](SanctionRules& r) { r.rows[0].form = 5; }), "form must be 1–4"));
  EXPECT_TRUE(has(broken([](SanctionRules& r) { r.rows[0].basis.clear(); }), "basis required"));
  EXPECT_TRUE(has(broken([](SanctionRules& r) { r.rows[0].period->unit = LimitUnit::Days; }), "months or years"));
  EXPECT_TRUE(has(broken([](SanctionRules& r) { r.rows[0].period->up_to = 3; }), "either amounts or up_to"));
  EXPECT_TRUE(has(broken([](SanctionRules& r) { r.rows[0].period->amounts = {0}; }), "period amounts 1–120"));
  EXPECT_TRUE(has(broken([](SanctionRules& r) {
                    r.rows[0].extension = ExtensionSpec{1, LimitUnit::Years, 1, 2, "x"};
                    r.rows[0].period->amounts = {2};
                  }),
                  "an extension extends"));
  EXPECT_TRUE(has(broken([](SanctionRules& r) { r.rows[0].then = FollowSpec{0, LimitUnit::Years, true, ""}; }),
                  "following restriction"));
  EXPECT_TRUE(has(broken([](SanctionRules& r) { r.combined_gov_max_months = 0; }), "combined_gov_max_months"));
  EXPECT_TRUE(has(broken([](SanctionRules& r) { r.rows[5].period->amounts = {6, 12}; }),
                  "gov_warning: a government sanction's period is one amount in months"));
  EXPECT_TRUE(has(broken([](SanctionRules& r) { r.rows[6].period = PeriodSpec{LimitUnit::Years, {1}, 0}; }),
                  "gov_demerit: a government sanction's period is one amount in months"));

  auto broken_powers = [](auto edit) {
    ApprovalPowers p = P();
    edit(p);
    return powers_error(p).value_or("");
  };
  EXPECT_TRUE(has(broken_powers([](ApprovalPowers& p) { p.rows.push_back(p.rows.front()); }), "listed twice"));
  EXPECT_TRUE(has(broken_powers([](ApprovalPowers& p) { p.rows[0].outcomes.push_back(O::PartyExpulsion); }),
                  "pz38_township_commission: a township organ cannot decide party_expulsion"));
  EXPECT_TRUE(has(broken_powers([](ApprovalPowers& p) { p.rows[1].outcomes.push_back(O::GovWarning); }),
                  "a township organ cannot decide gov_warning"));
  EXPECT_TRUE(has(broken_powers([](ApprovalPowers& p) { p.limits[0].allowed.push_back(O::PartyWarning); }),
                  "government sanctions only"));
  EXPECT_TRUE(has(broken_powers([](ApprovalPowers& p) {
                    std::erase_if(p.rows, [](const PowerRow& r) { return r.id == "pz14_county_commission_expulsion"; });
                  }),
                  "no row decides party_expulsion"));
}

TEST(SanctionData, AMalformedFileStopsTheServerNamingFileAndProblem) {
  const fs::path dir = fs::temp_directory_path() / "funnel-sanction-test";
  fs::create_directories(dir);
  auto write = [&](const char* name, const std::string& text) {
    std::ofstream(dir / name) << text;
  };
  auto message = [&](auto load) -> std::string {
    try {
      load(dir);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  };
  std::string s = slurp(kData / "sanctions.json");
  write("sanctions.json", s.replace(s.find("\"unit\": \"years\""), 15, "\"unit\": \"days\""));
  auto m = message(funnel::app::load_sanction_rules);
  EXPECT_TRUE(has(m, "sanctions.json") && has(m, "party_warning: unit must be months or years")) << m;
  write("sanctions.json", "{\"combined_gov_max_months\": 48, \"outcomes\": [");
  EXPECT_TRUE(has(message(funnel::app::load_sanction_rules), "sanctions.json"));

  std::string p = slurp(kData / "approval-powers.json");
  write("approval-powers.json", p.replace(p.find("\"organ\": \"township_commission\""), 30, "\"organ\": \"village_committee\""));
  m = message(funnel::app::load_approval_powers);
  EXPECT_TRUE(has(m, "approval-powers.json") && has(m, "unknown organ village_committee")) << m;
  p = slurp(kData / "approval-powers.json");
  write("approval-powers.json", p.replace(p.find("\"cases\": \"simple\""), 17, "\"cases\": \"easy\""));
  EXPECT_TRUE(has(message(funnel::app::load_approval_powers), "cases must be simple or any"));
  fs::remove_all(dir);
}

// --- every outcome's period

TEST(InfluencePeriod, EveryOutcomeFromTheDayDecided) {
  struct Row {
    O outcome;
    std::optional<int> amount;
    const char* period_end;
    const char* end;
  };
  // Decided 2024-03-15 (PZ 5; ZW 8): the start day not counted, months to the same day.
  const Row rows[] = {
      {O::PartyWarning, {}, "2025-03-15", "2025-03-15"},            // CF 10: 1 年
      {O::PartySeriousWarning, {}, "2025-09-15", "2025-09-15"},     // CF 10: 1 年半
      {O::RemovalFromPartyPosts, {}, "2026-03-15", "2026-03-15"},   // CF 11: 2 年
      {O::PartyProbation, 1, "2025-03-15", "2027-03-15"},           // CF 12: 1 年, then 2 years
      {O::PartyProbation, 2, "2026-03-15", "2028-03-15"},           // CF 12: 2 年, then 2 years
      {O::PartyExpulsion, {}, "2029-03-15", "2029-03-15"},          // CF 13: 5 年
      {O::GovWarning, {}, "2024-09-15", "2024-09-15"},              // ZW 8: 6 个月
      {O::GovDemerit, {}, "2025-03-15", "2025-03-15"},              // 12
      {O::GovMajorDemerit, {}, "2025-09-15", "2025-09-15"},         // 18
      {O::GovDemotion, {}, "2026-03-15", "2026-03-15"},             // 24
      {O::GovDismissalFromPost, {}, "2026-03-15", "2026-03-15"},    // 24
      {O::GovExpulsion, {}, nullptr, nullptr},                      // no period
      {O::SuspensionForInspection, 3, "2024-06-15", "2024-06-15"},  // ≤ 6 个月
      {O::SuspensionForInspection, 6, "2024-09-15", "2024-09-15"},
      {O::PostAdjustment, {}, "2025-03-15", "2025-03-15"},          // 1 年
      {O::OrderedResignation, {}, "2025-03-15", "2026-03-15"},      // 1 年, 2 年 no higher post
      {O::RemovalFromPost, {}, "2025-03-15", "2026-03-15"},
      {O::DemotionInPost, {}, "2026-03-15", "2026-03-15"},          // 2 年
      {O::TalkReminder, {}, nullptr, nullptr},
      {O::CriticismEducation, {}, nullptr, nullptr},
      {O::OrderedInspection, {}, nullptr, nullptr},
      {O::Admonishment, {}, "2024-09-15", "2024-09-15"},            // LOCAL 6 months
      {O::Exemption, {}, nullptr, nullptr},
      {O::JudicialTransfer, {}, nullptr, nullptr},
  };
  std::set<O> covered;
  for (const auto& r : rows) {
    const auto p = ip(r.outcome, "2024-03-15", r.amount);
    const std::string code(kOutcomes.code(r.outcome));
    EXPECT_EQ(p.outcome, r.outcome);
    EXPECT_EQ(S(p.effective), "2024-03-15") << code;
    EXPECT_EQ(S(p.period_end), r.period_end ? r.period_end : "none") << code;
    EXPECT_EQ(S(p.end), r.end ? r.end : "none") << code;
    covered.insert(r.outcome);
  }
  EXPECT_EQ(covered.size(), kOutcomes.rows.size());
  // A fixed amount may be stated.
  EXPECT_EQ(S(ip(O::GovWarning, "2024-03-15", 6).end), "2024-09-15");
}

TEST(InfluencePeriod, MonthEndsLeapDaysAndHolidaysAreCountedBySl285AndNeverMoved) {
  EXPECT_EQ(S(ip(O::GovWarning, "2024-08-31").end), "2025-02-28");   // no 31 February
  EXPECT_EQ(S(ip(O::GovWarning, "2023-08-31").end), "2024-02-29");   // leap year
  EXPECT_EQ(S(ip(O::PartyWarning, "2024-02-29").end), "2025-02-28");
  EXPECT_EQ(S(ip(O::PartyExpulsion, "2024-02-29").end), "2029-02-28");
  EXPECT_EQ(S(ip(O::PartySeriousWarning, "2023-08-29").end), "2025-02-28");
  EXPECT_EQ(S(ip(O::PartyProbation, "2024-02-29", 2).period_end), "2026-02-28");
  EXPECT_EQ(S(ip(O::PartyProbation, "2024-02-29", 2).end), "2028-02-28");  // two years on from the probation's end
  EXPECT_EQ(S(ip(O::GovDemerit, "2024-12-31").end), "2025-12-31");
  // Ends on 国庆节 and on a Sunday and stays there.
  const WorkCalendar cal = WorkCalendar::parse_csv(slurp(kData / "cn-holidays.csv"));
  const auto national_day = ip(O::GovWarning, "2024-04-01").end;
  EXPECT_EQ(S(national_day), "2024-10-01");
  EXPECT_FALSE(cal.is_working_day(*national_day));
  const auto sunday = ip(O::PartyWarning, "2024-03-17").end;
  EXPECT_EQ(S(sunday), "2025-03-17");
  EXPECT_EQ(S(ip(O::PartyWarning, "2023-03-19").end), "2024-03-19");
  EXPECT_FALSE(cal.is_working_day(D("2024-10-05")));
  EXPECT_EQ(S(ip(O::SuspensionForInspection, "2024-04-05", 6).end), "2024-10-05");
}

TEST(InfluencePeriod, APeriodThatDoesNotExistForTheSanctionIsRefusedNamingFieldAndRule) {
  EXPECT_EQ(period_problem(R(), dec(O::PartyProbation, 3)),
            I("period", "留党察看的期限只能是1年或2年（《中国共产党纪律处分条例》（2023）第十二条）"));
  EXPECT_EQ(period_problem(R(), dec(O::PartyProbation)),
            I("period", "请确定留党察看的期限：1年或2年（《中国共产党纪律处分条例》（2023）第十二条）"));
  EXPECT_EQ(period_problem(R(), dec(O::PartyProbation, 1)), ok);
  EXPECT_EQ(period_problem(R(), dec(O::PartyProbation, 2)), ok);
  auto expulsion = period_problem(R(), dec(O::GovExpulsion, 12), "outcomes[1].period");
  ASSERT_TRUE(expulsion);
  EXPECT_EQ(expulsion->field, "outcomes[1].period");
  EXPECT_TRUE(has(expulsion->message, "开除没有影响期（《公职人员政务处分法》第八条")) << expulsion->message;
  EXPECT_TRUE(period_problem(R(), dec(O::TalkReminder, 1)));
  EXPECT_TRUE(period_problem(R(), dec(O::Exemption, 1)));
  EXPECT_EQ(period_problem(R(), dec(O::GovWarning, 12)),
            I("period", "政务警告的期限只能是6个月（《公职人员政务处分法》第八条、第十九条至第二十一条；四种形态归类：《纪检监察机关监督执纪“四种形态”统计指标体系（试行）》（2016）行政警告，政务处分名称的对应未经核实（UNCONFIRMED））"));
  EXPECT_EQ(period_problem(R(), dec(O::PartySeriousWarning, 12))->field, "period");
  EXPECT_EQ(period_problem(R(), dec(O::SuspensionForInspection, 7)),
            I("period", "停职检查的期限最长6个月（《党政领导干部组织处理规定（试行）》（2021）第十一条；《中国共产党纪律检查委员会工作条例》（2021）第三十一条）"));
  EXPECT_TRUE(period_problem(R(), dec(O::SuspensionForInspection, 0)));
  EXPECT_TRUE(has(period_problem(R(), dec(O::SuspensionForInspection))->message, "请确定停职检查的期限"));
  EXPECT_EQ(period_problem(R(), dec(O::SuspensionForInspection, 1)), ok);
  EXPECT_TRUE(period_problem(R(), dec(O::PartyWarning, {}, -1)));
  // influence_period raises the same problem as a 422.
  auto [field, msg] = error_of([] { ip(O::PartyProbation, "2024-03-15", 3); });
  EXPECT_EQ(field, "period");
  EXPECT_TRUE(has(msg, "第十二条"));
}

TEST(InfluencePeriod, ADecisionBeforeTheFilingIsRefused) {
  EXPECT_EQ(decision_day_problem(D("2024-03-14"), D("2024-03-15")),
            I("decided_on", "处分决定日期不能早于立案日期（2024-03-15）"));
  EXPECT_EQ(decision_day_problem(D("2024-03-15"), D("2024-03-15")), ok);
  EXPECT_EQ(decision_day_problem(D("2024-05-01"), D("2024-03-15")), ok);
}

// --- ZW 15

TEST(CombinedGovSanctions, SameKindFromOnePeriodToTheSumCappedAt48Months) {
  struct Row {
    std::vector<O> sanctions;
    int min, max;
  };
  const Row rows[] = {
      {{O::GovWarning, O::GovWarning}, 6, 12},
      {{O::GovWarning, O::GovWarning, O::GovWarning}, 6, 18},
      {{O::GovDemerit, O::GovDemerit, O::GovDemerit}, 12, 36},
      {{O::GovDemerit, O::GovDemerit, O::GovDemerit, O::GovDemerit}, 12, 48},
      {{O::GovDemerit, O::GovDemerit, O::GovDemerit, O::GovDemerit, O::GovDemerit}, 12, 48},  // 60 → 48
      {{O::GovMajorDemerit, O::GovMajorDemerit}, 18, 36},
      {{O::GovMajorDemerit, O::GovMajorDemerit, O::GovMajorDemerit}, 18, 48},  // 54 → 48
      {{O::GovDemotion, O::GovDemotion}, 24, 48},
      {{O::GovDismissalFromPost, O::GovDismissalFromPost}, 24, 48},  // 撤职以下 includes 撤职
      {{O::GovDismissalFromPost, O::GovDismissalFromPost, O::GovDismissalFromPost}, 24, 48},
      {{O::GovDemerit}, 12, 12},
  };
  for (const auto& r : rows) {
    auto range = combined_gov_range(R(), r.sanctions);
    EXPECT_EQ(range.executed, r.sanctions.front());
    EXPECT_EQ(range.min_months, r.min) << r.sanctions.size();
    EXPECT_EQ(range.max_months, r.max) << r.sanctions.size();
    EXPECT_EQ(combined_gov_problem(R(), r.sanctions, r.min), ok);
    EXPECT_EQ(combined_gov_problem(R(), r.sanctions, r.max), ok);
    EXPECT_TRUE(combined_gov_problem(R(), r.sanctions, r.min - 1));
    EXPECT_TRUE(combined_gov_problem(R(), r.sanctions, r.max + 1));
  }
  const std::vector<O> three_major{O::GovMajorDemerit, O::GovMajorDemerit, O::GovMajorDemerit};
  EXPECT_EQ(combined_gov_problem(R(), three_major, 49),
            I("period_months", "政务处分期应在18至48个月之间，最长不得超过48个月（《公职人员政务处分法》第十五条）"));
  EXPECT_EQ(combined_gov_problem(R(), three_major, std::nullopt),
            I("period_months", "请在18至48个月之间确定政务处分期（《公职人员政务处分法》第十五条）"));
  EXPECT_EQ(S(combined_gov_period(R(), three_major, 48, D("2024-03-15")).end), "2028-03-15");
  EXPECT_EQ(S(combined_gov_period(R(), {O::GovWarning, O::GovWarning}, 12, D("2024-01-31")).end), "2025-01-31");
  EXPECT_EQ(S(combined_gov_period(R(), {O::GovWarning, O::GovWarning}, 7, D("2024-07-31")).end), "2025-02-28");
  EXPECT_EQ(S(combined_gov_period(R(), {O::GovWarning, O::GovWarning}, 6, D("2023-08-31")).end), "2024-02-29");
  auto [field, msg] = error_of([&] { combined_gov_period(R(), three_major, 50, D("2024-03-15")); });
  EXPECT_EQ(field, "period_months");
  EXPECT_TRUE(has(msg, "第十五条"));
}

TEST(CombinedGovSanctions, DifferentKindsExecuteTheHeaviestOnly) {
  const std::vector<O> mixed{O::GovWarning, O::GovDemerit, O::GovWarning};
  auto range = combined_gov_range(R(), mixed);
  EXPECT_EQ(range.executed, O::GovDemerit);
  EXPECT_EQ(range.min_months, 12);
  EXPECT_EQ(range.max_months, 12);
  EXPECT_EQ(combined_gov_problem(R(), mixed, std::nullopt), ok);
  EXPECT_EQ(combined_gov_problem(R(), mixed, 12), ok);
  EXPECT_EQ(combined_gov_problem(R(), mixed, 18),
            I("period_months", "执行最重的政务处分记过，政务处分期为12个月（《公职人员政务处分法》第十五条）"));
  auto p = combined_gov_period(R(), mixed, std::nullopt, D("2024-03-15"));
  EXPECT_EQ(p.outcome, O::GovDemerit);
  EXPECT_EQ(S(p.end), "2025-03-15");
  // 开除 among them: executed, no period.
  const std::vector<O> with_expulsion{O::GovDemotion, O::GovExpulsion};
  EXPECT_EQ(combined_gov_range(R(), with_expulsion).executed, O::GovExpulsion);
  EXPECT_EQ(combined_gov_range(R(), with_expulsion).max_months, std::nullopt);
  EXPECT_EQ(combined_gov_problem(R(), with_expulsion, std::nullopt), ok);
  EXPECT_TRUE(has(combined_gov_problem(R(), with_expulsion, 24)->message, "开除没有政务处分期"));
  EXPECT_EQ(combined_gov_period(R(), with_expulsion, std::nullopt, D("2024-03-15")).end, std::nullopt);
  EXPECT_EQ(combined_gov_range(R(), {O::GovExpulsion, O::GovExpulsion}).min_months, std::nullopt);
  // Only government sanctions.
  EXPECT_EQ(combined_gov_problem(R(), {}, std::nullopt), I("outcomes", "请选择政务处分"));
  EXPECT_EQ(combined_gov_problem(R(), {O::GovWarning, O::PartyWarning}, std::nullopt), I("outcomes", "警告不是政务处分"));
}

// --- a new sanction during a running period

TEST(NewSanctionDuringPeriod, PartyOnPartyAddsTheRemainderCf21) {
  const auto old = ip(O::PartyWarning, "2024-03-15");  // ends 2025-03-15
  auto r = new_sanction_during(R(), old, dec(O::PartySeriousWarning), D("2024-09-01"));
  EXPECT_TRUE(r.confirmed);
  EXPECT_TRUE(has(r.basis, "第二十一条"));
  EXPECT_EQ(S(r.period.effective), "2024-09-01");
  EXPECT_EQ(S(r.period.end), "2026-09-15");  // remaining to 2025-03-15, then 18 months
  EXPECT_EQ(S(r.period.period_end), "2026-09-15");
  // Decided on the old period's last day: still running.
  EXPECT_EQ(S(new_sanction_during(R(), old, dec(O::PartySeriousWarning), D("2025-03-15")).period.end), "2026-09-15");
  // The day after: its own period.
  auto after = new_sanction_during(R(), old, dec(O::PartySeriousWarning), D("2025-03-16"));
  EXPECT_TRUE(after.confirmed);
  EXPECT_EQ(S(after.period.end), "2026-09-16");
  // A running 留党察看: its influence runs to the end of the two years after.
  const auto probation = ip(O::PartyProbation, "2024-03-15", 1);  // 2025-03-15, then 2027-03-15
  auto p = new_sanction_during(R(), probation, dec(O::PartyWarning), D("2025-06-01"));
  EXPECT_EQ(S(p.period.end), "2028-03-15");
  // A new 留党察看 during a warning: the probation itself runs from its
  // decision; its influence (with the two years after) is added on.
  auto q = new_sanction_during(R(), old, dec(O::PartyProbation, 2), D("2024-06-01"));
  EXPECT_EQ(S(q.period.period_end), "2026-06-01");
  EXPECT_EQ(S(q.period.end), "2029-03-15");
  // Month end carried: old ends 2025-01-31, one more year of warning.
  const auto jan = ip(O::PartyWarning, "2024-01-31");
  EXPECT_EQ(S(new_sanction_during(R(), jan, dec(O::PartyWarning), D("2024-06-01")).period.end), "2026-01-31");
  // Invalid new period: the same 422.
  auto [field, msg] = error_of([&] { new_sanction_during(R(), old, dec(O::PartyProbation, 3), D("2024-09-01")); });
  EXPECT_EQ(field, "period");
}

TEST(NewSanctionDuringPeriod, OtherCombinationsAreUnconfirmedAndRunOnTheirOwn) {
  const auto gov = ip(O::GovDemerit, "2024-03-15");  // 2025-03-15
  auto g = new_sanction_during(R(), gov, dec(O::GovWarning), D("2024-09-01"));
  EXPECT_FALSE(g.confirmed);
  EXPECT_TRUE(has(g.basis, "UNCONFIRMED"));
  EXPECT_EQ(S(g.period.end), "2025-03-01");
  auto mixed = new_sanction_during(R(), ip(O::PartyWarning, "2024-03-15"), dec(O::GovDemerit), D("2024-09-01"));
  EXPECT_FALSE(mixed.confirmed);
  EXPECT_EQ(S(mixed.period.end), "2025-09-01");
  auto reverse = new_sanction_during(R(), gov, dec(O::PartyWarning), D("2024-09-01"));
  EXPECT_FALSE(reverse.confirmed);
  EXPECT_EQ(S(reverse.period.end), "2025-09-01");
  // An old decision without a period (开除) is not running.
  auto none = new_sanction_during(R(), ip(O::GovExpulsion, "2024-03-15"), dec(O::PartyWarning), D("2024-09-01"));
  EXPECT_TRUE(none.confirmed);
  EXPECT_EQ(S(none.period.end), "2025-09-01");
}

// --- organisational handling with a sanction (组织处理规定 art 11)

TEST(OrgHandlingWithSanction, TheLongerEffectApplies) {
  const Day d = D("2024-03-15");
  auto both = [&](O a, O b, std::optional<int> amount_a = std::nullopt) {
    return longest_effect({influence_period(R(), dec(a, amount_a), d), influence_period(R(), dec(b), d)});
  };
  // 免职 (2 years without a higher post) over 警告 (1 year), either order.
  EXPECT_EQ(both(O::PartyWarning, O::RemovalFromPost)->outcome, O::RemovalFromPost);
  EXPECT_EQ(both(O::RemovalFromPost, O::PartyWarning)->outcome, O::RemovalFromPost);
  EXPECT_EQ(S(both(O::PartyWarning, O::RemovalFromPost)->end), "2026-03-15");
  // 降职 2 years over 严重警告 1½ years.
  EXPECT_EQ(both(O::DemotionInPost, O::PartySeriousWarning)->outcome, O::DemotionInPost);
  // 留党察看 2 years (+2) over 降职.
  EXPECT_EQ(both(O::PartyProbation, O::DemotionInPost, 2)->outcome, O::PartyProbation);
  // 停职检查 3 months under 政务警告 6 months.
  EXPECT_EQ(both(O::SuspensionForInspection, O::GovWarning, 3)->outcome, O::GovWarning);
  // 调整职务 1 year over 诫勉 6 months.
  EXPECT_EQ(both(O::PostAdjustment, O::Admonishment)->outcome, O::PostAdjustment);
  // Equal ends: the first listed; none with a period: nothing.
  EXPECT_EQ(both(O::GovDemerit, O::PostAdjustment)->outcome, O::GovDemerit);
  EXPECT_EQ(both(O::GovExpulsion, O::TalkReminder), std::nullopt);
  EXPECT_EQ(longest_effect({}), std::nullopt);
}

// --- 留党察看 extended (CF 12)

TEST(ProbationExtension, OnlyAOneYearProbationOnceAtMostTwoYears) {
  const auto one = dec(O::PartyProbation, 1);
  EXPECT_EQ(probation_extension_problem(R(), one), ok);
  const auto extended = extend_probation(R(), one);
  EXPECT_EQ(extended.extended, 1);
  const auto p = influence_period(R(), extended, D("2024-03-15"));
  EXPECT_EQ(S(p.period_end), "2026-03-15");
  EXPECT_EQ(S(p.end), "2028-03-15");
  EXPECT_EQ(probation_extension_problem(R(), extended),
            I("extension", "留党察看期限最长不得超过2年（《中国共产党纪律处分条例》（2023）第十二条第一款）"));
  EXPECT_EQ(probation_extension_problem(R(), dec(O::PartyProbation, 2)),
            I("extension", "只有留党察看1年的可以延长（《中国共产党纪律处分条例》（2023）第十二条第一款）"));
  EXPECT_EQ(probation_extension_problem(R(), dec(O::PartyWarning)),
            I("extension", "警告不能延长（《中国共产党纪律处分条例》（2023）第十条）"));
  EXPECT_EQ(probation_extension_problem(R(), dec(O::GovExpulsion)),
            I("extension", "开除不能延长（《公职人员政务处分法》第八条（开除无政务处分期）、第二十四条、第二十六条；《中国共产党纪律检查委员会工作条例》（2021）第三十一条（开除公职））"));
  EXPECT_TRUE(has(probation_extension_problem(R(), dec(O::PartyProbation))->message, "请确定留党察看的期限"));
  auto [field, msg] = error_of([] { extend_probation(R(), dec(O::PartyProbation, 1, 1)); });
  EXPECT_EQ(field, "extension");
  // A 2-year probation stated as extended is refused where it is computed too.
  EXPECT_TRUE(period_problem(R(), dec(O::PartyProbation, 2, 1)));
}

// --- appeals

TEST(DecisionOnAppeal, ChangedRecomputesFromTheOriginalDayAndKeepsHistory) {
  auto h = DecisionHistory::original(R(), D("2024-03-15"), {dec(O::GovDemerit), dec(O::PartySeriousWarning)});
  ASSERT_EQ(h.versions().size(), 1u);
  EXPECT_EQ(h.current().kind, DecisionChange::Original);
  EXPECT_EQ(S(h.effect()->end), "2025-09-15");
  EXPECT_EQ(h.effect()->outcome, O::PartySeriousWarning);

  h.change(R(), D("2024-06-01"), {dec(O::GovWarning), dec(O::PartyWarning)});
  ASSERT_EQ(h.versions().size(), 2u);
  EXPECT_EQ(h.current().kind, DecisionChange::Changed);
  EXPECT_EQ(S(h.current().on), "2024-06-01");
  EXPECT_EQ(S(h.current().periods[0].effective), "2024-03-15");
  EXPECT_EQ(S(h.current().periods[0].end), "2024-09-15");
  EXPECT_EQ(S(h.effect()->end), "2025-03-15");
  // The original version is kept unchanged.
  EXPECT_EQ(h.versions()[0].outcomes[0], dec(O::GovDemerit));
  EXPECT_EQ(S(h.versions()[0].periods[1].end), "2025-09-15");

  // A second change, then revocation: no period any more, all versions kept.
  h.change(R(), D("2024-06-01"), {dec(O::PartyProbation, 1)});
  EXPECT_EQ(S(h.effect()->end), "2027-03-15");
  h.revoke(D("2024-07-01"));
  ASSERT_EQ(h.versions().size(), 4u);
  EXPECT_EQ(h.current().kind, DecisionChange::Revoked);
  EXPECT_TRUE(h.current().outcomes.empty());
  EXPECT_EQ(h.effect(), std::nullopt);
  EXPECT_EQ(h.versions()[2].outcomes[0], dec(O::PartyProbation, 1));
}

TEST(DecisionOnAppeal, RefusedChanges) {
  auto h = DecisionHistory::original(R(), D("2024-03-15"), {dec(O::GovDemerit)});
  try {
    h.change(R(), D("2024-03-14"), {dec(O::GovWarning)});
    ADD_FAILURE();
  } catch (const funnel::Error& e) {
    EXPECT_EQ(e.status(), 422);
    EXPECT_EQ(e.field(), "on");
  }
  auto [field, msg] = error_of([&] { h.change(R(), D("2024-04-01"), {dec(O::GovWarning), dec(O::PartyProbation, 3)}); });
  EXPECT_EQ(field, "outcomes[1].period");
  EXPECT_EQ(error_of([&] { h.change(R(), D("2024-04-01"), {}); }).first, "outcomes");
  EXPECT_EQ(error_of([&] { DecisionHistory::original(R(), D("2024-03-15"), {}); }).first, "outcomes");
  EXPECT_EQ(h.versions().size(), 1u);  // nothing recorded by a refusal
  h.revoke(D("2024-05-01"));
  for (auto act : {0, 1}) {
    try {
      if (act == 0) h.change(R(), D("2024-06-01"), {dec(O::GovWarning)});
      else h.revoke(D("2024-06-01"));
      ADD_FAILURE();
    } catch (const funnel::Error& e) {
      EXPECT_EQ(e.status(), 409);
    }
  }
  EXPECT_EQ(h.versions().size(), 2u);
  auto g = DecisionHistory::original(R(), D("2024-03-15"), {dec(O::GovDemerit)});
  EXPECT_EQ(error_of([&] { g.revoke(D("2024-03-01")); }).first, "on");
}

// --- four forms

TEST(FourForms, EveryOutcomesFormFromTheData) {
  const std::pair<O, std::optional<int>> rows[] = {
      {O::TalkReminder, 1}, {O::CriticismEducation, 1}, {O::OrderedInspection, 1}, {O::Admonishment, 1},
      {O::PartyWarning, 2}, {O::PartySeriousWarning, 2}, {O::GovWarning, 2}, {O::GovDemerit, 2},
      {O::GovMajorDemerit, 2}, {O::GovDemotion, 2}, {O::SuspensionForInspection, 2}, {O::PostAdjustment, 2},
      {O::OrderedResignation, 2}, {O::RemovalFromPost, 2}, {O::RemovalFromPartyPosts, 3}, {O::PartyProbation, 3},
      {O::PartyExpulsion, 3}, {O::DemotionInPost, 3}, {O::GovDismissalFromPost, 3}, {O::GovExpulsion, 3},
      {O::Exemption, std::nullopt}, {O::JudicialTransfer, std::nullopt},
  };
  ASSERT_EQ(std::size(rows), kOutcomes.rows.size());
  for (auto [o, form] : rows) {
    EXPECT_EQ(R().of(o).form, form) << kOutcomes.code(o);
    EXPECT_EQ(four_form(R(), {o}), form) << kOutcomes.code(o);
  }
}

TEST(FourForms, TheFourthNeedsAllThreeOtherwiseTheHeaviest) {
  EXPECT_EQ(four_form(R(), {O::PartyExpulsion, O::GovExpulsion, O::JudicialTransfer}), 4);
  EXPECT_EQ(four_form(R(), {O::JudicialTransfer, O::GovExpulsion, O::PartyExpulsion, O::TalkReminder}), 4);
  EXPECT_EQ(four_form(R(), {O::PartyExpulsion, O::GovExpulsion}), 3);
  EXPECT_EQ(four_form(R(), {O::PartyExpulsion, O::JudicialTransfer}), 3);
  EXPECT_EQ(four_form(R(), {O::GovExpulsion, O::JudicialTransfer}), 3);
  EXPECT_EQ(four_form(R(), {O::PartyWarning, O::DemotionInPost}), 3);  // 降职 is form 3
  EXPECT_EQ(four_form(R(), {O::PartySeriousWarning, O::GovDemerit, O::RemovalFromPost}), 2);
  EXPECT_EQ(four_form(R(), {O::Exemption, O::Admonishment}), 1);
  EXPECT_EQ(four_form(R(), {O::Exemption}), std::nullopt);
  EXPECT_EQ(four_form(R(), {}), std::nullopt);
}

// --- approval powers

namespace {
PowerQuery member(std::vector<O> outcomes, bool simple = true) {
  PowerQuery q;
  q.outcomes = std::move(outcomes);
  q.party_member = true;
  q.simple_case = simple;
  return q;
}
PowerQuery official(std::vector<O> outcomes, SupervisedCategory c, bool party = false) {
  PowerQuery q;
  q.simple_case = true;
  q.outcomes = std::move(outcomes);
  q.party_member = party;
  q.category = c;
  return q;
}
std::string power_message(DecidingOrgan organ, const PowerQuery& q) {
  auto p = organ_power_problem(P(), organ, q);
  if (!p) return "";
  EXPECT_EQ(p->field, "outcomes");
  EXPECT_EQ(p->kind, Problem::Kind::Invalid);
  return p->message;
}
using DO = DecidingOrgan;
}  // namespace

TEST(ApprovalPowers, TownshipCommissionWarningsInSimpleCasesPz38) {
  for (auto o : {O::PartyWarning, O::PartySeriousWarning, O::Exemption})
    EXPECT_EQ(organ_power_problem(P(), DO::TownshipCommission, member({o})), ok) << kOutcomes.code(o);
  // 撤销党内职务 and 留党察看 are the party committee's (PZ 28).
  auto m = power_message(DO::TownshipCommission, member({O::PartyProbation}));
  EXPECT_TRUE(has(m, "approval-powers.json: pz28_township_party_committee")) << m;
  m = power_message(DO::TownshipCommission, member({O::RemovalFromPartyPosts}));
  EXPECT_TRUE(has(m, "pz28_township_party_committee")) << m;
  // Important or complex: the county (PZ 38), naming the township row.
  m = power_message(DO::TownshipCommission, member({O::PartyWarning}, false));
  EXPECT_TRUE(has(m, "重要或复杂案件给予警告须报县纪委批准") && has(m, "approval-powers.json: pz38_township_commission")) << m;
}

TEST(ApprovalPowers, TownshipPartyCommitteeUpToProbationInSimpleCasesPz28) {
  for (auto o : {O::PartyWarning, O::PartySeriousWarning, O::RemovalFromPartyPosts, O::PartyProbation, O::Exemption})
    EXPECT_EQ(organ_power_problem(P(), DO::TownshipPartyCommittee, member({o})), ok) << kOutcomes.code(o);
  auto m = power_message(DO::TownshipPartyCommittee, member({O::PartyExpulsion}));
  EXPECT_TRUE(has(m, "开除党籍不在该机关的批准权限内") && has(m, "approval-powers.json: pz14_county_commission_expulsion")) << m;
  m = power_message(DO::TownshipPartyCommittee, member({O::PartyProbation}, false));
  EXPECT_TRUE(has(m, "pz28_township_party_committee") && has(m, "重要或复杂")) << m;
}

TEST(ApprovalPowers, CountyCommissionComplexCasesAndExpulsionPz38Pz14) {
  for (bool simple : {true, false}) {
    for (auto o : {O::PartyWarning, O::PartySeriousWarning, O::RemovalFromPartyPosts, O::PartyProbation, O::Exemption,
                   O::PartyExpulsion, O::JudicialTransfer, O::TalkReminder, O::Admonishment})
      EXPECT_EQ(organ_power_problem(P(), DO::CountyCommission, member({o}, simple)), ok) << kOutcomes.code(o);
  }
  // The commission does not make government sanctions: the 监委 does.
  auto m = power_message(DO::CountyCommission, official({O::GovWarning}, SupervisedCategory::CivilServant, true));
  EXPECT_TRUE(has(m, "approval-powers.json: zw_county_supervision")) << m;
}

TEST(ApprovalPowers, GovernmentSanctionsByTheCountySupervisionCommission) {
  for (auto c : {SupervisedCategory::CivilServant, SupervisedCategory::AuthorisedOrganisation,
                 SupervisedCategory::StateEnterprise, SupervisedCategory::PublicInstitution})
    for (auto o : {O::GovWarning, O::GovDemerit, O::GovMajorDemerit, O::GovDemotion, O::GovDismissalFromPost,
                   O::GovExpulsion, O::Exemption, O::JudicialTransfer})
      EXPECT_EQ(organ_power_problem(P(), DO::CountySupervision, official({o}, c)), ok);
  // A township organ never decides a government sanction.
  auto m = power_message(DO::TownshipCommission, official({O::GovWarning}, SupervisedCategory::CivilServant, true));
  EXPECT_TRUE(has(m, "政务警告不在该机关的批准权限内") && has(m, "zw_county_supervision")) << m;
  // A party sanction is not the 监委's.
  m = power_message(DO::CountySupervision, official({O::PartyWarning}, SupervisedCategory::CivilServant, true));
  EXPECT_TRUE(has(m, "pz38_township_commission")) << m;
}

TEST(ApprovalPowers, VillageCadresOnlyWarningDemeritMajorDemeritZw22) {
  const auto village = SupervisedCategory::GrassrootsAutonomy;
  for (auto o : {O::GovWarning, O::GovDemerit, O::GovMajorDemerit, O::Exemption, O::JudicialTransfer})
    EXPECT_EQ(organ_power_problem(P(), DO::CountySupervision, official({o}, village)), ok) << kOutcomes.code(o);
  for (auto o : {O::GovDemotion, O::GovDismissalFromPost, O::GovExpulsion}) {
    const auto q = official({O::GovWarning, o}, village, true);
    const auto expected = I("outcomes", "该类人员只能给予政务警告、记过、记大过，不能给予" +
                                            std::string(o == O::GovDemotion ? "降级" : o == O::GovExpulsion ? "开除" : "撤职") +
                                            "（《公职人员政务处分法》第二十二条；approval-powers.json: zw22_village_cadres_limit）");
    EXPECT_EQ(outcome_fit_problem(P(), q), expected);
    // Whatever the organ, and before the flow is proposed.
    for (auto organ : {DO::CountySupervision, DO::CountyCommission, DO::TownshipCommission})
      EXPECT_EQ(organ_power_problem(P(), organ, q), expected);
    auto [field, msg] = error_of([&] { proposed_flow(P(), q); });
    EXPECT_EQ(field, "outcomes");
    EXPECT_TRUE(has(msg, "第二十二条"));
  }
  // ZW 23: other persons performing public duties likewise.
  EXPECT_EQ(organ_power_problem(P(), DO::CountySupervision, official({O::GovMajorDemerit}, SupervisedCategory::OtherPublicDuty)), ok);
  auto m = power_message(DO::CountySupervision, official({O::GovDismissalFromPost}, SupervisedCategory::OtherPublicDuty));
  EXPECT_TRUE(has(m, "第二十三条第一款") && has(m, "zw23_other_public_duty_limit")) << m;
}

TEST(ApprovalPowers, FirstFormAndOrganisationalHandling) {
  for (auto o : {O::TalkReminder, O::CriticismEducation, O::OrderedInspection, O::Admonishment}) {
    EXPECT_EQ(organ_power_problem(P(), DO::TownshipCommission, member({o})), ok);
    EXPECT_EQ(organ_power_problem(P(), DO::CountyCommission, member({o}, false)), ok);
    auto m = power_message(DO::TownshipCommission, member({o}, false));
    EXPECT_TRUE(has(m, "first_form_township_commission")) << m;
  }
  // Non-members too (a 监察对象 only).
  EXPECT_EQ(organ_power_problem(P(), DO::TownshipCommission, official({O::TalkReminder}, SupervisedCategory::GrassrootsAutonomy)), ok);
  for (auto o : {O::SuspensionForInspection, O::PostAdjustment, O::OrderedResignation, O::RemovalFromPost, O::DemotionInPost}) {
    EXPECT_EQ(organ_power_problem(P(), DO::TownshipPartyCommittee, member({o})), ok);
    EXPECT_EQ(organ_power_problem(P(), DO::CountyPartyCommittee, member({o}, false)), ok);
    auto m = power_message(DO::TownshipPartyCommittee, member({o}, false));
    EXPECT_TRUE(has(m, "org_handling_township_party_committee")) << m;
    m = power_message(DO::TownshipCommission, member({o}));
    EXPECT_TRUE(has(m, "org_handling_township_party_committee")) << m;
  }
  // The county committee decides no party sanction.
  auto m = power_message(DO::CountyPartyCommittee, member({O::PartyWarning}));
  EXPECT_TRUE(has(m, "pz38_township_commission")) << m;
}

TEST(ApprovalPowers, ACaseIsImportantOrComplexUnlessSaidSimple) {
  PowerQuery q;
  q.outcomes = {O::PartyWarning};
  q.party_member = true;
  EXPECT_FALSE(q.simple_case);
  EXPECT_EQ(proposed_flow(P(), q).flow, ReviewFlow::TownshipApprovalRequest);
  EXPECT_TRUE(organ_power_problem(P(), DecidingOrgan::TownshipCommission, q));
}

TEST(ApprovalPowers, TheSanctionMustFitThePerson) {
  PowerQuery q;
  q.outcomes = {O::PartyWarning};
  EXPECT_EQ(outcome_fit_problem(P(), q), I("outcomes", "警告只适用于党员（《中国共产党纪律处分条例》第八条）"));
  q.outcomes = {O::GovWarning};
  q.party_member = true;
  EXPECT_EQ(outcome_fit_problem(P(), q), I("outcomes", "政务警告只适用于监察对象（《公职人员政务处分法》第二条）"));
  q.outcomes = {};
  EXPECT_EQ(outcome_fit_problem(P(), q), I("outcomes", "请选择处理结果"));
  EXPECT_EQ(organ_power_problem(P(), DO::CountyCommission, q), I("outcomes", "请选择处理结果"));
}

TEST(ApprovalPowers, TheFlowTownshipReviewOrApprovalRequest) {
  struct Row {
    PowerQuery q;
    ReviewFlow flow;
    std::optional<DO> organ;
    std::vector<std::string> rows;
  };
  const auto TR = ReviewFlow::TownshipReview, AR = ReviewFlow::TownshipApprovalRequest;
  const Row rows[] = {
      {member({O::PartyWarning}), TR, DO::TownshipCommission, {"pz38_township_commission"}},
      {member({O::PartySeriousWarning, O::Admonishment}), TR, DO::TownshipCommission,
       {"pz38_township_commission", "first_form_township_commission"}},
      {member({O::PartyProbation}), TR, DO::TownshipPartyCommittee, {"pz28_township_party_committee"}},
      {member({O::RemovalFromPartyPosts, O::RemovalFromPost}), TR, DO::TownshipPartyCommittee,
       {"pz28_township_party_committee", "org_handling_township_party_committee"}},
      {member({O::Exemption}), TR, DO::TownshipCommission, {"pz38_township_commission"}},
      {member({O::PartyWarning}, false), AR, std::nullopt, {"pz38_county_commission"}},
      {member({O::PartyProbation}, false), AR, std::nullopt, {"pz38_county_commission"}},
      {member({O::PartyExpulsion}), AR, std::nullopt, {"pz14_county_commission_expulsion"}},
      {member({O::PartyExpulsion, O::JudicialTransfer}), AR, std::nullopt,
       {"pz14_county_commission_expulsion", "pz17_county_commission_transfer"}},
      {member({O::RemovalFromPost}, false), AR, std::nullopt, {"org_handling_county_party_committee"}},
      {official({O::PartyWarning, O::GovWarning}, SupervisedCategory::CivilServant, true), AR, std::nullopt,
       {"pz38_county_commission", "zw_county_supervision"}},
      {official({O::GovMajorDemerit}, SupervisedCategory::GrassrootsAutonomy), AR, std::nullopt, {"zw22_village_cadres"}},
      {official({O::GovDemerit}, SupervisedCategory::OtherPublicDuty), AR, std::nullopt, {"zw23_other_public_duty"}},
      {official({O::TalkReminder}, SupervisedCategory::GrassrootsAutonomy), TR, DO::TownshipCommission,
       {"first_form_township_commission"}},
      {member({O::CriticismEducation}, false), AR, std::nullopt, {"first_form_county"}},
  };
  std::set<std::string> used;
  for (const auto& r : rows) {
    const auto f = proposed_flow(P(), r.q);
    const std::string what(kOutcomes.code(r.q.outcomes.front()));
    EXPECT_EQ(f.flow, r.flow) << what;
    EXPECT_EQ(f.township_organ, r.organ) << what;
    EXPECT_EQ(f.rows, r.rows) << what;
    used.insert(f.rows.begin(), f.rows.end());
  }
  // Every row of approval-powers.json is relied on by some proposal.
  for (const auto& row : P().rows) EXPECT_TRUE(used.count(row.id)) << row.id;
  EXPECT_EQ(kReviewFlows.code(ReviewFlow::TownshipReview), "township_review");
  EXPECT_EQ(kReviewFlows.code(ReviewFlow::TownshipApprovalRequest), "township_approval_request");
}

TEST(Outcomes, FamiliesAndHeaviness) {
  EXPECT_EQ(family_of(O::PartyExpulsion), OutcomeFamily::Party);
  EXPECT_EQ(family_of(O::GovWarning), OutcomeFamily::Government);
  EXPECT_EQ(family_of(O::GovExpulsion), OutcomeFamily::Government);
  EXPECT_EQ(family_of(O::SuspensionForInspection), OutcomeFamily::Organisational);
  EXPECT_EQ(family_of(O::DemotionInPost), OutcomeFamily::Organisational);
  EXPECT_EQ(family_of(O::TalkReminder), OutcomeFamily::FirstForm);
  EXPECT_EQ(family_of(O::Admonishment), OutcomeFamily::FirstForm);
  EXPECT_EQ(family_of(O::Exemption), OutcomeFamily::Other);
  EXPECT_TRUE(heavier(O::PartyProbation, O::PartyWarning));
  EXPECT_FALSE(heavier(O::PartyWarning, O::PartyProbation));
  EXPECT_TRUE(heavier(O::GovExpulsion, O::GovDismissalFromPost));
  EXPECT_FALSE(heavier(O::GovWarning, O::PartyExpulsion));  // families are not compared
  EXPECT_TRUE(township_organ(DO::TownshipCommission));
  EXPECT_TRUE(township_organ(DO::TownshipPartyCommittee));
  EXPECT_FALSE(township_organ(DO::CountyCommission));
  EXPECT_FALSE(township_organ(DO::CountySupervision));
  EXPECT_FALSE(township_organ(DO::CountyPartyCommittee));
}
