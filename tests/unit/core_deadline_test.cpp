// Deadline status (预警: due soon, overdue, suspended) of petitions and clues
// against the real holiday calendar in data/ (domain.md §2, §3, §7).
// Threshold 3 is data/warnings.json's due_soon_working_days.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/deadline.hpp"

using namespace funnel::core;
using St = DeadlineStatus;

namespace {
std::string read(const std::string& rel) {
  std::ifstream f(std::string(FUNNEL_SOURCE_DIR) + rel);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
const WorkCalendar& cal() {
  static const WorkCalendar c = WorkCalendar::parse_csv(read("/data/cn-holidays.csv"));
  return c;
}
Day D(const char* s) { return *parse_day(s); }

DeadlineReading at(const char* due, const char* today, int threshold = 3, bool suspended = false) {
  return read_deadline(cal(), ClockFields{true, due, suspended}, D(today), threshold);
}
void expect(DeadlineReading r, St status, long long left) {
  EXPECT_EQ(r.status, status) << deadline_status_code(r.status);
  EXPECT_EQ(r.working_days_left, left);
}
}  // namespace

TEST(DeadlineStatus, CodesAreTheDictionarysAndNoneHasNone) {
  EXPECT_EQ(deadline_status_code(St::None), "");
  EXPECT_EQ(deadline_status_code(St::Running), "running");
  EXPECT_EQ(deadline_status_code(St::DueSoon), "due_soon");
  EXPECT_EQ(deadline_status_code(St::Overdue), "overdue");
  EXPECT_EQ(deadline_status_code(St::Suspended), "suspended");
  EXPECT_FALSE(kDeadlineStatuses.parse(""));
  // data/dictionaries.json lists exactly these four codes.
  const std::string dict = read("/data/dictionaries.json");
  auto from = dict.find("\"deadline_statuses\"");
  ASSERT_NE(from, std::string::npos);
  const std::string list = dict.substr(from, dict.find(']', from) - from);
  int codes = 0;
  for (auto p = list.find("\"code\""); p != std::string::npos; p = list.find("\"code\"", p + 1)) ++codes;
  EXPECT_EQ(codes, 4);
  for (auto& [s, code] : kDeadlineStatuses.rows)
    EXPECT_NE(list.find("\"code\": \"" + std::string(code) + "\""), std::string::npos) << code;
}

TEST(DeadlineStatus, NoClockIsNone) {
  expect(read_deadline(cal(), ClockFields{}, D("2024-08-13"), 3), St::None, 0);
  expect(read_deadline(cal(), ClockFields{false, "2024-09-01", true}, D("2024-08-13"), 3), St::None, 0);
}

TEST(DeadlineStatus, AnUnreadableDueDayRunsWithNoDaysLeft) {
  expect(at("2024-13-01", "2024-08-13"), St::Running, 0);
  expect(at("", "2024-08-13"), St::Running, 0);
  expect(at("soon", "2024-08-13", 3, true), St::Running, 0);  // before the suspension is looked at
}

TEST(DeadlineStatus, RunningDueSoonAndOverdueOnPlainWeeks) {
  // Due Friday 2024-08-16 (no holiday in August 2024).
  expect(at("2024-08-16", "2024-08-05"), St::Running, 9);  // Mon: 9 working days in (08-05, 08-16]
  expect(at("2024-08-16", "2024-08-12"), St::Running, 4);
  expect(at("2024-08-16", "2024-08-13"), St::DueSoon, 3);  // exactly the threshold
  expect(at("2024-08-16", "2024-08-15"), St::DueSoon, 1);  // due tomorrow
  expect(at("2024-08-16", "2024-08-16"), St::DueSoon, 0);  // due today
  expect(at("2024-08-16", "2024-08-17"), St::Overdue, 0);  // Saturday after: overdue, no working day lost yet
  expect(at("2024-08-16", "2024-08-18"), St::Overdue, 0);
  expect(at("2024-08-16", "2024-08-19"), St::Overdue, -1);
  expect(at("2024-08-16", "2024-08-23"), St::Overdue, -5);
}

TEST(DeadlineStatus, TheThresholdIsData) {
  expect(at("2024-08-16", "2024-08-16", 0), St::DueSoon, 0);
  expect(at("2024-08-16", "2024-08-15", 0), St::Running, 1);
  expect(at("2024-08-16", "2024-08-05", 9), St::DueSoon, 9);
  expect(at("2024-08-16", "2024-08-05", 8), St::Running, 9);
}

TEST(DeadlineStatus, HolidaysAndMakeUpDaysCount) {
  // 国庆 2024: 10-01..07 off, Sunday 09-29 and Saturday 10-12 worked (调休).
  expect(at("2024-10-08", "2024-09-30"), St::DueSoon, 1);   // only 10-08 is a working day
  expect(at("2024-10-08", "2024-09-27"), St::DueSoon, 3);   // 09-29 (Sun, worked), 09-30, 10-08
  expect(at("2024-10-08", "2024-09-26"), St::Running, 4);
  expect(at("2024-09-30", "2024-10-07"), St::Overdue, 0);   // the whole holiday costs no working day
  expect(at("2024-09-30", "2024-10-08"), St::Overdue, -1);
  expect(at("2024-10-11", "2024-10-12"), St::Overdue, -1);  // a worked Saturday counts
  expect(at("2024-10-14", "2024-10-11"), St::DueSoon, 2);   // 10-12 (worked Saturday), 10-14
  // 中秋 2024: Saturday 09-14 worked, 09-15..17 off.
  expect(at("2024-09-18", "2024-09-13"), St::DueSoon, 2);  // 09-14 (worked Saturday), 09-18
  expect(at("2024-09-18", "2024-09-11"), St::Running, 4);  // 09-12, 09-13, 09-14 (worked), 09-18
  // A due day on a holiday (a limit that does not move): nothing remains from the eve.
  expect(at("2024-10-03", "2024-09-30"), St::DueSoon, 0);
}

TEST(DeadlineStatus, ASuspendedClockSaysSoButStillCountsTheDays) {
  expect(at("2024-08-16", "2024-08-05", 3, true), St::Suspended, 9);
  expect(at("2024-08-16", "2024-08-15", 3, true), St::Suspended, 1);
  expect(at("2024-08-16", "2024-08-23", 3, true), St::Suspended, -5);
}

TEST(DeadlineStatus, APetitionsClockNeedsALimitAndADueDay) {
  Petition p;
  EXPECT_FALSE(clock_of(p).runs);
  p.due_day = "2024-08-16";
  EXPECT_FALSE(clock_of(p).runs);  // a due day without a limit code
  p.limit_code = "petition_conclude";
  EXPECT_TRUE(clock_of(p).runs);
  EXPECT_EQ(clock_of(p).due_day, "2024-08-16");
  EXPECT_FALSE(clock_of(p).suspended);
  p.suspended = 1;
  EXPECT_TRUE(clock_of(p).suspended);
  p.due_day.reset();
  EXPECT_FALSE(clock_of(p).runs);
}

TEST(DeadlineStatus, AClueRunsToItsDueDayOrReviewDayUntilFinal) {
  Clue c;
  c.state = "received";
  EXPECT_FALSE(clock_of(c).runs);
  c.due_day = "2024-08-16";
  c.limit_code = "clue_disposal_proposal";
  EXPECT_TRUE(clock_of(c).runs);
  EXPECT_FALSE(clock_of(c).suspended);
  c.state = "pending";  // the review day, no limit code
  c.limit_code.reset();
  EXPECT_TRUE(clock_of(c).runs);
  for (const char* s : {"closed", "filed", "transferred", "no_such_state"}) {
    c.state = s;
    EXPECT_FALSE(clock_of(c).runs) << s;
  }
}

TEST(DeadlineStatus, APetitionsDeadlineAsTheViewShowsIt) {
  Petition p;
  EXPECT_FALSE(deadline_of(p, cal(), D("2024-08-13"), 3));
  p.limit_code = "petition_conclude";
  EXPECT_FALSE(deadline_of(p, cal(), D("2024-08-13"), 3));
  p.clock_start = "2024-06-14";
  p.due_day = "2024-08-16";
  p.extensions = 1;
  auto d = deadline_of(p, cal(), D("2024-08-13"), 3);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->limit, "petition_conclude");
  EXPECT_EQ(d->start, "2024-06-14");
  EXPECT_EQ(d->due, "2024-08-16");
  EXPECT_EQ(d->working_days_left, 3);
  EXPECT_EQ(d->extensions, 1);
  EXPECT_EQ(d->status, St::DueSoon);
  EXPECT_FALSE(d->provisional);
  p.suspended = 1;
  EXPECT_EQ(deadline_of(p, cal(), D("2024-08-13"), 3)->status, St::Suspended);
  // The calendar has no notice for 2027 yet: weekends only, marked provisional.
  p.due_day = "2027-03-01";
  EXPECT_TRUE(deadline_of(p, cal(), D("2024-08-13"), 3)->provisional);
}

TEST(DeadlineStatus, ACluesDeadlineAsTheViewShowsIt) {
  Clue c;
  c.state = "pending";
  EXPECT_FALSE(deadline_of(c, cal(), D("2024-08-13"), 3));
  c.due_day = "2024-08-19";  // review day
  auto d = deadline_of(c, cal(), D("2024-08-13"), 3);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->limit, "");
  EXPECT_FALSE(d->start);
  EXPECT_EQ(d->status, St::Running);
  EXPECT_EQ(d->working_days_left, 4);
  c.state = "closed";  // a final clue keeps its last due day but has no clock
  EXPECT_FALSE(deadline_of(c, cal(), D("2024-08-23"), 3));
  EXPECT_EQ(read_deadline(cal(), clock_of(c), D("2024-08-23"), 3).status, St::None);
}
