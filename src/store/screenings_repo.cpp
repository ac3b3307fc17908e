#include "store/screenings_repo.hpp"

#include "store/query.hpp"
#include "store/visits_repo.hpp"

namespace funnel::store {

long long insert_screening(Tx& tx, const Screening& s) {
  return Query(tx)
      .use(s.county_id)
      .use(s.org_id)
      .use(s.township_id)
      .use(s.period)
      .use(s.petition_id)
      .use(s.matter)
      .use(s.risk_level)
      .use(s.measures)
      .use(s.responsible)
      .use(s.outcome)
      .use(s.outcome_note)
      .use(s.created_by)
      .use(tx.now)
      .use(tx.now)
      .insert(
          "INSERT INTO screenings (county_id, org_id, township_id, period, petition_id, matter, risk_level, "
          "measures, "
          "responsible, outcome, outcome_note, created_by, created_at, updated_at) VALUES (:c, :o, :t, :per, :pe, "
          ":m, :r, :me, :resp, :out, :on, :by, :now, :now2)");
}

void update_screening_outcome(Tx& tx, long long id, const std::string& outcome, const std::optional<std::string>& note) {
  Query(tx).use(outcome).use(note).use(tx.now).use(id).run(
      "UPDATE screenings SET outcome = :o, outcome_note = :n, updated_at = :now WHERE id = :id");
}

namespace {
std::vector<Screening> select_screenings(Tx& tx, const std::string& where, Params& p, const std::string& tail) {
  std::string sql =
      "SELECT s.id, s.county_id, s.org_id, s.township_id, s.period, s.petition_id, pt.number, s.matter, s.risk_level, "
      "s.measures, s.responsible, s.outcome, s.outcome_note, s.created_by, s.created_at, s.updated_at, o.name "
      "FROM screenings s JOIN org_units o ON o.id = s.org_id LEFT JOIN petitions pt ON pt.id = s.petition_id" +
      where + tail;
  std::vector<Screening> out;
  Screening s;
  Query st(tx);
  st.into(s.id);
  st.into(s.county_id);
  st.into(s.org_id);
  st.into(s.township_id);
  st.into(s.period);
  st.into(s.petition_id);
  st.into(s.petition_number);
  st.into(s.matter);
  st.into(s.risk_level);
  st.into(s.measures);
  st.into(s.responsible);
  st.into(s.outcome);
  st.into(s.outcome_note);
  st.into(s.created_by);
  st.into(s.created_at);
  st.into(s.updated_at);
  st.into(s.org_name);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(s);
  return out;
}
}  // namespace

std::optional<Screening> find_screening(Tx& tx, const core::Scope& scope, long long id) {
  Params p;
  auto v = select_screenings(tx, " WHERE s.id = " + p.add(id) + unit_scope(scope, p, "s") + linked_recusal(scope, p, "s"),
                             p, "");
  for (auto& r : v) drop_hidden_link(tx, scope, r.petition_id, r.petition_number);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Screening> list_screenings(Tx& tx, const core::Scope& scope, const std::optional<std::string>& period,
                                       const std::optional<std::string>& outcome, const core::Page& page,
                                       long long* total) {
  Params p;
  std::string where = " WHERE 1=1" + unit_scope(scope, p, "s") + linked_recusal(scope, p, "s");
  if (period) where += " AND s.period = " + p.add(*period);
  if (outcome) where += " AND s.outcome = " + p.add(*outcome);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM screenings s" + where, pc);
  }
  std::string tail = " ORDER BY s.period DESC, s.id DESC LIMIT " + p.add(page.page_size) + " OFFSET " + p.add(page.offset());
  auto out = select_screenings(tx, where, p, tail);
  for (auto& r : out) drop_hidden_link(tx, scope, r.petition_id, r.petition_number);
  return out;
}

}  // namespace funnel::store
