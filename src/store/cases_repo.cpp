#include "store/cases_repo.hpp"

#include <sstream>

#include "store/petitions_repo.hpp"
#include "store/steps.hpp"

namespace funnel::store {

namespace {
std::string id_list(const std::vector<long long>& ids, Params& p) {
  std::string list;
  for (std::size_t i = 0; i < ids.size(); ++i) list += (i ? ", " : "") + p.add(ids[i]);
  return list;
}

std::string case_unit_scope(const core::Scope& s, Params& p) {
  using core::DataScope;
  if (s.trial && s.kind != DataScope::None) {
    std::string states;
    for (auto& [st, code] : core::kCaseStates.rows)
      if (core::at_trial(st)) states += (states.empty() ? "" : ", ") + p.add(std::string(code));
    // And the cases it was asked to join early (提前介入).
    return " AND c.county_id = " + p.add(s.county_id) + " AND (c.state IN (" + states +
           ") OR c.trial_intervened_day IS NOT NULL)";
  }
  switch (s.kind) {
    case DataScope::County: return " AND c.county_id = " + p.add(s.county_id);
    case DataScope::OwnRecords:
      return " AND c.county_id = " + p.add(s.county_id) + " AND c.requested_by = " + p.add(s.user_id) +
             " AND c.conflict = 0";
    case DataScope::LinkedTownships: {
      auto org = p.add(s.org_id);
      std::string out = " AND (c.lead_org_id = " + org + " OR c.assist_org_id = " + org;
      if (!s.township_ids.empty()) out += " OR c.township_id IN (" + id_list(s.township_ids, p) + ")";
      return out + ")";
    }
    case DataScope::OwnTownship: {
      // The filing organisation is the lead unit; a township assists a joint
      // case. A conflict case is county-led and never assisted by its township.
      auto org = p.add(s.org_id);
      return " AND (c.lead_org_id = " + org + " OR c.assist_org_id = " + org + ") AND c.conflict = 0";
    }
    default: return " AND 1=0";
  }
}

const char* kCols =
    "c.id, c.county_id, c.township_id, c.lead_org_id, c.assist_org_id, c.mode, c.source, c.clue_id, "
    "c.source_organ, c.source_ref, c.joint_of, c.person_id, c.cadre_level, c.party_member, c.public_official, "
    "c.supervised_category, c.conflict, c.regime, c.violations, c.summary, c.state, c.approvals_done, "
    "c.number_org_id, c.year, c.seq, c.number, c.filed_day, c.plan, c.facts_shown_day, c.report, c.absconded, c.limit_code, c.clock_start, "
    "c.due_day, c.extensions, c.trial_accepted_day, c.trial_intervened_day, c.trial_report, c.trial_deliberation, "
    "c.trial_due_day, c.trial_extensions, c.requested_by, c.created_at, c.updated_at, pe.name, pe.unit_name, pe.post, "
    "lo.name, ru.display_name, tw.name, ao.name, cl.number, "
    "CASE WHEN EXISTS (SELECT 1 FROM case_extension_requests xr WHERE xr.case_id = c.id AND xr.answered_at IS NULL) "
    "THEN 1 ELSE 0 END "
    "FROM cases c JOIN persons pe ON pe.id = c.person_id JOIN org_units lo ON lo.id = c.lead_org_id "
    "JOIN users ru ON ru.id = c.requested_by LEFT JOIN org_units tw ON tw.id = c.township_id "
    "LEFT JOIN org_units ao ON ao.id = c.assist_org_id LEFT JOIN clues cl ON cl.id = c.clue_id";

void into_case(Query& st, core::Case& c) {
  st.into(c.id).into(c.county_id).into(c.township_id).into(c.lead_org_id).into(c.assist_org_id).into(c.mode);
  st.into(c.source).into(c.clue_id).into(c.source_organ).into(c.source_ref).into(c.joint_of).into(c.person_id);
  st.into(c.cadre_level).into(c.party_member).into(c.public_official).into(c.supervised_category).into(c.conflict);
  st.into(c.regime).into(c.violations).into(c.summary).into(c.state).into(c.approvals_done).into(c.number_org_id);
  st.into(c.year).into(c.seq).into(c.number).into(c.filed_day).into(c.plan).into(c.facts_shown_day).into(c.report);
  st.into(c.absconded);
  st.into(c.limit_code).into(c.clock_start).into(c.due_day).into(c.extensions);
  st.into(c.trial_accepted_day).into(c.trial_intervened_day).into(c.trial_report).into(c.trial_deliberation);
  st.into(c.trial_due_day).into(c.trial_extensions).into(c.requested_by);
  st.into(c.created_at).into(c.updated_at).into(c.person_name).into(c.person_unit).into(c.person_post);
  st.into(c.lead_org_name).into(c.requested_by_name).into(c.township_name).into(c.assist_org_name);
  st.into(c.clue_number).into(c.extension_pending);
}

std::vector<core::Case> select_cases(Tx& tx, const std::string& sql, Params& p) {
  std::vector<core::Case> out;
  core::Case c;
  Query st(tx);
  into_case(st, c);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(c);
  return out;
}

std::string case_where(const core::Scope& scope, const CaseFilter& f, Params& p) {
  std::string w = " WHERE 1=1" + case_scope(scope, p);
  if (f.state) w += " AND c.state = " + p.add(*f.state);
  if (f.lead_org_id) w += " AND c.lead_org_id = " + p.add(*f.lead_org_id);
  if (f.year) w += " AND c.year = " + p.add(static_cast<long long>(*f.year));
  if (f.due_before) w += " AND c.due_day < " + p.add(*f.due_before);
  if (f.due_from) w += " AND c.due_day >= " + p.add(*f.due_from);
  if (f.trial_due_before) w += " AND c.trial_due_day < " + p.add(*f.trial_due_before);
  if (f.extension_pending)
    w += " AND EXISTS (SELECT 1 FROM case_extension_requests xr WHERE xr.case_id = c.id AND xr.answered_at IS NULL)";
  if (f.person)
    w += " AND c.person_id IN (SELECT px.id FROM persons px WHERE px.county_id = c.county_id AND px.name LIKE " +
         p.add(like_pattern(*f.person)) + " ESCAPE '\\')";
  return w;
}

std::string joined_ids(const std::vector<long long>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out;
}

std::vector<long long> split_ids(const std::string& s) {
  std::vector<long long> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, ',');)
    if (!part.empty()) out.push_back(std::stoll(part));
  return out;
}
}  // namespace

