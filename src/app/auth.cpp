#include "app/auth.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include "core/clue.hpp"
#include "core/error.hpp"
#include "core/petition.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include <sodium.h>
#include "core/password_policy.hpp"
#include "store/query.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "files/evidence.hpp"
#include "store/sessions_repo.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

void AuthService::require_route(const Actor& a, std::string_view permission) const {
  k_.require_route(a, permission);
}

MeView AuthService::me(const Actor& a) const {
  MeView out{user_view(a.user), {}, a.session.csrf_token, a.user.must_change_password != 0,
             {std::string(core::kDataScopes.code(a.scope.kind)), a.scope.county_id, a.scope.township_ids}};
  if (!a.user.must_change_password)
    for (auto p : core::permissions_of(a.role)) out.permissions.emplace_back(core::kPermissions.code(p));
  return out;
}

namespace {
constexpr long long kMinute = 60'000;
constexpr long long kTouchEvery = 60'000;  // write last_seen at most once a minute
}  // namespace

bool is_locked(const Kernel& k_, store::Tx& tx, const std::string& username) {
  long long since = tx.now - k_.config().lockout_minutes * kMinute;
  int failures = 0;
  for (const auto& at : store::recent_attempts(tx, username, since)) {
    if (at.success != 0) break;  // a login or an unlock resets the count
    if (at.reason == "locked") continue;
    ++failures;
  }
  return failures >= k_.config().lockout_failures;
}

std::string attempt_name(const Kernel& k_, const std::string& typed, bool known) {
  if (known) return typed;
  // An unknown name may be a password typed in the wrong field: the log keeps
  // its first character and a keyed digest, enough to count and to compare
  // attempts, never the text.
  std::size_t first = 1;
  const auto c = static_cast<unsigned char>(typed.empty() ? 0 : typed[0]);
  if (c >= 0xF0) first = 4;
  else if (c >= 0xE0) first = 3;
  else if (c >= 0xC0) first = 2;
  return typed.substr(0, std::min(first, typed.size())) + "…#" + k_.keys().blind_index(typed, "login.unknown_user").substr(0, 8);
}

AuthService::AttemptGate AuthService::open_attempt(const std::string& typed, const Client& c, const char* what) {
  return k_.db().write([&](store::Tx& tx) {
    AttemptGate g;
    g.user = store::find_user_by_name(tx, typed);
    g.name = attempt_name(k_, typed, g.user.has_value());
    // Counted before the slow check, under one lock per name: parallel
    // guesses cannot all pass a lockout test made before any of them failed.
    store::lock_attempts_of(tx, g.name);
    g.locked = is_locked(k_, tx, g.name);
    core::LoginAttempt at;
    at.username = g.name;
    at.user_id = g.user ? std::optional(g.user->id) : std::nullopt;
    at.ip = c.ip;
    at.user_agent = c.user_agent.substr(0, 256);
    at.success = 0;
    at.reason = g.locked ? "locked" : what;
    g.attempt_id = store::insert_attempt(tx, at);
    return g;
  });
}

void AuthService::fail_attempt(const AttemptGate& g, const Client& c, const std::string& reason, const char* action) {
  k_.db().write([&](store::Tx& tx) {
    store::finish_attempt(tx, g.attempt_id, 0, reason);
    k_.audit(tx, nullptr, action, "session", 0, {{"username", g.name}, {"reason", reason}}, &c);
  });
}

LoginResult AuthService::login(const std::string& username, const std::string& password, const Client& c) {
  if (username.empty() || username.size() > 64) throw invalid("username", "请输入用户名");
  if (password.empty() || password.size() > 256) throw invalid("password", "请输入密码");

  auto g = open_attempt(username, c, "checking");
  if (g.locked)
    throw Error(429, "account_locked",
                "登录失败次数过多，账号已锁定 " + std::to_string(k_.config().lockout_minutes) + " 分钟");
  const auto& user = g.user;
  // Runs on a worker thread, never on an I/O thread; the hash gate caps concurrency.
  // An account awaiting approval (hash "!", 三员) is checked against the
  // dummy hash too, so the answer's time does not tell that it exists.
  const bool usable = user && user->password_hash != "!";
  bool ok = crypto::verify_password(usable ? user->password_hash : k_.dummy_hash(), password) && usable;
  if (!user || !ok) {
    fail_attempt(g, c, user ? "bad_password" : "unknown_user", "login_failed");
    throw Error(401, "invalid_credentials", "用户名或密码错误");
  }
  if (core::kUserStatuses.parse(user->status) != core::UserStatus::Active) {
    k_.db().write([&](store::Tx& tx) { store::finish_attempt(tx, g.attempt_id, 0, "disabled"); });
    throw Error(403, "account_disabled", "账号已停用，请联系系统管理员");
  }

  LoginResult out;
  out.token = crypto::random_token(32);
  const std::string csrf = crypto::random_token(24);
  k_.db().write([&](store::Tx& tx) {
    long long sid = store::insert_session(tx, crypto::blake2b_hex(out.token), user->id, csrf, c.ip,
                                          c.user_agent.substr(0, 256));
    store::set_last_login(tx, user->id);
    store::finish_attempt(tx, g.attempt_id, 1, "ok");
    Actor actor;
    actor.user = *user;
    actor.client = c;
    k_.audit(tx, &actor, "login", "session", sid, {});
  });
  out.response = {csrf, user->must_change_password != 0, user_view(*user)};
  return out;
}

