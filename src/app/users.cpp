#include "app/users.hpp"
#include "app/auth.hpp"

#include <boost/json.hpp>
#include "core/error.hpp"
#include "core/password_policy.hpp"
#include "core/text.hpp"
#include "crypto/crypto.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "core/petition.hpp"
#include "core/time.hpp"
#include "files/evidence.hpp"
#include "store/org_units_repo.hpp"
#include "store/sessions_repo.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

core::User UserService::checked_user_input(store::Tx& tx, const Actor& a, const UserInput& in, const core::User* before) {
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
    auto unit = store::find_org(tx, core::unrestricted_scope(), *in.org_unit_id);
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
  if (before && before->id == a.user.id && core::kUserStatuses.parse(status) != core::UserStatus::Active)
    throw invalid("status", "不能停用自己的账号");
  u.status = status;
  return u;
}

PageOf<UserView> UserService::list_users(const Actor& a, const store::UserFilter& f, const core::Page& page) {
  k_.require(a, core::Permission::UserRead);
  return k_.db().read([&](store::Tx& tx) {
    PageOf<UserView> out;
    for (auto& u : store::list_users(tx, f, page, &out.total)) {
      u.locked = is_locked(k_, tx, u.username);
      out.items.push_back(user_view(u));
    }
    return out;
  });
}

UserView UserService::get_user(const Actor& a, long long id) {
  k_.require(a, core::Permission::UserRead);
  return k_.db().read([&](store::Tx& tx) {
    auto u = store::find_user(tx, id);
    if (!u) throw not_found("用户不存在");
    u->locked = is_locked(k_, tx, u->username);
    return user_view(*u);
  });
}

namespace {
// Half of an initial secret: 8 characters without look-alikes.
std::string secret_half() { return crypto::random_password().substr(0, 8); }

}  // namespace

std::pair<core::User, std::string> UserService::provision_user(const Actor& a, const UserInput& in) {
  k_.require(a, core::Permission::UserWrite);
  std::string password = in.password.value_or("");
  if (in.password) {
    if (auto why = core::password_problem(password, in.username)) throw invalid("password", *why);
  }
  // Validate before the slow hash, and again inside the transaction.
  k_.db().read([&](store::Tx& tx) { checked_user_input(tx, a, in, nullptr); });
  if (!in.password) password = crypto::random_password();
  std::string hash = crypto::hash_password(password);
  auto user = k_.db().write([&](store::Tx& tx) {
    core::User u = checked_user_input(tx, a, in, nullptr);
    if (store::find_user_by_name(tx, u.username)) throw conflict("用户名已存在", "username");
    u.password_hash = hash;
    u.must_change_password = 1;
    u.id = store::insert_user(tx, u);
    auto saved = *store::find_user(tx, u.id);
    k_.audit(tx, &a, "create", "user", u.id, {{"after", to_json(saved)}, {"provisioned_by_tool", true}});
    return saved;
  });
  return {user, password};
}

UserCreated UserService::propose_user(const Actor& a, const UserInput& in) {
  k_.require(a, core::Permission::UserWrite);
  // Nobody chooses another person's password: the secret is made in two
  // halves, one for each administrator.
  if (in.password) throw invalid("password", "初始口令由系统分两段生成，分别交提议和批准的管理员，不能指定");
  const std::string half = secret_half();
  return k_.db().write([&](store::Tx& tx) {
    core::User u = checked_user_input(tx, a, in, nullptr);
    if (store::find_user_by_name(tx, u.username)) throw conflict("用户名已存在", "username");
    u.password_hash = "!";  // no password verifies until the approval sets one
    u.must_change_password = 1;
    u.id = store::insert_user(tx, u);
    store::AccountRequest r;
    r.user_id = u.id;
    r.kind = "create";
    r.changes = "{}";
    r.proposed_by = a.user.id;
    r.proposer_role = std::string(core::kRoles.code(a.role));
    const auto saved = *store::find_user(tx, u.id);
    r.secret_sealed = k_.keys().seal_text(half, "account_request.secret:" + std::to_string(u.id));
    UserCreated out{{store::insert_account_request(tx, r), half}, user_view(saved)};
    k_.audit(tx, &a, "propose_create", "user", u.id, {{"request_id", out.request_id}, {"after", to_json(saved)}});
    return out;
  });
}

