#include "core/case.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace funnel::core {

using S = CaseState;
using A = CaseAction;

std::optional<Regime> regime_of(bool party_member, std::optional<SupervisedCategory> category) {
  if (party_member && category) return Regime::Both;
  if (party_member) return Regime::PartyDiscipline;
  if (category) return Regime::Supervision;
  return std::nullopt;
}

bool party_side(Regime r) { return r != Regime::Supervision; }
bool supervision_side(Regime r) { return r != Regime::PartyDiscipline; }

bool is_supervision_violation(Violation v) { return v == Violation::DutyIllegality || v == Violation::DutyCrime; }

namespace {
constexpr auto kSame = workflow::Target<S>::same();
constexpr auto kComputed = workflow::Target<S>::computed();
// From filing until the decision the investigation clock runs (SL 185), so
// its extension and absconding are steps of every state in between.
constexpr std::uint64_t kClockStates = [] {
  std::uint64_t m = 0;
  for (S s : {S::Filed, S::Investigating, S::TransferRequested, S::TransferredToTrial, S::TrialDeferred, S::InTrial,
              S::SupplementaryInvestigation, S::TrialReported})
    m |= workflow::bit(s);
  return m;
}();
// domain.md §4 (GZ 37–55, SL 180–196, 206).
constexpr CaseTransition kFlow[] = {
    {{S::FilingRequested}, A::ApproveFiling, kComputed},
    {{S::FilingRequested}, A::RefuseFiling, S::FilingRefused},
    {{S::Filed}, A::StartInvestigation, S::Investigating},
    {{S::Investigating, S::TransferRequested, S::TransferredToTrial, S::SupplementaryInvestigation}, A::RecordMeasure,
     kSame},
    {kClockStates, A::Extend, kSame},
    {kClockStates, A::RequestExtension, kSame},
    {kClockStates, A::ApproveExtension, kSame},
    {kClockStates, A::RefuseExtension, kSame},
    {kClockStates, A::Abscond, kSame},
    {kClockStates, A::ReturnToCase, kSame},
    {{S::Investigating}, A::ShowFacts, kSame},
    {{S::Investigating}, A::RequestTransfer, S::TransferRequested},
    {{S::TransferRequested}, A::ApproveTransfer, kComputed},
    {{S::TransferRequested}, A::ReturnTransfer, S::Investigating},
    {{S::Filed, S::Investigating}, A::Dismiss, S::Dismissed},
    // The trial (GZ 54–55; SL 191–196): receipt, then the trial itself.
    {{S::Investigating, S::TransferRequested}, A::InterveneEarly, kSame},
    {{S::TransferredToTrial, S::TrialDeferred}, A::AcceptTrial, S::InTrial},
    {{S::TransferredToTrial}, A::DeferTrial, S::TrialDeferred},
    {{S::TransferredToTrial, S::TrialDeferred}, A::RefuseTrial, S::Investigating},
    {{S::InTrial}, A::ReturnSupplementary, S::SupplementaryInvestigation},
    {{S::SupplementaryInvestigation}, A::ResubmitSupplementary, S::InTrial},
    // 退回重新审查调查 (GZ 55, SL 196): the trial's hook back into the investigation.
    {{S::InTrial}, A::ReturnForInvestigation, S::Investigating},
    {{S::InTrial}, A::ExtendTrial, kSame},
    {{S::InTrial}, A::ReportTrial, S::TrialReported},
    // 处分决定 on the deliberated report: the case ends here (appeals come later).
    {{S::TrialReported}, A::Decide, S::Decided},
};

// A pending request is answered whatever happened since, so it never hangs.
bool allowed_while_absconded(A a) {
  // The trial's steps wait for the person (SL 185 restarts the clock on return).
  return a == A::ReturnToCase || a == A::RecordMeasure || a == A::Dismiss || a == A::ApproveExtension ||
         a == A::RefuseExtension;
}
bool answers_request(A a) { return a == A::ApproveExtension || a == A::RefuseExtension; }
}  // namespace

std::span<const CaseTransition> case_transitions() { return kFlow; }

