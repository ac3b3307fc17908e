#include "store/petition_repo.hpp"

#include "search/cjk.hpp"
#include "store/query.hpp"

#include <stdexcept>

namespace funnel::store {

// The petition data scope (SY-1): the county sees its county; a township
// (or a room's linked townships) sees what it registered or handles; a room
// also what is assigned to it; own records what the user registered or owns.
std::string petition_scope(const core::Scope& s, Params& p) {
  using core::DataScope;
  if (s.unrestricted) return "";
  if (s.kind == DataScope::None) return " AND 1=0";
  switch (s.kind) {
    case DataScope::County: return " AND p.county_id = " + p.add(s.county_id);
    case DataScope::OwnRecords: {
      std::string out = " AND p.county_id = " + p.add(s.county_id);
      auto me = p.add(s.user_id);
      return out + " AND (p.registered_by = " + me + " OR p.first_handler_id = " + me + ")";
    }
    case DataScope::LinkedTownships:
    case DataScope::OwnTownship: {
      // The units and townships belong to the county, so the county test is
      // left out: then each OR branch uses its own index (SQLite's
      // multi-index OR, PostgreSQL's BitmapOr) instead of scanning the county.
      auto org = p.add(s.org_id);
      std::string out = " AND (p.handler_org_id = " + org + " OR p.intake_org_id = " + org;
      if (!s.township_ids.empty()) {
        std::string list;
        for (std::size_t i = 0; i < s.township_ids.size(); ++i) list += (i ? ", " : "") + p.add(s.township_ids[i]);
        out += " OR p.intake_township_id IN (" + list + ") OR p.handler_township_id IN (" + list + ")";
      }
      return out + ")";
    }
    default: return " AND 1=0";
  }
}

namespace {

const char* kCols =
    "p.id, p.county_id, p.intake_org_id, p.intake_township_id, p.number_org_id, p.year, p.seq, p.number, "
    "p.channel, p.type, p.state, p.suspended, p.real_name, p.reporter_sealed, p.reporter_key, p.summary, "
    "p.content, p.category, p.subcategory, p.area, p.place_org_id, p.place_detail, p.received_day, "
    "p.postmark_day, p.visitors, p.identity_checked, p.reception_cadre, p.call_time, p.web_source, "
    "p.from_higher, p.fast_track, p.proposed_jurisdiction, p.jurisdiction, p.jurisdiction_reason, "
    "p.handler_org_id, p.handler_township_id, p.handler_acknowledged_at, p.transfer_to, p.merged_into, "
    "p.first_handler_id, p.registered_by, p.limit_code, p.clock_start, p.due_day, p.pauses, "
    "p.suspended_since, p.extensions, p.risk_terms, p.created_at, p.updated_at, "
    "io.name, ho.name, po.name, fu.display_name, ru.display_name "
    "FROM petitions p JOIN org_units io ON io.id = p.intake_org_id "
    "LEFT JOIN org_units ho ON ho.id = p.handler_org_id LEFT JOIN org_units po ON po.id = p.place_org_id "
    "JOIN users fu ON fu.id = p.first_handler_id JOIN users ru ON ru.id = p.registered_by";

struct Row {
  core::Petition p;
  std::optional<std::string> handler_name, place_name;
};

void into_row(soci::statement& st, Row& r) {
  auto& p = r.p;
  st.exchange(soci::into(p.id));
  st.exchange(soci::into(p.county_id));
  st.exchange(soci::into(p.intake_org_id));
  st.exchange(soci::into(p.intake_township_id));
  st.exchange(soci::into(p.number_org_id));
  st.exchange(soci::into(p.year));
  st.exchange(soci::into(p.seq));
  st.exchange(soci::into(p.number));
  st.exchange(soci::into(p.channel));
  st.exchange(soci::into(p.type));
  st.exchange(soci::into(p.state));
  st.exchange(soci::into(p.suspended));
  st.exchange(soci::into(p.real_name));
  st.exchange(soci::into(p.reporter_sealed));
  st.exchange(soci::into(p.reporter_key));
  st.exchange(soci::into(p.summary));
  st.exchange(soci::into(p.content));
  st.exchange(soci::into(p.category));
  st.exchange(soci::into(p.subcategory));
  st.exchange(soci::into(p.area));
  st.exchange(soci::into(p.place_org_id));
  st.exchange(soci::into(p.place_detail));
  st.exchange(soci::into(p.received_day));
  st.exchange(soci::into(p.postmark_day));
  st.exchange(soci::into(p.visitors));
  st.exchange(soci::into(p.identity_checked));
  st.exchange(soci::into(p.reception_cadre));
  st.exchange(soci::into(p.call_time));
  st.exchange(soci::into(p.web_source));
  st.exchange(soci::into(p.from_higher));
  st.exchange(soci::into(p.fast_track));
  st.exchange(soci::into(p.proposed_jurisdiction));
  st.exchange(soci::into(p.jurisdiction));
  st.exchange(soci::into(p.jurisdiction_reason));
  st.exchange(soci::into(p.handler_org_id));
  st.exchange(soci::into(p.handler_township_id));
  st.exchange(soci::into(p.handler_acknowledged_at));
  st.exchange(soci::into(p.transfer_to));
  st.exchange(soci::into(p.merged_into));
  st.exchange(soci::into(p.first_handler_id));
  st.exchange(soci::into(p.registered_by));
  st.exchange(soci::into(p.limit_code));
  st.exchange(soci::into(p.clock_start));
  st.exchange(soci::into(p.due_day));
  st.exchange(soci::into(p.pauses));
  st.exchange(soci::into(p.suspended_since));
  st.exchange(soci::into(p.extensions));
  st.exchange(soci::into(p.risk_terms));
  st.exchange(soci::into(p.created_at));
  st.exchange(soci::into(p.updated_at));
  st.exchange(soci::into(p.intake_org_name));
  st.exchange(soci::into(r.handler_name));
  st.exchange(soci::into(r.place_name));
  st.exchange(soci::into(p.first_handler_name));
  st.exchange(soci::into(p.registered_by_name));
}

core::Petition finish(const Row& r) {
  core::Petition p = r.p;
  p.handler_org_name = r.handler_name.value_or("");
  p.place_name = r.place_name.value_or("");
  return p;
}

std::vector<core::Petition> select_many(Tx& tx, const std::string& sql, Params& p) {
  std::vector<core::Petition> out;
  Row r;
  soci::statement st(tx.sql);
  into_row(st, r);
  prepare_and_run(st, p, sql, false);
  while (st.fetch()) out.push_back(finish(r));
  return out;
}

}  // namespace

long long next_number(Tx& tx, long long org_id, int year, const std::string& kind) {
  long long seq = 0;
  tx.sql << "INSERT INTO number_counters (org_id, year, kind, last_seq) VALUES (:o, :y, :k, 1) "
            "ON CONFLICT (org_id, year, kind) DO UPDATE SET last_seq = number_counters.last_seq + 1 "
            "RETURNING last_seq",
      soci::use(org_id), soci::use(year), soci::use(kind), soci::into(seq);
  return seq;
}

long long upsert_person(Tx& tx, const core::Person& p) {
  long long id = 0;
  tx.sql << "INSERT INTO persons (county_id, name, unit_name, post, unit_org_id, cadre_level, party_member, "
            "public_official, created_at, updated_at) VALUES (:c, :n, :u, :post, :uo, :lvl, :pm, :po, :now, :now2) "
            "ON CONFLICT (county_id, name, unit_name) DO UPDATE SET "
            "post = COALESCE(excluded.post, persons.post), "
            "unit_org_id = COALESCE(excluded.unit_org_id, persons.unit_org_id), "
            "cadre_level = excluded.cadre_level, party_member = excluded.party_member, "
            "public_official = excluded.public_official, updated_at = excluded.updated_at RETURNING id",
      soci::use(p.county_id), soci::use(p.name), soci::use(p.unit_name), soci::use(p.post), soci::use(p.unit_org_id),
      soci::use(p.cadre_level), soci::use(p.party_member), soci::use(p.public_official), soci::use(tx.now),
      soci::use(tx.now), soci::into(id);
  return id;
}

namespace {
const char* kPersonCols =
    "pe.id, pe.county_id, pe.name, pe.unit_name, pe.post, pe.unit_org_id, pe.cadre_level, pe.party_member, "
    "pe.public_official, pe.created_at, pe.updated_at";

void into_person(soci::statement& st, core::Person& p) {
  st.exchange(soci::into(p.id));
  st.exchange(soci::into(p.county_id));
  st.exchange(soci::into(p.name));
  st.exchange(soci::into(p.unit_name));
  st.exchange(soci::into(p.post));
  st.exchange(soci::into(p.unit_org_id));
  st.exchange(soci::into(p.cadre_level));
  st.exchange(soci::into(p.party_member));
  st.exchange(soci::into(p.public_official));
  st.exchange(soci::into(p.created_at));
  st.exchange(soci::into(p.updated_at));
}
}  // namespace

std::vector<core::Person> list_persons(Tx& tx, const core::Scope& scope, const std::optional<std::string>& q,
                                       const core::Page& page, long long* total) {
  // A person is visible when a petition in the actor's scope names them.
  Params p;
  std::string where = " FROM persons pe WHERE EXISTS (SELECT 1 FROM petition_persons pp JOIN petitions p "
                      "ON p.id = pp.petition_id WHERE pp.person_id = pe.id" +
                      petition_scope(scope, p) + ")";
  if (q) {
    auto pat = like_pattern(*q);
    where += " AND (pe.name LIKE " + p.add(pat) + " ESCAPE '\\' OR pe.unit_name LIKE " + p.add(pat) + " ESCAPE '\\')";
  }
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*)" + where, pc);
  }
  std::string sql = std::string("SELECT ") + kPersonCols + where + " ORDER BY pe.name, pe.id LIMIT " +
                    p.add(page.page_size) + " OFFSET " + p.add(page.offset());
  std::vector<core::Person> out;
  core::Person row;
  soci::statement st(tx.sql);
  into_person(st, row);
  prepare_and_run(st, p, sql, false);
  while (st.fetch()) out.push_back(row);
  return out;
}

