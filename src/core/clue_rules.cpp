#include "core/clue_rules.hpp"

#include "core/text.hpp"

namespace funnel::core {

namespace {
bool blank(const std::optional<std::string>& s) { return !s || trim(*s).empty(); }
}  // namespace

Check required_text(const std::string& field, const std::optional<std::string>& text, const char* what) {
  if (blank(text)) return Problem::invalid(field, std::string("请填写") + what);
  return std::nullopt;
}

Check clue_reason_problem(ClueAction a, const std::optional<std::string>& reason) {
  if (needs_reason(a)) return required_text("reason", reason, "理由");
  return std::nullopt;
}

Check clue_transition_problem(ClueState from, ClueAction a, const ClueStepFacts& f) {
  const bool concluding =
      a == ClueAction::Conclude && (from == ClueState::InTalkInquiry || from == ClueState::InVerification);
  if (concluding && !f.outcome) return Problem::invalid("outcome", "请选择处置结果");
  if (!next_state(from, a, f)) {
    if (concluding) return Problem::invalid("outcome", "该处置方式不能得出此结果");
    return Problem::conflict("问题线索当前状态不能执行此操作", "action");
  }
  return std::nullopt;
}

ClueStepFacts clue_step_facts(const Clue& c, const std::optional<ClueOutcome>& outcome,
                              const std::vector<Role>& chain) {
  ClueStepFacts f;
  if (c.method) f.method = kDisposalMethods.parse(*c.method);
  f.outcome = outcome;
  f.last_approval = c.approvals_done + 1 >= static_cast<int>(chain.size());
  return f;
}

std::optional<Role> next_approver_role(const Clue& c, const std::vector<Role>& chain) {
  if (c.state != kClueStates.code(ClueState::DisposalProposed)) return std::nullopt;
  if (c.approvals_done < 0 || c.approvals_done >= static_cast<int>(chain.size())) return std::nullopt;
  return chain[c.approvals_done];
}

ClueRelation clue_relation(const Clue& c, Role role, const std::optional<long long>& actor_org_id,
                           long long actor_county_id, const std::vector<Role>& chain) {
  ClueRelation r;
  if (!actor_org_id) return r;
  const long long org = *actor_org_id;
  r.at_lead = c.lead_org_id && *c.lead_org_id == org;
  r.at_assist = c.assist_org_id && *c.assist_org_id == org;
  if (c.mode) {
    if (auto next = next_approver_role(c, chain))
      r.next_approver = role == *next && (*next == Role::CountyLeader ? actor_county_id == c.county_id : r.at_lead);
  }
  return r;
}

Check dispatch_problem(const Clue& c, const DispatchRequest& r) {
  const bool reassign = c.state != kClueStates.code(ClueState::Registered);
  if (!r.mode) return Problem::invalid("mode", "请选择分办方式");
  auto mode = kDispatchModes.parse(*r.mode);
  if (!mode) return Problem::invalid("mode", "未知的分办方式");
  if ((*r.mode != c.proposed_mode || reassign) && blank(r.reason))
    return Problem::invalid("reason", reassign ? "改变承办单位须写明理由" : "不采纳系统建议的分办方式须写明理由");
  if (c.conflict && *mode != DispatchMode::CountyLed)
    return Problem::invalid("mode", "线索涉及乡镇纪检监察干部或党委书记，存在利益冲突，只能由县纪委监委领办");
  if (!r.lead_org_id) return Problem::invalid("lead_org_id", "请选择承办单位");
  const OrgUnit* lead = r.lead;
  if (*mode == DispatchMode::Township) {
    if (!lead || lead->county_id != c.county_id || lead->kind != "township")
      return Problem::invalid("lead_org_id", "镇案镇办的承办单位应为本县的乡镇（街道）");
    if (r.assist_org_id) return Problem::invalid("assist_org_id", "镇案镇办不设协办单位");
    return std::nullopt;
  }
  if (!lead || lead->county_id != c.county_id || lead->kind != "department" || lead->category != "discipline_room")
    return Problem::invalid("lead_org_id", "县领办、县镇合办的牵头单位应为本县的纪检监察室");
  if (*mode == DispatchMode::Joint && !r.assist_org_id)
    return Problem::invalid("assist_org_id", "县镇合办须选择协办的乡镇（街道）");
  if (r.assist_org_id) {
    const OrgUnit* as = r.assist;
    if (!as || as->county_id != c.county_id || as->kind != "township")
      return Problem::invalid("assist_org_id", "协办单位应为本县的乡镇（街道）");
    if (c.conflict && c.township_id && as->id == *c.township_id)
      return Problem::invalid("assist_org_id", "存在利益冲突，该乡镇不能协办");
  }
  return std::nullopt;
}

Check disposal_proposal_problem(const DisposalRequest& r, Day today) {
  using M = DisposalMethod;
  if (!r.method) return Problem::invalid("method", "请选择处置方式");
  auto m = kDisposalMethods.parse(*r.method);
  if (!m) return Problem::invalid("method", "未知的处置方式");
  if (*m == M::TalkInquiry || *m == M::PreliminaryVerification)
    if (auto p = required_text("plan", r.plan, "处置方案")) return p;
  if (*m == M::Closure)
    if (auto p = required_text("reason", r.reason, "予以了结的理由")) return p;
  if (*m == M::Pending) {
    if (!r.review_day) return Problem::invalid("review_day", "暂存待查须确定重新研判的日期");
    auto rd = parse_day(*r.review_day);
    if (!rd) return Problem::invalid("review_day", "应为 YYYY-MM-DD 格式的有效日期");
    if (*rd <= today) return Problem::invalid("review_day", "重新研判日期应晚于今天");
  }
  return std::nullopt;
}

Check conclusion_problem(DisposalMethod m, const std::vector<ClueRecord>& records, ClueOutcome outcome,
                         const std::optional<std::string>& note, const std::optional<std::string>& review_day,
                         Day today) {
  bool recorded = false;
  for (auto k : required_records(m)) recorded = recorded || has_clue_record(records, k);
  if (!recorded)
    return Problem::conflict(m == DisposalMethod::TalkInquiry ? "办结谈话函询须先登记谈话笔录或函询回复"
                                                               : "办结初步核实须先登记初核报告",
                             "action");
  if (auto p = required_text("note", note, "处置情况和意见")) return p;
  if (outcome == ClueOutcome::KeepPending) {
    auto rd = review_day ? parse_day(*review_day) : std::nullopt;
    if (!rd || *rd <= today) return Problem::invalid("review_day", "暂存待查须确定晚于今天的重新研判日期");
  }
  return std::nullopt;
}

Check early_review_problem(const std::optional<std::string>& review_day, const std::optional<std::string>& reason,
                           Day today) {
  if (review_day && format_day(today) < *review_day && blank(reason))
    return Problem::invalid("reason", "未到重新研判日期，提前研判须写明理由");
  return std::nullopt;
}

bool has_clue_record(const std::vector<ClueRecord>& records, ClueRecordKind k) {
  for (auto& r : records)
    if (r.kind == kClueRecordKinds.code(k)) return true;
  return false;
}

ClueClockFacts clue_clock_facts(const std::vector<ClueRecord>& records, ClueState to) {
  if (to == ClueState::InTalkInquiry) return {};  // a fresh round
  return {has_clue_record(records, ClueRecordKind::InquiryLetter),
          has_clue_record(records, ClueRecordKind::TalkRecord) || has_clue_record(records, ClueRecordKind::InquiryReply)};
}

}  // namespace funnel::core
