#pragma once
// Working days and statutory time limits (domain.md §7). The calendar is
// data: the State Council's holiday notices in data/cn-holidays.csv, read at
// start-up, so next year's notice needs no rebuild.
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace funnel::core {

using Day = std::chrono::sys_days;

std::optional<Day> parse_day(std::string_view yyyy_mm_dd);
std::string format_day(Day d);
Day day_of_ms(long long utc_ms, int utc_offset_minutes = 8 * 60);  // local calendar day (Asia/Shanghai)

class WorkCalendar {
 public:
  // "date,kind,name" rows, kind = off | work. Throws std::invalid_argument
  // naming the line for a malformed row, a duplicate date, or a "work" row
  // that is not on a weekend.
  static WorkCalendar parse_csv(std::string_view text);

  // Weekends are off unless the notice makes them working days (调休上班);
  // listed holidays are off.
  bool is_working_day(Day d) const;
  // Whether the notice of d's year is in the calendar; without it only
  // weekends count as days off, and a deadline shows that it is provisional.
  bool covers(Day d) const;
  std::set<int> years() const { return years_; }
  struct Special {
    Day day;
    bool working;      // 调休上班
    std::string name;  // 国庆节 …
  };
  std::vector<Special> specials_of(int year) const;
  // The n-th working day after d (d itself is not counted, n ≥ 1).
  Day add_working_days(Day d, int n) const;
  // d when it is a working day, else the next working day.
  Day working_day_on_or_after(Day d) const;
  // Working days in (from, to]; 0 when to ≤ from.
  int working_days_between(Day from, Day to) const;

 private:
  struct Entry {
    bool working;
    std::string name;
  };
  std::map<Day, Entry> special_;
  std::set<int> years_;
};

// DayOfMonth: the amount-th day of the month after the start's month (a
// monthly report due "before the 20th"). Hours run from a time, not a day
// (留置 notice, incident report: 24 小时) and never move to a working day.
enum class LimitUnit { WorkingDays, Days, Months, DayOfMonth, Years, Hours };

// One statutory or local time limit, loaded from data/time-limits.json.
struct TimeLimit {
  std::string code;
  std::string label;  // Chinese
  int amount = 0;
  LimitUnit unit = LimitUnit::WorkingDays;
  // A limit in days or months that ends on a day off moves to the next
  // working day (UNCONFIRMED for discipline rules; default true, per rule).
  bool moves_to_working_day = true;
  std::string basis;  // e.g. "《中国共产党纪律检查机关监督执纪工作规则》第二十一条"
  bool local = false;  // county practice, not national law
};

std::optional<LimitUnit> parse_limit_unit(std::string_view s);
std::string_view limit_unit_code(LimitUnit u);

// The last day of the period that starts on `start` (SL 285 (2021): the start
// day itself is not counted; months and years end on the same day of the
// month, or the month's last day when it has none; a last day off moves to
// the next working day where the limit says so). For an hours limit, known
// only by its start day: the latest day it can end on (an event in the start
// day's last hour).
Day due_day(const WorkCalendar& cal, const TimeLimit& limit, Day start);
// The period's last day before any move to a working day: where an extension
// of the period starts counting.
Day period_end(const WorkCalendar& cal, const TimeLimit& limit, Day start);

// The end of an hours limit as a UTC instant in ms (SL 285: the hour the
// event falls in is not counted, so counting starts at the next full hour:
// 24 hours from 10:20 end at 11:00 the next day). Throws
// std::invalid_argument for a limit not in hours.
long long due_time_ms(const TimeLimit& limit, long long start_utc_ms);

// Due day after suspensions: the clock stops for each [from, to) interval;
// the suspended span is added back in the limit's own unit.
struct Pause {
  Day from;
  Day to;
};
Day due_day_with_pauses(const WorkCalendar& cal, const TimeLimit& limit, Day start, const std::vector<Pause>& pauses);

}  // namespace funnel::core
