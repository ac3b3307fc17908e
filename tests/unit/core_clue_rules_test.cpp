// The rules of a clue's steps (domain.md §3) as App::act_on_clue reports
// them: every branch, with its exact field and message.
#include <gtest/gtest.h>

#include "core/clue_rules.hpp"
#include "problem_print.hpp"

using namespace funnel::core;
using S = ClueState;
using A = ClueAction;
using M = DisposalMethod;
using O = ClueOutcome;

namespace {
Check I(const char* field, const char* msg) { return Problem::invalid(field, msg); }
Check C(const char* msg) { return Problem::conflict(msg, "action"); }
constexpr std::nullopt_t ok = std::nullopt;
Day D(const char* s) { return *parse_day(s); }
const Day kToday = D("2024-08-13");

OrgUnit org(long long id, long long county, const char* kind, const char* category) {
  OrgUnit o;
  o.id = id;
  o.county_id = county;
  o.kind = kind;
  o.category = category;
  return o;
}
// County 1: townships 10 and 11, room 20, petition office 21; county 2: township 90, room 91.
const OrgUnit T10 = org(10, 1, "township", "town"), T11 = org(11, 1, "township", "subdistrict"),
              R20 = org(20, 1, "department", "discipline_room"), P21 = org(21, 1, "department", "petition_office"),
              T90 = org(90, 2, "township", "town"), R91 = org(91, 2, "department", "discipline_room"),
              V30 = org(30, 1, "village", "village");

Clue clue(const char* state = "registered", const char* proposed = "township", int conflict = 0) {
  Clue c;
  c.county_id = 1;
  c.township_id = 10;
  c.state = state;
  c.proposed_mode = proposed;
  c.conflict = conflict;
  return c;
}
DispatchRequest req(const char* mode, const OrgUnit* lead, const OrgUnit* assist = nullptr,
                    std::optional<std::string> reason = std::nullopt) {
  DispatchRequest r;
  if (mode) r.mode = mode;
  r.reason = reason;
  if (lead) r.lead_org_id = lead->id;
  if (assist) r.assist_org_id = assist->id;
  r.lead = lead;
  r.assist = assist;
  return r;
}
ClueRecord rec(ClueRecordKind k) {
  ClueRecord r;
  r.kind = std::string(kClueRecordKinds.code(k));
  return r;
}
}  // namespace

TEST(ClueRules, RequiredText) {
  EXPECT_EQ(required_text("note", std::nullopt, "处置情况和意见"), I("note", "请填写处置情况和意见"));
  EXPECT_EQ(required_text("note", " \t", "处置情况和意见"), I("note", "请填写处置情况和意见"));
  EXPECT_EQ(required_text("note", "\u3000", "处置情况和意见"), I("note", "请填写处置情况和意见"));
  EXPECT_EQ(required_text("note", "已谈话", "处置情况和意见"), ok);
}

TEST(ClueRules, AReturnOrARejectionCarriesAReason) {
  for (A a : {A::ReturnDispatch, A::RejectDisposal}) {
    EXPECT_EQ(clue_reason_problem(a, std::nullopt), I("reason", "请填写理由"));
    EXPECT_EQ(clue_reason_problem(a, "  "), I("reason", "请填写理由"));
    EXPECT_EQ(clue_reason_problem(a, "材料不全"), ok);
  }
  for (A a : {A::ProposeDispatch, A::ApproveDispatch, A::Acknowledge, A::ProposeDisposal, A::ApproveDisposal,
              A::Conclude, A::Review})
    EXPECT_EQ(clue_reason_problem(a, std::nullopt), ok) << kClueActions.code(a);
}

