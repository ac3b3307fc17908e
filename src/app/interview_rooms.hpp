#pragma once
// Interview rooms (谈话室, CA-2): the county's and every township's rooms
// (kept by 案管, room:manage), bookings by time range for a case the user
// handles (a room is never booked twice: the database refuses it, 409 naming
// the room and the taken range, never the other case), the week calendar
// across rooms (a booking of a case outside the reader's scope shows only
// as occupied), each talk's use register (SL 70, SL 56, GZ 48–49, 69) and
// its incidents with the 24-hour report to the higher organ (GZ 70).
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"
#include "core/interview_room.hpp"
#include "store/interview_rooms_repo.hpp"

namespace funnel::app {

struct RoomInput {
  std::optional<long long> org_unit_id;  // create only: the county or one of its townships
  std::string name, place;
  bool active = true;
};
struct BookingInput {
  long long case_id = 0;
  std::string start, end;  // ISO 8601 instants with their offset
};
struct TalkInput {
  std::vector<long long> interviewers;
  std::optional<long long> safety_officer_id;
  std::optional<std::string> person;  // default: the case's person
  bool important = false;
  std::optional<std::string> started_at, ended_at;
  bool recording_on = false;
  std::optional<std::string> recording_ref;
  std::vector<std::string> checklist;
  std::optional<std::string> handover;
};
struct IncidentInput {
  std::string occurred_at, description;
};

struct RoomView {
  long long id = 0;
  OrgRef org_unit;
  bool county_room = false;
  std::string name, place;
  bool active = true;
  std::string created_at, updated_at;
};
BOOST_DESCRIBE_STRUCT(RoomView, (), (id, org_unit, county_room, name, place, active, created_at, updated_at))

// A booking as the calendar shows it: the case only when the reader sees it.
struct CalendarBookingView {
  long long id = 0, room_id = 0;
  std::string start, end;
  bool visible = false;  // false: occupied, nothing more
  std::optional<CaseRef> case_ref;
  std::optional<std::string> booked_by_name;
  std::optional<std::string> talk;  // none, open, closed (visible bookings only)
};
BOOST_DESCRIBE_STRUCT(CalendarBookingView, (), (id, room_id, start, end, visible, case_ref, booked_by_name, talk))
struct CalendarView {
  std::string from, to;  // days, [from, to]
  std::vector<RoomView> rooms;
  std::vector<CalendarBookingView> bookings;
};
BOOST_DESCRIBE_STRUCT(CalendarView, (), (from, to, rooms, bookings))

struct TalkView {
  std::string person;
  bool important = false;
  std::vector<UserRef> interviewers;
  std::optional<UserRef> safety_officer;
  std::optional<std::string> started_at, ended_at;
  bool recording_on = false;
  std::optional<std::string> recording_ref;
  std::vector<std::string> checklist;
  std::optional<std::string> handover;
  bool closed = false;
  std::optional<std::string> closed_at;
};
BOOST_DESCRIBE_STRUCT(TalkView, (), (person, important, interviewers, safety_officer, started_at, ended_at,
                                     recording_on, recording_ref, checklist, handover, closed, closed_at))
struct IncidentView {
  long long id = 0;
  std::string occurred_at, description, report_due_at;
  std::optional<std::string> reported_at, report_ref;
  bool report_late = false;
  std::optional<DeadlineView> deadline;  // the 24-hour report while it is not made
};
BOOST_DESCRIBE_STRUCT(IncidentView, (), (id, occurred_at, description, report_due_at, reported_at, report_ref,
                                         report_late, deadline))
struct BookingView {
  long long id = 0;
  OrgRef room;
  CaseRef case_ref;
  std::string start, end, booked_by_name, created_at;
  bool cancelled = false;
  std::optional<TalkView> talk;
  std::vector<IncidentView> incidents;
};
BOOST_DESCRIBE_STRUCT(BookingView, (), (id, room, case_ref, start, end, booked_by_name, created_at, cancelled, talk,
                                        incidents))

class InterviewRoomService {
 public:
  explicit InterviewRoomService(Kernel& k) : k_(k) {}
  ListOf<RoomView> list_rooms(const Actor& a);
  RoomView create_room(const Actor& a, const RoomInput& in);
  RoomView update_room(const Actor& a, long long id, const RoomInput& in);
  // The rooms in scope and their live bookings meeting the days [from, to].
  CalendarView calendar(const Actor& a, const std::string& from, const std::string& to);
  BookingView book(const Actor& a, long long room_id, const BookingInput& in);
  // An audited read: the talk register is case content (SY-4).
  BookingView get_booking(const Actor& a, long long room_id, long long id);
  BookingView cancel(const Actor& a, long long room_id, long long id);
  BookingView save_talk(const Actor& a, long long room_id, long long id, const TalkInput& in);
  BookingView close_talk(const Actor& a, long long room_id, long long id);
  BookingView record_incident(const Actor& a, long long room_id, long long id, const IncidentInput& in);
  BookingView report_incident(const Actor& a, long long room_id, long long id, long long incident_id,
                              const std::string& reported_at, const std::string& report_ref);

 private:
  BookingView booking_view(store::Tx& tx, const store::InterviewBooking& b);
  std::vector<std::string> checklist_codes() const;
  Kernel& k_;
};

}  // namespace funnel::app
