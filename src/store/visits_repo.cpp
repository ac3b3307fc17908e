#include "store/visits_repo.hpp"

#include "store/petitions_repo.hpp"

namespace funnel::store {

std::string linked_recusal(const core::Scope& s, Params& p, const std::string& a) {
  if (s.unrestricted || s.recused_person_ids.empty()) return "";
  std::string list;
  for (std::size_t i = 0; i < s.recused_person_ids.size(); ++i)
    list += (i ? ", " : "") + p.add(s.recused_person_ids[i]);
  return " AND (" + a + ".petition_id IS NULL OR NOT EXISTS (SELECT 1 FROM petition_persons rx WHERE rx.petition_id = " +
         a + ".petition_id AND rx.person_id IN (" + list + ")))";
}

void drop_hidden_link(Tx& tx, const core::Scope& s, std::optional<long long>& petition_id,
                      std::optional<std::string>& petition_number) {
  if (petition_id && !petition_visible(tx, s, *petition_id)) {
    petition_id.reset();
    petition_number.reset();
  }
}

std::string unit_scope(const core::Scope& s, Params& p, const std::string& a) {
  using core::DataScope;
  if (s.unrestricted) return "";
  if (s.kind == DataScope::None) return " AND 1=0";
  std::string out = " AND " + a + ".county_id = " + p.add(s.county_id);
  switch (s.kind) {
    case DataScope::County: return out;
    case DataScope::OwnRecords: return out + " AND " + a + ".created_by = " + p.add(s.user_id);
    case DataScope::LinkedTownships:
    case DataScope::OwnTownship: {
      out += " AND (" + a + ".org_id = " + p.add(s.org_id);
      if (!s.township_ids.empty()) {
        out += " OR " + a + ".township_id IN (";
        for (std::size_t i = 0; i < s.township_ids.size(); ++i) out += (i ? ", " : "") + p.add(s.township_ids[i]);
        out += ")";
      }
      return out + ")";
    }
    default: return " AND 1=0";
  }
}

// --- duty roster

long long insert_roster(Tx& tx, const RosterEntry& e) {
  return Query(tx)
      .use(e.county_id)
      .use(e.org_id)
      .use(e.township_id)
      .use(e.day)
      .use(e.user_id)
      .use(e.note)
      .use(e.created_by)
      .use(tx.now)
      .insert(
          "INSERT INTO duty_roster (county_id, org_id, township_id, day, user_id, note, created_by, created_at) "
          "VALUES (:c, :o, :t, :d, :u, :n, :by, :now)");
}

namespace {
const char* kRosterCols =
    "SELECT r.id, r.county_id, r.org_id, r.township_id, r.day, r.user_id, u.display_name, o.name, r.note, "
    "r.created_by, r.created_at FROM duty_roster r JOIN users u ON u.id = r.user_id JOIN org_units o ON o.id = r.org_id";

std::vector<RosterEntry> select_roster(Tx& tx, const std::string& sql, Params& p) {
  std::vector<RosterEntry> out;
  RosterEntry e;
  Query st(tx);
  st.into(e.id);
  st.into(e.county_id);
  st.into(e.org_id);
  st.into(e.township_id);
  st.into(e.day);
  st.into(e.user_id);
  st.into(e.user_name);
  st.into(e.org_name);
  st.into(e.note);
  st.into(e.created_by);
  st.into(e.created_at);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(e);
  return out;
}
}  // namespace

std::vector<RosterEntry> list_roster(Tx& tx, const core::Scope& scope, const std::optional<long long>& org_id,
                                     const std::string& from, const std::string& to) {
  Params p;
  std::string sql = std::string(kRosterCols) + " WHERE r.day >= " + p.add(from) + " AND r.day <= " + p.add(to) +
                    unit_scope(scope, p, "r");
  if (org_id) sql += " AND r.org_id = " + p.add(*org_id);
  sql += " ORDER BY r.day, o.name, u.display_name LIMIT 2000";
  return select_roster(tx, sql, p);
}

std::optional<RosterEntry> find_roster(Tx& tx, const core::Scope& scope, long long id) {
  Params p;
  auto v = select_roster(tx, std::string(kRosterCols) + " WHERE r.id = " + p.add(id) + unit_scope(scope, p, "r"), p);
  if (v.empty()) return std::nullopt;
  return v.front();
}

void delete_roster(Tx& tx, long long id) { Query(tx).use(id).run("DELETE FROM duty_roster WHERE id = :id"); }

// --- visits

long long insert_visit(Tx& tx, const Visit& v) {
  return Query(tx)
      .use(v.county_id)
      .use(v.org_id)
      .use(v.township_id)
      .use(v.kind)
      .use(v.day)
      .use(v.cadres)
      .use(v.place)
      .use(v.petition_id)
      .use(v.summary)
      .use(v.outcome)
      .use(v.created_by)
      .use(tx.now)
      .insert(
          "INSERT INTO visits (county_id, org_id, township_id, kind, day, cadres, place, petition_id, summary, "
          "outcome, created_by, created_at) VALUES (:c, :o, :t, :k, :d, :ca, :pl, :pe, :s, :out, :by, :now)");
}

std::vector<Visit> list_visits(Tx& tx, const core::Scope& scope, const VisitFilter& f, const core::Page& page,
                               long long* total) {
  Params p;
  std::string where = " WHERE 1=1" + unit_scope(scope, p, "v") + linked_recusal(scope, p, "v");
  if (f.kind) where += " AND v.kind = " + p.add(*f.kind);
  if (f.from) where += " AND v.day >= " + p.add(*f.from);
  if (f.to) where += " AND v.day <= " + p.add(*f.to);
  if (f.petition_id) where += " AND v.petition_id = " + p.add(*f.petition_id);
  if (f.id) where += " AND v.id = " + p.add(*f.id);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM visits v" + where, pc);
  }
  std::string sql =
      "SELECT v.id, v.county_id, v.org_id, v.township_id, v.kind, v.day, v.cadres, v.place, v.petition_id, pt.number, "
      "v.summary, v.outcome, v.created_by, v.created_at, o.name FROM visits v JOIN org_units o ON o.id = v.org_id "
      "LEFT JOIN petitions pt ON pt.id = v.petition_id" +
      where + " ORDER BY v.day DESC, v.id DESC LIMIT " + p.add(page.page_size) + " OFFSET " + p.add(page.offset());
  std::vector<Visit> out;
  Visit v;
  Query st(tx);
  st.into(v.id);
  st.into(v.county_id);
  st.into(v.org_id);
  st.into(v.township_id);
  st.into(v.kind);
  st.into(v.day);
  st.into(v.cadres);
  st.into(v.place);
  st.into(v.petition_id);
  st.into(v.petition_number);
  st.into(v.summary);
  st.into(v.outcome);
  st.into(v.created_by);
  st.into(v.created_at);
  st.into(v.org_name);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(v);
  for (auto& v : out) drop_hidden_link(tx, scope, v.petition_id, v.petition_number);
  return out;
}

}  // namespace funnel::store
