// The rules of a petition's steps (domain.md §2) as App::act_on_petition
// reports them: every branch, with its exact field and message.
#include <gtest/gtest.h>

#include "core/petition_rules.hpp"
#include "problem_print.hpp"

using namespace funnel::core;
using S = PetitionState;
using A = PetitionAction;

namespace {
Check I(const char* field, const char* msg) { return Problem::invalid(field, msg); }
Check C(const char* msg) { return Problem::conflict(msg, "action"); }
constexpr std::nullopt_t ok = std::nullopt;

OrgUnit org(long long id, long long county, const char* kind, const char* category) {
  OrgUnit o;
  o.id = id;
  o.county_id = county;
  o.kind = kind;
  o.category = category;
  return o;
}
Petition petition(const char* jurisdiction = "township", int conflict = 0) {
  Petition p;
  p.id = 7;
  p.county_id = 1;
  p.state = "accepted";
  p.jurisdiction = jurisdiction;
  p.conflict = conflict;
  return p;
}
PetitionRequest with(std::optional<std::string> reason, std::optional<std::string> note = std::nullopt) {
  PetitionRequest r;
  r.reason = reason;
  r.note = note;
  return r;
}
}  // namespace

TEST(PetitionRules, WhichStepsRecordANote) {
  for (auto& [a, code] : kPetitionActions.rows)
    EXPECT_EQ(needs_note(a), a == A::Conclude || a == A::GiveFeedback || a == A::FollowUp) << code;
}

TEST(PetitionRules, WhatARequestCarries) {
  const char* reason = "此操作须写明理由";
  for (A a : {A::Reject, A::TransferOut, A::Suspend, A::Extend, A::Merge}) {
    EXPECT_EQ(petition_request_problem(a, with(std::nullopt)), I("reason", reason)) << kPetitionActions.code(a);
    EXPECT_EQ(petition_request_problem(a, with("\u3000 ")), I("reason", reason)) << kPetitionActions.code(a);
    EXPECT_EQ(petition_request_problem(a, with("重复反映")), ok) << kPetitionActions.code(a);
  }
  const char* note = "请填写办理结果或反馈、回访情况";
  for (A a : {A::Conclude, A::GiveFeedback, A::FollowUp}) {
    EXPECT_EQ(petition_request_problem(a, with(std::nullopt)), I("note", note)) << kPetitionActions.code(a);
    EXPECT_EQ(petition_request_problem(a, with(std::nullopt, " ")), I("note", note)) << kPetitionActions.code(a);
    EXPECT_EQ(petition_request_problem(a, with(std::nullopt, "已办结")), ok) << kPetitionActions.code(a);
  }
  for (A a : {A::Accept, A::Assign, A::Acknowledge, A::ConvertToClue, A::Archive, A::Resume})
    EXPECT_EQ(petition_request_problem(a, with(std::nullopt)), ok) << kPetitionActions.code(a);

  // Fields that belong to one action only.
  PetitionRequest r = with("理由");
  r.handler_org_id = true;
  EXPECT_EQ(petition_request_problem(A::Accept, r), I("handler_org_id", "仅交办时填写此项"));
  EXPECT_EQ(petition_request_problem(A::Assign, r), ok);
  r = with("理由");
  r.transfer_to = true;
  EXPECT_EQ(petition_request_problem(A::Accept, r), I("transfer_to", "仅转办时填写此项"));
  EXPECT_EQ(petition_request_problem(A::TransferOut, r), ok);
  r = with("理由");
  r.merged_into = true;
  EXPECT_EQ(petition_request_problem(A::Accept, r), I("merged_into", "仅合并时填写此项"));
  EXPECT_EQ(petition_request_problem(A::Merge, r), ok);
  // In this order: reason, note, handler, transfer, merge.
  r = with(std::nullopt);
  r.handler_org_id = r.transfer_to = r.merged_into = true;
  EXPECT_EQ(petition_request_problem(A::Reject, r), I("reason", reason));
  EXPECT_EQ(petition_request_problem(A::Conclude, r), I("note", note));
  EXPECT_EQ(petition_request_problem(A::Accept, r), I("handler_org_id", "仅交办时填写此项"));
  EXPECT_EQ(petition_request_problem(A::Assign, r), I("transfer_to", "仅转办时填写此项"));
  r.transfer_to = false;
  EXPECT_EQ(petition_request_problem(A::Assign, r), I("merged_into", "仅合并时填写此项"));
}

