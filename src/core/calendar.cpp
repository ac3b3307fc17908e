#include "core/calendar.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "core/text.hpp"

namespace funnel::core {

using namespace std::chrono;

std::optional<Day> parse_day(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 1900 || m < 1 || d < 1) return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::string format_day(Day d) {
  year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

Day day_of_ms(long long utc_ms, int utc_offset_minutes) {
  auto local = sys_time<milliseconds>{milliseconds{utc_ms}} + minutes{utc_offset_minutes};
  return floor<days>(local);
}

namespace {
bool weekend(Day d) {
  weekday w{d};
  return w == Saturday || w == Sunday;
}
int year_of(Day d) { return static_cast<int>(year_month_day{d}.year()); }
}  // namespace

WorkCalendar WorkCalendar::parse_csv(std::string_view text) {
  WorkCalendar cal;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    if (line_no == 1 && line.rfind("date,", 0) == 0) continue;  // header
    auto fail = [&](const std::string& why) {
      throw std::invalid_argument("holiday calendar line " + std::to_string(line_no) + ": " + why);
    };
    auto c1 = line.find(',');
    if (c1 == std::string::npos) fail("expected date,kind,name");
    auto c2 = line.find(',', c1 + 1);
    std::string kind = line.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1);
    auto d = parse_day(line.substr(0, c1));
    if (!d) fail("bad date");
    if (kind != "off" && kind != "work") fail("kind must be off or work");
    if (kind == "work" && !weekend(*d)) fail("a make-up working day must fall on a weekend");
    std::string name = c2 == std::string::npos ? std::string() : trim(line.substr(c2 + 1));
    if (!valid_utf8(name) || name.size() > 64) fail("bad holiday name");
    if (!cal.special_.emplace(*d, Entry{kind == "work", name}).second) fail("date listed twice");
    cal.years_.insert(year_of(*d));
  }
  return cal;
}

bool WorkCalendar::is_working_day(Day d) const {
  auto it = special_.find(d);
  if (it != special_.end()) return it->second.working;
  return !weekend(d);
}

std::vector<WorkCalendar::Special> WorkCalendar::specials_of(int y) const {
  std::vector<Special> out;
  auto from = special_.lower_bound(sys_days{year{y} / January / 1});
  auto to = special_.lower_bound(sys_days{year{y + 1} / January / 1});
  for (auto it = from; it != to; ++it) out.push_back({it->first, it->second.working, it->second.name});
  return out;
}

bool WorkCalendar::covers(Day d) const { return years_.count(year_of(d)) > 0; }

Day WorkCalendar::add_working_days(Day d, int n) const {
  if (n < 0) throw std::invalid_argument("negative working days");
  while (n > 0) {
    d += days{1};
    if (is_working_day(d)) --n;
  }
  return d;
}

Day WorkCalendar::working_day_on_or_after(Day d) const {
  while (!is_working_day(d)) d += days{1};
  return d;
}

int WorkCalendar::working_days_between(Day from, Day to) const {
  int n = 0;
  for (Day d = from + days{1}; d <= to; d += days{1})
    if (is_working_day(d)) ++n;
  return n;
}

std::optional<LimitUnit> parse_limit_unit(std::string_view s) {
  if (s == "working_days") return LimitUnit::WorkingDays;
  if (s == "days") return LimitUnit::Days;
  if (s == "months") return LimitUnit::Months;
  if (s == "day_of_month") return LimitUnit::DayOfMonth;
  if (s == "years") return LimitUnit::Years;
  if (s == "hours") return LimitUnit::Hours;
  return std::nullopt;
}

std::string_view limit_unit_code(LimitUnit u) {
  switch (u) {
    case LimitUnit::WorkingDays: return "working_days";
    case LimitUnit::Days: return "days";
    case LimitUnit::Months: return "months";
    case LimitUnit::DayOfMonth: return "day_of_month";
    case LimitUnit::Years: return "years";
    case LimitUnit::Hours:
      return "hours";
  }
  return "";
}

namespace {
// The same day `n` months on, or that month's last day (SL 285).
Day add_months(Day start, int n) {
  year_month_day ymd{start};
  year_month ym = year_month{ymd.year(), ymd.month()} + months{n};
  auto last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
  return sys_days{year_month_day{ym.year(), ym.month(), std::min(ymd.day(), last)}};
}

// The period's last day before moving off a day off.
Day raw_due(const WorkCalendar& cal, const TimeLimit& limit, Day start) {
  switch (limit.unit) {
    case LimitUnit::WorkingDays: return cal.add_working_days(start, limit.amount);
    case LimitUnit::Days: return start + days{limit.amount};
    case LimitUnit::Months: return add_months(start, limit.amount);
    case LimitUnit::Years: return add_months(start, 12 * limit.amount);
    // The last whole hour counted ends the period: an event at 23:xx plus
    // n hours ends within start + (n + 23) / 24 days.
    case LimitUnit::Hours: return start + days{(limit.amount + 23) / 24};
    case LimitUnit::DayOfMonth: {
      year_month_day ymd{start};
      year_month ym = year_month{ymd.year(), ymd.month()} + months{1};
      auto last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
      return sys_days{year_month_day{ym.year(), ym.month(), std::min(day{static_cast<unsigned>(limit.amount)}, last)}};
    }
  }
  return start;
}

Day finish(const WorkCalendar& cal, const TimeLimit& limit, Day d) {
  const bool calendar_period = limit.unit != LimitUnit::WorkingDays && limit.unit != LimitUnit::Hours;
  if (calendar_period && limit.moves_to_working_day) return cal.working_day_on_or_after(d);
  return d;
}
}  // namespace

Day due_day(const WorkCalendar& cal, const TimeLimit& limit, Day start) {
  return finish(cal, limit, period_end(cal, limit, start));
}

Day period_end(const WorkCalendar& cal, const TimeLimit& limit, Day start) {
  if (limit.amount < 0) throw std::invalid_argument("negative time limit");
  return raw_due(cal, limit, start);
}

long long due_time_ms(const TimeLimit& limit, long long start_utc_ms) {
  if (limit.unit != LimitUnit::Hours) throw std::invalid_argument("not an hours limit: " + limit.code);
  if (limit.amount < 0) throw std::invalid_argument("negative time limit");
  constexpr long long kHour = 3'600'000;
  // UTC and Asia/Shanghai (UTC+8) share their hour boundaries.
  const long long hour_start = start_utc_ms - ((start_utc_ms % kHour) + kHour) % kHour;
  return hour_start + (limit.amount + 1) * kHour;
}

Day due_day_with_pauses(const WorkCalendar& cal, const TimeLimit& limit, Day start, const std::vector<Pause>& pauses) {
  Day d = raw_due(cal, limit, start);
  for (const auto& p : pauses) {
    if (p.to <= p.from) continue;
    if (limit.unit == LimitUnit::WorkingDays) {
      // Working days inside [from, to) are given back.
      d = cal.add_working_days(d, cal.working_days_between(p.from - days{1}, p.to - days{1}));
    } else {
      d += (p.to - p.from);
    }
  }
  return finish(cal, limit, d);
}

}  // namespace funnel::core
