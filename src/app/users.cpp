// Accounts and roles (SY-1), with separation of the three administrators.
#include <boost/json.hpp>

#include "app/app.hpp"
#include "core/error.hpp"
#include "core/password_policy.hpp"
#include "core/text.hpp"
#include "crypto/crypto.hpp"

namespace funnel::app {

namespace json = boost::json;

namespace {
core::Scope everything() {
  core::Scope s;
  s.unrestricted = true;
  return s;
}
}  // namespace

core::User App::checked_user_input(store::Tx& tx, const Actor& a, const UserInput& in, const core::User* before) {
  core::User u = before ? *before : core::User{};
  if (before) {
    if (!in.username.empty() && in.username != before->username) throw invalid("username", "用户名不能修改");
  } else {
    if (!core::valid_username(in.username))
      throw invalid("username", "用户名须以小写字母开头，由 3–32 位小写字母、数字或下划线组成");
    u.username = in.username;
  }
  u.display_name = core::trim(in.display_name);
  if (u.display_name.empty()) throw invalid("display_name", "姓名不能为空");
  if (core::utf8_length(u.display_name) > 32) throw invalid("display_name", "姓名不能超过 32 个字符");

  auto role = core::kRoles.parse(in.role);
  if (!role) throw invalid("role", "未知的角色");
  if (!core::may_manage_role(a.role, *role))
    throw forbidden(core::is_admin_role(*role) ? "三员账号只能由安全保密管理员维护" : "业务账号由系统管理员维护");
  if (before) {
    auto old_role = core::kRoles.parse(before->role);
    if (old_role && !core::may_manage_role(a.role, *old_role)) throw forbidden("无权修改该账号");
  }
  u.role = in.role;

  bool has_unit = in.org_unit_id.has_value();
  core::OrgKind kind = core::OrgKind::County;
  core::OrgCategory cat = core::OrgCategory::County;
  if (has_unit) {
    auto unit = store::find_org(tx, everything(), *in.org_unit_id);
    if (!unit) throw invalid("org_unit_id", "所属单位不存在");
    kind = *core::kOrgKinds.parse(unit->kind);
    cat = *core::kOrgCategories.parse(unit->category);
  }
  if (!core::role_fits_unit(*role, has_unit, kind, cat)) throw invalid("org_unit_id", "所属单位与角色不符");
  u.org_unit_id = in.org_unit_id;

  auto scope = in.data_scope ? core::kDataScopes.parse(*in.data_scope) : core::default_scope(*role);
  if (!scope) throw invalid("data_scope", "未知的数据范围");
  if (!core::scope_allowed(*role, *scope)) throw invalid("data_scope", "该角色不能使用此数据范围");
  u.data_scope = std::string(core::kDataScopes.code(*scope));

  std::string status = in.status.value_or(before ? before->status : "active");
  if (!core::kUserStatuses.parse(status)) throw invalid("status", "未知的状态");
  if (before && before->id == a.user.id && status != "active") throw invalid("status", "不能停用自己的账号");
  u.status = status;
  return u;
}

std::vector<core::User> App::list_users(const Actor& a, const store::UserFilter& f, const core::Page& page,
                                        long long* total) {
  require(a, core::Permission::UserRead);
  return db_->read([&](store::Tx& tx) {
    auto users = store::list_users(tx, f, page, total);
    for (auto& u : users) u.locked = is_locked(tx, u.username);
    return users;
  });
}

core::User App::get_user(const Actor& a, long long id) {
  require(a, core::Permission::UserRead);
  return db_->read([&](store::Tx& tx) {
    auto u = store::find_user(tx, id);
    if (!u) throw not_found("用户不存在");
    u->locked = is_locked(tx, u->username);
    return *u;
  });
}

std::pair<core::User, std::string> App::create_user(const Actor& a, const UserInput& in) {
  require(a, core::Permission::UserWrite);
  std::string password = in.password.value_or("");
  if (in.password) {
    if (auto why = core::password_problem(password, in.username)) throw invalid("password", *why);
  }
  // Validate before the slow hash, and again inside the transaction.
  db_->read([&](store::Tx& tx) { checked_user_input(tx, a, in, nullptr); });
  if (!in.password) password = crypto::random_password();
  std::string hash = crypto::hash_password(password);
  auto user = db_->write([&](store::Tx& tx) {
    core::User u = checked_user_input(tx, a, in, nullptr);
    if (store::find_user_by_name(tx, u.username)) throw conflict("用户名已存在", "username");
    u.password_hash = hash;
    u.must_change_password = 1;
    u.id = store::insert_user(tx, u);
    auto saved = *store::find_user(tx, u.id);
    audit(tx, &a, "create", "user", u.id, {{"after", to_json(saved)}});
    return saved;
  });
  return {user, password};
}

core::User App::update_user(const Actor& a, long long id, const UserInput& in) {
  require(a, core::Permission::UserWrite);
  return db_->write([&](store::Tx& tx) {
    auto before = store::find_user(tx, id);
    if (!before) throw not_found("用户不存在");
    core::User u = checked_user_input(tx, a, in, &*before);
    store::update_user(tx, u);
    if (u.status != "active") store::delete_sessions_of(tx, id);
    auto saved = *store::find_user(tx, id);
    saved.locked = is_locked(tx, saved.username);
    before->locked = saved.locked;
    audit(tx, &a, "update", "user", id, {{"changes", diff_fields(to_json(*before), to_json(saved))}});
    return saved;
  });
}

std::string App::reset_password(const Actor& a, long long id) {
  require(a, core::Permission::UserWrite);
  auto target = db_->read([&](store::Tx& tx) { return store::find_user(tx, id); });
  if (!target) throw not_found("用户不存在");
  auto role = core::kRoles.parse(target->role);
  if (!role || !core::may_manage_role(a.role, *role)) throw forbidden("无权重置该账号的密码");
  std::string pw = crypto::random_password();
  std::string hash = crypto::hash_password(pw);
  db_->write([&](store::Tx& tx) {
    store::set_password(tx, id, hash, true);
    store::delete_sessions_of(tx, id);
    audit(tx, &a, "reset_password", "user", id, {});
  });
  return pw;
}

void App::unlock_user(const Actor& a, long long id) {
  require(a, core::Permission::UserWrite);
  db_->write([&](store::Tx& tx) {
    auto target = store::find_user(tx, id);
    if (!target) throw not_found("用户不存在");
    auto role = core::kRoles.parse(target->role);
    if (!role || !core::may_manage_role(a.role, *role)) throw forbidden("无权解锁该账号");
    core::LoginAttempt at;
    at.username = target->username;
    at.user_id = id;
    at.ip = a.client.ip;
    at.user_agent = "";
    at.success = 2;
    at.reason = "unlocked";
    store::insert_attempt(tx, at);
    audit(tx, &a, "unlock", "user", id, {});
  });
}

std::vector<core::Session> App::list_sessions(const Actor& a, const core::Page& page, long long* total) {
  require(a, core::Permission::SessionRead);
  long long cutoff = store::now_ms() - cfg_.session_idle_minutes * 60'000LL;
  return db_->read([&](store::Tx& tx) { return store::list_sessions(tx, cutoff, page, total); });
}

void App::revoke_session(const Actor& a, long long id) {
  require(a, core::Permission::SessionRevoke);
  db_->write([&](store::Tx& tx) {
    auto s = store::find_session_by_id(tx, id);
    if (!s) throw not_found("会话不存在或已退出");
    store::delete_session(tx, id);
    audit(tx, &a, "force_logout", "session", id, {{"user_id", s->user_id}, {"username", s->username}});
  });
}

std::vector<core::LoginAttempt> App::list_login_log(const Actor& a, const std::optional<std::string>& username,
                                                    const std::optional<int>& success, const core::Page& page,
                                                    long long* total) {
  require(a, core::Permission::LoginLogRead);
  return db_->read([&](store::Tx& tx) { return store::list_attempts(tx, username, success, page, total); });
}

std::vector<core::AuditRecord> App::list_audit(const Actor& a, const store::AuditFilter& f, const core::Page& page,
                                               long long* total) {
  require(a, core::Permission::AuditRead);
  return db_->read([&](store::Tx& tx) { return store::list_audit(tx, f, page, total); });
}

}  // namespace funnel::app
