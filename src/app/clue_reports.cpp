#include "app/clue_reports.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include "core/clue.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "store/clue_reports_repo.hpp"
#include "store/clues_repo.hpp"
#include "store/org_units_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

using core::ClueAction;

using core::ClueState;
using core::ClueReportStatus;

namespace {

ClueReportClue report_clue(const core::Clue& c) {
  return {c.id, c.number, c.summary, c.source, c.state, c.mode, c.method, c.received_day};
}

std::string month_first(const std::string& month) { return month + "-01"; }
std::string month_last(const std::string& month) {
  return month + "-31";
}  // text order: every day of the month ≤ "-31"

}  // namespace

// --- monthly reports (线索月报)

void tag_invoke(json::value_from_tag, json::value& jv, const ClueReportTotals& t) {
  json::object by_state;
  for (auto& [k, v] : t.by_state) by_state[k] = v;
  jv = json::object{{"new", t.fresh}, {"earlier_open", t.earlier_open}, {"by_state", std::move(by_state)}};
}

ClueReportTotals tag_invoke(json::value_to_tag<ClueReportTotals>, const json::value& jv) {
  const auto& o = jv.as_object();
  ClueReportTotals t{o.at("new").as_int64(), o.at("earlier_open").as_int64(), {}};
  for (auto& kv : o.at("by_state").as_object()) t.by_state[kv.key()] = kv.value().as_int64();
  return t;
}

std::vector<core::OrgUnit> report_townships(store::Tx& tx, const Actor& a) {
  std::vector<core::OrgUnit> out;
  if (a.scope.kind == core::DataScope::None) return out;
  store::OrgFilter f;
  f.kind = "township";
  for (auto& o : store::list_orgs(tx, core::unrestricted_scope(), f, nullptr, nullptr)) {
    if (o.county_id != a.scope.county_id) continue;
    const bool mine =
        std::find(a.scope.township_ids.begin(), a.scope.township_ids.end(), o.id) != a.scope.township_ids.end();
    if (a.scope.kind == core::DataScope::County || mine) out.push_back(o);
  }
  return out;
}

ClueReportSnapshot ClueReportService::build_clue_report(store::Tx& tx, const core::OrgUnit& township,
                                                        const std::string& month) {
  // The township's own view of its clues: what it leads, assists, found or is concerned by.
  core::Scope s;
  s.kind = core::DataScope::OwnTownship;
  s.county_id = township.county_id.value_or(0);
  s.township_ids = {township.id};
  s.org_id = township.id;
  store::ClueFilter f;
  f.received_to = month_last(month);
  const std::string first = month_first(month);
  ClueReportSnapshot r;
  r.township_id = township.id;
  r.township_name = township.name;
  r.month = month;
  store::scan_clues(tx, s, f, [&](const core::Clue& c) {
    const bool is_new = c.received_day >= first;
    const auto st = core::kClueStates.parse(c.state);
    const bool open_then = !st || !core::is_final(*st) || (c.closed_day && *c.closed_day >= first);
    if (!is_new && !open_then) return;
    (is_new ? r.new_clues : r.earlier_open).push_back(report_clue(c));
    ++r.totals.by_state[c.state];
  });
  r.totals.fresh = static_cast<long long>(r.new_clues.size());
  r.totals.earlier_open = static_cast<long long>(r.earlier_open.size());
  const auto ym = core::parse_month(month);
  const auto* rule = k_.find_time_limit("clue_monthly_report");
  if (rule && ym) r.deadline_day = core::format_day(core::report_deadline(k_.calendar(), *rule, ym->first, ym->second));
  return r;
}

namespace {
std::pair<int, int> checked_month(const std::string& month) {
  auto ym = core::parse_month(month);
  if (!ym) throw invalid("month", "应为 YYYY-MM 格式的月份");
  return *ym;
}

ClueReportRow report_row(const store::ClueReport& r, const std::string& today) {
  ClueReportRow v;
  v.id = r.id;
  v.township_id = r.township_id;
  v.township_name = r.township_name;
  v.month = r.month;
  v.status = r.status;
  v.version = r.version;
  v.deadline_day = r.deadline_day;
  v.late = r.late != 0;
  v.overdue = core::kClueReportStatuses.parse(r.status) == ClueReportStatus::Returned && today > r.deadline_day;
  v.note = r.note;
  v.submitted_at = core::iso_utc(r.submitted_at);
  v.submitted_by_name = r.submitted_by_name;
  if (r.acknowledged_at) v.acknowledged_at = core::iso_utc(*r.acknowledged_at);
  v.acknowledged_by_name = r.acknowledged_by_name;
  v.return_reason = r.return_reason;
  return v;
}
}  // namespace

