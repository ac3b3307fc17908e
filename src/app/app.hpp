#pragma once
// Use cases. The one place for transactions, permission and data-scope
// checks, and audit records. The HTTP layer only maps requests to these.
#include <atomic>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/access.hpp"
#include "core/calendar.hpp"
#include "core/clue.hpp"
#include "core/model.hpp"
#include "core/org.hpp"
#include "core/petition.hpp"
#include "core/scope.hpp"
#include "crypto/crypto.hpp"
#include "files/evidence.hpp"
#include "store/audit_repo.hpp"
#include "store/clue_repo.hpp"
#include "store/db.hpp"
#include "store/org_repo.hpp"
#include "store/petition_repo.hpp"
#include "store/portal_repo.hpp"
#include "store/user_repo.hpp"
#include "store/visit_repo.hpp"

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

struct LoginResult {
  std::string token;  // goes to the cookie only
  std::string csrf_token;
  core::User user;
};

struct AuditVerdict {
  bool ok = true;
  long long checked = 0;
  long long first_bad_seq = 0;
  std::string reason;
  long long head_seq = 0;  // the head row as found (an anchor to note down)
  std::string head_hash;
};

// Record hashes noted outside the database (seq → hash): the server logs
// one as an `audit_checkpoint` event every minute the chain grew and at
// shutdown. A keyed hash cannot be forged, so a checkpoint needs no
// signature of its own; it proves that the chain reached that record.
using AuditCheckpoints = std::map<long long, std::string>;

struct RechainResult {
  bool rechained = false;  // false: the chain was keyed already
  long long records = 0;
};

struct OrgInput {
  std::optional<long long> parent_id;
  std::string kind, category, name, short_name;
  std::optional<std::string> division_code, committee_name, office_name;
  int sort = 0;
};

struct GenOptions {
  std::string scale = "county";  // a key of data/gen.json "scales"
  std::optional<long long> counties, petitions, clues;  // override the scale's
  double duplicate_share = 0.05;  // re-sent texts with a prefix (near-duplicates)
  unsigned long long seed = 20170101;
  bool force = false;  // add to a database that already holds organisations
  std::optional<std::string> password;  // of the gen_* accounts; else one-time passwords
};
struct GenReport {
  long long counties = 0, townships = 0, villages = 0, petitions = 0, clues = 0, persons = 0;
  long long staff_accounts = 0, audit_records = 0, logins = 0;
  double seconds = 0;
  std::vector<std::pair<std::string, std::string>> accounts;  // created now (username, one-time password)
};

struct UserInput {
  std::string username, display_name, role;
  std::optional<long long> org_unit_id;
  std::optional<std::string> data_scope, status, password;
};

// --- petitions (IN-1 … IN-8)

// A reported person as a member of the public names them.
struct ReportedInputLite {
  std::string name, unit_name;
  std::optional<std::string> post, cadre_level;
};

struct ReporterInput {
  std::optional<std::string> name, id_number, phone, address, unit;
};
struct ReportedInput {
  std::string name, unit_name, cadre_level;
  std::optional<std::string> post;
  std::optional<long long> unit_org_id;
  bool party_member = false, public_official = false, county_department = false;
  bool township_discipline_staff = false, township_party_secretary = false;
};
struct PetitionInput {
  std::string channel, type;
  bool real_name = false;
  std::optional<ReporterInput> reporter;
  std::string summary, content, category;
  std::optional<std::string> subcategory, area, place_detail;
  std::optional<long long> place_org_id;
  std::string received_day;
  std::optional<std::string> postmark_day, reception_cadre, call_time, web_source;
  std::optional<int> visitors;
  std::optional<bool> identity_checked;
  bool from_higher = false, fast_track = false;
  std::vector<ReportedInput> persons;
  // The cadre's choice when it differs from the proposal, with the reason.
  std::optional<std::string> jurisdiction, jurisdiction_reason;
};
struct PetitionActionInput {
  std::string action;
  std::optional<std::string> reason, note, transfer_to;
  std::optional<long long> handler_org_id, merged_into;
};

