#pragma once
// Authentication (SY-2): login with lockout counted before the slow hash,
// sessions, CSRF, password change, the route-level permission gate.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"

namespace funnel::app {

// Typed views, serialised by src/http.
struct LoginResponse {
  std::string csrf_token;
  bool must_change_password = false;
  UserView user;
};
BOOST_DESCRIBE_STRUCT(LoginResponse, (), (csrf_token, must_change_password, user))
struct LoginResult {
  std::string token;  // goes to the cookie only
  LoginResponse response;
};
struct ScopeView {
  std::string kind;
  long long county_id = 0;
  std::vector<long long> township_ids;
};
BOOST_DESCRIBE_STRUCT(ScopeView, (), (kind, county_id, township_ids))
// The signed-in user: account, permissions (none until the initial password
// is changed), CSRF token and data scope.
struct MeView {
  UserView user;
  std::vector<std::string> permissions;
  std::string csrf_token;
  bool must_change_password = false;
  ScopeView scope;
};
BOOST_DESCRIBE_STRUCT(MeView, (), (user, permissions, csrf_token, must_change_password, scope))

// How the login log keeps a typed name: as typed when it is an account's,
// else masked (first character and a keyed digest), never the text.
std::string attempt_name(const Kernel& k, const std::string& typed, bool known);

// Locked out: the recent failed attempts of this name reach the limit.
bool is_locked(const Kernel& k, store::Tx& tx, const std::string& username);

class AuthService {
 public:
  explicit AuthService(Kernel& k) : k_(k) {}

  // Bootstrap (CLI init): creates admin, secadmin, auditor; returns their passwords.
  std::vector<std::pair<std::string, std::string>> create_initial_admins(const std::optional<std::string>& password);
  LoginResult login(const std::string& username, const std::string& password, const Client& c);
  Actor authenticate(const std::string& token, const Client& c);  // 401 when invalid
  void check_csrf(const Actor& a, const std::string& header) const;  // 403 csrf_failed
  void logout(const Actor& a);
  void change_password(const Actor& a, const std::string& old_pw, const std::string& new_pw);
  MeView me(const Actor& a) const;
  // Route-level gate, run before the body is read: "session" lets any signed-in
  // user through (also while the initial password must still be changed);
  // "signed_in" any user who has changed it; a permission code (or "a|b")
  // goes through Kernel::require.
  void require_route(const Actor& a, std::string_view permission) const;
  // For batch tools (funnel demo, gen): the actor of a user without a session.
  Actor actor_for(long long user_id);

 private:
  // A login or old-password check, counted before the slow hash (SY-2).
  struct AttemptGate {
    std::optional<core::User> user;
    std::string name;  // as the login log keeps it (attempt_name)
    bool locked = false;
    long long attempt_id = 0;
  };
  AttemptGate open_attempt(const std::string& typed, const Client& c, const char* what);
  void fail_attempt(const AttemptGate& g, const Client& c, const std::string& reason, const char* action);

  Kernel& k_;
};

}  // namespace funnel::app
