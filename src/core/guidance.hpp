#pragma once
// Guidance of the linked townships (联系指导, CA-8, ORG-2): what a county
// discipline room records about a township it is linked to, and the tasks
// it sets; the pure rules of a record and of a task's clock.
#include <optional>
#include <string>
#include <string_view>

#include "core/calendar.hpp"
#include "core/deadline.hpp"
#include "core/enums.hpp"

namespace funnel::core {

enum class GuidanceKind { Meeting, CaseFeedback, OnSite };
inline constexpr EnumTable<GuidanceKind, 3> kGuidanceKinds{{{
    {GuidanceKind::Meeting, "meeting"},             // 例会
    {GuidanceKind::CaseFeedback, "case_feedback"},  // 案件反馈
    {GuidanceKind::OnSite, "on_site"},              // 现场指导
}}};

// A record's case: feedback is about one case of the township, the other
// kinds may name one. Returns the offending field ("case_id") or "".
std::string_view guidance_case_problem(GuidanceKind kind, bool has_case);

// A guidance task as its clock needs it.
struct GuidanceTaskClock {
  std::string created_day;  // the record's day: the task cannot be due before it
  std::string due_day;
  std::optional<std::string> closed_day;
};
// An open task runs to its due day (the shared deadline rule: overdue once
// today is past it); a closed one has no clock.
std::optional<Deadline> deadline_of(const GuidanceTaskClock& t, const WorkCalendar& cal, Day today,
                                    int due_soon_working_days);
// Closing: not before the record's day, not after today. "" when fine, else
// the reason (Chinese, for the field closed_day).
std::string close_day_problem(const GuidanceTaskClock& t, Day closed, Day today);

}  // namespace funnel::core
