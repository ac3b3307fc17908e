// Problem clues: every step of a clue, who may take it, the approval chains,
// the dispatch proposal, the clocks and the monthly report's deadline
// (domain.md §3, regulations.md §3).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "core/clue.hpp"

using namespace funnel::core;
using S = ClueState;
using A = ClueAction;
using M = DisposalMethod;
using O = ClueOutcome;

namespace {
const WorkCalendar& cal() {
  static const WorkCalendar c = [] {
    std::ifstream f(std::string(FUNNEL_SOURCE_DIR) + "/data/cn-holidays.csv");
    std::stringstream ss;
    ss << f.rdbuf();
    return WorkCalendar::parse_csv(ss.str());
  }();
  return c;
}
}  // namespace

TEST(ClueStates, EverySimpleStepAndNothingElse) {
  const std::map<std::pair<S, A>, S> allowed = {
      {{S::Registered, A::ProposeDispatch}, S::DispatchProposed},
      {{S::DispatchProposed, A::ApproveDispatch}, S::Dispatched},
      {{S::DispatchProposed, A::ReturnDispatch}, S::Registered},
      {{S::Dispatched, A::Acknowledge}, S::Received},
      {{S::Dispatched, A::ProposeDispatch}, S::DispatchProposed},
      {{S::Received, A::ProposeDispatch}, S::DispatchProposed},
      {{S::Received, A::ProposeDisposal}, S::DisposalProposed},
      {{S::DisposalProposed, A::RejectDisposal}, S::Received},
      {{S::Pending, A::Review}, S::Received},
  };
  for (auto& [s, scode] : kClueStates.rows) {
    for (auto& [a, acode] : kClueActions.rows) {
      if (a == A::ApproveDisposal || a == A::Conclude) continue;  // below
      auto it = allowed.find({s, a});
      auto got = next_state(s, a);
      if (it == allowed.end()) {
        EXPECT_FALSE(got) << scode << " + " << acode;
      } else {
        ASSERT_TRUE(got) << scode << " + " << acode;
        EXPECT_EQ(*got, it->second) << scode << " + " << acode;
      }
    }
  }
}

TEST(ClueStates, ApprovalLeadsToTheMethodsStateOnlyAtTheLastStep) {
  const std::map<M, S> to = {{M::TalkInquiry, S::InTalkInquiry},
                             {M::PreliminaryVerification, S::InVerification},
                             {M::Pending, S::Pending},
                             {M::Closure, S::Closed}};
  for (auto [m, s] : to) {
    EXPECT_EQ(next_state(S::DisposalProposed, A::ApproveDisposal, {m, std::nullopt, true}), s);
    EXPECT_EQ(next_state(S::DisposalProposed, A::ApproveDisposal, {m, std::nullopt, false}), S::DisposalProposed);
    for (auto& [other, code] : kClueStates.rows)
      if (other != S::DisposalProposed) EXPECT_FALSE(next_state(other, A::ApproveDisposal, {m}));
  }
  EXPECT_FALSE(next_state(S::DisposalProposed, A::ApproveDisposal, {}));  // no method: nothing to approve
}

TEST(ClueStates, ConclusionOnlyWithAnOutcomeOfTheMethod) {
  EXPECT_EQ(next_state(S::InTalkInquiry, A::Conclude, {std::nullopt, O::ClosedUnfounded}), S::Closed);
  EXPECT_EQ(next_state(S::InTalkInquiry, A::Conclude, {std::nullopt, O::FirstForm}), S::Closed);
  EXPECT_EQ(next_state(S::InTalkInquiry, A::Conclude, {std::nullopt, O::Reinquiry}), S::Received);
  EXPECT_EQ(next_state(S::InTalkInquiry, A::Conclude, {std::nullopt, O::ToVerification}), S::Received);
  EXPECT_FALSE(next_state(S::InTalkInquiry, A::Conclude, {std::nullopt, O::FileCase}));  // GZ 30 has no case
  EXPECT_FALSE(next_state(S::InTalkInquiry, A::Conclude, {}));
  EXPECT_EQ(next_state(S::InVerification, A::Conclude, {std::nullopt, O::FileCase}), S::Filed);
  EXPECT_EQ(next_state(S::InVerification, A::Conclude, {std::nullopt, O::Close}), S::Closed);
  EXPECT_EQ(next_state(S::InVerification, A::Conclude, {std::nullopt, O::FirstForm}), S::Closed);
  EXPECT_EQ(next_state(S::InVerification, A::Conclude, {std::nullopt, O::KeepPending}), S::Pending);
  EXPECT_EQ(next_state(S::InVerification, A::Conclude, {std::nullopt, O::Transfer}), S::Transferred);
  EXPECT_FALSE(next_state(S::InVerification, A::Conclude, {std::nullopt, O::Reinquiry}));
  for (auto s : {S::Registered, S::Received, S::Pending, S::Closed, S::DisposalProposed})
    EXPECT_FALSE(next_state(s, A::Conclude, {std::nullopt, O::Close}));
  EXPECT_TRUE(is_final(S::Closed) && is_final(S::Filed) && is_final(S::Transferred));
  EXPECT_FALSE(is_final(S::Pending));
}

