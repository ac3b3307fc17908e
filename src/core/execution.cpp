#include "core/execution.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/text.hpp"

namespace funnel::core {

namespace {

using E = ExecutionEvidence;
using K = ExecutionKind;

const std::vector<ExecutionRule>& rules_table() {
  static const std::vector<ExecutionRule> t = {
      {K::PartyAnnounce, "execution_party_announce", "", {E::AnnounceRecord, E::FileReceipt}, "宣布处分决定并归档"},
      {K::PartyPostPay, "execution_party_post_pay", "execution_party_post_pay_max", {E::PostPayChange},
       "办理职务、工资等待遇变更"},
      {K::PartyReport, "execution_party_report", "", {E::ExecutionReport}, "报告处分决定执行情况"},
      {K::GovDelivery, "execution_gov_delivery", "", {E::DeliveryReceipt, E::AnnounceRecord},
       "送达并宣布政务处分决定"},
      {K::GovExecute, "execution_gov_execute", "execution_gov_execute_max", {E::ExecutionReport},
       "执行政务处分并报告"},
      {K::OrgAdjust, "execution_org_adjust", "", {E::PostPayChange}, "落实组织处理（职务、职级、待遇调整）"},
      {K::Recovery, "execution_recovery", "", {E::RecoveryReceipt}, "追缴违纪违法所得或责令退赔"},
      {K::FollowUpVisit, "execution_follow_up_visit", "", {E::VisitRecord}, "回访教育"},
  };
  return t;
}

bool blank(const std::optional<std::string>& s) { return !s || trim(*s).empty(); }

const TimeLimit& need(const LimitLookup& limits, std::string_view code) {
  const auto* l = limits(code);
  if (!l) throw std::runtime_error("time limit " + std::string(code) + " missing from data/time-limits.json");
  return *l;
}

}  // namespace

std::string_view evidence_label(ExecutionEvidence e) {
  switch (e) {
    case E::AnnounceRecord: return "宣布记录（本人签字或拒签说明）";
    case E::FileReceipt: return "归档回执";
    case E::PostPayChange: return "职务、工资、待遇变更手续";
    case E::ExecutionReport: return "执行情况报告";
    case E::DeliveryReceipt: return "送达回证";
    case E::RecoveryReceipt: return "收缴或退赔凭证";
    case E::VisitRecord: return "回访教育记录";
  }
  return "";
}

const ExecutionRule& execution_rule(ExecutionKind k) {
  for (auto& r : rules_table())
    if (r.kind == k) return r;
  throw std::out_of_range("execution rule");
}

std::vector<std::string_view> execution_limit_codes() {
  std::vector<std::string_view> out;
  for (auto& r : rules_table()) {
    out.push_back(r.limit);
    if (!r.max_limit.empty()) out.push_back(r.max_limit);
  }
  return out;
}

std::vector<PlannedTask> plan_execution(const ExecutionPlanInput& in,
                                        const WorkCalendar& cal, const LimitLookup& limits) {
  bool party = false, party_heavy = false, gov = false, org = false, expelled = false;
  for (auto o : in.outcomes) {
    switch (family_of(o)) {
      case OutcomeFamily::Party:
        party = true;
        // 撤销党内职务以上 (CF 44): removal, probation, expulsion.
        party_heavy = party_heavy || !heavier(Outcome::RemovalFromPartyPosts, o);
        break;
      case OutcomeFamily::Government: gov = true; break;
      case OutcomeFamily::Organisational: org = true; break;
      default: break;
    }
    expelled = expelled || o == Outcome::PartyExpulsion || o == Outcome::GovExpulsion || o == Outcome::JudicialTransfer;
  }
  std::vector<PlannedTask> out;
  auto add = [&](ExecutionKind k) {
    const auto& r = execution_rule(k);
    const auto& limit = need(limits, r.limit);
    PlannedTask t{k, std::string(r.limit), due_day(cal, limit, in.decided), std::nullopt};
    if (!r.max_limit.empty()) t.max_due = due_day(cal, need(limits, r.max_limit), in.decided);
    out.push_back(std::move(t));
  };
  if (party) add(K::PartyAnnounce);
  if (party_heavy) add(K::PartyPostPay);
  if (gov) {
    add(K::GovDelivery);
    add(K::GovExecute);
  }
  if (org) add(K::OrgAdjust);
  if (in.recovery) add(K::Recovery);
  if (party) add(K::PartyReport);
  // 回访教育: those who stay (not expelled nor handed to the judiciary),
  // within the influence period; how soon is LOCAL (the limit's amount).
  if ((party || gov || org) && in.influence_until && !expelled && *in.influence_until > in.decided) {
    add(K::FollowUpVisit);
    out.back().due = std::min(out.back().due, *in.influence_until);
  }
  return out;
}

Check execution_close_problem(ExecutionKind k, const std::optional<Day>& done_on, Day decided, Day today,
                              const std::vector<EvidenceInput>& evidence) {
  if (!done_on) return Problem::invalid("done_on", "请填写完成日期（YYYY-MM-DD）");
  if (*done_on < decided) return Problem::invalid("done_on", "完成日期不能早于处分决定日期");
  if (*done_on > today) return Problem::invalid("done_on", "完成日期不能晚于今天");
  const auto& rule = execution_rule(k);
  std::vector<ExecutionEvidence> given;
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    const std::string field = "evidence[" + std::to_string(i) + "]";
    if (!evidence[i].kind) return Problem::invalid(field + ".kind", "请选择证明材料的种类");
    auto e = kExecutionEvidence.parse(*evidence[i].kind);
    if (!e || std::find(rule.evidence.begin(), rule.evidence.end(), *e) == rule.evidence.end())
      return Problem::invalid(field + ".kind", "此项执行任务不需要这种证明材料");
    if (std::find(given.begin(), given.end(), *e) != given.end())
      return Problem::invalid(field + ".kind", "证明材料重复");
    if (blank(evidence[i].ref))
      return Problem::invalid(field + ".ref", "请填写" + std::string(evidence_label(*e)) + "的文号或说明");
    given.push_back(*e);
  }
  std::string missing;
  for (auto e : rule.evidence)
    if (std::find(given.begin(), given.end(), e) == given.end())
      missing += (missing.empty() ? "" : "、") + std::string(evidence_label(e));
  if (!missing.empty()) return Problem::invalid("evidence", "缺少证明材料：" + missing);
  return std::nullopt;
}

