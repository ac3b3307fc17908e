// Interview rooms (谈话室, CA-2): rooms kept by 案管, bookings that never
// overlap in one room (the database refuses it: 409 naming the room and
// the taken range, never the other case; 50 concurrent bookings of one slot
// give exactly one 201), the week calendar showing another's booking only
// as occupied, each talk's use register (≥ 2 interviewers, an important
// talk closed only with its recording), incidents with their 24-hour
// report, and the scope: another township, a recused cadre, an own-records
// user → 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, expectError, expectStatus, dbQuery, BACKEND } from './lib/server.mjs';
import { buildCounty, createUser, loginNew, usersByKey } from './lib/fixtures.mjs';
import { TODAY, addDays, villager } from './lib/clues.mjs';

let ts;
let admin;
let org;
let own; // township staff of A with own_records scope
const c = {};
let kase; // a township A case under investigation, team secA + staffA
let otherCase; // a township B case under investigation
const rooms = {};

const at = (day, hm) => `${day}T${hm}:00+08:00`;
const base = (id) => `/interview-rooms/${id}`;

async function act(client, id, body) {
  const r = await client.post(`/cases/${id}/actions`, body);
  expectStatus(r, 200, body.action);
  return r.body;
}

/** A township case filed, approved and under investigation with its team. */
async function investigatedCase(sec, staff, name) {
  const r = await sec.post('/cases', {
    source: 'found_in_supervision', source_ref: '谈话室测试', violations: ['mass_discipline'], mode: 'township',
    summary: '侵占集体资金', person: villager({ name, post: '村会计' }),
  });
  expectStatus(r, 201, 'file');
  await act(sec, r.body.id, { action: 'approve_filing' });
  await act(sec, r.body.id, { action: 'approve_filing', approval_ref: '党委〔2026〕1号' });
  return act(sec, r.body.id, { action: 'start_investigation', plan: '谈话、调取账目', team: [sec.user.id, staff.user.id] });
}

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  org = await buildCounty(admin);
  Object.assign(c, await usersByKey(ts, admin, [
    ['cs', 'case_supervision', org.caseSup],
    ['leader', 'county_leader', org.county],
    ['room1', 'discipline_room', org.room1],
    ['room2', 'discipline_room', org.room2],
    ['secA', 'township_secretary', org.townA],
    ['staffA', 'township_staff', org.townA],
    ['staffA2', 'township_staff', org.townA],
    ['secB', 'township_secretary', org.townB],
    ['staffB', 'township_staff', org.townB],
  ], { username: (key) => `r_${key.toLowerCase()}` }));
  const u = await createUser(admin, { username: 'r_own', display_name: '只看本人', org_unit_id: org.townA.id, role: 'township_staff', data_scope: 'own_records' });
  own = await loginNew(ts, 'r_own', u.initial_password);
  kase = await investigatedCase(c.secA, c.staffA, '钱有才');
  otherCase = await investigatedCase(c.secB, c.staffB, '孙二');
  expectStatus(await c.cs.post('/recusals', { user_id: c.staffA2.user.id, person_id: kase.person.person_id, relation: 'kin', reason: '系其亲属' }), 201, 'recusal');
  for (const [key, unit, name] of [['county', org.county, '县纪委谈话室一'], ['a', org.townA, '文亭谈话室'], ['b', org.townB, '汶上谈话室']]) {
    const r = await c.cs.post('/interview-rooms', { org_unit_id: unit.id, name, place: `${unit.name}办公楼二楼` });
    expectStatus(r, 201, `room ${name}`);
    rooms[key] = r.body;
  }
});

after(async () => {
  if (ts) await ts.stop();
});

const liveBookings = async (roomId) =>
  Number((await dbQuery(ts, `SELECT COUNT(*) FROM interview_bookings WHERE room_id = ${roomId} AND cancelled = 0`)).trim());

