#pragma once
// Accounts, sessions and login attempts (SY-1, SY-2).
#include <optional>
#include <string>
#include <utility>
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

std::optional<core::User> find_user(Tx& tx, long long id);
std::optional<core::User> find_user_by_name(Tx& tx, const std::string& username);
std::vector<core::User> list_users(Tx& tx, const UserFilter& f, const core::Page& page, long long* total);
long long insert_user(Tx& tx, const core::User& u);
void update_user(Tx& tx, const core::User& u);  // not the password
void set_password(Tx& tx, long long user_id, const std::string& hash, bool must_change);
void set_last_login(Tx& tx, long long user_id);

// Sessions: the token is only ever stored hashed.
long long insert_session(Tx& tx, const std::string& token_hash, long long user_id, const std::string& csrf,
                         const std::string& ip, const std::string& user_agent);
// The session of a token hash and its user (with the unit's name), in one statement.
std::optional<std::pair<core::Session, core::User>> find_session_with_user(Tx& tx, const std::string& token_hash);
void touch_session(Tx& tx, long long session_id);
void delete_session(Tx& tx, long long session_id);
void delete_sessions_of(Tx& tx, long long user_id);
void delete_sessions_idle_since(Tx& tx, long long cutoff_ms);
std::vector<core::Session> list_sessions(Tx& tx, long long idle_cutoff_ms, const core::Page& page, long long* total);
std::optional<core::Session> find_session_by_id(Tx& tx, long long id);

// Login attempts: success 1 = login, 0 = failure, 2 = unlocked by an administrator.
void insert_attempt(Tx& tx, const core::LoginAttempt& a);
// Newest first, since `since_ms`.
std::vector<core::LoginAttempt> recent_attempts(Tx& tx, const std::string& username, long long since_ms);
std::vector<core::LoginAttempt> list_attempts(Tx& tx, const std::optional<std::string>& username,
                                              const std::optional<int>& success, const core::Page& page,
                                              long long* total);

}  // namespace funnel::store
