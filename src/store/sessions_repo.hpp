#pragma once
// Sessions, the online users (SY-2): the token is only ever stored hashed.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model.hpp"
#include "store/db.hpp"

namespace funnel::store {

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

}  // namespace funnel::store
