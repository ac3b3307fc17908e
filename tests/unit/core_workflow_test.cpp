// The one workflow skeleton: transition tables, lookups and the actions a
// state offers; the petition and clue tables written out by hand here and
// compared pair by pair (every state × every action).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/case.hpp"
#include "core/clue.hpp"
#include "core/petition.hpp"
#include "core/workflow.hpp"

using namespace funnel::core;
namespace wf = funnel::core::workflow;

namespace {
enum class Light { Red, Green, Amber, Off };
enum class Press { Go, Slow, Stop, Hold, Switch };
inline constexpr EnumTable<Press, 5> kPresses{{{
    {Press::Go, "go"}, {Press::Slow, "slow"}, {Press::Stop, "stop"}, {Press::Hold, "hold"}, {Press::Switch, "switch"}}}};
constexpr wf::Transition<Light, Press> kLights[] = {
    {{Light::Red}, Press::Go, Light::Green},
    {{Light::Green}, Press::Slow, Light::Amber},
    {{Light::Amber, Light::Green}, Press::Stop, Light::Red},
    {{Light::Red, Light::Green, Light::Amber}, Press::Hold, wf::Target<Light>::same()},
    {{Light::Red, Light::Off}, Press::Switch, wf::Target<Light>::computed()},
};
std::span<const wf::Transition<Light, Press>> lights() { return kLights; }

// "action→to" for every action the table has from `s`, in the enumeration's
// order; "=" for a transition that keeps the state, "?" for a computed one.
template <class State, class Action, std::size_t NS, std::size_t NA>
std::string row(std::span<const wf::Transition<State, Action>> table, State s, const EnumTable<State, NS>& states,
                const EnumTable<Action, NA>& actions) {
  std::string out;
  for (auto& [a, code] : actions.rows) {
    const auto* t = wf::find(table, s, a);
    if (!t) continue;
    if (!out.empty()) out += ' ';
    out += std::string(code) + "→";
    switch (t->to.kind) {
      case wf::Target<State>::Kind::Fixed: out += states.code(t->to.state); break;
      case wf::Target<State>::Kind::Same: out += "="; break;
      case wf::Target<State>::Kind::Computed: out += "?"; break;
    }
  }
  return out;
}
}  // namespace

TEST(Workflow, FixedSameComputedAndRefused) {
  EXPECT_EQ(wf::next_state(lights(), Light::Red, Press::Go), Light::Green);
  EXPECT_EQ(wf::next_state(lights(), Light::Green, Press::Stop), Light::Red);
  EXPECT_EQ(wf::next_state(lights(), Light::Amber, Press::Stop), Light::Red);
  EXPECT_EQ(wf::next_state(lights(), Light::Amber, Press::Hold), Light::Amber);
  EXPECT_EQ(wf::next_state(lights(), Light::Green, Press::Hold), Light::Green);
  EXPECT_FALSE(wf::next_state(lights(), Light::Red, Press::Stop));
  EXPECT_FALSE(wf::next_state(lights(), Light::Off, Press::Hold));
  EXPECT_FALSE(wf::next_state(lights(), Light::Amber, Press::Switch));  // no row: compute is not asked
  // A computed transition without a computation leads nowhere.
  EXPECT_FALSE(wf::next_state(lights(), Light::Red, Press::Switch));
  auto toggle = [](Light s, Press) -> std::optional<Light> { return s == Light::Off ? Light::Red : Light::Off; };
  EXPECT_EQ(wf::next_state(lights(), Light::Red, Press::Switch, toggle), Light::Off);
  EXPECT_EQ(wf::next_state(lights(), Light::Off, Press::Switch, toggle), Light::Red);
  auto refuse = [](Light, Press) -> std::optional<Light> { return std::nullopt; };
  EXPECT_FALSE(wf::next_state(lights(), Light::Off, Press::Switch, refuse));
}

