#pragma once
// The operator's batch tools, outside the request path: `funnel demo` loads
// the demo county through the public services; `funnel gen` writes the
// reference data sets for the benchmarks through the store's bulk path.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/services.hpp"

namespace funnel::tools {

// funnel demo: loads the demo county (data/demo.json) into an initialised
// database that holds no organisation yet; returns (username, password)
// of every demo account (password empty when FUNNEL_DEMO_PASSWORD is used).
// Also files a few reports through the portal; their receipt codes and
// passwords go to `receipts`.
std::vector<std::pair<std::string, std::string>> load_demo(
    app::Services& s, const std::optional<std::string>& password,
    std::vector<std::pair<std::string, std::string>>* receipts = nullptr);

struct GenOptions {
  std::string scale = "county";  // a key of data/gen.json "scales"
  std::optional<long long> counties, petitions, clues;  // override the scale's
  std::optional<long long> cases;  // filed directly (transfers, supervision, assignments), besides those from clues
  double duplicate_share = 0.05;  // re-sent texts with a prefix (near-duplicates)
  unsigned long long seed = 20170101;
  bool force = false;  // add to a database that already holds organisations
  std::optional<std::string> password;  // of the gen_* accounts; else one-time passwords
};
struct GenReport {
  long long counties = 0, townships = 0, villages = 0, petitions = 0, clues = 0, persons = 0;
  long long cases = 0, measures = 0, bookings = 0, documents = 0;
  long long execution_tasks = 0, execution_overdue = 0;  // of the decided cases; overdue: open past the day (打白条)
  long long staff_accounts = 0, audit_records = 0, logins = 0;
  double seconds = 0;
  std::vector<std::pair<std::string, std::string>> accounts;  // created now (username, one-time password)
};
// funnel gen: reference data (data/gen.json) from a fixed seed; checks
// every option and refuses a database that holds organisations unless
// force, before writing anything. progress gets a line now and then.
GenReport generate(app::Services& s, const GenOptions& o, const std::function<void(const std::string&)>& progress);

// funnel templates: data/templates/<kind>.docx from data/templates/src (the
// shared GB/T 9704-2012 skeleton, a header with or without the 文号 line,
// each kind's body). check: writes nothing and returns the files that do not
// match their sources; else returns the files written.
std::vector<std::string> build_templates(const std::filesystem::path& resource_dir, bool check);

}  // namespace funnel::tools
