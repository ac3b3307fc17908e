#pragma once
// Petitions, their reported persons and steps, the person registry and the
// yearly number counters (IN-1, IN-2, IN-7).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/scope.hpp"
#include "store/db.hpp"
#include "store/query.hpp"

namespace funnel::store {

// The petition data-scope clause on alias p (" AND …"), for every query of petitions.
std::string petition_scope(const core::Scope& scope, Params& params);
// Recusal (回避): leaves out records (alias.id) whose link table names a
// person the user is recused from. Empty when there is none.
std::string recusal_clause(const core::Scope& scope, Params& params, const char* link_table, const char* link_col,
                           const char* alias);

// Next number of (org, year, kind), gapless: one upsert that locks the
// counter row until the transaction ends, on SQLite and PostgreSQL alike.
long long next_number(Tx& tx, long long org_id, int year, const std::string& kind);

// Inserts the person or, when (county, name, unit) exists, refreshes its
// facts; returns the registry id either way.
long long upsert_person(Tx& tx, const core::Person& p);
// A persons row's values after its id: county_id, name, unit_name, post,
// unit_org_id, cadre_level, party_member, public_official, created_at,
// updated_at (the upsert's and the bulk load's layout).
template <class Sink>
void person_values(Sink& s, const core::Person& p, long long now) {
  s.use(p.county_id).use(p.name).use(p.unit_name).use(p.post).use(p.unit_org_id).use(p.cadre_level);
  s.use(p.party_member).use(p.public_official).use(now).use(now);
}
// The registry's columns on alias pe, and their targets in that order.
extern const char* const kPersonCols;
void into_person(Query& st, core::Person& p);
std::vector<core::Person> list_persons(Tx& tx, const core::Scope& scope, const std::optional<std::string>& q,
                                       const core::Page& page, long long* total);

struct PetitionFilter {
  std::optional<std::string> state, channel, type, category;
  std::optional<long long> handler_org_id, intake_org_id, person_id;
  std::optional<std::string> received_from, received_to;  // YYYY-MM-DD, inclusive
  std::optional<std::string> q;                           // number, summary or reported person
  std::optional<std::string> overdue_before;              // due_day < this day, clock running
};

// Locks the row for this write transaction (PostgreSQL; SQLite's writer
// lock already covers it) so that two steps on one item serialise.
void lock_petition(Tx& tx, long long id);
long long insert_petition(Tx& tx, const core::Petition& p);
// A petitions row's columns (without id) and its values in that order: one
// layout for the registration's INSERT and for bulk loads (store::Load).
extern const std::vector<std::string> kPetitionColumns;
template <class Sink>
void petition_values(Sink& s, const core::Petition& p, long long now) {
  s.use(p.county_id).use(p.intake_org_id).use(p.intake_township_id).use(p.number_org_id).use(p.year).use(p.seq);
  s.use(p.number).use(p.channel).use(p.type).use(p.state).use(p.suspended).use(p.real_name);
  s.use(p.reporter_sealed).use(p.reporter_key).use(p.summary).use(p.content).use(p.category).use(p.subcategory);
  s.use(p.area).use(p.place_org_id).use(p.place_detail).use(p.received_day).use(p.postmark_day).use(p.visitors);
  s.use(p.identity_checked).use(p.reception_cadre).use(p.call_time).use(p.web_source).use(p.from_higher);
  s.use(p.fast_track).use(p.proposed_jurisdiction).use(p.jurisdiction).use(p.jurisdiction_reason);
  s.use(p.handler_org_id).use(p.handler_township_id).use(p.handler_acknowledged_at).use(p.transfer_to);
  s.use(p.merged_into).use(p.first_handler_id).use(p.registered_by).use(p.limit_code).use(p.clock_start);
  s.use(p.due_day).use(p.pauses).use(p.suspended_since).use(p.extensions).use(p.risk_terms).use(p.conflict).use(now).use(now);
}
// Writes the fields a step may change (state, handler, clock, links).
void update_petition(Tx& tx, const core::Petition& p);
std::optional<core::Petition> find_petition(Tx& tx, const core::Scope& scope, long long id);
// Whether the scope (with its recusals) shows this petition: links to it are
// shown only then.
bool petition_visible(Tx& tx, const core::Scope& scope, long long id);
std::vector<core::Petition> list_petitions(Tx& tx, const core::Scope& scope, const PetitionFilter& f,
                                           const core::Page& page, long long* total);

// One ledger line (信访举报台账), for exports of any length.
struct LedgerRow {
  long long id = 0;
  std::string number, received_day, channel, type, category, summary, intake_name, state;
  std::optional<std::string> persons, subcategory, handler_name, due_day, limit_code;
  int suspended = 0;
};
// Every row of the list with the same filters and order, streamed.
void scan_petition_ledger(Tx& tx, const core::Scope& scope, const PetitionFilter& f,
                          const std::function<void(const LedgerRow&)>& fn);

// Indexes a new petition's text for search: summary, content and the names
// of its reported persons, filed under the county so that a search reads
// the matches of one county, not of the whole province: on SQLite an FTS5
// index partitioned by county (search::fts5_marked), on PostgreSQL a
// tsvector with a county token (county_token) that scoped searches AND in.
void index_petition_text(Tx& tx, long long id, long long county_id, const std::string& summary,
                         const std::string& content, const std::string& persons);
std::string county_token(long long county_id);  // "zc<id>"
// PostgreSQL's search document of a petition (to_tsvector('simple', …) of it).
std::string pg_search_document(long long county_id, const std::string& summary, const std::string& content,
                               const std::string& persons);

// SQLite's band index token: county and band in one word, so a lookup reads
// one county's postings of one band ("c12b9f3e…"; the key as unsigned hex,
// as migration 10 wrote it with printf('%x')).
std::string band_token(long long county_id, long long band);
std::string band_tokens(long long county_id, const std::vector<long long>& bands);  // each band once
// Near-duplicate index (IN-8) of a new petition: the MinHash signature (hex)
// and its LSH band keys, filed under the county.
void index_petition_signature(Tx& tx, long long id, long long county_id, const std::string& signature,
                              const std::vector<long long>& bands);
// Bulk loading (funnel gen) on SQLite: the FTS5 indexes buffer up to 64 MiB
// per transaction and do not merge segments as they go; ending it restores
// the defaults (1 MiB, automerge 4) and merges each index into one segment.
// On PostgreSQL the end analyses the database (fresh planner statistics).
void begin_bulk_indexing(Tx& tx);
void end_bulk_indexing(Tx& tx);
// Bulk loading into an empty database: the secondary indexes of `tables`
// (not those of primary keys and UNIQUE constraints) are dropped and their
// definitions returned, and built again at the end, one sort each, instead
// of rewriting random index pages in every batch.
std::vector<std::string> drop_indexes(Tx& tx, const std::vector<std::string>& tables);
void create_indexes(Tx& tx, const std::vector<std::string>& definitions);
struct DuplicateCandidate {
  long long id = 0;
  std::string number, summary, state, received_day, signature;
};
// Petitions in scope sharing at least one band with `bands` in the scope's
// county, newest first; each band contributes at most its newest 40 in scope.
std::vector<DuplicateCandidate> band_candidates(Tx& tx, const core::Scope& scope, const std::vector<long long>& bands,
                                                long long exclude_id, std::size_t limit);
// The same in the scope's county but outside the scope (IN-8: a township is
// told a similar item exists elsewhere, so it can ask the county to merge):
// the unit holding it and the day only. Never an item naming a person the
// user is recused from or a township's discipline staff or party secretary.
// Empty for a county-wide scope.
struct ElsewhereCandidate {
  long long id = 0;
  std::string org_name, received_day, signature;
};
std::vector<ElsewhereCandidate> band_candidates_elsewhere(Tx& tx, const core::Scope& scope,
                                                          const std::vector<long long>& bands, std::size_t limit);
std::optional<std::string> signature_of(Tx& tx, long long id);
// Petitions in scope naming a registry person with this name and unit.
std::vector<DuplicateCandidate> petitions_naming(Tx& tx, const core::Scope& scope, const std::string& name,
                                                 const std::string& unit_name, std::size_t limit);
// Items merged into this one as repeats (重复件).
std::vector<DuplicateCandidate> repeats_of(Tx& tx, long long id);

// Near-duplicates kept once found (IN-8, issue 26, migration 21). Reading a
// petition used to run an LSH lookup over the reader's scope every time
// (most of a detail's cost); now the first read of a petition finds its
// near-duplicates in the whole county and keeps them as pairs, and a later
// read compares only the signatures registered since. Each registration
// takes the county's next generation (a counter row locked to the commit,
// so generations follow commits on both backends); a petition's pairs are
// complete up to the generation its last lookup saw. The reader's scope
// filters the kept pairs on every read.
struct PairState {
  long long seen = -1;    // generation the kept pairs are complete up to; -1: never looked up
  long long current = 0;  // the county's generation in this transaction's snapshot
  bool fresh() const { return seen >= current; }
};
PairState pair_state(Tx& tx, long long petition_id, long long county_id);
// What a read must add to the kept pairs: never looked up (or very far
// behind), the county-wide lookup (each band's newest 100, the 150 sharing
// the most bands, kept from search::kNearDuplicate on); else the signatures
// of generations (seen, current] sharing a band. (other id, equal MinHash
// components).
std::vector<std::pair<long long, int>> pairs_to_add(Tx& tx, long long petition_id, long long county_id,
                                                    const PairState& state);
// Keeps the pairs and the generation they are complete up to (never lowered:
// two readers may race, each with its snapshot's generation).
void keep_pairs(Tx& tx, long long petition_id, const std::vector<std::pair<long long, int>>& pairs,
                long long generation);
// Forgets every kept pair (after a bulk load, whose rows carry no generation).
void forget_pairs(Tx& tx);
// Kept near-duplicates of a petition that the scope shows, most similar
// first (then newest), at most `limit`.
struct NearDuplicate {
  long long id = 0;
  std::string number, summary, state, received_day;
  double similarity = 0;
};
std::vector<NearDuplicate> near_duplicates(Tx& tx, const core::Scope& scope, long long id, std::size_t limit);

// Warnings (预警): petitions in scope whose clock ends on or before `cutoff`
// (running, not suspended), or open ones flagged at registration (collective
// visit, risk terms). Soonest due first; all of them, with only the fields
// a warning and its row use (number, summary, state, clock, flags, units).
std::vector<core::Petition> warning_candidates(Tx& tx, const core::Scope& scope, const std::string& cutoff);
struct WarningAck {
  long long petition_id = 0;
  std::string code, occurrence;
  long long user_id = 0;
  std::string user_name;
  std::optional<std::string> note;
  long long at = 0;
};
std::vector<WarningAck> acks_for(Tx& tx, const std::vector<long long>& petition_ids);
// False when this occurrence was already acknowledged (idempotent).
bool insert_ack(Tx& tx, long long county_id, const WarningAck& a);

// Petitions received in `year` per month and key: channel, type, category or
// township (the one handling, else the one registering; 县本级 otherwise).
struct StatRow {
  std::string month, key;
  long long count = 0;
};
std::vector<StatRow> petition_month_counts(Tx& tx, const core::Scope& scope, int year, const std::string& dimension);

void insert_reported(Tx& tx, long long petition_id, const core::ReportedPerson& rp, int sort);
// A petition_persons or clue_persons row: owner id, person_id, sort,
// county_department, township_discipline_staff, township_party_secretary.
template <class Sink>
void reported_person_values(Sink& s, long long owner_id, const core::ReportedPerson& rp, int sort) {
  s.use(owner_id).use(rp.person.id).use(sort).use(rp.county_department).use(rp.township_discipline_staff);
  s.use(rp.township_party_secretary);
}
std::vector<core::ReportedPerson> reported_of(Tx& tx, long long petition_id);

long long insert_step(Tx& tx, const core::PetitionStep& s);
extern const std::vector<std::string> kPetitionStepColumns;  // without id
template <class Sink>
void petition_step_values(Sink& q, const core::PetitionStep& s, long long at) {
  q.use(s.petition_id).use(s.action).use(s.from_state).use(s.to_state).use(s.actor_id).use(s.actor_name);
  q.use(s.org_id).use(at).use(s.reason).use(s.note).use(s.limit_code).use(s.due_day);
}
std::vector<core::PetitionStep> steps_of(Tx& tx, long long petition_id);

// Earlier petitions in scope from the same reporter (blind index) or about
// one of the same persons; newest first, at most `limit`.
std::vector<DuplicateCandidate> related_petitions(Tx& tx, const core::Scope& scope, const core::Petition& of,
                                                 std::size_t limit);

}  // namespace funnel::store