TEST(ClueStates, RecordsRequiredAndAllowed) {
  EXPECT_EQ(required_records(M::TalkInquiry),
            (std::vector<ClueRecordKind>{ClueRecordKind::TalkRecord, ClueRecordKind::InquiryReply}));
  EXPECT_EQ(required_records(M::PreliminaryVerification),
            std::vector<ClueRecordKind>{ClueRecordKind::VerificationReport});
  EXPECT_TRUE(required_records(M::Closure).empty());
  EXPECT_EQ(records_in_state(S::InTalkInquiry).size(), 3u);
  EXPECT_EQ(records_in_state(S::InVerification).size(), 2u);
  EXPECT_TRUE(records_in_state(S::Received).empty());
  EXPECT_TRUE(records_in_state(S::Closed).empty());
}

TEST(ClueRoles, WhoMayTakeEachStep) {
  ClueRelation none, lead{true, false, false}, assist{false, true, false}, approver{false, false, true};
  for (auto r : {Role::CaseSupervision}) EXPECT_TRUE(may_perform(r, A::ProposeDispatch, none));
  for (auto r : {Role::CountyLeader, Role::DisciplineRoom, Role::TownshipSecretary, Role::PetitionOffice})
    EXPECT_FALSE(may_perform(r, A::ProposeDispatch, lead));
  EXPECT_TRUE(may_perform(Role::CountyLeader, A::ApproveDispatch, none));
  EXPECT_TRUE(may_perform(Role::CountyLeader, A::ReturnDispatch, none));
  EXPECT_FALSE(may_perform(Role::CaseSupervision, A::ApproveDispatch, none));  // 案管 proposes, the head approves
  for (auto a : {A::Acknowledge, A::ProposeDisposal, A::Conclude, A::Review}) {
    for (auto r : {Role::DisciplineRoom, Role::TownshipSecretary, Role::TownshipStaff}) {
      EXPECT_TRUE(may_perform(r, a, lead));
      EXPECT_FALSE(may_perform(r, a, assist));  // the assisting township helps, the lead signs
      EXPECT_FALSE(may_perform(r, a, none));
    }
    EXPECT_FALSE(may_perform(Role::CaseSupervision, a, lead));
    EXPECT_FALSE(may_perform(Role::PetitionOffice, a, lead));
  }
  for (auto a : {A::ApproveDisposal, A::RejectDisposal}) {
    EXPECT_TRUE(may_perform(Role::TownshipStaff, a, approver));  // the relation decides
    EXPECT_FALSE(may_perform(Role::CountyLeader, a, lead));
  }
  EXPECT_TRUE(needs_reason(A::ReturnDispatch));
  EXPECT_TRUE(needs_reason(A::RejectDisposal));
  EXPECT_FALSE(needs_reason(A::ApproveDispatch));
}

TEST(ClueRoles, ApprovalChains) {
  EXPECT_EQ(approval_chain(DispatchMode::Township), std::vector<Role>{Role::TownshipSecretary});
  EXPECT_EQ(approval_chain(DispatchMode::CountyLed), (std::vector<Role>{Role::DisciplineRoom, Role::CountyLeader}));
  EXPECT_EQ(approval_chain(DispatchMode::Joint), (std::vector<Role>{Role::DisciplineRoom, Role::CountyLeader}));
}

namespace {
ReportedFacts person(CadreLevel l) {
  ReportedFacts f;
  f.level = l;
  f.party_member = true;
  return f;
}
}  // namespace

