#include "store/petitions_repo.hpp"

#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

#include "core/petition.hpp"
#include "search/cjk.hpp"
#include "search/minhash.hpp"
#include "store/query.hpp"

namespace funnel::store {

// The petition data scope (SY-1): the county sees its county; a township
// (or a room's linked townships) sees what it registered or handles; a room
// also what is assigned to it; own records what the user registered or owns.
namespace {
// Not a conflict-of-interest item. As a lookup in the few such ids (a partial
// index, migration 17) rather than `p.conflict = 0`, which made every row a
// township's indexes find be read from the table: 3× slower list pages.
constexpr const char* kNoConflict = " AND p.id NOT IN (SELECT cf.id FROM petitions cf WHERE cf.conflict = 1)";

std::string unit_scope(const core::Scope& s, Params& p) {
  using core::DataScope;
  if (s.unrestricted) return "";
  if (s.kind == DataScope::None) return " AND 1=0";
  switch (s.kind) {
    case DataScope::County: return " AND p.county_id = " + p.add(s.county_id);
    case DataScope::OwnRecords: {
      std::string out = " AND p.county_id = " + p.add(s.county_id);
      auto me = p.add(s.user_id);
      return out + " AND (p.registered_by = " + me + " OR p.first_handler_id = " + me + ")" + kNoConflict;
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
      out += ")";
      // A township never sees an item about its own discipline staff or
      // party secretary (domain.md §1), whatever it is linked to.
      if (s.kind == DataScope::OwnTownship) out += kNoConflict;
      return out;
    }
    default: return " AND 1=0";
  }
}
}  // namespace

std::string recusal_clause(const core::Scope& s, Params& p, const char* link_table, const char* link_col,
                           const char* alias) {
  if (s.recused_person_ids.empty()) return "";
  std::string list;
  for (std::size_t i = 0; i < s.recused_person_ids.size(); ++i)
    list += (i ? ", " : "") + p.add(s.recused_person_ids[i]);
  return std::string(" AND NOT EXISTS (SELECT 1 FROM ") + link_table + " rx WHERE rx." + link_col + " = " + alias +
         ".id AND rx.person_id IN (" + list + "))";
}

std::string petition_scope(const core::Scope& s, Params& p) {
  if (s.unrestricted) return "";
  auto out = unit_scope(s, p);
  if (out == " AND 1=0") return out;
  return out + recusal_clause(s, p, "petition_persons", "petition_id", "p");
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
    "p.suspended_since, p.extensions, p.risk_terms, p.conflict, p.created_at, p.updated_at, "
    "io.name, ho.name, po.name, fu.display_name, ru.display_name "
    "FROM petitions p JOIN org_units io ON io.id = p.intake_org_id "
    "LEFT JOIN org_units ho ON ho.id = p.handler_org_id LEFT JOIN org_units po ON po.id = p.place_org_id "
    "JOIN users fu ON fu.id = p.first_handler_id JOIN users ru ON ru.id = p.registered_by";

struct Row {
  core::Petition p;
  std::optional<std::string> handler_name, place_name;
};

void into_row(Query& st, Row& r) {
  auto& p = r.p;
  st.into(p.id);
  st.into(p.county_id);
  st.into(p.intake_org_id);
  st.into(p.intake_township_id);
  st.into(p.number_org_id);
  st.into(p.year);
  st.into(p.seq);
  st.into(p.number);
  st.into(p.channel);
  st.into(p.type);
  st.into(p.state);
  st.into(p.suspended);
  st.into(p.real_name);
  st.into(p.reporter_sealed);
  st.into(p.reporter_key);
  st.into(p.summary);
  st.into(p.content);
  st.into(p.category);
  st.into(p.subcategory);
  st.into(p.area);
  st.into(p.place_org_id);
  st.into(p.place_detail);
  st.into(p.received_day);
  st.into(p.postmark_day);
  st.into(p.visitors);
  st.into(p.identity_checked);
  st.into(p.reception_cadre);
  st.into(p.call_time);
  st.into(p.web_source);
  st.into(p.from_higher);
  st.into(p.fast_track);
  st.into(p.proposed_jurisdiction);
  st.into(p.jurisdiction);
  st.into(p.jurisdiction_reason);
  st.into(p.handler_org_id);
  st.into(p.handler_township_id);
  st.into(p.handler_acknowledged_at);
  st.into(p.transfer_to);
  st.into(p.merged_into);
  st.into(p.first_handler_id);
  st.into(p.registered_by);
  st.into(p.limit_code);
  st.into(p.clock_start);
  st.into(p.due_day);
  st.into(p.pauses);
  st.into(p.suspended_since);
  st.into(p.extensions);
  st.into(p.risk_terms);
  st.into(p.conflict);
  st.into(p.created_at);
  st.into(p.updated_at);
  st.into(p.intake_org_name);
  st.into(r.handler_name);
  st.into(r.place_name);
  st.into(p.first_handler_name);
  st.into(p.registered_by_name);
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
  Query st(tx);
  into_row(st, r);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(finish(r));
  return out;
}

}  // namespace

long long next_number(Tx& tx, long long org_id, int year, const std::string& kind) {
  long long seq = 0;
  Query(tx).use(org_id).use(year).use(kind).into(seq).run(
      "INSERT INTO number_counters (org_id, year, kind, last_seq) VALUES (:o, :y, :k, 1) "
      "ON CONFLICT (org_id, year, kind) DO UPDATE SET last_seq = number_counters.last_seq + 1 "
      "RETURNING last_seq");
  return seq;
}

long long upsert_person(Tx& tx, const core::Person& p) {
  long long id = 0;
  Query q(tx);
  person_values(q, p, tx.now);
  q.into(id).run(
      "INSERT INTO persons (county_id, name, unit_name, post, unit_org_id, cadre_level, party_member, "
      "public_official, created_at, updated_at) VALUES (:c, :n, :u, :post, :uo, :lvl, :pm, :po, :now, :now2) "
      "ON CONFLICT (county_id, name, unit_name) DO UPDATE SET "
      "post = COALESCE(excluded.post, persons.post), "
      "unit_org_id = COALESCE(excluded.unit_org_id, persons.unit_org_id), "
      "cadre_level = excluded.cadre_level, party_member = excluded.party_member, "
      "public_official = excluded.public_official, updated_at = excluded.updated_at RETURNING id");
  return id;
}

const char* const kPersonCols =
    "pe.id, pe.county_id, pe.name, pe.unit_name, pe.post, pe.unit_org_id, pe.cadre_level, pe.party_member, "
    "pe.public_official, pe.created_at, pe.updated_at";

void into_person(Query& st, core::Person& p) {
  st.into(p.id);
  st.into(p.county_id);
  st.into(p.name);
  st.into(p.unit_name);
  st.into(p.post);
  st.into(p.unit_org_id);
  st.into(p.cadre_level);
  st.into(p.party_member);
  st.into(p.public_official);
  st.into(p.created_at);
  st.into(p.updated_at);
}

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
  Query st(tx);
  into_person(st, row);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(row);
  return out;
}

