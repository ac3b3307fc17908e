#include "store/load.hpp"

#include <set>

#include "core/error.hpp"
#include "search/cjk.hpp"
#include "store/audit_log_repo.hpp"
#include "store/cases_repo.hpp"
#include "store/clues_repo.hpp"
#include "store/petitions_repo.hpp"
#include "store/query.hpp"
#include "store/steps.hpp"

namespace funnel::store {

namespace {
std::vector<std::string> with_id(std::vector<std::string> columns) {
  columns.insert(columns.begin(), "id");
  return columns;
}
}  // namespace

struct Load::Tables {
  explicit Tables(Backend b)
      : petitions("petitions", with_id(kPetitionColumns),
                  b == Backend::Postgres ? std::optional(BulkTable::Computed{"search", "to_tsvector('simple', $)"})
                                         : std::nullopt),
        petition_fts("petition_fts", {"rowid", "summary", "content", "persons"}),
        signatures("petition_signatures", {"petition_id", "signature", "county_id"}),
        band_index("petition_band_index", {"rowid", "bands"}),
        band_keys("petition_band_keys", {"county_id", "band_key", "petition_id"}),
        petition_persons("petition_persons", {"petition_id", "person_id", "sort", "county_department",
                                              "township_discipline_staff", "township_party_secretary"}),
        petition_steps("petition_steps", kPetitionStepColumns),
        persons("persons", {"id", "county_id", "name", "unit_name", "post", "unit_org_id", "cadre_level",
                            "party_member", "public_official", "created_at", "updated_at"}),
        clues("clues", with_id(kClueColumns)),
        clue_persons("clue_persons", {"clue_id", "person_id", "sort", "county_department", "township_discipline_staff",
                                      "township_party_secretary"}),
        clue_steps("clue_steps", kClueStepColumns),
        cases("cases", with_id(kCaseColumns)),
        case_steps("case_steps", step_columns("case_id")),
        case_team("case_team", {"case_id", "user_id", "role", "sort"}),
        case_triers("case_triers", {"case_id", "user_id", "role", "sort"}),
        case_measures("case_measures", {"id", "case_id", "measure", "day", "started_at", "ended_day", "returned_day",
                                        "approved_by", "approval_ref", "people", "note", "recorded_by", "at",
                                        "notified_at", "notice_withheld"}),
        case_extensions("case_extensions", {"case_id", "measure_id", "limit_code", "decided_day", "amount", "approved",
                                            "approved_by", "approval_ref", "recorded_by", "at"}),
        decisions("case_decisions", {"case_id", "outcome", "period_amount", "period_unit", "deciding_organ",
                                     "decided_day", "decision_ref", "period_end_day", "influence_until", "simple_case",
                                     "recorded_by", "at"}),
        execution_tasks("case_execution_tasks",
                        {"case_id", "county_id", "unit_id", "kind", "decision_ref", "decided_day", "limit_code",
                         "due_day", "max_due_day", "amount", "extension_ref", "closed_on", "evidence", "closed_by",
                         "closed_at", "created_at"}),
        bookings("interview_bookings", {"id", "room_id", "county_id", "case_id", "start_at", "end_at", "booked_by",
                                        "cancelled", "created_at"}),
        documents("case_documents", {"case_id", "kind", "version", "org_id", "year", "seq", "number", "digest", "size",
                                     "generated_by", "generated_at"}),
        login_attempts("login_attempts", {"at", "username", "user_id", "ip", "user_agent", "success", "reason"}),
        audit_log("audit_log", {"seq", "at", "actor_id", "actor_name", "ip", "action", "entity", "entity_id", "detail",
                                "prev_hash", "hash"}) {}

  BulkTable petitions, petition_fts, signatures, band_index, band_keys, petition_persons, petition_steps, persons,
      clues, clue_persons, clue_steps, cases, case_steps, case_team, case_triers, case_measures, case_extensions,
      decisions, execution_tasks, bookings, documents, login_attempts, audit_log;