void lock_petition(Tx& tx, long long id) {
  if (tx.backend != Backend::Postgres) return;
  long long got = 0;
  soci::indicator ind = soci::i_ok;
  tx.sql << "SELECT id FROM petitions WHERE id = :id FOR UPDATE", soci::use(id), soci::into(got, ind);
}

long long insert_petition(Tx& tx, const core::Petition& p) {
  long long id = 0;
  tx.sql << "INSERT INTO petitions (county_id, intake_org_id, intake_township_id, number_org_id, year, seq, number, "
            "channel, type, state, suspended, real_name, reporter_sealed, reporter_key, summary, content, category, "
            "subcategory, area, place_org_id, place_detail, received_day, postmark_day, visitors, identity_checked, "
            "reception_cadre, call_time, web_source, from_higher, fast_track, proposed_jurisdiction, jurisdiction, "
            "jurisdiction_reason, handler_org_id, handler_township_id, first_handler_id, registered_by, limit_code, "
            "clock_start, due_day, pauses, risk_terms, created_at, updated_at) VALUES (:county, :io, :it, :no, "
            ":year, :seq, :number, :channel, :type, :state, 0, :rn, :rs, :rk, :summary, :content, :cat, :sub, "
            ":area, :place, :pd, :recv, :post, :vis, :idc, :rc, :ct, :ws, :fh, :ft, :pj, :j, :jr, :ho, :ht, :fhid, "
            ":rb, :lc, :cs, :due, :pauses, :risk, :now, :now2) RETURNING id",
      soci::use(p.county_id), soci::use(p.intake_org_id), soci::use(p.intake_township_id), soci::use(p.number_org_id),
      soci::use(p.year), soci::use(p.seq), soci::use(p.number), soci::use(p.channel), soci::use(p.type),
      soci::use(p.state), soci::use(p.real_name), soci::use(p.reporter_sealed), soci::use(p.reporter_key),
      soci::use(p.summary), soci::use(p.content), soci::use(p.category), soci::use(p.subcategory),
      soci::use(p.area), soci::use(p.place_org_id), soci::use(p.place_detail), soci::use(p.received_day),
      soci::use(p.postmark_day), soci::use(p.visitors), soci::use(p.identity_checked), soci::use(p.reception_cadre),
      soci::use(p.call_time), soci::use(p.web_source), soci::use(p.from_higher), soci::use(p.fast_track),
      soci::use(p.proposed_jurisdiction), soci::use(p.jurisdiction), soci::use(p.jurisdiction_reason),
      soci::use(p.handler_org_id), soci::use(p.handler_township_id), soci::use(p.first_handler_id),
      soci::use(p.registered_by), soci::use(p.limit_code), soci::use(p.clock_start), soci::use(p.due_day),
      soci::use(p.pauses), soci::use(p.risk_terms), soci::use(tx.now), soci::use(tx.now), soci::into(id);
  return id;
}

