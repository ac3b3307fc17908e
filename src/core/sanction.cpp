#include "core/sanction.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace funnel::core {

namespace {
int rank(Outcome o) { return static_cast<int>(o); }

std::string label(Outcome o) {
  switch (o) {
    case Outcome::PartyWarning: return "警告";
    case Outcome::PartySeriousWarning: return "严重警告";
    case Outcome::RemovalFromPartyPosts: return "撤销党内职务";
    case Outcome::PartyProbation: return "留党察看";
    case Outcome::PartyExpulsion: return "开除党籍";
    case Outcome::GovWarning: return "政务警告";
    case Outcome::GovDemerit: return "记过";
    case Outcome::GovMajorDemerit: return "记大过";
    case Outcome::GovDemotion: return "降级";
    case Outcome::GovDismissalFromPost: return "撤职";
    case Outcome::GovExpulsion: return "开除";
    case Outcome::SuspensionForInspection: return "停职检查";
    case Outcome::PostAdjustment: return "调整职务";
    case Outcome::OrderedResignation: return "责令辞职";
    case Outcome::RemovalFromPost: return "免职";
    case Outcome::DemotionInPost: return "降职";
    case Outcome::TalkReminder: return "谈话提醒";
    case Outcome::CriticismEducation: return "批评教育";
    case Outcome::OrderedInspection: return "责令检查";
    case Outcome::Admonishment: return "诫勉";
    case Outcome::Exemption: return "免予处分";
    case Outcome::JudicialTransfer: return "移送司法机关";
  }
  return "";
}

std::string unit_zh(LimitUnit u) { return u == LimitUnit::Years ? "年" : "个月"; }

// Months and years end on the same day of the month, or the month's last
// day (SL 285 (2021), the project's one counting rule). The end never moves
// off a holiday: SL 285 moves a 期间 by which something must be done so that
// it can be done on a working day; an influence period is a restriction on
// the person that nothing has to meet, and moving it would lengthen the
// sanction's effect with no text saying so (like 留置, it runs to its day).
Day add_period(Day start, int amount, LimitUnit unit) {
  static const WorkCalendar no_holidays;  // unused for months and years
  TimeLimit t;
  t.amount = amount;
  t.unit = unit;
  t.moves_to_working_day = false;
  return period_end(no_holidays, t, start);
}

int in_months(int amount, LimitUnit unit) { return unit == LimitUnit::Years ? 12 * amount : amount; }
}  // namespace

OutcomeFamily family_of(Outcome o) {
  if (rank(o) <= rank(Outcome::PartyExpulsion)) return OutcomeFamily::Party;
  if (rank(o) <= rank(Outcome::GovExpulsion)) return OutcomeFamily::Government;
  if (rank(o) <= rank(Outcome::DemotionInPost)) return OutcomeFamily::Organisational;
  if (rank(o) <= rank(Outcome::Admonishment)) return OutcomeFamily::FirstForm;
  return OutcomeFamily::Other;
}

bool heavier(Outcome a, Outcome b) { return family_of(a) == family_of(b) && rank(a) > rank(b); }

const OutcomeRule& SanctionRules::of(Outcome o) const {
  for (const auto& r : rows)
    if (r.outcome == o) return r;
  throw std::out_of_range("no sanction rule for " + std::string(kOutcomes.code(o)));
}

