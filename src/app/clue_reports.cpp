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

namespace {

json::object row_json(const core::Clue& c) {
  return {{"clue_id", c.id},  {"number", c.number},  {"summary", c.summary},    {"source", c.source},
          {"state", c.state}, {"mode", opt(c.mode)}, {"method", opt(c.method)}, {"received_day", c.received_day}};
}

std::string month_first(const std::string& month) { return month + "-01"; }
std::string month_last(const std::string& month) {
  return month + "-31";
}  // text order: every day of the month ≤ "-31"

}  // namespace

// --- monthly reports (线索月报)

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

json::object ClueReportService::build_clue_report(store::Tx& tx, const core::OrgUnit& township, const std::string& month) {
  // The township's own view of its clues: what it leads, assists, found or is concerned by.
  core::Scope s;
  s.kind = core::DataScope::OwnTownship;
  s.county_id = township.county_id.value_or(0);
  s.township_ids = {township.id};
  s.org_id = township.id;
  store::ClueFilter f;
  f.received_to = month_last(month);
  const std::string first = month_first(month);
  json::array fresh, earlier;
  std::map<std::string, long long> by_state;
  store::scan_clues(tx, s, f, [&](const core::Clue& c) {
    const bool is_new = c.received_day >= first;
    const auto st = core::kClueStates.parse(c.state);
    const bool open_then = !st || !core::is_final(*st) || (c.closed_day && *c.closed_day >= first);
    if (!is_new && !open_then) return;
    (is_new ? fresh : earlier).push_back(row_json(c));
    ++by_state[c.state];
  });
  json::object states;
  for (auto& [k, v] : by_state) states[k] = v;
  const auto ym = core::parse_month(month);
  const auto* rule = k_.find_time_limit("clue_monthly_report");
  json::value deadline = nullptr;
  if (rule && ym) deadline = core::format_day(core::report_deadline(k_.calendar(), *rule, ym->first, ym->second));
  return json::object{{"township_id", township.id},
                      {"township_name", township.name},
                      {"month", month},
                      {"deadline_day", deadline},
                      {"new_clues", fresh},
                      {"earlier_open", earlier},
                      {"totals", json::object{{"new", static_cast<long long>(fresh.size())},
                                              {"earlier_open", static_cast<long long>(earlier.size())},
                                              {"by_state", states}}}};
}

namespace {
std::pair<int, int> checked_month(const std::string& month) {
  auto ym = core::parse_month(month);
  if (!ym) throw invalid("month", "应为 YYYY-MM 格式的月份");
  return *ym;
}

json::object report_json(const store::ClueReport& r, const std::string& today) {
  return {{"id", r.id},
          {"township_id", r.township_id},
          {"township_name", r.township_name},
          {"month", r.month},
          {"status", r.status},
          {"version", r.version},
          {"deadline_day", r.deadline_day},
          {"late", r.late != 0},
          {"overdue", r.status == "returned" && today > r.deadline_day},
          {"note", opt(r.note)},
          {"submitted_at", core::iso_utc(r.submitted_at)},
          {"submitted_by_name", r.submitted_by_name},
          {"acknowledged_at", opt_time(r.acknowledged_at)},
          {"acknowledged_by_name", opt(r.acknowledged_by_name)},
          {"return_reason", opt(r.return_reason)}};
}
}  // namespace