TEST(PetitionRules, TheStateAndTheSuspension) {
  EXPECT_EQ(petition_transition_problem(S::Registered, A::Accept, false), ok);
  EXPECT_EQ(petition_transition_problem(S::Registered, A::Conclude, false), C("当前状态不能执行此操作"));
  EXPECT_EQ(petition_transition_problem(S::InProgress, A::Resume, false), C("当前状态不能执行此操作"));
  EXPECT_EQ(petition_transition_problem(S::InProgress, A::Conclude, true), C("本件已中止，只能恢复办理"));
  EXPECT_EQ(petition_transition_problem(S::InProgress, A::Resume, true), ok);
  EXPECT_EQ(petition_transition_problem(S::Archived, A::Archive, true), C("本件已中止，只能恢复办理"));
}

TEST(PetitionRules, AcceptanceByJurisdiction) {
  const char* upward =
      "本件属上级纪委监委管辖，不能受理，应在5个工作日内报送上级（《纪检监察机关处理检举控告工作规则》第十五条）";
  const char* out =
      "本件不属于纪检监察机关业务范围，不能受理，应转有关部门处理（《纪检监察机关处理检举控告工作规则》第十三条）";
  const char* county_at_township =
      "本件属县纪委监委管辖，乡镇纪委不能受理，应在5个工作日内报送县纪委监委（《纪检监察机关处理检举控告工作规则》第十一条、第十五条）";
  for (bool at_township : {false, true}) {
    EXPECT_EQ(accept_problem(petition("township"), at_township), ok);
    EXPECT_EQ(accept_problem(petition("upward"), at_township), I("jurisdiction", upward));
    EXPECT_EQ(accept_problem(petition("out_of_scope"), at_township), I("jurisdiction", out));
  }
  EXPECT_EQ(accept_problem(petition("county"), false), ok);
  EXPECT_EQ(accept_problem(petition("county"), true), I("jurisdiction", county_at_township));
}

TEST(PetitionRules, TheHandlerOfAnAssignment) {
  const OrgUnit town = org(10, 1, "township", "town"), street = org(11, 1, "township", "subdistrict"),
                room = org(20, 1, "department", "discipline_room"), office = org(21, 1, "department", "petition_office"),
                trial = org(22, 1, "department", "trial_office"), village = org(30, 1, "village", "village"),
                county = org(1, 1, "county", "county"), far = org(90, 2, "township", "town");
  const char* kind = "承办单位应为本县乡镇（街道）纪委、纪检监察室或信访室";
  EXPECT_EQ(handler_problem(petition(), std::nullopt, nullptr), I("handler_org_id", "请选择承办单位"));
  EXPECT_EQ(handler_problem(petition(), 12, nullptr), I("handler_org_id", kind));
  for (const OrgUnit* o : {&trial, &village, &county, &far})
    EXPECT_EQ(handler_problem(petition(), o->id, o), I("handler_org_id", kind)) << o->id;
  for (const OrgUnit* o : {&town, &street, &room, &office})
    EXPECT_EQ(handler_problem(petition(), o->id, o), ok) << o->id;
  // The jurisdiction and a conflict of interest keep an item from a township.
  const char* county_only =
      "本件属县纪委监委管辖，不能交乡镇办理（《纪检监察机关处理检举控告工作规则》第十一条、第十六条）";
  const char* conflicted =
      "反映乡镇纪检监察干部或乡镇党委书记的信访件须由县纪委监委办理，不能交乡镇办理（干部管理权限与回避）";
  EXPECT_EQ(handler_problem(petition("county"), 10, &town), I("handler_org_id", county_only));
  EXPECT_EQ(handler_problem(petition("county"), 20, &room), ok);
  EXPECT_EQ(handler_problem(petition("county", 1), 10, &town), I("handler_org_id", conflicted));
  EXPECT_EQ(handler_problem(petition("township", 1), 11, &street), I("handler_org_id", conflicted));
  EXPECT_EQ(handler_problem(petition("county", 1), 21, &office), ok);
}