std::optional<std::string> rules_error(const SanctionRules& r) {
  std::set<Outcome> seen;
  for (const auto& row : r.rows) {
    const std::string code(kOutcomes.code(row.outcome));
    if (!seen.insert(row.outcome).second) return code + " listed twice";
    if (row.family != family_of(row.outcome)) return code + ": family must be " + std::string(kOutcomeFamilies.code(family_of(row.outcome)));
    if (row.form && (*row.form < 1 || *row.form > 4)) return code + ": form must be 1–4";
    if (row.basis.empty()) return code + ": basis required";
    if (row.period) {
      const auto& p = *row.period;
      if (p.unit != LimitUnit::Months && p.unit != LimitUnit::Years) return code + ": a period is in months or years";
      if (p.amounts.empty() == (p.up_to == 0)) return code + ": a period has either amounts or up_to";
      for (int a : p.amounts)
        if (a < 1 || a > 120) return code + ": period amounts 1–120";
      if (p.up_to < 0 || p.up_to > 120) return code + ": up_to 0–120";
      // ZW 8 fixes each 政务处分期 in months; ZW 15 adds them up.
      if (row.family == OutcomeFamily::Government && (p.unit != LimitUnit::Months || p.amounts.size() != 1))
        return code + ": a government sanction's period is one amount in months";
    }
    if (row.then && (!row.period || row.then->amount < 1 || (row.then->unit != LimitUnit::Months && row.then->unit != LimitUnit::Years)))
      return code + ": a following restriction needs a period and a positive amount in months or years";
    if (row.extension) {
      const auto& e = *row.extension;
      if (!row.period || row.period->unit != e.unit || e.amount < 1 ||
          std::find(row.period->amounts.begin(), row.period->amounts.end(), e.only_from) == row.period->amounts.end() ||
          e.only_from + e.amount > e.max_total || e.basis.empty())
        return code + ": an extension extends one of the period's amounts, in its unit, within max_total, with a basis";
    }
  }
  for (auto& [o, code] : kOutcomes.rows)
    if (!seen.count(o)) return "no rule for " + std::string(code);
  if (r.combined_gov_max_months < 1) return "combined_gov_max_months must be positive";
  return std::nullopt;
}

Check period_problem(const SanctionRules& rules, const DecidedOutcome& d, const std::string& field) {
  const auto& rule = rules.of(d.outcome);
  const std::string name = label(d.outcome);
  if (!rule.period) {
    if (d.amount) return Problem::invalid(field, name + "没有影响期（" + rule.basis + "）");
    if (d.extended) return Problem::invalid(field, name + "不能延长（" + rule.basis + "）");
    return std::nullopt;
  }
  const auto& p = *rule.period;
  if (p.up_to) {
    if (!d.amount) return Problem::invalid(field, "请确定" + name + "的期限（最长" + std::to_string(p.up_to) + unit_zh(p.unit) + "，" + rule.basis + "）");
    if (*d.amount < 1 || *d.amount > p.up_to)
      return Problem::invalid(field, name + "的期限最长" + std::to_string(p.up_to) + unit_zh(p.unit) + "（" + rule.basis + "）");
  } else if (!d.amount) {
    if (p.amounts.size() > 1) {
      std::string choices;
      for (int a : p.amounts) choices += (choices.empty() ? "" : "或") + std::to_string(a) + unit_zh(p.unit);
      return Problem::invalid(field, "请确定" + name + "的期限：" + choices + "（" + rule.basis + "）");
    }
  } else if (std::find(p.amounts.begin(), p.amounts.end(), *d.amount) == p.amounts.end()) {
    std::string choices;
    for (int a : p.amounts) choices += (choices.empty() ? "" : "或") + std::to_string(a) + unit_zh(p.unit);
    return Problem::invalid(field, name + "的期限只能是" + choices + "（" + rule.basis + "）");
  }
  if (d.extended < 0) return Problem::invalid(field, "延长次数不能为负");
  if (d.extended > 0) {
    const int amount = d.amount.value_or(p.amounts.empty() ? 0 : p.amounts.front());
    if (!rule.extension) return Problem::invalid(field, name + "不能延长（" + rule.basis + "）");
    const auto& e = *rule.extension;
    if (amount != e.only_from)
      return Problem::invalid(field, "只有" + name + std::to_string(e.only_from) + unit_zh(e.unit) + "的可以延长（" + e.basis + "）");
    if (amount + d.extended * e.amount > e.max_total)
      return Problem::invalid(field, name + "期限最长不得超过" + std::to_string(e.max_total) + unit_zh(e.unit) + "（" + e.basis + "）");
  }
  return std::nullopt;
}