test('案管 keeps the rooms; each user lists the rooms in scope', async () => {
  assert.deepEqual([rooms.county.county_room, rooms.a.county_room, rooms.a.org_unit.name, rooms.a.active], [true, false, '文亭街道', true]);
  expectError(await c.cs.post('/interview-rooms', { org_unit_id: org.villageA.id, name: '村谈话室', place: '村委' }), 422, 'validation_failed', 'org_unit_id');
  expectError(await c.cs.post('/interview-rooms', { org_unit_id: org.townA.id, name: '文亭谈话室', place: '另一处' }), 409, 'conflict', 'name');
  expectError(await c.cs.post('/interview-rooms', { org_unit_id: org.townA.id, name: '', place: '某处' }), 422, 'validation_failed', 'name');
  expectError(await c.secA.post('/interview-rooms', { org_unit_id: org.townA.id, name: '自建', place: '某处' }), 403, 'forbidden');
  const names = async (client) => (await client.get('/interview-rooms')).body.items.map((r) => r.name).sort();
  assert.deepEqual(await names(c.cs), ['县纪委谈话室一', '文亭谈话室', '汶上谈话室'].sort());
  assert.deepEqual(await names(c.leader), ['县纪委谈话室一', '文亭谈话室', '汶上谈话室'].sort());
  assert.deepEqual(await names(c.room1), ['县纪委谈话室一', '文亭谈话室'].sort(), 'room1: the county and linked township A');
  assert.deepEqual(await names(c.room2), ['县纪委谈话室一', '汶上谈话室'].sort());
  assert.deepEqual(await names(c.secA), ['文亭谈话室']);
  assert.deepEqual(await names(c.secB), ['汶上谈话室']);
  assert.deepEqual(await names(own), ['文亭谈话室']);
  // Renamed and closed; a closed room takes no booking; opened again.
  let r = await c.cs.put(base(rooms.b.id), { name: '汶上镇谈话室', place: '镇政府院内', active: false });
  expectStatus(r, 200);
  assert.deepEqual([r.body.name, r.body.active], ['汶上镇谈话室', false]);
  expectError(await c.secB.post(`${base(rooms.b.id)}/bookings`, { case_id: otherCase.id, start: at(addDays(TODAY, 3), '09:00'), end: at(addDays(TODAY, 3), '10:00') }), 409, 'conflict', 'room_id');
  expectStatus(await c.cs.put(base(rooms.b.id), { name: '汶上谈话室', place: '镇政府院内', active: true }), 200);
  expectError(await c.cs.put(base(rooms.b.id), { org_unit_id: org.townA.id, name: 'x', place: 'y' }), 422, 'validation_failed', 'org_unit_id');
  expectError(await c.cs.put(base(987654321), { name: 'x', place: 'y' }), 404, 'not_found');
});

test('a booking: an overlap is 409 naming the room and the taken range, never the other case', async () => {
  const day = addDays(TODAY, 2);
  const r = await c.secA.post(`${base(rooms.a.id)}/bookings`, { case_id: kase.id, start: at(day, '09:00'), end: at(day, '10:00') });
  expectStatus(r, 201, 'book');
  assert.deepEqual([r.body.room.id, r.body.case_ref.id, r.body.cancelled, r.body.talk, r.body.incidents], [rooms.a.id, kase.id, false, null, []]);
  assert.equal(Date.parse(r.body.start), Date.parse(at(day, '09:00')));
  assert.equal(r.body.booked_by_name, '用户secA');
  // Another township A case overlapping by one minute, by another cadre.
  const second = await investigatedCase(c.secA, c.staffA, '李四');
  for (const [s, e] of [['09:59', '10:30'], ['08:00', '09:01'], ['09:10', '09:20'], ['08:00', '11:00'], ['09:00', '10:00']]) {
    const x = await c.staffA.post(`${base(rooms.a.id)}/bookings`, { case_id: second.id, start: at(day, s), end: at(day, e) });
    expectError(x, 409, 'conflict', 'start', `${s}-${e}`);
    assert.match(x.body.error.message, /文亭谈话室/);
    assert.match(x.body.error.message, new RegExp(`${day} 09:00—10:00`));
    assert.ok(!x.body.error.message.includes('钱有才') && !x.body.error.message.includes(String(kase.number)), x.body.error.message);
  }
  // Touching ranges do not overlap.
  expectStatus(await c.staffA.post(`${base(rooms.a.id)}/bookings`, { case_id: second.id, start: at(day, '10:00'), end: at(day, '11:00') }), 201, 'after');
  expectStatus(await c.staffA.post(`${base(rooms.a.id)}/bookings`, { case_id: second.id, start: at(day, '08:00'), end: at(day, '09:00') }), 201, 'before');
  assert.equal(await liveBookings(rooms.a.id) >= 3, true);
  // A cancelled booking frees its range.
  const cancel = await c.secA.post(`${base(rooms.a.id)}/bookings/${r.body.id}/cancel`, {});
  expectStatus(cancel, 200, 'cancel');
  assert.equal(cancel.body.cancelled, true);
  expectError(await c.secA.post(`${base(rooms.a.id)}/bookings/${r.body.id}/cancel`, {}), 409, 'conflict');
  expectStatus(await c.staffA.post(`${base(rooms.a.id)}/bookings`, { case_id: second.id, start: at(day, '09:00'), end: at(day, '10:00') }), 201, 'rebook');
});

