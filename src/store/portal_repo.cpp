#include "store/portal_repo.hpp"

#include "store/query.hpp"

namespace funnel::store {

// --- receipts

namespace {
const char* kReceiptCols =
    "SELECT id, petition_id, created_at, code_hint, password_hash, password_token_key, password_token_until "
    "FROM portal_receipts";
std::optional<Receipt> one_receipt(Tx& tx, const std::string& where, const std::string& key, long long id) {
  Receipt r;
  Query st(tx);
  st.into(r.id).into(r.petition_id).into(r.created_at).into(r.code_hint).into(r.password_hash);
  st.into(r.password_token_key).into(r.password_token_until);
  if (key.empty())
    st.use(id);
  else
    st.use(key);
  st.run(std::string(kReceiptCols) + where);
  if (!st.got_data()) return std::nullopt;
  return r;
}
}  // namespace

long long insert_receipt(Tx& tx, const Receipt& r, const std::string& code_key) {
  return Query(tx)
      .use(r.petition_id)
      .use(code_key)
      .use(r.code_hint)
      .use(r.password_hash)
      .use(r.password_token_key)
      .use(r.password_token_until)
      .use(tx.now)
      .insert(
          "INSERT INTO portal_receipts (petition_id, code_key, code_hint, password_hash, password_token_key, "
          "password_token_until, created_at) VALUES (:p, :k, :h, :ph, :tk, :tu, :t)");
}

std::optional<Receipt> find_receipt_by_code(Tx& tx, const std::string& code_key) {
  return one_receipt(tx, " WHERE code_key = :k", code_key, 0);
}
std::optional<Receipt> find_receipt(Tx& tx, long long id) { return one_receipt(tx, " WHERE id = :id", "", id); }
std::optional<Receipt> find_receipt_for_petition(Tx& tx, long long petition_id) {
  return one_receipt(tx, " WHERE petition_id = :p", "", petition_id);
}

void set_receipt_password(Tx& tx, long long id, const std::string& hash) {
  Query st(tx);
  st.use(hash).use(id);
  st.run(
      "UPDATE portal_receipts SET password_hash = :h, password_token_key = NULL, password_token_until = NULL "
      "WHERE id = :id",
      false);
}

LoginFailures login_failures(Tx& tx, const std::string& code_key) {
  LoginFailures f;
  Query st(tx);
  st.into(f.failures).into(f.locked_until).use(code_key);
  st.run("SELECT failures, locked_until FROM portal_login_failures WHERE code_key = :k");
  if (!st.got_data()) return {};
  return f;
}

bool begin_login_attempt(Tx& tx, const std::string& code_key, int limit, long long lock_ms) {
  Query ins(tx);
  ins.use(code_key).use(tx.now);
  ins.run(
      "INSERT INTO portal_login_failures (code_key, failures, locked_until, updated_at) VALUES (:k, 0, 0, :t) "
      "ON CONFLICT (code_key) DO NOTHING",
      false);
  // The row stays locked (PostgreSQL) or the database (SQLite) until the
  // transaction ends, so the count read back is this attempt's own.
  Query up(tx);
  up.use(tx.now).use(code_key);
  up.run(
      "UPDATE portal_login_failures SET failures = failures + 1, updated_at = :t "
      "WHERE code_key = :k AND locked_until <= :t",
      false);
  if (up.affected() == 0) return false;
  if (login_failures(tx, code_key).failures <= limit) return true;
  Query lock(tx);
  lock.use(tx.now + lock_ms).use(tx.now).use(code_key);
  lock.run("UPDATE portal_login_failures SET failures = 0, locked_until = :l, updated_at = :t WHERE code_key = :k",
           false);
  return false;
}

bool fail_login_attempt(Tx& tx, const std::string& code_key, int limit, long long lock_ms) {
  Query lock(tx);
  lock.use(tx.now + lock_ms).use(tx.now).use(code_key).use(limit);
  lock.run(
      "UPDATE portal_login_failures SET failures = 0, locked_until = :l, updated_at = :t "
      "WHERE code_key = :k AND failures >= :n AND locked_until <= :t",
      false);
  return login_failures(tx, code_key).locked_until > tx.now;
}

bool pass_login_attempt(Tx& tx, const std::string& code_key) {
  Query del(tx);
  del.use(code_key).use(tx.now);
  del.run("DELETE FROM portal_login_failures WHERE code_key = :k AND locked_until <= :t", false);
  if (del.affected() == 1) return true;
  // No row: a right password sent in parallel cleared it first.
  return login_failures(tx, code_key).locked_until <= tx.now;
}

void cancel_login_attempt(Tx& tx, const std::string& code_key) {
  Query st(tx);
  st.use(code_key);
  st.run("UPDATE portal_login_failures SET failures = failures - 1 WHERE code_key = :k AND failures > 0", false);
}

bool count_portal_message(Tx& tx, long long receipt_id, int per_hour) {
  // A window starts with the first message after the previous one ended;
  // SET expressions read the row's old values.
  Query st(tx);
  st.use(tx.now - 3'600'000LL).use(tx.now).use(receipt_id).use(per_hour);
  st.run(
      "UPDATE portal_receipts SET "
      "msg_window_start = CASE WHEN msg_window_start <= :since THEN :now ELSE msg_window_start END, "
      "msg_count = CASE WHEN msg_window_start <= :since THEN 1 ELSE msg_count + 1 END "
      "WHERE id = :id AND (msg_window_start <= :since OR msg_count < :n)",
      false);
  return st.affected() == 1;
}

void forget_expired_challenges(Tx& tx) {
  Query del(tx);
  del.use(tx.now);
  del.run("DELETE FROM portal_pow_used WHERE expires_at < :now", false);
}

bool use_challenge(Tx& tx, const std::string& challenge_key, long long expires_at) {
  Query st(tx);
  st.use(challenge_key).use(expires_at);
  st.run("INSERT INTO portal_pow_used (challenge_key, expires_at) VALUES (:k, :e) ON CONFLICT DO NOTHING", false);
  return st.affected() == 1;
}

// --- messages

long long insert_message(Tx& tx, const PetitionMessage& m) {
  return Query(tx)
      .use(m.petition_id)
      .use(m.direction)
      .use(m.body_sealed)
      .use(m.author_id)
      .use(m.author_name)
      .use(tx.now)
      .insert(
          "INSERT INTO petition_messages (petition_id, direction, body_sealed, author_id, author_name, created_at) "
          "VALUES (:p, :d, :b, :a, :an, :t)");
}

std::vector<PetitionMessage> messages_of(Tx& tx, long long petition_id) {
  std::vector<PetitionMessage> out;
  PetitionMessage m;
  Query st(tx);
  st.into(m.id).into(m.petition_id).into(m.created_at).into(m.direction).into(m.body_sealed).into(m.author_id);
  st.into(m.author_name).use(petition_id);
  st.run(
      "SELECT id, petition_id, created_at, direction, body_sealed, author_id, author_name FROM petition_messages "
      "WHERE petition_id = :p ORDER BY id",
      false);
  while (st.fetch()) out.push_back(m);
  return out;
}

// --- evidence

namespace {
const char* kEvidenceCols =
    "SELECT id, size, created_at, petition_id, uploaded_by, staged_until, digest, name_sealed, mime, source, "
    "uploaded_by_name, staged_key FROM evidence_files";
void into_evidence(Query& st, EvidenceFile& f) {
  st.into(f.id).into(f.size).into(f.created_at).into(f.petition_id).into(f.uploaded_by).into(f.staged_until);
  st.into(f.digest).into(f.name_sealed).into(f.mime).into(f.source).into(f.uploaded_by_name).into(f.staged_key);
}
}  // namespace

long long insert_evidence(Tx& tx, const EvidenceFile& f) {
  return Query(tx)
      .use(f.petition_id)
      .use(f.digest)
      .use(f.name_sealed)
      .use(f.mime)
      .use(f.size)
      .use(f.source)
      .use(f.uploaded_by)
      .use(f.uploaded_by_name)
      .use(f.staged_key)
      .use(f.staged_until)
      .use(tx.now)
      .insert(
          "INSERT INTO evidence_files (petition_id, digest, name_sealed, mime, size, source, uploaded_by, "
          "uploaded_by_name, staged_key, staged_until, created_at) VALUES (:p, :d, :n, :m, :s, :src, :u, :un, :k, "
          ":ku, :t)");
}

bool claim_staged_evidence(Tx& tx, const std::string& staged_key, long long petition_id, int sort) {
  Query st(tx);
  st.use(petition_id).use(sort).use(staged_key).use(tx.now);
  st.run(
      "UPDATE evidence_files SET petition_id = :p, sort = :s, staged_key = NULL, staged_until = NULL "
      "WHERE staged_key = :k AND petition_id IS NULL AND staged_until >= :now",
      false);
  return st.affected() == 1;
}

std::vector<EvidenceFile> evidence_of(Tx& tx, long long petition_id) {
  std::vector<EvidenceFile> out;
  EvidenceFile f;
  Query st(tx);
  into_evidence(st, f);
  st.use(petition_id);
  // A report's files in its list's order, then later files as they came.
  st.run(std::string(kEvidenceCols) + " WHERE petition_id = :p ORDER BY sort IS NULL, sort, id", false);
  while (st.fetch()) out.push_back(f);
  return out;
}

std::optional<EvidenceFile> find_evidence(Tx& tx, long long petition_id, long long id) {
  EvidenceFile f;
  Query st(tx);
  into_evidence(st, f);
  st.use(id).use(petition_id);
  st.run(std::string(kEvidenceCols) + " WHERE id = :id AND petition_id = :p");
  if (!st.got_data()) return std::nullopt;
  return f;
}

long long count_evidence(Tx& tx, long long petition_id) {
  Params p;
  return count(tx, "SELECT COUNT(*) FROM evidence_files WHERE petition_id = " + p.add(petition_id), p);
}

bool evidence_digest_used(Tx& tx, const std::string& digest) {
  Params p;
  // Case documents and replaced templates live in the same store.
  return count(tx,
               "SELECT (SELECT COUNT(*) FROM evidence_files WHERE digest = " + p.add(digest) +
                   ") + (SELECT COUNT(*) FROM case_documents WHERE digest = " + p.add(digest) +
                   ") + (SELECT COUNT(*) FROM document_templates WHERE digest = " + p.add(digest) + ")",
               p) > 0;
}

void forget_expired_staged_evidence(Tx& tx) {
  // The encrypted file stays: its address may be shared with a kept upload.
  Query st(tx);
  st.use(tx.now);
  st.run("DELETE FROM evidence_files WHERE petition_id IS NULL AND staged_until < :now", false);
}

}  // namespace funnel::store
