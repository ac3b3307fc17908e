#include "store/org_units_repo.hpp"

#include "store/query.hpp"

namespace funnel::store {

namespace {

const char* kCols =
    "o.id, o.parent_id, o.kind, o.category, o.name, o.short_name, o.division_code, o.county_id, "
    "o.township_id, o.committee_name, o.office_name, l.room_id, o.sort, o.created_at, o.updated_at "
    "FROM org_units o LEFT JOIN org_links l ON l.township_id = o.id";

void into_org(Query& st, core::OrgUnit& r) {
  st.into(r.id);
  st.into(r.parent_id);
  st.into(r.kind);
  st.into(r.category);
  st.into(r.name);
  st.into(r.short_name);
  st.into(r.division_code);
  st.into(r.county_id);
  st.into(r.township_id);
  st.into(r.committee_name);
  st.into(r.office_name);
  st.into(r.linked_room_id);
  st.into(r.sort);
  st.into(r.created_at);
  st.into(r.updated_at);
}

// The org tree is filtered by its own county/township columns.
std::string org_scope(const core::Scope& s, Params& p) {
  return scope_clause(s, p, "o.county_id", "o.township_id", "");
}

}  // namespace

std::optional<core::OrgUnit> find_org(Tx& tx, const core::Scope& scope, long long id) {
  Params p;
  std::string sql = std::string("SELECT ") + kCols + " WHERE o.id = " + p.add(id) + org_scope(scope, p);
  core::OrgUnit r;
  Query st(tx);
  into_org(st, r);
  st.run(p, sql, true);
  if (!st.got_data()) return std::nullopt;
  return r;
}

std::vector<core::OrgUnit> list_orgs(Tx& tx, const core::Scope& scope, const OrgFilter& f,
                                     const core::Page* page, long long* total) {
  Params p;
  std::string where = " WHERE 1=1" + org_scope(scope, p);
  if (f.kind) where += " AND o.kind = " + p.add(*f.kind);
  if (f.parent_id) where += " AND o.parent_id = " + p.add(*f.parent_id);
  if (f.q) where += " AND o.name LIKE " + p.add(like_pattern(*f.q)) + " ESCAPE '\\'";
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM org_units o LEFT JOIN org_links l ON l.township_id = o.id" + where, pc);
  }
  std::string sql = std::string("SELECT ") + kCols + where + " ORDER BY o.sort, o.division_code, o.id";
  if (page) sql += " LIMIT " + p.add(page->page_size) + " OFFSET " + p.add(page->offset());
  std::vector<core::OrgUnit> out;
  core::OrgUnit r;
  Query st(tx);
  into_org(st, r);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(r);
  return out;
}

long long insert_org(Tx& tx, const core::OrgUnit& o) {
  return Query(tx)
      .use(o.parent_id)
      .use(o.kind)
      .use(o.category)
      .use(o.name)
      .use(o.short_name)
      .use(o.division_code)
      .use(o.county_id)
      .use(o.township_id)
      .use(o.committee_name)
      .use(o.office_name)
      .use(o.sort)
      .use(tx.now)
      .use(tx.now)
      .insert(
          "INSERT INTO org_units (parent_id, kind, category, name, short_name, division_code, county_id, "
          "township_id, committee_name, office_name, sort, created_at, updated_at) VALUES (:parent, :kind, "
          ":cat, :name, :short, :code, :county, :town, :comm, :office, :sort, :now, :now2)");
}

void update_org(Tx& tx, const core::OrgUnit& o) {
  Query(tx)
      .use(o.parent_id)
      .use(o.category)
      .use(o.name)
      .use(o.short_name)
      .use(o.division_code)
      .use(o.county_id)
      .use(o.township_id)
      .use(o.committee_name)
      .use(o.office_name)
      .use(o.sort)
      .use(tx.now)
      .use(o.id)
      .run(
          "UPDATE org_units SET parent_id = :parent, category = :cat, name = :name, short_name = :short, "
          "division_code = :code, county_id = :county, township_id = :town, committee_name = :comm, "
          "office_name = :office, sort = :sort, updated_at = :now WHERE id = :id");
}

void delete_org(Tx& tx, long long id) { Query(tx).use(id).run("DELETE FROM org_units WHERE id = :id"); }

long long count_children(Tx& tx, long long id) {
  long long n = 0;
  Query(tx).use(id).into(n).run("SELECT COUNT(*) FROM org_units WHERE parent_id = :id");
  return n;
}

long long count_users_in(Tx& tx, long long id) {
  long long n = 0;
  Query(tx).use(id).into(n).run("SELECT COUNT(*) FROM users WHERE org_unit_id = :id");
  return n;
}

long long count_links_of(Tx& tx, long long id) {
  long long n = 0;
  Query(tx).use(id).use(id).into(n).run("SELECT COUNT(*) FROM org_links WHERE room_id = :a OR township_id = :b");
  return n;
}

bool division_code_taken(Tx& tx, const std::string& code, long long except_id) {
  long long n = 0;
  Query(tx).use(code).use(except_id).into(n).run(
      "SELECT COUNT(*) FROM org_units WHERE division_code = :c AND id <> :id");
  return n > 0;
}

std::vector<long long> linked_townships(Tx& tx, long long room_id) {
  std::vector<long long> out;
  long long id = 0;
  Query st(tx);
  st.use(room_id).into(id).run("SELECT township_id FROM org_links WHERE room_id = :r ORDER BY township_id", false);
  while (st.fetch()) out.push_back(id);
  return out;
}

void set_linked_townships(Tx& tx, long long room_id, long long county_id, const std::vector<long long>& ids) {
  Query(tx).use(room_id).run("DELETE FROM org_links WHERE room_id = :r");
  for (long long t : ids) {
    Query(tx).use(t).run("DELETE FROM org_links WHERE township_id = :t");
    Query(tx).use(t).use(room_id).use(county_id).use(tx.now).run(
        "INSERT INTO org_links (township_id, room_id, county_id, created_at) VALUES (:t, :r, :c, :now)");
  }
}

}  // namespace funnel::store
