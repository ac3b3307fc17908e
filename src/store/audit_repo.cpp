#include "store/audit_repo.hpp"

#include "store/query.hpp"

namespace funnel::store {

namespace {
const char* kCols = "seq, at, actor_id, actor_name, ip, action, entity, entity_id, detail, prev_hash, hash FROM audit_log";
void into_audit(soci::statement& st, core::AuditRecord& r) {
  st.exchange(soci::into(r.seq));
  st.exchange(soci::into(r.at_ms));
  st.exchange(soci::into(r.actor_id));
  st.exchange(soci::into(r.actor_name));
  st.exchange(soci::into(r.ip));
  st.exchange(soci::into(r.action));
  st.exchange(soci::into(r.entity));
  st.exchange(soci::into(r.entity_id));
  st.exchange(soci::into(r.detail));
  st.exchange(soci::into(r.prev_hash));
  st.exchange(soci::into(r.hash));
}
}  // namespace

AuditHead lock_audit_head(Tx& tx) {
  AuditHead h;
  if (tx.backend == Backend::Postgres)
    tx.sql << "SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE", soci::into(h.last_seq),
        soci::into(h.last_hash);
  else
    tx.sql << "SELECT last_seq, last_hash FROM audit_head WHERE id = 1", soci::into(h.last_seq),
        soci::into(h.last_hash);
  return h;
}

AuditHead read_audit_head(Tx& tx) {
  AuditHead h;
  tx.sql << "SELECT last_seq, last_hash FROM audit_head WHERE id = 1", soci::into(h.last_seq),
      soci::into(h.last_hash);
  return h;
}

void append_audit(Tx& tx, const core::AuditRecord& r) {
  tx.sql << "INSERT INTO audit_log (seq, at, actor_id, actor_name, ip, action, entity, entity_id, detail, "
            "prev_hash, hash) VALUES (:seq, :at, :aid, :an, :ip, :ac, :en, :eid, :d, :ph, :h)",
      soci::use(r.seq), soci::use(r.at_ms), soci::use(r.actor_id), soci::use(r.actor_name), soci::use(r.ip),
      soci::use(r.action), soci::use(r.entity), soci::use(r.entity_id), soci::use(r.detail),
      soci::use(r.prev_hash), soci::use(r.hash);
  tx.sql << "UPDATE audit_head SET last_seq = :s, last_hash = :h WHERE id = 1", soci::use(r.seq),
      soci::use(r.hash);
}

std::vector<core::AuditRecord> list_audit(Tx& tx, const AuditFilter& f, const core::Page& page, long long* total) {
  Params p;
  std::string where = " WHERE 1=1";
  if (f.actor) where += " AND actor_name = " + p.add(*f.actor);
  if (f.action) where += " AND action = " + p.add(*f.action);
  if (f.entity) where += " AND entity = " + p.add(*f.entity);
  if (f.from_ms) where += " AND at >= " + p.add(*f.from_ms);
  if (f.to_ms) where += " AND at < " + p.add(*f.to_ms);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM audit_log" + where, pc);
  }
  std::vector<core::AuditRecord> out;
  core::AuditRecord r;
  soci::statement st(tx.sql);
  into_audit(st, r);
  prepare_and_run(st, p,
                  std::string("SELECT ") + kCols + where + " ORDER BY seq DESC LIMIT " + p.add(page.page_size) +
                      " OFFSET " + p.add(page.offset()),
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
    soci::statement st(tx.sql);
    into_audit(st, r);
    prepare_and_run(st, p, sql, false);
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