struct PortalReportInput {
  std::string challenge, nonce;
  long long county_id = 0;
  std::optional<long long> township_id;
  bool anonymous = true;
  std::optional<std::string> name, id_number, phone;
  std::vector<ReportedInputLite> persons;
  std::string category, summary, content;
  std::optional<std::string> happened, place;
  std::vector<std::string> uploads;
};

struct RecusalInput {
  long long user_id = 0, person_id = 0;
  std::string relation, reason;
};

struct VisitInput {
  std::string kind, day, cadres, summary;
  std::optional<std::string> place, outcome;
  std::optional<long long> petition_id;
};
struct ScreeningInput {
  std::string period, matter, risk_level, measures, responsible, outcome;
  std::optional<std::string> outcome_note;
  std::optional<long long> petition_id;
};

// --- problem clues (CL-1 … CL-5)

struct ClueInput {
  std::string source, summary, content, category, received_day;
  std::optional<long long> petition_id, township_id;
  std::vector<ReportedInput> persons;
  bool difficult = false, cross_township = false, needs_county_strength = false;
};
struct ClueActionInput {
  std::string action;
  std::optional<std::string> reason, note, mode, method, plan, review_day, outcome;
  std::optional<long long> lead_org_id, assist_org_id;
};
struct ClueRecordInput {
  std::string kind, day, text;
  std::optional<std::string> evaluation;
};
struct ClueReviewInput {
  std::string held_day, title, attendees;
  std::optional<std::string> note;
  struct Item {
    long long clue_id = 0;
    std::string decision;
    std::optional<std::string> note;
  };
  std::vector<Item> items;
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

class App {
 public:
  App(Config cfg, std::unique_ptr<store::Db> db);
  ~App();
  const Config& config() const { return cfg_; }
  store::Db& db() { return *db_; }
  const boost::json::object& dictionaries() const { return dicts_; }

  // Bootstrap (CLI init): creates admin, secadmin, auditor; returns their passwords.
  std::vector<std::pair<std::string, std::string>> create_initial_admins(const std::optional<std::string>& password);

  // --- authentication (SY-2)
  LoginResult login(const std::string& username, const std::string& password, const Client& c);
  Actor authenticate(const std::string& token, const Client& c);  // 401 when invalid
  void check_csrf(const Actor& a, const std::string& header) const;  // 403 csrf_failed
  void logout(const Actor& a);
  void change_password(const Actor& a, const std::string& old_pw, const std::string& new_pw);
  std::vector<std::string> permission_codes(const Actor& a) const;
  // Route-level gate, run before the body is read: "session" lets any signed-in
  // user through (also while the initial password must still be changed);
  // "signed_in" any user who has changed it; a permission code goes through
  // require().
  void require_route(const Actor& a, std::string_view permission) const;

  // For batch tools (funnel demo): the actor of a user without a session.
  Actor actor_for(long long user_id);
  // funnel demo: loads the demo county (data/demo.json) into an initialised
  // database that holds no organisation yet; returns (username, password)
  // of every demo account (password empty when FUNNEL_DEMO_PASSWORD is used).
  // Also files a few reports through the portal; their receipt codes and
  // passwords go to `receipts`.
  std::vector<std::pair<std::string, std::string>> load_demo(
      const std::optional<std::string>& password, std::vector<std::pair<std::string, std::string>>* receipts = nullptr);
  // funnel gen: reference data (data/gen.json) from a fixed seed; checks
  // every option and refuses a database that holds organisations unless
  // force, before writing anything. progress gets a line now and then.
  GenReport generate(const GenOptions& o, const std::function<void(const std::string&)>& progress);

  // --- organisation (ORG-1, ORG-2)
  std::vector<core::OrgUnit> list_orgs(const Actor& a, const store::OrgFilter& f, const core::Page* page,
                                       long long* total);
  core::OrgUnit get_org(const Actor& a, long long id);
  core::OrgUnit create_org(const Actor& a, const OrgInput& in);
  core::OrgUnit update_org(const Actor& a, long long id, const OrgInput& in);
  void delete_org(const Actor& a, long long id);
  std::vector<core::OrgUnit> linked_townships(const Actor& a, long long room_id);
  std::vector<core::OrgUnit> set_linked_townships(const Actor& a, long long room_id, std::vector<long long> ids);

