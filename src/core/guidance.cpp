#include "core/guidance.hpp"

namespace funnel::core {

std::string_view guidance_case_problem(GuidanceKind kind, bool has_case) {
  if (kind == GuidanceKind::CaseFeedback && !has_case) return "case_id";
  return "";
}

std::optional<Deadline> deadline_of(const GuidanceTaskClock& t, const WorkCalendar& cal, Day today,
                                    int due_soon_working_days) {
  if (t.closed_day) return std::nullopt;
  ClockFields f;
  f.runs = true;
  f.due_day = t.due_day;
  const auto r = read_deadline(cal, f, today, due_soon_working_days);
  Deadline d;
  d.start = t.created_day;
  d.due = t.due_day;
  d.working_days_left = r.working_days_left;
  d.status = r.status;
  auto due = parse_day(t.due_day);
  d.provisional = due && !cal.covers(*due);
  return d;
}

std::string close_day_problem(const GuidanceTaskClock& t, Day closed, Day today) {
  if (t.closed_day) return "任务已办结";
  if (closed > today) return "办结日期不能晚于今天";
  if (auto start = parse_day(t.created_day); start && closed < *start) return "办结日期不能早于指导日期";
  return "";
}

}  // namespace funnel::core