std::optional<CaseState> next_state(CaseState from, CaseAction a, const CaseStepFacts& f) {
  if (a == A::ReturnToCase && !f.absconded) return std::nullopt;
  if (a == A::RequestExtension && f.extension_pending) return std::nullopt;
  if (answers_request(a) && !f.extension_pending) return std::nullopt;
  if (a == A::InterveneEarly && f.trial_intervened) return std::nullopt;
  if (f.absconded && !allowed_while_absconded(a)) return std::nullopt;
  return workflow::next_state(case_transitions(), from, a, [&](S s, A act) -> std::optional<S> {
    if (!f.last_approval) return s;
    return act == A::ApproveFiling ? S::Filed : S::TransferredToTrial;
  });
}

std::vector<CaseAction> actions_from(CaseState from, const CaseStepFacts& f) {
  std::vector<CaseAction> out;
  for (auto a : workflow::actions_in(case_transitions(), from, kCaseActions))
    if (next_state(from, a, f)) out.push_back(a);
  return out;
}

bool at_trial(CaseState s) {
  return s == S::TransferredToTrial || s == S::TrialDeferred || s == S::InTrial || s == S::SupplementaryInvestigation ||
         s == S::TrialReported || s == S::Decided;
}

bool in_trial(CaseState s) { return s == S::InTrial || s == S::SupplementaryInvestigation; }

bool is_final(CaseState s) { return s == S::FilingRefused || s == S::Dismissed || s == S::Decided; }

bool investigation_clock_runs(CaseState s) {
  return s == S::Filed || s == S::Investigating || s == S::TransferRequested || (at_trial(s) && s != S::Decided);
}

// --- approvers

Role recorder(Approver a) {
  switch (a) {
    case Approver::TownshipSecretary:
    case Approver::TownshipPartyCommittee: return Role::TownshipSecretary;
    case Approver::DisciplineRoom: return Role::DisciplineRoom;
    case Approver::CountyLeader:
    case Approver::CountyPartyCommittee: return Role::CountyLeader;
    // 案管 registers the higher organ's replies and keeps the case clocks.
    case Approver::HigherOrgan: return Role::CaseSupervision;
  }
  return Role::CountyLeader;
}

bool outside_platform(Approver a) {
  return a == Approver::TownshipPartyCommittee || a == Approver::CountyPartyCommittee || a == Approver::HigherOrgan;
}

bool approver_fits(DispatchMode mode, Approver a) {
  if (mode == DispatchMode::Township)
    return a == Approver::TownshipSecretary || a == Approver::TownshipPartyCommittee || a == Approver::CountyLeader;
  return a == Approver::DisciplineRoom || a == Approver::CountyLeader || a == Approver::CountyPartyCommittee;
}

Approver higher_approver(DispatchMode mode) {
  return mode == DispatchMode::Township ? Approver::CountyLeader : Approver::HigherOrgan;
}

// --- roles

bool may_perform(Role r, CaseAction a, const CaseRelation& rel) {
  const bool handler =
      rel.at_lead && (r == Role::DisciplineRoom || r == Role::TownshipSecretary || r == Role::TownshipStaff);
  switch (a) {
    case A::ApproveFiling:
    case A::RefuseFiling:
    case A::ApproveTransfer:
    case A::ReturnTransfer: return rel.next_approver;
    case A::StartInvestigation:
    case A::RecordMeasure:
    case A::Abscond:
    case A::ReturnToCase:
    case A::ShowFacts:
    case A::RequestTransfer: return handler;
    // A county case: 案管 records the city's reply. A township case: the
    // township asks (请示) and the county's 案管 answers (批复) in Funnel.
    case A::Extend: return r == Role::CaseSupervision && rel.in_county && !rel.township_case;
    case A::RequestExtension: return handler && rel.township_case;
    case A::ApproveExtension:
    case A::RefuseExtension: return r == Role::CaseSupervision && rel.in_county && rel.township_case;
    case A::Dismiss:
      return rel.township_case ? r == Role::TownshipSecretary && rel.at_lead : r == Role::CountyLeader && rel.in_county;
    // The township tries its own cases first (XSJ), its secretary leading;
    // the county's 审理室 tries the county's.
    case A::AcceptTrial:
    case A::DeferTrial:
    case A::RefuseTrial:
    case A::ReturnSupplementary:
    case A::ReturnForInvestigation:
    case A::ExtendTrial:
    case A::ReportTrial:
      return rel.township_case ? r == Role::TownshipSecretary && rel.at_lead : r == Role::TrialOffice && rel.in_county;
    // 提前介入 of a county case, on the leader's decision; the 审理室 then reads it.
    case A::InterveneEarly: return r == Role::CountyLeader && rel.in_county && !rel.township_case;
    case A::ResubmitSupplementary: return handler;
    // The county committee's (常委会) decision is recorded by its leader; a
    // township case's by the township secretary (乡镇纪委 or 党委, data/approval-powers.json).
    case A::Decide:
      return rel.township_case ? r == Role::TownshipSecretary && rel.at_lead : r == Role::CountyLeader && rel.in_county;
  }
  return false;
}

