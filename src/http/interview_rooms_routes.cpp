// /api/v1/interview-rooms: the rooms, their bookings and calendar, each talk's use register (CA-2)
#include "app/interview_rooms.hpp"
#include "core/error.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"
#include "http/views_json.hpp"

namespace funnel::http {

namespace {
app::RoomInput read_room(JsonIn& in, bool create) {
  app::RoomInput r;
  if (create) r.org_unit_id = in.id("org_unit_id");
  r.name = in.str("name", 50);
  r.place = in.str("place", 200);
  r.active = in.bool_or("active", true);
  in.done();
  return r;
}
}  // namespace

void add_interview_rooms_routes(Router& r, app::InterviewRoomService* s) {
  r.add("GET", "/api/v1/interview-rooms", "case:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->list_rooms(c.who())); });
  r.add("POST", "/api/v1/interview-rooms", "room:manage", Access::Session, [s](Ctx& c) {
    JsonIn in(c.req.body);
    return view_response(201, s->create_room(c.who(), read_room(in, true)));
  });
  r.add("PUT", "/api/v1/interview-rooms/{id}", "room:manage", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    return view_response(200, s->update_room(c.who(), id, read_room(in, false)));
  });
  r.add("GET", "/api/v1/interview-rooms/calendar", "case:read", Access::Session, [s](Ctx& c) {
    auto from = c.q("from"), to = c.q("to");
    if (!from) throw bad_request("缺少开始日期", "from");
    if (!to) throw bad_request("缺少结束日期", "to");
    return view_response(200, s->calendar(c.who(), *from, *to));
  });
  r.add("POST", "/api/v1/interview-rooms/{id}/bookings", "case:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    JsonIn in(c.req.body);
    app::BookingInput b;
    b.case_id = in.id("case_id");
    b.start = in.str("start", 40);
    b.end = in.str("end", 40);
    in.done();
    return view_response(201, s->book(c.who(), id, b));
  });
  r.add("GET", "/api/v1/interview-rooms/{id}/bookings/{booking}", "case:read", Access::Session,
        [s](Ctx& c) { return view_response(200, s->get_booking(c.who(), c.id_param(), c.id_param("booking"))); });
  r.audited_read("GET", "/api/v1/interview-rooms/{id}/bookings/{booking}");
  r.add("POST", "/api/v1/interview-rooms/{id}/bookings/{booking}/cancel", "case:handle", Access::Session,
        [s](Ctx& c) {
          auto id = c.id_param();
          auto booking = c.id_param("booking");
          if (!c.req.body.empty()) JsonIn(c.req.body).done();  // no fields
          return view_response(200, s->cancel(c.who(), id, booking));
        });
  r.add("PUT", "/api/v1/interview-rooms/{id}/bookings/{booking}/talk", "case:handle", Access::Session, [s](Ctx& c) {
    auto id = c.id_param();
    auto booking = c.id_param("booking");
    JsonIn in(c.req.body);
    app::TalkInput t;
    t.interviewers = in.id_list("interviewers", 10);
    t.safety_officer_id = in.opt_id("safety_officer_id");
    t.person = in.opt_str("person", 50);
    t.important = in.bool_or("important", false);
    t.started_at = in.opt_str("started_at", 40);
    t.ended_at = in.opt_str("ended_at", 40);
    t.recording_on = in.bool_or("recording_on", false);
    t.recording_ref = in.opt_str("recording_ref", 100);
    t.checklist = in.str_list("checklist", 20, 40);
    t.handover = in.opt_str("handover", 2000);
    in.done();
    return view_response(200, s->save_talk(c.who(), id, booking, t));
  });
  r.add("POST", "/api/v1/interview-rooms/{id}/bookings/{booking}/talk/close", "case:handle", Access::Session,
        [s](Ctx& c) {
          auto id = c.id_param();
          auto booking = c.id_param("booking");
          if (!c.req.body.empty()) JsonIn(c.req.body).done();  // no fields
          return view_response(200, s->close_talk(c.who(), id, booking));
        });
  r.add("POST", "/api/v1/interview-rooms/{id}/bookings/{booking}/incidents", "case:handle", Access::Session,
        [s](Ctx& c) {
          auto id = c.id_param();
          auto booking = c.id_param("booking");
          JsonIn in(c.req.body);
          app::IncidentInput i;
          i.occurred_at = in.str("occurred_at", 40);
          i.description = in.str("description", 5000);
          in.done();
          return view_response(201, s->record_incident(c.who(), id, booking, i));
        });
  r.add("POST", "/api/v1/interview-rooms/{id}/bookings/{booking}/incidents/{incident}/report", "case:handle",
        Access::Session, [s](Ctx& c) {
          auto id = c.id_param();
          auto booking = c.id_param("booking");
          auto incident = c.id_param("incident");
          JsonIn in(c.req.body);
          auto at = in.str("reported_at", 40);
          auto ref = in.str("report_ref", 100);
          in.done();
          return view_response(200, s->report_incident(c.who(), id, booking, incident, at, ref));
        });
}

}  // namespace funnel::http