void lock_petition(Tx& tx, long long id) {
  if (tx.backend != Backend::Postgres) return;
  long long got = 0;
  soci::indicator ind = soci::i_ok;
  Query(tx).use(id).into(got, ind).run("SELECT id FROM petitions WHERE id = :id FOR UPDATE");
}

const std::vector<std::string> kPetitionColumns = {"county_id",
                                                   "intake_org_id",
                                                   "intake_township_id",
                                                   "number_org_id",
                                                   "year",
                                                   "seq",
                                                   "number",
                                                   "channel",
                                                   "type",
                                                   "state",
                                                   "suspended",
                                                   "real_name",
                                                   "reporter_sealed",
                                                   "reporter_key",
                                                   "summary",
                                                   "content",
                                                   "category",
                                                   "subcategory",
                                                   "area",
                                                   "place_org_id",
                                                   "place_detail",
                                                   "received_day",
                                                   "postmark_day",
                                                   "visitors",
                                                   "identity_checked",
                                                   "reception_cadre",
                                                   "call_time",
                                                   "web_source",
                                                   "from_higher",
                                                   "fast_track",
                                                   "proposed_jurisdiction",
                                                   "jurisdiction",
                                                   "jurisdiction_reason",
                                                   "handler_org_id",
                                                   "handler_township_id",
                                                   "handler_acknowledged_at",
                                                   "transfer_to",
                                                   "merged_into",
                                                   "first_handler_id",
                                                   "registered_by",
                                                   "limit_code",
                                                   "clock_start",
                                                   "due_day",
                                                   "pauses",
                                                   "suspended_since",
                                                   "extensions",
                                                   "risk_terms",
                                                   "conflict",
                                                   "created_at",
                                                   "updated_at"};

long long insert_petition(Tx& tx, const core::Petition& p) {
  Query q(tx);
  petition_values(q, p, tx.now);
  return q.insert(insert_sql("petitions", kPetitionColumns));
}

void update_petition(Tx& tx, const core::Petition& p) {
  Query(tx)
      .use(p.state)
      .use(p.suspended)
      .use(p.handler_org_id)
      .use(p.handler_township_id)
      .use(p.handler_acknowledged_at)
      .use(p.transfer_to)
      .use(p.merged_into)
      .use(p.first_handler_id)
      .use(p.limit_code)
      .use(p.clock_start)
      .use(p.due_day)
      .use(p.pauses)
      .use(p.suspended_since)
      .use(p.extensions)
      .use(tx.now)
      .use(p.id)
      .run(
          "UPDATE petitions SET state = :state, suspended = :susp, handler_org_id = :ho, "
          "handler_township_id = :ht, handler_acknowledged_at = :ack, transfer_to = :tt, merged_into = :mi, "
          "first_handler_id = :fh, limit_code = :lc, clock_start = :cs, due_day = :due, pauses = :pauses, "
          "suspended_since = :ss, extensions = :ext, updated_at = :now WHERE id = :id");
}

bool petition_visible(Tx& tx, const core::Scope& scope, long long id) {
  Params p;
  return count(tx, "SELECT COUNT(*) FROM petitions p WHERE p.id = " + p.add(id) + petition_scope(scope, p), p) > 0;
}

