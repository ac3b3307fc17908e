// Guidance of the linked townships (联系指导, CA-8, feature `guidance`:
// /guidance and /ledgers/guidance.xlsx): a county room records meetings,
// case feedback and on-site guidance about the townships it is linked to
// (ORG-2) and sets tasks; the township reads what is about itself and
// closes the tasks it owns; the county roles read all; bad input names its
// field and writes nothing; every write and the export are audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { buildCounty, usersByKey, createUser, loginNew } from './lib/fixtures.mjs';
import { TODAY, addDays, villager } from './lib/clues.mjs';
import { fetchLedger } from './lib/xlsx.mjs';

let ts;
let admin;
let org;
const c = {};
let kaseA; // a case of township A
let kaseB; // a case of township B
let rec; // room 1's feedback on kaseA, 10 days ago
let own; // township staff of A with own_records scope

const count = (table) => Number(dbQuery(ts, `SELECT COUNT(*) FROM ${table}`).trim());
const YEAR = addDays(TODAY, -10).slice(0, 4);

async function fileCase(client, name) {
  const r = await client.post('/cases', { source: 'found_in_supervision', source_ref: '专项检查', violations: ['mass_discipline'], mode: 'township', summary: '侵占集体资金', person: villager({ name }) });
  expectStatus(r, 201, 'file a case');
  return r.body;
}

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  org = await buildCounty(admin);
  Object.assign(c, await usersByKey(ts, admin, [
    ['cs', 'case_supervision', org.caseSup],
    ['leader', 'county_leader', org.county],
    ['room1', 'discipline_room', org.room1], // linked to townships A and C
    ['room2', 'discipline_room', org.room2], // linked to township B
    ['secA', 'township_secretary', org.townA],
    ['staffA', 'township_staff', org.townA],
    ['staffA2', 'township_staff', org.townA], // recused from kaseA's person
    ['secB', 'township_secretary', org.townB],
    ['trial', 'trial_office', org.trial],
  ], { username: (key) => `gd_${key.toLowerCase()}` }));
  kaseA = await fileCase(c.secA, '指导甲');
  for (const ref of [undefined, '文党〔2026〕31号']) {
    const r = await c.secA.post(`/cases/${kaseA.id}/actions`, { action: 'approve_filing', ...(ref ? { approval_ref: ref } : {}) });
    expectStatus(r, 200, 'approve the filing');
    kaseA = r.body;
  }
  assert.ok(kaseA.number, 'filed with its number');
  expectStatus(await c.cs.post('/recusals', { user_id: c.staffA2.user.id, person_id: kaseA.person.person_id, relation: 'kin', reason: '系其亲属' }), 201, 'recusal');
  kaseB = await fileCase(c.secB, '指导乙');
  const u = await createUser(admin, { username: 'gd_own', display_name: '只看本人', org_unit_id: org.townA.id, role: 'township_staff', data_scope: 'own_records' });
  own = await loginNew(ts, 'gd_own', u.initial_password);
});

after(async () => {
  if (ts) await ts.stop();
});

const meeting = (over = {}) => ({
  township_id: org.townA.id, kind: 'case_feedback', day: addDays(TODAY, -10), subject: '反馈东关社区案件审查情况',
  content: '会议纪要：案件事实基本清楚，补充调取账目。', attendees: '一室主任、文亭街道纪工委书记', case_id: kaseA.id, ...over,
});

