#pragma once
// Accounts (SY-1), their 三员 approvals (SY-15) and login attempts (SY-2).
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "store/db.hpp"

namespace funnel::store {

struct UserFilter {
  std::optional<std::string> q;
  std::optional<long long> org_unit_id;
  std::optional<std::string> role;
  std::optional<std::string> status;
};

// A users row as the store reads it, on aliases u (users) and o (its unit):
// the column list (no FROM) and the targets in that order, for reads that
// join a user to rows of their own (a session and its user in one statement).
class Query;
struct UserRow {
  core::User u;
  std::optional<std::string> org_name;
  int has_recusals = 0;
};
extern const char* const kUserColumns;
void into_user(Query& st, UserRow& r);
core::User user_of(const UserRow& r);

std::optional<core::User> find_user(Tx& tx, long long id);
std::optional<core::User> find_user_by_name(Tx& tx, const std::string& username);
std::vector<core::User> list_users(Tx& tx, const UserFilter& f, const core::Page& page, long long* total);
// An account change waiting for a second administrator (SY-15).
struct AccountRequest {
  long long id = 0, user_id = 0;
  std::string kind;     // create | update | reset
  std::string changes;  // JSON: the proposed role, data_scope, org_unit_id (update)
  std::optional<std::string> secret_sealed;  // the proposer's half, sealed; gone once decided
  std::string status;   // pending | approved | rejected
  long long proposed_by = 0;
  std::string proposer_role;
  long long proposed_at = 0;
  std::optional<long long> decided_by, decided_at;
  // joined for views
  std::string username, display_name, target_role, proposer_name;
  std::optional<std::string> decider_name;
};
long long insert_account_request(Tx& tx, const AccountRequest& r);
std::optional<AccountRequest> find_account_request(Tx& tx, long long id);
std::optional<AccountRequest> pending_request_of(Tx& tx, long long user_id);
std::vector<AccountRequest> list_account_requests(Tx& tx, const std::optional<std::string>& status,
                                                  const core::Page& page, long long* total);
// Marks it approved or rejected and forgets the sealed half; false when it
// was no longer pending (a concurrent decision).
bool decide_account_request(Tx& tx, long long id, const std::string& status, long long by);

// Display names of the accounts of these townships' discipline committees
// (secretaries and staff, any status): conflict-of-interest checks.
std::set<std::string> discipline_staff_names(Tx& tx, const std::vector<long long>& township_ids);
struct CountyUser {
  long long id = 0;
  std::string username, display_name, org_name;
};
// Business accounts of a county, by name or username (at most `limit`).
std::vector<CountyUser> county_users(Tx& tx, long long county_id, const std::optional<std::string>& q, int limit);
long long insert_user(Tx& tx, const core::User& u);
void update_user(Tx& tx, const core::User& u);  // not the password
void set_password(Tx& tx, long long user_id, const std::string& hash, bool must_change);
void set_last_login(Tx& tx, long long user_id);

// Login attempts: success 1 = login, 0 = failure, 2 = unlocked by an administrator.
long long insert_attempt(Tx& tx, const core::LoginAttempt& a);
// Sets the outcome of an attempt recorded before its password check.
void finish_attempt(Tx& tx, long long id, int success, const std::string& reason);
// Serialises the attempts of one name until the transaction ends
// (PostgreSQL advisory lock; SQLite's single writer already does).
void lock_attempts_of(Tx& tx, const std::string& name);
// Newest first, since `since_ms`.
std::vector<core::LoginAttempt> recent_attempts(Tx& tx, const std::string& username, long long since_ms);
std::vector<core::LoginAttempt> list_attempts(Tx& tx, const std::optional<std::string>& username,
                                              const std::optional<int>& success, const core::Page& page,
                                              long long* total);

}  // namespace funnel::store