std::string case_scope(const core::Scope& s, Params& p) {
  if (s.unrestricted) return "";
  auto out = case_unit_scope(s, p);
  if (out == " AND 1=0") return out;
  // A case names one person, kept on the row itself.
  return out + recusal_clause(s, p, "cases", "id", "c");
}

const std::vector<std::string> kCaseColumns = {
    "county_id", "township_id", "lead_org_id", "assist_org_id", "mode", "source", "clue_id", "source_organ",
    "source_ref", "joint_of", "person_id", "cadre_level", "party_member", "public_official", "supervised_category",
    "conflict", "regime", "violations", "summary", "state", "approvals_done", "number_org_id", "year", "seq", "number",
    "filed_day", "plan", "facts_shown_day", "report", "absconded", "limit_code", "clock_start", "due_day",
    "extensions", "requested_by", "created_at", "updated_at", "trial_accepted_day", "trial_intervened_day", "trial_report",
    "trial_deliberation", "trial_due_day", "trial_extensions"};

void lock_case(Tx& tx, long long id) {
  if (tx.backend != Backend::Postgres) return;
  long long got = 0;
  soci::indicator ind = soci::i_ok;
  Query(tx).use(id).into(got, ind).run("SELECT id FROM cases WHERE id = :id FOR UPDATE");
}