test('a room writes only about its linked townships; bad input names its field and writes nothing', async () => {
  expectError(await c.room1.post('/guidance', meeting({ township_id: org.townB.id, case_id: undefined, kind: 'meeting' })), 422, 'validation_failed', 'township_id');
  expectError(await c.room2.post('/guidance', meeting({ kind: 'on_site', case_id: undefined })), 422, 'validation_failed', 'township_id');
  expectError(await c.room1.post('/guidance', meeting({ kind: 'lunch' })), 422, 'validation_failed', 'kind');
  expectError(await c.room1.post('/guidance', meeting({ subject: '  ' })), 422, 'validation_failed', 'subject');
  expectError(await c.room1.post('/guidance', meeting({ attendees: undefined })), 422, 'validation_failed', 'attendees');
  expectError(await c.room1.post('/guidance', meeting({ day: addDays(TODAY, 1) })), 422, 'validation_failed', 'day');
  expectError(await c.room1.post('/guidance', meeting({ case_id: undefined })), 422, 'validation_failed', 'case_id');
  expectError(await c.room1.post('/guidance', meeting({ case_id: kaseB.id })), 422, 'validation_failed', 'case_id');
  // Township C is linked too, but kaseA is not its case.
  expectError(await c.room1.post('/guidance', meeting({ township_id: org.townC.id })), 422, 'validation_failed', 'case_id');
  expectError(await c.room1.post('/guidance', { ...meeting(), extra: 1 }), 422, 'validation_failed', 'extra');
  expectStatus(await c.secA.post('/guidance', meeting()), 403, 'the township only reads');
  expectStatus(await c.cs.post('/guidance', meeting()), 403, '案管 only reads');
  expectStatus(await admin.post('/guidance', meeting()), 403, 'administrator');
  assert.equal(count('guidance_records'), 0, 'nothing written');

  const r = await c.room1.post('/guidance', meeting());
  expectStatus(r, 201);
  rec = r.body;
  assert.equal(rec.kind, 'case_feedback');
  assert.deepEqual(rec.township, { id: org.townA.id, name: '文亭街道' });
  assert.deepEqual(rec.org, { id: org.room1.id, name: '第一纪检监察室' });
  assert.equal(rec.case_id, kaseA.id);
  assert.equal(rec.content, meeting().content);
  assert.deepEqual(rec.tasks, []);
  const m = await c.room1.post('/guidance', meeting({ township_id: org.townC.id, kind: 'meeting', case_id: null, day: addDays(TODAY, -3), subject: '白浮图镇月度例会' }));
  expectStatus(m, 201);
  const audit = dbQuery(ts, `SELECT detail FROM audit_log WHERE entity = 'guidance' AND action = 'create' AND entity_id = ${rec.id}`).trim();
  assert.match(audit, /case_feedback/);
  assert.doesNotMatch(audit, /会议纪要|账目/, 'no minutes in the audit log');
});

test('reads: the linked room, the township about itself, the county roles; others 404 or 403', async () => {
  for (const who of ['room1', 'secA', 'staffA', 'cs', 'leader']) {
    const d = await c[who].get(`/guidance/${rec.id}`);
    expectStatus(d, 200, who);
    assert.equal(d.body.subject, rec.subject);
  }
  assert.equal((await c.secA.get(`/guidance/${rec.id}`)).body.case_number, kaseA.number);
  // A recused cadre of the township reads the record, never the case.
  const hid = await c.staffA2.get(`/guidance/${rec.id}`);
  expectStatus(hid, 200, 'recused cadre');
  assert.equal(hid.body.case_id, null);
  assert.equal(hid.body.case_number, null);
  const hidList = (await c.staffA2.get('/guidance')).body.items;
  assert.deepEqual(hidList.map((x) => [x.id, x.case_id, x.case_number]), [[rec.id, null, null]]);
  assert.equal((await c.staffA.get('/guidance')).body.items[0].case_number, kaseA.number);
  expectStatus(await c.room2.get(`/guidance/${rec.id}`), 404, 'unlinked room');
  expectStatus(await c.secB.get(`/guidance/${rec.id}`), 404, 'another township');
  // The trial office reads cases at trial, never the guidance between rooms and townships.
  expectStatus(await c.trial.get(`/guidance/${rec.id}`), 404, 'trial office');
  assert.equal((await c.trial.get('/guidance')).body.total, 0, 'trial office list');
  expectStatus(await admin.get(`/guidance/${rec.id}`), 403, 'administrator');
  expectStatus(await admin.get('/guidance'), 403, 'administrator list');
  assert.equal((await c.room1.get('/guidance')).body.total, 2);
  assert.equal((await c.cs.get('/guidance')).body.total, 2);
  assert.equal((await c.secA.get('/guidance')).body.total, 1, 'township A: its own record only');
  assert.equal((await c.room2.get('/guidance')).body.total, 0);
  assert.equal((await c.secB.get('/guidance')).body.total, 0);
  // Filters.
  assert.deepEqual((await c.cs.get(`/guidance?township_id=${org.townC.id}`)).body.items.map((x) => x.subject), ['白浮图镇月度例会']);
  assert.deepEqual((await c.cs.get('/guidance?kind=case_feedback')).body.items.map((x) => x.id), [rec.id]);
  assert.equal((await c.cs.get(`/guidance?year=${YEAR}`)).body.total >= 1, true);
  assert.equal((await c.cs.get('/guidance?year=2001')).body.total, 0);
  expectError(await c.cs.get('/guidance?year=20x4'), 400, 'bad_request', 'year');
  expectError(await c.cs.get('/guidance?kind=lunch'), 400, 'bad_request', 'kind');
});