TEST(ClueRules, TransitionProblems) {
  struct Case {
    S from;
    A action;
    ClueStepFacts facts;
    Check want;
  };
  const Case cases[] = {
      {S::InTalkInquiry, A::Conclude, {}, I("outcome", "请选择处置结果")},
      {S::InVerification, A::Conclude, {}, I("outcome", "请选择处置结果")},
      {S::InTalkInquiry, A::Conclude, {std::nullopt, O::FileCase}, I("outcome", "该处置方式不能得出此结果")},
      {S::InVerification, A::Conclude, {std::nullopt, O::Reinquiry}, I("outcome", "该处置方式不能得出此结果")},
      {S::InTalkInquiry, A::Conclude, {std::nullopt, O::FirstForm}, ok},
      {S::InVerification, A::Conclude, {std::nullopt, O::FileCase}, ok},
      {S::Received, A::Conclude, {}, C("问题线索当前状态不能执行此操作")},
      {S::Closed, A::Conclude, {std::nullopt, O::Close}, C("问题线索当前状态不能执行此操作")},
      {S::Registered, A::Acknowledge, {}, C("问题线索当前状态不能执行此操作")},
      {S::DisposalProposed, A::ApproveDisposal, {}, C("问题线索当前状态不能执行此操作")},  // no method
      {S::DisposalProposed, A::ApproveDisposal, {M::Closure}, ok},
      {S::Registered, A::ProposeDispatch, {}, ok},
      {S::Pending, A::Review, {}, ok},
  };
  for (const auto& c : cases)
    EXPECT_EQ(clue_transition_problem(c.from, c.action, c.facts), c.want)
        << kClueStates.code(c.from) << " " << kClueActions.code(c.action);
}

TEST(ClueRules, StepFactsAndTheApprovalChainsProgress) {
  const std::vector<Role> county{Role::DisciplineRoom, Role::CountyLeader}, township{Role::TownshipSecretary};
  Clue c = clue("disposal_proposed", "county_led");
  c.mode = "county_led";
  c.method = "talk_inquiry";
  auto f = clue_step_facts(c, O::FirstForm, county);
  EXPECT_EQ(f.method, M::TalkInquiry);
  EXPECT_EQ(f.outcome, O::FirstForm);
  EXPECT_FALSE(f.last_approval);
  EXPECT_EQ(next_approver_role(c, county), Role::DisciplineRoom);
  c.approvals_done = 1;
  EXPECT_TRUE(clue_step_facts(c, std::nullopt, county).last_approval);
  EXPECT_EQ(next_approver_role(c, county), Role::CountyLeader);
  c.approvals_done = 2;
  EXPECT_EQ(next_approver_role(c, county), std::nullopt);
  c.approvals_done = -1;
  EXPECT_EQ(next_approver_role(c, county), std::nullopt);
  c.approvals_done = 0;
  EXPECT_TRUE(clue_step_facts(c, std::nullopt, township).last_approval);
  EXPECT_TRUE(clue_step_facts(c, std::nullopt, {}).last_approval);
  EXPECT_EQ(next_approver_role(c, {}), std::nullopt);  // no mode: no chain
  c.state = "received";
  EXPECT_EQ(next_approver_role(c, county), std::nullopt);
  c.method = "no_such_method";
  EXPECT_EQ(clue_step_facts(c, std::nullopt, county).method, std::nullopt);
  c.method.reset();
  EXPECT_EQ(clue_step_facts(c, std::nullopt, county).method, std::nullopt);
}

TEST(ClueRules, WhereTheActorStands) {
  const std::vector<Role> county{Role::DisciplineRoom, Role::CountyLeader}, township{Role::TownshipSecretary};
  Clue c = clue("disposal_proposed", "joint");
  c.mode = "joint";
  c.lead_org_id = 20;
  c.assist_org_id = 10;
  auto rel = [&](Role r, std::optional<long long> org, long long county_id, const std::vector<Role>& chain) {
    auto x = clue_relation(c, r, org, county_id, chain);
    return std::tuple{x.at_lead, x.at_assist, x.next_approver};
  };
  using T = std::tuple<bool, bool, bool>;
  EXPECT_EQ(rel(Role::DisciplineRoom, 20, 1, county), (T{true, false, true}));   // the lead room approves first
  EXPECT_EQ(rel(Role::DisciplineRoom, 22, 1, county), (T{false, false, false}));  // another room does not
  EXPECT_EQ(rel(Role::TownshipStaff, 10, 1, county), (T{false, true, false}));
  EXPECT_EQ(rel(Role::CountyLeader, 1, 1, county), (T{false, false, false}));   // not yet the leader's turn
  EXPECT_EQ(rel(Role::DisciplineRoom, std::nullopt, 1, county), (T{false, false, false}));  // no unit
  c.approvals_done = 1;
  EXPECT_EQ(rel(Role::CountyLeader, 1, 1, county), (T{false, false, true}));    // for the whole county
  EXPECT_EQ(rel(Role::CountyLeader, 2, 2, county), (T{false, false, false}));   // not another county's
  EXPECT_EQ(rel(Role::DisciplineRoom, 20, 1, county), (T{true, false, false}));
  c.approvals_done = 2;
  EXPECT_EQ(rel(Role::CountyLeader, 1, 1, county), (T{false, false, false}));   // chain complete
  // A township matter: its secretary at the leading township.
  c.mode = "township";
  c.lead_org_id = 10;
  c.assist_org_id.reset();
  c.approvals_done = 0;
  EXPECT_EQ(rel(Role::TownshipSecretary, 10, 1, township), (T{true, false, true}));
  EXPECT_EQ(rel(Role::TownshipSecretary, 11, 1, township), (T{false, false, false}));
  EXPECT_EQ(rel(Role::TownshipStaff, 10, 1, township), (T{true, false, false}));
  c.mode.reset();
  EXPECT_EQ(rel(Role::TownshipSecretary, 10, 1, township), (T{true, false, false}));
  c.mode = "township";
  c.state = "received";
  EXPECT_EQ(rel(Role::TownshipSecretary, 10, 1, township), (T{true, false, false}));
}

