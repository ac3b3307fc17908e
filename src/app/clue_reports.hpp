#pragma once
// 线索月报 (CL-2): each township's monthly report, built from the records,
// submitted by the 20th, acknowledged or returned by the county.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"

namespace funnel::app {

// The townships whose reports the actor may see (also the clue warnings').
std::vector<core::OrgUnit> report_townships(store::Tx& tx, const Actor& a);

class ClueReportService {
 public:
  explicit ClueReportService(Kernel& k) : k_(k) {}
  boost::json::object list_clue_reports(const Actor& a, const std::string& month);
  boost::json::object live_clue_report(const Actor& a, long long township_id, const std::string& month);
  boost::json::object submit_clue_report(const Actor& a, long long township_id, const std::string& month,
                                         const std::optional<std::string>& note);
  boost::json::object get_clue_report(const Actor& a, long long id);
  boost::json::object acknowledge_clue_report(const Actor& a, long long id);
  boost::json::object return_clue_report(const Actor& a, long long id, const std::string& reason);

 private:
  // The rows of a township's monthly report as they are now.
  boost::json::object build_clue_report(store::Tx& tx, const core::OrgUnit& township, const std::string& month);
  Kernel& k_;
};

}  // namespace funnel::app
