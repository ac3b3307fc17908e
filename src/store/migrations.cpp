// Versioned schema migrations. One list for both backends; the few dialect
// differences are tokens replaced per backend ({ID} for a 64-bit key).
// Times are BIGINT milliseconds since the epoch, UTC. Every table holding
// county data carries county_id so a province can partition by county.
#include <string>
#include <vector>

#include "store/db.hpp"

namespace funnel::store {

namespace {

struct Migration {
  int version;
  const char* name;
  std::vector<const char*> statements;
};

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1,
       "foundation: organisation, users, sessions, login log, audit chain",
       {
           R"(CREATE TABLE org_units (
                id {ID},
                parent_id BIGINT REFERENCES org_units(id),
                kind TEXT NOT NULL,
                category TEXT NOT NULL,
                name TEXT NOT NULL,
                short_name TEXT NOT NULL,
                division_code TEXT UNIQUE,
                county_id BIGINT,
                township_id BIGINT,
                committee_name TEXT,
                office_name TEXT,
                sort INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX org_units_parent ON org_units(parent_id)",
           "CREATE INDEX org_units_scope ON org_units(county_id, township_id)",
           R"(CREATE TABLE org_links (
                township_id BIGINT PRIMARY KEY REFERENCES org_units(id),
                room_id BIGINT NOT NULL REFERENCES org_units(id),
                county_id BIGINT NOT NULL,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX org_links_room ON org_links(room_id)",
           R"(CREATE TABLE users (
                id {ID},
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                org_unit_id BIGINT REFERENCES org_units(id),
                role TEXT NOT NULL,
                data_scope TEXT NOT NULL,
                status TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                must_change_password INTEGER NOT NULL,
                password_changed_at BIGINT,
                last_login_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX users_org ON users(org_unit_id)",
           R"(CREATE TABLE sessions (
                id {ID},
                token_hash TEXT NOT NULL UNIQUE,
                user_id BIGINT NOT NULL REFERENCES users(id),
                csrf_token TEXT NOT NULL,
                ip TEXT NOT NULL,
                user_agent TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL))",
           "CREATE INDEX sessions_user ON sessions(user_id)",
           R"(CREATE TABLE login_attempts (
                id {ID},
                at BIGINT NOT NULL,
                username TEXT NOT NULL,
                user_id BIGINT,
                ip TEXT NOT NULL,
                user_agent TEXT NOT NULL,
                success INTEGER NOT NULL,
                reason TEXT NOT NULL))",
           "CREATE INDEX login_attempts_name ON login_attempts(username, at)",
           R"(CREATE TABLE audit_log (
                seq BIGINT PRIMARY KEY,
                at BIGINT NOT NULL,
                actor_id BIGINT NOT NULL,
                actor_name TEXT NOT NULL,
                ip TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id BIGINT NOT NULL,
                detail TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL))",
           "CREATE INDEX audit_log_at ON audit_log(at)",
           // One row; updated under lock with every append so that the chain
           // has one tail even with several application nodes.
           "CREATE TABLE audit_head (id INTEGER PRIMARY KEY, last_seq BIGINT NOT NULL, last_hash TEXT NOT NULL)",
           "INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '')",
       }},
      {2,
       "petitions: person registry, numbering counters, petitions, reported persons, steps",
       {
           // One entity per person of a county (IN-2), matched on name and unit.
           R"(CREATE TABLE persons (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                name TEXT NOT NULL,
                unit_name TEXT NOT NULL,
                post TEXT,
                unit_org_id BIGINT REFERENCES org_units(id),
                cadre_level TEXT NOT NULL,
                party_member INTEGER NOT NULL,
                public_official INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (county_id, name, unit_name)))",
           // Gapless yearly numbers: the row is locked by the registering
           // transaction and released by its commit or rollback.
           R"(CREATE TABLE number_counters (
                org_id BIGINT NOT NULL REFERENCES org_units(id),
                year INTEGER NOT NULL,
                kind TEXT NOT NULL,
                last_seq BIGINT NOT NULL,
                PRIMARY KEY (org_id, year, kind)))",
           R"(CREATE TABLE petitions (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                intake_org_id BIGINT NOT NULL REFERENCES org_units(id),
                intake_township_id BIGINT REFERENCES org_units(id),
                number_org_id BIGINT NOT NULL REFERENCES org_units(id),
                year INTEGER NOT NULL,
                seq BIGINT NOT NULL,
                number TEXT NOT NULL UNIQUE,
                channel TEXT NOT NULL,
                type TEXT NOT NULL,
                state TEXT NOT NULL,
                suspended INTEGER NOT NULL DEFAULT 0,
                real_name INTEGER NOT NULL,
                reporter_sealed TEXT,
                reporter_key TEXT,
                summary TEXT NOT NULL,
                content TEXT NOT NULL,
                category TEXT NOT NULL,
                subcategory TEXT,
                area TEXT,
                place_org_id BIGINT REFERENCES org_units(id),
                place_detail TEXT,
                received_day TEXT NOT NULL,
                postmark_day TEXT,
                visitors INTEGER,
                identity_checked INTEGER,
                reception_cadre TEXT,
                call_time TEXT,
                web_source TEXT,
                from_higher INTEGER NOT NULL DEFAULT 0,
                fast_track INTEGER NOT NULL DEFAULT 0,
                proposed_jurisdiction TEXT NOT NULL,
                jurisdiction TEXT NOT NULL,
                jurisdiction_reason TEXT,
                handler_org_id BIGINT REFERENCES org_units(id),
                handler_township_id BIGINT REFERENCES org_units(id),
                handler_acknowledged_at BIGINT,
                transfer_to TEXT,
                merged_into BIGINT REFERENCES petitions(id),
                first_handler_id BIGINT NOT NULL REFERENCES users(id),
                registered_by BIGINT NOT NULL REFERENCES users(id),
                limit_code TEXT,
                clock_start TEXT,
                due_day TEXT,
                pauses TEXT NOT NULL DEFAULT '[]',
                suspended_since TEXT,
                extensions INTEGER NOT NULL DEFAULT 0,
                risk_terms TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (number_org_id, year, seq)))",
           "CREATE INDEX petitions_scope ON petitions(county_id, intake_township_id, handler_township_id)",
           "CREATE INDEX petitions_state_due ON petitions(county_id, state, due_day)",
           "CREATE INDEX petitions_received ON petitions(county_id, received_day)",
           "CREATE INDEX petitions_registered_by ON petitions(registered_by)",
           "CREATE INDEX petitions_handler ON petitions(handler_org_id)",
           "CREATE INDEX petitions_reporter_key ON petitions(county_id, reporter_key)",
           // Position facts are as reported in this petition (they drive its
           // jurisdiction proposal); the person's registry row holds the latest.
           R"(CREATE TABLE petition_persons (
                petition_id BIGINT NOT NULL REFERENCES petitions(id),
                person_id BIGINT NOT NULL REFERENCES persons(id),
                sort INTEGER NOT NULL,
                county_department INTEGER NOT NULL,
                township_discipline_staff INTEGER NOT NULL,
                township_party_secretary INTEGER NOT NULL,
                PRIMARY KEY (petition_id, person_id)))",
           "CREATE INDEX petition_persons_person ON petition_persons(person_id)",
           R"(CREATE TABLE petition_steps (
                id {ID},
                petition_id BIGINT NOT NULL REFERENCES petitions(id),
                action TEXT NOT NULL,
                from_state TEXT,
                to_state TEXT NOT NULL,
                actor_id BIGINT NOT NULL REFERENCES users(id),
                actor_name TEXT NOT NULL,
                org_id BIGINT REFERENCES org_units(id),
                at BIGINT NOT NULL,
                reason TEXT,
                note TEXT,
                limit_code TEXT,
                due_day TEXT))",
           "CREATE INDEX petition_steps_petition ON petition_steps(petition_id, id)",
       }},
      {3,
       "petition full-text search with the CJK bigram tokenizer",
       {
           // SQLite: FTS5 with the funnel_cjk tokenizer (sqlite_fts.cpp);
           // rowid = petitions.id. PostgreSQL: a tsvector of the same tokens.
           "sqlite:CREATE VIRTUAL TABLE petition_fts USING fts5(summary, content, persons, tokenize='funnel_cjk')",
           "postgres:ALTER TABLE petitions ADD COLUMN search tsvector",
           "postgres:CREATE INDEX petitions_search ON petitions USING GIN (search)",
       }},
      {4,
       "petition near-duplicate index: MinHash signatures and LSH bands",
       {
           R"(CREATE TABLE petition_signatures (
                petition_id BIGINT PRIMARY KEY REFERENCES petitions(id),
                signature TEXT NOT NULL))",
           R"(CREATE TABLE petition_bands (
                band_key BIGINT NOT NULL,
                petition_id BIGINT NOT NULL REFERENCES petitions(id)))",
           "CREATE INDEX petition_bands_key ON petition_bands(band_key, petition_id)",
           "CREATE INDEX petition_bands_petition ON petition_bands(petition_id)",
       }},
      {5,
       "warning acknowledgements (预警): a warning is computed from the records; an acknowledgement silences one "
       "occurrence",
       {
           R"(CREATE TABLE warning_acks (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                petition_id BIGINT NOT NULL REFERENCES petitions(id),
                code TEXT NOT NULL,
                occurrence TEXT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users(id),
                note TEXT,
                at BIGINT NOT NULL,
                UNIQUE (petition_id, code, occurrence)))",
       }},
      {6,
       "duty roster and visits (三访合一), screening records (排查化解)",
       {
           R"(CREATE TABLE duty_roster (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                org_id BIGINT NOT NULL REFERENCES org_units(id),
                township_id BIGINT REFERENCES org_units(id),
                day TEXT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users(id),
                note TEXT,
                created_by BIGINT NOT NULL REFERENCES users(id),
                created_at BIGINT NOT NULL,
                UNIQUE (org_id, day, user_id)))",
           "CREATE INDEX duty_roster_day ON duty_roster(county_id, day)",
           R"(CREATE TABLE visits (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                org_id BIGINT NOT NULL REFERENCES org_units(id),
                township_id BIGINT REFERENCES org_units(id),
                kind TEXT NOT NULL,
                day TEXT NOT NULL,
                cadres TEXT NOT NULL,
                place TEXT,
                petition_id BIGINT REFERENCES petitions(id),
                summary TEXT NOT NULL,
                outcome TEXT,
                created_by BIGINT NOT NULL REFERENCES users(id),
                created_at BIGINT NOT NULL))",
           "CREATE INDEX visits_day ON visits(county_id, day)",
           "CREATE INDEX visits_petition ON visits(petition_id)",
           R"(CREATE TABLE screenings (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                org_id BIGINT NOT NULL REFERENCES org_units(id),
                township_id BIGINT REFERENCES org_units(id),
                period TEXT NOT NULL,
                petition_id BIGINT REFERENCES petitions(id),
                matter TEXT NOT NULL,
                risk_level TEXT NOT NULL,
                measures TEXT NOT NULL,
                responsible TEXT NOT NULL,
                outcome TEXT NOT NULL,
                outcome_note TEXT,
                created_by BIGINT NOT NULL REFERENCES users(id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX screenings_period ON screenings(county_id, period)",
       }},
      {7,
       "petition indexes for the township scope (one per OR branch) and county pages in id order",
       {
           "CREATE INDEX petitions_intake_org ON petitions(intake_org_id)",
           "CREATE INDEX petitions_intake_township ON petitions(intake_township_id)",
           "CREATE INDEX petitions_handler_township ON petitions(handler_township_id)",
           "CREATE INDEX petitions_county_id ON petitions(county_id, id)",
       }},
      {8,
       "duplicate bands keyed by county (a crowded band is read newest first within one county); merged items by "
       "target",
       {
           R"(sqlite:CREATE TABLE petition_band_keys (
                county_id BIGINT NOT NULL,
                band_key BIGINT NOT NULL,
                petition_id BIGINT NOT NULL REFERENCES petitions(id),
                PRIMARY KEY (county_id, band_key, petition_id)) WITHOUT ROWID)",
           R"(postgres:CREATE TABLE petition_band_keys (
                county_id BIGINT NOT NULL,
                band_key BIGINT NOT NULL,
                petition_id BIGINT NOT NULL REFERENCES petitions(id),
                PRIMARY KEY (county_id, band_key, petition_id)))",
           "INSERT INTO petition_band_keys (county_id, band_key, petition_id) SELECT DISTINCT p.county_id, b.band_key, "
           "b.petition_id FROM petition_bands b JOIN petitions p ON p.id = b.petition_id",
           "CREATE INDEX petition_band_keys_petition ON petition_band_keys(petition_id)",
           "DROP TABLE petition_bands",
           "CREATE INDEX petitions_merged_into ON petitions(merged_into)",
       }},
      {9,
       "search text carries its county token (scoped searches intersect one county's postings)",
       {
           "sqlite:UPDATE petition_fts SET persons = persons || ' zc' || (SELECT county_id FROM petitions p WHERE "
           "p.id = petition_fts.rowid)",
           "postgres:UPDATE petitions SET search = COALESCE(search, to_tsvector('simple', '')) || "
           "to_tsvector('simple', 'zc' || county_id)",
       }},
      {10,
       "SQLite: duplicate bands in an FTS5 index (a registration appends to a segment instead of dirtying a page "
       "per band); the unused band index by petition goes on both; numbers searched within a county",
       {
           "sqlite:CREATE VIRTUAL TABLE petition_band_index USING fts5(bands, content='', detail=none, "
           "columnsize=0, tokenize='ascii')",
           "sqlite:INSERT INTO petition_band_index (rowid, bands) SELECT petition_id, group_concat('c' || county_id || "
           "'b' || printf('%x', band_key), ' ') FROM petition_band_keys GROUP BY petition_id",
           "sqlite:DROP TABLE petition_band_keys",
           "postgres:DROP INDEX petition_band_keys_petition",
           "CREATE INDEX petitions_county_number ON petitions(county_id, number)",
       }},
      {11,
       "SQLite: the search index partitioned by county (each column under its county's marker, see "
       "search::fts5_marked), re-indexing every row",
       {
           "sqlite:UPDATE petition_fts SET "
           "summary = (SELECT char(31) || 'c' || county_id || char(31) FROM petitions p WHERE p.id = "
           "petition_fts.rowid) || summary, "
           "content = (SELECT char(31) || 'c' || county_id || char(31) FROM petitions p WHERE p.id = "
           "petition_fts.rowid) || content, "
           "persons = (SELECT char(31) || 'c' || county_id || char(31) FROM petitions p WHERE p.id = "
           "petition_fts.rowid) || replace(persons, ' zc' || (SELECT county_id FROM petitions p WHERE p.id = "
           "petition_fts.rowid), '')",
           // Every row was re-indexed: one merge leaves one segment, not
           // thousands for the requests' writes to merge piecemeal.
           "sqlite:INSERT INTO petition_fts (petition_fts) VALUES ('optimize')",
       }},
      {12,
       "problem clues (问题线索, CL-1 … CL-5): the registry, their persons, steps and records, monthly reports, "
       "collective reviews",
       {
           R"(CREATE TABLE clues (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                township_id BIGINT REFERENCES org_units(id),
                found_by_org_id BIGINT NOT NULL REFERENCES org_units(id),
                number_org_id BIGINT NOT NULL REFERENCES org_units(id),
                year INTEGER NOT NULL,
                seq BIGINT NOT NULL,
                number TEXT NOT NULL UNIQUE,
                source TEXT NOT NULL,
                petition_id BIGINT REFERENCES petitions(id),
                summary TEXT NOT NULL,
                content TEXT NOT NULL,
                category TEXT NOT NULL,
                received_day TEXT NOT NULL,
                state TEXT NOT NULL,
                conflict INTEGER NOT NULL DEFAULT 0,
                difficult INTEGER NOT NULL DEFAULT 0,
                cross_township INTEGER NOT NULL DEFAULT 0,
                needs_county_strength INTEGER NOT NULL DEFAULT 0,
                proposed_mode TEXT NOT NULL,
                proposal_reason TEXT,
                mode TEXT,
                dispatch_reason TEXT,
                lead_org_id BIGINT REFERENCES org_units(id),
                assist_org_id BIGINT REFERENCES org_units(id),
                acknowledged_at BIGINT,
                method TEXT,
                plan TEXT,
                approvals_done INTEGER NOT NULL DEFAULT 0,
                outcome TEXT,
                review_day TEXT,
                limit_code TEXT,
                clock_start TEXT,
                due_day TEXT,
                closed_day TEXT,
                registered_by BIGINT NOT NULL REFERENCES users(id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (number_org_id, year, seq)))",
           "CREATE INDEX clues_state_due ON clues(county_id, state, due_day)",
           "CREATE INDEX clues_received ON clues(county_id, received_day)",
           "CREATE INDEX clues_township ON clues(township_id)",
           "CREATE INDEX clues_found_by ON clues(found_by_org_id)",
           "CREATE INDEX clues_lead ON clues(lead_org_id)",
           "CREATE INDEX clues_assist ON clues(assist_org_id)",
           "CREATE INDEX clues_petition ON clues(petition_id)",
           R"(CREATE TABLE clue_persons (
                clue_id BIGINT NOT NULL REFERENCES clues(id),
                person_id BIGINT NOT NULL REFERENCES persons(id),
                sort INTEGER NOT NULL,
                county_department INTEGER NOT NULL,
                township_discipline_staff INTEGER NOT NULL,
                township_party_secretary INTEGER NOT NULL,
                PRIMARY KEY (clue_id, person_id)))",
           "CREATE INDEX clue_persons_person ON clue_persons(person_id)",
           R"(CREATE TABLE clue_steps (
                id {ID},
                clue_id BIGINT NOT NULL REFERENCES clues(id),
                action TEXT NOT NULL,
                from_state TEXT,
                to_state TEXT NOT NULL,
                actor_id BIGINT NOT NULL REFERENCES users(id),
                actor_name TEXT NOT NULL,
                org_id BIGINT REFERENCES org_units(id),
                at BIGINT NOT NULL,
                reason TEXT,
                note TEXT,
                detail TEXT))",
           "CREATE INDEX clue_steps_clue ON clue_steps(clue_id, id)",
           R"(CREATE TABLE clue_records (
                id {ID},
                clue_id BIGINT NOT NULL REFERENCES clues(id),
                kind TEXT NOT NULL,
                day TEXT NOT NULL,
                text TEXT NOT NULL,
                evaluation TEXT,
                author_id BIGINT NOT NULL REFERENCES users(id),
                author_name TEXT NOT NULL,
                at BIGINT NOT NULL))",
           "CREATE INDEX clue_records_clue ON clue_records(clue_id, id)",
           // One row per township and month; a returned report is submitted
           // again into the same row (version + 1). The snapshot is frozen.
           R"(CREATE TABLE clue_reports (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                township_id BIGINT NOT NULL REFERENCES org_units(id),
                month TEXT NOT NULL,
                status TEXT NOT NULL,
                version INTEGER NOT NULL,
                snapshot TEXT NOT NULL,
                note TEXT,
                deadline_day TEXT NOT NULL,
                late INTEGER NOT NULL,
                submitted_by BIGINT NOT NULL REFERENCES users(id),
                submitted_by_name TEXT NOT NULL,
                submitted_at BIGINT NOT NULL,
                acknowledged_by_name TEXT,
                acknowledged_at BIGINT,
                return_reason TEXT,
                UNIQUE (township_id, month)))",
           "CREATE INDEX clue_reports_month ON clue_reports(county_id, month)",
           R"(CREATE TABLE clue_reviews (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                org_id BIGINT NOT NULL REFERENCES org_units(id),
                held_day TEXT NOT NULL,
                title TEXT NOT NULL,
                attendees TEXT NOT NULL,
                note TEXT,
                created_by BIGINT NOT NULL REFERENCES users(id),
                created_by_name TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX clue_reviews_county ON clue_reviews(county_id, held_day)",
           R"(CREATE TABLE clue_review_items (
                review_id BIGINT NOT NULL REFERENCES clue_reviews(id),
                clue_id BIGINT NOT NULL REFERENCES clues(id),
                decision TEXT NOT NULL,
                note TEXT,
                PRIMARY KEY (review_id, clue_id)))",
           "CREATE INDEX clue_review_items_clue ON clue_review_items(clue_id)",
       }},
      {13,
       "public portal (IN-6): receipts, two-way messages, evidence files, login lockout, used proofs of work; "
       "recusal (SY-3)",
       {
           // The receipt code is never stored: only its keyed hash, to find
           // the receipt, and its first four symbols, to remind the reporter.
           R"(CREATE TABLE portal_receipts (
                id {ID},
                petition_id BIGINT NOT NULL UNIQUE REFERENCES petitions(id),
                code_key TEXT NOT NULL UNIQUE,
                code_hint TEXT NOT NULL,
                password_hash TEXT,
                password_token_key TEXT,
                password_token_until BIGINT,
                created_at BIGINT NOT NULL))",
           // Failures are counted per code, known or not, so that a lockout
           // answers the same for receipts that do not exist.
           R"(CREATE TABLE portal_login_failures (
                code_key TEXT PRIMARY KEY,
                failures INTEGER NOT NULL,
                locked_until BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE portal_pow_used (
                challenge_key TEXT PRIMARY KEY,
                expires_at BIGINT NOT NULL))",
           "CREATE INDEX portal_pow_used_expires ON portal_pow_used(expires_at)",
           R"(CREATE TABLE petition_messages (
                id {ID},
                petition_id BIGINT NOT NULL REFERENCES petitions(id),
                direction TEXT NOT NULL,
                body_sealed TEXT NOT NULL,
                author_id BIGINT REFERENCES users(id),
                author_name TEXT,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX petition_messages_petition ON petition_messages(petition_id, id)",
           // petition_id is NULL while a portal upload waits for its report
           // (staged_key, staged_until); the name is sealed like the content.
           R"(CREATE TABLE evidence_files (
                id {ID},
                petition_id BIGINT REFERENCES petitions(id),
                digest TEXT NOT NULL,
                name_sealed TEXT NOT NULL,
                mime TEXT NOT NULL,
                size BIGINT NOT NULL,
                source TEXT NOT NULL,
                uploaded_by BIGINT REFERENCES users(id),
                uploaded_by_name TEXT,
                staged_key TEXT UNIQUE,
                staged_until BIGINT,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX evidence_files_petition ON evidence_files(petition_id, id)",
           "CREATE INDEX evidence_files_digest ON evidence_files(digest)",
           R"(CREATE TABLE recusals (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                user_id BIGINT NOT NULL REFERENCES users(id),
                person_id BIGINT NOT NULL REFERENCES persons(id),
                relation TEXT NOT NULL,
                reason TEXT NOT NULL,
                created_by BIGINT NOT NULL REFERENCES users(id),
                created_by_name TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (user_id, person_id)))",
           "CREATE INDEX recusals_person ON recusals(person_id)",
           // The portal registers petitions as this account. Its name cannot
           // be chosen for a real account ('@' is not allowed), it cannot log
           // in (disabled, no usable hash) and lists leave it out.
           R"(INSERT INTO users (username, display_name, org_unit_id, role, data_scope, status, password_hash,
                must_change_password, created_at, updated_at)
              VALUES ('@portal', '网上举报平台', NULL, 'petition_office', 'none', 'disabled', '!', 0, 0, 0))",
       }},
      {14,
       "SQLite: the audit log keyed by its sequence number as the rowid (one B-tree less per record)",
       {
           // "BIGINT PRIMARY KEY" made SQLite keep a rowid table plus a unique
           // index on seq; "INTEGER PRIMARY KEY" is the rowid itself.
           R"(sqlite:CREATE TABLE audit_log_v14 (
                seq INTEGER PRIMARY KEY,
                at BIGINT NOT NULL,
                actor_id BIGINT NOT NULL,
                actor_name TEXT NOT NULL,
                ip TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id BIGINT NOT NULL,
                detail TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL))",
           "sqlite:INSERT INTO audit_log_v14 (seq, at, actor_id, actor_name, ip, action, entity, entity_id, detail, "
           "prev_hash, hash) SELECT seq, at, actor_id, actor_name, ip, action, entity, entity_id, detail, prev_hash, "
           "hash FROM audit_log ORDER BY seq",
           "sqlite:DROP TABLE audit_log",
           "sqlite:ALTER TABLE audit_log_v14 RENAME TO audit_log",
           "sqlite:CREATE INDEX audit_log_at ON audit_log(at)",
       }},
      {15,
       "Evidence files keep the order of the report's list (uploads finish in any order)",
       {
           "ALTER TABLE evidence_files ADD COLUMN sort INTEGER",
       }},
      {16,
       "SQLite: search indexes merge a full level in steps, not in one commit (crisismerge 64; 16 stalled "
       "registrations for seconds after a large merge)",
       {
           "sqlite:INSERT INTO petition_fts (petition_fts, rank) VALUES ('crisismerge', 64)",
           "sqlite:INSERT INTO petition_band_index (petition_band_index, rank) VALUES ('crisismerge', 64)",
       }},
      {17,
       "Petitions about a township's own discipline staff or party secretary (conflict of interest) leave every "
       "township's scope; those a township registered move to the county's petition office",
       {
           "ALTER TABLE petitions ADD COLUMN conflict INTEGER NOT NULL DEFAULT 0",
           "CREATE INDEX petitions_conflict ON petitions(id) WHERE conflict = 1",
           "UPDATE petitions SET conflict = 1 WHERE EXISTS (SELECT 1 FROM petition_persons pp WHERE "
           "pp.petition_id = petitions.id AND (pp.township_discipline_staff = 1 OR pp.township_party_secretary = 1))",
           R"(UPDATE petitions SET intake_org_id = (SELECT MIN(d.id) FROM org_units d WHERE d.parent_id = petitions.county_id
                AND d.kind = 'department' AND d.category = 'petition_office'), intake_township_id = NULL
              WHERE conflict = 1 AND intake_township_id IS NOT NULL AND EXISTS (SELECT 1 FROM org_units d
                WHERE d.parent_id = petitions.county_id AND d.kind = 'department' AND d.category = 'petition_office'))",
       }},
      {18,
       "Account changes that grant access wait for a second administrator (三员, SY-15); accounts proposed "
       "before have no usable password until approved",
       {
           R"(CREATE TABLE account_requests (
                id {ID},
                user_id BIGINT NOT NULL REFERENCES users(id),
                kind TEXT NOT NULL,
                changes TEXT NOT NULL,
                secret_sealed TEXT,
                status TEXT NOT NULL,
                proposed_by BIGINT NOT NULL REFERENCES users(id),
                proposer_role TEXT NOT NULL,
                proposed_at BIGINT NOT NULL,
                decided_by BIGINT REFERENCES users(id),
                decided_at BIGINT))",
           "CREATE INDEX account_requests_user ON account_requests(user_id, status)",
       }},
      {19,
       "Portal messages limited per receipt and hour: the window's start and count on the receipt",
       {
           "ALTER TABLE portal_receipts ADD COLUMN msg_window_start BIGINT NOT NULL DEFAULT 0",
           "ALTER TABLE portal_receipts ADD COLUMN msg_count INTEGER NOT NULL DEFAULT 0",
       }},
      {20,
       "The audit chain is keyed (BLAKE2b with a key derived from the key file): an empty chain is keyed from "
       "the start; one with records is re-chained once by `funnel migrate`, which has the key",
       {
           "ALTER TABLE audit_head ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0",
           "UPDATE audit_head SET keyed = 1 WHERE last_seq = 0",
       }},
      {21,
       "Near-duplicates of a petition kept once found (issue 26): the pairs found when it was first opened, the "
       "county's registration generation they are complete up to, and each signature's generation, so that a later "
       "read compares only what was registered since",
       {
           // WITHOUT ROWID: the pairs of one petition are one range of the key.
           R"(sqlite:CREATE TABLE petition_pairs (
                petition_id INTEGER NOT NULL,
                other_id INTEGER NOT NULL,
                shared INTEGER NOT NULL,
                PRIMARY KEY (petition_id, other_id)) WITHOUT ROWID)",
           R"(postgres:CREATE TABLE petition_pairs (
                petition_id BIGINT NOT NULL,
                other_id BIGINT NOT NULL,
                shared INTEGER NOT NULL,
                PRIMARY KEY (petition_id, other_id)))",
           R"(CREATE TABLE petition_pairs_seen (
                petition_id BIGINT PRIMARY KEY,
                generation BIGINT NOT NULL))",
           R"(CREATE TABLE duplicate_generations (
                county_id BIGINT PRIMARY KEY,
                generation BIGINT NOT NULL))",
           "ALTER TABLE petition_signatures ADD COLUMN generation BIGINT NOT NULL DEFAULT 0",
           "ALTER TABLE petition_signatures ADD COLUMN county_id BIGINT NOT NULL DEFAULT 0",
           "UPDATE petition_signatures SET county_id = (SELECT p.county_id FROM petitions p WHERE p.id = "
           "petition_signatures.petition_id)",
           "CREATE INDEX petition_signatures_generation ON petition_signatures(county_id, generation)",
       }},
      {22,
       "cases (Cases I, issue 18): one person's case each, numbered per filing organisation and year on approval; "
       "its steps, team, measures and extensions",
       {
           // number, seq and filed_day stay null until the filing's last
           // approval; year is the request's until then, the number's after.
           R"(CREATE TABLE cases (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                township_id BIGINT REFERENCES org_units(id),
                lead_org_id BIGINT NOT NULL REFERENCES org_units(id),
                assist_org_id BIGINT REFERENCES org_units(id),
                mode TEXT NOT NULL,
                source TEXT NOT NULL,
                clue_id BIGINT REFERENCES clues(id),
                source_organ TEXT,
                source_ref TEXT,
                joint_of BIGINT REFERENCES cases(id),
                person_id BIGINT NOT NULL REFERENCES persons(id),
                cadre_level TEXT NOT NULL,
                party_member INTEGER NOT NULL,
                public_official INTEGER NOT NULL,
                supervised_category TEXT,
                conflict INTEGER NOT NULL DEFAULT 0,
                regime TEXT NOT NULL,
                violations TEXT NOT NULL,
                summary TEXT NOT NULL,
                state TEXT NOT NULL,
                approvals_done INTEGER NOT NULL DEFAULT 0,
                number_org_id BIGINT NOT NULL REFERENCES org_units(id),
                year INTEGER NOT NULL,
                seq BIGINT,
                number TEXT UNIQUE,
                filed_day TEXT,
                plan TEXT,
                facts_shown_day TEXT,
                report TEXT,
                absconded INTEGER NOT NULL DEFAULT 0,
                limit_code TEXT,
                clock_start TEXT,
                due_day TEXT,
                extensions INTEGER NOT NULL DEFAULT 0,
                requested_by BIGINT NOT NULL REFERENCES users(id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (number_org_id, year, seq)))",
           // The list filters and the scope's branches (as for clues).
           "CREATE INDEX cases_state_due ON cases(county_id, state, due_day)",
           "CREATE INDEX cases_year ON cases(county_id, year)",
           "CREATE INDEX cases_township ON cases(township_id)",
           "CREATE INDEX cases_lead ON cases(lead_org_id)",
           "CREATE INDEX cases_assist ON cases(assist_org_id)",
           "CREATE INDEX cases_clue ON cases(clue_id, person_id)",
           "CREATE INDEX cases_person ON cases(person_id)",
           "CREATE INDEX cases_requested_by ON cases(requested_by)",
           R"(CREATE TABLE case_steps (
                id {ID},
                case_id BIGINT NOT NULL REFERENCES cases(id),
                action TEXT NOT NULL,
                from_state TEXT,
                to_state TEXT NOT NULL,
                actor_id BIGINT NOT NULL REFERENCES users(id),
                actor_name TEXT NOT NULL,
                org_id BIGINT REFERENCES org_units(id),
                at BIGINT NOT NULL,
                reason TEXT,
                note TEXT,
                detail TEXT))",
           "CREATE INDEX case_steps_case ON case_steps(case_id, id)",
           R"(CREATE TABLE case_team (
                case_id BIGINT NOT NULL REFERENCES cases(id),
                user_id BIGINT NOT NULL REFERENCES users(id),
                role TEXT NOT NULL,
                sort INTEGER NOT NULL,
                PRIMARY KEY (case_id, user_id)))",
           "CREATE INDEX case_team_user ON case_team(user_id)",
           R"(CREATE TABLE case_measures (
                id {ID},
                case_id BIGINT NOT NULL REFERENCES cases(id),
                measure TEXT NOT NULL,
                day TEXT NOT NULL,
                started_at BIGINT,
                ended_day TEXT,
                returned_day TEXT,
                approved_by TEXT,
                approval_ref TEXT,
                people TEXT NOT NULL,
                note TEXT,
                recorded_by BIGINT NOT NULL REFERENCES users(id),
                at BIGINT NOT NULL))",
           "CREATE INDEX case_measures_case ON case_measures(case_id, id)",
           R"(CREATE TABLE case_extensions (
                id {ID},
                case_id BIGINT NOT NULL REFERENCES cases(id),
                measure_id BIGINT REFERENCES case_measures(id),
                limit_code TEXT NOT NULL,
                decided_day TEXT NOT NULL,
                amount INTEGER NOT NULL,
                approved INTEGER NOT NULL,
                approved_by TEXT NOT NULL,
                approval_ref TEXT,
                recorded_by BIGINT NOT NULL REFERENCES users(id),
                at BIGINT NOT NULL))",
           "CREATE INDEX case_extensions_case ON case_extensions(case_id, id)",
       }},
      {23,
       "interview rooms (谈话室, issue 18 item 4): rooms of the county and its townships, bookings that never "
       "overlap in one room, each talk's use register and its incidents",
       {
           // township_id: null for a county room, else the township the room belongs to.
           R"(CREATE TABLE interview_rooms (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
                township_id BIGINT REFERENCES org_units(id),
                name TEXT NOT NULL,
                place TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (org_unit_id, name)))",
           "CREATE INDEX interview_rooms_county ON interview_rooms(county_id, township_id)",
           // [start_at, end_at) in UTC ms; a cancelled booking frees its range.
           R"(CREATE TABLE interview_bookings (
                id {ID},
                room_id BIGINT NOT NULL REFERENCES interview_rooms(id),
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                case_id BIGINT NOT NULL REFERENCES cases(id),
                start_at BIGINT NOT NULL,
                end_at BIGINT NOT NULL,
                booked_by BIGINT NOT NULL REFERENCES users(id),
                cancelled INTEGER NOT NULL DEFAULT 0,
                cancelled_by BIGINT REFERENCES users(id),
                cancelled_at BIGINT,
                created_at BIGINT NOT NULL,
                CHECK (end_at > start_at AND end_at - start_at <= 43200000)))",
           "CREATE INDEX interview_bookings_room ON interview_bookings(room_id, start_at)",
           "CREATE INDEX interview_bookings_start ON interview_bookings(county_id, start_at)",
           "CREATE INDEX interview_bookings_case ON interview_bookings(case_id)",
           // Never two live bookings of one room that overlap, whoever writes:
           // PostgreSQL's writers run side by side, so the database refuses
           // the second (SQLSTATE 23P01) even when both checked before either
           // committed. btree_gist gives the room's = to the GiST index.
           "postgres:CREATE EXTENSION IF NOT EXISTS btree_gist",
           "postgres:ALTER TABLE interview_bookings ADD CONSTRAINT interview_bookings_no_overlap EXCLUDE USING gist "
           "(room_id WITH =, int8range(start_at, end_at) WITH &&) WHERE (cancelled = 0)",
           // SQLite has one writer at a time: a trigger inside the write
           // transaction sees every committed and earlier booking. A booking
           // lasts at most 12 hours (the CHECK), so an overlapping one starts
           // less than 12 hours before the new one: a bounded range of the
           // (room_id, start_at) index instead of every earlier booking.
           R"(sqlite:CREATE TRIGGER interview_bookings_no_overlap BEFORE INSERT ON interview_bookings
              WHEN NEW.cancelled = 0 AND EXISTS (SELECT 1 FROM interview_bookings b WHERE b.room_id = NEW.room_id
                AND b.start_at > NEW.start_at - 43200000 AND b.start_at < NEW.end_at
                AND b.cancelled = 0 AND NEW.start_at < b.end_at)
              BEGIN SELECT RAISE(ABORT, 'interview_bookings_overlap'); END)",
           R"(sqlite:CREATE TRIGGER interview_bookings_no_overlap_update
              BEFORE UPDATE OF room_id, start_at, end_at, cancelled ON interview_bookings
              WHEN NEW.cancelled = 0 AND EXISTS (SELECT 1 FROM interview_bookings b WHERE b.room_id = NEW.room_id
                AND b.start_at > NEW.start_at - 43200000 AND b.start_at < NEW.end_at
                AND b.id <> NEW.id AND b.cancelled = 0 AND NEW.start_at < b.end_at)
              BEGIN SELECT RAISE(ABORT, 'interview_bookings_overlap'); END)",
           // One talk per booking; interviewers (user ids) and the risk
           // checks confirmed (codes of data/dictionaries.json) comma-separated.
           R"(CREATE TABLE interview_talks (
                booking_id BIGINT PRIMARY KEY REFERENCES interview_bookings(id),
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                case_id BIGINT NOT NULL REFERENCES cases(id),
                person TEXT NOT NULL,
                important INTEGER NOT NULL,
                interviewers TEXT NOT NULL,
                safety_officer_id BIGINT REFERENCES users(id),
                started_at BIGINT,
                ended_at BIGINT,
                recording_on INTEGER NOT NULL,
                recording_ref TEXT,
                checklist TEXT NOT NULL,
                handover TEXT,
                closed INTEGER NOT NULL DEFAULT 0,
                closed_at BIGINT,
                recorded_by BIGINT NOT NULL REFERENCES users(id),
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX interview_talks_case ON interview_talks(case_id)",
           R"(CREATE TABLE interview_incidents (
                id {ID},
                booking_id BIGINT NOT NULL REFERENCES interview_bookings(id),
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                occurred_at BIGINT NOT NULL,
                description TEXT NOT NULL,
                reported_at BIGINT,
                report_ref TEXT,
                recorded_by BIGINT NOT NULL REFERENCES users(id),
                at BIGINT NOT NULL))",
           "CREATE INDEX interview_incidents_booking ON interview_incidents(booking_id, id)",
       }},
      {24,
       "Official documents of a case (文书, CA-3): every generated version, its number per issuing organisation, "
       "kind and year (number_counters, kind doc:<kind>), the file in the encrypted evidence store; templates an "
       "administrator replaced",
       {
           // Versions of one document share its number; the file is the
           // evidence store's digest (encrypted, content-addressed).
           R"(CREATE TABLE case_documents (
                id {ID},
                case_id BIGINT NOT NULL REFERENCES cases(id),
                kind TEXT NOT NULL,
                version INTEGER NOT NULL,
                org_id BIGINT NOT NULL REFERENCES org_units(id),
                year INTEGER NOT NULL,
                seq BIGINT,
                number TEXT,
                digest TEXT NOT NULL,
                size BIGINT NOT NULL,
                template_digest TEXT,
                generated_by BIGINT NOT NULL REFERENCES users(id),
                generated_at BIGINT NOT NULL,
                UNIQUE (case_id, kind, version),
                UNIQUE (org_id, kind, year, seq, version)))",
           "CREATE INDEX case_documents_digest ON case_documents(digest)",
           // A replaced template overrides data/templates/<kind>.docx.
           R"(CREATE TABLE document_templates (
                kind TEXT PRIMARY KEY,
                digest TEXT NOT NULL,
                size BIGINT NOT NULL,
                uploaded_by BIGINT NOT NULL REFERENCES users(id),
                uploaded_at BIGINT NOT NULL))",
           "CREATE INDEX document_templates_digest ON document_templates(digest)",
       }},
      {25,
       "case warnings (预警 of the case clocks, issue 18): acknowledgements per occurrence; a detention's notice to "
       "unit and family (given, or withheld with its reason, SL 101)",
       {
           R"(CREATE TABLE case_warning_acks (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                case_id BIGINT NOT NULL REFERENCES cases(id),
                code TEXT NOT NULL,
                occurrence TEXT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users(id),
                note TEXT,
                at BIGINT NOT NULL,
                UNIQUE (case_id, code, occurrence)))",
           "ALTER TABLE case_measures ADD COLUMN notified_at BIGINT",
           "ALTER TABLE case_measures ADD COLUMN notice_withheld TEXT",
           // The warnings read the measures still owing something.
           "CREATE INDEX case_measures_open ON case_measures(measure, ended_day, returned_day)",
       }},
      {26,
       "a case's evidence list (证据目录; a file is an evidence_files row, encrypted like the portal's) and its "
       "register of property taken (涉案财物登记) with every handover, return, transfer or confiscation",
       {
           R"(CREATE TABLE case_evidence (
                id {ID},
                case_id BIGINT NOT NULL REFERENCES cases(id),
                seq INTEGER NOT NULL,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                obtained_day TEXT NOT NULL,
                source TEXT NOT NULL,
                measure_id BIGINT REFERENCES case_measures(id),
                file_id BIGINT REFERENCES evidence_files(id),
                note TEXT,
                added_by BIGINT NOT NULL REFERENCES users(id),
                at BIGINT NOT NULL,
                UNIQUE (case_id, seq)))",
           R"(CREATE TABLE case_property (
                id {ID},
                case_id BIGINT NOT NULL REFERENCES cases(id),
                seq INTEGER NOT NULL,
                measure_id BIGINT REFERENCES case_measures(id),
                description TEXT NOT NULL,
                quantity TEXT NOT NULL,
                value BIGINT,
                holder TEXT NOT NULL,
                witness TEXT,
                custody_place TEXT NOT NULL,
                keeper TEXT NOT NULL,
                state TEXT NOT NULL,
                taken_day TEXT NOT NULL,
                last_day TEXT NOT NULL,
                recorded_by BIGINT NOT NULL REFERENCES users(id),
                at BIGINT NOT NULL,
                UNIQUE (case_id, seq)))",
           "CREATE INDEX case_property_measure ON case_property(measure_id)",
           R"(CREATE TABLE case_property_moves (
                id {ID},
                property_id BIGINT NOT NULL REFERENCES case_property(id),
                move TEXT NOT NULL,
                day TEXT NOT NULL,
                to_whom TEXT NOT NULL,
                note TEXT,
                by_user BIGINT NOT NULL REFERENCES users(id),
                at BIGINT NOT NULL))",
           "CREATE INDEX case_property_moves_property ON case_property_moves(property_id, id)",
       }},
      {27,
       "guidance of the linked townships (联系指导, CA-8): a county room's meetings, case feedback and on-site "
       "guidance about one township, and the tasks it sets with owner, due day and closing",
       {
           R"(CREATE TABLE guidance_records (
                id {ID},
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                org_id BIGINT NOT NULL REFERENCES org_units(id),
                township_id BIGINT NOT NULL REFERENCES org_units(id),
                kind TEXT NOT NULL,
                day TEXT NOT NULL,
                subject TEXT NOT NULL,
                content TEXT NOT NULL,
                attendees TEXT NOT NULL,
                case_id BIGINT REFERENCES cases(id),
                created_by BIGINT NOT NULL REFERENCES users(id),
                created_by_name TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX guidance_records_township ON guidance_records(county_id, township_id, day)",
           R"(CREATE TABLE guidance_tasks (
                id {ID},
                record_id BIGINT NOT NULL REFERENCES guidance_records(id),
                owner_id BIGINT NOT NULL REFERENCES users(id),
                description TEXT NOT NULL,
                due_day TEXT NOT NULL,
                closed_day TEXT,
                closing_note TEXT,
                closed_by BIGINT REFERENCES users(id),
                created_by BIGINT NOT NULL REFERENCES users(id),
                created_at BIGINT NOT NULL))",
           "CREATE INDEX guidance_tasks_record ON guidance_tasks(record_id, id)",
       }},
      {28,
       "extension requests (请示, issue 18 item 3): a township asks to extend a case's investigation, the county "
       "answers in Funnel (批复); the answer is a case_extensions row, approved or refused",
       {
           R"(CREATE TABLE case_extension_requests (
                id {ID},
                case_id BIGINT NOT NULL REFERENCES cases(id),
                limit_code TEXT NOT NULL,
                amount INTEGER NOT NULL,
                reason TEXT NOT NULL,
                requested_by BIGINT NOT NULL REFERENCES users(id),
                requested_at BIGINT NOT NULL,
                answered_by BIGINT REFERENCES users(id),
                answered_at BIGINT,
                extension_id BIGINT REFERENCES case_extensions(id),
                refusal_reason TEXT))",
           "CREATE INDEX case_extension_requests_case ON case_extension_requests(case_id, id)",
           // The case rows read whether a request is pending.
           "CREATE INDEX case_extension_requests_open ON case_extension_requests(case_id) WHERE answered_at IS NULL",
       }},
      {29,
       "the trial (审理, issue 19 item 1): acceptance, early intervention, the trial report and the collective "
       "deliberation, the trial limit's due day on the case; the triers (审理组), never its investigators",
       {
           "ALTER TABLE cases ADD COLUMN trial_accepted_day TEXT",
           "ALTER TABLE cases ADD COLUMN trial_intervened_day TEXT",
           "ALTER TABLE cases ADD COLUMN trial_report TEXT",
           "ALTER TABLE cases ADD COLUMN trial_deliberation TEXT",
           "ALTER TABLE cases ADD COLUMN trial_due_day TEXT",
           "ALTER TABLE cases ADD COLUMN trial_extensions INTEGER NOT NULL DEFAULT 0",
           R"(CREATE TABLE case_triers (
                case_id BIGINT NOT NULL REFERENCES cases(id),
                user_id BIGINT NOT NULL REFERENCES users(id),
                role TEXT NOT NULL,
                sort INTEGER NOT NULL,
                PRIMARY KEY (case_id, user_id)))",
           "CREATE INDEX case_triers_user ON case_triers(user_id)",
       }},
      {30,
       "the decision (处分决定, issue 19 items 2 and 4): one row per decided outcome with its period, deciding "
       "organ, day, document number (文号) and influence period's end",
       {
           R"(CREATE TABLE case_decisions (
                id {ID},
                case_id BIGINT NOT NULL REFERENCES cases(id),
                outcome TEXT NOT NULL,
                period_amount INTEGER,
                period_unit TEXT,
                deciding_organ TEXT NOT NULL,
                decided_day TEXT NOT NULL,
                decision_ref TEXT NOT NULL,
                period_end_day TEXT,
                influence_until TEXT,
                simple_case INTEGER NOT NULL,
                recorded_by BIGINT NOT NULL REFERENCES users(id),
                at BIGINT NOT NULL))",
           "CREATE INDEX case_decisions_case ON case_decisions(case_id, id)",
       }},
      {31,
       "the execution of decisions (处分决定执行, issue 19 item 5): one task per step a decision requires, its "
       "executing unit, due day (and the longest an approved extension may reach), and the evidence that closed it",
       {
           R"(CREATE TABLE case_execution_tasks (
                id {ID},
                case_id BIGINT NOT NULL REFERENCES cases(id),
                county_id BIGINT NOT NULL REFERENCES org_units(id),
                unit_id BIGINT NOT NULL REFERENCES org_units(id),
                kind TEXT NOT NULL,
                decision_ref TEXT NOT NULL,
                decided_day TEXT NOT NULL,
                limit_code TEXT NOT NULL,
                due_day TEXT NOT NULL,
                max_due_day TEXT,
                amount BIGINT,
                extension_ref TEXT,
                closed_on TEXT,
                evidence TEXT,
                closed_by BIGINT REFERENCES users(id),
                closed_at BIGINT,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX case_execution_tasks_case ON case_execution_tasks(case_id, id)",
           // The county-wide open list and the overdue scan read the open tasks by due day.
           "CREATE INDEX case_execution_tasks_open ON case_execution_tasks(county_id, closed_on, due_day)",
       }},
  };
  return list;
}

