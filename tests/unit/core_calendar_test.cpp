// Working days and time limits against the real holiday calendar in data/.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/calendar.hpp"

using namespace funnel::core;

namespace {
const WorkCalendar& cal() {
  static const WorkCalendar c = [] {
    std::ifstream f(std::string(FUNNEL_SOURCE_DIR) + "/data/cn-holidays.csv");
    std::stringstream ss;
    ss << f.rdbuf();
    return WorkCalendar::parse_csv(ss.str());
  }();
  return c;
}
Day D(const char* s) { return *parse_day(s); }
std::string S(Day d) { return format_day(d); }
TimeLimit limit(int amount, LimitUnit u, bool moves = true) {
  TimeLimit t;
  t.code = "t";
  t.amount = amount;
  t.unit = u;
  t.moves_to_working_day = moves;
  return t;
}
}  // namespace

TEST(Calendar, CoversEveryYearFrom2017To2026) {
  for (int y = 2017; y <= 2026; ++y) EXPECT_TRUE(cal().years().count(y)) << y;
  EXPECT_FALSE(cal().covers(D("2027-03-01")));
}

TEST(Calendar, HolidaysMakeUpDaysAndWeekends) {
  EXPECT_FALSE(cal().is_working_day(D("2024-10-01")));  // 国庆节
  EXPECT_FALSE(cal().is_working_day(D("2024-10-07")));
  EXPECT_TRUE(cal().is_working_day(D("2024-09-29")));   // Sunday, 调休上班
  EXPECT_TRUE(cal().is_working_day(D("2024-10-12")));   // Saturday, 调休上班
  EXPECT_FALSE(cal().is_working_day(D("2024-10-13")));  // plain Sunday
  EXPECT_TRUE(cal().is_working_day(D("2024-10-08")));   // plain Tuesday
  EXPECT_FALSE(cal().is_working_day(D("2020-01-31")));  // 2020 春节 extended (COVID notice)
  EXPECT_FALSE(cal().is_working_day(D("2020-02-01")));  // make-up day cancelled by the extension
  EXPECT_FALSE(cal().is_working_day(D("2025-01-28")));  // 除夕, off since the 2025 rules
  EXPECT_TRUE(cal().is_working_day(D("2024-02-09")));   // 除夕 2024 was not off
}

TEST(Calendar, WorkingDaysAcrossNationalDay) {
  // Received Friday 2024-09-27: Sun 09-29 (make-up) and Mon 09-30 count, 10-01..07 do not.
  EXPECT_EQ(S(cal().add_working_days(D("2024-09-27"), 5)), "2024-10-10");
  // 15 working days for the acceptance notice, received 2024-09-25.
  EXPECT_EQ(S(cal().add_working_days(D("2024-09-25"), 15)), "2024-10-21");
  EXPECT_EQ(cal().working_days_between(D("2024-09-27"), D("2024-10-10")), 5);
  EXPECT_EQ(cal().working_days_between(D("2024-10-10"), D("2024-09-27")), 0);
}

TEST(Calendar, WorkingDaysAcrossSpringFestival2026) {
  // 2026 春节: 02-15..02-23 off, Sat 02-14 and Sat 02-28 are working days.
  EXPECT_TRUE(cal().is_working_day(D("2026-02-14")));
  EXPECT_FALSE(cal().is_working_day(D("2026-02-16")));
  EXPECT_EQ(S(cal().add_working_days(D("2026-02-13"), 1)), "2026-02-14");
  EXPECT_EQ(S(cal().add_working_days(D("2026-02-14"), 1)), "2026-02-24");
}

TEST(TimeLimit, WorkingDayLimitNeverMovesAndCountsFromTheNextDay) {
  auto t = limit(5, LimitUnit::WorkingDays);
  EXPECT_EQ(S(due_day(cal(), t, D("2024-09-27"))), "2024-10-10");
  // Received on a holiday: 10-08..10-11 and the make-up Saturday 10-12.
  EXPECT_EQ(S(due_day(cal(), t, D("2024-10-07"))), "2024-10-12");
  EXPECT_EQ(S(due_day(cal(), limit(0, LimitUnit::WorkingDays), D("2024-10-07"))), "2024-10-07");
}

TEST(TimeLimit, DaysEndingOnADayOffMoveUnlessTheRuleSaysNot) {
  // 15 days from 2024-09-16 ends 2024-10-01 (holiday) → 2024-10-08.
  EXPECT_EQ(S(due_day(cal(), limit(15, LimitUnit::Days), D("2024-09-16"))), "2024-10-08");
  EXPECT_EQ(S(due_day(cal(), limit(15, LimitUnit::Days, false), D("2024-09-16"))), "2024-10-01");
  EXPECT_EQ(S(due_day(cal(), limit(15, LimitUnit::Days), D("2024-09-10"))), "2024-09-25");
}