TEST(ClueRules, DispatchModeReasonAndConflict) {
  EXPECT_EQ(dispatch_problem(clue(), req(nullptr, &T10)), I("mode", "请选择分办方式"));
  EXPECT_EQ(dispatch_problem(clue(), req("county", &T10)), I("mode", "未知的分办方式"));
  EXPECT_EQ(dispatch_problem(clue(), req("township", &T10)), ok);  // the proposal, no reason needed
  EXPECT_EQ(dispatch_problem(clue(), req("county_led", &R20)), I("reason", "不采纳系统建议的分办方式须写明理由"));
  EXPECT_EQ(dispatch_problem(clue(), req("county_led", &R20, nullptr, "\u3000")),
            I("reason", "不采纳系统建议的分办方式须写明理由"));
  EXPECT_EQ(dispatch_problem(clue(), req("county_led", &R20, nullptr, "案情复杂")), ok);
  // Reassignment (改办) always needs a reason, even to the proposed mode.
  for (const char* s : {"dispatched", "received"}) {
    EXPECT_EQ(dispatch_problem(clue(s), req("township", &T10)), I("reason", "改变承办单位须写明理由")) << s;
    EXPECT_EQ(dispatch_problem(clue(s), req("township", &T11, nullptr, "原承办单位回避")), ok) << s;
  }
  const Clue conflicted = clue("registered", "county_led", 1);
  for (const char* m : {"township", "joint"})
    EXPECT_EQ(dispatch_problem(conflicted, req(m, &T11, nullptr, "就近办理")),
              I("mode", "线索涉及乡镇纪检监察干部或党委书记，存在利益冲突，只能由县纪委监委领办"))
        << m;
  EXPECT_EQ(dispatch_problem(clue(), req("township", nullptr)), I("lead_org_id", "请选择承办单位"));
}

