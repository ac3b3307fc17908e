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
// Writes the fields a step may change (state, handler, clock, links).
void update_petition(Tx& tx, const core::Petition& p);
std::optional<core::Petition> find_petition(Tx& tx, const core::Scope& scope, long long id);
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
struct DuplicateCandidate {
  long long id = 0;
  std::string number, summary, state, received_day, signature;
};
// Petitions in scope sharing at least one band with `bands` in the scope's
// county, newest first; each band contributes at most its newest 40.
std::vector<DuplicateCandidate> band_candidates(Tx& tx, const core::Scope& scope, const std::vector<long long>& bands,
                                                long long exclude_id, std::size_t limit);
std::optional<std::string> signature_of(Tx& tx, long long id);
// Petitions in scope naming a registry person with this name and unit.
std::vector<DuplicateCandidate> petitions_naming(Tx& tx, const core::Scope& scope, const std::string& name,
                                                 const std::string& unit_name, std::size_t limit);
// Items merged into this one as repeats (重复件).
std::vector<DuplicateCandidate> repeats_of(Tx& tx, long long id);

// Warnings (预警): petitions in scope whose clock ends on or before `cutoff`
// (running, not suspended), or open ones flagged at registration (collective
// visit, risk terms). Soonest due first.
std::vector<core::Petition> warning_candidates(Tx& tx, const core::Scope& scope, const std::string& cutoff,
                                               std::size_t limit);
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
std::vector<core::ReportedPerson> reported_of(Tx& tx, long long petition_id);

long long insert_step(Tx& tx, const core::PetitionStep& s);
std::vector<core::PetitionStep> steps_of(Tx& tx, long long petition_id);

// Earlier petitions in scope from the same reporter (blind index) or about
// one of the same persons; newest first, at most `limit`.
std::vector<core::Petition> related_petitions(Tx& tx, const core::Scope& scope, const core::Petition& of,
                                              std::size_t limit);

}  // namespace funnel::store