json::object ClueReportService::list_clue_reports(const Actor& a, const std::string& month) {
  k_.require(a, core::Permission::ClueRead);
  auto [y, m] = checked_month(month);
  const auto* rule = k_.find_time_limit("clue_monthly_report");
  if (!rule) throw std::runtime_error("time limit clue_monthly_report missing from data/time-limits.json");
  const std::string deadline = core::format_day(core::report_deadline(k_.calendar(), *rule, y, m));
  return k_.db().read([&](store::Tx& tx) {
    const std::string today = core::format_day(core::day_of_ms(tx.now));
    std::map<long long, store::ClueReport> by_township;
    for (auto& r : store::clue_reports_of_month(tx, a.scope.county_id, month)) by_township[r.township_id] = r;
    json::array items;
    for (auto& t : report_townships(tx, a)) {
      auto it = by_township.find(t.id);
      if (it != by_township.end()) {
        items.push_back(report_json(it->second, today));
        continue;
      }
      // A township may still report a month before it existed (clues entered
      // afterwards), but owed none: such a missing report is never overdue.
      const bool owed = core::format_day(core::day_of_ms(t.created_at)).substr(0, 7) <= month;
      items.push_back(json::object{{"id", nullptr},
                                   {"township_id", t.id},
                                   {"township_name", t.name},
                                   {"month", month},
                                   {"status", "not_submitted"},
                                   {"version", 0},
                                   {"deadline_day", deadline},
                                   {"late", false},
                                   {"overdue", owed && today > deadline},
                                   {"note", nullptr},
                                   {"submitted_at", nullptr},
                                   {"submitted_by_name", nullptr},
                                   {"acknowledged_at", nullptr},
                                   {"acknowledged_by_name", nullptr},
                                   {"return_reason", nullptr}});
    }
    return json::object{{"month", month}, {"deadline_day", deadline}, {"basis", rule->basis}, {"items", items}};
  });
}

namespace {
// A report lists the township's clues; a viewer sees the rows of the clues
// in their own scope (own records, recusal) and a count of the others. The
// totals stay the report's: counts name no clue.
std::set<long long> report_ids(const json::object& report) {
  std::set<long long> out;
  for (const char* part : {"new_clues", "earlier_open"})
    for (auto& v : report.at(part).as_array()) out.insert(v.at("clue_id").as_int64());
  return out;
}

void withhold_rows(json::object& report, const std::set<long long>& visible) {
  json::object withheld;
  long long all = 0;
  for (const char* part : {"new_clues", "earlier_open"}) {
    json::array kept;
    long long n = 0;
    for (auto& v : report.at(part).as_array())
      if (visible.count(v.at("clue_id").as_int64()))
        kept.push_back(v);
      else
        ++n;
    report[part] = kept;
    withheld[part] = n;
    all += n;
  }
  withheld["total"] = all;
  report["withheld"] = withheld;
}
}  // namespace

json::object ClueReportService::live_clue_report(const Actor& a, long long township_id, const std::string& month) {
  k_.require(a, core::Permission::ClueRead);
  checked_month(month);
  return k_.db().read([&](store::Tx& tx) {
    for (auto& t : report_townships(tx, a))
      if (t.id == township_id) {
        auto j = build_clue_report(tx, t, month);
        const auto ids = report_ids(j);
        withhold_rows(j, store::visible_clue_ids(tx, a.scope, {ids.begin(), ids.end()}));
        return j;
      }
    throw invalid("township_id", "乡镇不存在或不在本人数据范围内");
  });
}