Check decision_day_problem(Day decided, Day filed, const std::string& field) {
  if (decided < filed) return Problem::invalid(field, "处分决定日期不能早于立案日期（" + format_day(filed) + "）");
  return std::nullopt;
}

InfluencePeriod influence_period(const SanctionRules& rules, const DecidedOutcome& d, Day decided) {
  if (auto p = period_problem(rules, d)) throw to_error(*p);
  const auto& rule = rules.of(d.outcome);
  InfluencePeriod out;
  out.outcome = d.outcome;
  out.effective = decided;
  if (!rule.period) return out;
  const auto& p = *rule.period;
  int amount = d.amount.value_or(p.amounts.empty() ? p.up_to : p.amounts.front());
  if (rule.extension) amount += d.extended * rule.extension->amount;
  out.period_end = add_period(decided, amount, p.unit);
  out.end = out.period_end;
  if (rule.then) {
    Day then_end = add_period(rule.then->from_period_end ? *out.period_end : decided, rule.then->amount, rule.then->unit);
    out.end = std::max(*out.end, then_end);
  }
  return out;
}

// --- ZW 15

Check combined_gov_problem(const SanctionRules& rules, const std::vector<Outcome>& sanctions,
                           const std::optional<int>& chosen, const std::string& field) {
  if (sanctions.empty()) return Problem::invalid("outcomes", "请选择政务处分");
  for (auto o : sanctions)
    if (family_of(o) != OutcomeFamily::Government) return Problem::invalid("outcomes", label(o) + "不是政务处分");
  auto range = combined_gov_range(rules, sanctions);
  const std::string basis = "《公职人员政务处分法》第十五条";
  if (!range.min_months) {
    if (chosen) return Problem::invalid(field, label(range.executed) + "没有政务处分期（" + basis + "）");
    return std::nullopt;
  }
  if (!chosen) {
    if (*range.min_months == *range.max_months) return std::nullopt;
    return Problem::invalid(field, "请在" + std::to_string(*range.min_months) + "至" + std::to_string(*range.max_months) +
                                       "个月之间确定政务处分期（" + basis + "）");
  }
  if (*chosen < *range.min_months || *chosen > *range.max_months) {
    if (*range.min_months == *range.max_months)
      return Problem::invalid(field, "执行最重的政务处分" + label(range.executed) + "，政务处分期为" +
                                         std::to_string(*range.min_months) + "个月（" + basis + "）");
    return Problem::invalid(field, "政务处分期应在" + std::to_string(*range.min_months) + "至" +
                                       std::to_string(*range.max_months) + "个月之间，最长不得超过" +
                                       std::to_string(rules.combined_gov_max_months) + "个月（" + basis + "）");
  }
  return std::nullopt;
}

CombinedGovRange combined_gov_range(const SanctionRules& rules, const std::vector<Outcome>& sanctions) {
  if (sanctions.empty()) throw std::invalid_argument("no sanctions");
  CombinedGovRange r;
  r.executed = *std::max_element(sanctions.begin(), sanctions.end(), [](Outcome a, Outcome b) { return rank(a) < rank(b); });
  const auto& rule = rules.of(r.executed);
  if (!rule.period) return r;  // 开除
  const int single = in_months(rule.period->amounts.front(), rule.period->unit);
  const bool same_kind = std::all_of(sanctions.begin(), sanctions.end(), [&](Outcome o) { return o == r.executed; });
  r.min_months = single;
  r.max_months = single;
  // "撤职以下": 撤职 included (以下 includes the level named, as CF 47 and
  // Chinese statutes generally read it).
  if (same_kind && sanctions.size() > 1 && rank(r.executed) <= rank(Outcome::GovDismissalFromPost))
    r.max_months = std::min(single * static_cast<int>(sanctions.size()), rules.combined_gov_max_months);
  return r;
}