TEST(ClueDispatch, ProposalFollowsJurisdictionConflictAndComplexity) {
  ClueFacts f;
  f.persons = {person(CadreLevel::VillageCadre)};
  EXPECT_EQ(propose_dispatch(f).mode, DispatchMode::Township);
  EXPECT_FALSE(propose_dispatch(f).conflict);
  f.needs_county_strength = true;
  EXPECT_EQ(propose_dispatch(f).mode, DispatchMode::Joint);
  f.difficult = true;
  EXPECT_EQ(propose_dispatch(f).mode, DispatchMode::CountyLed);
  f = {};
  f.persons = {person(CadreLevel::GeneralCadre)};
  f.cross_township = true;
  EXPECT_EQ(propose_dispatch(f).mode, DispatchMode::CountyLed);
  f = {};
  f.persons = {person(CadreLevel::PartyMember)};
  f.township_concerned = false;
  EXPECT_EQ(propose_dispatch(f).mode, DispatchMode::CountyLed);
  // Above township jurisdiction.
  f = {};
  f.persons = {person(CadreLevel::VillageCadre), person(CadreLevel::TownshipSection)};
  EXPECT_EQ(propose_dispatch(f).mode, DispatchMode::CountyLed);
  f.persons = {person(CadreLevel::CountyDivision)};
  EXPECT_EQ(propose_dispatch(f).mode, DispatchMode::CountyLed);
  auto dept = person(CadreLevel::GeneralCadre);
  dept.county_department = true;
  f.persons = {dept};
  EXPECT_EQ(propose_dispatch(f).mode, DispatchMode::CountyLed);
  // Conflict of interest: never in that township, even for an easy matter.
  for (int which = 0; which < 2; ++which) {
    auto p = person(CadreLevel::GeneralCadre);
    (which ? p.township_party_secretary : p.township_discipline_staff) = true;
    f = {};
    f.persons = {person(CadreLevel::VillageCadre), p};
    auto got = propose_dispatch(f);
    EXPECT_EQ(got.mode, DispatchMode::CountyLed);
    EXPECT_TRUE(got.conflict);
    EXPECT_FALSE(got.reason.empty());
    EXPECT_FALSE(got.basis.empty());
  }
}

TEST(ClueClock, LimitOfEachState) {
  EXPECT_EQ(limit_in_state(S::Received, {}), "clue_disposal_proposal");
  EXPECT_EQ(limit_in_state(S::DisposalProposed, {}), "clue_disposal_proposal");  // GZ 21: the month keeps running
  EXPECT_EQ(limit_in_state(S::InTalkInquiry, {}), "talk_inquiry_conduct");
  EXPECT_EQ(limit_in_state(S::InTalkInquiry, {true, false}), "inquiry_letter_reply");
  EXPECT_EQ(limit_in_state(S::InTalkInquiry, {true, true}), "inquiry_report");
  EXPECT_EQ(limit_in_state(S::InTalkInquiry, {false, true}), "inquiry_report");
  EXPECT_EQ(limit_in_state(S::InVerification, {}), "preliminary_verification");
  for (auto s : {S::Registered, S::DispatchProposed, S::Dispatched, S::Pending, S::Closed, S::Filed})
    EXPECT_EQ(limit_in_state(s, {}), "");
}

TEST(ClueReport, DeadlineIsThe20thOfTheNextMonthOrTheNextWorkingDay) {
  TimeLimit rule;
  rule.code = "clue_monthly_report";
  rule.amount = 20;
  rule.unit = LimitUnit::DayOfMonth;
  auto d = [&](int y, int m) { return format_day(report_deadline(cal(), rule, y, m)); };
  EXPECT_EQ(d(2026, 10), "2026-11-20");  // a Friday
  EXPECT_EQ(d(2026, 5), "2026-06-22");   // the 20th is a Saturday
  EXPECT_EQ(d(2026, 1), "2026-02-24");   // the 20th is in the Spring Festival holiday (off until the 23rd)
  EXPECT_EQ(d(2026, 8), "2026-09-20");   // a Sunday made a working day (调休上班)
  EXPECT_EQ(d(2026, 12), "2027-01-20");  // over the year's end
  rule.moves_to_working_day = false;
  EXPECT_EQ(format_day(report_deadline(cal(), rule, 2026, 5)), "2026-06-20");  // the rule set not to move
  rule.amount = 31;
  EXPECT_EQ(format_day(report_deadline(cal(), rule, 2026, 1)), "2026-02-28");  // no 31st: the month's last day
}

TEST(ClueReport, MonthsAndNumbers) {
  EXPECT_EQ(parse_month("2026-10"), (std::pair{2026, 10}));
  for (auto bad : {"2026-13", "2026-00", "2026/10", "26-10", "2026-1", "abcd-ef", ""}) EXPECT_FALSE(parse_month(bad));
  EXPECT_EQ(format_month(2026, 3), "2026-03");
  EXPECT_EQ(clue_number("成纪", 2026, 7), "成纪线〔2026〕0007号");
}
