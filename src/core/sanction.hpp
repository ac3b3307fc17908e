#pragma once
// Decisions (CA-6; domain.md §4, regulations.md §4, §6, §7, §12): the
// outcomes a case may end in, their influence periods (影响期), how periods
// combine, change on appeal or extend, the four forms (四种形态) of a
// decision, and who may decide which outcome for whom (approval powers,
// 乡案县审 or 乡镇报批). The rules are data (data/sanctions.json,
// data/approval-powers.json, parsed by src/app and checked here); every
// check answers nothing or a Problem naming the field and the rule, which
// the use case throws with to_error (422).
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/case.hpp"
#include "core/enums.hpp"
#include "core/problem.hpp"

namespace funnel::core {

enum class Outcome {
  // 党纪处分 (CF 8)
  PartyWarning, PartySeriousWarning, RemovalFromPartyPosts, PartyProbation, PartyExpulsion,
  // 政务处分 (ZW 7)
  GovWarning, GovDemerit, GovMajorDemerit, GovDemotion, GovDismissalFromPost, GovExpulsion,
  // 组织处理 (组织处理规定 2021)
  SuspensionForInspection, PostAdjustment, OrderedResignation, RemovalFromPost, DemotionInPost,
  // first-form measures (CF 19; ZW 12)
  TalkReminder, CriticismEducation, OrderedInspection, Admonishment,
  // 免予处分 (PZ 11; ZW 44(三)) and 移送司法机关 (the fourth form)
  Exemption, JudicialTransfer
};
inline constexpr EnumTable<Outcome, 22> kOutcomes{{{
    {Outcome::PartyWarning, "party_warning"},
    {Outcome::PartySeriousWarning, "party_serious_warning"},
    {Outcome::RemovalFromPartyPosts, "removal_from_party_posts"},
    {Outcome::PartyProbation, "party_probation"},
    {Outcome::PartyExpulsion, "party_expulsion"},
    {Outcome::GovWarning, "gov_warning"},
    {Outcome::GovDemerit, "gov_demerit"},
    {Outcome::GovMajorDemerit, "gov_major_demerit"},
    {Outcome::GovDemotion, "gov_demotion"},
    {Outcome::GovDismissalFromPost, "gov_dismissal_from_post"},
    {Outcome::GovExpulsion, "gov_expulsion"},
    {Outcome::SuspensionForInspection, "suspension_for_inspection"},
    {Outcome::PostAdjustment, "post_adjustment"},
    {Outcome::OrderedResignation, "ordered_resignation"},
    {Outcome::RemovalFromPost, "removal_from_post"},
    {Outcome::DemotionInPost, "demotion_in_post"},
    {Outcome::TalkReminder, "talk_reminder"},
    {Outcome::CriticismEducation, "criticism_education"},
    {Outcome::OrderedInspection, "ordered_inspection"},
    {Outcome::Admonishment, "admonishment"},
    {Outcome::Exemption, "exemption"},
    {Outcome::JudicialTransfer, "judicial_transfer"},
}}};

enum class OutcomeFamily { Party, Government, Organisational, FirstForm, Other };
inline constexpr EnumTable<OutcomeFamily, 5> kOutcomeFamilies{{{
    {OutcomeFamily::Party, "party_sanction"},
    {OutcomeFamily::Government, "government_sanction"},
    {OutcomeFamily::Organisational, "organisational_handling"},
    {OutcomeFamily::FirstForm, "first_form"},
    {OutcomeFamily::Other, "other"},
}}};
// The family by the enum's order (the data file must agree, see rules_error).
OutcomeFamily family_of(Outcome o);
// Heavier within a family: the enum's order (CF 8, ZW 7 list them lightest first).
bool heavier(Outcome a, Outcome b);

// --- influence periods (data/sanctions.json)

// An effect period: one of fixed amounts (警告 6 months; 留党察看 1 or 2
// years), or any amount from 1 to up_to (停职检查 at most 6 months).
struct PeriodSpec {
  LimitUnit unit = LimitUnit::Months;  // months or years
  std::vector<int> amounts;            // the allowed amounts; empty when up_to is set
  int up_to = 0;
};
// A further restriction after the period or from the decision: 留党察看's
// "恢复党员权利后二年内" (from the period's end), 免职's "2年内不得担任高于原职务层次"
// (from the decision).
struct FollowSpec {
  int amount = 0;
  LimitUnit unit = LimitUnit::Years;
  bool from_period_end = true;
  std::string effect;
};
// 留党察看 一年 may be extended once by one year, never beyond two (CF 12).
struct ExtensionSpec {
  int amount = 1;
  LimitUnit unit = LimitUnit::Years;
  int only_from = 1;  // only a period of this amount may be extended
  int max_total = 2;
  std::string basis;
};
struct OutcomeRule {
  Outcome outcome = Outcome::PartyWarning;
  OutcomeFamily family = OutcomeFamily::Party;
  std::optional<int> form;  // 1–4, 纪委工作条例 2021 art 31; nullopt: counted with what accompanies it
  std::optional<PeriodSpec> period;  // nullopt: no period exists (开除, 谈话提醒 …)
  std::optional<FollowSpec> then;
  std::optional<ExtensionSpec> extension;
  std::string effect;  // what the period restricts, Chinese
  std::string basis;   // the article(s)
  bool local = false;  // county or provincial practice (诫勉's 6 months)
};
struct SanctionRules {
  std::vector<OutcomeRule> rows;   // every outcome once
  int combined_gov_max_months = 48;  // ZW 15
  const OutcomeRule& of(Outcome o) const;  // std::out_of_range when missing
};
// What is wrong with loaded rules (every outcome once, family as family_of,
// forms 1–4, periods positive in months or years, an extension only where
// a period can be extended), or nullopt. The loader stops the server with it.
std::optional<std::string> rules_error(const SanctionRules& r);

// One outcome as decided. amount: the chosen period in the rule's unit,
// needed where the rule allows a choice (留党察看 1 or 2 years; 停职检查 up to
// 6 months), else it must be absent or the fixed amount. extended: the
// approved extensions (留党察看: 0 or 1).
struct DecidedOutcome {
  Outcome outcome = Outcome::PartyWarning;
  std::optional<int> amount;
  int extended = 0;
  friend bool operator==(const DecidedOutcome&, const DecidedOutcome&) = default;
};

// An outcome's periods as days. Both ends are the last day of the period
// (SL 285 counting, never moved off a holiday, see influence_period).
struct InfluencePeriod {
  Outcome outcome = Outcome::PartyWarning;
  Day effective;                 // the decision's day (PZ 5; ZW 8)
  std::optional<Day> period_end;  // the period itself (留党察看: the probation)
  std::optional<Day> end;         // the whole influence, incl. a following restriction
  friend bool operator==(const InfluencePeriod&, const InfluencePeriod&) = default;
};

// The amount, or the problem naming `field` and the rule: no period exists
// for that outcome (开除 with a period), an amount the rule does not allow
// (留党察看 3 years), a choice left open, an extension where none is allowed.
Check period_problem(const SanctionRules& rules, const DecidedOutcome& d, const std::string& field = "period");
// The decision day is not before the filing (立案) day.
Check decision_day_problem(Day decided, Day filed, const std::string& field = "decided_on");
// The periods of one outcome decided on `decided`; throws to_error of
// period_problem. Effective on the day decided (PZ 5; ZW 8); months and
// years counted as SL 285 (2021) counts (the start day not counted, a
// missing day → the month's last day).
InfluencePeriod influence_period(const SanctionRules& rules, const DecidedOutcome& d, Day decided);

// --- several government sanctions at once (ZW 15)

// "应当给予两种以上政务处分的，执行其中最重的政务处分；应当给予撤职以下多个相同
// 政务处分的，可以在一个政务处分期以上、多个政务处分期之和以下确定政务处分期，但是
// 最长不得超过四十八个月。" Different kinds: the heaviest is executed, its
// own period (min = max). The same kind, 撤职 or lighter: from one period
// to the sum, capped at 48 months. 开除 among them: no period.
struct CombinedGovRange {
  Outcome executed = Outcome::GovWarning;
  std::optional<int> min_months, max_months;  // nullopt: no period (开除)
};
// Every outcome a government sanction, at least one; else a problem on `field`.
Check combined_gov_problem(const SanctionRules& rules, const std::vector<Outcome>& sanctions,
                           const std::optional<int>& chosen_months, const std::string& field = "period_months");
CombinedGovRange combined_gov_range(const SanctionRules& rules, const std::vector<Outcome>& sanctions);
// The period the deciding organ chose within the range (required when the
// range is not a single value); throws to_error(combined_gov_problem).
InfluencePeriod combined_gov_period(const SanctionRules& rules, const std::vector<Outcome>& sanctions,
                                    const std::optional<int>& chosen_months, Day decided);

// --- a new sanction during a running period

struct RunningResult {
  InfluencePeriod period;  // what applies from the new decision on
  bool confirmed = true;   // false: no text read settles it (the periods are left as they are)
  std::string basis;
};
// Party sanction during a party influence period, CF (2023) art 21: "其影响期
// 为原处分尚未执行的影响期与新处分影响期之和" — the new period counted on from the
// old one's end (the remaining part, then the new period); a new
// 留党察看's probation (period_end) still runs from its decision, only its
// influence (end) moves. The old period's end is its whole influence (留党察看 with its
// two years after): our reading. Anything else (a government sanction during a running period: ZW
// 13(一) only makes the sanction heavier and ZW 26 keeps the old one from
// lapsing automatically; mixed families): UNCONFIRMED, the new period runs
// on its own and `confirmed` is false. A new decision after the old period
// ended is simply its own period.
RunningResult new_sanction_during(const SanctionRules& rules, const InfluencePeriod& running, const DecidedOutcome& d,
                                  Day decided);

// --- organisational handling with a sanction (组织处理规定 2021 art 11)

// "同时受到党纪政务处分和组织处理的，按照影响期长的规定执行": of the periods
// decided together, the one ending last; nullopt when none has a period.
std::optional<InfluencePeriod> longest_effect(const std::vector<InfluencePeriod>& periods);

// --- 留党察看 extended (CF 12)

// Only a one-year probation, once, two years at most in total.
Check probation_extension_problem(const SanctionRules& rules, const DecidedOutcome& d, const std::string& field = "extension");
DecidedOutcome extend_probation(const SanctionRules& rules, const DecidedOutcome& d);  // throws to_error

// --- a decision changed or revoked on appeal (申诉, 复审, 复核)

enum class DecisionChange { Original, Changed, Revoked };
inline constexpr EnumTable<DecisionChange, 3> kDecisionChanges{{{
    {DecisionChange::Original, "original"},
    {DecisionChange::Changed, "changed"},
    {DecisionChange::Revoked, "revoked"},
}}};
struct DecisionVersion {
  DecisionChange kind = DecisionChange::Original;
  Day on;  // the day of the decision, change or revocation
  std::vector<DecidedOutcome> outcomes;   // empty once revoked
  std::vector<InfluencePeriod> periods;   // recomputed for each version
};
// Every version kept, the current one last. A changed decision's periods run
// from the original decision's day: the review does not stop execution (ZW
// 56), so the time already run counts (UNCONFIRMED: no text read says from
// which day a changed period counts). A revoked decision has no period from
// the day of revocation (ZW 60). Changing or revoking a revoked decision,
// or a day before the last version's, is refused (field "on").
class DecisionHistory {
 public:
  static DecisionHistory original(const SanctionRules& rules, Day decided, std::vector<DecidedOutcome> outcomes);
  void change(const SanctionRules& rules, Day on, std::vector<DecidedOutcome> outcomes);
  void revoke(Day on);
  const std::vector<DecisionVersion>& versions() const { return versions_; }
  const DecisionVersion& current() const { return versions_.back(); }
  // The current influence of the decision (longest_effect of its periods).
  std::optional<InfluencePeriod> effect() const;

