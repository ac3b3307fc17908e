#pragma once
// 线索月报 (CL-2): each township's monthly report, built from the records,
// submitted by the 20th, acknowledged or returned by the county.
#include <boost/json/fwd.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"

namespace funnel::app {

// The townships whose reports the actor may see (also the clue warnings').
std::vector<core::OrgUnit> report_townships(store::Tx& tx, const Actor& a);

// A clue's row in a monthly report (typed views, serialised by src/http).
struct ClueReportClue {
  long long clue_id = 0;
  std::string number, summary, source, state;
  std::optional<std::string> mode, method;
  std::string received_day;
};
BOOST_DESCRIBE_STRUCT(ClueReportClue, (), (clue_id, number, summary, source, state, mode, method, received_day))
// The report's own counts over every row; its key "new" is a C++ keyword,
// hence its own conversion (below) instead of a description.
struct ClueReportTotals {
  long long fresh = 0, earlier_open = 0;
  std::map<std::string, long long> by_state;
};
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const ClueReportTotals& t);
ClueReportTotals tag_invoke(boost::json::value_to_tag<ClueReportTotals>, const boost::json::value& jv);
// The report's content as submitted and stored (the snapshot, never changed).
struct ClueReportSnapshot {
  long long township_id = 0;
  std::string township_name, month;
  std::optional<std::string> deadline_day;
  std::vector<ClueReportClue> new_clues, earlier_open;
  ClueReportTotals totals;
};
BOOST_DESCRIBE_STRUCT(ClueReportSnapshot, (),
                      (township_id, township_name, month, deadline_day, new_clues, earlier_open, totals))
// Rows of clues outside the viewer's scope (own records, recusal), not shown.
struct ClueReportWithheld {
  long long new_clues = 0, earlier_open = 0, total = 0;
};
BOOST_DESCRIBE_STRUCT(ClueReportWithheld, (), (new_clues, earlier_open, total))
// The content as a viewer sees it.
struct ClueReportContent : ClueReportSnapshot {
  ClueReportWithheld withheld;
};
BOOST_DESCRIBE_STRUCT(ClueReportContent, (ClueReportSnapshot), (withheld))
// A township's report of a month, also before it is submitted (no id).
struct ClueReportRow {
  std::optional<long long> id;
  long long township_id = 0;
  std::string township_name, month, status;
  int version = 0;
  std::string deadline_day;
  bool late = false, overdue = false;
  std::optional<std::string> note, submitted_at, submitted_by_name, acknowledged_at, acknowledged_by_name,
      return_reason;
};
BOOST_DESCRIBE_STRUCT(ClueReportRow, (),
                      (id, township_id, township_name, month, status, version, deadline_day, late, overdue, note,
                       submitted_at, submitted_by_name, acknowledged_at, acknowledged_by_name, return_reason))
struct ClueReportMonth {
  std::string month, deadline_day, basis;
  std::vector<ClueReportRow> items;
};
BOOST_DESCRIBE_STRUCT(ClueReportMonth, (), (month, deadline_day, basis, items))
// What changed since submission: a clue's state, mode or method, or a clue added.
struct ClueReportChange {
  long long clue_id = 0;
  std::string number, field;
  std::optional<std::string> submitted, now;
};
BOOST_DESCRIBE_STRUCT(ClueReportChange, (), (clue_id, number, field, submitted, now))
// The detail: the row, the snapshot, the live report and the changes.
struct ClueReportDetail : ClueReportRow {
  ClueReportContent snapshot, live;
  std::vector<ClueReportChange> changes;
};
BOOST_DESCRIBE_STRUCT(ClueReportDetail, (ClueReportRow), (snapshot, live, changes))

class ClueReportService {
 public:
  explicit ClueReportService(Kernel& k) : k_(k) {}
  ClueReportMonth list_clue_reports(const Actor& a, const std::string& month);
  ClueReportContent live_clue_report(const Actor& a, long long township_id, const std::string& month);
  ClueReportDetail submit_clue_report(const Actor& a, long long township_id, const std::string& month,
                                      const std::optional<std::string>& note);
  ClueReportDetail get_clue_report(const Actor& a, long long id);
  ClueReportDetail acknowledge_clue_report(const Actor& a, long long id);
  ClueReportDetail return_clue_report(const Actor& a, long long id, const std::string& reason);

 private:
  // The rows of a township's monthly report as they are now.
  ClueReportSnapshot build_clue_report(store::Tx& tx, const core::OrgUnit& township, const std::string& month);
  Kernel& k_;
};

}  // namespace funnel::app