bool needs_reason(CaseAction a) {
  return a == A::RefuseFiling || a == A::ReturnTransfer || a == A::Dismiss || a == A::ReturnForInvestigation ||
         a == A::Abscond || a == A::RequestExtension || a == A::RefuseExtension || a == A::DeferTrial ||
         a == A::RefuseTrial || a == A::ReturnSupplementary || a == A::ExtendTrial;
}

// --- measures

namespace {
constexpr const char* kGz40 = "《中国共产党纪律检查机关监督执纪工作规则》第四十条（经审批）";
}  // namespace

MeasureRule measure_rule(Measure m) {
  using L = MeasureApproval;
  // Approval levels below the higher organ are county practice (GZ 40 says
  // only 经审批); the higher organ's are the law's.
  switch (m) {
    case Measure::Talk: return {L::Department, false, true, false, false, kGz40};
    case Measure::Interrogation:
      return {L::OrganHead, true, false, false, true, "《中华人民共和国监察法》第二十条（2018）；《监察法实施条例》第五十六条"};
    case Measure::Inquiry: return {L::Department, false, true, false, false, kGz40};
    case Measure::Query: return {L::OrganHead, false, false, false, false, "《中华人民共和国监察法》第二十三条（2018）"};
    case Measure::Freeze:
      return {L::OrganHead, false, false, true, false, "《中华人民共和国监察法》第二十三条（2018）；《监察法实施条例》第一百一十一条"};
    case Measure::Retrieve:
      return {L::OrganHead, false, true, true, false, "《中华人民共和国监察法》第二十五条（2018）；《监察法实施条例》第一百二十四条"};
    case Measure::Seal:
    case Measure::Seize:
      return {L::OrganHead, false, false, true, true,
              "《中华人民共和国监察法》第二十五条（2018）；《监察法实施条例》第五十六条、第一百三十四条"};
    case Measure::Search:
      return {L::OrganHead, false, false, false, true, "《中华人民共和国监察法》第二十四条（2018）；《监察法实施条例》第五十六条"};
    case Measure::Inspection: return {L::OrganHead, false, false, false, false, "《中华人民共和国监察法》第二十六条（2018）"};
    case Measure::Appraisal: return {L::OrganHead, false, false, false, false, "《中华人民共和国监察法》第二十七条（2018）"};
    case Measure::TechnicalInvestigation:
      return {L::HigherOrgan, true, false, false, false, "《中华人民共和国监察法》第二十八条（2018）"};
    case Measure::WantedNotice: return {L::OrganHead, true, false, false, false, "《中华人民共和国监察法》第二十九条（2018）"};
    case Measure::ExitRestriction:
      return {L::HigherOrgan, true, false, false, false, "《中华人民共和国监察法》第三十条（2018，省级以上监察机关批准）"};
    case Measure::Detention:
      return {L::HigherOrgan, true, false, false, false,
              "《中华人民共和国监察法》第二十二条、第四十三条（2018）；第四十八条（2024修正）"};
  }
  return {};
}

bool measure_lasts(Measure m) {
  switch (m) {
    case Measure::Detention:
    case Measure::WantedNotice:
    case Measure::ExitRestriction:
    case Measure::TechnicalInvestigation: return true;
    default: return measure_rule(m).property;
  }
}

std::optional<Approver> measure_approver(Measure m, DispatchMode mode) {
  const auto rule = measure_rule(m);
  if (mode == DispatchMode::Township) {
    if (!rule.township) return std::nullopt;
    return Approver::TownshipSecretary;
  }
  switch (rule.approval) {
    case MeasureApproval::Department: return Approver::DisciplineRoom;
    case MeasureApproval::OrganHead: return Approver::CountyLeader;
    case MeasureApproval::HigherOrgan: return Approver::HigherOrgan;
  }
  return std::nullopt;
}