  // --- users (SY-1)
  std::vector<core::User> list_users(const Actor& a, const store::UserFilter& f, const core::Page& page,
                                     long long* total);
  core::User get_user(const Actor& a, long long id);
  // 三员 (SY-15): what grants access is proposed by one administrator and
  // approved by another; each learns half of the initial secret.
  struct AccountProposal {
    core::User user;
    long long request_id = 0;
    std::string secret_part;  // the proposer's half (create, reset)
  };
  AccountProposal propose_user(const Actor& a, const UserInput& in);
  // For the operator's tools (funnel demo) only, never reachable over HTTP:
  // an account with a chosen password at once.
  std::pair<core::User, std::string> provision_user(const Actor& a, const UserInput& in);
  // Name and status apply at once; a new role, scope or unit is proposed
  // (request id returned) and applies when approved.
  std::pair<core::User, std::optional<long long>> update_user(const Actor& a, long long id, const UserInput& in);
  AccountProposal reset_password(const Actor& a, long long id);
  void unlock_user(const Actor& a, long long id);
  std::vector<store::AccountRequest> list_account_requests(const Actor& a, const std::optional<std::string>& status,
                                                           const core::Page& page, long long* total);
  // Returns the approver's half of the secret (create, reset), else empty.
  std::string approve_account_request(const Actor& a, long long id);
  void reject_account_request(const Actor& a, long long id);

  // --- working-day calendar and time limits (SY-8), from the resource dir
  const core::WorkCalendar& calendar() const { return calendar_; }
  const std::vector<core::TimeLimit>& time_limits() const { return limits_; }
  const core::TimeLimit* find_time_limit(std::string_view code) const;
  struct DueDate {
    core::TimeLimit limit;
    core::Day start, due;
    bool provisional = false;  // a year in the period has no holiday notice in data/
  };
  // 400 naming `limit` or `start` when unknown or malformed (they are query values).
  DueDate compute_due(const std::string& limit_code, const std::string& start) const;

  // --- petitions (IN-1 … IN-8); views are JSON objects built here because
  // they need the calendar, the actor's permissions and today's date.
  const PetitionCatalogue& catalogue() const { return catalogue_; }
  boost::json::object propose_jurisdiction(const Actor& a, const std::string& type,
                                           const std::vector<ReportedInput>& persons);
  // `within_tx` runs in the registering transaction (the portal stores its
  // receipt and evidence there); with `answer` false only id and number are
  // returned, without reading the record back.
  boost::json::object register_petition(
      const Actor& a, const PetitionInput& in,
      const std::function<void(store::Tx&, const core::Petition&)>& within_tx = nullptr, bool answer = true);
  boost::json::object list_petitions(const Actor& a, const store::PetitionFilter& f, bool overdue,
                                     const core::Page& page);
  boost::json::object get_petition(const Actor& a, long long id);
  boost::json::object act_on_petition(const Actor& a, long long id, const PetitionActionInput& in);
  boost::json::object reveal_reporter(const Actor& a, long long id, const std::string& reason);
  // 重复件 check before registration: content near-duplicates (MinHash) and
  // items naming the same person, within the caller's scope; near-duplicates
  // elsewhere in the county by unit, day and similarity only (`elsewhere`).
  boost::json::object check_duplicates(const Actor& a, const std::string& text,
                                       const std::vector<std::pair<std::string, std::string>>& persons);
  // 预警: every warning that holds now in the caller's scope (level-triggered,
  // computed from the records), without the acknowledged ones unless asked;
  // one page of them with the true total.
  boost::json::object list_warnings(const Actor& a, const std::optional<std::string>& code, bool include_acknowledged,
                                    const core::Page& page);
  // Acknowledges one occurrence; idempotent; 409 when it no longer holds.
  boost::json::object acknowledge_warning(const Actor& a, long long petition_id, const std::string& code,
                                          const std::string& occurrence, const std::optional<std::string>& note);
  // 三访合一 (IN-4): the duty roster of the caller's unit and visit records.
  boost::json::object list_roster(const Actor& a, const std::optional<long long>& org_id, const std::string& from,
                                  const std::string& to);
  boost::json::object add_roster(const Actor& a, const std::string& day, long long user_id,
                                 const std::optional<std::string>& note);
  void delete_roster(const Actor& a, long long id);
  boost::json::object list_visits(const Actor& a, const store::VisitFilter& f, const core::Page& page);
  boost::json::object add_visit(const Actor& a, const VisitInput& in);
  // 排查化解 and 分析研判 (IN-5).
  boost::json::object list_screenings(const Actor& a, const std::optional<std::string>& period,
                                      const std::optional<std::string>& outcome, const core::Page& page);
  boost::json::object add_screening(const Actor& a, const ScreeningInput& in);
  boost::json::object set_screening_outcome(const Actor& a, long long id, const std::string& outcome,
                                            const std::optional<std::string>& note);
  boost::json::object petition_stats(const Actor& a, int year, const std::string& dimension);
  struct Export {
    std::string filename;  // UTF-8, for Content-Disposition
    std::string bytes;
    long long rows = 0;
  };
  // GET /ledgers/petitions.xlsx: the list's rows (all pages) with the same filters.
  Export export_petition_ledger(const Actor& a, const store::PetitionFilter& f, bool overdue);
  boost::json::object list_persons(const Actor& a, const std::optional<std::string>& q, const core::Page& page);