Actor AuthService::authenticate(const std::string& token, const Client& c) {
  if (token.empty() || token.size() > 128) throw unauthenticated();
  const std::string th = crypto::blake2b_hex(token);
  const long long idle = k_.config().session_idle_minutes * kMinute;
  const long long max_age = k_.config().session_max_hours * 60 * kMinute;
  enum class State { Ok, Expired, Missing } state = State::Missing;
  bool touch = false;
  Actor a;
  k_.db().read([&](store::Tx& tx) {
    auto su = store::find_session_with_user(tx, th);
    if (!su) return;
    const core::Session* s = &su->first;
    const core::User* u = &su->second;
    if (tx.now - s->last_seen_at > idle || tx.now - s->created_at > max_age) {
      state = State::Expired;
      a.session = *s;
      return;
    }
    if (core::kUserStatuses.parse(u->status) != core::UserStatus::Active) {
      state = State::Expired;
      a.session = *s;
      return;
    }
    a.session = *s;
    a.user = *u;
    a.role = core::kRoles.parse(u->role).value_or(core::Role::VillageOfficer);
    a.scope = k_.scope_for(tx, *u, a.role, false);
    a.org_scope = k_.scope_for(tx, *u, a.role, true);
    touch = tx.now - s->last_seen_at > kTouchEvery;
    state = State::Ok;
  });
  if (state == State::Expired) {
    k_.db().write([&](store::Tx& tx) { store::delete_session(tx, a.session.id); });
    throw Error(401, "unauthenticated", "登录已超时，请重新登录");
  }
  if (state == State::Missing) throw unauthenticated();
  if (touch) k_.db().write([&](store::Tx& tx) { store::touch_session(tx, a.session.id); });
  a.client = c;
  return a;
}

Actor AuthService::actor_for(long long user_id) {
  Actor a;
  k_.db().read([&](store::Tx& tx) {
    auto u = store::find_user(tx, user_id);
    if (!u) throw not_found("用户不存在");
    a.user = *u;
    // The operator at the server's console acts for the user; the pending
    // first-login password change guards interactive sessions only.
    a.user.must_change_password = 0;
    a.role = core::kRoles.parse(u->role).value_or(core::Role::VillageOfficer);
    a.scope = k_.scope_for(tx, *u, a.role, false);
    a.org_scope = k_.scope_for(tx, *u, a.role, true);
  });
  a.client = {"127.0.0.1", "funnel-cli"};
  return a;
}

void AuthService::check_csrf(const Actor& a, const std::string& header) const {
  const auto& want = a.session.csrf_token;
  if (header.size() != want.size() || sodium_memcmp(header.data(), want.data(), want.size()) != 0)
    throw Error(403, "csrf_failed", "请求校验失败，请刷新页面后重试");
}

void AuthService::logout(const Actor& a) {
  k_.db().write([&](store::Tx& tx) {
    store::delete_session(tx, a.session.id);
    k_.audit(tx, &a, "logout", "session", a.session.id, {});
  });
}

void AuthService::change_password(const Actor& a, const std::string& old_pw, const std::string& new_pw) {
  if (old_pw.empty()) throw invalid("old_password", "请输入原密码");
  if (auto why = core::password_problem(new_pw, a.user.username)) throw invalid("new_password", *why);
  if (new_pw == old_pw) throw invalid("new_password", "新密码不能与原密码相同");
  // Guesses of the old password count like failed logins (and lock alike).
  auto g = open_attempt(a.user.username, a.client, "checking_old_password");
  if (g.locked)
    throw Error(429, "account_locked",
                "密码错误次数过多，账号已锁定 " + std::to_string(k_.config().lockout_minutes) + " 分钟");
  if (!g.user || !crypto::verify_password(g.user->password_hash, old_pw)) {
    fail_attempt(g, a.client, "bad_old_password", "change_password_failed");
    throw invalid("old_password", "原密码不正确");
  }
  auto new_hash = crypto::hash_password(new_pw);
  k_.db().write([&](store::Tx& tx) {
    store::finish_attempt(tx, g.attempt_id, 2, "password_changed");
    store::set_password(tx, a.user.id, new_hash, false);
    // Other sessions of this user end; this one stays.
    store::Query(tx).use(a.user.id).use(a.session.id).run("DELETE FROM sessions WHERE user_id = :u AND id <> :s");
    k_.audit(tx, &a, "change_password", "user", a.user.id, {});
  });
}

std::vector<std::pair<std::string, std::string>> AuthService::create_initial_admins(
    const std::optional<std::string>& password) {
  struct Seed {
    const char* username;
    const char* display;
    const char* role;
  };
  const Seed seeds[] = {{"admin", "系统管理员", "sys_admin"},
                        {"secadmin", "安全保密管理员", "security_admin"},
                        {"auditor", "安全审计员", "audit_admin"}};
  if (password) {
    if (auto why = core::password_problem(*password, ""))
      throw invalid("FUNNEL_ADMIN_PASSWORD", *why);
  }
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<std::string> hashes;
  for (auto& s : seeds) {
    std::string pw = password ? *password : crypto::random_password();
    hashes.push_back(crypto::hash_password(pw));
    out.emplace_back(s.username, pw);
  }
  k_.db().write([&](store::Tx& tx) {
    long long n = 0;
    store::Query(tx).into(n).run("SELECT COUNT(*) FROM users WHERE username NOT LIKE '@%'");
    if (n > 0) throw conflict("the database already has accounts");
    for (std::size_t i = 0; i < 3; ++i) {
      core::User u;
      u.username = seeds[i].username;
      u.display_name = seeds[i].display;
      u.role = seeds[i].role;
      u.data_scope = "none";
      u.status = "active";
      u.password_hash = hashes[i];
      u.must_change_password = 1;
      long long id = store::insert_user(tx, u);
      Actor* none = nullptr;
      k_.audit(tx, none, "create", "user", id,
            {{"after", {{"username", u.username}, {"role", u.role}}}, {"by", "funnel init"}});
    }
  });
  return out;
}

}  // namespace funnel::app
