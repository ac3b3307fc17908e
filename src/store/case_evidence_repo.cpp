#include "store/case_evidence_repo.hpp"

#include "store/query.hpp"

namespace funnel::store {

namespace {
// The next number in the case's list; the caller holds the case's lock.
int next_seq(Tx& tx, const char* table, long long case_id) {
  long long n = 0;
  Query(tx).into(n).use(case_id).run(std::string("SELECT COALESCE(MAX(seq), 0) FROM ") + table + " WHERE case_id = :c");
  return static_cast<int>(n) + 1;
}
}  // namespace

long long insert_case_evidence(Tx& tx, CaseEvidenceRow& e) {
  e.seq = next_seq(tx, "case_evidence", e.case_id);
  e.at = tx.now;
  e.id = Query(tx)
             .use(e.case_id)
             .use(e.seq)
             .use(e.kind)
             .use(e.title)
             .use(e.obtained_day)
             .use(e.source)
             .use(e.measure_id)
             .use(e.note)
             .use(e.added_by)
             .use(e.at)
             .insert(
                 "INSERT INTO case_evidence (case_id, seq, kind, title, obtained_day, source, measure_id, note, "
                 "added_by, at) VALUES (:c, :s, :k, :t, :d, :src, :m, :n, :b, :at)");
  return e.id;
}

void set_case_evidence_file(Tx& tx, long long id, long long file_id) {
  Query(tx).use(file_id).use(id).run("UPDATE case_evidence SET file_id = :f WHERE id = :id", false);
}

std::vector<CaseEvidenceRow> case_evidence_of(Tx& tx, long long case_id) {
  std::vector<CaseEvidenceRow> out;
  CaseEvidenceRow e;
  Query st(tx);
  st.into(e.id).into(e.case_id).into(e.seq).into(e.kind).into(e.title).into(e.obtained_day).into(e.source);
  st.into(e.measure_id).into(e.file_id).into(e.note).into(e.added_by).into(e.at).into(e.added_by_name);
  st.into(e.file_digest).into(e.file_name_sealed).into(e.file_mime).into(e.file_size);
  st.use(case_id);
  st.run(
      "SELECT e.id, e.case_id, e.seq, e.kind, e.title, e.obtained_day, e.source, e.measure_id, e.file_id, e.note, "
      "e.added_by, e.at, u.display_name, f.digest, f.name_sealed, f.mime, f.size FROM case_evidence e "
      "JOIN users u ON u.id = e.added_by LEFT JOIN evidence_files f ON f.id = e.file_id WHERE e.case_id = :c "
      "ORDER BY e.seq",
      false);
  while (st.fetch()) out.push_back(e);
  return out;
}

long long insert_case_property(Tx& tx, CasePropertyRow& p) {
  p.seq = next_seq(tx, "case_property", p.case_id);
  p.at = tx.now;
  p.id = Query(tx)
             .use(p.case_id)
             .use(p.seq)
             .use(p.measure_id)
             .use(p.description)
             .use(p.quantity)
             .use(p.value)
             .use(p.holder)
             .use(p.witness)
             .use(p.custody_place)
             .use(p.keeper)
             .use(p.state)
             .use(p.taken_day)
             .use(p.last_day)
             .use(p.recorded_by)
             .use(p.at)
             .insert(
                 "INSERT INTO case_property (case_id, seq, measure_id, description, quantity, value, holder, "
                 "witness, custody_place, keeper, state, taken_day, last_day, recorded_by, at) VALUES (:c, :s, :m, "
                 ":d, :q, :v, :h, :w, :cp, :k, :st, :td, :ld, :rb, :at)");
  return p.id;
}

void move_case_property(Tx& tx, const CasePropertyRow& p, const CasePropertyMoveRow& m) {
  Query(tx).use(p.state).use(p.keeper).use(p.custody_place).use(p.last_day).use(p.id).run(
      "UPDATE case_property SET state = :s, keeper = :k, custody_place = :cp, last_day = :ld WHERE id = :id",
      false);
  Query(tx)
      .use(m.property_id)
      .use(m.move)
      .use(m.day)
      .use(m.to_whom)
      .use(m.note)
      .use(m.by_user)
      .use(tx.now)
      .insert(
          "INSERT INTO case_property_moves (property_id, move, day, to_whom, note, by_user, at) VALUES (:p, :m, :d, "
          ":t, :n, :b, :at)");
}

std::vector<CasePropertyRow> case_property_of(Tx& tx, long long case_id) {
  std::vector<CasePropertyRow> out;
  CasePropertyRow p;
  Query st(tx);
  st.into(p.id).into(p.case_id).into(p.seq).into(p.measure_id).into(p.description).into(p.quantity).into(p.value);
  st.into(p.holder).into(p.witness).into(p.custody_place).into(p.keeper).into(p.state).into(p.taken_day);
  st.into(p.last_day).into(p.recorded_by).into(p.at).into(p.recorded_by_name);
  st.use(case_id);
  st.run(
      "SELECT p.id, p.case_id, p.seq, p.measure_id, p.description, p.quantity, p.value, p.holder, p.witness, "
      "p.custody_place, p.keeper, p.state, p.taken_day, p.last_day, p.recorded_by, p.at, u.display_name "
      "FROM case_property p JOIN users u ON u.id = p.recorded_by WHERE p.case_id = :c ORDER BY p.seq",
      false);
  while (st.fetch()) out.push_back(p);
  return out;
}

std::vector<CasePropertyMoveRow> case_property_moves_of(Tx& tx, long long case_id) {
  std::vector<CasePropertyMoveRow> out;
  CasePropertyMoveRow m;
  Query st(tx);
  st.into(m.id).into(m.property_id).into(m.move).into(m.day).into(m.to_whom).into(m.note).into(m.by_user);
  st.into(m.at).into(m.by_name);
  st.use(case_id);
  st.run(
      "SELECT m.id, m.property_id, m.move, m.day, m.to_whom, m.note, m.by_user, m.at, u.display_name FROM "
      "case_property_moves m JOIN case_property p ON p.id = m.property_id JOIN users u ON u.id = m.by_user WHERE "
      "p.case_id = :c ORDER BY m.id",
      false);
  while (st.fetch()) out.push_back(m);
  return out;
}

}  // namespace funnel::store