std::string dialect(std::string sql, Backend b) {
  const std::string token = "{ID}";
  const std::string id = b == Backend::Sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY";
  for (auto pos = sql.find(token); pos != std::string::npos; pos = sql.find(token))
    sql.replace(pos, token.size(), id);
  return sql;
}

void ensure_table(Tx& tx) {
  tx.sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at BIGINT NOT NULL)";
}

int current(Tx& tx) {
  int v = 0;
  soci::indicator ind;
  tx.sql << "SELECT MAX(version) FROM schema_migrations", soci::into(v, ind);
  return ind == soci::i_null ? 0 : v;
}

}  // namespace

int latest_schema_version() { return migrations().back().version; }

int schema_version(Db& db) {
  return db.write([](Tx& tx) {
    ensure_table(tx);
    return current(tx);
  });
}

int migrate(Db& db, int up_to) {
  int ran = db.write([&](Tx& tx) {
    ensure_table(tx);
    int have = current(tx);
    int ran = 0;
    for (const auto& m : migrations()) {
      if (m.version <= have || m.version > up_to) continue;
      for (std::string st : m.statements) {
        // "sqlite:" / "postgres:" statements run on that backend only.
        for (auto [prefix, b] : {std::pair{"sqlite:", Backend::Sqlite}, std::pair{"postgres:", Backend::Postgres}}) {
          if (st.rfind(prefix, 0) == 0) {
            st = b == tx.backend ? st.substr(std::string(prefix).size()) : "";
            break;
          }
        }
        if (!st.empty()) tx.sql << dialect(st, tx.backend);
      }
      std::string name = m.name;
      tx.sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
          soci::use(m.version), soci::use(name), soci::use(tx.now);
      ++ran;
    }
    return ran;
  });
  if (ran > 0) db.clear_statement_cache();  // kept plans may name the old tables
  return ran;
}

}  // namespace funnel::store