void update_petition(Tx& tx, const core::Petition& p) {
  tx.sql << "UPDATE petitions SET state = :state, suspended = :susp, handler_org_id = :ho, "
            "handler_township_id = :ht, handler_acknowledged_at = :ack, transfer_to = :tt, merged_into = :mi, "
            "first_handler_id = :fh, limit_code = :lc, clock_start = :cs, due_day = :due, pauses = :pauses, "
            "suspended_since = :ss, extensions = :ext, updated_at = :now WHERE id = :id",
      soci::use(p.state), soci::use(p.suspended), soci::use(p.handler_org_id), soci::use(p.handler_township_id),
      soci::use(p.handler_acknowledged_at), soci::use(p.transfer_to), soci::use(p.merged_into),
      soci::use(p.first_handler_id), soci::use(p.limit_code), soci::use(p.clock_start), soci::use(p.due_day),
      soci::use(p.pauses), soci::use(p.suspended_since), soci::use(p.extensions), soci::use(tx.now), soci::use(p.id);
}

std::optional<core::Petition> find_petition(Tx& tx, const core::Scope& scope, long long id) {
  Params p;
  std::string sql = std::string("SELECT ") + kCols + " WHERE p.id = " + p.add(id) + petition_scope(scope, p);
  auto v = select_many(tx, sql, p);
  if (v.empty()) return std::nullopt;
  return v.front();
}