test('tasks: set by the linked room, owned by a cadre of the room or township, overdue when open past the due day, closed by the owner', async () => {
  const path = `/guidance/${rec.id}/tasks`;
  const task = { owner_id: c.staffA.user.id, description: '补充调取东关社区2025年账目', due_day: addDays(TODAY, -2) };
  expectError(await c.room1.post(path, { ...task, owner_id: c.secB.user.id }), 422, 'validation_failed', 'owner_id');
  expectError(await c.room1.post(path, { ...task, due_day: addDays(TODAY, -11) }), 422, 'validation_failed', 'due_day');
  expectError(await c.room1.post(path, { ...task, description: '' }), 422, 'validation_failed', 'description');
  expectStatus(await c.room2.post(path, task), 404, 'unlinked room');
  expectStatus(await c.secA.post(path, task), 403, 'township');
  assert.equal(count('guidance_tasks'), 0, 'nothing written');

  let r = await c.room1.post(path, task);
  expectStatus(r, 201);
  const t = r.body.tasks[0];
  assert.equal(t.owner.id, c.staffA.user.id);
  assert.equal(t.owner_org_name, '文亭街道');
  assert.equal(t.overdue, true);
  assert.equal(t.deadline.status, 'overdue');
  assert.equal(t.deadline.due, task.due_day);
  assert.equal(r.body.open_task_count, 1);
  r = await c.room1.post(path, { owner_id: c.room1.user.id, description: '下月例会前听取汇报', due_day: addDays(TODAY, 30) });
  expectStatus(r, 201);
  const t2 = r.body.tasks[1];
  assert.equal(t2.overdue, false);
  assert.equal(t2.deadline.status, 'running');

  const close = (id) => `/guidance/${rec.id}/tasks/${id}/close`;
  const done = { closed_day: TODAY, closing_note: '账目已调取并入卷' };
  expectStatus(await c.secA.post(close(t.id), done), 403, 'not the owner');
  expectStatus(await c.room2.post(close(t.id), done), 404, 'unlinked room');
  expectStatus(await c.secB.post(close(t.id), done), 404, 'another township');
  expectStatus(await c.staffA.post(`/guidance/${rec.id}/tasks/987654321/close`, done), 404, 'no such task');
  expectError(await c.staffA.post(close(t.id), { ...done, closed_day: addDays(TODAY, 1) }), 422, 'validation_failed', 'closed_day');
  expectError(await c.staffA.post(close(t.id), { ...done, closed_day: addDays(TODAY, -11) }), 422, 'validation_failed', 'closed_day');
  expectError(await c.staffA.post(close(t.id), { ...done, closing_note: undefined }), 422, 'validation_failed', 'closing_note');
  r = await c.staffA.post(close(t.id), done);
  expectStatus(r, 200);
  const closed = r.body.tasks.find((x) => x.id === t.id);
  assert.equal(closed.closed_day, TODAY);
  assert.equal(closed.closing_note, done.closing_note);
  assert.equal(closed.overdue, false);
  assert.equal(closed.deadline, null);
  assert.equal(r.body.open_task_count, 1);
  expectError(await c.staffA.post(close(t.id), done), 409, 'conflict', 'closed_day');
  // The linked room closes a task it set, whoever owns it.
  expectStatus(await c.room1.post(close(t2.id), done), 200);
  const n = Number(dbQuery(ts, `SELECT COUNT(*) FROM audit_log WHERE entity = 'guidance_task'`).trim());
  assert.equal(n, 4, 'two created, two closed');
});