std::optional<core::Petition> find_petition(Tx& tx, const core::Scope& scope, long long id) {
  Params p;
  std::string sql = std::string("SELECT ") + kCols + " WHERE p.id = " + p.add(id) + petition_scope(scope, p);
  auto v = select_many(tx, sql, p);
  if (v.empty()) return std::nullopt;
  return v.front();
}

namespace {
std::vector<long long> county_ids(Tx& tx) {
  std::vector<long long> out;
  long long id = 0;
  Query st(tx);
  st.into(id);
  st.run("SELECT id FROM org_units WHERE kind = 'county' ORDER BY id", false);
  while (st.fetch()) out.push_back(id);
  return out;
}

// Short names of the units that number petitions (the county's, or all).
std::vector<std::string> number_short_names(Tx& tx, long long county_id) {
  std::vector<std::string> out;
  std::string name;
  Query st(tx);
  st.into(name);
  if (county_id) st.use(county_id);
  st.run(std::string("SELECT short_name FROM org_units WHERE short_name IS NOT NULL AND kind IN ('county', "
                     "'township')") +
             (county_id ? " AND county_id = :c" : ""),
         false);
  while (st.fetch()) out.push_back(name);
  return out;
}

std::string petition_where(Tx& tx, const core::Scope& scope, const PetitionFilter& f, Params& p) {
  const Backend backend = tx.backend;
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
    // full-text index of each backend. Both give ids, so the match drives
    // the plan: the scope is then checked on those rows only, instead of
    // testing every row of the scope (a county: 7,000 at province scale).
    const bool county = !scope.unrestricted && scope.county_id != 0;
    // The number scan (index (county_id, number)) only when a number can
    // hold the text: 低保 cannot, unless a unit's short name has 低 and 保.
    std::string ids = "SELECT -1";
    const bool number_scan = core::could_match_number(*f.q, number_short_names(tx, county ? scope.county_id : 0));
    if (number_scan) {
      ids = "SELECT id FROM petitions WHERE number LIKE " + p.add(like_pattern(*f.q)) + " ESCAPE '\\'";
      if (county) ids += " AND county_id = " + p.add(scope.county_id);
    }
    // A scoped search ANDs the county token in: the index then intersects
    // with one county's postings instead of listing every match.
    if (backend == Backend::Postgres) {
      auto q = search::pg_query(*f.q);
      if (!q.empty() && county) q = "'" + county_token(scope.county_id) + "' & (" + q + ")";
      if (!q.empty() && !number_scan) {
        // Text alone: a plain condition, so the planner ANDs the GIN bitmap
        // with the scope's index bitmaps and visits only rows in both (a
        // township's 低保: 118 rows instead of its county's 2,218).
        where += " AND p.search @@ to_tsquery('simple', " + p.add(q) + ")";
        return where;
      }
      if (!q.empty()) ids += " UNION SELECT id FROM petitions WHERE search @@ to_tsquery('simple', " + p.add(q) + ")";
    } else if (!search::fts5_query(*f.q).empty()) {
      // The index is partitioned by county: a scoped search reads its own
      // county's postings; an unrestricted one asks each county in turn.
      std::string q;
      if (county) {
        q = search::fts5_query(*f.q, search::fts5_partition(scope.county_id));
      } else {
        for (long long c : county_ids(tx))
          q += (q.empty() ? "(" : " OR (") + search::fts5_query(*f.q, search::fts5_partition(c)) + ")";
      }
      if (!q.empty()) ids += " UNION SELECT rowid FROM petition_fts WHERE petition_fts MATCH " + p.add(q);
    }
    where += " AND p.id IN (" + ids + ")";
  }
  return where;
}
}  // namespace

std::vector<core::Petition> list_petitions(Tx& tx, const core::Scope& scope, const PetitionFilter& f,
                                           const core::Page& page, long long* total) {
  Params p;
  std::string where = petition_where(tx, scope, f, p);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM petitions p" + where, pc);
  }
  // Page the ids on petitions alone, then join the page's rows: joining
  // every match before the sort cost a lookup per match and per join.
  // PostgreSQL expects text matches everywhere and walks the primary key
  // backwards, testing each row's tsvector until the page is full (a
  // township's 低保: 4,900 rows for 20). Materialised, the matches come from
  // the index bitmaps and only they are sorted.
  const bool materialise = f.q && tx.backend == Backend::Postgres;
  std::string matches = "SELECT p.id FROM petitions p" + where;
  if (materialise) matches = "WITH m AS MATERIALIZED (" + matches + ") SELECT id FROM m";
  std::string sql = std::string("SELECT ") + kCols + " WHERE p.id IN (" + matches + " ORDER BY " +
                    (materialise ? "id" : "p.id") + " DESC LIMIT " + p.add(page.page_size) + " OFFSET " +
                    p.add(page.offset()) + ") ORDER BY p.id DESC";
  return select_many(tx, sql, p);
}

