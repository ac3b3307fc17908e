#include "core/clue.hpp"

#include <cstdio>

#include "core/text.hpp"

namespace funnel::core {

using S = ClueState;
using A = ClueAction;
using M = DisposalMethod;
using O = ClueOutcome;

namespace {
constexpr auto kComputed = workflow::Target<S>::computed();
// regulations.md §3 "Clue states". ApproveDisposal and Conclude depend on
// the method and the outcome and are computed in next_state below.
constexpr ClueTransition kFlow[] = {
    // Reassignment (改办) before the disposal starts, always with a reason.
    {{S::Registered, S::Dispatched, S::Received}, A::ProposeDispatch, S::DispatchProposed},
    {{S::DispatchProposed}, A::ApproveDispatch, S::Dispatched},
    {{S::DispatchProposed}, A::ReturnDispatch, S::Registered},
    {{S::Dispatched}, A::Acknowledge, S::Received},
    {{S::Received}, A::ProposeDisposal, S::DisposalProposed},
    {{S::DisposalProposed}, A::ApproveDisposal, kComputed},
    {{S::DisposalProposed}, A::RejectDisposal, S::Received},
    {{S::InTalkInquiry, S::InVerification}, A::Conclude, kComputed},
    {{S::Pending}, A::Review, S::Received},
};

S state_of_method(M m) {
  switch (m) {
    case M::TalkInquiry:
      return S::InTalkInquiry;
    case M::PreliminaryVerification:
      return S::InVerification;
    case M::Pending:
      return S::Pending;
    case M::Closure:
      return S::Closed;
  }
  return S::Closed;
}

std::optional<S> state_of_outcome(O o) {
  switch (o) {
    case O::ClosedUnfounded:
    case O::FirstForm:
    case O::Close:
      return S::Closed;
    case O::Reinquiry:
    case O::ToVerification:
      return S::Received;  // a new disposal proposal, approved again
    case O::FileCase:
      return S::Filed;
    case O::KeepPending:
      return S::Pending;
    case O::Transfer:
      return S::Transferred;
  }
  return std::nullopt;
}

bool contains(const std::vector<O>& v, O o) {
  for (auto x : v)
    if (x == o) return true;
  return false;
}
}  // namespace

std::span<const ClueTransition> clue_transitions() { return kFlow; }

std::optional<ClueState> next_state(ClueState from, ClueAction a, const ClueStepFacts& f) {
  return workflow::next_state(clue_transitions(), from, a, [&](S s, A act) -> std::optional<S> {
    if (act == A::ApproveDisposal) {
      if (!f.method) return std::nullopt;
      return f.last_approval ? state_of_method(*f.method) : S::DisposalProposed;
    }
    // Conclude, from a talk or letter of inquiry or a verification.
    const M m = s == S::InTalkInquiry ? M::TalkInquiry : M::PreliminaryVerification;
    if (!f.outcome || !contains(outcomes_for(m), *f.outcome)) return std::nullopt;
    return state_of_outcome(*f.outcome);
  });
}

std::vector<ClueAction> actions_from(ClueState from, const ClueStepFacts& f) {
  std::vector<ClueAction> out;
  for (auto a : workflow::actions_in(clue_transitions(), from, kClueActions))
    if (a == A::Conclude || next_state(from, a, f)) out.push_back(a);
  return out;
}

bool is_final(ClueState s) { return s == S::Closed || s == S::Filed || s == S::Transferred; }

std::vector<ClueOutcome> outcomes_for(DisposalMethod m) {
  switch (m) {
    case M::TalkInquiry:
      return {O::ClosedUnfounded, O::FirstForm, O::Reinquiry, O::ToVerification};
    case M::PreliminaryVerification:
      return {O::FileCase, O::Close, O::FirstForm, O::KeepPending, O::Transfer};
    default:
      return {};
  }
}

std::vector<ClueRecordKind> required_records(DisposalMethod m) {
  switch (m) {
    case M::TalkInquiry:
      return {ClueRecordKind::TalkRecord, ClueRecordKind::InquiryReply};
    case M::PreliminaryVerification:
      return {ClueRecordKind::VerificationReport};
    default:
      return {};
  }
}

std::vector<ClueRecordKind> records_in_state(ClueState s) {
  if (s == S::InTalkInquiry)
    return {ClueRecordKind::TalkRecord, ClueRecordKind::InquiryLetter, ClueRecordKind::InquiryReply};
  if (s == S::InVerification) return {ClueRecordKind::VerificationPlan, ClueRecordKind::VerificationReport};
  return {};
}

bool may_perform(Role r, ClueAction a, const ClueRelation& rel) {
  const bool handler =
      rel.at_lead && (r == Role::DisciplineRoom || r == Role::TownshipSecretary || r == Role::TownshipStaff);
  switch (a) {
    case A::ProposeDispatch:
      return r == Role::CaseSupervision;
    case A::ApproveDispatch:
    case A::ReturnDispatch:
      return r == Role::CountyLeader;
    case A::Acknowledge:
    case A::ProposeDisposal:
    case A::Conclude:
    case A::Review:
      return handler;
    case A::ApproveDisposal:
    case A::RejectDisposal:
      return rel.next_approver;
  }
  return false;
}

bool needs_reason(ClueAction a) { return a == A::ReturnDispatch || a == A::RejectDisposal; }

std::vector<Role> approval_chain(DispatchMode m) {
  if (m == DispatchMode::Township) return {Role::TownshipSecretary};
  return {Role::DisciplineRoom, Role::CountyLeader};
}

namespace {
constexpr const char* kBasisOneFunnel = "“一个漏斗”分类分办（县纪委监委规定）；干部管理权限";
constexpr const char* kBasisJurisdiction = "《中国共产党纪律检查机关监督执纪工作规则》第七条；干部管理权限";
constexpr const char* kBasisConflict = "干部管理权限与回避（县纪委监委规定）";
}  // namespace

DispatchProposal propose_dispatch(const ClueFacts& f) {
  for (const auto& p : f.persons) {
    if (p.township_discipline_staff)
      return {DispatchMode::CountyLed, true, "反映乡镇纪检监察干部，存在利益冲突，由县纪委监委领办", kBasisConflict};
    if (p.township_party_secretary)
      return {DispatchMode::CountyLed, true, "反映乡镇党委书记，存在利益冲突，由县纪委监委领办", kBasisConflict};
  }
  for (const auto& p : f.persons) {
    if (p.level == CadreLevel::CountyDivision)
      return {DispatchMode::CountyLed, false, "反映县处级干部，由县纪委监委领办并按规定报送上级",
              "《中国共产党纪律检查机关监督执纪工作规则》第七条、第二十二条"};
    if (p.level == CadreLevel::TownshipSection || p.county_department)
      return {DispatchMode::CountyLed, false, "反映乡科级干部或县直部门干部，超出乡镇管辖权限，由县纪委监委领办",
              kBasisJurisdiction};
  }
  if (!f.township_concerned)
    return {DispatchMode::CountyLed, false, "不涉及本县乡镇，由县纪委监委领办", kBasisOneFunnel};
  if (f.cross_township) return {DispatchMode::CountyLed, false, "涉及多个乡镇，由县纪委监委领办", kBasisOneFunnel};
  if (f.difficult) return {DispatchMode::CountyLed, false, "问题疑难复杂，由县纪委监委领办", kBasisOneFunnel};
  if (f.needs_county_strength)
    return {DispatchMode::Joint, false, "属乡镇管辖但需县级力量支持，县镇合办", kBasisOneFunnel};
  return {DispatchMode::Township, false, "属乡镇管辖的一般问题，镇案镇办", kBasisOneFunnel};
}

std::string_view limit_in_state(ClueState s, const ClueClockFacts& f) {
  switch (s) {
    case S::Received:
    case S::DisposalProposed:
      return "clue_disposal_proposal";
    case S::InTalkInquiry:
      if (f.answered) return "inquiry_report";
      if (f.letter_sent) return "inquiry_letter_reply";
      return "talk_inquiry_conduct";
    case S::InVerification:
      return "preliminary_verification";
    default:
      return {};
  }
}

std::string clue_number(std::string_view org_short_name, int year, long long seq) {
  return document_number(org_short_name, "线", year, seq);
}

std::optional<std::pair<int, int>> parse_month(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  int y = 0, m = 0;
  for (int i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    (i < 4 ? y : m) = (i < 4 ? y : m) * 10 + (s[i] - '0');
  }
  if (y < 2000 || y > 2100 || m < 1 || m > 12) return std::nullopt;
  return std::pair{y, m};
}

std::string format_month(int year, int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

Day report_deadline(const WorkCalendar& cal, const TimeLimit& limit, int year, int month) {
  using namespace std::chrono;
  Day first = sys_days{std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} / 1};
  return due_day(cal, limit, first);
}

}  // namespace funnel::core
