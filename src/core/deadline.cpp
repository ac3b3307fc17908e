#include "core/deadline.hpp"

namespace funnel::core {

DeadlineReading read_deadline(const WorkCalendar& cal, const ClockFields& clock, Day today,
                              int due_soon_working_days) {
  if (!clock.runs) return {};
  auto due = parse_day(clock.due_day);
  if (!due) return {DeadlineStatus::Running, 0};
  const long long left =
      today > *due ? -cal.working_days_between(*due, today) : cal.working_days_between(today, *due);
  if (clock.suspended) return {DeadlineStatus::Suspended, left};
  if (today > *due) return {DeadlineStatus::Overdue, left};
  if (left <= due_soon_working_days) return {DeadlineStatus::DueSoon, left};
  return {DeadlineStatus::Running, left};
}

ClockFields clock_of(const Petition& p) {
  ClockFields f;
  f.runs = p.limit_code && p.due_day;
  if (p.due_day) f.due_day = *p.due_day;
  f.suspended = p.suspended != 0;
  return f;
}

ClockFields clock_of(const Clue& c) {
  ClockFields f;
  auto st = kClueStates.parse(c.state);
  f.runs = c.due_day && st && !is_final(*st);
  if (c.due_day) f.due_day = *c.due_day;
  return f;
}

ClockFields clock_of(const Case& c) {
  ClockFields f;
  auto st = kCaseStates.parse(c.state);
  f.runs = c.due_day && st && investigation_clock_runs(*st);
  if (c.due_day) f.due_day = *c.due_day;
  return f;
}

namespace {
Deadline make(const WorkCalendar& cal, const DeadlineReading& r, const std::optional<std::string>& limit,
              const std::optional<std::string>& start, const std::string& due, int extensions) {
  Deadline d;
  d.limit = limit.value_or("");
  d.start = start;
  d.due = due;
  d.working_days_left = r.working_days_left;
  d.extensions = extensions;
  d.status = r.status;
  auto day = parse_day(due);
  d.provisional = day && !cal.covers(*day);
  return d;
}
}  // namespace

std::optional<Deadline> deadline_of(const Petition& p, const WorkCalendar& cal, Day today, int due_soon_working_days) {
  if (!p.limit_code || !p.due_day) return std::nullopt;
  return make(cal, read_deadline(cal, clock_of(p), today, due_soon_working_days), p.limit_code, p.clock_start,
              *p.due_day, p.extensions);
}

std::optional<Deadline> deadline_of(const Clue& c, const WorkCalendar& cal, Day today, int due_soon_working_days) {
  // A clue in a final state has no clock, whatever due day it kept.
  if (!c.due_day || !clock_of(c).runs) return std::nullopt;
  return make(cal, read_deadline(cal, clock_of(c), today, due_soon_working_days), c.limit_code, c.clock_start,
              *c.due_day, 0);
}

std::optional<Deadline> deadline_of(const Case& c, const WorkCalendar& cal, Day today, int due_soon_working_days) {
  // No due day while detained or absconded, and none before filing or after the end.
  if (!c.due_day || !clock_of(c).runs) return std::nullopt;
  return make(cal, read_deadline(cal, clock_of(c), today, due_soon_working_days), c.limit_code, c.clock_start,
              *c.due_day, c.extensions);
}

std::optional<Deadline> trial_deadline_of(const Case& c, const WorkCalendar& cal, Day today, int due_soon_working_days) {
  if (!c.trial_due_day || kCaseStates.parse(c.state) != CaseState::InTrial) return std::nullopt;
  const ClockFields clock{true, *c.trial_due_day, false};
  return make(cal, read_deadline(cal, clock, today, due_soon_working_days), std::string(kTrialLimit),
              c.trial_accepted_day, *c.trial_due_day, c.trial_extensions);
}

}  // namespace funnel::core