void scan_petition_ledger(Tx& tx, const core::Scope& scope, const PetitionFilter& f,
                          const std::function<void(const LedgerRow&)>& fn) {
  Params p;
  std::string where = petition_where(tx, scope, f, p);
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
  Query st(tx);
  st.into(r.id);
  st.into(r.number);
  st.into(r.received_day);
  st.into(r.channel);
  st.into(r.type);
  st.into(r.persons);
  st.into(r.category);
  st.into(r.subcategory);
  st.into(r.summary);
  st.into(r.intake_name);
  st.into(r.handler_name);
  st.into(r.state);
  st.into(r.suspended);
  st.into(r.due_day);
  st.into(r.limit_code);
  st.run(p, sql, false);
  while (st.fetch()) fn(r);
}

std::string county_token(long long county_id) { return "zc" + std::to_string(county_id); }

std::string pg_search_document(long long county_id, const std::string& summary, const std::string& content,
                               const std::string& persons_text) {
  return search::pg_document(summary + "\n" + content + "\n" + persons_text + " " + county_token(county_id));
}

void index_petition_text(Tx& tx, long long id, long long county_id, const std::string& summary,
                         const std::string& content, const std::string& persons_text) {
  if (tx.backend == Backend::Postgres) {
    std::string doc = pg_search_document(county_id, summary, content, persons_text);
    Query(tx).use(doc).use(id).run("UPDATE petitions SET search = to_tsvector('simple', :d) WHERE id = :id");
    return;
  }
  // Each column under the county's partition (search::fts5_marked).
  const std::string m = search::fts5_marked(search::fts5_partition(county_id));
  at_commit(tx, [id, s = m + summary, c = m + content, p = m + persons_text](Tx& t) {
    Query(t).use(id).use(s).use(c).use(p).run(
        "INSERT INTO petition_fts (rowid, summary, content, persons) VALUES (:id, :s, :c, :p)");
  });
}

std::string band_token(long long county_id, long long band) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "c%lldb%llx", county_id, static_cast<unsigned long long>(band));
  return buf;
}

std::string band_tokens(long long county_id, const std::vector<long long>& bands) {
  std::set<long long> unique(bands.begin(), bands.end());
  std::string tokens;
  for (long long b : unique) tokens += (tokens.empty() ? "" : " ") + band_token(county_id, b);
  return tokens;
}

void index_petition_signature(Tx& tx, long long id, long long county_id, const std::string& signature,
                              const std::vector<long long>& bands) {
  // The county's next generation (migration 21): the counter row stays
  // locked to the commit, so a reader that sees generation g sees every
  // signature up to g.
  long long generation = 0;
  Query(tx).use(county_id).into(generation).run(
      "INSERT INTO duplicate_generations (county_id, generation) VALUES (:c, 1) ON CONFLICT (county_id) DO UPDATE "
      "SET generation = duplicate_generations.generation + 1 RETURNING generation");
  Query(tx).use(id).use(signature).use(county_id).use(generation).run(
      "INSERT INTO petition_signatures (petition_id, signature, county_id, generation) VALUES (:id, :s, :c, :g)");
  if (bands.empty()) return;
  // Equal keys collapse: a band is in the index once per petition.
  std::set<long long> unique(bands.begin(), bands.end());
  if (tx.backend == Backend::Sqlite) {
    // FTS5 buffers a transaction's rows and writes them as one segment; a
    // B-tree keyed by band dirtied a random page per band instead.
    std::string tokens = band_tokens(county_id, bands);
    at_commit(tx, [id, tokens = std::move(tokens)](Tx& t) {
      Query(t).use(id).use(tokens).run("INSERT INTO petition_band_index (rowid, bands) VALUES (:id, :t)");
    });
    return;
  }
  Params p;
  const std::string c = p.add(county_id), pid = p.add(id);
  std::string sql = "INSERT INTO petition_band_keys (county_id, band_key, petition_id) VALUES ";
  bool first = true;
  for (long long b : unique) {
    sql += (first ? "(" : ", (") + c + ", " + p.add(b) + ", " + pid + ")";
    first = false;
  }
  Query st(tx);
  st.run(p, sql, false);
}

namespace {
void fts_command(Tx& tx, const std::string& table, const std::string& command, const std::string& value) {
  // Table names are ours; the value is a number or empty.
  if (value.empty())
    tx.sql << "INSERT INTO " + table + "(" + table + ") VALUES ('" + command + "')";
  else
    tx.sql << "INSERT INTO " + table + "(" + table + ", rank) VALUES ('" + command + "', " + value + ")";
}
constexpr const char* kFtsTables[] = {"petition_fts", "petition_band_index"};
// FTS5's default (16) made a level full of small segments, while the big
// segment of a bulk load or an 'optimize' was still being merged in steps,
// force the whole merge into one commit: registrations stalled for seconds
// (docs/benchmarks.md, 2026-12-04). Migration 16 sets the same.
constexpr const char* kCrisisMerge = "64";
}  // namespace

void begin_bulk_indexing(Tx& tx) {
  if (tx.backend != Backend::Sqlite) return;
  for (const char* t : kFtsTables) {
    fts_command(tx, t, "hashsize", "67108864");
    fts_command(tx, t, "automerge", "0");
    fts_command(tx, t, "crisismerge", "1000");  // no merges under way: one at the end
  }
}

