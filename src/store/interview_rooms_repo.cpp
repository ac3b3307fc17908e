#include "store/interview_rooms_repo.hpp"

#include <sstream>

#include "store/cases_repo.hpp"

namespace funnel::store {

namespace {
std::string id_list(const std::vector<long long>& ids, Params& p) {
  std::string list;
  for (std::size_t i = 0; i < ids.size(); ++i) list += (i ? ", " : "") + p.add(ids[i]);
  return list;
}

template <class T>
std::string joined(const std::vector<T>& v) {
  std::ostringstream out;
  for (std::size_t i = 0; i < v.size(); ++i) out << (i ? "," : "") << v[i];
  return out.str();
}
std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, ',');)
    if (!part.empty()) out.push_back(part);
  return out;
}

const char* kRoomCols =
    "r.id, r.county_id, r.org_unit_id, r.township_id, o.name, r.name, r.place, r.active, r.created_at, r.updated_at "
    "FROM interview_rooms r JOIN org_units o ON o.id = r.org_unit_id";

std::vector<InterviewRoom> select_rooms(Tx& tx, const std::string& sql, Params& p) {
  std::vector<InterviewRoom> out;
  InterviewRoom r;
  Query q(tx);
  q.into(r.id).into(r.county_id).into(r.org_unit_id).into(r.township_id).into(r.org_unit_name).into(r.name);
  q.into(r.place).into(r.active).into(r.created_at).into(r.updated_at);
  q.run(p, sql, false);
  while (q.fetch()) out.push_back(r);
  return out;
}

const char* kBookingCols =
    "b.id, b.room_id, b.county_id, b.case_id, b.start_at, b.end_at, b.booked_by, u.display_name, r.name, "
    "b.cancelled, b.cancelled_at, b.created_at "
    "FROM interview_bookings b JOIN interview_rooms r ON r.id = b.room_id JOIN users u ON u.id = b.booked_by";

std::vector<InterviewBooking> select_bookings(Tx& tx, const std::string& sql, Params& p) {
  std::vector<InterviewBooking> out;
  InterviewBooking b;
  Query q(tx);
  q.into(b.id).into(b.room_id).into(b.county_id).into(b.case_id).into(b.start_at).into(b.end_at).into(b.booked_by);
  q.into(b.booked_by_name).into(b.room_name).into(b.cancelled).into(b.cancelled_at).into(b.created_at);
  q.run(p, sql, false);
  while (q.fetch()) out.push_back(b);
  return out;
}

// The database's own refusal of an overlapping live booking: the exclusion
// constraint's SQLSTATE on PostgreSQL, the trigger's message on SQLite.
bool is_overlap_refusal(const DbError& e) {
  if (e.sqlstate == "23P01") return true;
  return e.sqlstate.rfind("sqlite:", 0) == 0 &&
         std::string(e.what()).find("interview_bookings_overlap") != std::string::npos;
}
}  // namespace

std::string interview_room_scope(const core::Scope& s, Params& p, const char* alias) {
  using core::DataScope;
  if (s.unrestricted) return "";
  const std::string a = alias;
  switch (s.kind) {
    case DataScope::County: return " AND " + a + ".county_id = " + p.add(s.county_id);
    case DataScope::LinkedTownships: {
      std::string out = " AND " + a + ".county_id = " + p.add(s.county_id) + " AND (" + a + ".township_id IS NULL";
      if (!s.township_ids.empty()) out += " OR " + a + ".township_id IN (" + id_list(s.township_ids, p) + ")";
      return out + ")";
    }
    case DataScope::OwnTownship:
    case DataScope::OwnRecords:
      if (s.township_ids.empty()) return " AND 1=0";
      return " AND " + a + ".township_id IN (" + id_list(s.township_ids, p) + ")";
    default: return " AND 1=0";
  }
}