test('bad ranges are 422 naming the field and write nothing', async () => {
  const day = addDays(TODAY, 4);
  const before = await liveBookings(rooms.a.id);
  const book = (start, end) => c.secA.post(`${base(rooms.a.id)}/bookings`, { case_id: kase.id, start, end });
  expectError(await book(at(day, '10:00'), at(day, '10:00')), 422, 'validation_failed', 'end');
  expectError(await book(at(day, '10:00'), at(day, '09:00')), 422, 'validation_failed', 'end');
  expectError(await book(`${day}T10:00:30+08:00`, at(day, '11:00')), 422, 'validation_failed', 'start');
  expectError(await book(at(day, '08:00'), at(day, '20:30')), 422, 'validation_failed', 'end');
  expectError(await book(`${day}T10:00:00`, at(day, '11:00')), 422, 'validation_failed', 'start');
  expectError(await book(at(day, '10:00'), 'tomorrow'), 422, 'validation_failed', 'end');
  expectError(await book(at(addDays(TODAY, -3), '10:00'), at(addDays(TODAY, -3), '11:00')), 422, 'validation_failed', 'start');
  expectError(await book(at(addDays(TODAY, 400), '10:00'), at(addDays(TODAY, 400), '11:00')), 422, 'validation_failed', 'start');
  expectError(await c.secA.post(`${base(rooms.a.id)}/bookings`, { case_id: kase.id, start: at(day, '10:00'), end: at(day, '11:00'), note: 'x' }), 422, 'validation_failed', 'note');
  assert.equal(await liveBookings(rooms.a.id), before);
});

test('scope: another township\'s room or case, a recused cadre, an own-records user → 404; a room that only guides → 403', async () => {
  const day = addDays(TODAY, 5);
  const body = { case_id: kase.id, start: at(day, '09:00'), end: at(day, '10:00') };
  expectError(await c.secA.post(`${base(rooms.b.id)}/bookings`, body), 404, 'not_found', undefined, 'room of B');
  expectError(await c.secB.post(`${base(rooms.b.id)}/bookings`, body), 404, 'not_found', undefined, 'case of A');
  expectError(await c.staffA2.post(`${base(rooms.a.id)}/bookings`, body), 404, 'not_found', undefined, 'recused');
  expectError(await own.post(`${base(rooms.a.id)}/bookings`, body), 404, 'not_found', undefined, 'own records');
  expectError(await c.secA.post(`${base(rooms.a.id)}/bookings`, { ...body, case_id: 987654321 }), 404, 'not_found');
  // room1 sees township A's room and case (linked) but does not investigate it.
  expectError(await c.room1.post(`${base(rooms.a.id)}/bookings`, body), 403, 'forbidden');
  // A case not yet under investigation takes no talk.
  const filed = await c.secA.post('/cases', { source: 'found_in_supervision', source_ref: '未立案', violations: ['mass_discipline'], mode: 'township', summary: '待批', person: villager({ name: '周五' }) });
  expectError(await c.secA.post(`${base(rooms.a.id)}/bookings`, { ...body, case_id: filed.body.id }), 409, 'conflict', 'case_id');

  const b = (await c.secA.post(`${base(rooms.a.id)}/bookings`, body)).body;
  const path = `${base(rooms.a.id)}/bookings/${b.id}`;
  for (const [who, client] of [['secB', c.secB], ['room2', c.room2], ['staffA2 (recused)', c.staffA2], ['own records', own]]) {
    expectError(await client.get(path), 404, 'not_found', undefined, who);
    expectError(await client.post(`${path}/cancel`, {}), 404, 'not_found', undefined, who);
    expectError(await client.put(`${path}/talk`, { interviewers: [c.secA.user.id, c.staffA.user.id] }), 404, 'not_found', undefined, who);
    expectError(await client.post(`${path}/talk/close`, {}), 404, 'not_found', undefined, who);
    expectError(await client.post(`${path}/incidents`, { occurred_at: new Date().toISOString(), description: '越权' }), 404, 'not_found', undefined, who);
    expectError(await client.post(`${path}/incidents/1/report`, { reported_at: new Date().toISOString(), report_ref: '越权' }), 404, 'not_found', undefined, who);
  }
  for (const [who, client] of [['secB', c.secB], ['own records', own]])
    expectError(await client.put(base(rooms.a.id), { name: 'x', place: 'y' }), 403, 'forbidden', undefined, who);
  // The booking in another room's path is no booking.
  expectError(await c.secA.get(`${base(rooms.county.id)}/bookings/${b.id}`), 404, 'not_found');
  // The county (案管) and the linked room read it.
  expectStatus(await c.cs.get(path), 200);
  expectStatus(await c.room1.get(path), 200);
});

