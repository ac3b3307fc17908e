#include "store/guidance_repo.hpp"

#include "store/query.hpp"

namespace funnel::store {

long long insert_guidance_record(Tx& tx, const GuidanceRecord& r) {
  return Query(tx)
      .use(r.county_id)
      .use(r.org_id)
      .use(r.township_id)
      .use(r.kind)
      .use(r.day)
      .use(r.subject)
      .use(r.content)
      .use(r.attendees)
      .use(r.case_id)
      .use(r.created_by)
      .use(r.created_by_name)
      .use(tx.now)
      .insert(
          "INSERT INTO guidance_records (county_id, org_id, township_id, kind, day, subject, content, attendees, "
          "case_id, created_by, created_by_name, created_at) VALUES (:c, :o, :t, :k, :d, :s, :n, :a, :cs, :u, :un, "
          ":at)");
}

namespace {
const char* kCols =
    "g.id, g.county_id, g.org_id, g.township_id, g.kind, g.day, g.subject, g.content, g.attendees, g.case_id, "
    "g.created_by, g.created_by_name, g.created_at, o.name, t.name, k.number, "
    "(SELECT COUNT(*) FROM guidance_tasks x WHERE x.record_id = g.id), "
    "(SELECT COUNT(*) FROM guidance_tasks x WHERE x.record_id = g.id AND x.closed_day IS NULL) "
    "FROM guidance_records g JOIN org_units o ON o.id = g.org_id JOIN org_units t ON t.id = g.township_id "
    "LEFT JOIN cases k ON k.id = g.case_id";

std::string where_of(const core::Scope& scope, const GuidanceFilter& f, Params& p) {
  std::string w = " WHERE 1=1" + scope_clause(scope, p, "g.county_id", "g.township_id", "g.created_by");
  if (f.township_id) w += " AND g.township_id = " + p.add(*f.township_id);
  if (f.kind) w += " AND g.kind = " + p.add(*f.kind);
  if (f.year) {
    // Days are "YYYY-MM-DD" text: a year is a range of them.
    w += " AND g.day >= " + p.add(std::to_string(*f.year) + "-01-01");
    w += " AND g.day <= " + p.add(std::to_string(*f.year) + "-12-31");
  }
  return w;
}

void select_records(Tx& tx, const std::string& sql, Params& p, const std::function<void(const GuidanceRecord&)>& fn) {
  GuidanceRecord r;
  Query st(tx);
  st.into(r.id).into(r.county_id).into(r.org_id).into(r.township_id).into(r.kind).into(r.day).into(r.subject);
  st.into(r.content).into(r.attendees).into(r.case_id).into(r.created_by).into(r.created_by_name);
  st.into(r.created_at).into(r.org_name).into(r.township_name).into(r.case_number).into(r.task_count);
  st.into(r.open_task_count);
  st.run(p, sql, false);
  while (st.fetch()) fn(r);
}
}  // namespace

std::vector<GuidanceRecord> list_guidance(Tx& tx, const core::Scope& scope, const GuidanceFilter& f,
                                          const core::Page& page, long long* total) {
  Params p;
  const std::string where = where_of(scope, f, p);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM guidance_records g" + where, pc);
  }
  std::vector<GuidanceRecord> out;
  select_records(tx,
                 std::string("SELECT ") + kCols + where + " ORDER BY g.day DESC, g.id DESC LIMIT " +
                     p.add(page.page_size) + " OFFSET " + p.add(page.offset()),
                 p, [&](const GuidanceRecord& r) { out.push_back(r); });
  return out;
}

void scan_guidance(Tx& tx, const core::Scope& scope, const GuidanceFilter& f,
                   const std::function<void(const GuidanceRecord&)>& fn) {
  Params p;
  const std::string where = where_of(scope, f, p);
  select_records(tx, std::string("SELECT ") + kCols + where + " ORDER BY g.day, g.id", p, fn);
}

std::optional<GuidanceRecord> find_guidance(Tx& tx, const core::Scope& scope, long long id) {
  Params p;
  std::string where = where_of(scope, {}, p) + " AND g.id = " + p.add(id);
  std::optional<GuidanceRecord> out;
  select_records(tx, std::string("SELECT ") + kCols + where, p, [&](const GuidanceRecord& r) { out = r; });
  return out;
}

long long insert_guidance_task(Tx& tx, const GuidanceTask& t) {
  return Query(tx)
      .use(t.record_id)
      .use(t.owner_id)
      .use(t.description)
      .use(t.due_day)
      .use(t.created_by)
      .use(tx.now)
      .insert(
          "INSERT INTO guidance_tasks (record_id, owner_id, description, due_day, created_by, created_at) VALUES "
          "(:r, :o, :d, :due, :u, :at)");
}

namespace {
std::vector<GuidanceTask> select_tasks(Tx& tx, const std::string& where, long long a, std::optional<long long> b) {
  std::vector<GuidanceTask> out;
  GuidanceTask t;
  Query st(tx);
  st.into(t.id).into(t.record_id).into(t.owner_id).into(t.description).into(t.due_day).into(t.closed_day);
  st.into(t.closing_note).into(t.closed_by).into(t.created_by).into(t.created_at).into(t.owner_name);
  st.into(t.owner_org_name);
  st.use(a);
  if (b) st.use(*b);
  st.run(
      "SELECT x.id, x.record_id, x.owner_id, x.description, x.due_day, x.closed_day, x.closing_note, x.closed_by, "
      "x.created_by, x.created_at, u.display_name, o.name FROM guidance_tasks x JOIN users u ON u.id = x.owner_id "
      "LEFT JOIN org_units o ON o.id = u.org_unit_id WHERE " +
          where + " ORDER BY x.id",
      false);
  while (st.fetch()) out.push_back(t);
  return out;
}
}  // namespace

std::vector<GuidanceTask> guidance_tasks_of(Tx& tx, long long record_id) {
  return select_tasks(tx, "x.record_id = :r", record_id, std::nullopt);
}

std::optional<GuidanceTask> find_guidance_task(Tx& tx, long long record_id, long long task_id) {
  auto rows = select_tasks(tx, "x.record_id = :r AND x.id = :t", record_id, task_id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

bool close_guidance_task(Tx& tx, long long task_id, const std::string& day, const std::string& note, long long by) {
  Query st(tx);
  st.use(day).use(note).use(by).use(task_id);
  st.run(
      "UPDATE guidance_tasks SET closed_day = :d, closing_note = :n, closed_by = :b WHERE id = :t AND closed_day IS "
      "NULL",
      false);
  return st.affected() == 1;
}

}  // namespace funnel::store