TEST(TimeLimit, MonthsEndOnTheSameDayOrTheMonthsLastDay) {
  EXPECT_EQ(S(due_day(cal(), limit(3, LimitUnit::Months), D("2026-03-10"))), "2026-06-10");
  EXPECT_EQ(S(due_day(cal(), limit(1, LimitUnit::Months, false), D("2026-01-31"))), "2026-02-28");
  EXPECT_EQ(S(due_day(cal(), limit(1, LimitUnit::Months, false), D("2024-01-31"))), "2024-02-29");
  // 2026-01-31 + 1 month = Sat 2026-02-28, a working day (春节 make-up).
  EXPECT_EQ(S(due_day(cal(), limit(1, LimitUnit::Months), D("2026-01-31"))), "2026-02-28");
  // 2024-07-01 + 3 months = 2024-10-01 (国庆) → 2024-10-08.
  EXPECT_EQ(S(due_day(cal(), limit(3, LimitUnit::Months), D("2024-07-01"))), "2024-10-08");
  EXPECT_EQ(S(due_day(cal(), limit(12, LimitUnit::Months, false), D("2025-11-28"))), "2026-11-28");
}

TEST(TimeLimit, YearsEndOnTheSameDateOrTheMonthsLastDay) {
  // SL 285: 2024-02-29 + 1 year has no 29 February → 2025-02-28 (a Friday).
  EXPECT_EQ(S(due_day(cal(), limit(1, LimitUnit::Years), D("2024-02-29"))), "2025-02-28");
  EXPECT_EQ(S(due_day(cal(), limit(1, LimitUnit::Years, false), D("2023-03-01"))), "2024-03-01");
  EXPECT_EQ(S(due_day(cal(), limit(4, LimitUnit::Years, false), D("2020-02-29"))), "2024-02-29");
  // 2023-10-01 + 1 year = 2024-10-01 (国庆) → 2024-10-08; not moved when the rule says so.
  EXPECT_EQ(S(due_day(cal(), limit(1, LimitUnit::Years), D("2023-10-01"))), "2024-10-08");
  EXPECT_EQ(S(due_day(cal(), limit(1, LimitUnit::Years, false), D("2023-10-01"))), "2024-10-01");
  // A year is twelve months under SL 285.
  for (auto start : {"2024-01-31", "2024-02-29", "2025-12-31", "2026-08-30"})
    EXPECT_EQ(due_day(cal(), limit(1, LimitUnit::Years), D(start)), due_day(cal(), limit(12, LimitUnit::Months), D(start)))
        << start;
}

TEST(TimeLimit, ThePeriodsEndBeforeAnyMove) {
  EXPECT_EQ(S(period_end(cal(), limit(3, LimitUnit::Months), D("2024-07-01"))), "2024-10-01");
  EXPECT_EQ(S(due_day(cal(), limit(3, LimitUnit::Months), D("2024-07-01"))), "2024-10-08");
  EXPECT_EQ(S(period_end(cal(), limit(5, LimitUnit::WorkingDays), D("2024-09-27"))), "2024-10-10");
  EXPECT_THROW(period_end(cal(), limit(-1, LimitUnit::Days), D("2024-07-01")), std::invalid_argument);
}

