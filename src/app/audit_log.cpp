#include "app/audit_log.hpp"
#include "app/auth.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include "core/clue.hpp"
#include "core/error.hpp"
#include "core/petition.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "core/password_policy.hpp"
#include "core/text.hpp"
#include "app/views.hpp"
#include "core/access.hpp"
#include "files/evidence.hpp"
#include "store/audit_log_repo.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

namespace {
AuditVerdict verify_chain(store::Db& db, const crypto::KeyRing& keys, const AuditCheckpoints& checkpoints) {
  return db.read([&](store::Tx& tx) {
    AuditVerdict v;
    long long expect = 1;
    std::string prev;
    store::scan_audit(tx, [&](const core::AuditRecord& r) {
      auto fail = [&](std::string why) {
        v.ok = false;
        v.first_bad_seq = r.seq;
        v.reason = std::move(why);
        return false;
      };
      if (r.seq != expect) {
        v.first_bad_seq = expect;
        v.ok = false;
        v.reason = r.seq > expect ? "record missing before this position" : "record out of order";
        return false;
      }
      if (r.prev_hash != prev) return fail("previous-hash link broken");
      // Keyed: without the key file nobody can recompute a hash that matches.
      if (keys.chain_hash(core::audit_canonical(r)) != r.hash) return fail("record altered (hash mismatch)");
      if (auto it = checkpoints.find(r.seq); it != checkpoints.end() && it->second != r.hash)
        return fail("record differs from its checkpoint logged outside the database");
      prev = r.hash;
      ++expect;
      ++v.checked;
      return true;
    });
    auto head = store::read_audit_head(tx);
    v.head_seq = head.last_seq;
    v.head_hash = head.last_hash;
    if (v.ok && (head.last_seq != v.checked || head.last_hash != prev)) {
      v.ok = false;
      v.first_bad_seq = v.checked + 1;
      v.reason = "chain tail does not match the head (records removed at the end)";
    }
    // Records cut off the end together with the head: only an anchor kept
    // outside the database shows that the chain was once longer.
    if (v.ok && !checkpoints.empty() && checkpoints.rbegin()->first > v.checked) {
      v.ok = false;
      v.first_bad_seq = v.checked + 1;
      v.reason = "chain ends at record " + std::to_string(v.checked) + " but a checkpoint logged outside the database "
                 "names record " + std::to_string(checkpoints.rbegin()->first) + " (records removed at the end)";
    }
    if (v.ok && v.checked > 0 && !store::audit_chain_keyed(tx)) {
      v.ok = false;
      v.first_bad_seq = 1;
      v.reason = "the head marks the chain as not yet keyed (run `funnel migrate`)";
    }
    return v;
  });
}
}  // namespace

AuditVerdict AuditLogService::verify_audit(const AuditCheckpoints& checkpoints) { return verify_chain(k_.db(), k_.keys(), checkpoints); }

AuditVerify AuditLogService::verify_audit_for(const Actor& a) {
  k_.require(a, core::Permission::AuditRead);
  const auto v = verify_chain(k_.db(), k_.keys(), {});
  AuditVerify out{v.ok, v.checked, {}, {}};
  if (!v.ok) {
    out.first_bad_seq = v.first_bad_seq;
    out.reason = v.reason;
  }
  return out;
}

bool AuditLogService::audit_chain_keyed() {
  return k_.db().read([](store::Tx& tx) { return store::audit_chain_keyed(tx); });
}

store::AuditHead AuditLogService::audit_head() {
  return k_.db().read([](store::Tx& tx) { return store::read_audit_head(tx); });
}

RechainResult AuditLogService::rechain_audit() {
  return k_.db().write([&](store::Tx& tx) {
    RechainResult out;
    if (store::audit_chain_keyed(tx)) return out;
    const auto head = store::lock_audit_head(tx);
    std::string old_prev, new_prev;  // the last hash of the old chain, of the new one
    long long expect = 1;
    for (;;) {
      auto page = store::audit_page(tx, expect - 1, 5000);
      if (page.empty()) break;
      for (auto& r : page) {
        // Re-chaining a broken chain would make its break verify: refuse.
        const auto canonical = core::audit_canonical(r);
        if (r.seq != expect || r.prev_hash != old_prev || crypto::blake2b_hex(canonical) != r.hash)
          throw std::runtime_error("the unkeyed audit chain is broken at record " + std::to_string(expect) +
                                   ": not re-chained (check it with the previous version's `funnel verify-audit`)");
        old_prev = std::move(r.hash);
        r.prev_hash = new_prev;
        r.hash = k_.keys().chain_hash(core::audit_canonical(r));
        new_prev = r.hash;
        ++expect;
      }
      store::rehash_audit(tx, page);
      out.records += static_cast<long long>(page.size());
    }
    if (head.last_seq != out.records || head.last_hash != old_prev)
      throw std::runtime_error("the unkeyed audit chain's tail does not match its head (record " +
                               std::to_string(out.records + 1) + "): not re-chained");
    store::set_audit_head(tx, out.records, new_prev);
    store::mark_audit_chain_keyed(tx);
    out.rechained = true;
    if (out.records > 0) {
      json::object d;
      d["records"] = out.records;
      d["unkeyed_head"] = old_prev;
      k_.audit(tx, nullptr, "rechain_audit", "audit_log", 0, std::move(d), nullptr);
    }
    return out;
  });
}

PageOf<LoginLogEntry> AuditLogService::list_login_log(const Actor& a, const std::optional<std::string>& username,
                                                      const std::optional<int>& success, const core::Page& page) {
  k_.require(a, core::Permission::LoginLogRead);
  return k_.db().read([&](store::Tx& tx) {
    // An unknown name is kept masked (attempt_name): search for its mask.
    auto name = username;
    if (name && !store::find_user_by_name(tx, *name)) name = attempt_name(k_, *name, false);
    PageOf<LoginLogEntry> out;
    for (auto& t : store::list_attempts(tx, name, success, page, &out.total))
      out.items.push_back({t.id, core::iso_utc(t.at), t.username, t.ip, t.user_agent, t.success == 1, t.reason});
    return out;
  });
}

PageOf<AuditEntryView> AuditLogService::list_audit(const Actor& a, const store::AuditFilter& f, const core::Page& page) {
  k_.require(a, core::Permission::AuditRead);
  return k_.db().read([&](store::Tx& tx) {
    PageOf<AuditEntryView> out;
    for (auto& r : store::list_audit(tx, f, page, &out.total)) {
      json::value detail;
      try {
        detail = json::parse(r.detail);
      } catch (...) {
        detail = r.detail;
      }
      out.items.push_back({r.seq, core::iso_utc(r.at_ms), r.actor_id, r.actor_name, r.ip, r.action, r.entity,
                           r.entity_id, std::move(detail)});
    }
    return out;
  });
}

}  // namespace funnel::app
