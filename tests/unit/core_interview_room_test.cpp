// Interview rooms' rules (core/interview_room): instants, booking ranges,
// overlap, the talk register's checks and the incident's 24-hour report.
#include <gtest/gtest.h>

#include "core/interview_room.hpp"

using namespace funnel::core;

namespace {
long long at(const char* s) { return *parse_instant(s); }
const long long kNow = at("2026-12-07T10:00:00+08:00");
TimeRange range(const char* a, const char* b) { return {at(a), at(b)}; }
}  // namespace

TEST(InterviewRoom, ParsesInstantsWithTheirOffset) {
  EXPECT_EQ(at("2026-12-08T09:00:00+08:00"), at("2026-12-08T01:00:00Z"));
  EXPECT_EQ(at("2026-12-08T09:00+08:00"), at("2026-12-08T01:00Z"));
  EXPECT_EQ(at("2026-12-08T01:00:00.500Z") - at("2026-12-08T01:00:00Z"), 500);
  EXPECT_EQ(at("2026-12-07T20:00:00-05:00"), at("2026-12-08T01:00:00Z"));
  for (const char* bad : {"2026-12-08T09:00:00", "2026-12-08 09:00:00+08:00", "2026-02-30T09:00Z", "2026-12-08T24:00Z",
                          "2026-12-08T09:60Z", "2026-12-08T09:00+8:00", "2026-12-08T09:00Zx", "", "1999-12-31T09:00Z"})
    EXPECT_FALSE(parse_instant(bad).has_value()) << bad;
}

TEST(InterviewRoom, LabelsInTheCountysTime) {
  EXPECT_EQ(local_minute(at("2026-12-08T01:30:00Z")), "2026-12-08 09:30");
  EXPECT_EQ(range_label(range("2026-12-08T09:00+08:00", "2026-12-08T10:30+08:00")), "2026-12-08 09:00—10:30");
  EXPECT_EQ(range_label(range("2026-12-08T22:00+08:00", "2026-12-09T01:00+08:00")),
            "2026-12-08 22:00—2026-12-09 01:00");
}

TEST(InterviewRoom, HalfOpenRangesOverlap) {
  const auto a = range("2026-12-08T09:00+08:00", "2026-12-08T10:00+08:00");
  EXPECT_TRUE(overlaps(a, a));
  EXPECT_TRUE(overlaps(a, range("2026-12-08T09:59+08:00", "2026-12-08T11:00+08:00")));
  EXPECT_TRUE(overlaps(a, range("2026-12-08T08:00+08:00", "2026-12-08T09:01+08:00")));
  EXPECT_TRUE(overlaps(a, range("2026-12-08T09:10+08:00", "2026-12-08T09:20+08:00")));  // inside
  EXPECT_TRUE(overlaps(range("2026-12-08T09:10+08:00", "2026-12-08T09:20+08:00"), a));
  EXPECT_TRUE(overlaps(a, range("2026-12-08T08:00+08:00", "2026-12-08T12:00+08:00")));  // around
  EXPECT_FALSE(overlaps(a, range("2026-12-08T10:00+08:00", "2026-12-08T11:00+08:00")));  // touching after
  EXPECT_FALSE(overlaps(a, range("2026-12-08T08:00+08:00", "2026-12-08T09:00+08:00")));  // touching before
}

TEST(InterviewRoom, BookingRangeChecks) {
  EXPECT_EQ(booking_range_problem(range("2026-12-08T09:00+08:00", "2026-12-08T10:00+08:00"), kNow), std::nullopt);
  auto field = [](const TimeRange& r) { return booking_range_problem(r, kNow)->field; };
  EXPECT_EQ(field(range("2026-12-08T10:00+08:00", "2026-12-08T10:00+08:00")), "end");
  EXPECT_EQ(field(range("2026-12-08T10:00+08:00", "2026-12-08T09:00+08:00")), "end");
  EXPECT_EQ(field(range("2026-12-08T09:00:30+08:00", "2026-12-08T10:00+08:00")), "start");
  EXPECT_EQ(field(range("2026-12-08T09:00+08:00", "2026-12-08T10:00:01+08:00")), "end");
  // 12 hours at most.
  EXPECT_EQ(booking_range_problem(range("2026-12-08T08:00+08:00", "2026-12-08T20:00+08:00"), kNow), std::nullopt);
  EXPECT_EQ(field(range("2026-12-08T08:00+08:00", "2026-12-08T20:01+08:00")), "end");
  // A day back, a year ahead.
  EXPECT_EQ(booking_range_problem(range("2026-12-06T10:00+08:00", "2026-12-06T11:00+08:00"), kNow), std::nullopt);
  EXPECT_EQ(field(range("2026-12-06T09:59+08:00", "2026-12-06T11:00+08:00")), "start");
  EXPECT_EQ(field(range("2027-12-09T09:00+08:00", "2027-12-09T10:00+08:00")), "start");
  EXPECT_EQ(booking_range_problem(range("2026-12-08T10:00+08:00", "2026-12-08T09:00+08:00"), kNow)->kind,
            Problem::Kind::Invalid);
}

namespace {
const std::vector<std::string> kChecks = {"risk_assessment", "safety_plan"};
const TimeRange kBooking = range("2026-12-08T09:00+08:00", "2026-12-08T11:00+08:00");
TalkRegister complete() {
  TalkRegister t;
  t.interviewers = {11, 12};
  t.safety_officer_id = 13;
  t.person = "钱有才";
  t.started_at = at("2026-12-08T09:10+08:00");
  t.ended_at = at("2026-12-08T10:40+08:00");
  t.checklist = kChecks;
  t.handover = "谈话结束后由安全员送离";
  return t;
}
}  // namespace

