#include "app/interview_rooms.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/case_rules.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "store/cases_repo.hpp"
#include "store/org_units_repo.hpp"
#include "store/recusals_repo.hpp"
#include "store/users_repo.hpp"

namespace funnel::app {

namespace json = boost::json;

namespace {

constexpr const char* kRoomNotFound = "谈话室不存在或不在本人数据范围内";
constexpr const char* kBookingNotFound = "预约不存在或不在本人数据范围内";
constexpr const char* kCaseNotFound = "案件不存在或不在本人数据范围内";

RoomView room_view(const store::InterviewRoom& r) {
  return {r.id,          {r.org_unit_id, r.org_unit_name}, !r.township_id.has_value(), r.name, r.place, r.active != 0,
          core::iso_utc(r.created_at), core::iso_utc(r.updated_at)};
}

long long instant(const std::string& field, const std::string& v) {
  auto t = core::parse_instant(v);
  if (!t) throw invalid(field, "应为带时区的时间，如 2026-12-08T09:00:00+08:00");
  return *t;
}
std::optional<long long> opt_instant(const std::string& field, const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  return instant(field, *v);
}
std::optional<std::string> opt_iso(const std::optional<long long>& ms) {
  return ms ? std::optional(core::iso_utc(*ms)) : std::nullopt;
}

// The room in the actor's scope; 404 like any record outside it.
store::InterviewRoom room_in_scope(store::Tx& tx, const Actor& a, long long id) {
  auto r = store::find_interview_room(tx, a.scope, id);
  if (!r) throw not_found(kRoomNotFound);
  return *r;
}

// The case of a booking or talk: in the actor's scope (and not one they are
// recused from: 404 as for the case itself), in the investigation, and the
// actor among those who take its measures (谈话 is one, GZ 40).
core::Case handled_case(store::Tx& tx, const Actor& a, long long case_id) {
  auto c = store::find_case(tx, a.scope, case_id);
  if (!c) throw not_found(kCaseNotFound);
  const auto st = core::kCaseStates.parse(c->state);
  const auto facts = core::case_step_facts(*c, {});
  if (!st || core::case_transition_problem(*st, core::CaseAction::RecordMeasure, facts))
    throw conflict("案件不在审查调查阶段，不能安排谈话", "case_id");
  const auto rel = core::case_relation(*c, a.role, a.user.org_unit_id, a.scope.county_id, {});
  if (!core::may_perform(a.role, core::CaseAction::RecordMeasure, rel))
    throw forbidden("本人所在单位或角色不能为此案件安排谈话");
  return *c;
}

// The booking of the room, with its room in scope and its case handled by the actor.
struct Handled {
  store::InterviewRoom room;
  store::InterviewBooking booking;
  core::Case kase;
};
Handled handled_booking(store::Tx& tx, const Actor& a, long long room_id, long long id) {
  auto room = room_in_scope(tx, a, room_id);
  store::lock_interview_booking(tx, id);
  auto b = store::find_interview_booking(tx, room_id, id);
  if (!b) throw not_found(kBookingNotFound);
  // A booking of a case outside the scope is, for this actor, no booking.
  if (!store::find_case(tx, a.scope, b->case_id)) throw not_found(kBookingNotFound);
  auto c = handled_case(tx, a, b->case_id);
  return {room, *b, c};
}

// Interviewers and the safety officer are cadres of the case's lead or
// assisting unit, none recused from the person.
void check_case_cadre(store::Tx& tx, const core::Case& c, long long user_id, const char* field) {
  auto u = store::find_user(tx, user_id);
  const bool ours = u && u->org_unit_id && (*u->org_unit_id == c.lead_org_id || *u->org_unit_id == c.assist_org_id);
  if (!ours) throw invalid(field, "应为承办单位的工作人员");
  if (store::find_recusal_id(tx, user_id, c.person_id)) throw invalid(field, "该工作人员应当回避");
}

json::object range_detail(const core::TimeRange& r) {
  return {{"start", core::iso_utc(r.start)}, {"end", core::iso_utc(r.end)}};
}

}  // namespace

std::vector<std::string> InterviewRoomService::checklist_codes() const {
  std::vector<std::string> out;
  if (auto* list = k_.dictionaries().if_contains("interview_risk_checks"))
    for (auto& v : list->as_array()) out.emplace_back(v.as_object().at("code").as_string());
  return out;
}

// --- rooms

ListOf<RoomView> InterviewRoomService::list_rooms(const Actor& a) {
  k_.require(a, core::Permission::CaseRead);
  return k_.db().read([&](store::Tx& tx) {
    ListOf<RoomView> out;
    for (auto& r : store::list_interview_rooms(tx, a.scope)) out.items.push_back(room_view(r));
    return out;
  });
}

RoomView InterviewRoomService::create_room(const Actor& a, const RoomInput& in) {
  k_.require(a, core::Permission::RoomManage);
  const auto name = core::trim(in.name), place = core::trim(in.place);
  const long long id = k_.db().write([&](store::Tx& tx) {
    const long long county = a.scope.county_id;
    // The county itself or one of its townships.
    auto unit = in.org_unit_id ? store::find_org(tx, core::unrestricted_scope(), *in.org_unit_id) : std::nullopt;
    const bool is_county = unit && unit->id == county;
    const bool is_township =
        unit && unit->kind == core::kOrgKinds.code(core::OrgKind::Township) && unit->county_id == county;
    if (!is_county && !is_township) throw invalid("org_unit_id", "应为本县纪委监委或本县的乡镇（街道）");
    if (store::interview_room_name_taken(tx, unit->id, name, 0)) throw conflict("该单位已有同名谈话室", "name");
    store::InterviewRoom r;
    r.county_id = county;
    r.org_unit_id = unit->id;
    if (is_township) r.township_id = unit->id;
    r.name = name;
    r.place = place;
    r.active = in.active ? 1 : 0;
    r.id = store::insert_interview_room(tx, r);
    k_.audit(tx, &a, "create", "interview_room", r.id,
             {{"org_unit_id", r.org_unit_id}, {"name", r.name}, {"place", r.place}, {"active", in.active}});
    return r.id;
  });
  return k_.db().read([&](store::Tx& tx) { return room_view(room_in_scope(tx, a, id)); });
}

RoomView InterviewRoomService::update_room(const Actor& a, long long id, const RoomInput& in) {
  k_.require(a, core::Permission::RoomManage);
  if (in.org_unit_id) throw invalid("org_unit_id", "谈话室所属单位不能更改");
  k_.db().write([&](store::Tx& tx) {
    auto r = room_in_scope(tx, a, id);
    const json::object before{{"name", r.name}, {"place", r.place}, {"active", r.active != 0}};
    r.name = core::trim(in.name);
    r.place = core::trim(in.place);
    r.active = in.active ? 1 : 0;
    if (store::interview_room_name_taken(tx, r.org_unit_id, r.name, r.id))
      throw conflict("该单位已有同名谈话室", "name");
    store::update_interview_room(tx, r);
    // Live bookings stay when a room is closed; new ones are refused.
    k_.audit(tx, &a, "update", "interview_room", r.id,
             diff_fields(before, {{"name", r.name}, {"place", r.place}, {"active", in.active}}));
  });
  return k_.db().read([&](store::Tx& tx) { return room_view(room_in_scope(tx, a, id)); });
}

// --- the calendar

CalendarView InterviewRoomService::calendar(const Actor& a, const std::string& from, const std::string& to) {
  k_.require(a, core::Permission::CaseRead);
  const auto f = core::parse_day(from), t = core::parse_day(to);
  if (!f) throw invalid("from", "应为日期 YYYY-MM-DD");
  if (!t) throw invalid("to", "应为日期 YYYY-MM-DD");
  if (*t < *f) throw invalid("to", "结束日期不能早于开始日期");
  if ((*t - *f).count() >= core::kMaxCalendarDays) throw invalid("to", "一次最多查看42天");
  // The county's days (UTC+8) as instants.
  const long long from_ms = *core::parse_date_ms(from) - 8 * core::kHourMs;
  const long long to_ms = *core::parse_date_ms(to) + 16 * core::kHourMs;
  return k_.db().read([&](store::Tx& tx) {
    CalendarView v;
    v.from = from;
    v.to = to;
    for (auto& r : store::list_interview_rooms(tx, a.scope)) v.rooms.push_back(room_view(r));
    const auto bookings = store::interview_bookings_between(tx, a.scope, from_ms, to_ms);
    std::set<long long> ids;
    for (auto& b : bookings) ids.insert(b.case_id);
    std::map<long long, store::CaseRefRow> seen;
    for (auto& c : store::visible_cases(tx, a.scope, {ids.begin(), ids.end()})) seen[c.id] = c;
    for (auto& b : bookings) {
      CalendarBookingView x;
      x.id = b.id;
      x.room_id = b.room_id;
      x.start = core::iso_utc(b.start_at);
      x.end = core::iso_utc(b.end_at);
      // Of another's case only that the room is taken (SY-1): no case, no person, no booker.
      if (auto it = seen.find(b.case_id); it != seen.end()) {
        x.visible = true;
        x.case_ref = CaseRef{it->second.id, it->second.number, it->second.state};
        x.booked_by_name = b.booked_by_name;
        auto talk = store::find_interview_talk(tx, b.id);
        x.talk = !talk ? "none" : talk->closed ? "closed" : "open";
      }
      v.bookings.push_back(std::move(x));
    }
    return v;
  });
}

// --- bookings

BookingView InterviewRoomService::booking_view(store::Tx& tx, const store::InterviewBooking& b) {
  BookingView v;
  v.id = b.id;
  v.room = {b.room_id, b.room_name};
  if (auto c = store::find_case(tx, core::unrestricted_scope(), b.case_id)) v.case_ref = {c->id, c->number, c->state};
  v.start = core::iso_utc(b.start_at);
  v.end = core::iso_utc(b.end_at);
  v.booked_by_name = b.booked_by_name;
  v.created_at = core::iso_utc(b.created_at);
  v.cancelled = b.cancelled != 0;
  auto name_of = [&](long long uid) -> UserRef {
    auto u = store::find_user(tx, uid);
    return {uid, u ? u->display_name : ""};
  };
  if (auto t = store::find_interview_talk(tx, b.id)) {
    TalkView tv;
    tv.person = t->reg.person;
    tv.important = t->reg.important;
    for (auto uid : t->reg.interviewers) tv.interviewers.push_back(name_of(uid));
    if (t->reg.safety_officer_id) tv.safety_officer = name_of(*t->reg.safety_officer_id);
    tv.started_at = opt_iso(t->reg.started_at);
    tv.ended_at = opt_iso(t->reg.ended_at);
    tv.recording_on = t->reg.recording_on;
    tv.recording_ref = t->reg.recording_ref;
    tv.checklist = t->reg.checklist;
    tv.handover = t->reg.handover;
    tv.closed = t->closed != 0;
    tv.closed_at = opt_iso(t->closed_at);
    v.talk = std::move(tv);
  }
  const auto* limit = k_.find_time_limit(core::kIncidentReportLimit);
  if (!limit) throw std::runtime_error("time limit missing from data/time-limits.json");
  for (auto& i : store::interview_incidents_of(tx, b.id)) {
    const auto r = core::incident_report(k_.calendar(), *limit, i.occurred_at, i.reported_at, tx.now);
    v.incidents.push_back({i.id, core::iso_utc(i.occurred_at), i.description, core::iso_utc(r.due_ms),
                           opt_iso(i.reported_at), i.report_ref, r.late, deadline_view(k_, r.deadline)});
  }
  return v;
}

BookingView InterviewRoomService::book(const Actor& a, long long room_id, const BookingInput& in) {
  k_.require(a, core::Permission::CaseHandle);
  const core::TimeRange range{instant("start", in.start), instant("end", in.end)};
  if (auto why = core::booking_range_problem(range, store::now_ms())) throw core::to_error(*why);
  const long long id = k_.db().write([&](store::Tx& tx) {
    auto room = room_in_scope(tx, a, room_id);
    auto c = handled_case(tx, a, in.case_id);
    if (!room.active) throw conflict("谈话室「" + room.name + "」已停用", "room_id");
    store::InterviewBooking b;
    b.room_id = room.id;
    b.county_id = room.county_id;
    b.case_id = c.id;
    b.start_at = range.start;
    b.end_at = range.end;
    b.booked_by = a.user.id;
    auto got = store::insert_interview_booking(tx, b);
    // The room and the taken range; never whose case holds it.
    if (got.taken)
      throw conflict("谈话室「" + room.name + "」" + core::range_label(*got.taken) + " 已被预约", "start");
    auto detail = range_detail(range);
    detail["room_id"] = room.id;
    detail["case_id"] = c.id;
    k_.audit(tx, &a, "book", "interview_booking", got.id, detail);
    return got.id;
  });
  return k_.db().read([&](store::Tx& tx) { return booking_view(tx, *store::find_interview_booking(tx, room_id, id)); });
}

BookingView InterviewRoomService::get_booking(const Actor& a, long long room_id, long long id) {
  k_.require(a, core::Permission::CaseRead);
  auto v = k_.db().read([&](store::Tx& tx) {
    room_in_scope(tx, a, room_id);
    auto b = store::find_interview_booking(tx, room_id, id);
    if (!b || !store::find_case(tx, a.scope, b->case_id)) throw not_found(kBookingNotFound);
    return booking_view(tx, *b);
  });
  // SY-4: the talk register is case content; the audit names the records only.
  k_.db().append(
      [&](store::Tx& tx) { k_.audit(tx, &a, "read", "interview_booking", id, {{"case_id", v.case_ref.id}}); });
  return v;
}

BookingView InterviewRoomService::cancel(const Actor& a, long long room_id, long long id) {
  k_.require(a, core::Permission::CaseHandle);
  k_.db().write([&](store::Tx& tx) {
    auto h = handled_booking(tx, a, room_id, id);
    if (h.booking.cancelled) throw conflict("该预约已取消", "id");
    if (auto t = store::find_interview_talk(tx, id); t && t->closed)
      throw conflict("谈话已登记完毕，不能取消预约", "id");
    store::cancel_interview_booking(tx, id, a.user.id);
    auto detail = range_detail({h.booking.start_at, h.booking.end_at});
    detail["room_id"] = room_id;
    detail["case_id"] = h.booking.case_id;
    k_.audit(tx, &a, "cancel", "interview_booking", id, detail);
  });
  return k_.db().read([&](store::Tx& tx) { return booking_view(tx, *store::find_interview_booking(tx, room_id, id)); });
}

// --- the talk's use register

BookingView InterviewRoomService::save_talk(const Actor& a, long long room_id, long long id, const TalkInput& in) {
  k_.require(a, core::Permission::CaseHandle);
  core::TalkRegister reg;
  reg.interviewers = in.interviewers;
  reg.safety_officer_id = in.safety_officer_id;
  reg.important = in.important;
  reg.started_at = opt_instant("started_at", in.started_at);
  reg.ended_at = opt_instant("ended_at", in.ended_at);
  reg.recording_on = in.recording_on;
  reg.recording_ref = in.recording_ref ? std::optional(core::trim(*in.recording_ref)) : std::nullopt;
  reg.checklist = in.checklist;
  reg.handover = in.handover ? std::optional(core::trim(*in.handover)) : std::nullopt;
  k_.db().write([&](store::Tx& tx) {
    auto h = handled_booking(tx, a, room_id, id);
    if (h.booking.cancelled) throw conflict("该预约已取消", "id");
    auto saved = store::find_interview_talk(tx, id);
    if (saved && saved->closed) throw conflict("谈话已登记完毕，不能修改", "id");
    reg.person = in.person ? core::trim(*in.person) : h.kase.person_name;
    if (auto why = core::talk_register_problem(reg, {h.booking.start_at, h.booking.end_at}, checklist_codes()))
      throw core::to_error(*why);
    for (auto uid : reg.interviewers) check_case_cadre(tx, h.kase, uid, "interviewers");
    if (reg.safety_officer_id) check_case_cadre(tx, h.kase, *reg.safety_officer_id, "safety_officer_id");
    store::InterviewTalk t;
    t.booking_id = id;
    t.county_id = h.booking.county_id;
    t.case_id = h.kase.id;
    t.reg = reg;
    t.recorded_by = a.user.id;
    store::save_interview_talk(tx, t, saved.has_value());
    k_.audit(tx, &a, saved ? "update_talk" : "record_talk", "interview_booking", id,
             {{"case_id", h.kase.id},
              {"interviewers", json::value_from(reg.interviewers)},
              {"important", reg.important},
              {"recording_on", reg.recording_on}});
  });
  return k_.db().read([&](store::Tx& tx) { return booking_view(tx, *store::find_interview_booking(tx, room_id, id)); });
}

BookingView InterviewRoomService::close_talk(const Actor& a, long long room_id, long long id) {
  k_.require(a, core::Permission::CaseHandle);
  k_.db().write([&](store::Tx& tx) {
    auto h = handled_booking(tx, a, room_id, id);
    auto t = store::find_interview_talk(tx, id);
    if (!t) throw conflict("请先登记谈话情况", "id");
    if (t->closed) throw conflict("谈话已登记完毕", "id");
    if (auto why = core::talk_close_problem(t->reg, checklist_codes())) throw core::to_error(*why);
    t->closed = 1;
    t->closed_at = tx.now;
    t->recorded_by = a.user.id;
    store::save_interview_talk(tx, *t, true);
    k_.audit(tx, &a, "close_talk", "interview_booking", id,
             {{"case_id", h.kase.id}, {"important", t->reg.important}, {"recording_on", t->reg.recording_on}});
  });
  return k_.db().read([&](store::Tx& tx) { return booking_view(tx, *store::find_interview_booking(tx, room_id, id)); });
}

BookingView InterviewRoomService::record_incident(const Actor& a, long long room_id, long long id,
                                                  const IncidentInput& in) {
  k_.require(a, core::Permission::CaseHandle);
  const long long occurred = instant("occurred_at", in.occurred_at);
  if (core::trim(in.description).empty()) throw invalid("description", "请填写事件经过");
  k_.db().write([&](store::Tx& tx) {
    auto h = handled_booking(tx, a, room_id, id);
    if (occurred > tx.now + core::kMinuteMs) throw invalid("occurred_at", "发生时间不能晚于现在");
    if (occurred < h.booking.start_at - core::kHourMs) throw invalid("occurred_at", "发生时间应在本次谈话期间");
    store::InterviewIncident i;
    i.booking_id = id;
    i.county_id = h.booking.county_id;
    i.occurred_at = occurred;
    i.description = core::trim(in.description);
    i.recorded_by = a.user.id;
    const long long iid = store::insert_interview_incident(tx, i);
    // The audit names the incident, never what happened.
    k_.audit(tx, &a, "record_incident", "interview_booking", id,
             {{"case_id", h.kase.id}, {"incident_id", iid}, {"occurred_at", core::iso_utc(occurred)}});
  });
  return k_.db().read([&](store::Tx& tx) { return booking_view(tx, *store::find_interview_booking(tx, room_id, id)); });
}

BookingView InterviewRoomService::report_incident(const Actor& a, long long room_id, long long id,
                                                  long long incident_id, const std::string& reported_at,
                                                  const std::string& report_ref) {
  k_.require(a, core::Permission::CaseHandle);
  const long long at = instant("reported_at", reported_at);
  if (core::trim(report_ref).empty()) throw invalid("report_ref", "请填写报告文号");
  k_.db().write([&](store::Tx& tx) {
    auto h = handled_booking(tx, a, room_id, id);
    std::optional<store::InterviewIncident> inc;
    for (auto& i : store::interview_incidents_of(tx, id))
      if (i.id == incident_id) inc = i;
    if (!inc) throw not_found("事件不存在");
    if (inc->reported_at) throw conflict("该事件已向上级报告", "reported_at");
    if (at < inc->occurred_at) throw invalid("reported_at", "报告时间不能早于事件发生时间");
    if (at > tx.now + core::kMinuteMs) throw invalid("reported_at", "报告时间不能晚于现在");
    store::report_interview_incident(tx, incident_id, at, core::trim(report_ref));
    const auto* limit = k_.find_time_limit(core::kIncidentReportLimit);
    const bool late = limit && at > core::due_time_ms(*limit, inc->occurred_at);
    k_.audit(tx, &a, "report_incident", "interview_booking", id,
             {{"case_id", h.kase.id}, {"incident_id", incident_id}, {"late", late}});
  });
  return k_.db().read([&](store::Tx& tx) { return booking_view(tx, *store::find_interview_booking(tx, room_id, id)); });
}

}  // namespace funnel::app