TEST(Workflow, ActionsInAStateInTheEnumerationsOrder) {
  using V = std::vector<Press>;
  EXPECT_EQ(wf::actions_in(lights(), Light::Red, kPresses), (V{Press::Go, Press::Hold, Press::Switch}));
  EXPECT_EQ(wf::actions_in(lights(), Light::Green, kPresses), (V{Press::Slow, Press::Stop, Press::Hold}));
  EXPECT_EQ(wf::actions_in(lights(), Light::Amber, kPresses), (V{Press::Stop, Press::Hold}));
  EXPECT_EQ(wf::actions_in(lights(), Light::Off, kPresses), (V{Press::Switch}));
}

TEST(Workflow, TheFirstMatchingRowWins) {
  constexpr wf::Transition<Light, Press> twice[] = {
      {{Light::Red}, Press::Go, Light::Green},
      {{Light::Red}, Press::Go, Light::Amber},
  };
  EXPECT_EQ(wf::next_state(std::span<const wf::Transition<Light, Press>>(twice), Light::Red, Press::Go), Light::Green);
}

TEST(WorkflowTables, ThePetitionLoopStateByState) {
  // Suspend, Extend and Resume keep the state; next_state lets Resume only
  // while suspended and every other action only while not.
  const std::map<PetitionState, std::string> expected = {
      {PetitionState::Registered, "accept→accepted reject→rejected transfer_out→transferred_out merge→merged resume→="},
      {PetitionState::Accepted, "transfer_out→transferred_out assign→assigned suspend→= resume→="},
      {PetitionState::Rejected, "archive→archived resume→="},
      {PetitionState::TransferredOut, "archive→archived resume→="},
      {PetitionState::Merged, "archive→archived resume→="},
      {PetitionState::Assigned, "acknowledge→in_progress suspend→= resume→= extend→="},
      {PetitionState::InProgress,
       "convert_to_clue→converted_to_clue conclude→concluded suspend→= resume→= extend→="},
      {PetitionState::ConvertedToClue, "archive→archived resume→="},
      {PetitionState::Concluded, "give_feedback→feedback_given archive→archived resume→="},
      {PetitionState::FeedbackGiven, "follow_up→followed_up archive→archived resume→="},
      {PetitionState::FollowedUp, "archive→archived resume→="},
      {PetitionState::Archived, "resume→="},
  };
  ASSERT_EQ(expected.size(), kPetitionStates.rows.size());
  for (auto& [s, code] : kPetitionStates.rows)
    EXPECT_EQ(row(petition_transitions(), s, kPetitionStates, kPetitionActions), expected.at(s)) << code;
}

TEST(WorkflowTables, ThePetitionLoopPairByPairThroughTheWrapper) {
  // Every (state, action, suspended) against the table above.
  int allowed = 0;
  for (auto& [s, scode] : kPetitionStates.rows)
    for (auto& [a, acode] : kPetitionActions.rows)
      for (bool suspended : {false, true}) {
        auto table = wf::next_state(petition_transitions(), s, a);
        auto got = next_state(s, a, suspended);
        const bool guard = suspended == (a == PetitionAction::Resume);
        EXPECT_EQ(got, guard ? table : std::nullopt) << scode << " " << acode << " " << suspended;
        if (got) ++allowed;
      }
  EXPECT_EQ(allowed, 23 + 12);  // the loop's 23 steps, and a resume from each state
  EXPECT_EQ(actions_from(PetitionState::InProgress, false),
            (std::vector<PetitionAction>{PetitionAction::ConvertToClue, PetitionAction::Conclude,
                                         PetitionAction::Suspend, PetitionAction::Extend}));
  EXPECT_EQ(actions_from(PetitionState::InProgress, true), (std::vector<PetitionAction>{PetitionAction::Resume}));
  EXPECT_EQ(actions_from(PetitionState::Archived, false), (std::vector<PetitionAction>{}));
}