namespace {
std::string petition_where(Backend backend, const core::Scope& scope, const PetitionFilter& f, Params& p) {
  std::string where = " WHERE 1=1" + petition_scope(scope, p);
  auto eq = [&](const char* col, const std::optional<std::string>& v) {
    if (v) where += std::string(" AND ") + col + " = " + p.add(*v);
  };
  eq("p.state", f.state);
  eq("p.channel", f.channel);
  eq("p.type", f.type);
  eq("p.category", f.category);
  if (f.handler_org_id) where += " AND p.handler_org_id = " + p.add(*f.handler_org_id);
  if (f.intake_org_id) where += " AND p.intake_org_id = " + p.add(*f.intake_org_id);
  if (f.person_id)
    where += " AND EXISTS (SELECT 1 FROM petition_persons pp WHERE pp.petition_id = p.id AND pp.person_id = " +
             p.add(*f.person_id) + ")";
  if (f.received_from) where += " AND p.received_day >= " + p.add(*f.received_from);
  if (f.received_to) where += " AND p.received_day <= " + p.add(*f.received_to);
  if (f.overdue_before)
    where += " AND p.suspended = 0 AND p.due_day IS NOT NULL AND p.due_day < " + p.add(*f.overdue_before);
  if (f.q) {
    // Numbers by substring; summary, content and reported persons by the CJK
    // full-text index of each backend.
    where += " AND (p.number LIKE " + p.add(like_pattern(*f.q)) + " ESCAPE '\\'";
    if (backend == Backend::Postgres) {
      auto q = search::pg_query(*f.q);
      if (!q.empty()) where += " OR p.search @@ to_tsquery('simple', " + p.add(q) + ")";
    } else {
      auto q = search::fts5_query(*f.q);
      if (!q.empty()) where += " OR p.id IN (SELECT rowid FROM petition_fts WHERE petition_fts MATCH " + p.add(q) + ")";
    }
    where += ")";
  }
  return where;
}
}  // namespace

