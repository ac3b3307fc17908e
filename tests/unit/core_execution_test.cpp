// Executing decisions (CA-7; domain.md §4, regulations.md §7): the tasks
// each kind of decision creates with their days counted on the real
// calendar and data/time-limits.json, the evidence that closes a task, the
// approved extension (at most 6 months, CF 44; SL 203), 打白条 and who records.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "app/kernel.hpp"
#include "core/execution.hpp"
#include "problem_print.hpp"

using namespace funnel::core;
using O = Outcome;
using K = ExecutionKind;
namespace fs = std::filesystem;

namespace {
const fs::path kData = fs::path(FUNNEL_SOURCE_DIR) / "data";

const WorkCalendar& cal() {
  static const WorkCalendar c = funnel::app::load_work_calendar(kData);
  return c;
}
const std::vector<TimeLimit>& limits() {
  static const std::vector<TimeLimit> l = funnel::app::load_time_limits(kData);
  return l;
}
const TimeLimit* find(std::string_view code) {
  for (auto& l : limits())
    if (l.code == code) return &l;
  return nullptr;
}
Day d(const char* s) { return *parse_day(s); }

std::vector<PlannedTask> plan(std::vector<Outcome> o, const char* decided, std::optional<const char*> until = {},
                              bool recovery = false) {
  std::optional<Day> u;
  if (until) u = d(*until);
  return plan_execution({std::move(o), d(decided), u, recovery}, cal(), find);
}
std::vector<K> kinds(const std::vector<PlannedTask>& t) {
  std::vector<K> out;
  for (auto& x : t) out.push_back(x.kind);
  return out;
}
const PlannedTask& of(const std::vector<PlannedTask>& t, K k) {
  for (auto& x : t)
    if (x.kind == k) return x;
  throw std::out_of_range("no such task");
}
}  // namespace

TEST(ExecutionData, EveryLimitIsInTheDataFileAndEveryCodeHasItsLabels) {
  for (auto code : execution_limit_codes()) EXPECT_NE(find(code), nullptr) << code;
  std::ifstream f(kData / "dictionaries.json");
  std::stringstream ss;
  ss << f.rdbuf();
  auto doc = boost::json::parse(ss.str()).as_object();
  auto has = [&](const char* list, std::string_view code) {
    for (auto& row : doc.at(list).as_array()) {
      auto& o = row.as_object();
      if (o.at("code").as_string() == code) return !o.at("label_zh").as_string().empty();
    }
    return false;
  };
  for (auto& [k, code] : kExecutionKinds.rows) {
    EXPECT_TRUE(has("execution_kinds", code)) << code;
    EXPECT_FALSE(execution_rule(k).evidence.empty()) << code;
  }
  for (auto& [e, code] : kExecutionEvidence.rows) {
    EXPECT_TRUE(has("execution_evidence", code)) << code;
    EXPECT_FALSE(evidence_label(e).empty());
  }
  for (auto& [s, code] : kExecutionStatuses.rows) EXPECT_TRUE(has("execution_statuses", code)) << code;
  EXPECT_TRUE(has("case_warnings", "execution_overdue"));
}

TEST(ExecutionPlan, PartyWarningIsAnnouncedAndFiledReportedOnAndVisited) {
  // 党内警告 on Tue 2026-03-10: influence one year.
  auto t = plan({O::PartyWarning}, "2026-03-10", "2027-03-10");
  EXPECT_EQ(kinds(t), (std::vector<K>{K::PartyAnnounce, K::PartyReport, K::FollowUpVisit}));
  EXPECT_EQ(of(t, K::PartyAnnounce).due, d("2026-04-10"));  // 1 month, CF 44
  EXPECT_EQ(of(t, K::PartyAnnounce).limit_code, "execution_party_announce");
  EXPECT_FALSE(of(t, K::PartyAnnounce).max_due);  // no extension exists
  EXPECT_EQ(of(t, K::PartyReport).due, d("2026-09-10"));  // 6 months, CF 45
  EXPECT_EQ(of(t, K::FollowUpVisit).due, d("2026-09-10"));  // LOCAL: 6 months, inside the year
}

