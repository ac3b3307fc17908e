// Ledger exports (台账, .xlsx): the rows of a list with the same filters, a
// fixed column layout and a title naming the organisation and period.
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "app/app.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"
#include "docs/xlsx.hpp"

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

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

App::Export App::export_petition_ledger(const Actor& a, const store::PetitionFilter& filter, bool overdue) {
  require(a, core::Permission::PetitionRead);
  const auto channels = labels_of(dicts_, "channels");
  const auto types = labels_of(dicts_, "petition_types");
  const auto states = labels_of(dicts_, "petition_states");
  std::map<std::string, std::string> cats;
  for (auto& c : catalogue_.doc.at("categories").as_array()) {
    cats[std::string(c.at("code").as_string())] = std::string(c.at("label_zh").as_string());
    for (auto& s : c.at("subs").as_array())
      cats[std::string(s.at("code").as_string())] = std::string(s.at("label_zh").as_string());
  }

  const auto dir = cfg_.data_dir / "tmp";
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
  auto f = filter;
  // A read transaction for the rows (writers go on meanwhile), then the audit.
  db_->read([&](store::Tx& tx) {
    const auto today = core::format_day(core::day_of_ms(tx.now));
    if (overdue) f.overdue_before = today;
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
    std::string period = f.received_from || f.received_to
                             ? "（" + f.received_from.value_or("") + "至" + f.received_to.value_or(today) + "）"
                             : "（截至" + today + "）";
    docs::LedgerXlsx x(file, "信访举报台账", org_name + "信访举报台账" + period,
                       {{"编号", 22}, {"收件日期", 12}, {"来源渠道", 9}, {"信访类型", 10}, {"被反映人", 16},
                        {"问题类别", 16}, {"问题细类", 18}, {"内容摘要", 36}, {"登记单位", 14}, {"承办单位", 14},
                        {"办理状态", 10}, {"办理期限", 12}, {"是否超期", 8}},
                       dir);
    long long n = 0;
    store::scan_petition_ledger(tx, a.scope, f, [&](const store::LedgerRow& r) {
      const bool late = !r.suspended && r.due_day && *r.due_day < today;
      std::string state = label(states, r.state);
      if (r.suspended) state += "（中止）";
      x.row(++n, {r.number, r.received_day, label(channels, r.channel), label(types, r.type), r.persons.value_or(""),
                  label(cats, r.category), r.subcategory ? label(cats, *r.subcategory) : "", r.summary, r.intake_name,
                  r.handler_name.value_or(""), state, r.due_day.value_or(""), late ? "超期" : ""});
    });
    x.close();
    out.rows = n;
    out.filename = org_name + "信访举报台账" + today + ".xlsx";
  });
  db_->write([&](store::Tx& tx) {
    // Exports leave the system: who took which rows is audited (no content).
    json::object detail{{"ledger", "petitions"}, {"rows", out.rows}};
    if (f.received_from) detail["received_from"] = *f.received_from;
    if (f.received_to) detail["received_to"] = *f.received_to;
    if (f.state) detail["state"] = *f.state;
    if (f.channel) detail["channel"] = *f.channel;
    if (overdue) detail["overdue"] = true;
    audit(tx, &a, "export", "ledger", 0, detail);
  });
  out.bytes = slurp(file);
  return out;
}

}  // namespace funnel::app
