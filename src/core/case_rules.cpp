#include "core/case_rules.hpp"

#include <algorithm>
#include <set>

#include "core/clue_rules.hpp"
#include "core/text.hpp"

namespace funnel::core {

namespace {
bool blank(const std::optional<std::string>& s) { return !s || trim(*s).empty(); }

std::size_t distinct(const std::vector<long long>& ids) { return std::set<long long>(ids.begin(), ids.end()).size(); }

bool has(const std::vector<Violation>& v, Violation x) { return std::find(v.begin(), v.end(), x) != v.end(); }

const char* unit_label(LimitUnit u) {
  switch (u) {
    case LimitUnit::WorkingDays: return "个工作日";
    case LimitUnit::Days: return "日";
    case LimitUnit::Months: return "个月";
    case LimitUnit::Years: return "年";
    case LimitUnit::Hours: return "小时";
    case LimitUnit::DayOfMonth: return "日（次月）";
  }
  return "";
}

// Who must approve, as the refusal names them.
const char* approver_phrase(Approver a) {
  switch (a) {
    case Approver::TownshipSecretary: return "乡镇纪委书记";
    case Approver::TownshipPartyCommittee: return "乡镇党委书记";
    case Approver::DisciplineRoom: return "承办纪检监察室主任";
    case Approver::CountyLeader: return "县纪委监委主要负责人";
    case Approver::CountyPartyCommittee: return "县委书记";
    case Approver::HigherOrgan: return "上一级纪委监委";
  }
  return "";
}

std::optional<Day> parsed(const std::optional<std::string>& day) { return day ? parse_day(*day) : std::nullopt; }

// The decision's approver and document, for the approver `required`.
Check decided_by_problem(const std::optional<std::string>& approved_by, const std::optional<std::string>& ref,
                         Approver required, const std::string& what) {
  auto by = approved_by ? kApprovers.parse(*approved_by) : std::nullopt;
  if (!by || *by != required)
    return Problem::invalid("approved_by", what + "须经" + approver_phrase(required) + "批准");
  return approval_record_problem(required, ref);
}
}  // namespace

// --- filing

Check filing_source_problem(const FilingSource& r) {
  if (!r.source) return Problem::invalid("source", "请选择案件来源");
  auto src = kCaseSources.parse(*r.source);
  if (!src) return Problem::invalid("source", "未知的案件来源");
  if (*src != CaseSource::FromClue) {
    if (r.clue_id) return Problem::invalid("clue_id", "仅由问题线索立案时选择线索");
    switch (*src) {
      case CaseSource::Transferred:
        if (auto p = required_text("source_organ", r.source_organ, "移送机关")) return p;
        return required_text("source_ref", r.source_ref, "移送函的文号");
      case CaseSource::AssignedByHigher:
        if (auto p = required_text("source_organ", r.source_organ, "交办的上级机关")) return p;
        return required_text("source_ref", r.source_ref, "交办文件的文号");
      default:
        return required_text("source_ref", r.source_ref, "发现问题的监督检查事项");
    }
  }
  if (!r.clue_id) return Problem::invalid("clue_id", "由问题线索立案须选择线索");
  if (!r.clue) return Problem::invalid("clue_id", "线索不存在");
  const bool proposed_filing = r.clue->state == kClueStates.code(ClueState::Filed) && r.clue->outcome &&
                               *r.clue->outcome == kClueOutcomes.code(ClueOutcome::FileCase);
  if (!proposed_filing) return Problem::conflict("该线索的初步核实未提出立案建议，不能据此立案", "clue_id");
  if (!r.person_in_clue) return Problem::invalid("person_id", "被审查调查人不是该线索反映的人员");
  if (r.already_filed) return Problem::conflict("该线索已对此人立案", "person_id");
  return std::nullopt;
}

Check filing_subject_problem(const FilingSubject& s, bool township_supervision_delegated) {
  const auto& p = s.person;
  std::optional<SupervisedCategory> category;
  if (s.supervised_category) {
    category = kSupervisedCategories.parse(*s.supervised_category);
    if (!category) return Problem::invalid("supervised_category", "未知的监察对象类别");
  }
  if (p.public_official && !category) return Problem::invalid("supervised_category", "公职人员须选择监察对象类别");
  auto regime = regime_of(p.party_member, category);
  if (!regime) return Problem::invalid("party_member", "被审查调查人既非党员也非监察对象，不属纪检监察机关管辖，应转有关部门");
  if (p.level == CadreLevel::CountyDivision)
    return Problem::invalid("cadre_level", "县处级干部由上级纪委监委管辖，应按规定报送");
  if (s.violations.empty()) return Problem::invalid("violations", "请选择案由");
  std::vector<Violation> vs;
  for (const auto& code : s.violations) {
    auto v = kViolations.parse(code);
    if (!v) return Problem::invalid("violations", "未知的案由");
    if (!is_supervision_violation(*v) && !party_side(*regime))
      return Problem::invalid("violations", "被审查调查人不是党员，案由不能是违反党的纪律");
    if (is_supervision_violation(*v) && !supervision_side(*regime))
      return Problem::invalid("violations", "被审查调查人不是监察对象，案由不能是职务违法或职务犯罪");
    vs.push_back(*v);
  }
  if (!s.mode) return Problem::invalid("mode", "请选择办理方式");
  auto mode = kDispatchModes.parse(*s.mode);
  if (!mode) return Problem::invalid("mode", "未知的办理方式");
  if (*mode == DispatchMode::Township) {
    if (p.level == CadreLevel::TownshipSection || p.county_department)
      return Problem::invalid("mode", "乡科级干部和县直部门干部的案件由县纪委监委立案");
    if (p.township_discipline_staff || p.township_party_secretary)
      return Problem::invalid("mode", "反映乡镇纪检监察干部或党委书记，存在利益冲突，由县纪委监委立案");
    if (has(vs, Violation::DutyCrime)) return Problem::invalid("mode", "涉嫌职务犯罪的案件由县纪委监委立案调查");
    if (has(vs, Violation::DutyIllegality) && !township_supervision_delegated)
      return Problem::invalid("mode", "本县未向乡镇延伸监察职能，职务违法案件由县纪委监委立案调查");
  }
  return required_text("summary", s.summary, "立案依据的主要违纪违法事实");
}

// --- states and chains

Check case_transition_problem(CaseState from, CaseAction a, const CaseStepFacts& f) {
  if (next_state(from, a, f)) return std::nullopt;
  if (workflow::find(case_transitions(), from, a)) {
    if (a == CaseAction::ReturnToCase) return Problem::conflict("被审查调查人未逃匿，无需登记到案", "action");
    if (a == CaseAction::RequestExtension && f.extension_pending)
      return Problem::conflict("已有延长审查调查期限的请示待批复", "action");
    if ((a == CaseAction::ApproveExtension || a == CaseAction::RefuseExtension) && !f.extension_pending)
      return Problem::conflict("没有待批复的延长审查调查期限请示", "action");
    if (f.absconded) return Problem::conflict("被审查调查人在逃，只能登记到案、采取措施或撤销案件", "action");
  }
  return Problem::conflict("案件当前状态不能执行此操作", "action");
}

Check case_reason_problem(CaseAction a, const std::optional<std::string>& reason) {
  if (needs_reason(a)) return required_text("reason", reason, "理由");
  return std::nullopt;
}

std::optional<Approver> next_approver(const Case& c, const std::vector<Approver>& chain) {
  const bool chain_runs = c.state == kCaseStates.code(CaseState::FilingRequested) ||
                          c.state == kCaseStates.code(CaseState::TransferRequested);
  if (!chain_runs || c.approvals_done < 0 || c.approvals_done >= static_cast<int>(chain.size())) return std::nullopt;
  return chain[c.approvals_done];
}

CaseStepFacts case_step_facts(const Case& c, const std::vector<Approver>& chain) {
  CaseStepFacts f;
  f.last_approval = c.approvals_done + 1 >= static_cast<int>(chain.size());
  f.absconded = c.absconded != 0;
  f.extension_pending = c.extension_pending != 0;
  f.trial_intervened = c.trial_intervened_day.has_value();
  return f;
}

CaseRelation case_relation(const Case& c, Role role, const std::optional<long long>& actor_org_id,
                           long long actor_county_id, const std::vector<Approver>& chain) {
  CaseRelation r;
  r.township_case = c.mode == kDispatchModes.code(DispatchMode::Township);
  r.in_county = actor_county_id == c.county_id;
  r.at_lead = actor_org_id && *actor_org_id == c.lead_org_id;
  if (auto next = next_approver(c, chain)) {
    const bool county_level = recorder(*next) == Role::CountyLeader || recorder(*next) == Role::CaseSupervision;
    r.next_approver = role == recorder(*next) && (county_level ? r.in_county : r.at_lead);
  }
  return r;
}

Check approval_record_problem(Approver a, const std::optional<std::string>& approval_ref) {
  if (outside_platform(a) && blank(approval_ref))
    return Problem::invalid("approval_ref", std::string("请填写") + approver_phrase(a) + "批准文件的文号");
  return std::nullopt;
}

// --- investigation

Check investigation_start_problem(const std::optional<std::string>& plan, const std::vector<long long>& team,
                                  const std::vector<long long>& recused) {
  if (auto p = required_text("plan", plan, "审查调查方案")) return p;
  if (distinct(team) < 2)
    return Problem::invalid("team", "审查调查组至少应有2名成员（监督执纪工作规则第三十九条、第四十二条）");
  for (auto id : team)
    if (std::find(recused.begin(), recused.end(), id) != recused.end())
      return Problem::invalid("team", "审查调查组成员中有应当回避或与被审查调查人有利害关系的人员");
  return std::nullopt;
}

// --- the trial

Check trial_accept_problem(const std::vector<std::string>& file_items, const std::vector<long long>& triers,
                           const std::vector<long long>& investigators, const std::vector<long long>& recused) {
  for (auto& code : file_items)
    if (!kTrialFileItems.parse(code)) return Problem::invalid("file_items", "未知的案卷材料项：" + code);
  for (auto& [item, code] : kTrialFileItems.rows)
    if (std::find(file_items.begin(), file_items.end(), code) == file_items.end())
      return Problem::invalid("file_items", "案卷材料不齐全的不能受理，请暂缓受理并写明所缺材料（监督执纪工作规则第五十五条）");
  if (distinct(triers) < 2)
    return Problem::invalid("triers", "审理组至少应有2名审理人员（监督执纪工作规则第五十五条）");
  for (auto id : triers) {
    if (std::find(investigators.begin(), investigators.end(), id) != investigators.end())
      return Problem::invalid("triers", "参与本案审查调查的人员不得参与审理（监督执纪工作规则第五十四条）");
    if (std::find(recused.begin(), recused.end(), id) != recused.end())
      return Problem::invalid("triers", "审理人员中有应当回避或与被审查调查人有利害关系的人员");
  }
  return std::nullopt;
}

Check trial_defer_problem(const std::vector<std::string>& missing_items) {
  if (missing_items.empty()) return Problem::invalid("file_items", "暂缓受理应写明所缺的案卷材料");
  for (auto& code : missing_items)
    if (!kTrialFileItems.parse(code)) return Problem::invalid("file_items", "未知的案卷材料项：" + code);
  return std::nullopt;
}

Check trial_extension_problem(const TimeLimit& extension, int extended_so_far, const std::optional<int>& amount,
                              const std::optional<std::string>& approval_ref) {
  if (!amount || *amount < 1) return Problem::invalid("amount", "请填写延长的期限");
  if (extended_so_far + *amount > extension.amount)
    return Problem::invalid("amount", "超过可以延长的审理期限：" + limit_phrase(extension));
  if (blank(approval_ref)) return Problem::invalid("approval_ref", "请填写批准延长审理期限的文件文号");
  return std::nullopt;
}

Check trial_report_problem(const std::optional<std::string>& report, const std::optional<std::string>& deliberation) {
  if (auto p = required_text("trial_report", report, "审理报告")) return p;
  if (auto p = required_text("deliberation", deliberation, "集体审议记录")) return p;
  return std::nullopt;
}

Check measure_problem(const CaseFacts& c, const MeasureRequest& r, Day today) {
  if (!r.measure) return Problem::invalid("measure", "请选择调查措施");
  auto m = kMeasures.parse(*r.measure);
  if (!m) return Problem::invalid("measure", "未知的调查措施");
  const auto rule = measure_rule(*m);
  auto approver = measure_approver(*m, c.mode);
  if (!approver) return Problem::invalid("measure", "乡镇纪委不能采取此措施，须由县纪委监委办理");
  if (rule.supervision_only && !supervision_side(c.regime))
    return Problem::invalid("measure", "此措施仅适用于监察对象，党纪案件不能采取");
  if (*m == Measure::Interrogation && !has(c.violations, Violation::DutyCrime))
    return Problem::invalid("measure", "讯问仅适用于涉嫌职务犯罪的被调查人");
  if (*m == Measure::Detention && !has(c.violations, Violation::DutyCrime) &&
      !has(c.violations, Violation::DutyIllegality))
    return Problem::invalid("measure", "留置仅适用于涉嫌严重职务违法或者职务犯罪的被调查人");
  auto day = parsed(r.day);
  if (!day) return Problem::invalid("day", "应为 YYYY-MM-DD 格式的有效日期");
  if (*day > today) return Problem::invalid("day", "采取措施的日期不能晚于今天");
  if (*m == Measure::Detention && !r.started_at) return Problem::invalid("started_at", "请填写留置开始的时间");
  const std::string what = *m == Measure::Detention ? "留置" : "采取此措施";
  if (auto p = decided_by_problem(r.approved_by, r.approval_ref, *approver, what)) return p;
  if (distinct(r.people) < 2) return Problem::invalid("people", "采取调查措施应由2名以上工作人员进行");
  return std::nullopt;
}

std::string limit_phrase(const TimeLimit& limit) {
  return limit.label + "最长" + std::to_string(limit.amount) + unit_label(limit.unit) + "（" + limit.basis + "）";
}

namespace {
// The approved extensions since the clock's start plus `amount` within the
// limit's total; party-only cases at most one approved extension.
Check extension_limit_problem(Regime regime, const TimeLimit& extension, const std::vector<ClockExtension>& decided,
                              Day clock_start, const std::optional<int>& amount) {
  if (!amount || *amount <= 0) return Problem::invalid("amount", "请填写延长的期限");
  int used = 0, approved = 0;
  for (const auto& e : decided) {
    if (!e.approved || e.decided < clock_start) continue;  // as investigation_clock counts them
    used += e.amount;
    ++approved;
  }
  if (auto max = max_investigation_extensions(regime); max && approved >= *max)
    return Problem::conflict("已延长" + std::to_string(approved) + "次，不能再延长：" + limit_phrase(extension), "amount");
  if (used + *amount > extension.amount)
    return Problem::invalid("amount", "延长期限超过上限（已延长" + std::to_string(used) + unit_label(extension.unit) +
                                          "）：" + limit_phrase(extension));
  return std::nullopt;
}
}  // namespace

Check investigation_extension_problem(Regime regime, DispatchMode mode, const TimeLimit& extension,
                                      const std::vector<ClockExtension>& decided, Day clock_start,
                                      const ExtensionRequest& r) {
  if (auto p = extension_limit_problem(regime, extension, decided, clock_start, r.amount)) return p;
  return decided_by_problem(r.approved_by, r.approval_ref, higher_approver(mode), "延长审查调查期限");
}

Check extension_reply_day_problem(const std::optional<std::string>& day, Day filed, Day today) {
  if (!day) return Problem::invalid("day", "请填写上级机关批复的日期");
  auto d = parse_day(*day);
  if (!d) return Problem::invalid("day", "应为 YYYY-MM-DD 格式的有效日期");
  if (*d > today) return Problem::invalid("day", "批复日期不能晚于今天");
  if (*d < filed) return Problem::invalid("day", "批复日期不能早于立案日期");
  return std::nullopt;
}

Check extension_request_problem(Regime regime, const TimeLimit& extension, const std::vector<ClockExtension>& decided,
                                Day clock_start, const std::optional<int>& amount,
                                const std::optional<std::string>& reason) {
  if (auto p = extension_limit_problem(regime, extension, decided, clock_start, amount)) return p;
  return required_text("reason", reason, "延长审查调查期限的理由");
}

Check extension_answer_problem(Regime regime, const TimeLimit& extension, const std::vector<ClockExtension>& decided,
                               Day clock_start, int requested, const ExtensionRequest& r) {
  if (r.approved) {
    if (r.amount && *r.amount > requested)
      return Problem::invalid("amount", "批准延长的期限不能超过请示的期限（" + std::to_string(requested) +
                                            unit_label(extension.unit) + "）");
    if (auto p = extension_limit_problem(regime, extension, decided, clock_start, r.amount)) return p;
  }
  return required_text("approval_ref", r.approval_ref, "批复的文号");
}

Check detention_extension_problem(const TimeLimit& extension, int extensions_so_far, const ExtensionRequest& r) {
  if (extensions_so_far >= 1) return Problem::conflict("留置时间只能延长一次：" + limit_phrase(extension), "amount");
  if (!r.amount || *r.amount <= 0) return Problem::invalid("amount", "请填写延长的期限");
  if (*r.amount > extension.amount) return Problem::invalid("amount", "延长期限超过上限：" + limit_phrase(extension));
  return decided_by_problem(r.approved_by, r.approval_ref, Approver::HigherOrgan, "延长留置时间");
}

Check facts_shown_problem(bool signed_by_person, const std::optional<std::string>& refusal_note) {
  if (!signed_by_person && blank(refusal_note))
    return Problem::invalid("refusal_note", "被审查调查人未签署意见的，须注明拒绝签字的情况");
  return std::nullopt;
}

Check transfer_request_problem(bool facts_shown, bool report_recorded) {
  if (!facts_shown) return Problem::conflict("移送审理前须将认定的事实材料与被审查调查人见面", "action");
  if (!report_recorded) return Problem::conflict("移送审理前须登记审查调查报告", "action");
  return std::nullopt;
}

// --- interview rooms

bool overlaps(const Booking& a, const Booking& b) {
  return a.room_id == b.room_id && a.starts_at < b.ends_at && b.starts_at < a.ends_at;
}

Check booking_problem(const Booking& b, const std::vector<Booking>& existing) {
  if (b.ends_at <= b.starts_at) return Problem::invalid("ends_at", "结束时间应晚于开始时间");
  for (const auto& o : existing)
    if (o.id != b.id && overlaps(b, o)) return Problem::conflict("该谈话室在此时段已有预约", "starts_at");
  return std::nullopt;
}

Check talk_close_problem(const TalkClosing& t) {
  if (distinct(t.interviewers) < 2) return Problem::invalid("interviewers", "谈话应由2名以上工作人员进行");
  if (t.important && blank(t.recording_ref))
    return Problem::invalid("recording_ref", "重要谈话须全程同步录音录像，请填写录音录像编号");
  return std::nullopt;
}

}  // namespace funnel::core
