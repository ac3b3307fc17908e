#pragma once
// Audit chain record (SY-4). The hash of record n is
// BLAKE2b(canonical(record n)), and canonical() includes prev_hash, so any
// altered, removed or reordered row breaks the chain from there on.
#include <cstdint>
#include <string>

namespace funnel::core {

struct AuditRecord {
  long long seq = 0;
  long long at_ms = 0;
  long long actor_id = 0;  // 0: nobody logged in (e.g. failed login)
  std::string actor_name;
  std::string ip;
  std::string action;  // e.g. "create", "update", "login_failed"
  std::string entity;  // e.g. "org_unit", "user", "session"
  long long entity_id = 0;
  std::string detail;  // JSON; never confidential values
  std::string prev_hash;
  std::string hash;
};

// Length-prefixed fields, so no separator can be forged inside a value.
std::string audit_canonical(const AuditRecord& r);

}  // namespace funnel::core