// --- clocks

std::string_view investigation_limit(Regime r) {
  return supervision_side(r) ? "case_supervision_investigation" : "case_party_investigation";
}
std::string_view investigation_extension_limit(Regime r) {
  return supervision_side(r) ? "case_supervision_extension" : "case_party_extension";
}
std::optional<int> max_investigation_extensions(Regime r) {
  if (supervision_side(r)) return std::nullopt;
  return 1;
}

namespace {
// `limit` with another amount: an extension of `amount` in its unit.
TimeLimit with_amount(TimeLimit limit, int amount) {
  limit.amount = amount;
  return limit;
}
}  // namespace

InvestigationClock investigation_clock(const WorkCalendar& cal, const TimeLimit& limit, const TimeLimit& extension,
                                       const InvestigationFacts& f) {
  InvestigationClock c;
  c.start = f.filed;
  auto restart = [&](const std::optional<Day>& day, ClockStart kind, InvestigationClock::Status open) {
    if (!day) {
      c.status = open;
    } else if (*day > c.start) {
      c.start = *day;
      c.start_kind = kind;
    }
  };
  for (const auto& d : f.detentions) restart(d.released, ClockStart::Released, InvestigationClock::Status::Detained);
  for (const auto& a : f.absences) restart(a.returned, ClockStart::Returned, InvestigationClock::Status::Absconded);
  if (c.status != InvestigationClock::Status::Running) return c;
  Day end = period_end(cal, limit, c.start);
  auto extensions = f.extensions;
  std::sort(extensions.begin(), extensions.end(), [](auto& x, auto& y) { return x.decided < y.decided; });
  for (const auto& e : extensions) {
    if (!e.approved || e.decided < c.start) continue;  // refused, or lapsed with the old period
    end = period_end(cal, with_amount(extension, e.amount), end);
    c.extended += e.amount;
  }
  c.due = limit.moves_to_working_day ? cal.working_day_on_or_after(end) : end;
  return c;
}

TrialClock trial_clock(const WorkCalendar& cal, const TimeLimit& limit, const TimeLimit& extension,
                       const TrialFacts& f, Day today) {
  TrialClock c;
  c.start = f.accepted;
  Day end = period_end(cal, limit, f.accepted);
  for (const auto& s : f.supplements) {
    if (s.returned < f.accepted) continue;  // before a re-investigation: that trial's time
    if (!s.resubmitted) c.paused = true;
    const Day back = s.resubmitted.value_or(std::max(today, s.returned));
    c.excluded_days += static_cast<int>((back - s.returned).count());
  }
  end += std::chrono::days(c.excluded_days);
  auto extensions = f.extensions;
  std::sort(extensions.begin(), extensions.end(), [](auto& x, auto& y) { return x.decided < y.decided; });
  for (const auto& e : extensions) {
    if (!e.approved || e.decided < f.accepted) continue;
    end = period_end(cal, with_amount(extension, e.amount), end);
    c.extended += e.amount;
  }
  c.due = limit.moves_to_working_day ? cal.working_day_on_or_after(end) : end;
  return c;
}

Day detention_due(const WorkCalendar& cal, const TimeLimit& limit, const TimeLimit& extension, const Detention& d) {
  // SL 285: 留置期间应当至到期之日为止，不得因法定休假日而延长 — whatever the data says.
  Day end = period_end(cal, limit, d.from);
  if (d.extension) end = period_end(cal, with_amount(extension, *d.extension), end);
  return end;
}

std::optional<CaseWarning> detention_notice_warning(const TimeLimit& limit, long long started_at_ms, bool notified,
                                                    bool withheld, long long now_ms) {
  if (notified || withheld) return std::nullopt;
  // Owed from the start: due while the 24 hours run, overdue once they ended.
  return now_ms < due_time_ms(limit, started_at_ms) ? CaseWarning::NoticeDue : CaseWarning::NoticeOverdue;
}

std::string case_number(std::string_view org_short_name, int year, long long seq) {
  return document_number(org_short_name, "案", year, seq);
}

}  // namespace funnel::core
