#include "store/sessions_repo.hpp"

#include "store/query.hpp"
#include "store/users_repo.hpp"

namespace funnel::store {

namespace {

#define FUNNEL_SESSION_LIST \
  "s.id, s.user_id, s.csrf_token, s.ip, s.user_agent, s.created_at, s.last_seen_at, u.username, u.display_name "
const char* kSessionCols = FUNNEL_SESSION_LIST "FROM sessions s JOIN users u ON u.id = s.user_id";
// A request's session and its user in one statement (one round trip on PostgreSQL).
const std::string kSessionUserSelect =
    std::string("SELECT " FUNNEL_SESSION_LIST ", ") + kUserColumns +
    "FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN org_units o ON o.id = u.org_unit_id";
#undef FUNNEL_SESSION_LIST

void into_session(Query& st, core::Session& s) {
  st.into(s.id);
  st.into(s.user_id);
  st.into(s.csrf_token);
  st.into(s.ip);
  st.into(s.user_agent);
  st.into(s.created_at);
  st.into(s.last_seen_at);
  st.into(s.username);
  st.into(s.display_name);
}

}  // namespace

long long insert_session(Tx& tx, const std::string& token_hash, long long user_id, const std::string& csrf,
                         const std::string& ip, const std::string& user_agent) {
  return Query(tx)
      .use(token_hash)
      .use(user_id)
      .use(csrf)
      .use(ip)
      .use(user_agent)
      .use(tx.now)
      .use(tx.now)
      .insert(
          "INSERT INTO sessions (token_hash, user_id, csrf_token, ip, user_agent, created_at, last_seen_at) "
          "VALUES (:t, :u, :c, :i, :a, :now, :now2)");
}

std::optional<std::pair<core::Session, core::User>> find_session_with_user(Tx& tx, const std::string& token_hash) {
  Params p;
  core::Session s;
  UserRow r;
  Query st(tx);
  into_session(st, s);
  into_user(st, r);
  st.run(p, kSessionUserSelect + " WHERE s.token_hash = " + p.add(token_hash), true);
  if (!st.got_data()) return std::nullopt;
  return std::make_pair(s, user_of(r));
}

std::optional<core::Session> find_session_by_id(Tx& tx, long long id) {
  Params p;
  core::Session s;
  Query st(tx);
  into_session(st, s);
  st.run(p, std::string("SELECT ") + kSessionCols + " WHERE s.id = " + p.add(id), true);
  if (!st.got_data()) return std::nullopt;
  return s;
}

void touch_session(Tx& tx, long long session_id) {
  Query(tx).use(tx.now).use(session_id).run("UPDATE sessions SET last_seen_at = :now WHERE id = :id");
}

void delete_session(Tx& tx, long long session_id) {
  Query(tx).use(session_id).run("DELETE FROM sessions WHERE id = :id");
}

void delete_sessions_of(Tx& tx, long long user_id) {
  Query(tx).use(user_id).run("DELETE FROM sessions WHERE user_id = :id");
}

void delete_sessions_idle_since(Tx& tx, long long cutoff_ms) {
  Query(tx).use(cutoff_ms).run("DELETE FROM sessions WHERE last_seen_at < :c");
}

std::vector<core::Session> list_sessions(Tx& tx, long long idle_cutoff_ms, const core::Page& page,
                                         long long* total) {
  Params p;
  std::string where = " WHERE s.last_seen_at >= " + p.add(idle_cutoff_ms);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM sessions s" + where, pc);
  }
  std::vector<core::Session> out;
  core::Session s;
  Query st(tx);
  into_session(st, s);
  st.run(p,
         std::string("SELECT ") + kSessionCols + where + " ORDER BY s.last_seen_at DESC LIMIT " +
             p.add(page.page_size) + " OFFSET " + p.add(page.offset()),
         false);
  while (st.fetch()) out.push_back(s);
  return out;
}

}  // namespace funnel::store