long long insert_interview_room(Tx& tx, const InterviewRoom& r) {
  return Query(tx)
      .use(r.county_id)
      .use(r.org_unit_id)
      .use(r.township_id)
      .use(r.name)
      .use(r.place)
      .use(r.active)
      .use(tx.now)
      .insert(
          "INSERT INTO interview_rooms (county_id, org_unit_id, township_id, name, place, active, created_at, "
          "updated_at) VALUES (:co, :ou, :tw, :na, :pl, :ac, :now, :now)");
}

void update_interview_room(Tx& tx, const InterviewRoom& r) {
  Query(tx).use(r.name).use(r.place).use(r.active).use(tx.now).use(r.id).run(
      "UPDATE interview_rooms SET name = :na, place = :pl, active = :ac, updated_at = :now WHERE id = :id", false);
}

std::optional<InterviewRoom> find_interview_room(Tx& tx, const core::Scope& scope, long long id) {
  Params p;
  auto rows = select_rooms(
      tx, std::string("SELECT ") + kRoomCols + " WHERE r.id = " + p.add(id) + interview_room_scope(scope, p), p);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<InterviewRoom> list_interview_rooms(Tx& tx, const core::Scope& scope) {
  Params p;
  return select_rooms(tx,
                      std::string("SELECT ") + kRoomCols + " WHERE 1=1" + interview_room_scope(scope, p) +
                          " ORDER BY CASE WHEN r.township_id IS NULL THEN 0 ELSE 1 END, o.name, r.name, r.id",
                      p);
}

bool interview_room_name_taken(Tx& tx, long long org_unit_id, const std::string& name, long long except_id) {
  Params p;
  return count(tx,
               "SELECT COUNT(*) FROM interview_rooms WHERE org_unit_id = " + p.add(org_unit_id) +
                   " AND name = " + p.add(name) + " AND id <> " + p.add(except_id),
               p) > 0;
}

std::optional<core::TimeRange> overlapping_booking(Tx& tx, long long room_id, const core::TimeRange& r) {
  core::TimeRange got;
  Query q(tx);
  // At most 12 hours long (the table's CHECK): the index range is bounded.
  q.use(room_id).use(r.start - core::kMaxBookingMs).use(r.end).use(r.start).into(got.start).into(got.end);
  q.run(
      "SELECT start_at, end_at FROM interview_bookings WHERE room_id = :ro AND start_at > :lo AND start_at < :e "
      "AND cancelled = 0 AND end_at > :s ORDER BY start_at LIMIT 1");
  if (!q.got_data()) return std::nullopt;
  return got;
}

BookingOutcome insert_interview_booking(Tx& tx, const InterviewBooking& b) {
  const core::TimeRange range{b.start_at, b.end_at};
  const bool pg = tx.backend == Backend::Postgres;
  // PostgreSQL: bookers of one room queue on its row, so the next one reads
  // the winner's committed booking below and never inserts. Without it,
  // two inserts of overlapping ranges each wait for the other in the
  // exclusion check (a deadlock, found after deadlock_timeout: requests of
  // 1–4 s under 10-fold contention). SQLite has one writer anyway.
  if (pg) {
    long long got = 0;
    soci::indicator ind = soci::i_ok;
    Query(tx).use(b.room_id).into(got, ind).run("SELECT id FROM interview_rooms WHERE id = :id FOR NO KEY UPDATE");
  }
  // The common case answers from a committed booking; the database's own
  // refusal covers a writer that did not queue.
  if (auto taken = overlapping_booking(tx, b.room_id, range)) return {0, taken};
  // On PostgreSQL a failed statement aborts the transaction: the savepoint
  // keeps it usable to read the booking that won.
  if (pg) tx.sql << "SAVEPOINT booking_insert";
  try {
    const long long id = Query(tx)
                             .use(b.room_id)
                             .use(b.county_id)
                             .use(b.case_id)
                             .use(b.start_at)
                             .use(b.end_at)
                             .use(b.booked_by)
                             .use(tx.now)
                             .insert(
                                 "INSERT INTO interview_bookings (room_id, county_id, case_id, start_at, end_at, "
                                 "booked_by, cancelled, created_at) VALUES (:ro, :co, :ca, :s, :e, :by, 0, :now)");
    if (pg) tx.sql << "RELEASE SAVEPOINT booking_insert";
    return {id, std::nullopt};
  } catch (const DbError& e) {
    if (!is_overlap_refusal(e)) throw;
    if (pg) tx.sql << "ROLLBACK TO SAVEPOINT booking_insert";
    auto taken = overlapping_booking(tx, b.room_id, range);
    // Refused, yet no live overlap visible: the winner's range is not known, only the request's.
    return {0, taken ? taken : std::optional(range)};
  }
}

void lock_interview_booking(Tx& tx, long long id) {
  if (tx.backend != Backend::Postgres) return;
  long long got = 0;
  soci::indicator ind = soci::i_ok;
  Query(tx).use(id).into(got, ind).run("SELECT id FROM interview_bookings WHERE id = :id FOR UPDATE");
}

std::optional<InterviewBooking> find_interview_booking(Tx& tx, long long room_id, long long id) {
  Params p;
  auto rows = select_bookings(
      tx, std::string("SELECT ") + kBookingCols + " WHERE b.id = " + p.add(id) + " AND b.room_id = " + p.add(room_id),
      p);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

void cancel_interview_booking(Tx& tx, long long id, long long by) {
  Query(tx).use(by).use(tx.now).use(id).run(
      "UPDATE interview_bookings SET cancelled = 1, cancelled_by = :by, cancelled_at = :now WHERE id = :id", false);
}

std::vector<InterviewBooking> interview_bookings_between(Tx& tx, const core::Scope& scope, long long from,
                                                         long long to) {
  Params p;
  // Bookings last at most 12 hours: those meeting [from, to) start after from − 12 h.
  const std::string sql = std::string("SELECT ") + kBookingCols + " WHERE b.cancelled = 0 AND b.start_at > " +
                          p.add(from - core::kMaxBookingMs) + " AND b.start_at < " + p.add(to) + " AND b.end_at > " +
                          p.add(from) + interview_room_scope(scope, p) +
                          " ORDER BY b.start_at, b.room_id LIMIT 5000";
  return select_bookings(tx, sql, p);
}

std::vector<CaseRefRow> visible_cases(Tx& tx, const core::Scope& scope, const std::vector<long long>& ids) {
  std::vector<CaseRefRow> out;
  if (ids.empty()) return out;
  Params p;
  const std::string sql =
      "SELECT c.id, c.number, c.state FROM cases c WHERE c.id IN (" + id_list(ids, p) + ")" + case_scope(scope, p);
  CaseRefRow r;
  Query q(tx);
  q.into(r.id).into(r.number).into(r.state);
  q.run(p, sql, false);
  while (q.fetch()) out.push_back(r);
  return out;
}

std::optional<InterviewTalk> find_interview_talk(Tx& tx, long long booking_id) {
  InterviewTalk t;
  std::string interviewers, checklist;
  int important = 0, recording_on = 0;
  Query q(tx);
  q.use(booking_id);
  q.into(t.booking_id).into(t.county_id).into(t.case_id).into(t.reg.person).into(important).into(interviewers);
  q.into(t.reg.safety_officer_id).into(t.reg.started_at).into(t.reg.ended_at).into(recording_on);
  q.into(t.reg.recording_ref).into(checklist).into(t.reg.handover).into(t.closed).into(t.closed_at);
  q.into(t.recorded_by).into(t.updated_at);
  q.run(
      "SELECT booking_id, county_id, case_id, person, important, interviewers, safety_officer_id, started_at, ended_at, "
      "recording_on, recording_ref, checklist, handover, closed, closed_at, recorded_by, updated_at "
      "FROM interview_talks WHERE booking_id = :b");
  if (!q.got_data()) return std::nullopt;
  t.reg.important = important != 0;
  t.reg.recording_on = recording_on != 0;
  for (auto& s : split(interviewers)) t.reg.interviewers.push_back(std::stoll(s));
  t.reg.checklist = split(checklist);
  return t;
}

void save_interview_talk(Tx& tx, const InterviewTalk& t, bool exists) {
  Query q(tx);
  q.use(t.county_id)
      .use(t.case_id)
      .use(t.reg.person)
      .use(t.reg.important ? 1 : 0)
      .use(joined(t.reg.interviewers))
      .use(t.reg.safety_officer_id)
      .use(t.reg.started_at)
      .use(t.reg.ended_at)
      .use(t.reg.recording_on ? 1 : 0)
      .use(t.reg.recording_ref)
      .use(joined(t.reg.checklist))
      .use(t.reg.handover)
      .use(t.closed)
      .use(t.closed_at)
      .use(t.recorded_by)
      .use(tx.now)
      .use(t.booking_id);
  if (exists)
    q.run(
        "UPDATE interview_talks SET county_id = :co, case_id = :ca, person = :pe, important = :im, interviewers = :iv, "
        "safety_officer_id = :so, started_at = :sa, ended_at = :ea, recording_on = :ro, recording_ref = :rr, "
        "checklist = :cl, handover = :ho, closed = :cd, closed_at = :cat, recorded_by = :rb, updated_at = :now "
        "WHERE booking_id = :b",
        false);
  else
    q.run(
        "INSERT INTO interview_talks (county_id, case_id, person, important, interviewers, safety_officer_id, started_at, "
        "ended_at, recording_on, recording_ref, checklist, handover, closed, closed_at, recorded_by, updated_at, "
        "booking_id) VALUES (:co, :ca, :pe, :im, :iv, :so, :sa, :ea, :ro, :rr, :cl, :ho, :cd, :cat, :rb, :now, :b)",
        false);
}

long long insert_interview_incident(Tx& tx, const InterviewIncident& i) {
  return Query(tx)
      .use(i.booking_id)
      .use(i.county_id)
      .use(i.occurred_at)
      .use(i.description)
      .use(i.recorded_by)
      .use(tx.now)
      .insert(
          "INSERT INTO interview_incidents (booking_id, county_id, occurred_at, description, recorded_by, at) "
          "VALUES (:b, :co, :o, :d, :rb, :now)");
}

void report_interview_incident(Tx& tx, long long id, long long reported_at, const std::string& report_ref) {
  Query(tx).use(reported_at).use(report_ref).use(id).run(
      "UPDATE interview_incidents SET reported_at = :ra, report_ref = :rr WHERE id = :id", false);
}

std::vector<InterviewIncident> unreported_incidents(Tx& tx, const core::Scope& scope) {
  std::vector<InterviewIncident> out;
  InterviewIncident i;
  Params p;
  std::string where = case_scope(scope, p);
  Query q(tx);
  q.into(i.id).into(i.booking_id).into(i.county_id).into(i.occurred_at).into(i.case_id);
  q.run(p,
        "SELECT n.id, n.booking_id, n.county_id, n.occurred_at, b.case_id FROM interview_incidents n "
        "JOIN interview_bookings b ON b.id = n.booking_id JOIN cases c ON c.id = b.case_id "
        "WHERE n.reported_at IS NULL" + where + " ORDER BY n.occurred_at, n.id",
        false);
  while (q.fetch()) out.push_back(i);
  return out;
}

std::vector<InterviewIncident> interview_incidents_of(Tx& tx, long long booking_id) {
  std::vector<InterviewIncident> out;
  InterviewIncident i;
  Query q(tx);
  q.use(booking_id);
  q.into(i.id).into(i.booking_id).into(i.county_id).into(i.occurred_at).into(i.description).into(i.reported_at).into(i.report_ref);
  q.into(i.recorded_by).into(i.at);
  q.run(
      "SELECT id, booking_id, county_id, occurred_at, description, reported_at, report_ref, recorded_by, at "
      "FROM interview_incidents WHERE booking_id = :b ORDER BY id",
      false);
  while (q.fetch()) out.push_back(i);
  return out;
}

}  // namespace funnel::store