test('the calendar: the rooms in scope, a booking of a case outside the reader\'s scope only as occupied', async () => {
  const day = addDays(TODAY, 6);
  const b = (await c.secA.post(`${base(rooms.a.id)}/bookings`, { case_id: kase.id, start: at(day, '14:00'), end: at(day, '15:30') })).body;
  const week = (client) => client.get(`/interview-rooms/calendar?from=${addDays(day, -2)}&to=${addDays(day, 4)}`);
  let r = await week(c.secA);
  expectStatus(r, 200);
  let x = r.body.bookings.find((y) => y.id === b.id);
  assert.deepEqual([x.visible, x.case_ref.id, x.room_id, x.booked_by_name, x.talk], [true, kase.id, rooms.a.id, '用户secA', 'none']);
  assert.deepEqual(r.body.rooms.map((y) => y.id), [rooms.a.id]);
  // The recused cadre and the own-records user see the room taken, nothing else.
  for (const client of [c.staffA2, own]) {
    r = await week(client);
    x = r.body.bookings.find((y) => y.id === b.id);
    assert.deepEqual([x.visible, x.case_ref, x.booked_by_name, x.talk], [false, null, null, null]);
    assert.ok(!r.text.includes('钱有才') && !r.text.includes(String(kase.number)), 'case content in an occupied slot');
  }
  // Township B sees neither room A nor its bookings.
  r = await week(c.secB);
  assert.ok(!r.body.bookings.some((y) => y.room_id === rooms.a.id));
  // Outside the range: not listed.
  r = await c.secA.get(`/interview-rooms/calendar?from=${addDays(day, 1)}&to=${addDays(day, 3)}`);
  assert.ok(!r.body.bookings.some((y) => y.id === b.id));
  expectError(await c.secA.get(`/interview-rooms/calendar?from=${day}&to=${addDays(day, -1)}`), 422, 'validation_failed', 'to');
  expectError(await c.secA.get(`/interview-rooms/calendar?from=${day}&to=${addDays(day, 60)}`), 422, 'validation_failed', 'to');
  expectError(await c.secA.get(`/interview-rooms/calendar?from=x&to=${day}`), 422, 'validation_failed', 'from');
  expectError(await c.secA.get(`/interview-rooms/calendar?to=${day}`), 400, 'bad_request', 'from');
});

