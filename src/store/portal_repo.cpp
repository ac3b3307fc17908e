#include "store/portal_repo.hpp"

#include "store/petitions_repo.hpp"
#include "store/query.hpp"

namespace funnel::store {

// --- recusal

std::vector<long long> recused_persons(Tx& tx, long long user_id) {
  std::vector<long long> out;
  long long id = 0;
  Query st(tx);
  st.into(id).use(user_id);
  st.run("SELECT person_id FROM recusals WHERE user_id = :u ORDER BY person_id", false);
  while (st.fetch()) out.push_back(id);
  return out;
}

namespace {
const char* kRecusalCols =
    "r.id, r.county_id, r.user_id, r.person_id, r.created_by, r.created_at, u.username, u.display_name, pe.name, "
    "pe.unit_name, r.relation, r.reason, r.created_by_name FROM recusals r JOIN users u ON u.id = r.user_id "
    "JOIN persons pe ON pe.id = r.person_id";

void into_recusal(Query& st, Recusal& r) {
  st.into(r.id).into(r.county_id).into(r.user_id).into(r.person_id).into(r.created_by).into(r.created_at);
  st.into(r.username).into(r.user_display_name).into(r.person_name).into(r.person_unit).into(r.relation);
  st.into(r.reason).into(r.created_by_name);
}
}  // namespace

std::vector<Recusal> list_recusals(Tx& tx, long long county_id, const std::optional<long long>& user_id,
                                   const core::Page& page, long long* total) {
  Params p;
  std::string where = " WHERE r.county_id = " + p.add(county_id);
  if (user_id) where += " AND r.user_id = " + p.add(*user_id);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM recusals r" + where, pc);
  }
  std::string sql = std::string("SELECT ") + kRecusalCols + where + " ORDER BY r.id DESC LIMIT " +
                    p.add(page.page_size) + " OFFSET " + p.add(page.offset());
  std::vector<Recusal> out;
  Recusal row;
  Query st(tx);
  into_recusal(st, row);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(row);
  return out;
}

std::optional<Recusal> find_recusal(Tx& tx, long long county_id, long long id) {
  Params p;
  Recusal row;
  Query st(tx);
  into_recusal(st, row);
  st.run(
      p,
      std::string("SELECT ") + kRecusalCols + " WHERE r.id = " + p.add(id) + " AND r.county_id = " + p.add(county_id),
      true);
  if (!st.got_data()) return std::nullopt;
  return row;
}

std::optional<long long> find_recusal_id(Tx& tx, long long user_id, long long person_id) {
  long long id = 0;
  Query st(tx);
  st.into(id).use(user_id).use(person_id);
  st.run("SELECT id FROM recusals WHERE user_id = :u AND person_id = :p");
  if (!st.got_data()) return std::nullopt;
  return id;
}

std::optional<core::Person> find_person(Tx& tx, long long id) {
  core::Person row;
  Query st(tx);
  into_person(st, row);
  st.use(id);
  st.run(std::string("SELECT ") + kPersonCols + " FROM persons pe WHERE pe.id = :id");
  if (!st.got_data()) return std::nullopt;
  return row;
}

std::vector<CountyUser> county_users(Tx& tx, long long county_id, const std::optional<std::string>& q, int limit) {
  Params p;
  std::string sql =
      "SELECT u.id, u.username, u.display_name, o.name FROM users u JOIN org_units o ON o.id = u.org_unit_id "
      "WHERE o.county_id = " +
      p.add(county_id) + " AND u.username NOT LIKE '@%' AND u.data_scope <> 'none'";
  if (q) {
    auto pat = like_pattern(*q);
    sql +=
        " AND (u.username LIKE " + p.add(pat) + " ESCAPE '\\' OR u.display_name LIKE " + p.add(pat) + " ESCAPE '\\')";
  }
  sql += " ORDER BY u.display_name, u.id LIMIT " + p.add(static_cast<long long>(limit));
  std::vector<CountyUser> out;
  CountyUser u;
  Query st(tx);
  st.into(u.id).into(u.username).into(u.display_name).into(u.org_name);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(u);
  return out;
}

long long insert_recusal(Tx& tx, const Recusal& r) {
  return Query(tx)
      .use(r.county_id)
      .use(r.user_id)
      .use(r.person_id)
      .use(r.relation)
      .use(r.reason)
      .use(r.created_by)
      .use(r.created_by_name)
      .use(tx.now)
      .insert(
          "INSERT INTO recusals (county_id, user_id, person_id, relation, reason, created_by, created_by_name, "
          "created_at) VALUES (:c, :u, :p, :rel, :r, :b, :bn, :t)");
}

void delete_recusal(Tx& tx, long long id) {
  Query st(tx);
  st.use(id);
  st.run("DELETE FROM recusals WHERE id = :id", false);
}

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
  return count(tx, "SELECT COUNT(*) FROM evidence_files WHERE digest = " + p.add(digest), p) > 0;
}

void forget_expired_staged_evidence(Tx& tx) {
  // The encrypted file stays: its address may be shared with a kept upload.
  Query st(tx);
  st.use(tx.now);
  st.run("DELETE FROM evidence_files WHERE petition_id IS NULL AND staged_until < :now", false);
}

}  // namespace funnel::store
