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

ReferenceService::DueDate ReferenceService::compute_due(const std::string& limit_code, const std::string& start) const {
  const auto* t = k_.find_time_limit(limit_code);
  if (!t) throw bad_request("未知的时限规则", "limit");
  auto d = core::parse_day(start);
  if (!d) throw bad_request("应为 YYYY-MM-DD 格式的有效日期", "start");
  DueDate out{*t, *d, core::due_day(k_.calendar(), *t, *d), false};
  for (auto y = core::Day{*d}; y <= out.due; y += std::chrono::days{1})
    if (!k_.calendar().covers(y)) {
      out.provisional = true;
      break;
    }
  return out;
}

}  // namespace funnel::app