  // Parents before children (foreign keys are checked row by row).
  std::vector<BulkTable*> records() {
    return {&persons,      &petitions, &petition_persons, &petition_steps, &signatures, &band_index, &band_keys,
            &petition_fts, &clues,     &clue_persons,     &clue_steps, &cases,   &case_steps,
            &case_team,    &case_triers, &case_measures, &case_extensions, &decisions, &execution_tasks,
            &bookings,     &documents};
  }
  std::vector<BulkTable*> audit() { return {&login_attempts, &audit_log}; }
};

Load::Load(Backend backend) : backend_(backend), t_(std::make_unique<Tables>(backend)) {}
Load::~Load() = default;

void Load::petition(const core::Petition& p, long long now, const std::string& persons_text) {
  t_->petitions.use(p.id);
  petition_values(t_->petitions, p, now);
  // The same index as index_petition_text.
  if (backend_ == Backend::Postgres) {
    t_->petitions.use(pg_search_document(p.county_id, p.summary, p.content, persons_text));
  } else {
    const std::string m = search::fts5_marked(search::fts5_partition(p.county_id));
    t_->petition_fts.use(p.id).use(m + p.summary).use(m + p.content).use(m + persons_text);
  }
}

void Load::petition_signature(long long petition_id, long long county_id, const std::string& signature,
                              const std::vector<long long>& bands) {
  // The same index as index_petition_signature.
  // Generation 0: loaded before any read, found by a first read's lookup.
  t_->signatures.use(petition_id).use(signature).use(county_id);
  if (bands.empty()) return;
  if (backend_ == Backend::Sqlite) {
    t_->band_index.use(petition_id).use(band_tokens(county_id, bands));
    return;
  }
  for (long long b : std::set<long long>(bands.begin(), bands.end()))
    t_->band_keys.use(county_id).use(b).use(petition_id);
}

void Load::petition_person(long long petition_id, const core::ReportedPerson& rp, int sort) {
  reported_person_values(t_->petition_persons, petition_id, rp, sort);
}

void Load::petition_step(const core::PetitionStep& s) { petition_step_values(t_->petition_steps, s, s.at); }

void Load::person(const core::Person& p, long long now) {
  t_->persons.use(p.id);
  person_values(t_->persons, p, now);
}

void Load::clue(const core::Clue& c, long long now) {
  t_->clues.use(c.id);
  clue_values(t_->clues, c, now);
}

void Load::clue_person(long long clue_id, const core::ReportedPerson& rp, int sort) {
  reported_person_values(t_->clue_persons, clue_id, rp, sort);
}

void Load::clue_step(const core::ClueStep& s) { step_values(t_->clue_steps, s, s.at); }

void Load::case_row(const core::Case& c) {
  t_->cases.use(c.id);
  case_values(t_->cases, c);
}

void Load::case_step(const core::CaseStep& s) { step_values(t_->case_steps, s, s.at); }

void Load::case_team(long long case_id, const std::vector<long long>& user_ids) {
  for (std::size_t i = 0; i < user_ids.size(); ++i)
    t_->case_team.use(case_id).use(user_ids[i]).use(i == 0 ? "leader" : "member").use(static_cast<long long>(i));
}

void Load::case_triers(long long case_id, const std::vector<long long>& user_ids) {
  for (std::size_t i = 0; i < user_ids.size(); ++i)
    t_->case_triers.use(case_id).use(user_ids[i]).use(i == 0 ? "lead" : "member").use(static_cast<long long>(i));
}

void Load::case_measure(const core::CaseMeasure& m) {
  std::string people;
  for (std::size_t i = 0; i < m.people.size(); ++i) people += (i ? "," : "") + std::to_string(m.people[i]);
  t_->case_measures.use(m.id).use(m.case_id).use(m.measure).use(m.day).use(m.started_at).use(m.ended_day);
  t_->case_measures.use(m.returned_day).use(m.approved_by).use(m.approval_ref).use(std::move(people)).use(m.note);
  t_->case_measures.use(m.recorded_by).use(m.at).use(m.notified_at).use(m.notice_withheld);
}

void Load::case_extension(const core::CaseExtension& e) {
  t_->case_extensions.use(e.case_id).use(e.measure_id).use(e.limit_code).use(e.decided_day).use(e.amount);
  t_->case_extensions.use(e.approved).use(e.approved_by).use(e.approval_ref).use(e.recorded_by).use(e.at);
}

void Load::case_decision(const core::CaseDecision& d) {
  t_->decisions.use(d.case_id).use(d.outcome).use(d.period_amount).use(d.period_unit).use(d.deciding_organ);
  t_->decisions.use(d.decided_day).use(d.decision_ref).use(d.period_end_day).use(d.influence_until);
  t_->decisions.use(d.simple_case).use(d.recorded_by).use(d.at);
}

void Load::execution_task(const ExecutionTaskRow& t) {
  t_->execution_tasks.use(t.case_id).use(t.county_id).use(t.unit_id).use(t.kind).use(t.decision_ref);
  t_->execution_tasks.use(t.decided_day).use(t.limit_code).use(t.due_day).use(t.max_due_day).use(t.amount);
  t_->execution_tasks.use(t.extension_ref).use(t.closed_on).use(t.evidence).use(t.closed_by).use(t.closed_at);
  t_->execution_tasks.use(t.created_at);
}

void Load::interview_booking(const InterviewBooking& b) {
  t_->bookings.use(b.id).use(b.room_id).use(b.county_id).use(b.case_id).use(b.start_at).use(b.end_at);
  t_->bookings.use(b.booked_by).use(0LL).use(b.start_at);
}

void Load::case_document(const CaseDocument& d) {
  t_->documents.use(d.case_id).use(d.kind).use(d.version).use(d.org_id).use(d.year).use(d.seq).use(d.number);
  t_->documents.use(d.digest).use(d.size).use(d.generated_by).use(d.generated_at);
}

void Load::login_attempt(const core::LoginAttempt& a) {
  t_->login_attempts.use(a.at).use(a.username).use(a.user_id).use(a.ip).use(a.user_agent).use(a.success).use(a.reason);
}

void Load::audit(core::AuditRecord&& r) {
  if (audit_rows_++ == 0) {
    first_seq_ = r.seq;
    first_prev_hash_ = r.prev_hash;
  }
  last_seq_ = r.seq;
  last_hash_ = r.hash;
  t_->audit_log.use(r.seq)
      .use(r.at_ms)
      .use(r.actor_id)
      .use(std::move(r.actor_name))
      .use(std::move(r.ip))
      .use(std::move(r.action))
      .use(std::move(r.entity))
      .use(r.entity_id)
      .use(std::move(r.detail))
      .use(std::move(r.prev_hash))
      .use(std::move(r.hash));
}

void Load::number(long long org_id, int year, const std::string& kind, long long last_seq) {
  auto& n = numbers_[{org_id, year, kind}];
  n = std::max(n, last_seq);
}

std::size_t Load::rows() const {
  std::size_t n = numbers_.size();
  for (auto* t : t_->records()) n += t->rows();
  for (auto* t : t_->audit()) n += t->rows();
  return n;
}

void Load::write(Tx& tx, Part part) {
  if (part != Part::Audit) {
    // Counters first: on SQLite an upsert opens a savepoint, and a savepoint
    // after a write to an FTS5 table flushes that table's pending segment.
    const std::string raise = backend_ == Backend::Postgres ? "GREATEST" : "MAX";
    for (auto& [key, last] : numbers_) {
      auto& [org, year, kind] = key;
      Query(tx).use(org).use(year).use(kind).use(last).run(
          "INSERT INTO number_counters (org_id, year, kind, last_seq) VALUES (:o, :y, :k, :l) "
          "ON CONFLICT (org_id, year, kind) DO UPDATE SET last_seq = " +
              raise + "(number_counters.last_seq, excluded.last_seq)",
          false);
    }
    for (auto* t : t_->records()) t->write(tx);
  }
  if (part != Part::Records) {
    if (audit_rows_) {
      auto head = lock_audit_head(tx);
      if (head.last_seq + 1 != first_seq_ || head.last_hash != first_prev_hash_)
        throw funnel::conflict("审计日志在加载期间被写入：请在没有其他写入时重新生成");
    }
    for (auto* t : t_->audit()) t->write(tx);
    if (audit_rows_) set_audit_head(tx, last_seq_, last_hash_);
  }
}

}  // namespace funnel::store
