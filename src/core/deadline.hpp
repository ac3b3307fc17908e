#pragma once
// The status of a running time limit (预警: due soon, overdue), the same idea
// for petitions (domain.md §2) and clues (domain.md §3): computed from the
// stored clock fields, today's date and the working-day calendar on every
// read, so no scheduled run can be missed.
#include <optional>
#include <string>
#include <string_view>

#include "core/calendar.hpp"
#include "core/case.hpp"
#include "core/clue.hpp"
#include "core/enums.hpp"
#include "core/model.hpp"

namespace funnel::core {

// None has no code: the API shows "" (no clock runs). The other codes are
// the list deadline_statuses of data/dictionaries.json.
enum class DeadlineStatus { None, Running, DueSoon, Overdue, Suspended };
inline constexpr EnumTable<DeadlineStatus, 4> kDeadlineStatuses{{{
    {DeadlineStatus::Running, "running"},
    {DeadlineStatus::DueSoon, "due_soon"},
    {DeadlineStatus::Overdue, "overdue"},
    {DeadlineStatus::Suspended, "suspended"},
}}};
// "" for None, else the code above.
inline std::string_view deadline_status_code(DeadlineStatus s) { return kDeadlineStatuses.code(s); }

// What a record's clock fields say.
struct ClockFields {
  // A clock runs at all (petition: a limit code and a due day; clue: a due
  // day and a state that is not final). Without one the status is None.
  bool runs = false;
  // The due day as stored ("YYYY-MM-DD"); one that does not parse reads as
  // Running with no days left.
  std::string_view due_day;
  // Petitions only: the clock is stopped (中止). Working days left are still
  // counted; the status is Suspended rather than due soon or overdue.
  bool suspended = false;
};

struct DeadlineReading {
  DeadlineStatus status = DeadlineStatus::None;
  // Working days in (today, due] while not yet due (0 on the due day);
  // minus the working days in (due, today] once overdue; 0 without a clock.
  long long working_days_left = 0;
};

// The one rule: overdue once today is after the due day; due soon when at
// most `due_soon_working_days` working days remain (the due day itself
// included, data/warnings.json); otherwise running.
DeadlineReading read_deadline(const WorkCalendar& cal, const ClockFields& clock, Day today,
                              int due_soon_working_days);

// The clock fields of a petition (App::deadline_status) and of a clue
// (App::clue_deadline_status; a pending clue's due day is its review day).
ClockFields clock_of(const Petition& p);
ClockFields clock_of(const Clue& c);
// A case's investigation clock runs from filing to the decision (SL 185).
ClockFields clock_of(const Case& c);

// A deadline as views show it; the limit's label and basis come from
// data/time-limits.json and are added by the caller.
struct Deadline {
  std::string limit;                 // time-limit code; empty for a pending clue (its review day)
  std::optional<std::string> start;  // clock start day
  std::string due;                   // due day as stored
  long long working_days_left = 0;
  int extensions = 0;
  DeadlineStatus status = DeadlineStatus::None;
  bool provisional = false;  // the due day's year has no holiday notice in the calendar yet
};
// nullopt when the record has no due day (and, for a petition, no limit;
// for a clue, when it is in a final state),
// as the petition view's "deadline": null.
std::optional<Deadline> deadline_of(const Petition& p, const WorkCalendar& cal, Day today, int due_soon_working_days);
std::optional<Deadline> deadline_of(const Clue& c, const WorkCalendar& cal, Day today, int due_soon_working_days);
std::optional<Deadline> deadline_of(const Case& c, const WorkCalendar& cal, Day today, int due_soon_working_days);
// The trial limit (SL 194) while the case is in trial; none while a
// supplementary investigation runs (its time is not counted, SL 196).
std::optional<Deadline> trial_deadline_of(const Case& c, const WorkCalendar& cal, Day today, int due_soon_working_days);

}  // namespace funnel::core