std::vector<core::Petition> list_petitions(Tx& tx, const core::Scope& scope, const PetitionFilter& f,
                                           const core::Page& page, long long* total) {
  Params p;
  std::string where = petition_where(tx.backend, scope, f, p);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM petitions p" + where, pc);
  }
  // Page the ids on petitions alone, then join the page's rows: joining
  // every match before the sort cost a lookup per match and per join.
  std::string sql = std::string("SELECT ") + kCols + " WHERE p.id IN (SELECT p.id FROM petitions p" + where +
                    " ORDER BY p.id DESC LIMIT " + p.add(page.page_size) + " OFFSET " + p.add(page.offset()) +
                    ") ORDER BY p.id DESC";
  return select_many(tx, sql, p);
}

void scan_petition_ledger(Tx& tx, const core::Scope& scope, const PetitionFilter& f,
                          const std::function<void(const LedgerRow&)>& fn) {
  Params p;
  std::string where = petition_where(tx.backend, scope, f, p);
  const std::string names = tx.backend == Backend::Postgres
                                ? "(SELECT string_agg(pe.name, '、' ORDER BY pp.sort) FROM petition_persons pp "
                                  "JOIN persons pe ON pe.id = pp.person_id WHERE pp.petition_id = p.id)"
                                : "(SELECT group_concat(name, '、') FROM (SELECT pe.name FROM petition_persons pp "
                                  "JOIN persons pe ON pe.id = pp.person_id WHERE pp.petition_id = p.id ORDER BY pp.sort))";
  std::string sql = "SELECT p.id, p.number, p.received_day, p.channel, p.type, " + names +
                    ", p.category, p.subcategory, p.summary, io.name, ho.name, p.state, p.suspended, p.due_day, "
                    "p.limit_code FROM petitions p JOIN org_units io ON io.id = p.intake_org_id "
                    "LEFT JOIN org_units ho ON ho.id = p.handler_org_id" +
                    where + " ORDER BY p.id DESC";
  LedgerRow r;
  soci::statement st(tx.sql);
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.number));
  st.exchange(soci::into(r.received_day));
  st.exchange(soci::into(r.channel));
  st.exchange(soci::into(r.type));
  st.exchange(soci::into(r.persons));
  st.exchange(soci::into(r.category));
  st.exchange(soci::into(r.subcategory));
  st.exchange(soci::into(r.summary));
  st.exchange(soci::into(r.intake_name));
  st.exchange(soci::into(r.handler_name));
  st.exchange(soci::into(r.state));
  st.exchange(soci::into(r.suspended));
  st.exchange(soci::into(r.due_day));
  st.exchange(soci::into(r.limit_code));
  prepare_and_run(st, p, sql, false);
  while (st.fetch()) fn(r);
}

void index_petition_text(Tx& tx, long long id, const std::string& summary, const std::string& content,
                         const std::string& persons) {
  if (tx.backend == Backend::Postgres) {
    std::string doc = search::pg_document(summary + "\n" + content + "\n" + persons);
    tx.sql << "UPDATE petitions SET search = to_tsvector('simple', :d) WHERE id = :id", soci::use(doc), soci::use(id);
    return;
  }
  tx.sql << "DELETE FROM petition_fts WHERE rowid = :id", soci::use(id);
  tx.sql << "INSERT INTO petition_fts (rowid, summary, content, persons) VALUES (:id, :s, :c, :p)", soci::use(id),
      soci::use(summary), soci::use(content), soci::use(persons);
}