  // --- problem clues (CL-1 … CL-5), app/clues.cpp
  boost::json::object register_clue(const Actor& a, const ClueInput& in);
  boost::json::object list_clues(const Actor& a, const store::ClueFilter& f, bool overdue, const core::Page& page);
  boost::json::object get_clue(const Actor& a, long long id);
  boost::json::object act_on_clue(const Actor& a, long long id, const ClueActionInput& in);
  boost::json::object add_clue_record(const Actor& a, long long id, const ClueRecordInput& in);
  boost::json::object clue_dispatch_proposal(const Actor& a, long long id);
  // 线索月报 (CL-2): each township's report of a month, built from the records.
  boost::json::object list_clue_reports(const Actor& a, const std::string& month);
  boost::json::object live_clue_report(const Actor& a, long long township_id, const std::string& month);
  boost::json::object submit_clue_report(const Actor& a, long long township_id, const std::string& month,
                                         const std::optional<std::string>& note);
  boost::json::object get_clue_report(const Actor& a, long long id);
  boost::json::object acknowledge_clue_report(const Actor& a, long long id);
  boost::json::object return_clue_report(const Actor& a, long long id, const std::string& reason);
  // 集体排查 (CL-5).
  boost::json::object add_clue_review(const Actor& a, const ClueReviewInput& in);
  boost::json::object list_clue_reviews(const Actor& a, const core::Page& page);
  boost::json::object get_clue_review(const Actor& a, long long id);
  // The funnel view: clues received in [from, to] by stage and mode, the
  // flow source → mode → outcome, and the late ones first.
  boost::json::object clue_funnel(const Actor& a, const std::optional<std::string>& from,
                                  const std::optional<std::string>& to);
  // Warnings of the clue work: monthly reports not submitted by their
  // deadline (months since the township existed), clue clocks overdue or due
  // soon, pending clues due for review; one page with the true total.
  boost::json::object clue_warnings(const Actor& a, const core::Page& page);
  Export export_clue_ledger(const Actor& a, const store::ClueFilter& f, bool overdue);
  Export export_clue_report_ledger(const Actor& a, const std::string& month);

  // --- online users, logs
  // The public portal: no actor, no session; the receipt is the key.
  boost::json::object portal_info() const;
  boost::json::object portal_challenge() const;
  boost::json::object portal_stage_upload(const std::string& name, const std::string& bytes);
  boost::json::object portal_submit(const PortalReportInput& in);
  void portal_set_password(const std::string& code, const std::string& token, const std::string& password);
  boost::json::object portal_login(const std::string& code, const std::string& password);
  long long portal_receipt_of(const std::string& bearer) const;  // 401 unless valid
  boost::json::object portal_report(long long receipt_id);
  boost::json::object portal_post_message(long long receipt_id, const std::string& body);
  boost::json::object portal_add_evidence(long long receipt_id, const std::string& name, const std::string& bytes);