TEST(ExecutionPlan, RemovalFromPartyPostsAndHeavierChangePostAndPayExtendableToSixMonths) {
  for (auto o : {O::RemovalFromPartyPosts, O::PartyProbation}) {
    auto t = plan({o}, "2026-03-10", "2028-03-10");
    ASSERT_EQ(kinds(t), (std::vector<K>{K::PartyAnnounce, K::PartyPostPay, K::PartyReport, K::FollowUpVisit}));
    EXPECT_EQ(of(t, K::PartyPostPay).due, d("2026-04-10"));
    ASSERT_TRUE(of(t, K::PartyPostPay).max_due);
    EXPECT_EQ(*of(t, K::PartyPostPay).max_due, d("2026-09-10"));
  }
  // 警告、严重警告: no change of post or pay.
  for (auto o : {O::PartyWarning, O::PartySeriousWarning}) {
    auto t = plan({o}, "2026-03-10", "2027-09-10");
    for (auto k : kinds(t)) EXPECT_NE(k, K::PartyPostPay);
  }
}

TEST(ExecutionPlan, GovernmentSanctionIsDeliveredAndExecutedOrganisationalHandlingCarriedOut) {
  auto t = plan({O::GovDemerit}, "2026-03-10", "2027-09-10");
  EXPECT_EQ(kinds(t), (std::vector<K>{K::GovDelivery, K::GovExecute, K::FollowUpVisit}));
  EXPECT_EQ(of(t, K::GovDelivery).due, d("2026-04-10"));  // SL 203; ZW 46
  EXPECT_EQ(*of(t, K::GovExecute).max_due, d("2026-09-10"));  // at most 6 months with approval
  auto both = plan({O::PartySeriousWarning, O::GovDemerit, O::RemovalFromPost}, "2026-03-10", "2028-03-10");
  EXPECT_EQ(kinds(both), (std::vector<K>{K::PartyAnnounce, K::GovDelivery, K::GovExecute, K::OrgAdjust,
                                         K::PartyReport, K::FollowUpVisit}));
}

TEST(ExecutionPlan, ExpulsionAndTransferHaveNoVisitFirstFormAndExemptionCreateNothing) {
  auto t = plan({O::PartyExpulsion, O::GovExpulsion, O::JudicialTransfer}, "2026-03-10", "2031-03-10");
  EXPECT_EQ(kinds(t), (std::vector<K>{K::PartyAnnounce, K::PartyPostPay, K::GovDelivery, K::GovExecute,
                                      K::PartyReport}));
  EXPECT_TRUE(plan({O::TalkReminder}, "2026-03-10").empty());
  EXPECT_TRUE(plan({O::Admonishment}, "2026-03-10", "2026-09-10").empty());
  EXPECT_TRUE(plan({O::Exemption}, "2026-03-10").empty());
}

TEST(ExecutionPlan, RecoveryWhenOrderedAndTheVisitNeverAfterTheInfluenceEnds) {
  auto t = plan({O::PartyWarning}, "2026-03-10", "2027-03-10", true);
  EXPECT_EQ(of(t, K::Recovery).due, d("2026-04-10"));  // SL 209
  // 停职检查 for 2 months: the visit falls inside those 2 months.
  auto s = plan({O::SuspensionForInspection}, "2026-03-10", "2026-05-10");
  EXPECT_EQ(of(s, K::FollowUpVisit).due, d("2026-05-10"));
}