Check execution_extension_problem(ExecutionKind k, Day due, const std::optional<Day>& max_due,
                                  const std::optional<Day>& new_due, const std::optional<std::string>& approval_ref) {
  const auto& rule = execution_rule(k);
  if (rule.max_limit.empty() || !max_due)
    return Problem::invalid("due_day", "此项执行任务的期限不能延长");
  if (!new_due) return Problem::invalid("due_day", "请填写延长后的期限（YYYY-MM-DD）");
  if (*new_due <= due) return Problem::invalid("due_day", "延长后的期限应晚于现在的期限");
  if (*new_due > *max_due)
    return Problem::invalid("due_day", "经批准延长最长不得超过处分决定后六个月（至 " + format_day(*max_due) + "）");
  if (blank(approval_ref)) return Problem::invalid("approval_ref", "请填写批准延长的文件文号");
  return std::nullopt;
}

ExecutionStatus execution_status(const std::optional<Day>& closed_on, Day due, Day today, Day soon_until) {
  if (closed_on) return *closed_on > due ? ExecutionStatus::DoneLate : ExecutionStatus::Done;
  if (today > due) return ExecutionStatus::Overdue;
  if (due <= soon_until) return ExecutionStatus::DueSoon;
  return ExecutionStatus::Open;
}

bool may_record_execution(Role r, const std::optional<long long>& actor_org, long long unit_org, bool unit_is_township,
                          long long lead_org) {
  if (unit_is_township)
    return (r == Role::TownshipSecretary || r == Role::TownshipStaff) && actor_org == unit_org;
  return r == Role::CaseSupervision || r == Role::CountyLeader || (r == Role::DisciplineRoom && actor_org == lead_org);
}

}  // namespace funnel::core