long long insert_case(Tx& tx, const core::Case& c) {
  return Query(tx)
      .use(c.county_id)
      .use(c.township_id)
      .use(c.lead_org_id)
      .use(c.assist_org_id)
      .use(c.mode)
      .use(c.source)
      .use(c.clue_id)
      .use(c.source_organ)
      .use(c.source_ref)
      .use(c.joint_of)
      .use(c.person_id)
      .use(c.cadre_level)
      .use(c.party_member)
      .use(c.public_official)
      .use(c.supervised_category)
      .use(c.conflict)
      .use(c.regime)
      .use(c.violations)
      .use(c.summary)
      .use(c.state)
      .use(c.number_org_id)
      .use(c.year)
      .use(c.requested_by)
      .use(tx.now)
      .insert(
          "INSERT INTO cases (county_id, township_id, lead_org_id, assist_org_id, mode, source, clue_id, "
          "source_organ, source_ref, joint_of, person_id, cadre_level, party_member, public_official, "
          "supervised_category, conflict, regime, violations, summary, state, number_org_id, year, requested_by, "
          "created_at, updated_at) VALUES (:co, :tw, :lo, :ao, :mo, :src, :cl, :so, :sr, :jo, :pe, :lvl, :pm, :po, "
          ":sc, :cf, :rg, :vi, :su, :st, :no, :yr, :rb, :now, :now)");
}

void update_case(Tx& tx, const core::Case& c) {
  Query(tx)
      .use(c.state)
      .use(c.approvals_done)
      .use(c.year)
      .use(c.seq)
      .use(c.number)
      .use(c.filed_day)
      .use(c.plan)
      .use(c.facts_shown_day)
      .use(c.report)
      .use(c.absconded)
      .use(c.limit_code)
      .use(c.clock_start)
      .use(c.due_day)
      .use(c.extensions)
      .use(c.trial_accepted_day)
      .use(c.trial_intervened_day)
      .use(c.trial_report)
      .use(c.trial_deliberation)
      .use(c.trial_due_day)
      .use(c.trial_extensions)
      .use(tx.now)
      .use(c.id)
      .run(
          "UPDATE cases SET state = :st, approvals_done = :ad, year = :yr, seq = :seq, number = :nu, "
          "filed_day = :fd, plan = :pl, facts_shown_day = :fs, report = :rp, absconded = :ab, limit_code = :lc, clock_start = :cs, due_day = :du, "
          "extensions = :ex, trial_accepted_day = :ta, trial_intervened_day = :ti, trial_report = :tr, "
          "trial_deliberation = :tdl, trial_due_day = :tdu, trial_extensions = :tx, updated_at = :now WHERE id = :id",
          false);
}

std::optional<core::Case> find_case(Tx& tx, const core::Scope& scope, long long id) {
  Params p;
  std::string sql = std::string("SELECT ") + kCols + " WHERE c.id = " + p.add(id) + case_scope(scope, p);
  auto rows = select_cases(tx, sql, p);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<core::Case> list_cases(Tx& tx, const core::Scope& scope, const CaseFilter& f, const core::Page& page,
                                   long long* total) {
  Params p;
  std::string where = case_where(scope, f, p);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM cases c" + where, pc);
  }
  // The page's ids on cases alone, then their joins (as for clues).
  std::string sql = std::string("SELECT ") + kCols + " WHERE c.id IN (SELECT c.id FROM cases c" + where +
                    " ORDER BY c.id DESC LIMIT " + p.add(page.page_size) + " OFFSET " + p.add(page.offset()) +
                    ") ORDER BY c.id DESC";
  return select_cases(tx, sql, p);
}

std::vector<core::Case> cases_of_clue(Tx& tx, const core::Scope& scope, long long clue_id) {
  Params p;
  std::string sql =
      std::string("SELECT ") + kCols + " WHERE c.clue_id = " + p.add(clue_id) + case_scope(scope, p) + " ORDER BY c.id";
  return select_cases(tx, sql, p);
}

bool clue_person_filed(Tx& tx, long long clue_id, long long person_id) {
  Params p;
  // A refused filing does not hold the person back.
  return count(tx,
               "SELECT COUNT(*) FROM cases c WHERE c.clue_id = " + p.add(clue_id) +
                   " AND c.person_id = " + p.add(person_id) + " AND c.state <> 'filing_refused'",
               p) > 0;
}

long long insert_case_step(Tx& tx, const core::CaseStep& s) { return insert_step_record(tx, "case_steps", "case_id", s); }

std::vector<core::CaseStep> case_steps_of(Tx& tx, long long case_id) {
  return step_records_of(tx, "case_steps", "case_id", case_id);
}