test('the talk register: ≥ 2 interviewers, an important talk closes only with its recording reference', async () => {
  const day = addDays(TODAY, 7);
  const b = (await c.secA.post(`${base(rooms.a.id)}/bookings`, { case_id: kase.id, start: at(day, '09:00'), end: at(day, '12:00') })).body;
  const path = `${base(rooms.a.id)}/bookings/${b.id}`;
  const checks = (await c.secA.get('/dicts')).body.interview_risk_checks.map((x) => x.code);
  assert.ok(checks.length >= 3);
  const talk = { interviewers: [c.secA.user.id, c.staffA.user.id], important: true, started_at: at(day, '09:10'), recording_on: true, checklist: checks.slice(0, 2) };
  expectError(await c.secA.post(`${path}/talk/close`, {}), 409, 'conflict', undefined, 'close before any register');
  expectError(await c.secA.put(`${path}/talk`, { ...talk, interviewers: [c.secA.user.id] }), 422, 'validation_failed', 'interviewers');
  expectError(await c.secA.put(`${path}/talk`, { ...talk, interviewers: [c.secA.user.id, c.secA.user.id] }), 422, 'validation_failed', 'interviewers');
  expectError(await c.secA.put(`${path}/talk`, { ...talk, interviewers: [c.secA.user.id, c.staffA2.user.id] }), 422, 'validation_failed', 'interviewers', 'recused');
  expectError(await c.secA.put(`${path}/talk`, { ...talk, interviewers: [c.secA.user.id, c.secB.user.id] }), 422, 'validation_failed', 'interviewers', 'another unit');
  expectError(await c.secA.put(`${path}/talk`, { ...talk, ended_at: at(day, '09:10') }), 422, 'validation_failed', 'ended_at');
  expectError(await c.secA.put(`${path}/talk`, { ...talk, checklist: ['no_such_check'] }), 422, 'validation_failed', 'checklist');
  let r = await c.secA.put(`${path}/talk`, talk);
  expectStatus(r, 200, 'save');
  assert.deepEqual([r.body.talk.person, r.body.talk.interviewers.map((u) => u.id), r.body.talk.closed], ['钱有才', talk.interviewers, false]);
  // Closing asks for the rest, field by field.
  expectError(await c.secA.post(`${path}/talk/close`, {}), 422, 'validation_failed', 'ended_at');
  const full = { ...talk, ended_at: at(day, '11:30'), safety_officer_id: c.staffA.user.id, checklist: checks, handover: '谈话结束，由安全员陪同离开' };
  expectStatus(await c.secA.put(`${path}/talk`, full), 200);
  const closeFails = await c.secA.post(`${path}/talk/close`, {});
  expectError(closeFails, 422, 'validation_failed', 'recording_ref');
  assert.match(closeFails.body.error.message, /录音录像/);
  expectStatus(await c.secA.put(`${path}/talk`, { ...full, recording_on: false, recording_ref: 'LX-1' }), 200);
  expectError(await c.secA.post(`${path}/talk/close`, {}), 422, 'validation_failed', 'recording_on');
  expectStatus(await c.secA.put(`${path}/talk`, { ...full, recording_ref: 'LX-2026-031' }), 200);
  r = await c.staffA.post(`${path}/talk/close`, {});
  expectStatus(r, 200, 'close');
  assert.deepEqual([r.body.talk.closed, r.body.talk.recording_ref, r.body.talk.safety_officer.id], [true, 'LX-2026-031', c.staffA.user.id]);
  expectError(await c.secA.put(`${path}/talk`, full), 409, 'conflict');
  expectError(await c.secA.post(`${path}/talk/close`, {}), 409, 'conflict');
  expectError(await c.secA.post(`${path}/cancel`, {}), 409, 'conflict');
  // The audit names the records, never the person.
  assert.equal((await dbQuery(ts, `SELECT COUNT(*) FROM audit_log WHERE action = 'close_talk' AND entity_id = ${b.id}`)).trim(), '1');
  const audit = await dbQuery(ts, "SELECT detail FROM audit_log WHERE entity = 'interview_booking'");
  assert.ok(!audit.includes('钱有才'), 'person in the audit');
});