void end_bulk_indexing(Tx& tx) {
  if (tx.backend == Backend::Postgres) {
    // Fresh statistics: before autovacuum gets to it the planner guessed one
    // row per text match and scanned every match of the county (10x slower).
    std::vector<std::string> tables;
    std::string name;
    Query st(tx);
    st.into(name);
    st.run("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()", false);
    while (st.fetch()) tables.push_back(name);
    for (const auto& t : tables) tx.sql << "ANALYZE " + t;  // names from the catalogue, not from input
    return;
  }
  for (const char* t : kFtsTables) {
    fts_command(tx, t, "hashsize", "1048576");
    fts_command(tx, t, "automerge", "4");
    fts_command(tx, t, "crisismerge", kCrisisMerge);
    fts_command(tx, t, "optimize", "");
  }
}

std::vector<std::string> drop_indexes(Tx& tx, const std::vector<std::string>& tables) {
  std::vector<std::pair<std::string, std::string>> found;  // (name, definition)
  for (const auto& table : tables) {
    std::string name, definition;
    Query st(tx);
    st.into(name).into(definition).use(table);
    // Indexes of constraints (primary keys, UNIQUE) stay: they are the rules.
    if (tx.backend == Backend::Sqlite)
      st.run("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL", false);
    else
      st.run(
          "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
          "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = :t AND t.relnamespace = "
          "current_schema()::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)",
          false);
    while (st.fetch()) found.emplace_back(name, definition);
  }
  std::vector<std::string> out;
  for (auto& [name, definition] : found) {
    tx.sql << "DROP INDEX " + name;  // names from the catalogue, not from input
    out.push_back(definition);
  }
  return out;
}

void create_indexes(Tx& tx, const std::vector<std::string>& definitions) {
  if (tx.backend == Backend::Sqlite) tx.sql << "PRAGMA threads = 2";  // the sorter may use a helper thread
  for (const auto& d : definitions) tx.sql << d;
}