ClueReportMonth ClueReportService::list_clue_reports(const Actor& a, const std::string& month) {
  k_.require(a, core::Permission::ClueRead);
  auto [y, m] = checked_month(month);
  const auto* rule = k_.find_time_limit("clue_monthly_report");
  if (!rule) throw std::runtime_error("time limit clue_monthly_report missing from data/time-limits.json");
  const std::string deadline = core::format_day(core::report_deadline(k_.calendar(), *rule, y, m));
  return k_.db().read([&](store::Tx& tx) {
    const std::string today = core::format_day(core::day_of_ms(tx.now));
    std::map<long long, store::ClueReport> by_township;
    for (auto& r : store::clue_reports_of_month(tx, a.scope.county_id, month)) by_township[r.township_id] = r;
    ClueReportMonth out{month, deadline, rule->basis, {}};
    for (auto& t : report_townships(tx, a)) {
      auto it = by_township.find(t.id);
      if (it != by_township.end()) {
        out.items.push_back(report_row(it->second, today));
        continue;
      }
      // A township may still report a month before it existed (clues entered
      // afterwards), but owed none: such a missing report is never overdue.
      const bool owed = core::format_day(core::day_of_ms(t.created_at)).substr(0, 7) <= month;
      ClueReportRow v;
      v.township_id = t.id;
      v.township_name = t.name;
      v.month = month;
      v.status = core::kClueReportStatuses.code(ClueReportStatus::NotSubmitted);
      v.deadline_day = deadline;
      v.overdue = owed && today > deadline;
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

namespace {
// A report lists the township's clues; a viewer sees the rows of the clues
// in their own scope (own records, recusal) and a count of the others. The
// totals stay the report's: counts name no clue.
std::set<long long> report_ids(const ClueReportSnapshot& report) {
  std::set<long long> out;
  for (auto* part : {&report.new_clues, &report.earlier_open})
    for (auto& c : *part) out.insert(c.clue_id);
  return out;
}

// Keeps the rows of the visible clues, counting the others.
long long keep_visible(std::vector<ClueReportClue>& rows, const std::set<long long>& visible) {
  const auto n = std::erase_if(rows, [&](const ClueReportClue& c) { return !visible.count(c.clue_id); });
  return static_cast<long long>(n);
}

ClueReportContent withhold_rows(ClueReportSnapshot report, const std::set<long long>& visible) {
  ClueReportContent out{std::move(report), {}};
  out.withheld.new_clues = keep_visible(out.new_clues, visible);
  out.withheld.earlier_open = keep_visible(out.earlier_open, visible);
  out.withheld.total = out.withheld.new_clues + out.withheld.earlier_open;
  return out;
}
}  // namespace

ClueReportContent ClueReportService::live_clue_report(const Actor& a, long long township_id, const std::string& month) {
  k_.require(a, core::Permission::ClueRead);
  checked_month(month);
  return k_.db().read([&](store::Tx& tx) {
    for (auto& t : report_townships(tx, a))
      if (t.id == township_id) {
        auto r = build_clue_report(tx, t, month);
        const auto ids = report_ids(r);
        return withhold_rows(std::move(r), store::visible_clue_ids(tx, a.scope, {ids.begin(), ids.end()}));
      }
    throw invalid("township_id", "乡镇不存在或不在本人数据范围内");
  });
}

ClueReportDetail ClueReportService::submit_clue_report(const Actor& a, long long township_id,
                                                       const std::string& month,
                                                       const std::optional<std::string>& note) {
  k_.require(a, core::Permission::ClueReportSubmit);
  auto [y, m] = checked_month(month);
  if (!a.user.org_unit_id || *a.user.org_unit_id != township_id) throw forbidden("线索月报由本乡镇纪委书记报送");
  const auto* rule = k_.find_time_limit("clue_monthly_report");
  if (!rule) throw std::runtime_error("time limit clue_monthly_report missing from data/time-limits.json");
  const std::string deadline = core::format_day(core::report_deadline(k_.calendar(), *rule, y, m));
  const long long id = k_.db().write([&](store::Tx& tx) {
    const core::Day today = core::day_of_ms(tx.now);
    const std::string today_s = core::format_day(today);
    if (month >=
        core::format_month(static_cast<int>(std::chrono::year_month_day{today}.year()),
                           static_cast<int>(static_cast<unsigned>(std::chrono::year_month_day{today}.month()))))
      throw invalid("month", "只能报送已结束月份的线索月报");
    auto t = store::find_org(tx, core::unrestricted_scope(), township_id);
    if (!t || t->kind != "township") throw invalid("township_id", "乡镇不存在");
    auto existing = store::find_clue_report_of(tx, township_id, month);
    if (existing && core::kClueReportStatuses.parse(existing->status) != ClueReportStatus::Returned)
      throw conflict("本月线索月报已经报送", "month");
    store::ClueReport r = existing.value_or(store::ClueReport{});
    r.county_id = t->county_id.value_or(0);
    r.township_id = township_id;
    r.month = month;
    r.status = core::kClueReportStatuses.code(ClueReportStatus::Submitted);
    r.version = existing ? existing->version + 1 : 1;
    r.snapshot = json::serialize(json::value_from(build_clue_report(tx, *t, month)));
    r.note = note;
    r.deadline_day = deadline;
    r.late = today_s > deadline ? 1 : 0;
    r.submitted_by = a.user.id;
    r.submitted_by_name = a.user.display_name;
    r.submitted_at = tx.now;
    r.acknowledged_by_name.reset();
    r.acknowledged_at.reset();
    long long rid;
    if (existing) {
      r.id = existing->id;
      store::update_clue_report(tx, r);
      rid = r.id;
    } else {
      rid = store::insert_clue_report(tx, r);
    }
    k_.audit(tx, &a, "submit", "clue_report", rid,
          {{"township_id", township_id}, {"month", month}, {"version", r.version}, {"late", r.late != 0}});
    return rid;
  });
  return get_clue_report(a, id);
}

ClueReportDetail ClueReportService::get_clue_report(const Actor& a, long long id) {
  k_.require(a, core::Permission::ClueRead);
  return k_.db().read([&](store::Tx& tx) {
    auto r = store::find_clue_report(tx, id);
    std::optional<core::OrgUnit> township;
    if (r)
      for (auto& t : report_townships(tx, a))
        if (t.id == r->township_id) township = t;
    if (!r || !township) throw not_found("线索月报不存在或不在本人数据范围内");
    ClueReportDetail d;
    static_cast<ClueReportRow&>(d) = report_row(*r, core::format_day(core::day_of_ms(tx.now)));
    const auto snapshot = json::value_to<ClueReportSnapshot>(json::parse(r->snapshot));
    auto live = build_clue_report(tx, *township, r->month);
    // What changed since submission: state, mode and method of each clue.
    std::map<long long, const ClueReportClue*> now;
    for (auto* part : {&live.new_clues, &live.earlier_open})
      for (auto& c : *part) now[c.clue_id] = &c;
    using Field = std::optional<std::string> ClueReportClue::*;
    constexpr std::pair<const char*, Field> kFields[] = {
        {"mode", &ClueReportClue::mode}, {"method", &ClueReportClue::method}};
    std::set<long long> seen;
    for (auto* part : {&snapshot.new_clues, &snapshot.earlier_open})
      for (auto& was : *part) {
        seen.insert(was.clue_id);
        auto it = now.find(was.clue_id);
        const ClueReportClue* is = it == now.end() ? nullptr : it->second;
        const std::optional<std::string> state = is ? std::optional(is->state) : std::nullopt;
        if (state != was.state) d.changes.push_back({was.clue_id, was.number, "state", was.state, state});
        for (auto& [field, member] : kFields) {
          const std::optional<std::string> after = is ? is->*member : std::nullopt;
          if (after != was.*member) d.changes.push_back({was.clue_id, was.number, field, was.*member, after});
        }
      }
    for (auto& [cid, row] : now)
      if (!seen.count(cid)) d.changes.push_back({cid, row->number, "added", std::nullopt, row->state});
    // Rows and changes of clues outside the viewer's scope are withheld.
    auto ids = report_ids(snapshot);
    for (auto id : report_ids(live)) ids.insert(id);
    const auto visible = store::visible_clue_ids(tx, a.scope, {ids.begin(), ids.end()});
    d.snapshot = withhold_rows(snapshot, visible);
    d.live = withhold_rows(std::move(live), visible);
    std::erase_if(d.changes, [&](const ClueReportChange& ch) { return !visible.count(ch.clue_id); });
    return d;
  });
}

ClueReportDetail ClueReportService::acknowledge_clue_report(const Actor& a, long long id) {
  k_.require(a, core::Permission::ClueReportReview);
  k_.db().write([&](store::Tx& tx) {
    auto r = store::find_clue_report(tx, id);
    if (!r || r->county_id != a.scope.county_id) throw not_found("线索月报不存在或不在本人数据范围内");
    if (core::kClueReportStatuses.parse(r->status) != ClueReportStatus::Submitted)
      throw conflict("只能确认已报送且未处理的月报", "status");
    r->status = core::kClueReportStatuses.code(ClueReportStatus::Acknowledged);
    r->acknowledged_by_name = a.user.display_name;
    r->acknowledged_at = tx.now;
    store::update_clue_report(tx, *r);
    k_.audit(tx, &a, "acknowledge", "clue_report", r->id, {{"township_id", r->township_id}, {"month", r->month}});
  });
  return get_clue_report(a, id);
}

ClueReportDetail ClueReportService::return_clue_report(const Actor& a, long long id, const std::string& reason) {
  k_.require(a, core::Permission::ClueReportReview);
  if (core::trim(reason).empty()) throw invalid("reason", "退回须写明理由");
  k_.db().write([&](store::Tx& tx) {
    auto r = store::find_clue_report(tx, id);
    if (!r || r->county_id != a.scope.county_id) throw not_found("线索月报不存在或不在本人数据范围内");
    if (core::kClueReportStatuses.parse(r->status) != ClueReportStatus::Submitted)
      throw conflict("只能退回已报送且未处理的月报", "status");
    r->status = core::kClueReportStatuses.code(ClueReportStatus::Returned);
    r->return_reason = core::trim(reason);
    store::update_clue_report(tx, *r);
    k_.audit(tx, &a, "return", "clue_report", r->id,
          {{"township_id", r->township_id}, {"month", r->month}, {"reason", *r->return_reason}});
  });
  return get_clue_report(a, id);
}

}  // namespace funnel::app