TEST(PetitionRules, TransferMergeAndExtension) {
  EXPECT_EQ(transfer_problem(std::nullopt), I("transfer_to", "请填写转往的机关或部门"));
  EXPECT_EQ(transfer_problem(" "), I("transfer_to", "请填写转往的机关或部门"));
  EXPECT_EQ(transfer_problem("县人民法院"), ok);

  const Petition p = petition();
  Petition target = petition();
  target.id = 8;
  EXPECT_EQ(merge_problem(p, std::nullopt, nullptr), I("merged_into", "请选择合并到的信访件"));
  EXPECT_EQ(merge_problem(p, 9, nullptr), I("merged_into", "目标信访件不存在或不在本人数据范围内"));
  EXPECT_EQ(merge_problem(p, 7, &p), I("merged_into", "目标信访件不存在或不在本人数据范围内"));
  EXPECT_EQ(merge_problem(p, 8, &target), ok);
  target.state = "merged";
  EXPECT_EQ(merge_problem(p, 8, &target), I("merged_into", "目标信访件本身已合并，请合并到其主件"));

  EXPECT_EQ(extension_problem(0), ok);
  EXPECT_EQ(extension_problem(1), C("延期次数已用完，再次延期须报上级机关批准"));
  EXPECT_EQ(extension_problem(2), C("延期次数已用完，再次延期须报上级机关批准"));
}

TEST(PetitionRules, ClockFacts) {
  Petition p = petition("upward");
  p.real_name = 1;
  p.fast_track = 0;
  p.from_higher = 1;
  auto f = clock_facts_of(p);
  EXPECT_TRUE(f.real_name);
  EXPECT_FALSE(f.fast_track);
  EXPECT_TRUE(f.from_higher);
  EXPECT_EQ(f.jurisdiction, Jurisdiction::Upward);
  p.jurisdiction = "";
  EXPECT_EQ(clock_facts_of(p).jurisdiction, Jurisdiction::County);
}

TEST(PetitionRules, TheClockAfterAStep) {
  auto running = [] {
    Petition p = petition("county");
    p.limit_code = "petition_acceptance_notice";
    p.clock_start = "2024-08-01";
    p.pauses = R"([["2024-08-05","2024-08-07"]])";
    p.extensions = 1;
    return p;
  };
  auto clock = [](const Petition& p) {
    return std::tuple{p.limit_code.value_or("-"), p.clock_start.value_or("-"), p.pauses, p.extensions};
  };
  using T = std::tuple<std::string, std::string, std::string, int>;
  const T kept{"petition_acceptance_notice", "2024-08-01", R"([["2024-08-05","2024-08-07"]])", 1};
  // Acceptance starts the conclusion clock afresh.
  Petition p = running();
  restart_clock(p, S::Registered, S::Accepted, "2024-08-13");
  EXPECT_EQ(clock(p), (T{"petition_conclude", "2024-08-13", "[]", 0}));
  p = running();
  p.fast_track = 1;
  restart_clock(p, S::Registered, S::Accepted, "2024-08-13");
  EXPECT_EQ(clock(p), (T{"petition_fast_track", "2024-08-13", "[]", 0}));
  // Assignment and acknowledgement keep the running clock.
  for (auto [from, to] : {std::pair{S::Accepted, S::Assigned}, std::pair{S::Assigned, S::InProgress}}) {
    p = running();
    restart_clock(p, from, to, "2024-08-13");
    EXPECT_EQ(clock(p), kept);
  }
  // Conclusion starts the feedback clock for a real-name reporter, stops it otherwise.
  p = running();
  p.real_name = 1;
  restart_clock(p, S::InProgress, S::Concluded, "2024-08-13");
  EXPECT_EQ(clock(p), (T{"petition_result_feedback", "2024-08-13", "[]", 0}));
  p = running();
  restart_clock(p, S::InProgress, S::Concluded, "2024-08-13");
  EXPECT_EQ(clock(p), (T{"-", "-", R"([["2024-08-05","2024-08-07"]])", 1}));
  for (S to : {S::Rejected, S::TransferredOut, S::Merged, S::ConvertedToClue, S::FeedbackGiven, S::Archived}) {
    p = running();
    restart_clock(p, S::Registered, to, "2024-08-13");
    EXPECT_EQ(clock(p), (T{"-", "-", R"([["2024-08-05","2024-08-07"]])", 1})) << kPetitionStates.code(to);
  }
  // Suspend, resume and extend keep the state and the clock.
  p = running();
  restart_clock(p, S::InProgress, S::InProgress, "2024-08-13");
  EXPECT_EQ(clock(p), kept);
}