test('an incident: its 24-hour report to the higher organ is a deadline that turns overdue', async () => {
  const now = Math.floor(Date.now() / 60000) * 60000;
  const b = (await c.secA.post(`${base(rooms.a.id)}/bookings`, { case_id: kase.id, start: new Date(now - 30 * 60000).toISOString(), end: new Date(now + 60 * 60000).toISOString() })).body;
  const path = `${base(rooms.a.id)}/bookings/${b.id}`;
  expectError(await c.secA.post(`${path}/incidents`, { occurred_at: new Date(now + 3600e3).toISOString(), description: '未来' }), 422, 'validation_failed', 'occurred_at');
  expectError(await c.secA.post(`${path}/incidents`, { occurred_at: new Date(now).toISOString(), description: '' }), 422, 'validation_failed', 'description');
  let r = await c.secA.post(`${path}/incidents`, { occurred_at: new Date(now - 10 * 60000).toISOString(), description: '谈话对象情绪激动，以头撞墙，经安全员制止' });
  expectStatus(r, 201, 'incident');
  let inc = r.body.incidents[0];
  assert.equal(inc.deadline.limit, 'interview_incident_report');
  assert.match(inc.deadline.basis, /第七十条/);
  assert.ok(['running', 'due_soon'].includes(inc.deadline.status), inc.deadline.status);
  const due = Date.parse(inc.report_due_at);
  assert.ok(due > now + 23 * 3600e3 && due <= now + 25 * 3600e3, inc.report_due_at);
  // The case warnings carry it: to the case's own unit, never to another township.
  const incidentWarnings = async (client) =>
    (await client.get('/case-warnings?include_acknowledged=true&page_size=100')).body.items.filter((w) => w.occurrence === `incident:${inc.id}`);
  let ws = await incidentWarnings(c.secA);
  assert.deepEqual(ws.map((w) => [w.code, w.case_id, w.due]), [['incident_report_due', kase.id, inc.report_due_at]]);
  assert.deepEqual(await incidentWarnings(c.secB), []);
  // Two days ago, unreported: overdue.
  dbQuery(ts, `UPDATE interview_incidents SET occurred_at = occurred_at - ${2 * 86400e3} WHERE id = ${inc.id}`);
  r = await c.secA.get(path);
  inc = r.body.incidents[0];
  assert.equal(inc.deadline.status, 'overdue');
  ws = await incidentWarnings(c.secA);
  assert.deepEqual(ws.map((w) => [w.code, w.acknowledged]), [['incident_report_overdue', null]]);
  expectError(await c.secB.post('/case-warnings/acknowledgements', { case_id: kase.id, code: 'incident_report_overdue', occurrence: `incident:${inc.id}` }), 404, 'not_found');
  expectStatus(await c.secA.post('/case-warnings/acknowledgements', { case_id: kase.id, code: 'incident_report_overdue', occurrence: `incident:${inc.id}` }), 200, 'ack');
  assert.equal((await incidentWarnings(c.secA))[0].acknowledged.by, c.secA.user.display_name);
  expectError(await c.secA.post(`${path}/incidents/${inc.id}/report`, { reported_at: new Date(now).toISOString(), report_ref: '' }), 422, 'validation_failed', 'report_ref');
  expectError(await c.secA.post(`${path}/incidents/987654321/report`, { reported_at: new Date(now).toISOString(), report_ref: '文纪报〔2026〕1号' }), 404, 'not_found');
  r = await c.secA.post(`${path}/incidents/${inc.id}/report`, { reported_at: new Date(now).toISOString(), report_ref: '文纪报〔2026〕1号' });
  expectStatus(r, 200, 'report');
  inc = r.body.incidents[0];
  assert.deepEqual([inc.deadline, inc.report_late, inc.report_ref], [null, true, '文纪报〔2026〕1号']);
  assert.deepEqual(await incidentWarnings(c.secA), [], 'reported: no longer warned');
  expectError(await c.secA.post(`${path}/incidents/${inc.id}/report`, { reported_at: new Date(now).toISOString(), report_ref: '再报' }), 409, 'conflict');
  const audit = await dbQuery(ts, "SELECT detail FROM audit_log WHERE action IN ('record_incident', 'report_incident')");
  assert.ok(!audit.includes('以头撞墙'), 'incident text in the audit');
});

test(`the database refuses a double booking by itself (${BACKEND})`, async () => {
  const day = addDays(TODAY, 8);
  const b = (await c.secA.post(`${base(rooms.a.id)}/bookings`, { case_id: kase.id, start: at(day, '09:00'), end: at(day, '10:00') })).body;
  const s = Date.parse(at(day, '09:30'));
  const row = (start, end) => `INSERT INTO interview_bookings (room_id, county_id, case_id, start_at, end_at, booked_by, cancelled, created_at) VALUES (${rooms.a.id}, ${org.county.id}, ${kase.id}, ${start}, ${end}, ${c.secA.user.id}, 0, 0)`;
  assert.throws(() => dbQuery(ts, row(s, s + 3600e3)), /interview_bookings/);
  // Longer than 12 hours: the CHECK that bounds the overlap search.
  assert.throws(() => dbQuery(ts, row(s + 86400e3, s + 86400e3 + 13 * 3600e3)), /check/i);
  // A cancelled row may overlap; un-cancelling it may not.
  dbQuery(ts, row(s, s + 3600e3).replace(', 0, 0)', ', 1, 0)'));
  assert.throws(() => dbQuery(ts, `UPDATE interview_bookings SET cancelled = 0 WHERE room_id = ${rooms.a.id} AND start_at = ${s}`), /interview_bookings/);
  assert.equal(Number((await dbQuery(ts, `SELECT COUNT(*) FROM interview_bookings WHERE room_id = ${rooms.a.id} AND cancelled = 0 AND start_at < ${s + 3600e3} AND end_at > ${s}`)).trim()), 1);
  assert.ok(b.id > 0);
});

