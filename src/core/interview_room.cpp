#include "core/interview_room.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "core/text.hpp"

namespace funnel::core {

bool overlaps(const TimeRange& a, const TimeRange& b) { return a.start < b.end && b.start < a.end; }

namespace {
std::optional<int> num(std::string_view s, std::size_t pos, std::size_t len) {
  if (pos + len > s.size() || !all_digits(s.substr(pos, len))) return std::nullopt;
  return std::stoi(std::string(s.substr(pos, len)));
}
constexpr long long kOffsetMs = 8 * kHourMs;  // Asia/Shanghai, no daylight saving
}  // namespace

std::optional<long long> parse_instant(std::string_view s) {
  using namespace std::chrono;
  // YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)
  if (s.size() < 17 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':')
    return std::nullopt;
  auto y = num(s, 0, 4), mo = num(s, 5, 2), d = num(s, 8, 2), h = num(s, 11, 2), mi = num(s, 14, 2);
  if (!y || !mo || !d || !h || !mi || *h > 23 || *mi > 59) return std::nullopt;
  std::size_t pos = 16;
  int sec = 0, milli = 0;
  if (pos < s.size() && s[pos] == ':') {
    auto ss = num(s, pos + 1, 2);
    if (!ss || *ss > 59) return std::nullopt;
    sec = *ss;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      auto ms = num(s, pos + 1, 3);
      if (!ms) return std::nullopt;
      milli = *ms;
      pos += 4;
    }
  }
  long long offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    auto oh = num(s, pos + 1, 2), om = num(s, pos + 4, 2);
    if (!oh || !om || pos + 3 >= s.size() || s[pos + 3] != ':' || *oh > 14 || *om > 59) return std::nullopt;
    offset = (*oh * 60LL + *om) * kMinuteMs * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!ymd.ok() || *y < 2000 || *y > 2100) return std::nullopt;
  const long long day_ms = duration_cast<milliseconds>(sys_days{ymd}.time_since_epoch()).count();
  return day_ms + *h * kHourMs + *mi * kMinuteMs + sec * 1000LL + milli - offset;
}

std::string local_minute(long long utc_ms) {
  const long long local = utc_ms + kOffsetMs;
  const long long mins = ((local % (24 * kHourMs)) + 24 * kHourMs) % (24 * kHourMs) / kMinuteMs;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld", mins / 60, mins % 60);
  return format_day(day_of_ms(utc_ms)) + " " + buf;
}

std::string range_label(const TimeRange& r) {
  const auto a = local_minute(r.start), b = local_minute(r.end);
  return a + "—" + (a.substr(0, 10) == b.substr(0, 10) ? b.substr(11) : b);
}

Check booking_range_problem(const TimeRange& r, long long now_ms) {
  if (r.end <= r.start) return Problem::invalid("end", "结束时间应晚于开始时间");
  if (r.start % kMinuteMs != 0) return Problem::invalid("start", "开始时间应为整分钟");
  if (r.end % kMinuteMs != 0) return Problem::invalid("end", "结束时间应为整分钟");
  if (r.end - r.start > kMaxBookingMs) return Problem::invalid("end", "一次预约不超过12小时");
  if (r.start < now_ms - kBookBehindMs) return Problem::invalid("start", "不能预约已经过去的时段");
  if (r.start > now_ms + kBookAheadMs) return Problem::invalid("start", "最多预约一年以内的时段");
  return std::nullopt;
}

Check talk_register_problem(const TalkRegister& t, const TimeRange& booking,
                            const std::vector<std::string>& checklist_codes) {
  const std::set<long long> distinct(t.interviewers.begin(), t.interviewers.end());
  if (distinct.size() != t.interviewers.size()) return Problem::invalid("interviewers", "谈话人员不能重复");
  if (distinct.size() < 2) return Problem::invalid("interviewers", "谈话应当由二人以上进行（《监察法实施条例》第七十条）");
  if (trim(t.person).empty()) return Problem::invalid("person", "请填写谈话对象");
  for (auto& c : t.checklist)
    if (std::find(checklist_codes.begin(), checklist_codes.end(), c) == checklist_codes.end())
      return Problem::invalid("checklist", "未知的风险检查项：" + c);
  if (t.recording_ref && trim(*t.recording_ref).empty()) return Problem::invalid("recording_ref", "录音录像编号不能为空");
  for (auto [field, v] : {std::pair{"started_at", t.started_at}, std::pair{"ended_at", t.ended_at}}) {
    if (!v) continue;
    if (*v % kMinuteMs != 0) return Problem::invalid(field, "时间应为整分钟");
    if (*v < booking.start || *v > booking.end) return Problem::invalid(field, "谈话时间应在预约时段内");
  }
  if (t.started_at && t.ended_at && *t.ended_at <= *t.started_at)
    return Problem::invalid("ended_at", "谈话结束时间应晚于开始时间");
  return std::nullopt;
}

Check talk_close_problem(const TalkRegister& t, const std::vector<std::string>& checklist_codes) {
  if (!t.started_at) return Problem::invalid("started_at", "请登记谈话开始时间");
  if (!t.ended_at) return Problem::invalid("ended_at", "请登记谈话结束时间");
  if (!t.safety_officer_id) return Problem::invalid("safety_officer_id", "请确定安全员");
  for (auto& c : checklist_codes)
    if (std::find(t.checklist.begin(), t.checklist.end(), c) == t.checklist.end())
      return Problem::invalid("checklist", "谈话前的安全风险检查未完成");
  if (!t.handover || trim(*t.handover).empty()) return Problem::invalid("handover", "请登记谈话后的交接情况");
  if (t.important) {
    if (!t.recording_on) return Problem::invalid("recording_on", "重要谈话应当全程同步录音录像");
    if (!t.recording_ref || trim(*t.recording_ref).empty())
      return Problem::invalid("recording_ref", "重要谈话须登记全程录音录像的编号后才能结束登记");
  }
  return std::nullopt;
}

IncidentReport incident_report(const WorkCalendar& cal, const TimeLimit& limit, long long occurred_ms,
                               std::optional<long long> reported_ms, long long now_ms) {
  IncidentReport r;
  r.due_ms = due_time_ms(limit, occurred_ms);
  if (reported_ms) {
    r.reported = true;
    r.late = *reported_ms > r.due_ms;
    return r;
  }
  const auto due_day = format_day(day_of_ms(r.due_ms));
  const auto reading = read_deadline(cal, {true, due_day, false}, day_of_ms(now_ms), 0);
  Deadline d;
  d.limit = std::string(limit.code);
  d.start = format_day(day_of_ms(occurred_ms));
  d.due = due_day;
  d.working_days_left = reading.working_days_left;
  // By the hour, not the day: 24 hours may end today or tomorrow.
  d.status = now_ms > r.due_ms                ? DeadlineStatus::Overdue
             : r.due_ms - now_ms <= 6 * kHourMs ? DeadlineStatus::DueSoon
                                                : DeadlineStatus::Running;
  d.provisional = false;
  r.deadline = d;
  return r;
}

}  // namespace funnel::core
