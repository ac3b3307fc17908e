#include "app/ledgers.hpp"
#include "app/clue_reports.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include "core/error.hpp"
#include "crypto/crypto.hpp"
#include "docs/xlsx.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/execution.hpp"
#include "core/guidance.hpp"
#include "core/petition.hpp"
#include "core/time.hpp"
#include "files/evidence.hpp"
#include "store/clue_reports_repo.hpp"
#include "store/case_execution_repo.hpp"
#include "store/cases_repo.hpp"
#include "store/clues_repo.hpp"
#include "store/guidance_repo.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

namespace {
// code → Chinese label of a dictionaries.json list.
std::map<std::string, std::string> labels_of(const json::object& dicts, const char* list) {
  std::map<std::string, std::string> out;
  if (auto* v = dicts.if_contains(list))
    for (auto& e : v->as_array())
      out[std::string(e.at("code").as_string())] = std::string(e.at("label_zh").as_string());
  return out;
}

std::string label(const std::map<std::string, std::string>& m, const std::string& code) {
  auto it = m.find(code);
  return it == m.end() ? code : it->second;
}
std::string label(const std::map<std::string, std::string>& m, const std::optional<std::string>& code) {
  return code ? label(m, *code) : "";
}

// The title's period and the audit's filters, shared by the list ledgers.
std::pair<std::string, json::object> ledger_period(const std::optional<std::string>& from,
                                                   const std::optional<std::string>& to, const std::string& today,
                                                   const std::optional<std::string>& state, bool overdue) {
  std::string period = from || to ? "（" + from.value_or("") + "至" + to.value_or(today) + "）" : "";
  json::object detail;
  if (from) detail["received_from"] = *from;
  if (to) detail["received_to"] = *to;
  if (state) detail["state"] = *state;
  if (overdue) detail["overdue"] = true;
  return {period, detail};
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

Export LedgerService::write_ledger(
    const Actor& a, const std::string& code, const std::string& name, const std::string& period,
    const std::vector<std::pair<std::string, double>>& columns,
    const std::function<long long(store::Tx&, const std::function<void(long long, const std::vector<std::string>&)>&)>&
        rows,
    json::object audit_detail) {
  const auto dir = k_.config().data_dir / "tmp";
  std::filesystem::create_directories(dir);
  const auto file = dir / ("ledger-" + crypto::random_token(12) + ".xlsx");
  struct Remove {
    std::filesystem::path p;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove(p, ec);
    }
  } remove{file};

  Export out;
  // A read transaction for the rows (writers go on meanwhile), then the audit.
  k_.db().read([&](store::Tx& tx) {
    const auto today = core::format_day(core::day_of_ms(tx.now));
    // The title names the caller's organisation: the county for county
    // departments, else the unit itself.
    core::Scope all;
    all.unrestricted = true;
    std::string org_name = "本单位";
    if (a.user.org_unit_id) {
      auto unit = store::find_org(tx, all, *a.user.org_unit_id);
      if (unit && unit->kind == "department" && unit->county_id) unit = store::find_org(tx, all, *unit->county_id);
      if (unit) org_name = unit->name;
    }
    std::vector<docs::Column> cols;
    for (auto& [h, w] : columns) cols.push_back({h, w});
    docs::LedgerXlsx x(file, name, org_name + name + (period.empty() ? "（截至" + today + "）" : period), cols, dir);
    out.rows = rows(tx, [&](long long n, const std::vector<std::string>& cells) { x.row(n, cells); });
    x.close();
    out.filename = org_name + name + today + ".xlsx";
  });
  k_.db().write([&](store::Tx& tx) {
    // Exports leave the system: who took which rows is audited (no content).
    audit_detail["ledger"] = code;
    audit_detail["rows"] = out.rows;
    k_.audit(tx, &a, "export", "ledger", 0, audit_detail);
  });
  out.bytes = slurp(file);
  return out;
}

Export LedgerService::export_petition_ledger(const Actor& a, const store::PetitionFilter& filter, bool overdue) {
  k_.require(a, core::Permission::PetitionRead);
  const auto channels = labels_of(k_.dictionaries(), "channels");
  const auto types = labels_of(k_.dictionaries(), "petition_types");
  const auto states = labels_of(k_.dictionaries(), "petition_states");
  std::map<std::string, std::string> cats;
  for (auto& c : k_.catalogue().doc.at("categories").as_array()) {
    cats[std::string(c.at("code").as_string())] = std::string(c.at("label_zh").as_string());
    for (auto& s : c.at("subs").as_array())
      cats[std::string(s.at("code").as_string())] = std::string(s.at("label_zh").as_string());
  }
  auto f = filter;
  const auto today = core::format_day(core::day_of_ms(store::now_ms()));
  if (overdue) f.overdue_before = today;
  auto [period, detail] = ledger_period(f.received_from, f.received_to, today, f.state, overdue);
  if (f.channel) detail["channel"] = *f.channel;
  return write_ledger(
      a, "petitions", "信访举报台账", period,
      {{"编号", 22},
       {"收件日期", 12},
       {"来源渠道", 9},
       {"信访类型", 10},
       {"被反映人", 16},
       {"问题类别", 16},
       {"问题细类", 18},
       {"内容摘要", 36},
       {"登记单位", 14},
       {"承办单位", 14},
       {"办理状态", 10},
       {"办理期限", 12},
       {"是否超期", 8}},
      [&](store::Tx& tx, const auto& row) {
        long long n = 0;
        store::scan_petition_ledger(tx, a.scope, f, [&](const store::LedgerRow& r) {
          const bool late = !r.suspended && r.due_day && *r.due_day < today;
          std::string state = label(states, r.state);
          if (r.suspended) state += "（中止）";
          row(++n, {r.number, r.received_day, label(channels, r.channel), label(types, r.type), r.persons.value_or(""),
                    label(cats, r.category), r.subcategory ? label(cats, *r.subcategory) : "", r.summary, r.intake_name,
                    r.handler_name.value_or(""), state, r.due_day.value_or(""), late ? "超期" : ""});
        });
        return n;
      },
      detail);
}

// 问题线索处置台账: the clue list's rows with the same filters.
Export LedgerService::export_clue_ledger(const Actor& a, const store::ClueFilter& filter, bool overdue) {
  k_.require(a, core::Permission::ClueRead);
  const auto sources = labels_of(k_.dictionaries(), "clue_sources");
  const auto states = labels_of(k_.dictionaries(), "clue_states");
  const auto modes = labels_of(k_.dictionaries(), "dispatch_modes");
  const auto methods = labels_of(k_.dictionaries(), "disposal_methods");
  const auto outcomes = labels_of(k_.dictionaries(), "clue_outcomes");
  std::map<std::string, std::string> cats;
  for (auto& c : k_.catalogue().doc.at("categories").as_array())
    cats[std::string(c.at("code").as_string())] = std::string(c.at("label_zh").as_string());
  auto f = filter;
  const auto today = core::format_day(core::day_of_ms(store::now_ms()));
  if (overdue) f.overdue_before = today;
  auto [period, detail] = ledger_period(f.received_from, f.received_to, today, f.state, overdue);
  if (f.mode) detail["mode"] = *f.mode;
  return write_ledger(
      a, "clues", "问题线索处置台账", period,
      {{"编号", 22},
       {"受理日期", 12},
       {"线索来源", 12},
       {"关联信访件", 22},
       {"被反映人", 16},
       {"问题类别", 16},
       {"线索摘要", 36},
       {"涉及乡镇", 12},
       {"分办方式", 10},
       {"承办单位", 16},
       {"协办单位", 12},
       {"处置方式", 10},
       {"办理状态", 12},
       {"处置结果", 14},
       {"办理期限", 12},
       {"是否超期", 8},
       {"了结日期", 12}},
      [&](store::Tx& tx, const auto& row) {
        long long n = 0;
        std::vector<core::Clue> page;
        store::scan_clues(tx, a.scope, f, [&](const core::Clue& c) { page.push_back(c); });
        // Newest first, as in the list.
        for (auto it = page.rbegin(); it != page.rend(); ++it) {
          const auto& c = *it;
          std::string names;
          for (auto& rp : store::clue_persons_of(tx, c.id)) names += (names.empty() ? "" : "、") + rp.person.name;
          const bool final_state = core::is_final(*core::kClueStates.parse(c.state));
          const bool late = !final_state && c.due_day && *c.due_day < today;
          row(++n, {c.number, c.received_day, label(sources, c.source), c.petition_number.value_or(""), names,
                    label(cats, c.category), c.summary, c.township_name.value_or(""), label(modes, c.mode),
                    c.lead_org_name.value_or(""), c.assist_org_name.value_or(""), label(methods, c.method),
                    label(states, c.state), label(outcomes, c.outcome), c.due_day.value_or(""), late ? "超期" : "",
                    c.closed_day.value_or("")});
        }
        return n;
      },
      detail);
}

// 线索月报台账: every township of the caller's scope for one month, with
// what it reported (frozen at submission) and the report's status.
Export LedgerService::export_clue_report_ledger(const Actor& a, const std::string& month) {
  k_.require(a, core::Permission::ClueRead);
  const auto statuses = labels_of(k_.dictionaries(), "clue_report_statuses");
  auto listing = reports_.list_clue_reports(a, month);
  return write_ledger(
      a, "clue-reports", "线索月报台账", "（" + month + "）",
      {{"乡镇（街道）", 16},
       {"月份", 10},
       {"报送期限", 12},
       {"状态", 10},
       {"报送次数", 8},
       {"报送时间", 20},
       {"报送人", 12},
       {"是否逾期", 8},
       {"本月新增线索", 12},
       {"以前月份在办", 12},
       {"确认人", 12},
       {"退回理由", 24}},
      [&](store::Tx& tx, const auto& row) {
        long long n = 0;
        for (auto& o : listing.items) {
          std::string fresh, earlier;
          if (o.id) {
            auto r = store::find_clue_report(tx, *o.id);
            if (r) {
              auto snap = json::parse(r->snapshot).as_object();
              fresh = std::to_string(snap.at("new_clues").as_array().size());
              earlier = std::to_string(snap.at("earlier_open").as_array().size());
            }
          }
          const auto text = [](const std::optional<std::string>& x) { return x.value_or(""); };
          const bool late = o.late || o.overdue;
          row(++n, {o.township_name, month, o.deadline_day, label(statuses, o.status), std::to_string(o.version),
                    text(o.submitted_at), text(o.submitted_by_name), late ? "逾期" : "", fresh, earlier,
                    text(o.acknowledged_by_name), text(o.return_reason)});
        }
        return n;
      },
      {{"month", month}});
}

// 联系指导台账 (ledger 18): the guidance records of the caller's scope with
// their tasks, each task's owner, due day and closing (or 超期 when open past it).
Export LedgerService::export_guidance_ledger(const Actor& a, const store::GuidanceFilter& f) {
  k_.require(a, core::Permission::CaseRead);
  const auto kinds = labels_of(k_.dictionaries(), "guidance_kinds");
  const auto today = core::format_day(core::day_of_ms(store::now_ms()));
  json::object detail;
  if (f.township_id) detail["township_id"] = *f.township_id;
  if (f.kind) detail["kind"] = *f.kind;
  if (f.year) detail["year"] = *f.year;
  return write_ledger(
      a, "guidance", "联系指导台账", f.year ? "（" + std::to_string(*f.year) + "年）" : "",
      {{"日期", 12},
       {"类型", 10},
       {"纪检监察室", 16},
       {"乡镇（街道）", 14},
       {"主题", 24},
       {"参加人员", 24},
       {"纪要或指导内容", 40},
       {"反馈案件", 20},
       {"交办任务", 40},
       {"任务完成情况", 30}},
      [&](store::Tx& tx, const auto& row) {
        long long n = 0;
        store::scan_guidance(tx, a.scope, f, [&](const store::GuidanceRecord& r) {
          std::string tasks, status;
          for (auto& t : store::guidance_tasks_of(tx, r.id)) {
            const auto sep = tasks.empty() ? "" : "\n";
            tasks += sep + t.description + "（" + t.owner_name + "，" + t.due_day + "前）";
            if (t.closed_day)
              status += sep + ("已办结 " + *t.closed_day + "：" + t.closing_note.value_or(""));
            else
              status += sep + std::string(t.due_day < today ? "超期未办结" : "办理中");
          }
          // As in the list: a case outside the reader's scope is left out, the record stays.
          const bool hide = r.case_id && !store::find_case(tx, a.scope, *r.case_id);
          row(++n, {r.day, label(kinds, r.kind), r.org_name, r.township_name, r.subject, r.attendees, r.content,
                    hide ? "" : r.case_number.value_or(""), tasks, status});
        });
        return n;
      },
      detail);
}

// 处分决定执行台账 (ledger 10): the decided cases of the caller's scope (the
// decision's year, the executing unit), each execution task in its column:
// done (on time or late), open with its day, or 打白条 with the days past it.
Export LedgerService::export_execution_ledger(const Actor& a, const std::optional<int>& year,
                                              const std::optional<long long>& unit_id) {
  k_.require(a, core::Permission::CaseRead);
  const auto outcomes = labels_of(k_.dictionaries(), "sanction_outcomes");
  const auto today = core::day_of_ms(store::now_ms());
  json::object detail;
  if (year) detail["year"] = *year;
  if (unit_id) detail["unit_id"] = *unit_id;
  using K = core::ExecutionKind;
  // The columns of the tasks, in the order of execution; government and
  // organisational execution share one.
  const std::vector<std::pair<std::string, std::vector<K>>> cols = {
      {"宣布并归档", {K::PartyAnnounce}},
      {"职务、工资待遇变更", {K::PartyPostPay}},
      {"政务处分送达宣布", {K::GovDelivery}},
      {"政务处分或组织处理执行", {K::GovExecute, K::OrgAdjust}},
      {"追缴退赔", {K::Recovery}},
      {"执行情况报告", {K::PartyReport}},
      {"回访教育", {K::FollowUpVisit}}};
  std::vector<std::pair<std::string, double>> columns = {{"案件编号", 22}, {"被处分人", 10}, {"单位及职务", 22},
                                                         {"处分决定文号", 20}, {"决定日期", 12},
                                                         {"处理结果（影响期至）", 30}, {"执行单位", 14}};
  for (auto& [name, kinds] : cols) columns.push_back({name, 22});
  columns.push_back({"打白条", 10});
  return write_ledger(
      a, "execution", "处分决定执行台账", year ? "（" + std::to_string(*year) + "年）" : "", columns,
      [&](store::Tx& tx, const auto& row) {
        long long n = 0;
        store::CaseFilter f;
        f.state = std::string(core::kCaseStates.code(core::CaseState::Decided));
        std::vector<core::Case> all;
        for (core::Page batch{1, 500};; ++batch.page) {
          long long found = 0;
          auto cases = store::list_cases(tx, a.scope, f, batch, &found);
          for (auto& c : cases) all.push_back(std::move(c));
          if (cases.empty() || static_cast<long long>(batch.page) * batch.page_size >= found) break;
        }
        {
          // Oldest first, as a ledger is kept.
          for (auto it = all.rbegin(); it != all.rend(); ++it) {
            const auto& c = *it;
            if (unit_id && c.lead_org_id != *unit_id) continue;
            const auto decisions = store::case_decisions_of(tx, c.id);
            if (decisions.empty()) continue;
            if (year && decisions.front().decided_day.substr(0, 4) != std::to_string(*year)) continue;
            std::string what;
            for (auto& d : decisions)
              what += (what.empty() ? "" : "；") + label(outcomes, d.outcome) +
                      (d.influence_until ? "（至 " + *d.influence_until + "）" : "");
            const auto tasks = store::execution_tasks_of(tx, c.id);
            std::vector<std::string> cells = {c.number.value_or(""),
                                              c.person_name,
                                              c.person_unit + c.person_post.value_or(""),
                                              decisions.front().decision_ref,
                                              decisions.front().decided_day,
                                              what,
                                              tasks.empty() ? c.lead_org_name : tasks.front().unit_name};
            int overdue = 0;
            for (auto& [name, kinds] : cols) {
              std::string cell;
              for (auto& t : tasks) {
                auto kind = core::kExecutionKinds.parse(t.kind);
                if (!kind || std::find(kinds.begin(), kinds.end(), *kind) == kinds.end()) continue;
                const auto due = *core::parse_day(t.due_day);
                std::string text;
                if (t.closed_on)
                  text = (*t.closed_on > t.due_day ? "逾期完成 " : "已完成 ") + *t.closed_on;
                else if (today > due) {
                  ++overdue;
                  text = "打白条：应于 " + t.due_day + " 前，已逾期 " + std::to_string((today - due).count()) + " 天";
                } else
                  text = "应于 " + t.due_day + " 前";
                if (t.amount) text += "（" + std::to_string(*t.amount) + " 元）";
                cell += (cell.empty() ? "" : "\n") + text;
              }
              cells.push_back(cell.empty() ? "—" : cell);
            }
            cells.push_back(overdue ? std::to_string(overdue) + " 项" : "");
            row(++n, cells);
          }
        }
        return n;
      },
      detail);
}

}  // namespace funnel::app