TEST(WorkflowTables, TheClueStatesStateByState) {
  const std::map<ClueState, std::string> expected = {
      {ClueState::Registered, "propose_dispatch→dispatch_proposed"},
      {ClueState::DispatchProposed, "approve_dispatch→dispatched return_dispatch→registered"},
      {ClueState::Dispatched, "propose_dispatch→dispatch_proposed acknowledge→received"},
      {ClueState::Received, "propose_dispatch→dispatch_proposed propose_disposal→disposal_proposed"},
      {ClueState::DisposalProposed, "approve_disposal→? reject_disposal→received"},
      {ClueState::InTalkInquiry, "conclude→?"},
      {ClueState::InVerification, "conclude→?"},
      {ClueState::Pending, "review→received"},
      {ClueState::Closed, ""},
      {ClueState::Filed, ""},
      {ClueState::Transferred, ""},
  };
  ASSERT_EQ(expected.size(), kClueStates.rows.size());
  for (auto& [s, code] : kClueStates.rows)
    EXPECT_EQ(row(clue_transitions(), s, kClueStates, kClueActions), expected.at(s)) << code;
}

TEST(WorkflowTables, TheClueActionsOffered) {
  using A = ClueAction;
  using V = std::vector<A>;
  const ClueStepFacts with_method{DisposalMethod::TalkInquiry, std::nullopt, true};
  EXPECT_EQ(actions_from(ClueState::Registered), (V{A::ProposeDispatch}));
  EXPECT_EQ(actions_from(ClueState::Dispatched), (V{A::ProposeDispatch, A::Acknowledge}));
  // Approval needs a proposed method; rejection does not.
  EXPECT_EQ(actions_from(ClueState::DisposalProposed), (V{A::RejectDisposal}));
  EXPECT_EQ(actions_from(ClueState::DisposalProposed, with_method), (V{A::ApproveDisposal, A::RejectDisposal}));
  // Conclude is offered before its outcome is chosen.
  EXPECT_EQ(actions_from(ClueState::InTalkInquiry), (V{A::Conclude}));
  EXPECT_EQ(actions_from(ClueState::InVerification), (V{A::Conclude}));
  EXPECT_EQ(actions_from(ClueState::Pending), (V{A::Review}));
  EXPECT_EQ(actions_from(ClueState::Closed), V{});
}

TEST(WorkflowTables, TheCaseStatesStateByState) {
  const std::map<CaseState, std::string> expected = {
      {CaseState::FilingRequested, "approve_filing→? refuse_filing→filing_refused"},
      {CaseState::FilingRefused, ""},
      {CaseState::Filed, "start_investigation→investigating extend→= request_extension→= approve_extension→= refuse_extension→= abscond→= return_to_case→= dismiss→dismissed"},
      {CaseState::Investigating,
       "record_measure→= extend→= request_extension→= approve_extension→= refuse_extension→= abscond→= return_to_case→= show_facts→= request_transfer→transfer_requested "
       "dismiss→dismissed intervene_early→="},
      {CaseState::TransferRequested,
       "record_measure→= extend→= request_extension→= approve_extension→= refuse_extension→= abscond→= return_to_case→= approve_transfer→? return_transfer→investigating "
       "intervene_early→="},
      {CaseState::TransferredToTrial,
       "record_measure→= extend→= request_extension→= approve_extension→= refuse_extension→= abscond→= return_to_case→= "
       "accept_trial→in_trial defer_trial→trial_deferred refuse_trial→investigating"},
      {CaseState::Dismissed, ""},
      {CaseState::TrialDeferred,
       "extend→= request_extension→= approve_extension→= refuse_extension→= abscond→= return_to_case→= "
       "accept_trial→in_trial refuse_trial→investigating"},
      {CaseState::InTrial,
       "extend→= request_extension→= approve_extension→= refuse_extension→= abscond→= return_to_case→= "
       "return_for_investigation→investigating return_supplementary→supplementary_investigation extend_trial→= "
       "report_trial→trial_reported"},
      {CaseState::SupplementaryInvestigation,
       "record_measure→= extend→= request_extension→= approve_extension→= refuse_extension→= abscond→= "
       "return_to_case→= resubmit_supplementary→in_trial"},
      {CaseState::TrialReported,
       "extend→= request_extension→= approve_extension→= refuse_extension→= abscond→= return_to_case→= "
       "decide→decided"},
      {CaseState::Decided, ""},
  };
  ASSERT_EQ(expected.size(), kCaseStates.rows.size());
  for (auto& [s, code] : kCaseStates.rows)
    EXPECT_EQ(row(case_transitions(), s, kCaseStates, kCaseActions), expected.at(s)) << code;
}