InfluencePeriod combined_gov_period(const SanctionRules& rules, const std::vector<Outcome>& sanctions,
                                    const std::optional<int>& chosen, Day decided) {
  if (auto p = combined_gov_problem(rules, sanctions, chosen)) throw to_error(*p);
  auto range = combined_gov_range(rules, sanctions);
  InfluencePeriod out;
  out.outcome = range.executed;
  out.effective = decided;
  if (!range.min_months) return out;
  out.period_end = add_period(decided, chosen.value_or(*range.min_months), LimitUnit::Months);
  out.end = out.period_end;
  return out;
}

// --- a new sanction during a running period

RunningResult new_sanction_during(const SanctionRules& rules, const InfluencePeriod& running, const DecidedOutcome& d,
                                  Day decided) {
  RunningResult r;
  r.period = influence_period(rules, d, decided);
  const bool still_running = running.end && decided <= *running.end && decided >= running.effective;
  if (!still_running) {
    r.basis = "新处分的影响期自作出之日起计算";
    return r;
  }
  if (family_of(running.outcome) == OutcomeFamily::Party && family_of(d.outcome) == OutcomeFamily::Party) {
    r.basis = "《中国共产党纪律处分条例》（2023）第二十一条：影响期为原处分尚未执行的影响期与新处分影响期之和";
    const auto& rule = rules.of(d.outcome);
    if (!rule.period) return r;  // no new period to add (none such among party sanctions today)
    // The remaining part of the old influence, then the new one counted on
    // from the old end. Only the influence moves: a new 留党察看 itself (no
    // vote, posts lapse) still runs from its decision (CF 12).
    r.period.end = influence_period(rules, d, *running.end).end;
    if (!rule.then) r.period.period_end = r.period.end;  // a warning's period is its influence
    return r;
  }
  r.confirmed = false;
  r.basis = "未查到规定：新处分影响期单独计算，原处分影响期不变（UNCONFIRMED）";
  return r;
}

std::optional<InfluencePeriod> longest_effect(const std::vector<InfluencePeriod>& periods) {
  std::optional<InfluencePeriod> best;
  for (const auto& p : periods)
    if (p.end && (!best || *p.end > *best->end)) best = p;
  return best;
}

// --- 留党察看 extended

Check probation_extension_problem(const SanctionRules& rules, const DecidedOutcome& d, const std::string& field) {
  DecidedOutcome next = d;
  ++next.extended;
  if (auto p = period_problem(rules, d, field)) return p;
  return period_problem(rules, next, field);
}

DecidedOutcome extend_probation(const SanctionRules& rules, const DecidedOutcome& d) {
  if (auto p = probation_extension_problem(rules, d)) throw to_error(*p);
  DecidedOutcome next = d;
  ++next.extended;
  return next;
}

// --- appeals

namespace {
std::vector<InfluencePeriod> periods_of(const SanctionRules& rules, const std::vector<DecidedOutcome>& outcomes, Day from) {
  std::vector<InfluencePeriod> out;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (auto p = period_problem(rules, outcomes[i], "outcomes[" + std::to_string(i) + "].period")) throw to_error(*p);
    out.push_back(influence_period(rules, outcomes[i], from));
  }
  return out;
}
}  // namespace

DecisionHistory DecisionHistory::original(const SanctionRules& rules, Day decided, std::vector<DecidedOutcome> outcomes) {
  if (outcomes.empty()) throw to_error(Problem::invalid("outcomes", "请选择处理结果"));
  DecisionHistory h;
  DecisionVersion v;
  v.kind = DecisionChange::Original;
  v.on = decided;
  v.periods = periods_of(rules, outcomes, decided);
  v.outcomes = std::move(outcomes);
  h.versions_.push_back(std::move(v));
  return h;
}