TEST(TimeLimit, HoursCountFromTheNextFullHourAndNeverMove) {
  auto h24 = limit(24, LimitUnit::Hours);  // moves is ignored for hours
  const long long kHour = 3'600'000;
  // 2024-09-30T02:20:00Z = 10:20 in Beijing → due 2024-10-01 11:00 Beijing (03:00Z), a holiday: no move.
  const long long at = 1727662800000LL;
  EXPECT_EQ(due_time_ms(h24, at), 1727751600000LL);
  EXPECT_EQ(due_time_ms(h24, at) - at, 24 * kHour + 40 * 60'000);
  // On the hour: that hour is the start hour, not counted.
  EXPECT_EQ(due_time_ms(h24, 1727661600000LL), 1727751600000LL);  // 10:00 → 11:00 next day
  EXPECT_EQ(due_time_ms(h24, 1727665199999LL), 1727751600000LL);  // 10:59:59.999
  EXPECT_EQ(due_time_ms(limit(0, LimitUnit::Hours), at), 1727665200000LL);  // the end of the start hour
  EXPECT_THROW(due_time_ms(limit(1, LimitUnit::Days), at), std::invalid_argument);
  EXPECT_THROW(due_time_ms(limit(-1, LimitUnit::Hours), at), std::invalid_argument);
  // Known only by its day: the latest day it can end on, never moved.
  EXPECT_EQ(S(due_day(cal(), h24, D("2024-09-30"))), "2024-10-01");
  EXPECT_EQ(S(due_day(cal(), limit(1, LimitUnit::Hours), D("2024-09-30"))), "2024-10-01");  // 23:xx + 1 h
  EXPECT_EQ(S(due_day(cal(), limit(0, LimitUnit::Hours), D("2024-09-30"))), "2024-09-30");
  EXPECT_EQ(S(due_day(cal(), limit(48, LimitUnit::Hours), D("2024-09-30"))), "2024-10-02");
}

TEST(TimeLimit, UnitCodes) {
  for (auto u : {LimitUnit::WorkingDays, LimitUnit::Days, LimitUnit::Months, LimitUnit::DayOfMonth, LimitUnit::Years,
                 LimitUnit::Hours})
    EXPECT_EQ(parse_limit_unit(limit_unit_code(u)), u);
  EXPECT_EQ(limit_unit_code(LimitUnit::Years), "years");
  EXPECT_EQ(limit_unit_code(LimitUnit::Hours), "hours");
  EXPECT_FALSE(parse_limit_unit("weeks"));
  EXPECT_FALSE(parse_limit_unit("Hours"));
}

TEST(TimeLimit, PausesGiveBackTheSuspendedSpan) {
  auto wd = limit(5, LimitUnit::WorkingDays);
  // Suspended 2024-09-30 .. 2024-10-09 (exclusive): working days 09-30 and 10-08 given back.
  std::vector<Pause> p{{D("2024-09-30"), D("2024-10-09")}};
  EXPECT_EQ(S(due_day_with_pauses(cal(), wd, D("2024-09-27"), p)), "2024-10-12");  // Sat, make-up day
  EXPECT_EQ(S(due_day_with_pauses(cal(), wd, D("2024-09-27"), {})), "2024-10-10");
  // Calendar limits add the suspended days, then move off a day off.
  auto days15 = limit(15, LimitUnit::Days);
  std::vector<Pause> q{{D("2024-09-20"), D("2024-09-25")}};  // 5 days
  EXPECT_EQ(S(due_day_with_pauses(cal(), days15, D("2024-09-10"), q)), "2024-09-30");
  std::vector<Pause> empty_or_reversed{{D("2024-09-25"), D("2024-09-20")}};
  EXPECT_EQ(S(due_day_with_pauses(cal(), days15, D("2024-09-10"), empty_or_reversed)), "2024-09-25");
}

TEST(TimeLimit, YearsWithoutANoticeFallBackToWeekends) {
  // 2027 has no notice in data/: only weekends are off (the UI marks such deadlines provisional).
  EXPECT_TRUE(cal().is_working_day(D("2027-10-01")));
  EXPECT_FALSE(cal().is_working_day(D("2027-10-02")));
}

TEST(CalendarParse, RefusesMalformedRows) {
  EXPECT_NO_THROW(WorkCalendar::parse_csv("date,kind,name\n2024-10-01,off,国庆节\n\n# comment\n"));
  EXPECT_THROW(WorkCalendar::parse_csv("date,kind,name\n2024-13-01,off,x\n"), std::invalid_argument);
  EXPECT_THROW(WorkCalendar::parse_csv("date,kind,name\n2024-10-01,holiday,x\n"), std::invalid_argument);
  EXPECT_THROW(WorkCalendar::parse_csv("date,kind,name\n2024-10-01,off,x\n2024-10-01,off,x\n"),
               std::invalid_argument);
  // A make-up working day on a Tuesday is a typo in the notice transcription.
  EXPECT_THROW(WorkCalendar::parse_csv("date,kind,name\n2024-10-08,work,x\n"), std::invalid_argument);
  try {
    WorkCalendar::parse_csv("date,kind,name\n2024-10-01,off,x\nbad\n");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos);
  }
}

TEST(Days, ParseFormatAndLocalDay) {
  EXPECT_FALSE(parse_day("2026-02-29"));
  EXPECT_FALSE(parse_day("2026-2-1"));
  EXPECT_EQ(S(D("2026-11-28")), "2026-11-28");
  // 2026-11-27T16:30:00Z is already 2026-11-28 in Asia/Shanghai.
  EXPECT_EQ(S(day_of_ms(1795797000000LL)), "2026-11-28");
  EXPECT_EQ(S(day_of_ms(1795797000000LL, 0)), "2026-11-27");
}
