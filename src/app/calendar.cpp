// Working-day calendar and time limits (SY-8): data files read at start-up,
// so a new year's holiday notice or a county's own limit needs no rebuild.
#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "app/app.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace funnel::app {

namespace json = boost::json;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

const json::value& field(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (!v) throw std::runtime_error(std::string("a limit lacks \"") + key + "\"");
  return *v;
}

core::TimeLimit limit_from(const json::object& o) {
  core::TimeLimit t;
  t.code = std::string(field(o, "code").as_string());
  t.label = std::string(field(o, "label").as_string());
  t.amount = static_cast<int>(field(o, "amount").to_number<long long>());
  auto unit = core::parse_limit_unit(std::string(field(o, "unit").as_string()));
  if (!unit) throw std::runtime_error("unknown unit in limit " + t.code);
  t.unit = *unit;
  if (auto* m = o.if_contains("moves")) t.moves_to_working_day = m->as_bool();
  t.basis = std::string(field(o, "basis").as_string());
  if (auto* l = o.if_contains("local")) t.local = l->as_bool();
  if (t.unit == core::LimitUnit::DayOfMonth && (t.amount < 1 || t.amount > 31))
    throw std::runtime_error("limit " + t.code + ": a day of the month is 1–31");
  if (t.amount < 0 || t.amount > 1000 || t.code.empty() || t.basis.empty())
    throw std::runtime_error("limit " + t.code + ": amount 0–1000, code and basis required");
  return t;
}
}  // namespace

core::WorkCalendar load_work_calendar(const std::filesystem::path& resource_dir) {
  auto file = resource_dir / "cn-holidays.csv";
  try {
    return core::WorkCalendar::parse_csv(read_file(file));
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

std::vector<core::TimeLimit> load_time_limits(const std::filesystem::path& resource_dir) {
  auto file = resource_dir / "time-limits.json";
  std::vector<core::TimeLimit> out;
  try {
    std::set<std::string> seen;
    const json::value doc = json::parse(read_file(file));  // outlives the loop
    for (auto& v : doc.as_object().at("limits").as_array()) {
      auto t = limit_from(v.as_object());
      if (!seen.insert(t.code).second) throw std::runtime_error("limit " + t.code + " listed twice");
      out.push_back(std::move(t));
    }
  } catch (const std::exception& e) {  // parse errors, missing keys, bad values: name the file
    throw std::runtime_error(file.string() + ": " + e.what());
  }
  return out;
}

const core::TimeLimit* App::find_time_limit(std::string_view code) const {
  for (auto& t : limits_)
    if (t.code == code) return &t;
  return nullptr;
}

App::DueDate App::compute_due(const std::string& limit_code, const std::string& start) const {
  const auto* t = find_time_limit(limit_code);
  if (!t) throw bad_request("未知的时限规则", "limit");
  auto d = core::parse_day(start);
  if (!d) throw bad_request("应为 YYYY-MM-DD 格式的有效日期", "start");
  DueDate out{*t, *d, core::due_day(calendar_, *t, *d), false};
  for (auto y = core::Day{*d}; y <= out.due; y += std::chrono::days{1})
    if (!calendar_.covers(y)) {
      out.provisional = true;
      break;
    }
  return out;
}

}  // namespace funnel::app