void index_petition_signature(Tx& tx, long long id, const std::string& signature, const std::vector<long long>& bands) {
  tx.sql << "DELETE FROM petition_bands WHERE petition_id = :id", soci::use(id);
  tx.sql << "DELETE FROM petition_signatures WHERE petition_id = :id", soci::use(id);
  tx.sql << "INSERT INTO petition_signatures (petition_id, signature) VALUES (:id, :s)", soci::use(id),
      soci::use(signature);
  long long key = 0;
  soci::statement st = (tx.sql.prepare << "INSERT INTO petition_bands (band_key, petition_id) VALUES (:k, :id)",
                        soci::use(key), soci::use(id));
  for (long long b : bands) {
    key = b;
    st.execute(true);
  }
}

namespace {
std::vector<DuplicateCandidate> select_candidates(Tx& tx, const std::string& sql, Params& p) {
  std::vector<DuplicateCandidate> out;
  DuplicateCandidate c;
  std::optional<std::string> sig;
  soci::statement st(tx.sql);
  st.exchange(soci::into(c.id));
  st.exchange(soci::into(c.number));
  st.exchange(soci::into(c.summary));
  st.exchange(soci::into(c.state));
  st.exchange(soci::into(c.received_day));
  st.exchange(soci::into(sig));
  prepare_and_run(st, p, sql, false);
  while (st.fetch()) {
    c.signature = sig.value_or("");
    out.push_back(c);
  }
  return out;
}
const char* kCandidateCols =
    "SELECT p.id, p.number, p.summary, p.state, p.received_day, s.signature FROM petitions p "
    "LEFT JOIN petition_signatures s ON s.petition_id = p.id";
}  // namespace

std::vector<DuplicateCandidate> band_candidates(Tx& tx, const core::Scope& scope, const std::vector<long long>& bands,
                                                long long exclude_id, std::size_t limit) {
  if (bands.empty()) return {};
  Params p;
  std::string in;
  for (auto b : bands) in += (in.empty() ? "" : ", ") + p.add(b);
  std::string sql = std::string(kCandidateCols) +
                    " WHERE p.id IN (SELECT petition_id FROM petition_bands WHERE band_key IN (" + in +
                    ")) AND p.id <> " + p.add(exclude_id) + petition_scope(scope, p) + " ORDER BY p.id DESC LIMIT " +
                    p.add(static_cast<long long>(limit));
  return select_candidates(tx, sql, p);
}

std::optional<std::string> signature_of(Tx& tx, long long id) {
  std::string sig;
  soci::indicator ind = soci::i_null;
  tx.sql << "SELECT signature FROM petition_signatures WHERE petition_id = :id", soci::use(id), soci::into(sig, ind);
  if (!tx.sql.got_data() || ind == soci::i_null) return std::nullopt;
  return sig;
}

std::vector<DuplicateCandidate> petitions_naming(Tx& tx, const core::Scope& scope, const std::string& name,
                                                 const std::string& unit_name, std::size_t limit) {
  Params p;
  std::string sql = std::string(kCandidateCols) +
                    " WHERE EXISTS (SELECT 1 FROM petition_persons pp JOIN persons pe ON pe.id = pp.person_id "
                    "WHERE pp.petition_id = p.id AND pe.name = " + p.add(name) + " AND pe.unit_name = " +
                    p.add(unit_name) + ")" + petition_scope(scope, p) + " ORDER BY p.id DESC LIMIT " +
                    p.add(static_cast<long long>(limit));
  return select_candidates(tx, sql, p);
}

std::vector<DuplicateCandidate> repeats_of(Tx& tx, long long id) {
  Params p;
  std::string sql = std::string(kCandidateCols) + " WHERE p.merged_into = " + p.add(id) + " ORDER BY p.id";
  return select_candidates(tx, sql, p);
}

