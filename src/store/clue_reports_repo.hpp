#pragma once
// Monthly clue reports (线索月报, CL-2): one per township and month, its
// snapshot frozen at submission.
#include <optional>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace funnel::store {

struct ClueReport {
  long long id = 0, county_id = 0, township_id = 0;
  std::string month, status;
  int version = 0;
  std::string snapshot;  // JSON, frozen at submission
  std::optional<std::string> note;
  std::string deadline_day;
  int late = 0;
  long long submitted_by = 0;
  std::string submitted_by_name;
  long long submitted_at = 0;
  std::optional<std::string> acknowledged_by_name, return_reason;
  std::optional<long long> acknowledged_at;
  std::string township_name;  // joined
};
std::optional<ClueReport> find_clue_report(Tx& tx, long long id);
std::optional<ClueReport> find_clue_report_of(Tx& tx, long long township_id, const std::string& month);
std::vector<ClueReport> clue_reports_of_month(Tx& tx, long long county_id, const std::string& month);
long long insert_clue_report(Tx& tx, const ClueReport& r);
void update_clue_report(Tx& tx, const ClueReport& r);

}  // namespace funnel::store