void DecisionHistory::change(const SanctionRules& rules, Day on, std::vector<DecidedOutcome> outcomes) {
  if (current().kind == DecisionChange::Revoked) throw to_error(Problem::conflict("处分决定已撤销，不能变更", "on"));
  if (on < current().on) throw to_error(Problem::invalid("on", "变更日期不能早于" + format_day(current().on)));
  if (outcomes.empty()) throw to_error(Problem::invalid("outcomes", "请选择处理结果"));
  DecisionVersion v;
  v.kind = DecisionChange::Changed;
  v.on = on;
  v.periods = periods_of(rules, outcomes, versions_.front().on);
  v.outcomes = std::move(outcomes);
  versions_.push_back(std::move(v));
}

void DecisionHistory::revoke(Day on) {
  if (current().kind == DecisionChange::Revoked) throw to_error(Problem::conflict("处分决定已撤销", "on"));
  if (on < current().on) throw to_error(Problem::invalid("on", "撤销日期不能早于" + format_day(current().on)));
  DecisionVersion v;
  v.kind = DecisionChange::Revoked;
  v.on = on;
  versions_.push_back(std::move(v));
}

std::optional<InfluencePeriod> DecisionHistory::effect() const { return longest_effect(current().periods); }

// --- four forms

std::optional<int> four_form(const SanctionRules& rules, const std::vector<Outcome>& outcomes) {
  auto has = [&](Outcome o) { return std::find(outcomes.begin(), outcomes.end(), o) != outcomes.end(); };
  if (has(Outcome::PartyExpulsion) && has(Outcome::GovExpulsion) && has(Outcome::JudicialTransfer)) return 4;
  std::optional<int> form;
  for (auto o : outcomes) {
    auto f = rules.of(o).form;
    if (f && (!form || *f > *form)) form = f;
  }
  return form;
}

// --- approval powers

bool township_organ(DecidingOrgan o) {
  return o == DecidingOrgan::TownshipCommission || o == DecidingOrgan::TownshipPartyCommittee;
}

std::optional<std::string> powers_error(const ApprovalPowers& p) {
  std::set<std::string> ids;
  std::set<Outcome> decided;
  for (const auto& r : p.rows) {
    if (r.id.empty() || !ids.insert(r.id).second) return "row id \"" + r.id + "\" empty or listed twice";
    if (r.outcomes.empty() || r.basis.empty()) return r.id + ": outcomes and basis required";
    for (auto o : r.outcomes) {
      decided.insert(o);
      // PZ 28: a 基层党委 approves up to 留党察看; 开除党籍 and any 政务处分 are the county's.
      if (township_organ(r.organ) && (o == Outcome::PartyExpulsion || family_of(o) == OutcomeFamily::Government))
        return r.id + ": a township organ cannot decide " + std::string(kOutcomes.code(o));
    }
  }
  for (const auto& l : p.limits) {
    if (l.id.empty() || !ids.insert(l.id).second) return "limit id \"" + l.id + "\" empty or listed twice";
    if (l.basis.empty() || l.allowed.empty()) return l.id + ": allowed and basis required";
    for (auto o : l.allowed)
      if (family_of(o) != OutcomeFamily::Government) return l.id + ": a category limit lists government sanctions only";
  }
  for (auto& [o, code] : kOutcomes.rows)
    if (!decided.count(o)) return "no row decides " + std::string(code);
  return std::nullopt;
}

Check outcome_fit_problem(const ApprovalPowers& p, const PowerQuery& q) {
  if (q.outcomes.empty()) return Problem::invalid("outcomes", "请选择处理结果");
  for (auto o : q.outcomes) {
    const auto fam = family_of(o);
    if (fam == OutcomeFamily::Party && !q.party_member) return Problem::invalid("outcomes", label(o) + "只适用于党员（《中国共产党纪律处分条例》第八条）");
    if (fam == OutcomeFamily::Government && !q.category)
      return Problem::invalid("outcomes", label(o) + "只适用于监察对象（《公职人员政务处分法》第二条）");
    if (fam != OutcomeFamily::Government) continue;
    for (const auto& l : p.limits) {
      if (l.category != *q.category || std::find(l.allowed.begin(), l.allowed.end(), o) != l.allowed.end()) continue;
      std::string allowed;
      for (auto a : l.allowed) allowed += (allowed.empty() ? "" : "、") + label(a);
      return Problem::invalid("outcomes", "该类人员只能给予" + allowed + "，不能给予" + label(o) + "（" + l.basis +
                                              "；approval-powers.json: " + l.id + "）");
    }
  }
  return std::nullopt;
}