test(`50 concurrent overlapping bookings over real HTTP: exactly one 201, 49 409 (${BACKEND})`, async () => {
  const day = addDays(TODAY, 9);
  const tries = Array.from({ length: 50 }, (_, i) => {
    // Every range contains 10:00–10:05; starts and ends vary.
    const s = new Date(Date.parse(at(day, '09:00')) + (i % 10) * 6 * 60000).toISOString();
    const e = new Date(Date.parse(at(day, '10:05')) + (i % 7) * 10 * 60000).toISOString();
    const who = i % 2 ? c.secA : c.staffA;
    return who.post(`${base(rooms.a.id)}/bookings`, { case_id: kase.id, start: s, end: e });
  });
  const answers = await Promise.all(tries);
  const by = (st) => answers.filter((r) => r.status === st).length;
  assert.deepEqual([by(201), by(409), answers.length], [1, 49, 50], answers.filter((r) => r.status !== 201 && r.status !== 409).map((r) => `${r.status} ${r.text}`).join('\n'));
  for (const r of answers.filter((x) => x.status === 409)) {
    assert.equal(r.body.error.field, 'start');
    assert.match(r.body.error.message, /文亭谈话室/);
  }
  const winner = answers.find((r) => r.status === 201).body;
  const ws = Date.parse(winner.start), we = Date.parse(winner.end);
  assert.equal(Number((await dbQuery(ts, `SELECT COUNT(*) FROM interview_bookings WHERE room_id = ${rooms.a.id} AND cancelled = 0 AND start_at < ${we} AND end_at > ${ws}`)).trim()), 1);
});

// PostgreSQL only (SQLite has one writer, so no other can hold an
// uncommitted booking while the server books): a writer outside the server
// holds an overlapping booking uncommitted; the server's insert waits in the
// exclusion check, gets SQLSTATE 23P01 when it commits, and answers the same
// 409 with the winner's range.
if (BACKEND === 'postgresql') {
  test('the exclusion violation (23P01) of a booking committed meanwhile is the same 409 naming the taken range', async () => {
    const day = addDays(TODAY, 10);
    const s = Date.parse(at(day, '14:00'));
    const sql = `BEGIN; INSERT INTO interview_bookings (room_id, county_id, case_id, start_at, end_at, booked_by, cancelled, created_at) VALUES (${rooms.a.id}, ${org.county.id}, ${kase.id}, ${s}, ${s + 3600e3}, ${c.secA.user.id}, 0, 0); SELECT pg_sleep(1.5); COMMIT;`;
    const holder = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ts.inst.dbUrl, '-c', sql], { stdio: 'ignore' });
    const done = new Promise((resolve) => holder.on('exit', resolve));
    await new Promise((r) => setTimeout(r, 500)); // the row is in, not committed
    const started = Date.now();
    const r = await c.secA.post(`${base(rooms.a.id)}/bookings`, { case_id: kase.id, start: at(day, '14:30'), end: at(day, '15:30') });
    assert.equal(await done, 0, 'the outside writer committed');
    expectError(r, 409, 'conflict', 'start');
    assert.match(r.body.error.message, new RegExp(`文亭谈话室.*${day} 14:00—15:00`));
    assert.ok(Date.now() - started >= 500, 'the server waited for the outside writer');
    assert.equal(Number((await dbQuery(ts, `SELECT COUNT(*) FROM interview_bookings WHERE room_id = ${rooms.a.id} AND cancelled = 0 AND start_at < ${s + 5400e3} AND end_at > ${s}`)).trim()), 1);
  });
}
