#pragma once
// The public portal's tables (receipts, login failures, used proofs of
// work), petition messages and evidence files.
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "store/db.hpp"

namespace funnel::store {

// --- receipts
struct Receipt {
  long long id = 0, petition_id = 0, created_at = 0;
  std::string code_hint;
  std::optional<std::string> password_hash, password_token_key;
  std::optional<long long> password_token_until;
};
long long insert_receipt(Tx& tx, const Receipt& r, const std::string& code_key);
std::optional<Receipt> find_receipt_by_code(Tx& tx, const std::string& code_key);
std::optional<Receipt> find_receipt(Tx& tx, long long id);
std::optional<Receipt> find_receipt_for_petition(Tx& tx, long long petition_id);
void set_receipt_password(Tx& tx, long long id, const std::string& hash);

struct LoginFailures {
  int failures = 0;
  long long locked_until = 0;
};
LoginFailures login_failures(Tx& tx, const std::string& code_key);
// A login attempt is counted before its password is checked (one
// conditional UPDATE), so that parallel attempts cannot all pass a check
// made before any of them failed. False when the code is locked, or when
// this attempt is one more than `limit` since the last success: the code
// is then locked until now + lock_ms.
bool begin_login_attempt(Tx& tx, const std::string& code_key, int limit, long long lock_ms);
// The password was wrong: once `limit` attempts are counted the code is
// locked. True when it is locked now.
bool fail_login_attempt(Tx& tx, const std::string& code_key, int limit, long long lock_ms);
// The password was right: clears the count, unless the code was locked
// meanwhile (by attempts made in parallel); false then.
bool pass_login_attempt(Tx& tx, const std::string& code_key);
// The password could not be checked (the hashing gate was full): the
// attempt does not count.
void cancel_login_attempt(Tx& tx, const std::string& code_key);

// Counts one reporter message in the receipt's hourly window (one
// conditional UPDATE); false when `per_hour` are already counted.
bool count_portal_message(Tx& tx, long long receipt_id, int per_hour);

// False when the challenge was used before.
bool use_challenge(Tx& tx, const std::string& challenge_key, long long expires_at);
void forget_expired_challenges(Tx& tx);

// --- messages
struct PetitionMessage {
  long long id = 0, petition_id = 0, created_at = 0;
  std::string direction, body_sealed;  // in: from the reporter; out: from a cadre
  std::optional<long long> author_id;
  std::optional<std::string> author_name;
};
long long insert_message(Tx& tx, const PetitionMessage& m);
std::vector<PetitionMessage> messages_of(Tx& tx, long long petition_id);

// --- evidence files
struct EvidenceFile {
  long long id = 0, size = 0, created_at = 0;
  std::optional<long long> petition_id, uploaded_by, staged_until;
  std::string digest, name_sealed, mime, source;  // source: portal | internal
  std::optional<std::string> uploaded_by_name, staged_key;
};
long long insert_evidence(Tx& tx, const EvidenceFile& f);
// Attaches a staged upload to its petition; false when the token is unknown,
// expired or already used. `sort` is its place in the report's list.
bool claim_staged_evidence(Tx& tx, const std::string& staged_key, long long petition_id, int sort);
std::vector<EvidenceFile> evidence_of(Tx& tx, long long petition_id);
std::optional<EvidenceFile> find_evidence(Tx& tx, long long petition_id, long long id);
long long count_evidence(Tx& tx, long long petition_id);
void forget_expired_staged_evidence(Tx& tx);
bool evidence_digest_used(Tx& tx, const std::string& digest);  // any row, staged or attached, a case document or template

}  // namespace funnel::store