TEST(InterviewRoom, TalkRegisterNeedsTwoDistinctInterviewers) {
  EXPECT_EQ(talk_register_problem(complete(), kBooking, kChecks), std::nullopt);
  auto t = complete();
  t.interviewers = {11};
  EXPECT_EQ(talk_register_problem(t, kBooking, kChecks)->field, "interviewers");
  t.interviewers = {};
  EXPECT_EQ(talk_register_problem(t, kBooking, kChecks)->field, "interviewers");
  t.interviewers = {11, 11};
  EXPECT_EQ(talk_register_problem(t, kBooking, kChecks)->field, "interviewers");
  t.interviewers = {11, 12, 14};
  EXPECT_EQ(talk_register_problem(t, kBooking, kChecks), std::nullopt);
}

TEST(InterviewRoom, TalkRegisterChecksItsFields) {
  auto field = [](const TalkRegister& t) { return talk_register_problem(t, kBooking, kChecks)->field; };
  auto t = complete();
  t.person = "  ";
  EXPECT_EQ(field(t), "person");
  t = complete();
  t.checklist = {"unknown"};
  EXPECT_EQ(field(t), "checklist");
  t = complete();
  t.ended_at = t.started_at;
  EXPECT_EQ(field(t), "ended_at");
  t = complete();
  t.started_at = at("2026-12-08T08:59+08:00");  // before the booking
  EXPECT_EQ(field(t), "started_at");
  t = complete();
  t.ended_at = at("2026-12-08T11:01+08:00");  // after it
  EXPECT_EQ(field(t), "ended_at");
  t = complete();
  t.started_at = *t.started_at + 1000;
  EXPECT_EQ(field(t), "started_at");
  // A draft may lack the end, the safety officer and the handover.
  t = complete();
  t.ended_at.reset();
  t.safety_officer_id.reset();
  t.handover.reset();
  t.checklist.clear();
  EXPECT_EQ(talk_register_problem(t, kBooking, kChecks), std::nullopt);
}

TEST(InterviewRoom, ClosingNeedsTheWholeRegister) {
  EXPECT_EQ(talk_close_problem(complete(), kChecks), std::nullopt);
  auto field = [](const TalkRegister& t) { return talk_close_problem(t, kChecks)->field; };
  auto t = complete();
  t.started_at.reset();
  EXPECT_EQ(field(t), "started_at");
  t = complete();
  t.ended_at.reset();
  EXPECT_EQ(field(t), "ended_at");
  t = complete();
  t.safety_officer_id.reset();
  EXPECT_EQ(field(t), "safety_officer_id");
  t = complete();
  t.checklist = {"risk_assessment"};
  EXPECT_EQ(field(t), "checklist");
  t = complete();
  t.handover = " ";
  EXPECT_EQ(field(t), "handover");
}

TEST(InterviewRoom, AnImportantTalkClosesOnlyRecordedInFull) {
  auto t = complete();
  t.important = true;
  EXPECT_EQ(talk_close_problem(t, kChecks)->field, "recording_on");
  t.recording_on = true;
  EXPECT_EQ(talk_close_problem(t, kChecks)->field, "recording_ref");
  t.recording_ref = " ";
  EXPECT_EQ(talk_close_problem(t, kChecks)->field, "recording_ref");
  t.recording_ref = "LX-2026-031";
  EXPECT_EQ(talk_close_problem(t, kChecks), std::nullopt);
  // An ordinary talk needs no recording reference.
  t = complete();
  EXPECT_EQ(talk_close_problem(t, kChecks), std::nullopt);
}

TEST(InterviewRoom, IncidentReportDueIn24HoursFromTheNextFullHour) {
  const auto cal = WorkCalendar::parse_csv("");
  TimeLimit limit{"interview_incident_report", "谈话安全事故向上级报告", 24, LimitUnit::Hours, false, "GZ 70", false};
  const long long occurred = at("2026-12-08T10:20+08:00");
  const long long due = at("2026-12-09T11:00+08:00");  // SL 285: the hour it happened in is not counted
  auto r = incident_report(cal, limit, occurred, std::nullopt, at("2026-12-08T12:00+08:00"));
  EXPECT_EQ(r.due_ms, due);
  ASSERT_TRUE(r.deadline);
  EXPECT_EQ(r.deadline->status, DeadlineStatus::Running);
  EXPECT_EQ(r.deadline->limit, "interview_incident_report");
  EXPECT_EQ(r.deadline->start, "2026-12-08");
  EXPECT_EQ(r.deadline->due, "2026-12-09");
  EXPECT_FALSE(r.reported);
  EXPECT_EQ(incident_report(cal, limit, occurred, std::nullopt, due - 6 * kHourMs).deadline->status,
            DeadlineStatus::DueSoon);
  EXPECT_EQ(incident_report(cal, limit, occurred, std::nullopt, due).deadline->status, DeadlineStatus::DueSoon);
  EXPECT_EQ(incident_report(cal, limit, occurred, std::nullopt, due + 1).deadline->status, DeadlineStatus::Overdue);
  // Reported: no running deadline; late when after the due hour.
  auto ok = incident_report(cal, limit, occurred, due, due + kHourMs);
  EXPECT_TRUE(ok.reported);
  EXPECT_FALSE(ok.late);
  EXPECT_FALSE(ok.deadline);
  auto late = incident_report(cal, limit, occurred, due + kMinuteMs, due + kHourMs);
  EXPECT_TRUE(late.late);
}