TEST(ExecutionPlan, DaysAreCountedAsSl285AndMoveOffHolidays) {
  // One month from 2026-09-03 ends on 10-03, inside 国庆: moved to Thu 10-08.
  EXPECT_EQ(of(plan({O::PartyWarning}, "2026-09-03", "2027-09-03"), K::PartyAnnounce).due, d("2026-10-08"));
  // From 01-31: February has no 31st, so its last day, a make-up working Saturday.
  EXPECT_EQ(of(plan({O::PartyWarning}, "2026-01-31", "2027-01-31"), K::PartyAnnounce).due, d("2026-02-28"));
}

TEST(ExecutionPlan, AMissingLimitStopsRatherThanGuesses) {
  auto none = [](std::string_view) -> const TimeLimit* { return nullptr; };
  EXPECT_THROW(plan_execution({{O::PartyWarning}, d("2026-03-10"), std::nullopt, false}, cal(), none),
               std::runtime_error);
}

TEST(ExecutionClose, NeedsTheDayAndEveryRecordWithItsNumber) {
  const auto dec = d("2026-03-10"), today = d("2026-04-01");
  const std::vector<EvidenceInput> both = {{"announce_record", "宣布记录 2026-03-20", std::nullopt},
                                           {"file_receipt", "档案室回执 12 号", std::nullopt}};
  EXPECT_EQ(execution_close_problem(K::PartyAnnounce, d("2026-03-20"), dec, today, both), std::nullopt);
  EXPECT_EQ(execution_close_problem(K::PartyAnnounce, std::nullopt, dec, today, both)->field, "done_on");
  EXPECT_EQ(execution_close_problem(K::PartyAnnounce, d("2026-03-09"), dec, today, both)->field, "done_on");
  EXPECT_EQ(execution_close_problem(K::PartyAnnounce, d("2026-04-02"), dec, today, both)->field, "done_on");
  // Without its evidence: 422 naming what is missing.
  auto none = execution_close_problem(K::PartyAnnounce, d("2026-03-20"), dec, today, {});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->field, "evidence");
  EXPECT_NE(none->message.find("宣布记录"), std::string::npos);
  EXPECT_NE(none->message.find("归档回执"), std::string::npos);
  auto half = execution_close_problem(K::PartyAnnounce, d("2026-03-20"), dec, today, {both[0]});
  ASSERT_TRUE(half);
  EXPECT_EQ(half->message.find("宣布记录"), std::string::npos);
  EXPECT_NE(half->message.find("归档回执"), std::string::npos);
  // A record the task does not take, unknown, twice, or without its number.
  EXPECT_EQ(execution_close_problem(K::PartyAnnounce, d("2026-03-20"), dec, today,
                                    {{"visit_record", "x", std::nullopt}})->field, "evidence[0].kind");
  EXPECT_EQ(execution_close_problem(K::PartyAnnounce, d("2026-03-20"), dec, today,
                                    {{"photo", "x", std::nullopt}})->field, "evidence[0].kind");
  EXPECT_EQ(execution_close_problem(K::PartyAnnounce, d("2026-03-20"), dec, today,
                                    {both[0], both[0]})->field, "evidence[1].kind");
  EXPECT_EQ(execution_close_problem(K::PartyAnnounce, d("2026-03-20"), dec, today,
                                    {{"announce_record", "  ", std::nullopt}, both[1]})->field, "evidence[0].ref");
  EXPECT_EQ(execution_close_problem(K::PartyAnnounce, d("2026-03-20"), dec, today,
                                    {{std::nullopt, "x", std::nullopt}})->field, "evidence[0].kind");
  // Each kind's own records close it.
  for (auto& [k, code] : kExecutionKinds.rows) {
    std::vector<EvidenceInput> ev;
    for (auto e : execution_rule(k).evidence) ev.push_back({std::string(kExecutionEvidence.code(e)), "No. 1", {}});
    EXPECT_EQ(execution_close_problem(k, dec, dec, today, ev), std::nullopt) << code;
  }
}