TEST(ClueRules, DispatchOrganisationsOfEachMode) {
  const char* township_lead = "镇案镇办的承办单位应为本县的乡镇（街道）";
  const char* room_lead = "县领办、县镇合办的牵头单位应为本县的纪检监察室";
  // township: a township of the county, no assisting unit.
  auto lost = req("township", nullptr);
  lost.lead_org_id = 12;  // sent but not found
  EXPECT_EQ(dispatch_problem(clue(), lost), I("lead_org_id", township_lead));
  for (const OrgUnit* o : {&T90, &R20, &V30})
    EXPECT_EQ(dispatch_problem(clue(), req("township", o)), I("lead_org_id", township_lead)) << o->id;
  EXPECT_EQ(dispatch_problem(clue(), req("township", &T10, &T11)), I("assist_org_id", "镇案镇办不设协办单位"));
  EXPECT_EQ(dispatch_problem(clue(), req("township", &T11)), ok);
  // county_led and joint: a discipline room of the county leads.
  for (const char* m : {"county_led", "joint"}) {
    auto none = req(m, nullptr, &T10, "需要县级力量");
    none.lead_org_id = 22;
    EXPECT_EQ(dispatch_problem(clue(), none), I("lead_org_id", room_lead)) << m;
    for (const OrgUnit* o : {&T10, &P21, &R91})
      EXPECT_EQ(dispatch_problem(clue(), req(m, o, &T10, "需要县级力量")), I("lead_org_id", room_lead)) << m << o->id;
  }
  EXPECT_EQ(dispatch_problem(clue(), req("joint", &R20, nullptr, "需要县级力量")),
            I("assist_org_id", "县镇合办须选择协办的乡镇（街道）"));
  EXPECT_EQ(dispatch_problem(clue(), req("county_led", &R20, nullptr, "案情复杂")), ok);
  // The assisting unit: a township of the county.
  for (const char* m : {"county_led", "joint"}) {
    auto gone = req(m, &R20, nullptr, "需要县级力量");
    gone.assist_org_id = 13;
    EXPECT_EQ(dispatch_problem(clue(), gone), I("assist_org_id", "协办单位应为本县的乡镇（街道）")) << m;
    for (const OrgUnit* o : {&T90, &R20, &V30})
      EXPECT_EQ(dispatch_problem(clue(), req(m, &R20, o, "需要县级力量")),
                I("assist_org_id", "协办单位应为本县的乡镇（街道）"))
          << m << o->id;
    EXPECT_EQ(dispatch_problem(clue(), req(m, &R20, &T10, "需要县级力量")), ok) << m;
  }
  // A conflict of interest: the township concerned may not assist, another may.
  const Clue conflicted = clue("registered", "county_led", 1);
  EXPECT_EQ(dispatch_problem(conflicted, req("county_led", &R20, &T10)),
            I("assist_org_id", "存在利益冲突，该乡镇不能协办"));
  EXPECT_EQ(dispatch_problem(conflicted, req("county_led", &R20, &T11)), ok);
  EXPECT_EQ(dispatch_problem(conflicted, req("county_led", &R20)), ok);
}

TEST(ClueRules, DisposalProposals) {
  auto dr = [](const char* method, std::optional<std::string> plan = std::nullopt,
               std::optional<std::string> reason = std::nullopt, std::optional<std::string> review = std::nullopt) {
    DisposalRequest r;
    if (method) r.method = method;
    r.plan = plan;
    r.reason = reason;
    r.review_day = review;
    return r;
  };
  EXPECT_EQ(disposal_proposal_problem(dr(nullptr), kToday), I("method", "请选择处置方式"));
  EXPECT_EQ(disposal_proposal_problem(dr("talk"), kToday), I("method", "未知的处置方式"));
  for (const char* m : {"talk_inquiry", "preliminary_verification"}) {
    EXPECT_EQ(disposal_proposal_problem(dr(m), kToday), I("plan", "请填写处置方案")) << m;
    EXPECT_EQ(disposal_proposal_problem(dr(m, " "), kToday), I("plan", "请填写处置方案")) << m;
    EXPECT_EQ(disposal_proposal_problem(dr(m, "约谈本人"), kToday), ok) << m;
  }
  EXPECT_EQ(disposal_proposal_problem(dr("closure"), kToday), I("reason", "请填写予以了结的理由"));
  EXPECT_EQ(disposal_proposal_problem(dr("closure", std::nullopt, "反映失实"), kToday), ok);
  EXPECT_EQ(disposal_proposal_problem(dr("pending"), kToday), I("review_day", "暂存待查须确定重新研判的日期"));
  EXPECT_EQ(disposal_proposal_problem(dr("pending", std::nullopt, std::nullopt, "2024-02-30"), kToday),
            I("review_day", "应为 YYYY-MM-DD 格式的有效日期"));
  for (const char* d : {"2024-08-13", "2024-08-12"})
    EXPECT_EQ(disposal_proposal_problem(dr("pending", std::nullopt, std::nullopt, d), kToday),
              I("review_day", "重新研判日期应晚于今天"))
        << d;
  EXPECT_EQ(disposal_proposal_problem(dr("pending", std::nullopt, std::nullopt, "2024-08-14"), kToday), ok);
}