namespace {
// The team (审查调查组) and the triers (审理组) are kept alike: the first leads.
void set_members(Tx& tx, const char* table, const char* lead, long long case_id, const std::vector<long long>& ids) {
  Query(tx).use(case_id).run(std::string("DELETE FROM ") + table + " WHERE case_id = :c", false);
  for (std::size_t i = 0; i < ids.size(); ++i)
    Query(tx)
        .use(case_id)
        .use(ids[i])
        .use(std::string(i == 0 ? lead : "member"))
        .use(static_cast<long long>(i))
        .run(std::string("INSERT INTO ") + table + " (case_id, user_id, role, sort) VALUES (:c, :u, :r, :s)", false);
}

std::vector<core::CaseTeamMember> members_of(Tx& tx, const char* table, long long case_id) {
  std::vector<core::CaseTeamMember> out;
  core::CaseTeamMember m;
  Query st(tx);
  st.into(m.user_id).into(m.role).into(m.name);
  st.use(case_id);
  st.run(std::string("SELECT t.user_id, t.role, u.display_name FROM ") + table +
             " t JOIN users u ON u.id = t.user_id WHERE t.case_id = :c ORDER BY t.sort",
         false);
  while (st.fetch()) out.push_back(m);
  return out;
}
}  // namespace

void set_case_team(Tx& tx, long long case_id, const std::vector<long long>& user_ids) {
  set_members(tx, "case_team", "leader", case_id, user_ids);
}

void set_case_triers(Tx& tx, long long case_id, const std::vector<long long>& user_ids) {
  set_members(tx, "case_triers", "lead", case_id, user_ids);
}

std::vector<core::CaseTeamMember> case_triers_of(Tx& tx, long long case_id) {
  return members_of(tx, "case_triers", case_id);
}

std::vector<core::CaseTeamMember> case_team_of(Tx& tx, long long case_id) { return members_of(tx, "case_team", case_id); }

long long insert_case_measure(Tx& tx, const core::CaseMeasure& m) {
  return Query(tx)
      .use(m.case_id)
      .use(m.measure)
      .use(m.day)
      .use(m.started_at)
      .use(m.ended_day)
      .use(m.returned_day)
      .use(m.approved_by)
      .use(m.approval_ref)
      .use(joined_ids(m.people))
      .use(m.note)
      .use(m.recorded_by)
      .use(tx.now)
      .insert(
          "INSERT INTO case_measures (case_id, measure, day, started_at, ended_day, returned_day, approved_by, "
          "approval_ref, people, note, recorded_by, at) VALUES (:c, :m, :d, :sa, :ed, :rd, :ab, :ar, :pp, :n, :rb, "
          ":at)");
}

void end_case_measure(Tx& tx, const core::CaseMeasure& m) {
  Query(tx).use(m.ended_day).use(m.returned_day).use(m.notified_at).use(m.notice_withheld).use(m.id).run(
      "UPDATE case_measures SET ended_day = :e, returned_day = :r, notified_at = :na, notice_withheld = :nw "
      "WHERE id = :id",
      false);
}

std::vector<core::CaseMeasure> case_measures_of(Tx& tx, long long case_id) {
  std::vector<core::CaseMeasure> out;
  core::CaseMeasure m;
  std::string people;
  Query st(tx);
  st.into(m.id).into(m.case_id).into(m.measure).into(m.day).into(m.started_at).into(m.ended_day);
  st.into(m.returned_day).into(m.approved_by).into(m.approval_ref).into(people).into(m.note).into(m.recorded_by);
  st.into(m.at).into(m.notified_at).into(m.notice_withheld);
  st.use(case_id);
  st.run(
      "SELECT id, case_id, measure, day, started_at, ended_day, returned_day, approved_by, approval_ref, people, "
      "note, recorded_by, at, notified_at, notice_withheld FROM case_measures WHERE case_id = :c ORDER BY id",
      false);
  while (st.fetch()) {
    m.people = split_ids(people);
    out.push_back(m);
  }
  return out;
}