  // Removes evidence files no row names any more, older than min_age (a
  // background job of `funnel serve`).
  long long sweep_evidence(std::chrono::seconds min_age);

  // Messages with portal reporters, evidence files, recusal.
  boost::json::object list_petition_messages(const Actor& a, long long petition_id);
  boost::json::object send_petition_message(const Actor& a, long long petition_id, const std::string& body);
  boost::json::object list_evidence(const Actor& a, long long petition_id);
  boost::json::object add_evidence(const Actor& a, long long petition_id, const std::string& name,
                                   const std::string& bytes);
  struct Download {
    std::string filename, mime, bytes;
  };
  Download download_evidence(const Actor& a, long long petition_id, long long file_id);
  boost::json::object list_recusals(const Actor& a, const std::optional<long long>& user_id, const core::Page& page);
  boost::json::object add_recusal(const Actor& a, const RecusalInput& in);
  // The county's cadre accounts a recusal can name (name search).
  boost::json::object recusal_candidates(const Actor& a, const std::optional<std::string>& q);
  void delete_recusal(const Actor& a, long long id);

  std::vector<core::Session> list_sessions(const Actor& a, const core::Page& page, long long* total);
  void revoke_session(const Actor& a, long long id);
  std::vector<core::LoginAttempt> list_login_log(const Actor& a, const std::optional<std::string>& username,
                                                 const std::optional<int>& success, const core::Page& page,
                                                 long long* total);
  std::vector<core::AuditRecord> list_audit(const Actor& a, const store::AuditFilter& f, const core::Page& page,
                                            long long* total);
  AuditVerdict verify_audit_for(const Actor& a);
  AuditVerdict verify_audit(const AuditCheckpoints& checkpoints = {});  // CLI, no actor
  // The chain's keyed state and head (the CLI's checks, the checkpoint log).
  bool audit_chain_keyed();
  store::AuditHead audit_head();
  // Once, at the upgrade to schema 20 (`funnel migrate`): checks the old,
  // unkeyed chain, recomputes every hash with the key in one transaction and
  // appends a `rechain_audit` record with the count. Refuses a broken chain.
  RechainResult rechain_audit();