std::vector<core::Petition> warning_candidates(Tx& tx, const core::Scope& scope, const std::string& cutoff,
                                               std::size_t limit) {
  Params p;
  std::string sql = std::string("SELECT ") + kCols + " WHERE ((p.suspended = 0 AND p.due_day IS NOT NULL AND p.due_day <= " +
                    p.add(cutoff) +
                    ") OR (p.state IN ('registered', 'accepted', 'assigned', 'in_progress') AND "
                    "((p.channel = 'visit' AND p.visitors >= 5) OR p.risk_terms IS NOT NULL)))" +
                    petition_scope(scope, p) + " ORDER BY p.due_day, p.id LIMIT " + p.add(static_cast<long long>(limit));
  return select_many(tx, sql, p);
}

std::vector<WarningAck> acks_for(Tx& tx, const std::vector<long long>& ids) {
  std::vector<WarningAck> out;
  for (std::size_t from = 0; from < ids.size(); from += 500) {
    Params p;
    std::string in;
    for (std::size_t i = from; i < ids.size() && i < from + 500; ++i) in += (in.empty() ? "" : ", ") + p.add(ids[i]);
    std::string sql =
        "SELECT a.petition_id, a.code, a.occurrence, a.user_id, u.display_name, a.note, a.at FROM warning_acks a "
        "JOIN users u ON u.id = a.user_id WHERE a.petition_id IN (" + in + ")";
    WarningAck a;
    soci::statement st(tx.sql);
    st.exchange(soci::into(a.petition_id));
    st.exchange(soci::into(a.code));
    st.exchange(soci::into(a.occurrence));
    st.exchange(soci::into(a.user_id));
    st.exchange(soci::into(a.user_name));
    st.exchange(soci::into(a.note));
    st.exchange(soci::into(a.at));
    prepare_and_run(st, p, sql, false);
    while (st.fetch()) out.push_back(a);
  }
  return out;
}

bool insert_ack(Tx& tx, long long county_id, const WarningAck& a) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  tx.sql << "INSERT INTO warning_acks (county_id, petition_id, code, occurrence, user_id, note, at) "
            "VALUES (:c, :p, :code, :o, :u, :n, :at) ON CONFLICT (petition_id, code, occurrence) DO NOTHING RETURNING id",
      soci::use(county_id), soci::use(a.petition_id), soci::use(a.code), soci::use(a.occurrence), soci::use(a.user_id),
      soci::use(a.note), soci::use(tx.now), soci::into(id, ind);
  return tx.sql.got_data() && ind == soci::i_ok;
}

void insert_reported(Tx& tx, long long petition_id, const core::ReportedPerson& rp, int sort) {
  tx.sql << "INSERT INTO petition_persons (petition_id, person_id, sort, county_department, "
            "township_discipline_staff, township_party_secretary) VALUES (:p, :pe, :s, :cd, :tds, :tps)",
      soci::use(petition_id), soci::use(rp.person.id), soci::use(sort), soci::use(rp.county_department),
      soci::use(rp.township_discipline_staff), soci::use(rp.township_party_secretary);
}

std::vector<core::ReportedPerson> reported_of(Tx& tx, long long petition_id) {
  Params p;
  std::string sql = std::string("SELECT ") + kPersonCols +
                    ", pp.county_department, pp.township_discipline_staff, pp.township_party_secretary "
                    "FROM petition_persons pp JOIN persons pe ON pe.id = pp.person_id WHERE pp.petition_id = " +
                    p.add(petition_id) + " ORDER BY pp.sort";
  std::vector<core::ReportedPerson> out;
  core::ReportedPerson r;
  soci::statement st(tx.sql);
  into_person(st, r.person);
  st.exchange(soci::into(r.county_department));
  st.exchange(soci::into(r.township_discipline_staff));
  st.exchange(soci::into(r.township_party_secretary));
  prepare_and_run(st, p, sql, false);
  while (st.fetch()) out.push_back(r);
  return out;
}

long long insert_step(Tx& tx, const core::PetitionStep& s) {
  long long id = 0;
  tx.sql << "INSERT INTO petition_steps (petition_id, action, from_state, to_state, actor_id, actor_name, org_id, at, "
            "reason, note, limit_code, due_day) VALUES (:p, :a, :f, :t, :u, :un, :o, :at, :r, :n, :lc, :due) "
            "RETURNING id",
      soci::use(s.petition_id), soci::use(s.action), soci::use(s.from_state), soci::use(s.to_state),
      soci::use(s.actor_id), soci::use(s.actor_name), soci::use(s.org_id), soci::use(tx.now), soci::use(s.reason),
      soci::use(s.note), soci::use(s.limit_code), soci::use(s.due_day), soci::into(id);
  return id;
}