TEST(ClueRules, Conclusions) {
  using K = ClueRecordKind;
  const std::optional<std::string> note = "已谈话，本人说明清楚";
  const char* talk = "办结谈话函询须先登记谈话笔录或函询回复";
  const char* verification = "办结初步核实须先登记初核报告";
  EXPECT_EQ(conclusion_problem(M::TalkInquiry, {}, O::FirstForm, note, std::nullopt, kToday), C(talk));
  EXPECT_EQ(conclusion_problem(M::TalkInquiry, {rec(K::InquiryLetter)}, O::FirstForm, note, std::nullopt, kToday),
            C(talk));
  EXPECT_EQ(conclusion_problem(M::TalkInquiry, {rec(K::TalkRecord)}, O::FirstForm, note, std::nullopt, kToday), ok);
  EXPECT_EQ(conclusion_problem(M::TalkInquiry, {rec(K::InquiryReply)}, O::ClosedUnfounded, note, std::nullopt, kToday),
            ok);
  EXPECT_EQ(conclusion_problem(M::PreliminaryVerification, {}, O::FileCase, note, std::nullopt, kToday),
            C(verification));
  EXPECT_EQ(conclusion_problem(M::PreliminaryVerification, {rec(K::VerificationPlan)}, O::FileCase, note,
                               std::nullopt, kToday),
            C(verification));
  const std::vector<ClueRecord> report{rec(K::VerificationReport)};
  EXPECT_EQ(conclusion_problem(M::PreliminaryVerification, report, O::FileCase, note, std::nullopt, kToday), ok);
  // The records come first, then the note, then a keep-pending review day.
  EXPECT_EQ(conclusion_problem(M::PreliminaryVerification, {}, O::KeepPending, std::nullopt, std::nullopt, kToday),
            C(verification));
  EXPECT_EQ(conclusion_problem(M::PreliminaryVerification, report, O::FileCase, std::nullopt, std::nullopt, kToday),
            I("note", "请填写处置情况和意见"));
  EXPECT_EQ(conclusion_problem(M::PreliminaryVerification, report, O::KeepPending, " ", std::nullopt, kToday),
            I("note", "请填写处置情况和意见"));
  for (std::optional<std::string> d : {std::optional<std::string>{}, std::optional<std::string>{"2024-08-13"},
                                       std::optional<std::string>{"2024-08-01"}, std::optional<std::string>{"later"}})
    EXPECT_EQ(conclusion_problem(M::PreliminaryVerification, report, O::KeepPending, note, d, kToday),
              I("review_day", "暂存待查须确定晚于今天的重新研判日期"))
        << d.value_or("(none)");
  EXPECT_EQ(conclusion_problem(M::PreliminaryVerification, report, O::KeepPending, note, "2024-08-14", kToday), ok);
}

TEST(ClueRules, AnEarlyReviewNeedsAReason) {
  const char* msg = "未到重新研判日期，提前研判须写明理由";
  EXPECT_EQ(early_review_problem("2024-08-14", std::nullopt, kToday), I("reason", msg));
  EXPECT_EQ(early_review_problem("2024-08-14", "  ", kToday), I("reason", msg));
  EXPECT_EQ(early_review_problem("2024-08-14", "出现新情况", kToday), ok);
  EXPECT_EQ(early_review_problem("2024-08-13", std::nullopt, kToday), ok);  // the review day itself
  EXPECT_EQ(early_review_problem("2024-08-01", std::nullopt, kToday), ok);
  EXPECT_EQ(early_review_problem(std::nullopt, std::nullopt, kToday), ok);
}

TEST(ClueRules, ClockFactsFromTheRecords) {
  using K = ClueRecordKind;
  auto facts = [](std::vector<ClueRecord> rs, S to) {
    auto f = clue_clock_facts(rs, to);
    return std::pair{f.letter_sent, f.answered};
  };
  using P = std::pair<bool, bool>;
  EXPECT_EQ(facts({}, S::Received), (P{false, false}));
  EXPECT_EQ(facts({rec(K::InquiryLetter)}, S::Received), (P{true, false}));
  EXPECT_EQ(facts({rec(K::InquiryLetter), rec(K::InquiryReply)}, S::Received), (P{true, true}));
  EXPECT_EQ(facts({rec(K::TalkRecord)}, S::Pending), (P{false, true}));
  EXPECT_EQ(facts({rec(K::VerificationReport)}, S::InVerification), (P{false, false}));
  // A new talk or letter of inquiry starts afresh.
  EXPECT_EQ(facts({rec(K::InquiryLetter), rec(K::TalkRecord)}, S::InTalkInquiry), (P{false, false}));
  EXPECT_TRUE(has_clue_record({rec(K::TalkRecord)}, K::TalkRecord));
  EXPECT_FALSE(has_clue_record({rec(K::TalkRecord)}, K::InquiryReply));
}