 private:
  void require(const Actor& a, core::Permission p) const;
  core::Scope scope_for(store::Tx& tx, const core::User& u, core::Role r, bool for_org_tree);
  bool is_locked(store::Tx& tx, const std::string& username);
  void audit(store::Tx& tx, const Actor* a, const std::string& action, const std::string& entity, long long id,
             boost::json::object detail, const Client* c = nullptr);
  // A login or old-password check, counted before the slow hash (SY-2).
  struct AttemptGate {
    std::optional<core::User> user;
    std::string name;  // as the login log keeps it (attempt_name)
    bool locked = false;
    long long attempt_id = 0;
  };
  std::string attempt_name(const std::string& typed, bool known) const;
  AttemptGate open_attempt(const std::string& typed, const Client& c, const char* what);
  void fail_attempt(const AttemptGate& g, const Client& c, const std::string& reason, const char* action);
  // page_acks: the acknowledgements of a list page, loaded once (else this item's).
  // analysis (with full): related items, near-duplicates and merged repeats.
  boost::json::object petition_json(store::Tx& tx, const Actor& a, const core::Petition& p, bool full,
                                    const std::vector<store::WarningAck>* page_acks = nullptr, bool analysis = true);
  void refresh_due(core::Petition& p) const;
  // "" (no clock), running, due_soon, overdue or suspended; left = working days (negative when late).
  std::string deadline_status(const core::Petition& p, core::Day today, long long* left) const;
  // Overdue, due soon, collective visit, risk terms: what holds today, each
  // with its occurrence key for acknowledgement.
  std::vector<boost::json::object> standing_warnings(const core::Petition& p, core::Day today) const;
  // A reported person of a petition or a clue, upserted into the county's person registry.
  core::ReportedPerson save_reported(store::Tx& tx, long long county, const ReportedInput& r);
  // Clues: the registration inside a write transaction (also for a petition
  // converted to a clue); the view; the clock after a step or a record.
  long long create_clue(store::Tx& tx, const Actor& a, const ClueInput& in);
  boost::json::object clue_json(store::Tx& tx, const Actor& a, const core::Clue& c, bool full);
  void set_clue_clock(core::Clue& c, const std::string& start, bool letter_sent, bool answered) const;
  std::string clue_deadline_status(const core::Clue& c, core::Day today, long long* left) const;
  const std::vector<core::Role>& approval_roles(const core::Clue& c) const;  // empty before dispatch
  // The rows of a township's monthly report as they are now.
  boost::json::object build_clue_report(store::Tx& tx, const core::OrgUnit& township, const std::string& month);
  // The townships whose reports the actor may see.
  std::vector<core::OrgUnit> report_townships(store::Tx& tx, const Actor& a);
  // One .xlsx ledger: the file in data/tmp, the caller's organisation in the title, the export audited.
  Export write_ledger(const Actor& a, const std::string& code, const std::string& name, const std::string& period,
                      const std::vector<std::pair<std::string, double>>& columns,
                      const std::function<long long(
                          store::Tx&, const std::function<void(long long, const std::vector<std::string>&)>&)>& rows,
                      boost::json::object audit_detail);
  core::User checked_user_input(store::Tx& tx, const Actor& a, const UserInput& in, const core::User* before);

  Config cfg_;
  std::unique_ptr<store::Db> db_;
  core::WorkCalendar calendar_;
  std::vector<core::TimeLimit> limits_;
  boost::json::object dicts_;
  PetitionCatalogue catalogue_;
  std::map<core::DispatchMode, ApprovalChain> approvals_;
  std::optional<crypto::KeyRing> keys_;
  std::string dummy_hash_;  // equalises login timing for unknown users
  boost::json::object portal_notices_;
  std::unique_ptr<files::EvidenceStore> evidence_;
  long long portal_user_id_ = 0;  // the @portal account, looked up on first use
  std::atomic<long long> challenges_swept_at_{0};  // expired used challenges are deleted once a minute
  Actor portal_actor(long long intake_org_id);
  // Type check, encryption and storage of one evidence file (no row yet).
  store::EvidenceFile store_evidence_file(const std::string& name, const std::string& bytes, const char* source);
  boost::json::object evidence_json(const store::EvidenceFile& f) const;
  // When a concluded report's portal access ends (nullopt while open).
  std::optional<core::Day> portal_expiry(store::Tx& tx, const core::Petition& p) const;
};

// Loads data/dictionaries.json and checks it against the codes in src/core.
boost::json::object load_dictionaries(const std::filesystem::path& resource_dir);
// data/cn-holidays.csv and data/time-limits.json; std::runtime_error naming
// the file (and line) when malformed.
core::WorkCalendar load_work_calendar(const std::filesystem::path& resource_dir);
std::vector<core::TimeLimit> load_time_limits(const std::filesystem::path& resource_dir);

// JSON views shared by the API and the audit details. Confidential fields
// (password hashes, tokens) are never part of a view.
boost::json::object to_json(const core::OrgUnit& o);
boost::json::object to_json(const core::User& u);
boost::json::object to_json(const core::Session& s);
boost::json::object to_json(const core::LoginAttempt& a);
boost::json::object to_json(const core::AuditRecord& r);
// null for an empty optional; times as ISO 8601 UTC.
boost::json::value opt(const std::optional<long long>& v);
boost::json::value opt(const std::optional<std::string>& v);
boost::json::value opt_time(const std::optional<long long>& v);
// {"field": [before, after]} for the fields that differ (audit details).
boost::json::object diff_fields(const boost::json::object& before, const boost::json::object& after);

}  // namespace funnel::app
