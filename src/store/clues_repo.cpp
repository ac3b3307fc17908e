#include "store/clues_repo.hpp"

#include "store/petitions_repo.hpp"

namespace funnel::store {

namespace {
std::string clue_unit_scope(const core::Scope& s, Params& p) {
  using core::DataScope;
  switch (s.kind) {
    case DataScope::County:
      return " AND c.county_id = " + p.add(s.county_id);
    case DataScope::OwnRecords:
      return " AND c.county_id = " + p.add(s.county_id) + " AND c.registered_by = " + p.add(s.user_id) +
             " AND c.conflict = 0";
    case DataScope::LinkedTownships:
    case DataScope::OwnTownship: {
      auto org = p.add(s.org_id);
      std::string list;
      for (std::size_t i = 0; i < s.township_ids.size(); ++i) list += (i ? ", " : "") + p.add(s.township_ids[i]);
      std::string out = " AND (c.lead_org_id = " + org + " OR c.assist_org_id = " + org;
      if (s.kind == DataScope::LinkedTownships) {
        if (!list.empty()) out += " OR c.township_id IN (" + list + ") OR c.assist_org_id IN (" + list + ")";
        return out + ")";
      }
      // A township never sees a clue about its own discipline cadres or party secretary (回避).
      out += " OR (c.conflict = 0 AND (c.found_by_org_id = " + org;
      if (!list.empty()) out += " OR c.township_id IN (" + list + ")";
      return out + ")))";
    }
    default:
      return " AND 1=0";
  }
}
}  // namespace

std::string clue_scope(const core::Scope& s, Params& p) {
  if (s.unrestricted) return "";
  auto out = clue_unit_scope(s, p);
  if (out == " AND 1=0") return out;
  return out + recusal_clause(s, p, "clue_persons", "clue_id", "c");
}

namespace {
const char* kCols =
    "c.id, c.county_id, c.township_id, c.found_by_org_id, c.number_org_id, c.year, c.seq, c.number, c.source, "
    "c.petition_id, c.summary, c.content, c.category, c.received_day, c.state, c.conflict, c.difficult, "
    "c.cross_township, c.needs_county_strength, c.proposed_mode, c.proposal_reason, c.mode, c.dispatch_reason, "
    "c.lead_org_id, c.assist_org_id, c.acknowledged_at, c.method, c.plan, c.approvals_done, c.outcome, "
    "c.review_day, c.limit_code, c.clock_start, c.due_day, c.closed_day, c.registered_by, c.created_at, "
    "c.updated_at, ru.display_name, fo.name, tw.name, lo.name, ao.name, pt.number "
    "FROM clues c JOIN users ru ON ru.id = c.registered_by JOIN org_units fo ON fo.id = c.found_by_org_id "
    "LEFT JOIN org_units tw ON tw.id = c.township_id LEFT JOIN org_units lo ON lo.id = c.lead_org_id "
    "LEFT JOIN org_units ao ON ao.id = c.assist_org_id LEFT JOIN petitions pt ON pt.id = c.petition_id";

void into_clue(Query& st, core::Clue& c) {
  st.into(c.id).into(c.county_id).into(c.township_id).into(c.found_by_org_id).into(c.number_org_id);
  st.into(c.year).into(c.seq).into(c.number).into(c.source).into(c.petition_id).into(c.summary);
  st.into(c.content).into(c.category).into(c.received_day).into(c.state).into(c.conflict).into(c.difficult);
  st.into(c.cross_township).into(c.needs_county_strength).into(c.proposed_mode).into(c.proposal_reason);
  st.into(c.mode).into(c.dispatch_reason).into(c.lead_org_id).into(c.assist_org_id).into(c.acknowledged_at);
  st.into(c.method).into(c.plan).into(c.approvals_done).into(c.outcome).into(c.review_day).into(c.limit_code);
  st.into(c.clock_start).into(c.due_day).into(c.closed_day).into(c.registered_by).into(c.created_at);
  st.into(c.updated_at).into(c.registered_by_name).into(c.found_by_org_name).into(c.township_name);
  st.into(c.lead_org_name).into(c.assist_org_name).into(c.petition_number);
}

std::vector<core::Clue> select_clues(Tx& tx, const std::string& sql, Params& p) {
  std::vector<core::Clue> out;
  core::Clue c;
  Query st(tx);
  into_clue(st, c);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(c);
  return out;
}

const char* kFinal = "('closed', 'filed', 'transferred')";

std::string clue_where(const core::Scope& scope, const ClueFilter& f, Params& p) {
  std::string w = " WHERE 1=1" + clue_scope(scope, p);
  if (f.state) w += " AND c.state = " + p.add(*f.state);
  if (f.mode) w += " AND c.mode = " + p.add(*f.mode);
  if (f.method) w += " AND c.method = " + p.add(*f.method);
  if (f.source) w += " AND c.source = " + p.add(*f.source);
  if (f.category) w += " AND c.category = " + p.add(*f.category);
  if (f.township_id) w += " AND c.township_id = " + p.add(*f.township_id);
  if (f.lead_org_id) w += " AND c.lead_org_id = " + p.add(*f.lead_org_id);
  if (f.petition_id) w += " AND c.petition_id = " + p.add(*f.petition_id);
  if (f.received_from) w += " AND c.received_day >= " + p.add(*f.received_from);
  if (f.received_to) w += " AND c.received_day <= " + p.add(*f.received_to);
  if (f.q) {
    auto pat = like_pattern(*f.q);
    w += " AND (c.number LIKE " + p.add(pat) + " ESCAPE '\\' OR c.summary LIKE " + p.add(pat) + " ESCAPE '\\')";
  }
  if (f.overdue_before)
    w += " AND c.due_day IS NOT NULL AND c.due_day < " + p.add(*f.overdue_before) + " AND c.state NOT IN " + kFinal;
  if (f.open_only) w += std::string(" AND c.state NOT IN ") + kFinal;
  return w;
}
}  // namespace

void lock_clue(Tx& tx, long long id) {
  if (tx.backend != Backend::Postgres) return;
  long long got = 0;
  soci::indicator ind = soci::i_ok;
  Query(tx).use(id).into(got, ind).run("SELECT id FROM clues WHERE id = :id FOR UPDATE");
}

const std::vector<std::string> kClueColumns = {"county_id",
                                               "township_id",
                                               "found_by_org_id",
                                               "number_org_id",
                                               "year",
                                               "seq",
                                               "number",
                                               "source",
                                               "petition_id",
                                               "summary",
                                               "content",
                                               "category",
                                               "received_day",
                                               "state",
                                               "conflict",
                                               "difficult",
                                               "cross_township",
                                               "needs_county_strength",
                                               "proposed_mode",
                                               "proposal_reason",
                                               "mode",
                                               "dispatch_reason",
                                               "lead_org_id",
                                               "assist_org_id",
                                               "acknowledged_at",
                                               "method",
                                               "plan",
                                               "approvals_done",
                                               "outcome",
                                               "review_day",
                                               "limit_code",
                                               "clock_start",
                                               "due_day",
                                               "closed_day",
                                               "registered_by",
                                               "created_at",
                                               "updated_at"};

long long insert_clue(Tx& tx, const core::Clue& c) {
  Query q(tx);
  clue_values(q, c, tx.now);
  return q.insert(insert_sql("clues", kClueColumns));
}

void update_clue(Tx& tx, const core::Clue& c) {
  Query(tx)
      .use(c.state)
      .use(c.mode)
      .use(c.dispatch_reason)
      .use(c.lead_org_id)
      .use(c.assist_org_id)
      .use(c.acknowledged_at)
      .use(c.method)
      .use(c.plan)
      .use(c.approvals_done)
      .use(c.outcome)
      .use(c.review_day)
      .use(c.limit_code)
      .use(c.clock_start)
      .use(c.due_day)
      .use(c.closed_day)
      .use(tx.now)
      .use(c.id)
      .run(
          "UPDATE clues SET state = :st, mode = :mo, dispatch_reason = :dr, lead_org_id = :lo, assist_org_id = :ao, "
          "acknowledged_at = :ack, method = :me, plan = :pl, approvals_done = :ad, outcome = :oc, review_day = :rv, "
          "limit_code = :lc, clock_start = :cs, due_day = :du, closed_day = :cd, updated_at = :now WHERE id = :id",
          false);
}

std::optional<core::Clue> find_clue(Tx& tx, const core::Scope& scope, long long id) {
  Params p;
  std::string sql = std::string("SELECT ") + kCols + " WHERE c.id = " + p.add(id) + clue_scope(scope, p);
  auto rows = select_clues(tx, sql, p);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<core::Clue> list_clues(Tx& tx, const core::Scope& scope, const ClueFilter& f, const core::Page& page,
                                   long long* total) {
  Params p;
  std::string where = clue_where(scope, f, p);
  if (total) {
    Params pc = p;
    *total = count(tx, "SELECT COUNT(*) FROM clues c" + where, pc);
  }
  // Page the ids on clues alone, then join the page's rows (as for petitions):
  // joining every match before the sort cost six lookups per match.
  std::string order = f.overdue_before ? "c.due_day, c.id" : "c.id DESC";
  std::string sql = std::string("SELECT ") + kCols + " WHERE c.id IN (SELECT c.id FROM clues c" + where +
                    " ORDER BY " + order + " LIMIT " + p.add(page.page_size) + " OFFSET " + p.add(page.offset()) +
                    ") ORDER BY " + order;
  return select_clues(tx, sql, p);
}

void scan_clues(Tx& tx, const core::Scope& scope, const ClueFilter& f,
                const std::function<void(const core::Clue&)>& fn) {
  Params p;
  std::string sql = std::string("SELECT ") + kCols + clue_where(scope, f, p) + " ORDER BY c.id";
  core::Clue c;
  Query st(tx);
  into_clue(st, c);
  st.run(p, sql, false);
  while (st.fetch()) fn(c);
}

void insert_clue_person(Tx& tx, long long clue_id, const core::ReportedPerson& rp, int sort) {
  Query q(tx);
  reported_person_values(q, clue_id, rp, sort);
  q.run(
      "INSERT INTO clue_persons (clue_id, person_id, sort, county_department, township_discipline_staff, "
      "township_party_secretary) VALUES (:c, :pe, :s, :cd, :tds, :tps)",
      false);
}

std::vector<core::ReportedPerson> clue_persons_of(Tx& tx, long long clue_id) {
  Params p;
  std::string sql = std::string("SELECT ") + kPersonCols +
                    ", cp.county_department, cp.township_discipline_staff, cp.township_party_secretary "
                    "FROM clue_persons cp JOIN persons pe ON pe.id = cp.person_id WHERE cp.clue_id = " +
                    p.add(clue_id) + " ORDER BY cp.sort";
  std::vector<core::ReportedPerson> out;
  core::ReportedPerson r;
  Query st(tx);
  into_person(st, r.person);
  st.into(r.county_department).into(r.township_discipline_staff).into(r.township_party_secretary);
  st.run(p, sql, false);
  while (st.fetch()) out.push_back(r);
  return out;
}

const std::vector<std::string> kClueStepColumns = step_columns("clue_id");

long long insert_clue_step(Tx& tx, const core::ClueStep& s) { return insert_step_record(tx, "clue_steps", "clue_id", s); }

std::vector<core::ClueStep> clue_steps_of(Tx& tx, long long clue_id) {
  return step_records_of(tx, "clue_steps", "clue_id", clue_id);
}

long long insert_clue_record(Tx& tx, const core::ClueRecord& r) {
  return Query(tx)
      .use(r.clue_id)
      .use(r.kind)
      .use(r.day)
      .use(r.text)
      .use(r.evaluation)
      .use(r.author_id)
      .use(r.author_name)
      .use(tx.now)
      .insert(
          "INSERT INTO clue_records (clue_id, kind, day, text, evaluation, author_id, author_name, at) VALUES "
          "(:c, :k, :d, :t, :e, :a, :an, :at)");
}

std::vector<core::ClueRecord> clue_records_of(Tx& tx, long long clue_id) {
  std::vector<core::ClueRecord> out;
  core::ClueRecord r;
  Query st(tx);
  st.into(r.id).into(r.clue_id).into(r.kind).into(r.day).into(r.text).into(r.evaluation).into(r.author_id);
  st.into(r.author_name).into(r.at);
  st.use(clue_id);
  st.run(
      "SELECT id, clue_id, kind, day, text, evaluation, author_id, author_name, at FROM clue_records "
      "WHERE clue_id = :c ORDER BY id",
      false);
  while (st.fetch()) out.push_back(r);
  return out;
}

std::set<long long> visible_clue_ids(Tx& tx, const core::Scope& scope, const std::vector<long long>& ids) {
  std::set<long long> out;
  for (std::size_t from = 0; from < ids.size(); from += 500) {
    Params p;
    std::string list;
    for (std::size_t i = from; i < ids.size() && i < from + 500; ++i) list += (i > from ? ", " : "") + p.add(ids[i]);
    long long id = 0;
    Query st(tx);
    st.into(id);
    st.run(p, "SELECT c.id FROM clues c WHERE c.id IN (" + list + ")" + clue_scope(scope, p), false);
    while (st.fetch()) out.insert(id);
  }
  return out;
}

}  // namespace funnel::store
