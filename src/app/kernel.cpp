#include "app/kernel.hpp"

#include "core/case_evidence.hpp"
#include "core/case.hpp"
#include "core/execution.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include "core/clue.hpp"
#include "core/guidance.hpp"
#include "core/error.hpp"
#include "core/petition.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "store/audit_log_repo.hpp"
#include "store/org_units_repo.hpp"
#include "store/petitions_repo.hpp"
#include "store/recusals_repo.hpp"
#include <set>
#include "core/text.hpp"
#include "app/views.hpp"
#include "core/access.hpp"

namespace funnel::app {

namespace json = boost::json;

std::string database_url_for(const Config& c) {
  if (!c.database_url.empty()) return c.database_url;
  return "sqlite://" + std::filesystem::absolute(c.data_dir / "funnel.db").string();
}

Kernel::Kernel(Config cfg, std::unique_ptr<store::Db> db) : cfg_(std::move(cfg)), db_(std::move(db)) {
  dicts_ = load_dictionaries(cfg_.resource_dir);
  calendar_ = load_work_calendar(cfg_.resource_dir);
  limits_ = load_time_limits(cfg_.resource_dir);
  // The execution rules name their limits: a data file without one stops here, not at a decision.
  for (auto code : core::execution_limit_codes())
    if (!find_time_limit(code))
      throw std::runtime_error("data/time-limits.json: missing " + std::string(code));
  catalogue_ = load_petition_catalogue(cfg_.resource_dir);
  approvals_ = load_approval_chains(cfg_.resource_dir);
  case_approvals_ = load_case_approval_chains(cfg_.resource_dir);
  sanction_rules_ = load_sanction_rules(cfg_.resource_dir);
  approval_powers_ = load_approval_powers(cfg_.resource_dir);
  keys_ = std::make_unique<crypto::KeyRing>(
      crypto::KeyRing::load(cfg_.key_file.empty() ? crypto::default_key_file(cfg_.data_dir) : cfg_.key_file));
  dummy_hash_ = crypto::hash_password(crypto::random_token(16));
  evidence_ = std::make_unique<files::EvidenceStore>(cfg_.data_dir / "evidence", *keys_);
  try {
    auto doc = json::parse(read_file(cfg_.resource_dir / "portal.json")).as_object();
    portal_notices_ = doc.at("notices").as_object();
    for (const char* lang : {"zh", "en"})
      for (const char* key : {"scope", "not_accepted", "how"})
        if (!portal_notices_.at(lang).as_object().at(key).is_array()) throw std::runtime_error(key);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("data/portal.json: ") + e.what());
  }
}

Kernel::~Kernel() = default;

namespace {
template <class E, std::size_t N>
void check_dict(const json::object& d, const char* name, const core::EnumTable<E, N>& table) {
  auto it = d.find(name);
  if (it == d.end() || !it->value().is_array())
    throw std::runtime_error(std::string("dictionaries.json: missing list ") + name);
  std::size_t n = 0;
  for (auto& v : it->value().as_array()) {
    const auto& o = v.as_object();
    std::string code(o.at("code").as_string());
    if (!table.parse(code)) throw std::runtime_error(std::string("dictionaries.json: unknown code ") + name + "." + code);
    if (!o.contains("label_zh") || !o.contains("label_en"))
      throw std::runtime_error("dictionaries.json: " + code + " lacks a label");
    ++n;
  }
  if (n != N) throw std::runtime_error(std::string("dictionaries.json: ") + name + " does not list every code");
}
}  // namespace

json::object load_dictionaries(const std::filesystem::path& resource_dir) {
  auto file = resource_dir / "dictionaries.json";
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::stringstream ss;
  ss << in.rdbuf();
  json::object d = json::parse(ss.str()).as_object();
  d.erase("_comment");
  check_dict(d, "roles", core::kRoles);
  check_dict(d, "data_scopes", core::kDataScopes);
  check_dict(d, "permissions", core::kPermissions);
  check_dict(d, "org_kinds", core::kOrgKinds);
  check_dict(d, "org_categories", core::kOrgCategories);
  check_dict(d, "user_statuses", core::kUserStatuses);
  check_dict(d, "channels", core::kChannels);
  check_dict(d, "petition_types", core::kPetitionTypes);
  check_dict(d, "petition_states", core::kPetitionStates);
  check_dict(d, "petition_actions", core::kPetitionActions);
  check_dict(d, "cadre_levels", core::kCadreLevels);
  check_dict(d, "jurisdictions", core::kJurisdictions);
  check_dict(d, "visit_kinds", core::kVisitKinds);
  check_dict(d, "risk_levels", core::kRiskLevels);
  check_dict(d, "screening_outcomes", core::kScreeningOutcomes);
  check_dict(d, "clue_sources", core::kClueSources);
  check_dict(d, "clue_states", core::kClueStates);
  check_dict(d, "dispatch_modes", core::kDispatchModes);
  check_dict(d, "disposal_methods", core::kDisposalMethods);
  check_dict(d, "clue_outcomes", core::kClueOutcomes);
  check_dict(d, "clue_actions", core::kClueActions);
  check_dict(d, "clue_record_kinds", core::kClueRecordKinds);
  check_dict(d, "clue_report_statuses", core::kClueReportStatuses);
  check_dict(d, "clue_review_decisions", core::kClueReviewDecisions);
  check_dict(d, "guidance_kinds", core::kGuidanceKinds);
  check_dict(d, "case_sources", core::kCaseSources);
  check_dict(d, "supervised_categories", core::kSupervisedCategories);
  check_dict(d, "regimes", core::kRegimes);
  check_dict(d, "violations", core::kViolations);
  check_dict(d, "case_states", core::kCaseStates);
  check_dict(d, "case_actions", core::kCaseActions);
  check_dict(d, "approvers", core::kApprovers);
  check_dict(d, "measures", core::kMeasures);
  check_dict(d, "clock_starts", core::kClockStarts);
  check_dict(d, "case_warnings", core::kCaseWarnings);
  check_dict(d, "trial_file_items", core::kTrialFileItems);
  check_dict(d, "evidence_kinds", core::kEvidenceKinds);
  check_dict(d, "property_states", core::kPropertyStates);
  check_dict(d, "property_moves", core::kPropertyMoves);
  check_dict(d, "sanction_outcomes", core::kOutcomes);
  check_dict(d, "outcome_families", core::kOutcomeFamilies);
  check_dict(d, "deciding_organs", core::kDecidingOrgans);
  check_dict(d, "review_flows", core::kReviewFlows);
  check_dict(d, "decision_changes", core::kDecisionChanges);
  check_dict(d, "execution_kinds", core::kExecutionKinds);
  check_dict(d, "execution_evidence", core::kExecutionEvidence);
  check_dict(d, "execution_statuses", core::kExecutionStatuses);
  return d;
}

