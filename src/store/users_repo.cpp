#include "store/users_repo.hpp"

#include "store/query.hpp"

namespace funnel::store {

#define FUNNEL_USER_LIST                                                                                       \
  "u.id, u.username, u.display_name, u.org_unit_id, o.name, u.role, u.data_scope, u.status, u.password_hash, " \
  "u.must_change_password, u.password_changed_at, u.last_login_at, u.created_at, u.updated_at, "               \
  "CASE WHEN EXISTS (SELECT 1 FROM recusals rc WHERE rc.user_id = u.id) THEN 1 ELSE 0 END "
const char* const kUserColumns = FUNNEL_USER_LIST;

void into_user(Query& st, UserRow& r) {
  st.into(r.u.id);
  st.into(r.u.username);
  st.into(r.u.display_name);
  st.into(r.u.org_unit_id);
  st.into(r.org_name);
  st.into(r.u.role);
  st.into(r.u.data_scope);
  st.into(r.u.status);
  st.into(r.u.password_hash);
  st.into(r.u.must_change_password);
  st.into(r.u.password_changed_at);
  st.into(r.u.last_login_at);
  st.into(r.u.created_at);
  st.into(r.u.updated_at);
  st.into(r.has_recusals);
}

core::User user_of(const UserRow& r) {
  core::User u = r.u;
  u.org_unit_name = r.org_name.value_or("");
  u.has_recusals = r.has_recusals != 0;
  return u;
}

namespace {

const char* kUserCols = FUNNEL_USER_LIST "FROM users u LEFT JOIN org_units o ON o.id = u.org_unit_id";
#undef FUNNEL_USER_LIST

std::optional<core::User> find_one(Tx& tx, const std::string& where, Params& p) {
  UserRow r;
  Query st(tx);
  into_user(st, r);
  st.run(p, std::string("SELECT ") + kUserCols + where, true);
  if (!st.got_data()) return std::nullopt;
  return user_of(r);
}

void into_attempt(Query& st, core::LoginAttempt& a) {
  st.into(a.id);
  st.into(a.at);
  st.into(a.username);
  st.into(a.user_id);
  st.into(a.ip);
  st.into(a.user_agent);
  st.into(a.success);
  st.into(a.reason);
}

const char* kAttemptCols = "id, at, username, user_id, ip, user_agent, success, reason FROM login_attempts";

}  // namespace

std::optional<core::User> find_user(Tx& tx, long long id) {
  Params p;
  return find_one(tx, " WHERE u.id = " + p.add(id), p);
}

std::optional<core::User> find_user_by_name(Tx& tx, const std::string& username) {
  Params p;
  return find_one(tx, " WHERE u.username = " + p.add(username), p);
}

namespace {
const char* kRequestCols =
    "r.id, r.user_id, r.kind, r.changes, r.secret_sealed, r.status, r.proposed_by, r.proposer_role, r.proposed_at, "
    "r.decided_by, r.decided_at, u.username, u.display_name, u.role, pu.display_name, du.display_name "
    "FROM account_requests r JOIN users u ON u.id = r.user_id JOIN users pu ON pu.id = r.proposed_by "
    "LEFT JOIN users du ON du.id = r.decided_by";

void into_request(Query& st, AccountRequest& r) {
  st.into(r.id).into(r.user_id).into(r.kind).into(r.changes).into(r.secret_sealed).into(r.status);
  st.into(r.proposed_by).into(r.proposer_role).into(r.proposed_at).into(r.decided_by).into(r.decided_at);
  st.into(r.username).into(r.display_name).into(r.target_role).into(r.proposer_name).into(r.decider_name);
}

std::vector<AccountRequest> select_requests(Tx& tx, const std::string& sql, Params& p) {
  std::vector<AccountRequest> out;
  AccountRequest r;
  Query st(tx);
  into_request(st, r);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(r);
  return out;
}
}  // namespace

long long insert_account_request(Tx& tx, const AccountRequest& r) {
  return Query(tx)
      .use(r.user_id)
      .use(r.kind)
      .use(r.changes)
      .use(r.secret_sealed)
      .use(r.proposed_by)
      .use(r.proposer_role)
      .use(tx.now)
      .insert("INSERT INTO account_requests (user_id, kind, changes, secret_sealed, status, proposed_by, "
              "proposer_role, proposed_at) VALUES (:u, :k, :c, :s, 'pending', :p, :pr, :t)");
}

std::optional<AccountRequest> find_account_request(Tx& tx, long long id) {
  Params p;
  auto v = select_requests(tx, std::string("SELECT ") + kRequestCols + " WHERE r.id = " + p.add(id), p);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<AccountRequest> pending_request_of(Tx& tx, long long user_id) {
  Params p;
  auto v = select_requests(
      tx, std::string("SELECT ") + kRequestCols + " WHERE r.user_id = " + p.add(user_id) + " AND r.status = 'pending'",
      p);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<AccountRequest> list_account_requests(Tx& tx, const std::optional<std::string>& status,
                                                  const core::Page& page, long long* total) {
  Params p;
  std::string where = status ? " WHERE r.status = " + p.add(*status) : std::string(" WHERE 1=1");
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM account_requests r" + where, pc);
  }
  return select_requests(tx,
                         std::string("SELECT ") + kRequestCols + where + " ORDER BY r.id DESC LIMIT " +
                             p.add(page.page_size) + " OFFSET " + p.add(page.offset()),
                         p);
}

bool decide_account_request(Tx& tx, long long id, const std::string& status, long long by) {
  Query q(tx);
  q.use(status).use(by).use(tx.now).use(id).run(
      "UPDATE account_requests SET status = :s, decided_by = :b, decided_at = :t, secret_sealed = NULL "
      "WHERE id = :i AND status = 'pending'",
      false);
  return q.affected() == 1;
}

std::set<std::string> discipline_staff_names(Tx& tx, const std::vector<long long>& township_ids) {
  std::set<std::string> out;
  if (township_ids.empty()) return out;
  Params p;
  std::string list;
  for (std::size_t i = 0; i < township_ids.size(); ++i) list += (i ? ", " : "") + p.add(township_ids[i]);
  std::string name;
  Query q(tx);
  q.into(name);
  q.run(p, "SELECT u.display_name FROM users u WHERE u.org_unit_id IN (" + list +
               ") AND u.role IN ('township_secretary', 'township_staff')");
  while (q.fetch()) out.insert(name);
  return out;
}

std::vector<core::User> list_users(Tx& tx, const UserFilter& f, const core::Page& page, long long* total) {
  Params p;
  // The portal's registering account (@portal) is not a person's account.
  std::string where = " WHERE u.username NOT LIKE '@%'";
  if (f.q) {
    auto pat = like_pattern(*f.q);
    where += " AND (u.username LIKE " + p.add(pat) + " ESCAPE '\\' OR u.display_name LIKE " + p.add(pat) +
             " ESCAPE '\\')";
  }
  if (f.org_unit_id) where += " AND u.org_unit_id = " + p.add(*f.org_unit_id);
  if (f.role) where += " AND u.role = " + p.add(*f.role);
  if (f.status) where += " AND u.status = " + p.add(*f.status);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM users u" + where, pc);
  }
  std::string sql = std::string("SELECT ") + kUserCols + where + " ORDER BY u.id LIMIT " + p.add(page.page_size) +
                    " OFFSET " + p.add(page.offset());
  std::vector<core::User> out;
  UserRow r;
  Query st(tx);
  into_user(st, r);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(user_of(r));
  return out;
}

std::vector<CountyUser> county_users(Tx& tx, long long county_id, const std::optional<std::string>& q, int limit) {
  Params p;
  std::string sql =
      "SELECT u.id, u.username, u.display_name, o.name FROM users u JOIN org_units o ON o.id = u.org_unit_id "
      "WHERE o.county_id = " +
      p.add(county_id) + " AND u.username NOT LIKE '@%' AND u.data_scope <> 'none'";
  if (q) {
    auto pat = like_pattern(*q);
    sql +=
        " AND (u.username LIKE " + p.add(pat) + " ESCAPE '\\' OR u.display_name LIKE " + p.add(pat) + " ESCAPE '\\')";
  }
  sql += " ORDER BY u.display_name, u.id LIMIT " + p.add(static_cast<long long>(limit));
  std::vector<CountyUser> out;
  CountyUser u;
  Query st(tx);
  st.into(u.id).into(u.username).into(u.display_name).into(u.org_name);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(u);
  return out;
}

long long insert_user(Tx& tx, const core::User& u) {
  return Query(tx)
      .use(u.username)
      .use(u.display_name)
      .use(u.org_unit_id)
      .use(u.role)
      .use(u.data_scope)
      .use(u.status)
      .use(u.password_hash)
      .use(u.must_change_password)
      .use(tx.now)
      .use(tx.now)
      .insert(
          "INSERT INTO users (username, display_name, org_unit_id, role, data_scope, status, password_hash, "
          "must_change_password, created_at, updated_at) VALUES (:u, :d, :o, :r, :s, :st, :h, :m, :c, :up)");
}

void update_user(Tx& tx, const core::User& u) {
  Query(tx)
      .use(u.display_name)
      .use(u.org_unit_id)
      .use(u.role)
      .use(u.data_scope)
      .use(u.status)
      .use(tx.now)
      .use(u.id)
      .run(
          "UPDATE users SET display_name = :d, org_unit_id = :o, role = :r, data_scope = :s, status = :st, "
          "updated_at = :now WHERE id = :id");
}

void set_password(Tx& tx, long long user_id, const std::string& hash, bool must_change) {
  int m = must_change ? 1 : 0;
  Query(tx).use(hash).use(m).use(tx.now).use(tx.now).use(user_id).run(
      "UPDATE users SET password_hash = :h, must_change_password = :m, password_changed_at = :now, "
      "updated_at = :now2 WHERE id = :id");
}

void set_last_login(Tx& tx, long long user_id) {
  Query(tx).use(tx.now).use(user_id).run("UPDATE users SET last_login_at = :now WHERE id = :id");
}

long long insert_attempt(Tx& tx, const core::LoginAttempt& a) {
  return Query(tx)
      .use(tx.now)
      .use(a.username)
      .use(a.user_id)
      .use(a.ip)
      .use(a.user_agent)
      .use(a.success)
      .use(a.reason)
      .insert(
          "INSERT INTO login_attempts (at, username, user_id, ip, user_agent, success, reason) VALUES "
          "(:at, :u, :uid, :ip, :ua, :s, :r)");
}

void finish_attempt(Tx& tx, long long id, int success, const std::string& reason) {
  Query(tx).use(success).use(reason).use(id).run("UPDATE login_attempts SET success = :s, reason = :r WHERE id = :i",
                                                 false);
}

void lock_attempts_of(Tx& tx, const std::string& name) {
  if (tx.backend != Backend::Postgres) return;
  Query q(tx);
  q.use(name).run("SELECT pg_advisory_xact_lock(hashtext(:n))", false);
}

std::vector<core::LoginAttempt> recent_attempts(Tx& tx, const std::string& username, long long since_ms) {
  Params p;
  std::string sql = std::string("SELECT ") + kAttemptCols + " WHERE username = " + p.add(username) +
                    " AND at >= " + p.add(since_ms) + " ORDER BY id DESC LIMIT 20";
  std::vector<core::LoginAttempt> out;
  core::LoginAttempt a;
  Query st(tx);
  into_attempt(st, a);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(a);
  return out;
}

std::vector<core::LoginAttempt> list_attempts(Tx& tx, const std::optional<std::string>& username,
                                              const std::optional<int>& success, const core::Page& page,
                                              long long* total) {
  Params p;
  std::string where = " WHERE 1=1";
  if (username) where += " AND username = " + p.add(*username);
  if (success) where += " AND success = " + p.add(static_cast<long long>(*success));
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM login_attempts" + where, pc);
  }
  std::vector<core::LoginAttempt> out;
  core::LoginAttempt a;
  Query st(tx);
  into_attempt(st, a);
  st.run(p,
         std::string("SELECT ") + kAttemptCols + where + " ORDER BY id DESC LIMIT " + p.add(page.page_size) +
             " OFFSET " + p.add(page.offset()),
         false);
  while (st.fetch()) out.push_back(a);
  return out;
}

}  // namespace funnel::store