UserUpdated UserService::update_user(const Actor& a, long long id, const UserInput& in) {
  k_.require(a, core::Permission::UserWrite);
  return k_.db().write([&](store::Tx& tx) {
    auto before = store::find_user(tx, id);
    if (!before) throw not_found("用户不存在");
    core::User u = checked_user_input(tx, a, in, &*before);
    std::optional<long long> request;
    // A new role, scope or unit grants access: a second administrator approves it.
    if (u.role != before->role || u.data_scope != before->data_scope || u.org_unit_id != before->org_unit_id) {
      if (id == a.user.id) throw forbidden("不能修改自己账号的角色、数据范围或单位");
      if (store::pending_request_of(tx, id)) throw conflict("该账号有待批准的变更，请先批准或撤回", "role");
      store::AccountRequest r;
      r.user_id = id;
      r.kind = "update";
      r.changes = json::serialize(json::object{
          {"role", u.role}, {"data_scope", u.data_scope}, {"org_unit_id", opt(u.org_unit_id)}});
      r.proposed_by = a.user.id;
      r.proposer_role = std::string(core::kRoles.code(a.role));
      request = store::insert_account_request(tx, r);
      u.role = before->role;
      u.data_scope = before->data_scope;
      u.org_unit_id = before->org_unit_id;
      k_.audit(tx, &a, "propose_update", "user", id, {{"request_id", *request}, {"changes", json::parse(r.changes)}});
    }
    store::update_user(tx, u);
    if (core::kUserStatuses.parse(u.status) != core::UserStatus::Active) store::delete_sessions_of(tx, id);
    auto saved = *store::find_user(tx, id);
    saved.locked = is_locked(k_, tx, saved.username);
    before->locked = saved.locked;
    auto changes = diff_fields(to_json(*before), to_json(saved));
    if (!changes.empty()) k_.audit(tx, &a, "update", "user", id, {{"changes", changes}});
    return UserUpdated{user_view(saved), request};
  });
}

AccountProposal UserService::reset_password(const Actor& a, long long id) {
  k_.require(a, core::Permission::UserWrite);
  const std::string half = secret_half();
  return k_.db().write([&](store::Tx& tx) {
    auto target = store::find_user(tx, id);
    if (!target) throw not_found("用户不存在");
    auto role = core::kRoles.parse(target->role);
    if (!role || !core::may_propose_reset(a.role, *role)) throw forbidden("无权重置该账号的密码");
    if (id == a.user.id) throw forbidden("不能重置自己的密码，请使用修改密码");
    if (store::pending_request_of(tx, id)) throw conflict("该账号有待批准的变更，请先批准或撤回");
    store::AccountRequest r;
    r.user_id = id;
    r.kind = "reset";
    r.changes = "{}";
    r.proposed_by = a.user.id;
    r.proposer_role = std::string(core::kRoles.code(a.role));
    r.secret_sealed = k_.keys().seal_text(half, "account_request.secret:" + std::to_string(id));
    AccountProposal out{store::insert_account_request(tx, r), half};
    k_.audit(tx, &a, "propose_reset_password", "user", id, {{"request_id", out.request_id}});
    return out;
  });
}