namespace {
std::vector<DuplicateCandidate> select_candidates(Tx& tx, const std::string& sql, Params& p) {
  std::vector<DuplicateCandidate> out;
  DuplicateCandidate c;
  std::optional<std::string> sig;
  Query st(tx);
  st.into(c.id);
  st.into(c.number);
  st.into(c.summary);
  st.into(c.state);
  st.into(c.received_day);
  st.into(sig);
  st.run(p, sql, false);
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

namespace {
// Petitions passing `filter` (a condition on alias p, its values already in
// `p`) that share at least one band: each band contributes its newest 40
// that pass the filter, so the cap applies after the scope (a township's own
// item is not pushed out by newer ones elsewhere in the county). The ids
// sharing the most bands come first, `limit` of them.
std::string band_hits(Tx& tx, long long county_id, const std::vector<long long>& bands, const std::string& filter,
                      std::size_t limit, Params& p) {
  constexpr long long kPerBand = 40;
  std::set<long long> unique(bands.begin(), bands.end());
  const std::string per_band = p.add(kPerBand);
  const std::string county = tx.backend == Backend::Postgres ? p.add(county_id) : "";
  std::string hits;
  int n = 0;
  for (long long b : unique) {
    hits += std::string(n ? " UNION ALL " : "");
    // The same filter text in every band: its placeholders name one value each.
    if (tx.backend == Backend::Sqlite)
      hits += "SELECT petition_id FROM (SELECT x.rowid AS petition_id FROM petition_band_index x JOIN petitions p ON "
              "p.id = x.rowid WHERE x.petition_band_index MATCH " +
              p.add(band_token(county_id, b)) + filter + " ORDER BY x.rowid DESC LIMIT " + per_band + ") b" +
              std::to_string(n);
    else
      hits += "SELECT petition_id FROM (SELECT k.petition_id FROM petition_band_keys k JOIN petitions p ON p.id = "
              "k.petition_id WHERE k.county_id = " + county + " AND k.band_key = " + p.add(b) + filter +
              " ORDER BY k.petition_id DESC LIMIT " + per_band + ") b" + std::to_string(n);
    ++n;
  }
  return "SELECT petition_id FROM (" + hits + ") h GROUP BY petition_id ORDER BY COUNT(*) DESC, petition_id DESC LIMIT " +
         p.add(static_cast<long long>(limit));
}
}  // namespace

std::vector<DuplicateCandidate> band_candidates(Tx& tx, const core::Scope& scope, const std::vector<long long>& bands,
                                                long long exclude_id, std::size_t limit) {
  if (bands.empty() || scope.county_id == 0) return {};
  Params p;
  const std::string filter = " AND p.id <> " + p.add(exclude_id) + petition_scope(scope, p);
  std::string sql = std::string(kCandidateCols) + " WHERE p.id IN (" +
                    band_hits(tx, scope.county_id, bands, filter, limit, p) + ") ORDER BY p.id DESC";
  return select_candidates(tx, sql, p);
}

std::vector<ElsewhereCandidate> band_candidates_elsewhere(Tx& tx, const core::Scope& scope,
                                                          const std::vector<long long>& bands, std::size_t limit) {
  using core::DataScope;
  // The county sees its whole county already; others see nothing of other counties.
  if (bands.empty() || scope.county_id == 0 || scope.unrestricted || scope.kind == DataScope::County ||
      scope.kind == DataScope::None)
    return {};
  Params p;
  // In the county, not in the scope (CASE: the scope's ORs may be NULL on
  // missing handlers, and NOT NULL would drop the row); never a record about
  // a person the user is recused from, nor one about a township's own
  // discipline staff or party secretary (p.conflict): its mere existence
  // must not reach a township.
  std::string filter = " AND p.county_id = " + p.add(scope.county_id) + " AND p.conflict = 0 AND CASE WHEN (1=1" +
                       petition_scope(scope, p) + ") THEN 1 ELSE 0 END = 0" +
                       recusal_clause(scope, p, "petition_persons", "petition_id", "p");
  std::string sql =
      "SELECT p.id, COALESCE(ho.name, io.name), p.received_day, s.signature FROM petitions p "
      "JOIN org_units io ON io.id = p.intake_org_id LEFT JOIN org_units ho ON ho.id = p.handler_org_id "
      "LEFT JOIN petition_signatures s ON s.petition_id = p.id WHERE p.id IN (" +
      band_hits(tx, scope.county_id, bands, filter, limit, p) + ") ORDER BY p.id DESC";
  std::vector<ElsewhereCandidate> out;
  ElsewhereCandidate c;
  std::optional<std::string> sig;
  Query st(tx);
  st.into(c.id);
  st.into(c.org_name);
  st.into(c.received_day);
  st.into(sig);
  st.run(p, sql, false);
  while (st.fetch()) {
    c.signature = sig.value_or("");
    out.push_back(c);
  }
  return out;
}

std::optional<std::string> signature_of(Tx& tx, long long id) {
  std::string sig;
  soci::indicator ind = soci::i_null;
  Query(tx).use(id).into(sig, ind).run("SELECT signature FROM petition_signatures WHERE petition_id = :id");
  if (ind == soci::i_null) return std::nullopt;  // no row, or a NULL
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

// --- near-duplicates kept once found (migration 21)

namespace {
constexpr std::size_t kPairPerBand = 100;   // each band's newest
constexpr std::size_t kPairCandidates = 150;  // sharing the most bands
// Further behind than this, a read looks up the county again instead of
// comparing every signature registered since.
constexpr long long kMaxCatchUp = 2000;

bool near_enough(int shared) {
  return static_cast<double>(shared) / search::kMinHashes >= search::kNearDuplicate;
}

// The county's band postings alone (no join, no scope): each band's newest
// kPairPerBand but `exclude`, the kPairCandidates sharing the most bands.
std::string county_band_hits(Tx& tx, long long county_id, const std::vector<long long>& bands, long long exclude,
                             Params& p) {
  std::set<long long> unique(bands.begin(), bands.end());
  const std::string per_band = p.add(static_cast<long long>(kPairPerBand));
  const std::string county = tx.backend == Backend::Postgres ? p.add(county_id) : "";
  const std::string other = p.add(exclude);
  std::string hits;
  int n = 0;
  for (long long b : unique) {
    hits += std::string(n ? " UNION ALL " : "");
    if (tx.backend == Backend::Sqlite)
      hits += "SELECT petition_id FROM (SELECT rowid AS petition_id FROM petition_band_index WHERE "
              "petition_band_index MATCH " + p.add(band_token(county_id, b)) + " AND rowid <> " + other +
              " ORDER BY rowid DESC LIMIT " + per_band + ") b" + std::to_string(n);
    else
      hits += "SELECT petition_id FROM (SELECT k.petition_id FROM petition_band_keys k WHERE k.county_id = " + county +
              " AND k.band_key = " + p.add(b) + " AND k.petition_id <> " + other +
              " ORDER BY k.petition_id DESC LIMIT " + per_band + ") b" + std::to_string(n);
    ++n;
  }
  return "SELECT petition_id FROM (" + hits + ") h GROUP BY petition_id ORDER BY COUNT(*) DESC, petition_id DESC LIMIT " +
         p.add(static_cast<long long>(kPairCandidates));
}

// Signatures selected by `where` (on alias s) that are near enough to `mine`,
// and, when `bands` is given, share one of them (as an LSH lookup would).
std::vector<std::pair<long long, int>> near_among(Tx& tx, const std::string& mine, const std::string& where, Params& p,
                                                  const std::set<long long>* bands) {
  std::vector<std::pair<long long, int>> out;
  long long other = 0;
  std::string sig;
  Query st(tx);
  st.into(other).into(sig);
  st.run(p, "SELECT s.petition_id, s.signature FROM petition_signatures s WHERE " + where, false);
  while (st.fetch()) {
    const int shared = search::shared_encoded(mine, sig);
    if (!near_enough(shared)) continue;
    if (bands) {
      bool any = false;
      for (auto b : search::band_keys(search::decode(sig))) any = any || bands->count(b);
      if (!any) continue;
    }
    out.emplace_back(other, shared);
  }
  return out;
}
}  // namespace

PairState pair_state(Tx& tx, long long petition_id, long long county_id) {
  PairState st;
  soci::indicator ind = soci::i_null;
  Query(tx).use(county_id).into(st.current, ind).run(
      "SELECT generation FROM duplicate_generations WHERE county_id = :c");
  if (ind != soci::i_ok) st.current = 0;
  ind = soci::i_null;
  long long seen = 0;
  Query(tx).use(petition_id).into(seen, ind).run(
      "SELECT generation FROM petition_pairs_seen WHERE petition_id = :id");
  st.seen = ind == soci::i_ok ? seen : -1;
  return st;
}

std::vector<std::pair<long long, int>> pairs_to_add(Tx& tx, long long petition_id, long long county_id,
                                                    const PairState& state) {
  const auto mine = signature_of(tx, petition_id);
  if (!mine || mine->empty() || state.fresh()) return {};
  const auto keys = search::band_keys(search::decode(*mine));
  Params p;
  if (state.seen < 0 || state.current - state.seen > kMaxCatchUp) {
    std::vector<long long> bands(keys.begin(), keys.end());
    const std::string where = "s.petition_id IN (" + county_band_hits(tx, county_id, bands, petition_id, p) + ")";
    return near_among(tx, *mine, where, p, nullptr);
  }
  const std::set<long long> bands(keys.begin(), keys.end());
  const std::string where = "s.county_id = " + p.add(county_id) + " AND s.generation > " + p.add(state.seen) +
                            " AND s.generation <= " + p.add(state.current) + " AND s.petition_id <> " +
                            p.add(petition_id);
  return near_among(tx, *mine, where, p, &bands);
}

void keep_pairs(Tx& tx, long long petition_id, const std::vector<std::pair<long long, int>>& pairs,
                long long generation) {
  if (!pairs.empty()) {
    Params p;
    const std::string me = p.add(petition_id);
    std::string sql = "INSERT INTO petition_pairs (petition_id, other_id, shared) VALUES ";
    bool first = true;
    for (const auto& [other, shared] : pairs) {
      sql += std::string(first ? "(" : ", (") + me + ", " + p.add(other) + ", " + p.add(static_cast<long long>(shared)) + ")";
      first = false;
    }
    sql += " ON CONFLICT DO NOTHING";  // another reader kept it first
    Query st(tx);
    st.run(p, sql, false);
  }
  const char* keep_max = tx.backend == Backend::Postgres ? "GREATEST" : "MAX";
  Query(tx).use(petition_id).use(generation).run(
      std::string("INSERT INTO petition_pairs_seen (petition_id, generation) VALUES (:id, :g) ON CONFLICT "
                  "(petition_id) DO UPDATE SET generation = ") + keep_max +
          "(petition_pairs_seen.generation, excluded.generation)",
      false);
}

void forget_pairs(Tx& tx) {
  tx.sql << "DELETE FROM petition_pairs";
  tx.sql << "DELETE FROM petition_pairs_seen";
}

std::vector<NearDuplicate> near_duplicates(Tx& tx, const core::Scope& scope, long long id, std::size_t limit) {
  Params p;
  const std::string sql =
      "SELECT p.id, p.number, p.summary, p.state, p.received_day, d.shared FROM petition_pairs d JOIN petitions p ON "
      "p.id = d.other_id WHERE d.petition_id = " + p.add(id) + petition_scope(scope, p) +
      " ORDER BY d.shared DESC, d.other_id DESC LIMIT " + p.add(static_cast<long long>(limit));
  std::vector<NearDuplicate> out;
  NearDuplicate d;
  int shared = 0;
  Query st(tx);
  st.into(d.id).into(d.number).into(d.summary).into(d.state).into(d.received_day).into(shared);
  st.run(p, sql, false);
  while (st.fetch()) {
    d.similarity = static_cast<double>(shared) / search::kMinHashes;
    out.push_back(d);
  }
  return out;
}

std::vector<core::Petition> warning_candidates(Tx& tx, const core::Scope& scope, const std::string& cutoff) {
  // Every candidate, so the list can say its true total: only the columns a
  // warning and its row need (no content), read once.
  Params p;
  std::string sql =
      "SELECT p.id, p.number, p.summary, p.state, p.channel, p.suspended, p.visitors, p.risk_terms, p.limit_code, "
      "p.due_day, io.name, p.handler_org_id, ho.name FROM petitions p JOIN org_units io ON io.id = p.intake_org_id "
      "LEFT JOIN org_units ho ON ho.id = p.handler_org_id WHERE ((p.suspended = 0 AND p.due_day IS NOT NULL AND "
      "p.due_day <= " + p.add(cutoff) +
      ") OR (p.state IN ('registered', 'accepted', 'assigned', 'in_progress') AND "
      "((p.channel = 'visit' AND p.visitors >= 5) OR p.risk_terms IS NOT NULL)))" +
      petition_scope(scope, p) + " ORDER BY p.due_day, p.id";
  std::vector<core::Petition> out;
  core::Petition r;
  std::optional<std::string> handler_name;
  Query st(tx);
  st.into(r.id).into(r.number).into(r.summary).into(r.state).into(r.channel).into(r.suspended).into(r.visitors);
  st.into(r.risk_terms).into(r.limit_code).into(r.due_day).into(r.intake_org_name).into(r.handler_org_id);
  st.into(handler_name);
  st.run(p, sql, false);
  while (st.fetch()) {
    r.handler_org_name = handler_name.value_or("");
    out.push_back(r);
  }
  return out;
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
    Query st(tx);
    st.into(a.petition_id);
    st.into(a.code);
    st.into(a.occurrence);
    st.into(a.user_id);
    st.into(a.user_name);
    st.into(a.note);
    st.into(a.at);
    st.run(p, sql, false);
    while (st.fetch()) out.push_back(a);
  }
  return out;
}

bool insert_ack(Tx& tx, long long county_id, const WarningAck& a) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  Query(tx)
      .use(county_id)
      .use(a.petition_id)
      .use(a.code)
      .use(a.occurrence)
      .use(a.user_id)
      .use(a.note)
      .use(tx.now)
      .into(id, ind)
      .run(
          "INSERT INTO warning_acks (county_id, petition_id, code, occurrence, user_id, note, at) "
          "VALUES (:c, :p, :code, :o, :u, :n, :at) ON CONFLICT (petition_id, code, occurrence) DO NOTHING RETURNING "
          "id");
  return ind == soci::i_ok;  // a row came back: it was inserted
}

void insert_reported(Tx& tx, long long petition_id, const core::ReportedPerson& rp, int sort) {
  Query q(tx);
  reported_person_values(q, petition_id, rp, sort);
  q.run(
      "INSERT INTO petition_persons (petition_id, person_id, sort, county_department, "
      "township_discipline_staff, township_party_secretary) VALUES (:p, :pe, :s, :cd, :tds, :tps)");
}

std::vector<core::ReportedPerson> reported_of(Tx& tx, long long petition_id) {
  Params p;
  std::string sql = std::string("SELECT ") + kPersonCols +
                    ", pp.county_department, pp.township_discipline_staff, pp.township_party_secretary "
                    "FROM petition_persons pp JOIN persons pe ON pe.id = pp.person_id WHERE pp.petition_id = " +
                    p.add(petition_id) + " ORDER BY pp.sort";
  std::vector<core::ReportedPerson> out;
  core::ReportedPerson r;
  Query st(tx);
  into_person(st, r.person);
  st.into(r.county_department);
  st.into(r.township_discipline_staff);
  st.into(r.township_party_secretary);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(r);
  return out;
}

const std::vector<std::string> kPetitionStepColumns = {"petition_id", "action",     "from_state", "to_state",
                                                       "actor_id",    "actor_name", "org_id",     "at",
                                                       "reason",      "note",       "limit_code", "due_day"};

long long insert_step(Tx& tx, const core::PetitionStep& s) {
  Query q(tx);
  petition_step_values(q, s, tx.now);
  return q.insert(insert_sql("petition_steps", kPetitionStepColumns));
}

std::vector<core::PetitionStep> steps_of(Tx& tx, long long petition_id) {
  Params p;
  std::string sql =
      "SELECT id, petition_id, action, from_state, to_state, actor_id, actor_name, org_id, at, reason, note, "
      "limit_code, due_day FROM petition_steps WHERE petition_id = " +
      p.add(petition_id) + " ORDER BY id";
  std::vector<core::PetitionStep> out;
  core::PetitionStep s;
  Query st(tx);
  st.into(s.id);
  st.into(s.petition_id);
  st.into(s.action);
  st.into(s.from_state);
  st.into(s.to_state);
  st.into(s.actor_id);
  st.into(s.actor_name);
  st.into(s.org_id);
  st.into(s.at);
  st.into(s.reason);
  st.into(s.note);
  st.into(s.limit_code);
  st.into(s.due_day);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(s);
  return out;
}

std::vector<DuplicateCandidate> related_petitions(Tx& tx, const core::Scope& scope, const core::Petition& of,
                                                 std::size_t limit) {
  // Two indexed lookups (the reporter's blind index, the persons' links),
  // never a scan of the county; only the columns shown, no joins.
  Params p;
  std::string ids = "SELECT b.petition_id FROM petition_persons a JOIN petition_persons b ON b.person_id = a.person_id "
                    "WHERE a.petition_id = " + p.add(of.id);
  if (of.reporter_key)
    ids += " UNION SELECT id FROM petitions WHERE county_id = " + p.add(of.county_id) + " AND reporter_key = " +
           p.add(*of.reporter_key);
  std::string sql = "SELECT p.id, p.number, p.summary, p.state, p.received_day, NULL FROM petitions p WHERE p.id IN (" +
                    ids + ") AND p.id <> " + p.add(of.id) + petition_scope(scope, p) + " ORDER BY p.id DESC LIMIT " +
                    p.add(static_cast<long long>(limit));
  return select_candidates(tx, sql, p);
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
  Query st(tx);
  st.into(r.month);
  st.into(r.key);
  st.into(r.count);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(r);
  return out;
}

}  // namespace funnel::store
