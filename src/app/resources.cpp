#include "app/kernel.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include "core/error.hpp"
#include "core/text.hpp"
#include <algorithm>
#include <map>
#include "core/case.hpp"
#include "core/clue.hpp"
#include "core/time.hpp"
#include <cmath>
#include <tuple>
#include "search/minhash.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "core/sanction.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"

namespace funnel::app {

namespace json = boost::json;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

const json::value& field(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (!v) throw std::runtime_error(std::string("a limit lacks \"") + key + "\"");
  return *v;
}

core::TimeLimit limit_from(const json::object& o) {
  core::TimeLimit t;
  t.code = std::string(field(o, "code").as_string());
  t.label = std::string(field(o, "label").as_string());
  t.amount = static_cast<int>(field(o, "amount").to_number<long long>());
  auto unit = core::parse_limit_unit(std::string(field(o, "unit").as_string()));
  if (!unit) throw std::runtime_error("unknown unit in limit " + t.code);
  t.unit = *unit;
  if (auto* m = o.if_contains("moves")) t.moves_to_working_day = m->as_bool();
  t.basis = std::string(field(o, "basis").as_string());
  if (auto* l = o.if_contains("local")) t.local = l->as_bool();
  // "moves" defaults to true; an hours limit runs to its hour (SL 285), so it must say false.
  if (t.unit == core::LimitUnit::Hours && t.moves_to_working_day)
    throw std::runtime_error("limit " + t.code + ": an hours limit never moves (\"moves\": false)");
  if (t.unit == core::LimitUnit::DayOfMonth && (t.amount < 1 || t.amount > 31))
    throw std::runtime_error("limit " + t.code + ": a day of the month is 1–31");
  if (t.amount < 0 || t.amount > 1000 || t.code.empty() || t.basis.empty())
    throw std::runtime_error("limit " + t.code + ": amount 0–1000, code and basis required");
  return t;
}
}  // namespace

