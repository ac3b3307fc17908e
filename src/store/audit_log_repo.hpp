#pragma once
// Append-only audit log storage (SY-4). The chain logic is in src/app.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/audit.hpp"
#include "core/model.hpp"
#include "store/db.hpp"

namespace funnel::store {

struct AuditHead {
  long long last_seq = 0;
  std::string last_hash;
};
// Locks the head row for this transaction (FOR UPDATE on PostgreSQL; SQLite
// write transactions are already exclusive).
AuditHead lock_audit_head(Tx& tx);
void append_audit(Tx& tx, const core::AuditRecord& r);  // inserts and moves the head
void set_audit_head(Tx& tx, long long last_seq, const std::string& last_hash);
AuditHead read_audit_head(Tx& tx);

// Whether the chain's hashes are keyed (migration 20 marks an empty chain
// keyed; one with records waits for the re-chain, app::App::rechain_audit).
bool audit_chain_keyed(Tx& tx);
void mark_audit_chain_keyed(Tx& tx);
// Up to `limit` records after `after_seq`, in seq order.
std::vector<core::AuditRecord> audit_page(Tx& tx, long long after_seq, int limit);
// New prev_hash and hash of existing records (the re-chain), many per statement.
void rehash_audit(Tx& tx, const std::vector<core::AuditRecord>& records);

struct AuditFilter {
  std::optional<std::string> actor, action, entity;
  std::optional<long long> from_ms, to_ms;
};
std::vector<core::AuditRecord> list_audit(Tx& tx, const AuditFilter& f, const core::Page& page, long long* total);
// Streams every record in seq order; stop by returning false.
void scan_audit(Tx& tx, const std::function<bool(const core::AuditRecord&)>& fn);

}  // namespace funnel::store