std::vector<core::PetitionStep> steps_of(Tx& tx, long long petition_id) {
  Params p;
  std::string sql =
      "SELECT id, petition_id, action, from_state, to_state, actor_id, actor_name, org_id, at, reason, note, "
      "limit_code, due_day FROM petition_steps WHERE petition_id = " +
      p.add(petition_id) + " ORDER BY id";
  std::vector<core::PetitionStep> out;
  core::PetitionStep s;
  soci::statement st(tx.sql);
  st.exchange(soci::into(s.id));
  st.exchange(soci::into(s.petition_id));
  st.exchange(soci::into(s.action));
  st.exchange(soci::into(s.from_state));
  st.exchange(soci::into(s.to_state));
  st.exchange(soci::into(s.actor_id));
  st.exchange(soci::into(s.actor_name));
  st.exchange(soci::into(s.org_id));
  st.exchange(soci::into(s.at));
  st.exchange(soci::into(s.reason));
  st.exchange(soci::into(s.note));
  st.exchange(soci::into(s.limit_code));
  st.exchange(soci::into(s.due_day));
  prepare_and_run(st, p, sql, false);
  while (st.fetch()) out.push_back(s);
  return out;
}

std::vector<core::Petition> related_petitions(Tx& tx, const core::Scope& scope, const core::Petition& of,
                                              std::size_t limit) {
  // Two indexed lookups (the reporter's blind index, the persons' links),
  // never a scan of the county.
  Params p;
  std::string ids = "SELECT b.petition_id FROM petition_persons a JOIN petition_persons b ON b.person_id = a.person_id "
                    "WHERE a.petition_id = " + p.add(of.id);
  if (of.reporter_key)
    ids += " UNION SELECT id FROM petitions WHERE county_id = " + p.add(of.county_id) + " AND reporter_key = " +
           p.add(*of.reporter_key);
  std::string sql = std::string("SELECT ") + kCols + " WHERE p.id IN (" + ids + ") AND p.id <> " + p.add(of.id) +
                    petition_scope(scope, p) + " ORDER BY p.id DESC LIMIT " + p.add(static_cast<long long>(limit));
  return select_many(tx, sql, p);
}

// --- monthly counts

std::vector<StatRow> petition_month_counts(Tx& tx, const core::Scope& scope, int year, const std::string& dimension) {
  std::string key;
  if (dimension == "channel") key = "p.channel";
  else if (dimension == "type") key = "p.type";
  else if (dimension == "category") key = "p.category";
  else if (dimension == "township") key = "COALESCE(ht.name, it.name, '县本级')";
  else throw std::invalid_argument("unknown dimension");
  Params p;
  std::string scope_sql = petition_scope(scope, p);
  const std::string y = std::to_string(year);
  std::string sql = "SELECT SUBSTR(p.received_day, 1, 7) AS m, " + key +
                    " AS k, COUNT(*) FROM petitions p LEFT JOIN org_units ht ON ht.id = p.handler_township_id "
                    "LEFT JOIN org_units it ON it.id = p.intake_township_id WHERE p.received_day >= " +
                    p.add(y + "-01-01") + " AND p.received_day <= " + p.add(y + "-12-31") + scope_sql +
                    " GROUP BY SUBSTR(p.received_day, 1, 7), " + key + " ORDER BY 1, 2";
  std::vector<StatRow> out;
  StatRow r;
  soci::statement st(tx.sql);
  st.exchange(soci::into(r.month));
  st.exchange(soci::into(r.key));
  st.exchange(soci::into(r.count));
  prepare_and_run(st, p, sql, false);
  while (st.fetch()) out.push_back(r);
  return out;
}

}  // namespace funnel::store