core::WorkCalendar load_work_calendar(const std::filesystem::path& resource_dir) {
  auto file = resource_dir / "cn-holidays.csv";
  try {
    return core::WorkCalendar::parse_csv(read_file(file));
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

std::vector<core::TimeLimit> load_time_limits(const std::filesystem::path& resource_dir) {
  auto file = resource_dir / "time-limits.json";
  std::vector<core::TimeLimit> out;
  try {
    std::set<std::string> seen;
    const json::value doc = json::parse(read_file(file));  // outlives the loop
    for (auto& v : doc.as_object().at("limits").as_array()) {
      auto t = limit_from(v.as_object());
      if (!seen.insert(t.code).second) throw std::runtime_error("limit " + t.code + " listed twice");
      out.push_back(std::move(t));
    }
  } catch (const std::exception& e) {  // parse errors, missing keys, bad values: name the file
    throw std::runtime_error(file.string() + ": " + e.what());
  }
  return out;
}

using core::ClueAction;

using core::ClueState;

// --- data: the approval chains

namespace {
// One section of data/approvals.json: a chain per dispatch mode, every mode
// once, each step parsed and checked by `step` (nullopt: refused).
template <class Step, class Chain, class Parse>
std::map<core::DispatchMode, Chain> read_chains(const json::object& doc, const char* section,
                                                std::vector<Step> Chain::*steps, const std::string& what, Parse step) {
  std::map<core::DispatchMode, Chain> out;
  for (auto& v : doc.at(section).as_array()) {
    const auto& o = v.as_object();
    auto mode = core::kDispatchModes.parse(std::string(o.at("mode").as_string()));
    if (!mode) throw std::runtime_error("unknown mode " + std::string(o.at("mode").as_string()));
    Chain ch;
    ch.basis = std::string(o.at("basis").as_string());
    for (auto& r : o.at("chain").as_array()) {
      std::optional<Step> one = step(*mode, std::string(r.as_string()));
      if (!one) throw std::runtime_error(what + " " + std::string(r.as_string()) + " cannot approve this mode");
      (ch.*steps).push_back(*one);
    }
    if ((ch.*steps).empty() || ch.basis.empty()) throw std::runtime_error("a chain needs roles and a basis");
    if (!out.emplace(*mode, ch).second) throw std::runtime_error("mode listed twice");
  }
  for (auto& [m, code] : core::kDispatchModes.rows)
    if (!out.count(m)) throw std::runtime_error(std::string(section) + ": no chain for mode " + std::string(code));
  return out;
}
}  // namespace

std::map<core::DispatchMode, ApprovalChain> load_approval_chains(const std::filesystem::path& resource_dir) {
  auto file = resource_dir / "approvals.json";
  try {
    const json::value doc = json::parse(read_file(file));
    return read_chains<core::Role, ApprovalChain>(
        doc.as_object(), "disposal_approval", &ApprovalChain::roles, "role", [](core::DispatchMode mode, const std::string& code) {
          auto role = core::kRoles.parse(code);
          // A township matter is approved in the township or by the leader; a
          // county matter by the lead room or the leader.
          const bool fits = role && (*role == core::Role::CountyLeader ||
                                     (mode == core::DispatchMode::Township ? *role == core::Role::TownshipSecretary
                                                                           : *role == core::Role::DisciplineRoom));
          return fits ? role : std::nullopt;
        });
  } catch (const std::exception& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

CaseApprovalChains load_case_approval_chains(const std::filesystem::path& resource_dir) {
  auto file = resource_dir / "approvals.json";
  try {
    const json::value doc = json::parse(read_file(file));
    auto approver = [](core::DispatchMode mode, const std::string& code) {
      auto a = core::kApprovers.parse(code);
      return a && core::approver_fits(mode, *a) ? a : std::nullopt;
    };
    CaseApprovalChains out;
    out.filing = read_chains<core::Approver, CaseApprovalChain>(doc.as_object(), "filing_approval", &CaseApprovalChain::approvers,
                                                                 "filing_approval: approver", approver);
    out.transfer = read_chains<core::Approver, CaseApprovalChain>(doc.as_object(), "transfer_approval", &CaseApprovalChain::approvers,
                                                                   "transfer_approval: approver", approver);
    return out;
  } catch (const std::exception& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

// --- data: decisions (sanctions.json, approval-powers.json)

namespace {
template <class E, std::size_t N>
E code_of(const core::EnumTable<E, N>& table, const json::value& v, const char* what) {
  std::string code(v.as_string());
  auto e = table.parse(code);
  if (!e) throw std::runtime_error(std::string("unknown ") + what + " " + code);
  return *e;
}

std::string str_of(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_string()) throw std::runtime_error(std::string("\"") + key + "\" must be a string");
  return std::string(v->as_string());
}

core::LimitUnit period_unit(const json::object& o, const std::string& code) {
  auto u = core::parse_limit_unit(str_of(o, "unit"));
  if (!u || (*u != core::LimitUnit::Months && *u != core::LimitUnit::Years))
    throw std::runtime_error(code + ": unit must be months or years");
  return *u;
}

core::OutcomeRule outcome_rule_from(const json::object& o) {
  core::OutcomeRule r;
  r.outcome = code_of(core::kOutcomes, o.at("code"), "outcome");
  const std::string code(core::kOutcomes.code(r.outcome));
  r.family = code_of(core::kOutcomeFamilies, o.at("family"), "family");
  if (const auto& f = o.at("form"); !f.is_null()) r.form = static_cast<int>(f.to_number<long long>());
  if (const auto& p = o.at("period"); !p.is_null()) {
    const auto& po = p.as_object();
    core::PeriodSpec spec;
    spec.unit = period_unit(po, code);
    if (auto* a = po.if_contains("amounts"))
      for (auto& v : a->as_array()) spec.amounts.push_back(static_cast<int>(v.to_number<long long>()));
    if (auto* u = po.if_contains("up_to")) spec.up_to = static_cast<int>(u->to_number<long long>());
    r.period = spec;
  }
  if (auto* t = o.if_contains("then"); t && !t->is_null()) {
    const auto& to = t->as_object();
    core::FollowSpec f;
    f.amount = static_cast<int>(to.at("amount").to_number<long long>());
    f.unit = period_unit(to, code);
    const std::string from = str_of(to, "from");
    if (from != "period_end" && from != "decision") throw std::runtime_error(code + ": then.from must be period_end or decision");
    f.from_period_end = from == "period_end";
    f.effect = str_of(to, "effect");
    r.then = f;
  }
  if (auto* e = o.if_contains("extension"); e && !e->is_null()) {
    const auto& eo = e->as_object();
    core::ExtensionSpec x;
    x.amount = static_cast<int>(eo.at("amount").to_number<long long>());
    x.unit = period_unit(eo, code);
    x.only_from = static_cast<int>(eo.at("only_from").to_number<long long>());
    x.max_total = static_cast<int>(eo.at("max_total").to_number<long long>());
    x.basis = str_of(eo, "basis");
    r.extension = x;
  }
  r.effect = str_of(o, "effect");
  r.basis = str_of(o, "basis");
  r.local = o.at("local").as_bool();
  return r;
}
}  // namespace

core::SanctionRules load_sanction_rules(const std::filesystem::path& resource_dir) {
  auto file = resource_dir / "sanctions.json";
  try {
    const json::value doc = json::parse(read_file(file));
    const auto& o = doc.as_object();
    core::SanctionRules rules;
    rules.combined_gov_max_months = static_cast<int>(o.at("combined_gov_max_months").to_number<long long>());
    for (auto& v : o.at("outcomes").as_array()) rules.rows.push_back(outcome_rule_from(v.as_object()));
    if (auto e = core::rules_error(rules)) throw std::runtime_error(*e);
    return rules;
  } catch (const std::exception& e) {  // parse errors, missing keys, bad values: name the file
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

core::ApprovalPowers load_approval_powers(const std::filesystem::path& resource_dir) {
  auto file = resource_dir / "approval-powers.json";
  try {
    const json::value doc = json::parse(read_file(file));
    const auto& o = doc.as_object();
    core::ApprovalPowers p;
    for (auto& v : o.at("rows").as_array()) {
      const auto& ro = v.as_object();
      core::PowerRow r;
      r.id = str_of(ro, "id");
      r.organ = code_of(core::kDecidingOrgans, ro.at("organ"), "organ");
      for (auto& x : ro.at("outcomes").as_array()) r.outcomes.push_back(code_of(core::kOutcomes, x, "outcome"));
      const std::string cases = str_of(ro, "cases");
      if (cases != "simple" && cases != "any") throw std::runtime_error(r.id + ": cases must be simple or any");
      r.simple_only = cases == "simple";
      const std::string person = str_of(ro, "person");
      if (person == "party_member") r.person = core::PowerPerson::PartyMember;
      else if (person == "supervised") r.person = core::PowerPerson::Supervised;
      else if (person == "any") r.person = core::PowerPerson::Any;
      else throw std::runtime_error(r.id + ": person must be party_member, supervised or any");
      if (auto* c = ro.if_contains("categories"))
        for (auto& x : c->as_array()) r.categories.push_back(code_of(core::kSupervisedCategories, x, "category"));
      r.basis = str_of(ro, "basis");
      r.local = ro.at("local").as_bool();
      p.rows.push_back(std::move(r));
    }
    for (auto& v : o.at("category_limits").as_array()) {
      const auto& lo = v.as_object();
      core::CategoryLimit l;
      l.id = str_of(lo, "id");
      l.category = code_of(core::kSupervisedCategories, lo.at("category"), "category");
      for (auto& x : lo.at("allowed").as_array()) l.allowed.push_back(code_of(core::kOutcomes, x, "outcome"));
      l.basis = str_of(lo, "basis");
      p.limits.push_back(std::move(l));
    }
    if (auto e = core::powers_error(p)) throw std::runtime_error(*e);
    return p;
  } catch (const std::exception& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

using core::PetitionAction;

using core::PetitionState;

// --- data files

PetitionCatalogue load_petition_catalogue(const std::filesystem::path& resource_dir) {
  PetitionCatalogue c;
  auto text = [](const json::object& o, const char* key) {
    auto* v = o.if_contains(key);
    if (!v || !v->is_string() || v->as_string().empty())
      throw std::runtime_error(std::string("an entry lacks \"") + key + "\"");
    return std::string(v->as_string());
  };
  auto cfile = resource_dir / "categories.json";
  try {
    const json::value doc = json::parse(read_file(cfile));
    const auto& o = doc.as_object();
    std::set<std::string> all_subs;
    for (auto& v : o.at("categories").as_array()) {
      const auto& co = v.as_object();
      auto code = text(co, "code");
      text(co, "label_zh");
      if (c.subs.count(code)) throw std::runtime_error("category " + code + " listed twice");
      auto& subs = c.subs[code];
      for (auto& sv : co.at("subs").as_array()) {
        auto sub = text(sv.as_object(), "code");
        text(sv.as_object(), "label_zh");
        if (!all_subs.insert(sub).second) throw std::runtime_error("sub-category " + sub + " listed twice");
        subs.insert(sub);
      }
    }
    for (auto& v : o.at("areas").as_array()) {
      auto code = text(v.as_object(), "code");
      text(v.as_object(), "label_zh");
      if (!c.areas.insert(code).second) throw std::runtime_error("area " + code + " listed twice");
    }
    if (c.subs.empty()) throw std::runtime_error("no categories");
    c.doc = {{"categories", o.at("categories")}, {"areas", o.at("areas")}};
  } catch (const std::exception& e) {
    throw std::runtime_error(cfile.string() + ": " + e.what());
  }
  auto wfile = resource_dir / "warnings.json";
  try {
    const json::value doc = json::parse(read_file(wfile));
    const auto& o = doc.as_object();
    for (auto& v : o.at("risk_terms").as_array()) {
      std::string t(v.as_string());
      if (core::trim(t).empty()) throw std::runtime_error("empty risk term");
      c.risk_terms.push_back(t);
    }
    for (auto& v : o.at("conflict_posts").as_array()) {
      std::string t(v.as_string());
      if (core::trim(t).empty()) throw std::runtime_error("empty conflict post");
      c.conflict_posts.push_back(t);
    }
    c.due_soon_working_days = static_cast<int>(o.at("due_soon_working_days").to_number<long long>());
    if (c.due_soon_working_days < 0 || c.due_soon_working_days > 30)
      throw std::runtime_error("due_soon_working_days must be 0–30");
  } catch (const std::exception& e) {
    throw std::runtime_error(wfile.string() + ": " + e.what());
  }
  return c;
}

}  // namespace funnel::app