namespace {
bool row_person_fits(const PowerRow& r, const PowerQuery& q) {
  if (r.person == PowerPerson::PartyMember && !q.party_member) return false;
  if (r.person == PowerPerson::Supervised && !q.category) return false;
  if (!r.categories.empty() && (!q.category || std::find(r.categories.begin(), r.categories.end(), *q.category) == r.categories.end()))
    return false;
  return true;
}
bool row_has(const PowerRow& r, Outcome o) { return std::find(r.outcomes.begin(), r.outcomes.end(), o) != r.outcomes.end(); }
// The first row of `organ` that covers `o` for this person and case.
const PowerRow* covering(const ApprovalPowers& p, DecidingOrgan organ, Outcome o, const PowerQuery& q) {
  for (const auto& r : p.rows)
    if (r.organ == organ && row_has(r, o) && row_person_fits(r, q) && (q.simple_case || !r.simple_only)) return &r;
  return nullptr;
}
}  // namespace

Check organ_power_problem(const ApprovalPowers& p, DecidingOrgan organ, const PowerQuery& q) {
  if (auto f = outcome_fit_problem(p, q)) return f;
  for (auto o : q.outcomes) {
    if (covering(p, organ, o, q)) continue;
    // The organ's own row limited to simple cases, else the row giving the power to another organ.
    for (const auto& r : p.rows)
      if (r.organ == organ && row_has(r, o) && row_person_fits(r, q) && r.simple_only && !q.simple_case)
        return Problem::invalid("outcomes", "重要或复杂案件给予" + label(o) + "须报县纪委批准（" + r.basis +
                                                "；approval-powers.json: " + r.id + "）");
    for (const auto& r : p.rows)
      if (r.organ != organ && row_has(r, o) && row_person_fits(r, q) && (q.simple_case || !r.simple_only))
        return Problem::invalid("outcomes", label(o) + "不在该机关的批准权限内，由其他机关决定或批准（" + r.basis +
                                                "；approval-powers.json: " + r.id + "）");
    return Problem::invalid("outcomes", label(o) + "不在该机关的批准权限内（approval-powers.json 无相应规定）");
  }
  return std::nullopt;
}

FlowProposal proposed_flow(const ApprovalPowers& p, const PowerQuery& q) {
  if (auto f = outcome_fit_problem(p, q)) throw to_error(*f);
  FlowProposal out;
  for (auto organ : {DecidingOrgan::TownshipCommission, DecidingOrgan::TownshipPartyCommittee}) {
    std::vector<std::string> rows;
    bool all = true;
    for (auto o : q.outcomes) {
      const PowerRow* r = covering(p, organ, o, q);
      if (!r) {
        all = false;
        break;
      }
      if (std::find(rows.begin(), rows.end(), r->id) == rows.end()) rows.push_back(r->id);
    }
    if (all) {
      out.flow = ReviewFlow::TownshipReview;
      out.township_organ = organ;
      out.rows = rows;
      return out;
    }
  }
  out.flow = ReviewFlow::TownshipApprovalRequest;
  for (auto o : q.outcomes)
    for (auto organ : {DecidingOrgan::CountyCommission, DecidingOrgan::CountySupervision, DecidingOrgan::CountyPartyCommittee})
      if (const PowerRow* r = covering(p, organ, o, q)) {
        if (std::find(out.rows.begin(), out.rows.end(), r->id) == out.rows.end()) out.rows.push_back(r->id);
        break;
      }
  return out;
}

}  // namespace funnel::core