std::vector<core::CaseMeasure> measures_owing(Tx& tx, const core::Scope& scope,
                                              const std::vector<std::string>& property_measures) {
  std::vector<core::CaseMeasure> out;
  core::CaseMeasure m;
  Params p;
  std::string where = case_scope(scope, p);
  std::string props;
  for (std::size_t i = 0; i < property_measures.size(); ++i) props += (i ? ", " : "") + p.add(property_measures[i]);
  const std::string detention = p.add(std::string(core::kMeasures.code(core::Measure::Detention)));
  std::string sql =
      "SELECT m.id, m.case_id, m.measure, m.day, m.started_at, m.ended_day, m.returned_day, m.notified_at, "
      "m.notice_withheld FROM case_measures m JOIN cases c ON c.id = m.case_id WHERE ((m.measure = " +
      detention + " AND (m.ended_day IS NULL OR (m.notified_at IS NULL AND m.notice_withheld IS NULL)))";
  if (!props.empty())
    sql += " OR (m.measure IN (" + props + ") AND m.ended_day IS NOT NULL AND m.returned_day IS NULL)";
  sql += ")" + where + " ORDER BY m.case_id, m.id";
  Query st(tx);
  st.into(m.id).into(m.case_id).into(m.measure).into(m.day).into(m.started_at).into(m.ended_day);
  st.into(m.returned_day).into(m.notified_at).into(m.notice_withheld);
  st.run(p, sql);
  while (st.fetch()) out.push_back(m);
  return out;
}

std::vector<CaseWarningAck> case_acks_for(Tx& tx, const std::vector<long long>& case_ids) {
  std::vector<CaseWarningAck> out;
  if (case_ids.empty()) return out;
  Params p;
  const std::string list = id_list(case_ids, p);
  CaseWarningAck k;
  Query st(tx);
  st.into(k.case_id).into(k.code).into(k.occurrence).into(k.user_id).into(k.user_name).into(k.note).into(k.at);
  st.run(p,
         "SELECT a.case_id, a.code, a.occurrence, a.user_id, u.display_name, a.note, a.at FROM case_warning_acks a "
         "JOIN users u ON u.id = a.user_id WHERE a.case_id IN (" + list + ")");
  while (st.fetch()) out.push_back(k);
  return out;
}

bool insert_case_ack(Tx& tx, long long county_id, const CaseWarningAck& k) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  Query(tx)
      .use(county_id)
      .use(k.case_id)
      .use(k.code)
      .use(k.occurrence)
      .use(k.user_id)
      .use(k.note)
      .use(tx.now)
      .into(id, ind)
      .run(
          "INSERT INTO case_warning_acks (county_id, case_id, code, occurrence, user_id, note, at) "
          "VALUES (:cy, :c, :k, :o, :u, :n, :at) ON CONFLICT (case_id, code, occurrence) DO NOTHING RETURNING id");
  return ind == soci::i_ok;  // a row came back: it was inserted
}

long long insert_case_extension(Tx& tx, const core::CaseExtension& e) {
  return Query(tx)
      .use(e.case_id)
      .use(e.measure_id)
      .use(e.limit_code)
      .use(e.decided_day)
      .use(e.amount)
      .use(e.approved)
      .use(e.approved_by)
      .use(e.approval_ref)
      .use(e.recorded_by)
      .use(tx.now)
      .insert(
          "INSERT INTO case_extensions (case_id, measure_id, limit_code, decided_day, amount, approved, "
          "approved_by, approval_ref, recorded_by, at) VALUES (:c, :m, :l, :d, :a, :ap, :ab, :ar, :rb, :at)");
}

std::vector<core::CaseExtension> case_extensions_of(Tx& tx, long long case_id) {
  std::vector<core::CaseExtension> out;
  core::CaseExtension e;
  std::optional<std::string> ref;
  Query st(tx);
  st.into(e.id).into(e.case_id).into(e.measure_id).into(e.limit_code).into(e.decided_day).into(e.amount);
  st.into(e.approved).into(e.approved_by).into(ref).into(e.recorded_by).into(e.at);
  st.use(case_id);
  st.run(
      "SELECT id, case_id, measure_id, limit_code, decided_day, amount, approved, approved_by, approval_ref, "
      "recorded_by, at FROM case_extensions WHERE case_id = :c ORDER BY id",
      false);
  while (st.fetch()) {
    e.approval_ref = ref.value_or("");
    out.push_back(e);
  }
  return out;
}

