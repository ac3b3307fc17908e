#pragma once
// Interview rooms (谈话室, CA-2): the rooms of the county and its townships,
// their bookings by time range, each talk's use register and its incidents.
// A room is never booked twice for overlapping times: on PostgreSQL an
// exclusion constraint (btree_gist, room WITH =, int8range WITH &&, live
// rows only), on SQLite triggers that run inside the write transaction,
// which SQLite gives one writer at a time (migration 23).
#include <optional>
#include <string>
#include <vector>

#include "core/interview_room.hpp"
#include "core/scope.hpp"
#include "store/db.hpp"
#include "store/query.hpp"

namespace funnel::store {

struct InterviewRoom {
  long long id = 0, county_id = 0, org_unit_id = 0;
  std::optional<long long> township_id;  // null: a county room
  std::string org_unit_name, name, place;
  int active = 1;
  long long created_at = 0, updated_at = 0;
};

struct InterviewBooking {
  long long id = 0, room_id = 0, county_id = 0, case_id = 0;
  long long start_at = 0, end_at = 0;
  long long booked_by = 0;
  std::string booked_by_name, room_name;
  int cancelled = 0;
  std::optional<long long> cancelled_at;
  long long created_at = 0;
};

struct InterviewTalk {
  long long booking_id = 0, county_id = 0, case_id = 0;
  core::TalkRegister reg;
  int closed = 0;
  std::optional<long long> closed_at;
  long long recorded_by = 0, updated_at = 0;
};

struct InterviewIncident {
  long long id = 0, booking_id = 0, county_id = 0, occurred_at = 0;
  long long case_id = 0;  // the booking's (unreported_incidents only)
  std::string description;
  std::optional<long long> reported_at;
  std::optional<std::string> report_ref;
  long long recorded_by = 0, at = 0;
};

// The rooms a scope sees: the county's offices every room of the county; a
// county room its county's rooms and those of its linked townships; a
// township (and an own-records user) its own township's rooms.
std::string interview_room_scope(const core::Scope& scope, Params& p, const char* alias = "r");

long long insert_interview_room(Tx& tx, const InterviewRoom& r);
void update_interview_room(Tx& tx, const InterviewRoom& r);
std::optional<InterviewRoom> find_interview_room(Tx& tx, const core::Scope& scope, long long id);
// By unit (county first), then name.
std::vector<InterviewRoom> list_interview_rooms(Tx& tx, const core::Scope& scope);
bool interview_room_name_taken(Tx& tx, long long org_unit_id, const std::string& name, long long except_id);

// The live booking of the room that overlaps the range, the earliest first.
std::optional<core::TimeRange> overlapping_booking(Tx& tx, long long room_id, const core::TimeRange& r);
// Inserts a live booking; when another live booking of the room overlaps
// (found first, or refused by the database when it committed meanwhile),
// nothing is inserted and its range is returned instead.
struct BookingOutcome {
  long long id = 0;
  std::optional<core::TimeRange> taken;
};
BookingOutcome insert_interview_booking(Tx& tx, const InterviewBooking& b);
void lock_interview_booking(Tx& tx, long long id);
std::optional<InterviewBooking> find_interview_booking(Tx& tx, long long room_id, long long id);
void cancel_interview_booking(Tx& tx, long long id, long long by);
// Live bookings of the rooms in scope that meet [from, to), by start.
std::vector<InterviewBooking> interview_bookings_between(Tx& tx, const core::Scope& scope, long long from,
                                                         long long to);
// Of these cases, the ones the scope sees (scope and recusal as for cases),
// with their number and state.
struct CaseRefRow {
  long long id = 0;
  std::optional<std::string> number;
  std::string state;
};
std::vector<CaseRefRow> visible_cases(Tx& tx, const core::Scope& scope, const std::vector<long long>& ids);

std::optional<InterviewTalk> find_interview_talk(Tx& tx, long long booking_id);
void save_interview_talk(Tx& tx, const InterviewTalk& t, bool exists);

long long insert_interview_incident(Tx& tx, const InterviewIncident& i);
void report_interview_incident(Tx& tx, long long id, long long reported_at, const std::string& report_ref);
// The incidents not yet reported upward, of the talks of cases in the scope
// (store::case_scope), oldest first; with their case.
std::vector<InterviewIncident> unreported_incidents(Tx& tx, const core::Scope& scope);
std::vector<InterviewIncident> interview_incidents_of(Tx& tx, long long booking_id);

}  // namespace funnel::store