 private:
  std::vector<DecisionVersion> versions_;
};

// --- the four forms (纪委工作条例 2021 art 31)

// Form 4 when the decision holds 开除党籍, 开除 (公职) and 移送司法机关 together;
// otherwise the heaviest form among the outcomes' forms; nullopt for none
// (免予处分 alone).
std::optional<int> four_form(const SanctionRules& rules, const std::vector<Outcome>& outcomes);

// --- approval powers (data/approval-powers.json)

// Who decides or approves (PZ 2022; XSJ; ZW). The county 监委 makes the
// 政务处分 decisions (township 监察 powers are LOCAL, regulations.md §11).
enum class DecidingOrgan {
  TownshipCommission,     // 乡镇纪委
  TownshipPartyCommittee, // 乡镇党委
  CountyCommission,       // 县纪委 (常委会)
  CountySupervision,      // 县监委
  CountyPartyCommittee    // 县委
};
inline constexpr EnumTable<DecidingOrgan, 5> kDecidingOrgans{{{
    {DecidingOrgan::TownshipCommission, "township_commission"},
    {DecidingOrgan::TownshipPartyCommittee, "township_party_committee"},
    {DecidingOrgan::CountyCommission, "county_commission"},
    {DecidingOrgan::CountySupervision, "county_supervision"},
    {DecidingOrgan::CountyPartyCommittee, "county_party_committee"},
}}};
bool township_organ(DecidingOrgan o);

// 乡案县审: the township has the power, the county reviews the file once;
// 乡镇报批: the county approves (or, for 政务处分, decides).
enum class ReviewFlow { TownshipReview, TownshipApprovalRequest };
inline constexpr EnumTable<ReviewFlow, 2> kReviewFlows{{{
    {ReviewFlow::TownshipReview, "township_review"},
    {ReviewFlow::TownshipApprovalRequest, "township_approval_request"},
}}};

enum class PowerPerson { PartyMember, Supervised, Any };
struct PowerRow {
  std::string id;
  DecidingOrgan organ = DecidingOrgan::TownshipCommission;
  std::vector<Outcome> outcomes;
  bool simple_only = false;  // only in simple cases (important or complex → the county)
  PowerPerson person = PowerPerson::Any;
  // 监察对象 categories the row covers; empty: every category (or not a 监察对象)
  std::vector<SupervisedCategory> categories;
  std::string basis;
  bool local = false;
};
// A category's persons may receive only these government sanctions (ZW 22
// village cadres; ZW 23 other persons performing public duties).
struct CategoryLimit {
  std::string id;
  SupervisedCategory category = SupervisedCategory::GrassrootsAutonomy;
  std::vector<Outcome> allowed;  // government sanctions only
  std::string basis;
};
struct ApprovalPowers {
  std::vector<PowerRow> rows;
  std::vector<CategoryLimit> limits;
};
// Unique ids, known outcomes, a township organ never beyond the party
// committee's 留党察看 (PZ 28), limits only on government sanctions, every
// outcome decided by some row; nullopt when sound.
std::optional<std::string> powers_error(const ApprovalPowers& p);

struct PowerQuery {
  std::vector<Outcome> outcomes;
  bool party_member = false;
  std::optional<SupervisedCategory> category;  // 监察对象 category, nullopt: none
  bool simple_case = false;  // a simple case; important or complex (the stricter reading) unless said
};
// The category limits (ZW 22: a village cadre only 警告、记过、记大过), and a
// party sanction only for a party member, a government sanction only for a
// 监察对象; the problem on "outcomes" cites the rule.
Check outcome_fit_problem(const ApprovalPowers& p, const PowerQuery& q);
// Whether `organ` may decide every proposed outcome for this person and
// case; the problem names the approval-powers.json row that holds the power
// (or restricts it to simple cases).
Check organ_power_problem(const ApprovalPowers& p, DecidingOrgan organ, const PowerQuery& q);
struct FlowProposal {
  ReviewFlow flow = ReviewFlow::TownshipReview;
  // township_review: the lowest township organ that may decide all of it.
  std::optional<DecidingOrgan> township_organ;
  std::vector<std::string> rows;  // the rows relied on
};
// 乡案县审 when one township organ may decide every outcome, else 乡镇报批.
// Throws to_error(outcome_fit_problem) first.
FlowProposal proposed_flow(const ApprovalPowers& p, const PowerQuery& q);

}  // namespace funnel::core