PageOf<AccountRequestView> UserService::list_account_requests(const Actor& a, const std::optional<std::string>& status,
                                                              const core::Page& page) {
  k_.require(a, core::Permission::AccountApprove);
  if (status && *status != "pending" && *status != "approved" && *status != "rejected")
    throw invalid("status", "应为 pending、approved 或 rejected");
  return k_.db().read([&](store::Tx& tx) {
    PageOf<AccountRequestView> out;
    for (auto& q : store::list_account_requests(tx, status, page, &out.total)) {
      AccountRequestView v{q.id,
                           q.kind,
                           q.status,
                           {{q.user_id, q.username, q.display_name}, q.target_role},
                           json::parse(q.changes),
                           {{q.proposed_by, q.proposer_name}, q.proposer_role},
                           core::iso_utc(q.proposed_at),
                           std::nullopt,
                           std::nullopt};
      if (q.decided_by) v.decided_by = UserRef{*q.decided_by, q.decider_name.value_or("")};
      if (q.decided_at) v.decided_at = core::iso_utc(*q.decided_at);
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

AccountApproval UserService::approve_account_request(const Actor& a, long long id) {
  k_.require(a, core::Permission::AccountApprove);
  // Checks and the slow hash outside the write; the decision itself is a
  // conditional UPDATE, so two approvals cannot both succeed.
  auto r = k_.db().read([&](store::Tx& tx) { return store::find_account_request(tx, id); });
  if (!r) throw not_found("变更申请不存在");
  if (r->status != "pending") throw conflict("该申请已处理", "status");
  if (r->proposed_by == a.user.id) throw forbidden("提议人不能批准自己的提议（三员分立）");
  if (r->user_id == a.user.id) throw forbidden("不能批准涉及自己账号的申请");
  auto proposer = core::kRoles.parse(r->proposer_role);
  auto target = core::kRoles.parse(r->target_role);
  if (!proposer || !target || !core::may_approve_account_change(a.role, *proposer, *target, r->kind == "reset"))
    throw forbidden(core::is_admin_role(*target) ? "三员账号的变更须由提议人以外其他角色的管理员批准"
                                                 : "业务账号的变更由安全保密管理员批准");
  std::string half, hash;
  if (r->kind != "update") {
    auto first = k_.keys().open_text(r->secret_sealed.value_or(""), "account_request.secret:" + std::to_string(r->user_id));
    if (!first) throw Error(500, "internal", "申请中的口令无法解密，请联系安全管理员");
    half = secret_half();
    hash = crypto::hash_password(*first + half);
  }
  k_.db().write([&](store::Tx& tx) {
    auto now = store::find_account_request(tx, id);
    if (!now || now->status != "pending" || !store::decide_account_request(tx, id, "approved", a.user.id))
      throw conflict("该申请已处理", "status");
    if (r->kind == "update") {
      auto before = store::find_user(tx, r->user_id);
      if (!before) throw not_found("用户不存在");
      const json::value ch = json::parse(r->changes);
      UserInput in;
      in.display_name = before->display_name;
      in.role = std::string(ch.at("role").as_string());
      in.data_scope = std::string(ch.at("data_scope").as_string());
      if (!ch.at("org_unit_id").is_null()) in.org_unit_id = ch.at("org_unit_id").to_number<long long>();
      // The proposal is checked again as its proposer's (the unit may have changed since).
      Actor as_proposer = a;
      as_proposer.role = *proposer;
      as_proposer.user.id = r->proposed_by;
      core::User u = checked_user_input(tx, as_proposer, in, &*before);
      store::update_user(tx, u);  // scopes are resolved per request: the next one has the new grant
      k_.audit(tx, &a, "approve_account_request", "user", r->user_id,
            {{"request_id", id}, {"kind", r->kind}, {"changes", diff_fields(to_json(*before), to_json(u))}});
    } else {
      store::set_password(tx, r->user_id, hash, true);
      store::delete_sessions_of(tx, r->user_id);
      k_.audit(tx, &a, "approve_account_request", "user", r->user_id, {{"request_id", id}, {"kind", r->kind}});
    }
  });
  return AccountApproval{half.empty() ? std::nullopt : std::optional(half)};
}

void UserService::reject_account_request(const Actor& a, long long id) {
  k_.require(a, core::Permission::AccountApprove);
  k_.db().write([&](store::Tx& tx) {
    auto r = store::find_account_request(tx, id);
    if (!r) throw not_found("变更申请不存在");
    if (r->status != "pending") throw conflict("该申请已处理", "status");
    auto proposer = core::kRoles.parse(r->proposer_role);
    auto target = core::kRoles.parse(r->target_role);
    const bool withdraw = r->proposed_by == a.user.id;
    if (!withdraw && (r->user_id == a.user.id || !proposer || !target ||
                      !core::may_approve_account_change(a.role, *proposer, *target, r->kind == "reset")))
      throw forbidden("无权处理该申请");
    store::decide_account_request(tx, id, "rejected", a.user.id);
    k_.audit(tx, &a, withdraw ? "withdraw_account_request" : "reject_account_request", "user", r->user_id,
          {{"request_id", id}, {"kind", r->kind}});
  });
}

void UserService::unlock_user(const Actor& a, long long id) {
  k_.require(a, core::Permission::UserWrite);
  k_.db().write([&](store::Tx& tx) {
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
    k_.audit(tx, &a, "unlock", "user", id, {});
  });
}

}  // namespace funnel::app