json::object ClueReportService::submit_clue_report(const Actor& a, long long township_id, const std::string& month,
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
    if (existing && existing->status != "returned") throw conflict("本月线索月报已经报送", "month");
    store::ClueReport r = existing.value_or(store::ClueReport{});
    r.county_id = t->county_id.value_or(0);
    r.township_id = township_id;
    r.month = month;
    r.status = "submitted";
    r.version = existing ? existing->version + 1 : 1;
    r.snapshot = json::serialize(build_clue_report(tx, *t, month));
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

json::object ClueReportService::get_clue_report(const Actor& a, long long id) {
  k_.require(a, core::Permission::ClueRead);
  return k_.db().read([&](store::Tx& tx) {
    auto r = store::find_clue_report(tx, id);
    std::optional<core::OrgUnit> township;
    if (r)
      for (auto& t : report_townships(tx, a))
        if (t.id == r->township_id) township = t;
    if (!r || !township) throw not_found("线索月报不存在或不在本人数据范围内");
    auto j = report_json(*r, core::format_day(core::day_of_ms(tx.now)));
    auto snapshot = json::parse(r->snapshot).as_object();
    auto live = build_clue_report(tx, *township, r->month);
    // What changed since submission: state, mode and method of each clue.
    std::map<long long, json::object> now;
    for (const char* part : {"new_clues", "earlier_open"})
      for (auto& v : live.at(part).as_array()) now[v.at("clue_id").as_int64()] = v.as_object();
    json::array changes;
    std::set<long long> seen;
    for (const char* part : {"new_clues", "earlier_open"})
      for (auto& v : snapshot.at(part).as_array()) {
        const auto& was = v.as_object();
        const long long cid = was.at("clue_id").as_int64();
        seen.insert(cid);
        auto it = now.find(cid);
        for (const char* field : {"state", "mode", "method"}) {
          json::value after = it == now.end() ? json::value(nullptr) : it->second.at(field);
          if (after != was.at(field))
            changes.push_back(json::object{{"clue_id", cid},
                                           {"number", was.at("number")},
                                           {"field", field},
                                           {"submitted", was.at(field)},
                                           {"now", after}});
        }
      }
    for (auto& [cid, row] : now)
      if (!seen.count(cid))
        changes.push_back(json::object{{"clue_id", cid},
                                       {"number", row.at("number")},
                                       {"field", "added"},
                                       {"submitted", nullptr},
                                       {"now", row.at("state")}});
    // Rows and changes of clues outside the viewer's scope are withheld.
    auto ids = report_ids(snapshot);
    for (auto id : report_ids(live)) ids.insert(id);
    const auto visible = store::visible_clue_ids(tx, a.scope, {ids.begin(), ids.end()});
    withhold_rows(snapshot, visible);
    withhold_rows(live, visible);
    json::array shown;
    for (auto& ch : changes)
      if (visible.count(ch.at("clue_id").as_int64())) shown.push_back(ch);
    j["snapshot"] = snapshot;
    j["live"] = live;
    j["changes"] = shown;
    return j;
  });
}

json::object ClueReportService::acknowledge_clue_report(const Actor& a, long long id) {
  k_.require(a, core::Permission::ClueReportReview);
  k_.db().write([&](store::Tx& tx) {
    auto r = store::find_clue_report(tx, id);
    if (!r || r->county_id != a.scope.county_id) throw not_found("线索月报不存在或不在本人数据范围内");
    if (r->status != "submitted") throw conflict("只能确认已报送且未处理的月报", "status");
    r->status = "acknowledged";
    r->acknowledged_by_name = a.user.display_name;
    r->acknowledged_at = tx.now;
    store::update_clue_report(tx, *r);
    k_.audit(tx, &a, "acknowledge", "clue_report", r->id, {{"township_id", r->township_id}, {"month", r->month}});
  });
  return get_clue_report(a, id);
}

json::object ClueReportService::return_clue_report(const Actor& a, long long id, const std::string& reason) {
  k_.require(a, core::Permission::ClueReportReview);
  if (core::trim(reason).empty()) throw invalid("reason", "退回须写明理由");
  k_.db().write([&](store::Tx& tx) {
    auto r = store::find_clue_report(tx, id);
    if (!r || r->county_id != a.scope.county_id) throw not_found("线索月报不存在或不在本人数据范围内");
    if (r->status != "submitted") throw conflict("只能退回已报送且未处理的月报", "status");
    r->status = "returned";
    r->return_reason = core::trim(reason);
    store::update_clue_report(tx, *r);
    k_.audit(tx, &a, "return", "clue_report", r->id,
          {{"township_id", r->township_id}, {"month", r->month}, {"reason", *r->return_reason}});
  });
  return get_clue_report(a, id);
}

}  // namespace funnel::app