TEST(ExecutionExtension, OnlyPostPayAndGovernmentExecutionWithApprovalUpToTheMaximum) {
  const auto due = d("2026-04-10"), max = d("2026-09-10");
  const std::optional<std::string> ref = "成纪批〔2026〕3号";
  EXPECT_EQ(execution_extension_problem(K::PartyPostPay, due, max, d("2026-06-10"), ref), std::nullopt);
  EXPECT_EQ(execution_extension_problem(K::GovExecute, due, max, max, ref), std::nullopt);
  EXPECT_EQ(execution_extension_problem(K::PartyPostPay, due, max, d("2026-09-11"), ref)->field, "due_day");
  EXPECT_EQ(execution_extension_problem(K::PartyPostPay, due, max, due, ref)->field, "due_day");
  EXPECT_EQ(execution_extension_problem(K::PartyPostPay, due, max, std::nullopt, ref)->field, "due_day");
  EXPECT_EQ(execution_extension_problem(K::PartyPostPay, due, max, d("2026-06-10"), std::nullopt)->field,
            "approval_ref");
  // Announcing, delivering, reporting, visiting: no extension exists.
  for (auto k : {K::PartyAnnounce, K::PartyReport, K::GovDelivery, K::OrgAdjust, K::Recovery, K::FollowUpVisit})
    EXPECT_EQ(execution_extension_problem(k, due, max, d("2026-06-10"), ref)->field, "due_day");
}

TEST(ExecutionStatus, OpenDueSoonOverdueDoneAndDoneLate) {
  const auto due = d("2026-04-10");
  EXPECT_EQ(execution_status(std::nullopt, due, d("2026-03-20"), d("2026-03-25")), ExecutionStatus::Open);
  EXPECT_EQ(execution_status(std::nullopt, due, d("2026-04-07"), d("2026-04-10")), ExecutionStatus::DueSoon);
  // The last day itself is still in time; the day after is 打白条.
  EXPECT_EQ(execution_status(std::nullopt, due, due, d("2026-04-15")), ExecutionStatus::DueSoon);
  EXPECT_EQ(execution_status(std::nullopt, due, d("2026-04-11"), d("2026-04-16")), ExecutionStatus::Overdue);
  EXPECT_EQ(execution_status(d("2026-04-10"), due, d("2026-05-01"), d("2026-05-06")), ExecutionStatus::Done);
  EXPECT_EQ(execution_status(d("2026-04-13"), due, d("2026-05-01"), d("2026-05-06")), ExecutionStatus::DoneLate);
}

TEST(ExecutionPermission, TheExecutingUnitRecords) {
  // A township case: its secretary and staff, nobody of another township, no county office.
  EXPECT_TRUE(may_record_execution(Role::TownshipSecretary, 7, 7, true, 7));
  EXPECT_TRUE(may_record_execution(Role::TownshipStaff, 7, 7, true, 7));
  EXPECT_FALSE(may_record_execution(Role::TownshipStaff, 8, 7, true, 7));
  EXPECT_FALSE(may_record_execution(Role::CaseSupervision, 2, 7, true, 7));
  EXPECT_FALSE(may_record_execution(Role::DisciplineRoom, 3, 7, true, 7));
  // A county case: 案管, the leader and the room that led it.
  EXPECT_TRUE(may_record_execution(Role::CaseSupervision, 2, 3, false, 3));
  EXPECT_TRUE(may_record_execution(Role::CountyLeader, 1, 3, false, 3));
  EXPECT_TRUE(may_record_execution(Role::DisciplineRoom, 3, 3, false, 3));
  EXPECT_FALSE(may_record_execution(Role::DisciplineRoom, 4, 3, false, 3));
  for (auto r : {Role::TrialOffice, Role::PetitionOffice, Role::TownshipSecretary, Role::VillageOfficer,
                 Role::SysAdmin, Role::SecurityAdmin, Role::AuditAdmin})
    EXPECT_FALSE(may_record_execution(r, 3, 3, false, 3));
}
