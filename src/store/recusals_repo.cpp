#include "store/recusals_repo.hpp"

#include "store/petitions_repo.hpp"
#include "store/query.hpp"

namespace funnel::store {

std::vector<long long> recused_persons(Tx& tx, long long user_id) {
  std::vector<long long> out;
  long long id = 0;
  Query st(tx);
  st.into(id).use(user_id);
  st.run("SELECT person_id FROM recusals WHERE user_id = :u ORDER BY person_id", false);
  while (st.fetch()) out.push_back(id);
  return out;
}

namespace {
const char* kRecusalCols =
    "r.id, r.county_id, r.user_id, r.person_id, r.created_by, r.created_at, u.username, u.display_name, pe.name, "
    "pe.unit_name, r.relation, r.reason, r.created_by_name FROM recusals r JOIN users u ON u.id = r.user_id "
    "JOIN persons pe ON pe.id = r.person_id";

void into_recusal(Query& st, Recusal& r) {
  st.into(r.id).into(r.county_id).into(r.user_id).into(r.person_id).into(r.created_by).into(r.created_at);
  st.into(r.username).into(r.user_display_name).into(r.person_name).into(r.person_unit).into(r.relation);
  st.into(r.reason).into(r.created_by_name);
}
}  // namespace

std::vector<Recusal> list_recusals(Tx& tx, long long county_id, const std::optional<long long>& user_id,
                                   const core::Page& page, long long* total) {
  Params p;
  std::string where = " WHERE r.county_id = " + p.add(county_id);
  if (user_id) where += " AND r.user_id = " + p.add(*user_id);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM recusals r" + where, pc);
  }
  std::string sql = std::string("SELECT ") + kRecusalCols + where + " ORDER BY r.id DESC LIMIT " +
                    p.add(page.page_size) + " OFFSET " + p.add(page.offset());
  std::vector<Recusal> out;
  Recusal row;
  Query st(tx);
  into_recusal(st, row);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(row);
  return out;
}

std::optional<Recusal> find_recusal(Tx& tx, long long county_id, long long id) {
  Params p;
  Recusal row;
  Query st(tx);
  into_recusal(st, row);
  st.run(
      p,
      std::string("SELECT ") + kRecusalCols + " WHERE r.id = " + p.add(id) + " AND r.county_id = " + p.add(county_id),
      true);
  if (!st.got_data()) return std::nullopt;
  return row;
}

std::optional<long long> find_recusal_id(Tx& tx, long long user_id, long long person_id) {
  long long id = 0;
  Query st(tx);
  st.into(id).use(user_id).use(person_id);
  st.run("SELECT id FROM recusals WHERE user_id = :u AND person_id = :p");
  if (!st.got_data()) return std::nullopt;
  return id;
}

std::optional<core::Person> find_person(Tx& tx, long long id) {
  core::Person row;
  Query st(tx);
  into_person(st, row);
  st.use(id);
  st.run(std::string("SELECT ") + kPersonCols + " FROM persons pe WHERE pe.id = :id");
  if (!st.got_data()) return std::nullopt;
  return row;
}

long long insert_recusal(Tx& tx, const Recusal& r) {
  return Query(tx)
      .use(r.county_id)
      .use(r.user_id)
      .use(r.person_id)
      .use(r.relation)
      .use(r.reason)
      .use(r.created_by)
      .use(r.created_by_name)
      .use(tx.now)
      .insert(
          "INSERT INTO recusals (county_id, user_id, person_id, relation, reason, created_by, created_by_name, "
          "created_at) VALUES (:c, :u, :p, :rel, :r, :b, :bn, :t)");
}

void delete_recusal(Tx& tx, long long id) {
  Query st(tx);
  st.use(id);
  st.run("DELETE FROM recusals WHERE id = :id", false);
}

}  // namespace funnel::store
