#include "store/clue_reports_repo.hpp"

#include "store/query.hpp"

namespace funnel::store {

namespace {
const char* kReportCols =
    "r.id, r.county_id, r.township_id, r.month, r.status, r.version, r.snapshot, r.note, r.deadline_day, r.late, "
    "r.submitted_by, r.submitted_by_name, r.submitted_at, r.acknowledged_by_name, r.acknowledged_at, "
    "r.return_reason, t.name FROM clue_reports r JOIN org_units t ON t.id = r.township_id";

std::vector<ClueReport> select_reports(Tx& tx, const std::string& sql, Params& p) {
  std::vector<ClueReport> out;
  ClueReport r;
  Query st(tx);
  st.into(r.id).into(r.county_id).into(r.township_id).into(r.month).into(r.status).into(r.version);
  st.into(r.snapshot).into(r.note).into(r.deadline_day).into(r.late).into(r.submitted_by);
  st.into(r.submitted_by_name).into(r.submitted_at).into(r.acknowledged_by_name).into(r.acknowledged_at);
  st.into(r.return_reason).into(r.township_name);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(r);
  return out;
}
}  // namespace

std::optional<ClueReport> find_clue_report(Tx& tx, long long id) {
  Params p;
  auto rows = select_reports(tx, std::string("SELECT ") + kReportCols + " WHERE r.id = " + p.add(id), p);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<ClueReport> find_clue_report_of(Tx& tx, long long township_id, const std::string& month) {
  Params p;
  auto rows = select_reports(tx,
                             std::string("SELECT ") + kReportCols + " WHERE r.township_id = " + p.add(township_id) +
                                 " AND r.month = " + p.add(month),
                             p);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<ClueReport> clue_reports_of_month(Tx& tx, long long county_id, const std::string& month) {
  Params p;
  return select_reports(tx,
                        std::string("SELECT ") + kReportCols + " WHERE r.county_id = " + p.add(county_id) +
                            " AND r.month = " + p.add(month) + " ORDER BY r.township_id",
                        p);
}

long long insert_clue_report(Tx& tx, const ClueReport& r) {
  return Query(tx)
      .use(r.county_id)
      .use(r.township_id)
      .use(r.month)
      .use(r.status)
      .use(r.version)
      .use(r.snapshot)
      .use(r.note)
      .use(r.deadline_day)
      .use(r.late)
      .use(r.submitted_by)
      .use(r.submitted_by_name)
      .use(tx.now)
      .insert(
          "INSERT INTO clue_reports (county_id, township_id, month, status, version, snapshot, note, deadline_day, "
          "late, submitted_by, submitted_by_name, submitted_at) VALUES (:c, :t, :m, :s, :v, :sn, :n, :d, :l, :u, "
          ":un, :at)");
}

void update_clue_report(Tx& tx, const ClueReport& r) {
  Query(tx)
      .use(r.status)
      .use(r.version)
      .use(r.snapshot)
      .use(r.note)
      .use(r.late)
      .use(r.submitted_by)
      .use(r.submitted_by_name)
      .use(r.submitted_at)
      .use(r.acknowledged_by_name)
      .use(r.acknowledged_at)
      .use(r.return_reason)
      .use(r.id)
      .run(
          "UPDATE clue_reports SET status = :s, version = :v, snapshot = :sn, note = :n, late = :l, "
          "submitted_by = :u, submitted_by_name = :un, submitted_at = :at, acknowledged_by_name = :an, "
          "acknowledged_at = :aa, return_reason = :rr WHERE id = :id",
          false);
}

}  // namespace funnel::store
