#pragma once
// Interview rooms (谈话室, CA-2; regulations.md §5, domain.md §4): a
// booking's time range, when two ranges overlap, the checks of a talk's use
// register (SL 70: ≥ 2 interviewers; SL 56, GZ 48: important talks recorded
// in full; GZ 69: risk checklist before, handover after) and the 24-hour
// report of an incident to the higher organ (GZ 70). Pure rules; the
// database enforces "never booked twice" itself (migration 23).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/case.hpp"  // kIncidentReportLimit
#include "core/deadline.hpp"
#include "core/problem.hpp"

namespace funnel::core {

inline constexpr long long kMinuteMs = 60'000;
inline constexpr long long kHourMs = 60 * kMinuteMs;
// A booking lasts at most 12 hours (a talk has a reasonable length, SL 77),
// starts at most a day back (recording a talk already under way) and at
// most 366 days ahead.
inline constexpr long long kMaxBookingMs = 12 * kHourMs;
inline constexpr long long kBookBehindMs = 24 * kHourMs;
inline constexpr long long kBookAheadMs = 366 * 24 * kHourMs;
// The calendar reads at most 6 weeks at once.
inline constexpr int kMaxCalendarDays = 42;

// [start, end) in UTC milliseconds.
struct TimeRange {
  long long start = 0, end = 0;
};
// Half-open ranges: one ending at 10:00 and one starting at 10:00 do not overlap.
bool overlaps(const TimeRange& a, const TimeRange& b);

// An instant as ISO 8601 with its offset: 2026-12-08T09:00:00+08:00,
// 2026-12-08T01:00Z, seconds and milliseconds optional. No offset, no instant.
std::optional<long long> parse_instant(std::string_view s);
// "2026-12-08 09:00" in the county's time (UTC+8).
std::string local_minute(long long utc_ms);
// "2026-12-08 09:00—10:00", the date repeated when the range crosses midnight.
std::string range_label(const TimeRange& r);

// A booking's range: end after start (field end), whole minutes, at most
// 12 hours, not more than a day back nor a year ahead of now (field start).
Check booking_range_problem(const TimeRange& r, long long now_ms);

// A talk's use register (谈话室使用登记) as the cadres record it.
struct TalkRegister {
  std::vector<long long> interviewers;  // users, distinct
  std::optional<long long> safety_officer_id;
  std::string person;  // who was talked to
  bool important = false;
  std::optional<long long> started_at, ended_at;  // the actual talk, UTC ms
  bool recording_on = false;                      // recorded in full, never switched off
  std::optional<std::string> recording_ref;       // the recording's reference (archive number)
  std::vector<std::string> checklist;             // risk checks confirmed before the talk (codes)
  std::optional<std::string> handover;            // the handover after the talk (交接)
};

// What every save checks: ≥ 2 distinct interviewers (SL 70), a person,
// checklist codes from the list, an actual range that ends after it starts,
// in whole minutes and inside the booking.
Check talk_register_problem(const TalkRegister& t, const TimeRange& booking,
                            const std::vector<std::string>& checklist_codes);
// What closing the register adds: the actual start and end, the safety
// officer, every risk check confirmed, the handover; an important talk
// recorded in full with its recording's reference (SL 56, GZ 48–49).
Check talk_close_problem(const TalkRegister& t, const std::vector<std::string>& checklist_codes);

// An incident's report to the higher organ within 24 hours (GZ 70): due at
// the hours limit's end (the hour it happened in not counted, SL 285);
// reported: no running deadline; not yet: running, due soon in its last 6
// hours, overdue after it.
struct IncidentReport {
  long long due_ms = 0;
  bool reported = false, late = false;
  std::optional<Deadline> deadline;  // while unreported, in the shared deadline shape
};
IncidentReport incident_report(const WorkCalendar& cal, const TimeLimit& limit, long long occurred_ms,
                               std::optional<long long> reported_ms, long long now_ms);

}  // namespace funnel::core
