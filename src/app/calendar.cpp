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

namespace {
std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

core::TimeLimit limit_from(const json::object& o) {
  core::TimeLimit t;
  t.code = std::string(o.at("code").as_string());
  t.label = std::string(o.at("label").as_string());
  t.amount = static_cast<int>(o.at("amount").to_number<long long>());
  auto unit = core::parse_limit_unit(std::string(o.at("unit").as_string()));
  if (!unit) throw std::runtime_error("unknown unit in limit " + t.code);
  t.unit = *unit;
  if (auto* m = o.if_contains("moves")) t.moves_to_working_day = m->as_bool();
  t.basis = std::string(o.at("basis").as_string());
  if (auto* l = o.if_contains("local")) t.local = l->as_bool();
  if (t.amount < 0 || t.amount > 1000 || t.code.empty() || t.basis.empty())
    throw std::runtime_error("limit " + t.code + ": amount 0–1000, code and basis required");
  return t;
}
}  // namespace

void App::load_calendar() {
  auto cal_file = cfg_.resource_dir / "cn-holidays.csv";
  try {
    calendar_ = core::WorkCalendar::parse_csv(read_file(cal_file));
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(cal_file.string() + ": " + e.what());
  }
  auto lim_file = cfg_.resource_dir / "time-limits.json";
  try {
    std::set<std::string> seen;
    const json::value doc = json::parse(read_file(lim_file));  // outlives the loop
    for (auto& v : doc.as_object().at("limits").as_array()) {
      auto t = limit_from(v.as_object());
      if (!seen.insert(t.code).second) throw std::runtime_error("limit " + t.code + " listed twice");
      limits_.push_back(std::move(t));
    }
  } catch (const std::runtime_error&) {
    throw;
  } catch (const std::exception& e) {
    throw std::runtime_error(lim_file.string() + ": " + e.what());
  }
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
