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
