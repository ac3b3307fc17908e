// The petitions' closed loop, role table, jurisdiction proposals, numbering
// and particulars (domain.md §1–2).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/petition.hpp"

using namespace funnel::core;
using S = PetitionState;
using A = PetitionAction;

TEST(PetitionLoop, EveryAllowedStepAndNothingElse) {
  // (from, action) → to, the whole table; every other pair must be refused.
  const std::map<std::pair<S, A>, S> allowed = {
      {{S::Registered, A::Accept}, S::Accepted},
      {{S::Registered, A::Reject}, S::Rejected},
      {{S::Registered, A::TransferOut}, S::TransferredOut},
      {{S::Registered, A::Merge}, S::Merged},
      {{S::Accepted, A::Assign}, S::Assigned},
      {{S::Accepted, A::TransferOut}, S::TransferredOut},
      {{S::Accepted, A::Suspend}, S::Accepted},
      {{S::Assigned, A::Acknowledge}, S::InProgress},
      {{S::Assigned, A::Suspend}, S::Assigned},
      {{S::Assigned, A::Extend}, S::Assigned},
      {{S::InProgress, A::ConvertToClue}, S::ConvertedToClue},
      {{S::InProgress, A::Conclude}, S::Concluded},
      {{S::InProgress, A::Suspend}, S::InProgress},
      {{S::InProgress, A::Extend}, S::InProgress},
      {{S::Concluded, A::GiveFeedback}, S::FeedbackGiven},
      {{S::Concluded, A::Archive}, S::Archived},
      {{S::FeedbackGiven, A::FollowUp}, S::FollowedUp},
      {{S::FeedbackGiven, A::Archive}, S::Archived},
      {{S::FollowedUp, A::Archive}, S::Archived},
      {{S::Rejected, A::Archive}, S::Archived},
      {{S::TransferredOut, A::Archive}, S::Archived},
      {{S::Merged, A::Archive}, S::Archived},
      {{S::ConvertedToClue, A::Archive}, S::Archived},
  };
  int checked = 0;
  for (auto& [s, scode] : kPetitionStates.rows) {
    for (auto& [a, acode] : kPetitionActions.rows) {
      auto it = allowed.find({s, a});
      auto got = next_state(s, a, false);
      if (it == allowed.end()) {
        EXPECT_FALSE(got) << scode << " --" << acode << "--> should be refused";
      } else {
        ASSERT_TRUE(got) << scode << " --" << acode;
        EXPECT_EQ(*got, it->second) << scode << " --" << acode;
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 12 * 14);
}

TEST(PetitionLoop, ASuspendedItemOnlyResumes) {
  for (auto& [s, scode] : kPetitionStates.rows) {
    for (auto& [a, acode] : kPetitionActions.rows) {
      auto got = next_state(s, a, true);
      if (a == A::Resume) {
        ASSERT_TRUE(got) << scode;
        EXPECT_EQ(*got, s);
      } else {
        EXPECT_FALSE(got) << scode << " --" << acode << " while suspended";
      }
    }
    EXPECT_FALSE(next_state(s, A::Resume, false)) << "resume without suspension: " << scode;
  }
  EXPECT_EQ(actions_from(S::InProgress, true), std::vector<A>{A::Resume});
}

TEST(PetitionLoop, ArchivedIsFinalAndTheClockStopsAtConclusion) {
  EXPECT_TRUE(actions_from(S::Archived, false).empty());
  EXPECT_TRUE(is_final(S::Archived));
  EXPECT_FALSE(is_final(S::Concluded));
  EXPECT_TRUE(clock_runs(S::Registered));
  EXPECT_TRUE(clock_runs(S::InProgress));
  EXPECT_FALSE(clock_runs(S::Concluded));
  EXPECT_FALSE(clock_runs(S::Merged));
}

TEST(PetitionRoles, IntakeHandlerAndApproverSteps) {
  PetitionRelation intake{true, false}, handler{false, true}, none{false, false}, both{true, true};
  // Intake steps: the registering organisation's petition staff only.
  for (A a : {A::Accept, A::Reject, A::TransferOut, A::Assign, A::GiveFeedback, A::FollowUp, A::Archive}) {
    EXPECT_TRUE(may_perform(Role::PetitionOffice, a, intake));
    EXPECT_TRUE(may_perform(Role::TownshipStaff, a, intake));
    EXPECT_TRUE(may_perform(Role::TownshipSecretary, a, intake));
    EXPECT_FALSE(may_perform(Role::PetitionOffice, a, handler));
    EXPECT_FALSE(may_perform(Role::DisciplineRoom, a, both));
    EXPECT_FALSE(may_perform(Role::CountyLeader, a, both));
    EXPECT_FALSE(may_perform(Role::VillageOfficer, a, intake));
    EXPECT_FALSE(may_perform(Role::TownshipStaff, a, none));
  }
  // Merging a repeat: the intake's petition staff, and the county's petition
  // office for any item it sees (across townships, IN-8).
  EXPECT_TRUE(may_perform(Role::TownshipStaff, A::Merge, intake));
  EXPECT_TRUE(may_perform(Role::PetitionOffice, A::Merge, none));
  EXPECT_FALSE(may_perform(Role::TownshipStaff, A::Merge, none));
  EXPECT_FALSE(may_perform(Role::TownshipSecretary, A::Merge, handler));
  EXPECT_FALSE(may_perform(Role::DisciplineRoom, A::Merge, both));
  EXPECT_FALSE(may_perform(Role::CountyLeader, A::Merge, both));
  // Handling steps: the organisation the item was assigned to.
  for (A a : {A::Acknowledge, A::ConvertToClue, A::Conclude}) {
    EXPECT_TRUE(may_perform(Role::DisciplineRoom, a, handler));
    EXPECT_TRUE(may_perform(Role::TownshipStaff, a, handler));
    EXPECT_FALSE(may_perform(Role::DisciplineRoom, a, intake));
    EXPECT_FALSE(may_perform(Role::CaseSupervision, a, both));
    EXPECT_FALSE(may_perform(Role::TrialOffice, a, both));
  }
  // Approvals: the county leader anywhere, a township secretary for its own items.
  for (A a : {A::Suspend, A::Resume, A::Extend}) {
    EXPECT_TRUE(may_perform(Role::CountyLeader, a, none));
    EXPECT_TRUE(may_perform(Role::TownshipSecretary, a, handler));
    EXPECT_FALSE(may_perform(Role::TownshipSecretary, a, none));
    EXPECT_FALSE(may_perform(Role::TownshipStaff, a, both));
    EXPECT_FALSE(may_perform(Role::PetitionOffice, a, both));
  }
  // Administrators never act on business records.
  for (auto& [a, code] : kPetitionActions.rows)
    for (Role r : {Role::SysAdmin, Role::SecurityAdmin, Role::AuditAdmin})
      EXPECT_FALSE(may_perform(r, a, both)) << code;
}

TEST(PetitionRoles, ReasonsAreRequiredWhereTheRulesSaySo) {
  std::set<A> with_reason;
  for (auto& [a, code] : kPetitionActions.rows)
    if (needs_reason(a)) with_reason.insert(a);
  EXPECT_EQ(with_reason, (std::set<A>{A::Reject, A::TransferOut, A::Suspend, A::Extend, A::Merge}));
}

TEST(Jurisdiction, ByCadreLevelAndConflictOfInterest) {
  auto where = [](ReportedFacts f) { return propose_jurisdiction(PetitionType::Accusation, {f}).where; };
  EXPECT_EQ(where({CadreLevel::CountyDivision, true, true}), Jurisdiction::Upward);
  EXPECT_EQ(where({CadreLevel::TownshipSection, true, true}), Jurisdiction::County);
  EXPECT_EQ(where({CadreLevel::GeneralCadre, true, true, true}), Jurisdiction::County);  // county department
  EXPECT_EQ(where({CadreLevel::GeneralCadre, true, true}), Jurisdiction::Township);
  EXPECT_EQ(where({CadreLevel::VillageCadre, true, false}), Jurisdiction::Township);
  EXPECT_EQ(where({CadreLevel::PartyMember, true, false}), Jurisdiction::Township);
  EXPECT_EQ(where({CadreLevel::Other, false, true}), Jurisdiction::Township);  // exercises public power
  EXPECT_EQ(where({CadreLevel::Other, false, false}), Jurisdiction::OutOfScope);
  // The township's own discipline cadre or party secretary never stays in the township.
  EXPECT_EQ(where({CadreLevel::GeneralCadre, true, true, false, true}), Jurisdiction::County);
  EXPECT_EQ(where({CadreLevel::TownshipSection, true, true, false, false, true}), Jurisdiction::County);
  ReportedFacts staff{CadreLevel::GeneralCadre, true, true, false, true};
  auto p = propose_jurisdiction(PetitionType::Accusation, {staff});
  EXPECT_NE(p.reason.find("利益冲突"), std::string::npos);
  EXPECT_FALSE(p.basis.empty());
}

TEST(Jurisdiction, TheMostSeniorPersonDecidesAndTypesOutsideScopeGoOut) {
  ReportedFacts village{CadreLevel::VillageCadre, true, false};
  ReportedFacts head{CadreLevel::TownshipSection, true, true};
  ReportedFacts city{CadreLevel::CountyDivision, true, true};
  EXPECT_EQ(propose_jurisdiction(PetitionType::Accusation, {village, head}).where, Jurisdiction::County);
  EXPECT_EQ(propose_jurisdiction(PetitionType::Accusation, {village, city, head}).where, Jurisdiction::Upward);
  EXPECT_EQ(propose_jurisdiction(PetitionType::OutOfScope, {village}).where, Jurisdiction::OutOfScope);
  EXPECT_EQ(propose_jurisdiction(PetitionType::Suggestion, {}).where, Jurisdiction::County);
  EXPECT_NE(propose_jurisdiction(PetitionType::OutOfScope, {}).basis.find("第十三条"), std::string::npos);
}

TEST(PetitionNumber, PerOrganisationAndYear) {
  EXPECT_EQ(petition_number("成纪", 2026, 1), "成纪信〔2026〕0001号");
  EXPECT_EQ(petition_number("汶上", 2017, 12345), "汶上信〔2017〕12345号");
}

TEST(PetitionNumber, WhichTextsCanBePartOfANumber) {
  const std::vector<std::string> names{"成纪", "汶上"};
  for (const char* q : {"0001", "成纪信", "〔2026〕", "纪信〔2026〕0001号", "上信", "号"})
    EXPECT_TRUE(could_match_number(q, names)) << q;
  // Every number of these units is made of these characters; anything else
  // rules the number scan out.
  for (const char* q : {"低保", "扶贫", "成纪 0001", "abc", "", "成纪信x"})
    EXPECT_FALSE(could_match_number(q, names)) << q;
  EXPECT_FALSE(could_match_number("成纪", {}));
  EXPECT_TRUE(could_match_number("2026", {}));
  // Whatever it says, a matching number holds only such characters.
  const std::string n = petition_number("成纪", 2026, 7);
  for (std::size_t from = 0; from < n.size(); ++from)
    if ((static_cast<unsigned char>(n[from]) & 0xC0) != 0x80)  // each character's start
      EXPECT_TRUE(could_match_number(n.substr(from), names)) << n.substr(from);
}

TEST(Particulars, ResidentIdCheckCharacterAndBirthDate) {
  EXPECT_TRUE(valid_resident_id("11010519491231002X"));
  EXPECT_TRUE(valid_resident_id("11010519491231002x"));
  EXPECT_TRUE(valid_resident_id("371723198506150019"));
  EXPECT_TRUE(valid_resident_id("37172320000229123X"));   // 2000 is a leap year
  EXPECT_FALSE(valid_resident_id("37172319990229123X"));  // check digit fits, 1999-02-29 does not exist
  EXPECT_FALSE(valid_resident_id("371723198506150018"));  // wrong check digit
  EXPECT_FALSE(valid_resident_id("37172319850615001"));   // 17 characters
  EXPECT_FALSE(valid_resident_id("3717231985061500１9"));  // full-width digit
  EXPECT_FALSE(valid_resident_id(""));
}

TEST(Particulars, PhoneNumbers) {
  for (auto ok : {"13812345678", "19912345678", "0530-8123456", "053788123456", "010-12345678", "0530-8123456-123",
                  "12388"})
    EXPECT_TRUE(valid_phone(ok)) << ok;
  for (auto bad : {"12812345678", "1381234567", "138123456789", "530-8123456", "0530-81234", "0530-8123456-",
                   "0530 8123456", "abc", "", "110"})
    EXPECT_FALSE(valid_phone(bad)) << bad;
}

TEST(Particulars, CollectiveVisitFromFive) {
  EXPECT_FALSE(is_collective_visit(4));
  EXPECT_TRUE(is_collective_visit(5));
}

TEST(PetitionClock, LimitPerStateAndFacts) {
  ClockFacts named{true, false, false, Jurisdiction::Township};
  ClockFacts anon{false, false, false, Jurisdiction::Township};
  ClockFacts fast{true, true, false, Jurisdiction::Township};
  ClockFacts higher{false, false, true, Jurisdiction::County};
  ClockFacts upward{true, false, false, Jurisdiction::Upward};
  EXPECT_EQ(limit_in_state(S::Registered, named), "petition_acceptance_notice");
  EXPECT_EQ(limit_in_state(S::Registered, anon), "petition_acceptance_notice");
  EXPECT_EQ(limit_in_state(S::Registered, higher), "petition_downward_register");
  EXPECT_EQ(limit_in_state(S::Registered, upward), "petition_upward_transfer");
  for (S s : {S::Accepted, S::Assigned, S::InProgress}) {
    EXPECT_EQ(limit_in_state(s, named), "petition_conclude");
    EXPECT_EQ(limit_in_state(s, fast), "petition_fast_track");
    EXPECT_EQ(limit_in_state(s, higher), "petition_assigned_conclude");
  }
  EXPECT_EQ(limit_in_state(S::Concluded, named), "petition_result_feedback");
  EXPECT_EQ(limit_in_state(S::Concluded, anon), "");
  for (S s : {S::Rejected, S::TransferredOut, S::Merged, S::ConvertedToClue, S::FeedbackGiven, S::FollowedUp,
              S::Archived})
    EXPECT_EQ(limit_in_state(s, named), "") << kPetitionStates.code(s);
  EXPECT_EQ(extension_limit(named), "petition_extension");
  EXPECT_EQ(extension_limit(higher), "petition_assigned_extension");
  std::set<S> starters;
  for (auto& [s, code] : kPetitionStates.rows)
    if (starts_clock(s)) starters.insert(s);
  EXPECT_EQ(starters, (std::set<S>{S::Registered, S::Accepted, S::Concluded}));
}

TEST(PetitionWarnings, RiskTermsAreFoundInChineseText) {
  std::vector<std::string> terms = {"上访", "进京", "自杀", "群体"};
  EXPECT_EQ(matched_terms("如不解决将组织群体进京上访", terms), (std::vector<std::string>{"上访", "进京", "群体"}));
  EXPECT_TRUE(matched_terms("反映村干部截留低保金", terms).empty());
}

// domain.md §1: the township's own discipline staff and party secretary are
// always the county's; issue 27 items 2 and 12.
TEST(PetitionJurisdiction, ConflictOfInterestIsTheCountysAndCannotBeOverridden) {
  ReportedFacts village{CadreLevel::VillageCadre, true, false};
  ReportedFacts staff{CadreLevel::GeneralCadre, true, true};
  staff.township_discipline_staff = true;
  ReportedFacts secretary{CadreLevel::TownshipSection, true, true};
  secretary.township_party_secretary = true;
  EXPECT_FALSE(conflict_of_interest({}));
  EXPECT_FALSE(conflict_of_interest({village}));
  EXPECT_TRUE(conflict_of_interest({village, staff}));
  EXPECT_TRUE(conflict_of_interest({secretary}));
  EXPECT_EQ(propose_jurisdiction(PetitionType::Accusation, {village, staff}).where, Jurisdiction::County);
  for (auto& [j, code] : kJurisdictions.rows) {
    EXPECT_EQ(override_problem(Jurisdiction::County, j, true).empty(), j != Jurisdiction::Township) << code;
    EXPECT_TRUE(override_problem(Jurisdiction::County, j, false).empty()) << code;
  }
}

TEST(PetitionJurisdiction, WrittenPostsMarkTownshipConflictsButNotVillageOnes) {
  const std::vector<std::string> terms = {"纪委书记", "纪检", "监察室", "党委书记"};
  EXPECT_EQ(conflict_post("镇纪委书记", "城关镇", CadreLevel::TownshipSection, terms), 1);
  EXPECT_EQ(conflict_post("纪检干事", "城关镇", CadreLevel::GeneralCadre, terms), 1);
  EXPECT_EQ(conflict_post("镇党委书记", "城关镇", CadreLevel::TownshipSection, terms), 2);
  EXPECT_EQ(conflict_post("社区党委书记", "东关社区", CadreLevel::TownshipSection, terms), 0);
  EXPECT_EQ(conflict_post("党委书记", "某某村", CadreLevel::GeneralCadre, terms), 0);
  EXPECT_EQ(conflict_post("镇党委书记", "城关镇", CadreLevel::VillageCadre, terms), 0);
  EXPECT_EQ(conflict_post("镇党委副书记", "城关镇", CadreLevel::TownshipSection, terms), 0);
  EXPECT_EQ(conflict_post("财政所所长", "城关镇", CadreLevel::GeneralCadre, terms), 0);
}

TEST(PetitionJurisdiction, AcceptanceAndAssignmentFollowJurisdiction) {
  // Accepting: a township only its own matters; nobody what goes up or out.
  EXPECT_TRUE(acceptance_problem(Jurisdiction::Township, true).empty());
  EXPECT_TRUE(acceptance_problem(Jurisdiction::Township, false).empty());
  EXPECT_TRUE(acceptance_problem(Jurisdiction::County, false).empty());
  EXPECT_NE(acceptance_problem(Jurisdiction::County, true).find("第十五条"), std::string::npos);
  for (bool town : {true, false}) {
    EXPECT_NE(acceptance_problem(Jurisdiction::Upward, town).find("第十五条"), std::string::npos);
    EXPECT_NE(acceptance_problem(Jurisdiction::OutOfScope, town).find("第十三条"), std::string::npos);
  }
  // Assigning to a township: township matters only, never a conflict.
  for (auto& [j, code] : kJurisdictions.rows) {
    EXPECT_TRUE(assignment_problem(j, false, false).empty()) << code;
    EXPECT_TRUE(assignment_problem(j, true, false).empty()) << code;
    EXPECT_EQ(assignment_problem(j, false, true).empty(), j == Jurisdiction::Township) << code;
    EXPECT_FALSE(assignment_problem(j, true, true).empty()) << code;
  }
}
