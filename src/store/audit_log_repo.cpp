#include "store/audit_log_repo.hpp"

#include "store/query.hpp"

namespace funnel::store {

namespace {
const char* kCols = "seq, at, actor_id, actor_name, ip, action, entity, entity_id, detail, prev_hash, hash FROM audit_log";
void into_audit(Query& st, core::AuditRecord& r) {
  st.into(r.seq);
  st.into(r.at_ms);
  st.into(r.actor_id);
  st.into(r.actor_name);
  st.into(r.ip);
  st.into(r.action);
  st.into(r.entity);
  st.into(r.entity_id);
  st.into(r.detail);
  st.into(r.prev_hash);
  st.into(r.hash);
}
}  // namespace

AuditHead lock_audit_head(Tx& tx) {
  AuditHead h;
  if (tx.backend == Backend::Postgres)
    Query(tx)
        .into(h.last_seq)
        .into(h.last_hash)
        .run("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
  else
    Query(tx).into(h.last_seq).into(h.last_hash).run("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
  return h;
}

AuditHead read_audit_head(Tx& tx) {
  AuditHead h;
  Query(tx).into(h.last_seq).into(h.last_hash).run("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
  return h;
}

void append_audit(Tx& tx, const core::AuditRecord& r) {
  Query(tx)
      .use(r.seq)
      .use(r.at_ms)
      .use(r.actor_id)
      .use(r.actor_name)
      .use(r.ip)
      .use(r.action)
      .use(r.entity)
      .use(r.entity_id)
      .use(r.detail)
      .use(r.prev_hash)
      .use(r.hash)
      .run(
          "INSERT INTO audit_log (seq, at, actor_id, actor_name, ip, action, entity, entity_id, detail, "
          "prev_hash, hash) VALUES (:seq, :at, :aid, :an, :ip, :ac, :en, :eid, :d, :ph, :h)");
  set_audit_head(tx, r.seq, r.hash);
}

void set_audit_head(Tx& tx, long long last_seq, const std::string& last_hash) {
  Query(tx).use(last_seq).use(last_hash).run("UPDATE audit_head SET last_seq = :s, last_hash = :h WHERE id = 1");
}

bool audit_chain_keyed(Tx& tx) {
  long long keyed = 0;
  Query(tx).into(keyed).run("SELECT keyed FROM audit_head WHERE id = 1");
  return keyed != 0;
}

void mark_audit_chain_keyed(Tx& tx) { Query(tx).run("UPDATE audit_head SET keyed = 1 WHERE id = 1"); }

std::vector<core::AuditRecord> audit_page(Tx& tx, long long after_seq, int limit) {
  std::vector<core::AuditRecord> out;
  core::AuditRecord r;
  Params p;
  std::string sql = std::string("SELECT ") + kCols + " WHERE seq > " + p.add(after_seq) + " ORDER BY seq LIMIT " +
                    p.add(static_cast<long long>(limit));
  Query st(tx);
  into_audit(st, r);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(r);
  return out;
}

void rehash_audit(Tx& tx, const std::vector<core::AuditRecord>& records) {
  // One UPDATE … FROM VALUES per 500 rows: on PostgreSQL a round trip
  // per row was most of the re-chain's time. The texts repeat (full batches),
  // so the prepared statements are reused.
  constexpr std::size_t kRows = 500;
  for (std::size_t i = 0; i < records.size(); i += kRows) {
    const std::size_t end = std::min(records.size(), i + kRows);
    Params p;
    std::string values;
    for (std::size_t j = i; j < end; ++j) {
      values += j == i ? "(" : ", (";
      values += "CAST(" + p.add(records[j].seq) + " AS BIGINT), " + p.add(records[j].prev_hash) + ", " +
                p.add(records[j].hash) + ")";
    }
    // A named CTE: SQLite takes no column list on a FROM subquery's alias.
    Query(tx).run(p,
                  "WITH v(s, p, h) AS (VALUES " + values +
                      ") UPDATE audit_log SET prev_hash = v.p, hash = v.h FROM v WHERE audit_log.seq = v.s",
                  false);
  }
}

std::vector<core::AuditRecord> list_audit(Tx& tx, const AuditFilter& f, const core::Page& page, long long* total) {
  Params p;
  std::string where = " WHERE 1=1";
  if (f.actor) where += " AND actor_name = " + p.add(*f.actor);
  if (f.action) {
    // "a,b": any of the listed actions (the audit administrator's view of
    // identity reveals and evidence downloads asks for both).
    std::string list, rest = *f.action;
    for (std::size_t start = 0; start <= rest.size();) {
      auto comma = rest.find(',', start);
      auto one = rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!one.empty()) list += (list.empty() ? "" : ", ") + p.add(one);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (!list.empty()) where += " AND action IN (" + list + ")";
  }
  if (f.entity) where += " AND entity = " + p.add(*f.entity);
  if (f.from_ms) where += " AND at >= " + p.add(*f.from_ms);
  if (f.to_ms) where += " AND at < " + p.add(*f.to_ms);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM audit_log" + where, pc);
  }
  std::vector<core::AuditRecord> out;
  core::AuditRecord r;
  Query st(tx);
  into_audit(st, r);
  st.run(p,
         std::string("SELECT ") + kCols + where + " ORDER BY seq DESC LIMIT " + p.add(page.page_size) + " OFFSET " +
             p.add(page.offset()),
         false);
  while (st.fetch()) out.push_back(r);
  return out;
}

void scan_audit(Tx& tx, const std::function<bool(const core::AuditRecord&)>& fn) {
  // Keyset pages keep memory flat over millions of rows.
  long long after = -1;
  for (;;) {
    Params p;
    std::string sql = std::string("SELECT ") + kCols + " WHERE seq > " + p.add(after) + " ORDER BY seq LIMIT 5000";
    core::AuditRecord r;
    Query st(tx);
    into_audit(st, r);
    st.run(p, sql, false);
    int n = 0;
    while (st.fetch()) {
      ++n;
      after = r.seq;
      if (!fn(r)) return;
    }
    if (n < 5000) return;
  }
}

}  // namespace funnel::store
