#include "app/reference.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include "core/error.hpp"
#include "core/text.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"

namespace funnel::app {

namespace json = boost::json;

namespace {
TimeLimitView limit_view(const core::TimeLimit& t) {
  return {t.code,
          t.label,
          t.amount,
          std::string(core::limit_unit_code(t.unit)),
          t.unit == core::LimitUnit::WorkingDays ? false : t.moves_to_working_day,
          t.basis,
          t.local};
}
}  // namespace

PageOf<TimeLimitView> ReferenceService::time_limits() const {
  PageOf<TimeLimitView> out;
  for (auto& t : k_.time_limits()) out.items.push_back(limit_view(t));
  out.total = static_cast<long long>(out.items.size());
  return out;
}

DueDate ReferenceService::compute_due(const std::string& limit_code, const std::string& start) const {
  const auto* t = k_.find_time_limit(limit_code);
  if (!t) throw bad_request("未知的时限规则", "limit");
  auto d = core::parse_day(start);
  if (!d) throw bad_request("应为 YYYY-MM-DD 格式的有效日期", "start");
  const core::Day due = core::due_day(k_.calendar(), *t, *d);
  DueDate out{limit_view(*t), core::format_day(*d), core::format_day(due), false};
  for (auto y = core::Day{*d}; y <= due; y += std::chrono::days{1})
    if (!k_.calendar().covers(y)) {
      out.provisional = true;
      break;
    }
  return out;
}

CalendarYear ReferenceService::calendar_year(int year) const {
  CalendarYear out{year, k_.calendar().years().count(year) > 0, {}};
  for (auto& s : k_.calendar().specials_of(year))
    out.days.push_back({core::format_day(s.day), s.working ? "work" : "off", s.name});
  return out;
}

}  // namespace funnel::app
