#pragma once
// What every service of src/app shares: the configuration, the database,
// the resources loaded from data/ at start (calendar, time limits,
// dictionaries, petition catalogue, approval chains, sanction rules and
// approval powers), the key ring and the evidence store, and the three
// checks every use case runs: permission (require), data scope (scope_for)
// and the audit record (audit).
#include <boost/json/object.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/access.hpp"
#include "core/calendar.hpp"
#include "core/case.hpp"
#include "core/clue.hpp"
#include "core/model.hpp"
#include "core/sanction.hpp"
#include "core/scope.hpp"
#include "store/db.hpp"

namespace funnel::crypto {
class KeyRing;
}
namespace funnel::files {
class EvidenceStore;
}

namespace funnel::app {

struct Config {
  std::filesystem::path data_dir;
  std::string database_url;      // empty: sqlite:///DIR/funnel.db
  std::filesystem::path key_file;  // empty: DIR/keys/master.key
  std::filesystem::path resource_dir;  // data/ with dictionaries.json, holidays …
  int session_idle_minutes = 30;
  int session_max_hours = 12;
  int lockout_failures = 5;
  int lockout_minutes = 15;
  std::size_t db_pool = 8;
  // The public portal (IN-6); rate limits are per network key and hour.
  struct Portal {
    int pow_bits = 18;
    int max_files = 10;
    long long max_file_bytes = 20LL << 20;
    int retention_days = 180;
    int login_failures = 5;
    int lockout_minutes = 15;
    int token_minutes = 30;
    int submit_per_hour = 20;
    int login_per_hour = 30;
    int upload_per_hour = 120;
    // Messages a reporter may send per receipt and hour (0: no limit).
    int messages_per_hour = 10;
  } portal;
};

std::string database_url_for(const Config& c);

struct Client {
  std::string ip;
  std::string user_agent;
};

// Who is asking: resolved once per request from the session cookie.
struct Actor {
  core::User user;
  core::Role role = core::Role::VillageOfficer;
  core::Session session;
  core::Scope scope;      // business data scope
  core::Scope org_scope;  // what of the organisation tree is visible
  Client client;
};

// Categories, areas and warning settings from data/ (categories.json,
// warnings.json), checked at start-up.
struct PetitionCatalogue {
  boost::json::object doc;  // categories and areas, as served to the UI
  std::map<std::string, std::set<std::string>> subs;
  std::set<std::string> areas;
  std::vector<std::string> risk_terms;
  std::vector<std::string> conflict_posts;  // posts of the township discipline staff / party secretary
  int due_soon_working_days = 3;
};
PetitionCatalogue load_petition_catalogue(const std::filesystem::path& resource_dir);
std::string read_file(const std::filesystem::path& p);

// Who approves a clue's disposal, per dispatch mode (data/approvals.json).
struct ApprovalChain {
  std::vector<core::Role> roles;
  std::string basis;
};
std::map<core::DispatchMode, ApprovalChain> load_approval_chains(const std::filesystem::path& resource_dir);
// Who approves a case's filing and its transfer to trial, per dispatch mode
// of the case (data/approvals.json, each step checked with core::approver_fits).
struct CaseApprovalChain {
  std::vector<core::Approver> approvers;
  std::string basis;
};
struct CaseApprovalChains {
  std::map<core::DispatchMode, CaseApprovalChain> filing, transfer;
};
CaseApprovalChains load_case_approval_chains(const std::filesystem::path& resource_dir);

// Decisions (CA-6): the outcomes' periods and forms (data/sanctions.json)
// and who may decide what (data/approval-powers.json), checked with
// core::rules_error and core::powers_error; std::runtime_error naming the
// file and the problem otherwise.
core::SanctionRules load_sanction_rules(const std::filesystem::path& resource_dir);
core::ApprovalPowers load_approval_powers(const std::filesystem::path& resource_dir);

// Loads data/dictionaries.json and checks it against the codes in src/core.
boost::json::object load_dictionaries(const std::filesystem::path& resource_dir);
// data/cn-holidays.csv and data/time-limits.json; std::runtime_error naming
// the file (and line) when malformed.
core::WorkCalendar load_work_calendar(const std::filesystem::path& resource_dir);
std::vector<core::TimeLimit> load_time_limits(const std::filesystem::path& resource_dir);

// A day the user typed (YYYY-MM-DD, from 2000 on), not after not_after
// when given; 422 naming the field otherwise.
core::Day checked_day(const std::string& field, const std::string& v, std::optional<core::Day> not_after);
// The actor's own unit; 403 when the account belongs to none.
core::OrgUnit unit_of(store::Tx& tx, const Actor& a);
// A petition a record refers to (petition_id) must be one the actor can see; 422 otherwise.
void check_petition_link(store::Tx& tx, const Actor& a, const std::optional<long long>& petition_id);

class Kernel {
 public:
  Kernel(Config cfg, std::unique_ptr<store::Db> db);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  const Config& config() const { return cfg_; }
  store::Db& db() { return *db_; }
  const core::WorkCalendar& calendar() const { return calendar_; }
  const std::vector<core::TimeLimit>& time_limits() const { return limits_; }
  const core::TimeLimit* find_time_limit(std::string_view code) const;
  const boost::json::object& dictionaries() const { return dicts_; }
  const PetitionCatalogue& catalogue() const { return catalogue_; }
  const std::map<core::DispatchMode, ApprovalChain>& approvals() const { return approvals_; }
  const CaseApprovalChains& case_approvals() const { return case_approvals_; }
  const core::SanctionRules& sanction_rules() const { return sanction_rules_; }
  const core::ApprovalPowers& approval_powers() const { return approval_powers_; }
  const crypto::KeyRing& keys() const { return *keys_; }
  files::EvidenceStore& evidence() { return *evidence_; }
  // A hash of a random password: unknown users are checked against it so
  // that the answer takes as long as for a known one.
  const std::string& dummy_hash() const { return dummy_hash_; }
  const boost::json::object& portal_notices() const { return portal_notices_; }

  // 403 unless the actor's role has the permission (and the initial
  // password has been changed).
  void require(const Actor& a, core::Permission p) const;
  // The route-level gate: "session" lets any signed-in user through (also
  // while the initial password must still be changed); "signed_in" any user
  // who has changed it; a permission code, or "a|b" for any of them.
  void require_route(const Actor& a, std::string_view permission) const;
  // The data scope of a user in a role: the business scope, or (for_org_tree)
  // what of the organisation tree is visible.
  core::Scope scope_for(store::Tx& tx, const core::User& u, core::Role r, bool for_org_tree);
  // Appends one record to the keyed audit chain, in the caller's transaction.
  void audit(store::Tx& tx, const Actor* a, const std::string& action, const std::string& entity, long long id,
             boost::json::object detail, const Client* c = nullptr);

 private:
  Config cfg_;
  std::unique_ptr<store::Db> db_;
  core::WorkCalendar calendar_;
  std::vector<core::TimeLimit> limits_;
  boost::json::object dicts_;
  PetitionCatalogue catalogue_;
  std::map<core::DispatchMode, ApprovalChain> approvals_;
  CaseApprovalChains case_approvals_;
  core::SanctionRules sanction_rules_;
  core::ApprovalPowers approval_powers_;
  std::unique_ptr<crypto::KeyRing> keys_;
  std::string dummy_hash_;
  boost::json::object portal_notices_;
  std::unique_ptr<files::EvidenceStore> evidence_;
};

}  // namespace funnel::app