long long insert_case_decision(Tx& tx, const core::CaseDecision& d) {
  return Query(tx)
      .use(d.case_id)
      .use(d.outcome)
      .use(d.period_amount)
      .use(d.period_unit)
      .use(d.deciding_organ)
      .use(d.decided_day)
      .use(d.decision_ref)
      .use(d.period_end_day)
      .use(d.influence_until)
      .use(d.simple_case)
      .use(d.recorded_by)
      .use(tx.now)
      .insert(
          "INSERT INTO case_decisions (case_id, outcome, period_amount, period_unit, deciding_organ, decided_day, "
          "decision_ref, period_end_day, influence_until, simple_case, recorded_by, at) "
          "VALUES (:c, :o, :pa, :pu, :og, :d, :r, :pe, :iu, :s, :rb, :at)");
}

std::vector<core::CaseDecision> case_decisions_of(Tx& tx, long long case_id) {
  std::vector<core::CaseDecision> out;
  core::CaseDecision d;
  Query st(tx);
  st.into(d.id).into(d.case_id).into(d.outcome).into(d.period_amount).into(d.period_unit).into(d.deciding_organ);
  st.into(d.decided_day).into(d.decision_ref).into(d.period_end_day).into(d.influence_until).into(d.simple_case);
  st.into(d.recorded_by).into(d.at);
  st.use(case_id);
  st.run(
      "SELECT id, case_id, outcome, period_amount, period_unit, deciding_organ, decided_day, decision_ref, "
      "period_end_day, influence_until, simple_case, recorded_by, at FROM case_decisions WHERE case_id = :c "
      "ORDER BY id",
      false);
  while (st.fetch()) out.push_back(d);
  return out;
}

long long insert_extension_request(Tx& tx, const core::CaseExtensionRequest& r) {
  return Query(tx)
      .use(r.case_id)
      .use(r.limit_code)
      .use(r.amount)
      .use(r.reason)
      .use(r.requested_by)
      .use(tx.now)
      .insert(
          "INSERT INTO case_extension_requests (case_id, limit_code, amount, reason, requested_by, requested_at) "
          "VALUES (:c, :l, :a, :r, :u, :at)");
}

void answer_extension_request(Tx& tx, long long request_id, long long answered_by, long long extension_id,
                              const std::optional<std::string>& refusal_reason) {
  Query(tx)
      .use(answered_by)
      .use(tx.now)
      .use(extension_id)
      .use(refusal_reason)
      .use(request_id)
      .run("UPDATE case_extension_requests SET answered_by = :u, answered_at = :at, extension_id = :e, "
           "refusal_reason = :r WHERE id = :id AND answered_at IS NULL");
}

std::vector<core::CaseExtensionRequest> extension_requests_of(Tx& tx, long long case_id) {
  std::vector<core::CaseExtensionRequest> out;
  core::CaseExtensionRequest r;
  Query st(tx);
  st.into(r.id).into(r.case_id).into(r.limit_code).into(r.amount).into(r.reason).into(r.requested_by);
  st.into(r.requested_at).into(r.answered_by).into(r.answered_at).into(r.extension_id).into(r.refusal_reason);
  st.into(r.requested_by_name).into(r.answered_by_name).into(r.approved).into(r.granted).into(r.approval_ref);
  st.use(case_id);
  st.run(
      "SELECT r.id, r.case_id, r.limit_code, r.amount, r.reason, r.requested_by, r.requested_at, r.answered_by, "
      "r.answered_at, r.extension_id, r.refusal_reason, ru.display_name, au.display_name, e.approved, e.amount, "
      "e.approval_ref FROM case_extension_requests r JOIN users ru ON ru.id = r.requested_by "
      "LEFT JOIN users au ON au.id = r.answered_by LEFT JOIN case_extensions e ON e.id = r.extension_id "
      "WHERE r.case_id = :c ORDER BY r.id",
      false);
  while (st.fetch()) out.push_back(r);
  return out;
}

}  // namespace funnel::store