void Kernel::require(const Actor& a, core::Permission p) const {
  if (a.user.must_change_password) throw Error(403, "password_change_required", "请先修改初始密码");
  if (!core::has_permission(a.role, p)) throw forbidden();
}

void Kernel::require_route(const Actor& a, std::string_view permission) const {
  if (permission == "session") return;
  if (permission == "signed_in") {
    if (a.user.must_change_password) throw Error(403, "password_change_required", "请先修改初始密码");
    return;
  }
  // "a|b": any of them (a route whose steps each need their own, e.g. a
  // clue's dispatch or handling); the handler checks the one it needs.
  if (a.user.must_change_password) throw Error(403, "password_change_required", "请先修改初始密码");
  bool any = false;
  for (std::size_t from = 0; from <= permission.size();) {
    auto bar = permission.find('|', from);
    auto one = permission.substr(from, bar == std::string_view::npos ? std::string_view::npos : bar - from);
    auto p = core::kPermissions.parse(one);
    if (!p) throw std::logic_error("route with unknown permission");
    any = any || core::has_permission(a.role, *p);
    if (bar == std::string_view::npos) break;
    from = bar + 1;
  }
  if (!any) throw forbidden();
}

core::Day checked_day(const std::string& field, const std::string& v, std::optional<core::Day> not_after) {
  auto d = core::parse_day(v);
  if (!d || *d < core::Day{std::chrono::year{2000} / 1 / 1}) throw invalid(field, "应为 YYYY-MM-DD 格式的有效日期");
  if (not_after && *d > *not_after) throw invalid(field, "日期不能晚于今天");
  return *d;
}

core::OrgUnit unit_of(store::Tx& tx, const Actor& a) {
  auto u = a.user.org_unit_id ? store::find_org(tx, core::unrestricted_scope(), *a.user.org_unit_id) : std::nullopt;
  if (!u || !u->county_id) throw forbidden("账号未归属单位");
  return *u;
}

void check_petition_link(store::Tx& tx, const Actor& a, const std::optional<long long>& id) {
  if (id && !store::find_petition(tx, a.scope, *id)) throw invalid("petition_id", "信访件不存在或不在本人数据范围内");
}

core::Scope Kernel::scope_for(store::Tx& tx, const core::User& u, core::Role r, bool for_org_tree) {
  core::Scope s;
  s.user_id = u.id;
  if (core::is_admin_role(r)) {
    // Administrators manage the structure but hold no business data scope.
    s.unrestricted = for_org_tree;
    s.kind = core::DataScope::None;
    return s;
  }
  s.kind = core::kDataScopes.parse(u.data_scope).value_or(core::DataScope::None);
  if (!u.org_unit_id) {
    s.kind = core::DataScope::None;
    return s;
  }
  core::Scope all;
  all.unrestricted = true;
  auto unit = store::find_org(tx, all, *u.org_unit_id);
  if (!unit || !unit->county_id) {
    s.kind = core::DataScope::None;
    return s;
  }
  s.county_id = *unit->county_id;
  s.org_id = unit->id;
  s.trial = r == core::Role::TrialOffice;
  switch (s.kind) {
    case core::DataScope::LinkedTownships: s.township_ids = store::linked_townships(tx, unit->id); break;
    case core::DataScope::OwnTownship:
    case core::DataScope::OwnRecords:
      if (unit->township_id) s.township_ids = {*unit->township_id};
      break;
    default: break;
  }
  if (!for_org_tree && u.has_recusals) s.recused_person_ids = store::recused_persons(tx, u.id);
  return s;
}

void Kernel::audit(store::Tx& tx, const Actor* a, const std::string& action, const std::string& entity, long long id,
                json::object detail, const Client* c) {
  auto head = store::lock_audit_head(tx);
  core::AuditRecord r;
  r.seq = head.last_seq + 1;
  r.at_ms = tx.now;
  if (a) {
    r.actor_id = a->user.id;
    r.actor_name = a->user.username;
    r.ip = a->client.ip;
  }
  if (c) r.ip = c->ip;
  r.action = action;
  r.entity = entity;
  r.entity_id = id;
  r.detail = json::serialize(detail);
  r.prev_hash = head.last_hash;
  r.hash = keys_->chain_hash(core::audit_canonical(r));
  store::append_audit(tx, r);
}

const core::TimeLimit* Kernel::find_time_limit(std::string_view code) const {
  for (auto& t : limits_)
    if (t.code == code) return &t;
  return nullptr;
}

}  // namespace funnel::app