test('the 联系指导 ledger: the records of the scope with their tasks, as .xlsx, audited', async () => {
  const ledger = (client, query = '') => fetchLedger(client, 'guidance', query);
  const x = await ledger(c.room1);
  assert.equal(x.status, 200);
  assert.match(x.title, /^成武县纪委监委联系指导台账/);
  assert.deepEqual(x.header, ['序号', '日期', '类型', '纪检监察室', '乡镇（街道）', '主题', '参加人员', '纪要或指导内容', '反馈案件', '交办任务', '任务完成情况']);
  assert.equal(x.data.length, 2);
  const row = x.data.find((r) => r[5] === rec.subject);
  assert.equal(row[2], '案件反馈');
  assert.equal(row[4], '文亭街道');
  assert.match(row[9], /补充调取东关社区2025年账目/);
  assert.match(row[10], /已办结/);
  const town = await ledger(c.secA);
  assert.match(town.title, /^文亭街道联系指导台账/);
  assert.deepEqual(town.data.map((r) => r[5]), [rec.subject]);
  assert.equal(row[8], kaseA.number);
  assert.deepEqual((await ledger(c.staffA2)).data.map((r) => [r[5], r[8]]), [[rec.subject, '']], 'recused: no case');
  assert.equal((await ledger(c.room2)).data.length, 0);
  assert.equal((await ledger(c.cs, `?township_id=${org.townC.id}`)).data.length, 1);
  assert.equal((await ledger(c.cs, '?year=2001')).data.length, 0);
  assert.equal((await ledger(admin)).status, 403);
  assert.equal((await ledger(c.cs, '?year=x')).status, 400);
  const audited = dbQuery(ts, "SELECT COUNT(*) FROM audit_log WHERE entity = 'ledger' AND action = 'export' AND detail LIKE '%guidance%'").trim();
  assert.ok(Number(audited) >= 6, `exports audited: ${audited}`);
});

test('an own-records user of the township gets no guidance record: list, detail, ledger', async () => {
  // Township A has records (room 1's feedback with its tasks), but none is the user's own.
  assert.equal((await c.staffA.get('/guidance')).body.total, 1, 'township A has a record');
  const list = await own.get('/guidance');
  expectStatus(list, 200);
  assert.deepEqual([list.body.total, list.body.items], [0, []]);
  expectStatus(await own.get(`/guidance/${rec.id}`), 404, 'own-records user: detail');
  // Nor can it write: a record or a task is the rooms' (403), and a task of a record it cannot see is not there (404).
  const task = (await c.staffA.get(`/guidance/${rec.id}`)).body.tasks[0];
  expectStatus(await own.post(`/guidance/${rec.id}/tasks/${task.id}/close`, { closed_day: TODAY, closing_note: '越权' }), 404, 'own-records user: close');
  expectStatus(await own.post(`/guidance/${rec.id}/tasks`, { owner_id: c.staffA.user.id, description: '越权', due_day: TODAY }), 403, 'own-records user: task');
  expectStatus(await own.post('/guidance', meeting()), 403, 'own-records user: record');
  const rows = async (client) => {
    const res = await fetch(`${client.base}/api/v1/ledgers/guidance.xlsx`, { headers: { cookie: client.cookieHeader() } });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    return res.headers.get('x-row-count');
  };
  assert.deepEqual([await rows(c.room2), await rows(c.staffA)], ['0', '1'], 'X-Row-Count counts the records');
  assert.equal(await rows(own), '0', 'own-records user: an empty ledger');
});
