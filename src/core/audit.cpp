#include "core/audit.hpp"

namespace funnel::core {

namespace {
void put(std::string& out, const std::string& v) {
  out += std::to_string(v.size());
  out += ':';
  out += v;
  out += ';';
}
}  // namespace

std::string audit_canonical(const AuditRecord& r) {
  std::string out = "funnel-audit-v1;";
  put(out, std::to_string(r.seq));
  put(out, std::to_string(r.at_ms));
  put(out, std::to_string(r.actor_id));
  put(out, r.actor_name);
  put(out, r.ip);
  put(out, r.action);
  put(out, r.entity);
  put(out, std::to_string(r.entity_id));
  put(out, r.detail);
  put(out, r.prev_hash);
  return out;
}

}  // namespace funnel::core
