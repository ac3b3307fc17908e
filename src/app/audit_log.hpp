#pragma once
// The auditor's logs (SY-4): the audit chain (list, verify, checkpoints,
// the one-time re-chaining with the key) and the login log.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "app/kernel.hpp"
#include "app/views.hpp"
#include "store/audit_log_repo.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

struct AuditVerdict {
  bool ok = true;
  long long checked = 0;
  long long first_bad_seq = 0;
  std::string reason;
  long long head_seq = 0;  // the head row as found (an anchor to note down)
  std::string head_hash;
};

// Record hashes noted outside the database (seq → hash): the server logs
// one as an `audit_checkpoint` event every minute the chain grew and at
// shutdown. A keyed hash cannot be forged, so a checkpoint needs no
// signature of its own; it proves that the chain reached that record.
using AuditCheckpoints = std::map<long long, std::string>;

struct RechainResult {
  bool rechained = false;  // false: the chain was keyed already
  long long records = 0;
};

// Typed views, serialised by src/http.
struct AuditEntryView {
  long long seq = 0;
  std::string at;
  long long actor_id = 0;  // 0: nobody signed in
  std::string actor_name, ip, action, entity;
  long long entity_id = 0;
  boost::json::value detail;  // as recorded (a string if it is not JSON)
};
BOOST_DESCRIBE_STRUCT(AuditEntryView, (), (seq, at, actor_id, actor_name, ip, action, entity, entity_id, detail))
struct LoginLogEntry {
  long long id = 0;
  std::string at, username, ip, user_agent;
  bool success = false;
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(LoginLogEntry, (), (id, at, username, ip, user_agent, success, reason))
// Where a broken chain breaks, only when it does.
struct AuditVerify {
  bool ok = true;
  long long checked = 0;
  Omitted<long long> first_bad_seq;
  Omitted<std::string> reason;
};
BOOST_DESCRIBE_STRUCT(AuditVerify, (), (ok, checked, first_bad_seq, reason))

class AuditLogService {
 public:
  explicit AuditLogService(Kernel& k) : k_(k) {}

  PageOf<AuditEntryView> list_audit(const Actor& a, const store::AuditFilter& f, const core::Page& page);
  PageOf<LoginLogEntry> list_login_log(const Actor& a, const std::optional<std::string>& username,
                                       const std::optional<int>& success, const core::Page& page);
  AuditVerify verify_audit_for(const Actor& a);
  AuditVerdict verify_audit(const AuditCheckpoints& checkpoints = {});  // CLI, no actor
  // The chain's keyed state and head (the CLI's checks, the checkpoint log).
  bool audit_chain_keyed();
  store::AuditHead audit_head();
  // Once, at the upgrade to schema 20 (`funnel migrate`): checks the old,
  // unkeyed chain, recomputes every hash with the key in one transaction and
  // appends a `rechain_audit` record with the count. Refuses a broken chain.
  RechainResult rechain_audit();

 private:
  Kernel& k_;
};

}  // namespace funnel::app
