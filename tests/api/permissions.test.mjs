// Permission matrix: every route × every role (+ anonymous, + a user who
// must still change the password), against lib/route-table.mjs. The table
// must list exactly the routes the server has (`funnel routes`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTES, ROLE_ORDER, routeKey } from './lib/route-table.mjs';
import { runCli, startServer, Client, CHANGED_PASSWORD, USER_PASSWORD, dbQuery } from './lib/server.mjs';
import { buildCounty, clientsPerRole, createUser, listAll, treeIds } from './lib/fixtures.mjs';

function serverRoutes() {
  const r = runCli(['routes']);
  assert.equal(r.status, 0, `funnel routes exited ${r.status}: ${r.stderr}`);
  // The portal listener's routes have no sessions or roles: tests/api/portal.test.mjs.
  const list = JSON.parse(r.stdout).filter((x) => x.listener === 'internal');
  assert.ok(Array.isArray(list), 'funnel routes: not a JSON array');
  for (const x of list) {
    assert.equal(typeof x.method, 'string');
    assert.equal(typeof x.path, 'string');
    assert.ok('permission' in x, `route without permission: ${JSON.stringify(x)}`);
  }
  return list;
}

test('the route table lists exactly the routes of `funnel routes`', () => {
  const server = serverRoutes();
  const serverKeys = new Set(server.map(routeKey));
  const tableKeys = new Set(ROUTES.map(routeKey));
  assert.equal(tableKeys.size, ROUTES.length, 'route table has duplicates');
  assert.equal(serverKeys.size, server.length, 'funnel routes has duplicates');
  const missingInTable = [...serverKeys].filter((k) => !tableKeys.has(k));
  const missingInServer = [...tableKeys].filter((k) => !serverKeys.has(k));
  assert.deepEqual(
    { missingInTable, missingInServer },
    { missingInTable: [], missingInServer: [] },
    'route table (tests/api/lib/route-table.mjs) and server routes differ',
  );
});

test('the route table and `funnel routes` agree on each permission', () => {
  const server = new Map(serverRoutes().map((r) => [routeKey(r), r.permission]));
  const diff = ROUTES.filter((r) => server.has(routeKey(r)) && server.get(routeKey(r)) !== r.permission).map(
    (r) => `${routeKey(r)}: table ${r.permission}, server ${server.get(routeKey(r))}`,
  );
  assert.deepEqual(diff, []);
});

// ---------------------------------------------------------------------------

let ts;
let admin;
let secadmin;
let org;
let clients;
let users;
const passwords = {};
let n = 0;
const next = () => ++n;
let petition; // registered by township A: in every petition reader's scope
let clue; // registered by township A: in every clue reader's scope
let report; // township A's report of 2024-04
let kase; // filed by township A: in every case reader's scope
let tried; // transferred to trial: in the trial office's scope too
const caseOf = (role) => (role === 'trial_office' ? tried : kase);
let room; // township A's interview room: in every case reader's scope
let evidence; // a text file on `petition`
let person; // a reported person of `petition`
const petitionBody = (summary) => ({
  channel: 'letter', type: 'accusation', real_name: true, summary, content: '权限矩阵测试内容', category: 'mass',
  received_day: '2024-05-06', reporter: { name: '权限测试', phone: '13905371234' },
  persons: [{ name: '矩阵村官', unit_name: '东关社区', cadre_level: 'village_cadre', party_member: true }],
});

const clueBody = (summary) => ({
  source: 'supervision', summary, content: '权限矩阵线索内容', category: 'mass', received_day: '2024-05-06',
  persons: [{ name: '矩阵村官', unit_name: '东关社区', cadre_level: 'village_cadre', party_member: true }],
});

const caseBody = (mode) => ({
  source: 'found_in_supervision', source_ref: '权限矩阵监督检查', violations: ['mass_discipline'], mode, summary: '权限矩阵立案事实',
  ...(mode === 'county_led' ? { township_id: org.townA.id } : {}),
  person: { name: '矩阵立案人', unit_name: '东关社区', cadre_level: 'village_cadre', party_member: true },
});
before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  secadmin = await ts.adminClient('secadmin');
  org = await buildCounty(admin);
  ({ clients, users } = await clientsPerRole(ts, admin, org, { secadmin }));
  const reg = await clients.township_staff.post('/petitions', petitionBody('权限矩阵件'));
  assert.equal(reg.status, 201, `register: ${reg.text}`);
  petition = reg.body;
  const cr = await clients.township_staff.post('/clues', clueBody('权限矩阵线索'));
  assert.equal(cr.status, 201, `clue: ${cr.text}`);
  clue = cr.body;
  const ks = await clients.township_staff.post('/cases', caseBody('township'));
  assert.equal(ks.status, 201, `case: ${ks.text}`);
  kase = ks.body;
  const kt = await clients.township_staff.post('/cases', caseBody('township'));
  assert.equal(kt.status, 201, `case: ${kt.text}`);
  tried = kt.body;
  dbQuery(ts, `UPDATE cases SET state = 'transferred_to_trial' WHERE id = ${tried.id}`);
  const rm = await clients.case_supervision.post('/interview-rooms', { org_unit_id: org.townA.id, name: '矩阵谈话室', place: '文亭街道二楼' });
  assert.equal(rm.status, 201, `room: ${rm.text}`);
  room = rm.body;
  const rp = await clients.township_secretary.post('/clue-reports', { township_id: org.townA.id, month: '2024-04' });
  assert.equal(rp.status, 201, `report: ${rp.text}`);
  report = rp.body;
  const up = await clients.township_secretary.request('POST', `/petitions/${petition.id}/attachments?name=${encodeURIComponent('矩阵材料.txt')}`, {
    raw: '权限矩阵的证据材料\n',
    contentType: 'application/octet-stream',
  });
  assert.equal(up.status, 201, `evidence: ${up.text}`);
  evidence = up.body;
  const persons = await clients.case_supervision.get('/persons?page_size=1');
  assert.equal(persons.status, 200, persons.text);
  person = persons.body.items[0];
  for (const role of ROLE_ORDER) {
    passwords[users[role].username] = ['sys_admin', 'security_admin', 'audit_admin'].includes(role) ? CHANGED_PASSWORD : USER_PASSWORD;
  }
});

after(async () => {
  if (ts) await ts.stop();
});

async function freshSession(role) {
  const c = new Client(ts.base);
  const r = await c.login(users[role].username, passwords[users[role].username]);
  assert.equal(r.status, 200, `fresh login ${role}: ${r.text}`);
  return c;
}

/** A target user with a known password: business (by admin) or admin-role (by secadmin). */
async function targetUser(adminRole) {
  const i = next();
  const body = adminRole
    ? { username: `tgt_a${i}`, display_name: `目标${i}`, org_unit_id: null, role: 'audit_admin' }
    : { username: `tgt_u${i}`, display_name: `目标${i}`, org_unit_id: org.petition.id, role: 'petition_office' };
  const created = await createUser(adminRole ? secadmin : admin, body);
  await new Client(ts.base).loginAndChange(body.username, created.initial_password, 'Target-Pass-2026');
  return created.user;
}

/** A pending password reset that `role` may decide if it is an administrator (三员). */
async function pendingReset(role) {
  const adminTarget = role !== 'security_admin';
  const t = await targetUser(adminTarget);
  const r = await (adminTarget ? secadmin : admin).post(`/users/${t.id}/reset-password`, undefined);
  assert.equal(r.status, 200, `reset proposal: ${r.text}`);
  return { target: t, proposal: r.body };
}

async function canLogin(username, password) {
  return (await new Client(ts.base).login(username, password)).status;
}

/**
 * For each route: make(role, allowed) → {client?, path, body?, ok?: expected
 * status when allowed, after?: async (res) => void checks}.
 */
const SPECS = {
  'GET /api/v1/ping': () => ({ path: '/ping', ok: 200 }),
  'POST /api/v1/auth/login': (role) => ({ client: new Client(ts.base), path: '/auth/login', body: { username: `nobody_${role}`, password: 'Wrong-Pass-123' }, ok: 401 }),
  'POST /api/v1/auth/logout': async (role) => {
    const c = await freshSession(role);
    return {
      client: c,
      path: '/auth/logout',
      ok: 200,
      after: async () => assert.equal((await c.get('/auth/me')).status, 401, 'session alive after logout'),
    };
  },
  'POST /api/v1/auth/password': () => ({ path: '/auth/password', body: { old_password: 'Wrong-Old-Pass-9', new_password: 'Brand-New-Pass-7' }, ok: 422 }),
  'GET /api/v1/auth/me': () => ({ path: '/auth/me', ok: 200 }),
  'GET /api/v1/dicts': () => ({ path: '/dicts', ok: 200 }),
  'GET /api/v1/time-limits': () => ({ path: '/time-limits', ok: 200 }),
  'GET /api/v1/calendar/due': () => ({ path: '/calendar/due?limit=petition_acceptance_notice&start=2024-09-25', ok: 200 }),
  'GET /api/v1/calendar/{year}': () => ({ path: '/calendar/2024', ok: 200 }),
  'GET /api/v1/categories': () => ({ path: '/categories', ok: 200 }),
  'POST /api/v1/jurisdiction-proposals': () => ({ path: '/jurisdiction-proposals', body: { type: 'accusation', persons: [] }, ok: 200 }),
  'GET /api/v1/petitions': () => ({ path: '/petitions', ok: 200 }),
  'POST /api/v1/petition-duplicates': () => ({ path: '/petition-duplicates', body: { content: '权限矩阵测试内容' }, ok: 200 }),
  'POST /api/v1/petitions': () => {
    const summary = `权限登记${next()}`;
    return {
      path: '/petitions',
      body: petitionBody(summary),
      ok: 201,
      after: async (res, allowed) => {
        const q = await clients.county_leader.get(`/petitions?q=${encodeURIComponent(summary)}`);
        assert.equal(q.body.total, allowed ? 1 : 0, `petition ${summary} count`);
      },
    };
  },
  'GET /api/v1/petitions/{id}': () => ({ path: `/petitions/${petition.id}`, ok: 200 }),
  // A step not allowed in the state: 409 shows the role passed the permission gate.
  'POST /api/v1/petitions/{id}/actions': () => ({ path: `/petitions/${petition.id}/actions`, body: { action: 'conclude', note: '矩阵' }, ok: 409 }),
  'POST /api/v1/petitions/{id}/reveal': () => ({
    path: `/petitions/${petition.id}/reveal`,
    body: { reason: '权限矩阵核对' },
    ok: 200,
    after: async (res, allowed) => {
      if (allowed) assert.equal(res.body.reporter.name, '权限测试');
      else assert.ok(!res.text.includes('权限测试'), 'identity in a refusal');
    },
  }),
  'GET /api/v1/persons': () => ({ path: '/persons', ok: 200 }),
  'GET /api/v1/petitions/{id}/messages': () => ({ path: `/petitions/${petition.id}/messages`, ok: 200 }),
  // Not a portal petition: 409 shows the role passed the permission gate.
  'POST /api/v1/petitions/{id}/messages': () => ({ path: `/petitions/${petition.id}/messages`, body: { body: '矩阵留言' }, ok: 409 }),
  'GET /api/v1/petitions/{id}/attachments': () => ({ path: `/petitions/${petition.id}/attachments`, ok: 200 }),
  // A JSON body is not a file with a name: 422 once past the gate.
  'POST /api/v1/petitions/{id}/attachments': () => ({ path: `/petitions/${petition.id}/attachments`, body: {}, ok: 422 }),
  'GET /api/v1/petitions/{id}/attachments/{file}': () => ({
    path: `/petitions/${petition.id}/attachments/${evidence.id}`,
    ok: 200,
    after: async (res, allowed) => {
      if (allowed) assert.equal(res.text, '权限矩阵的证据材料\n');
      else assert.ok(!res.text.includes('证据材料'), 'evidence in a refusal');
    },
  }),
  'GET /api/v1/recusals': () => ({ path: '/recusals', ok: 200 }),
  'GET /api/v1/recusals/candidates': () => ({ path: '/recusals/candidates?q=tgt', ok: 200 }),
  'POST /api/v1/recusals': async () => {
    const t = await targetUser(false);
    return {
      path: '/recusals',
      body: { user_id: t.id, person_id: person.id, relation: 'kin', reason: '权限矩阵核对' },
      ok: 201,
      after: async (res, allowed) => {
        const list = await clients.case_supervision.get(`/recusals?user_id=${t.id}`);
        assert.equal(list.body.total, allowed ? 1 : 0, 'recusal count');
      },
    };
  },
  'DELETE /api/v1/recusals/{id}': async () => {
    const t = await targetUser(false);
    const made = await clients.case_supervision.post('/recusals', { user_id: t.id, person_id: person.id, relation: 'other', reason: '待删除' });
    assert.equal(made.status, 201, made.text);
    return {
      path: `/recusals/${made.body.id}`,
      ok: 200,
      after: async (res, allowed) => {
        const list = await clients.case_supervision.get(`/recusals?user_id=${t.id}`);
        assert.equal(list.body.total, allowed ? 0 : 1, 'recusal after delete attempt');
      },
    };
  },
  'GET /api/v1/clues': () => ({ path: '/clues', ok: 200 }),
  'POST /api/v1/clues': () => {
    const summary = `权限线索${next()}`;
    return {
      path: '/clues',
      body: clueBody(summary),
      ok: 201,
      after: async (res, allowed) => {
        const q = await clients.case_supervision.get(`/clues?q=${encodeURIComponent(summary)}`);
        assert.equal(q.body.total, allowed ? 1 : 0, `clue ${summary} count`);
      },
    };
  },
  'GET /api/v1/clues/{id}': () => ({ path: `/clues/${clue.id}`, ok: 200 }),
  'GET /api/v1/clues/{id}/dispatch-proposal': () => ({ path: `/clues/${clue.id}/dispatch-proposal`, ok: 200 }),
  // A step not allowed in the state: 409 shows the role passed the permission gate.
  'POST /api/v1/clues/{id}/actions': () => ({ path: `/clues/${clue.id}/actions`, body: { action: 'acknowledge' }, ok: 409 }),
  'POST /api/v1/clues/{id}/records': () => ({ path: `/clues/${clue.id}/records`, body: { kind: 'talk_record', day: '2024-05-06', text: '矩阵' }, ok: 409 }),
  'GET /api/v1/cases': () => ({ path: '/cases', ok: 200 }),
  // A room files a county case, a township a township one.
  'POST /api/v1/cases': (role) => ({ path: '/cases', body: caseBody(role === 'discipline_room' ? 'county_led' : 'township'), ok: 201 }),
  'GET /api/v1/cases/{id}': (role) => ({ path: `/cases/${caseOf(role).id}`, ok: 200 }),
  // A step not allowed while the filing waits for approval: 409 shows the role passed the gate.
  'POST /api/v1/cases/{id}/actions': (role) => ({ path: `/cases/${caseOf(role).id}/actions`, body: { action: 'start_investigation' }, ok: 409 }),
  // No such measure: 404 once past the gate.
  'POST /api/v1/cases/{id}/measures/{measure}/end': () => ({ path: `/cases/${kase.id}/measures/987654321/end`, body: { day: '2024-05-06' }, ok: 404 }),
  'POST /api/v1/cases/{id}/measures/{measure}/notice': () => ({ path: `/cases/${kase.id}/measures/987654321/notice`, body: { withheld_reason: '有碍调查' }, ok: 404 }),
  'POST /api/v1/cases/{id}/measures/{measure}/return': () => ({ path: `/cases/${kase.id}/measures/987654321/return`, body: { day: '2024-05-06' }, ok: 404 }),
  'GET /api/v1/cases/{id}/team-candidates': (role) => ({ path: `/cases/${caseOf(role).id}/team-candidates`, ok: 200 }),
  'GET /api/v1/cases/{id}/evidence': (role) => ({ path: `/cases/${caseOf(role).id}/evidence`, ok: 200 }),
  // The filing waits for approval: 409 once past the gate (evidence and property are kept once filed).
  'POST /api/v1/cases/{id}/evidence': () => ({ path: `/cases/${kase.id}/evidence`, body: { kind: 'physical', title: '矩阵', obtained_day: '2024-05-06', source: '矩阵' }, ok: 409 }),
  'POST /api/v1/cases/{id}/evidence/{item}/file': () => ({ path: `/cases/${kase.id}/evidence/987654321/file?name=a.txt`, ok: 409 }),
  'GET /api/v1/cases/{id}/evidence/{item}/file': () => ({ path: `/cases/${kase.id}/evidence/987654321/file`, ok: 404 }),
  'GET /api/v1/cases/{id}/property': (role) => ({ path: `/cases/${caseOf(role).id}/property`, ok: 200 }),
  'POST /api/v1/cases/{id}/property': () => ({ path: `/cases/${kase.id}/property`, body: { description: '矩阵', quantity: '1', holder: 'x', custody_place: 'x', keeper: 'x', day: '2024-05-06' }, ok: 409 }),
  'POST /api/v1/cases/{id}/property/{item}/moves': () => ({ path: `/cases/${kase.id}/property/987654321/moves`, body: { move: 'return', day: '2024-05-06', to: 'x' }, ok: 409 }),
  'GET /api/v1/case-warnings': () => ({ path: '/case-warnings', ok: 200 }),
  // No such warning on the case: 409 once past the gate.
  'POST /api/v1/case-warnings/acknowledgements': () => ({ path: '/case-warnings/acknowledgements', body: { case_id: kase.id, code: 'overdue', occurrence: 'investigation:2024-01-01' }, ok: 409 }),
  'GET /api/v1/execution-tasks': () => ({ path: '/execution-tasks?status=overdue', ok: 200 }),
  'GET /api/v1/execution-tasks/summary': () => ({ path: '/execution-tasks/summary', ok: 200 }),
  // No such task on the case: 404 once past the gate.
  'POST /api/v1/cases/{id}/execution-tasks/{task}/close': () => ({ path: `/cases/${kase.id}/execution-tasks/987654321/close`, body: { done_on: '2024-05-06' }, ok: 404 }),
  'POST /api/v1/cases/{id}/execution-tasks/{task}/extend': () => ({ path: `/cases/${kase.id}/execution-tasks/987654321/extend`, body: { due_day: '2024-05-06', approval_ref: 'x' }, ok: 404 }),
  'GET /api/v1/interview-rooms': () => ({ path: '/interview-rooms', ok: 200 }),
  'POST /api/v1/interview-rooms': () => {
    const name = `矩阵谈话室${next()}`;
    return {
      path: '/interview-rooms',
      body: { org_unit_id: org.townA.id, name, place: '矩阵' },
      ok: 201,
      after: async (res, allowed) => {
        const list = await clients.case_supervision.get('/interview-rooms');
        assert.equal(list.body.items.filter((r) => r.name === name).length, allowed ? 1 : 0, `room ${name}`);
      },
    };
  },
  'PUT /api/v1/interview-rooms/{id}': (role, allowed) => ({
    path: `/interview-rooms/${room.id}`,
    body: { name: allowed ? '矩阵谈话室' : `篡改${role}`, place: '文亭街道二楼' },
    ok: 200,
    after: async () => {
      const list = await clients.case_supervision.get('/interview-rooms');
      assert.equal(list.body.items.find((r) => r.id === room.id).name, '矩阵谈话室');
    },
  }),
  'GET /api/v1/interview-rooms/calendar': () => ({ path: '/interview-rooms/calendar?from=2026-12-07&to=2026-12-13', ok: 200 }),
  // The case waits for its filing's approval, not under investigation: 409 once past the gate.
  'POST /api/v1/interview-rooms/{id}/bookings': () => ({
    path: `/interview-rooms/${room.id}/bookings`,
    body: { case_id: kase.id, start: '2030-01-07T09:00:00+08:00', end: '2030-01-07T10:00:00+08:00' },
    ok: 422,
  }),
  // No such booking: 404 once past the gate (the scope's negatives are in interview-rooms.test.mjs).
  'GET /api/v1/interview-rooms/{id}/bookings/{booking}': () => ({ path: `/interview-rooms/${room.id}/bookings/987654321`, ok: 404 }),
  'POST /api/v1/interview-rooms/{id}/bookings/{booking}/cancel': () => ({ path: `/interview-rooms/${room.id}/bookings/987654321/cancel`, body: {}, ok: 404 }),
  'PUT /api/v1/interview-rooms/{id}/bookings/{booking}/talk': () => ({ path: `/interview-rooms/${room.id}/bookings/987654321/talk`, body: { interviewers: [1, 2] }, ok: 404 }),
  'POST /api/v1/interview-rooms/{id}/bookings/{booking}/talk/close': () => ({ path: `/interview-rooms/${room.id}/bookings/987654321/talk/close`, body: {}, ok: 404 }),
  'POST /api/v1/interview-rooms/{id}/bookings/{booking}/incidents': () => ({ path: `/interview-rooms/${room.id}/bookings/987654321/incidents`, body: { occurred_at: '2026-12-07T09:00:00+08:00', description: '矩阵' }, ok: 404 }),
  'POST /api/v1/interview-rooms/{id}/bookings/{booking}/incidents/{incident}/report': () => ({ path: `/interview-rooms/${room.id}/bookings/987654321/incidents/1/report`, body: { reported_at: '2026-12-07T09:00:00+08:00', report_ref: '矩阵' }, ok: 404 }),
  'GET /api/v1/cases/{id}/documents': (role) => ({ path: `/cases/${caseOf(role).id}/documents`, ok: 200 }),
  // An unknown kind: 422 once past the gate.
  'POST /api/v1/cases/{id}/documents': () => ({ path: `/cases/${kase.id}/documents`, body: { kind: 'no_such_kind' }, ok: 422 }),
  'GET /api/v1/cases/{id}/documents/{doc}': () => ({ path: `/cases/${kase.id}/documents/987654321`, ok: 404 }),
  'GET /api/v1/guidance': () => ({ path: '/guidance', ok: 200 }),
  // The room (linked to township A) records a meeting about it.
  'POST /api/v1/guidance': () => ({
    path: '/guidance',
    body: { township_id: org.townA.id, kind: 'meeting', day: '2024-05-06', subject: '矩阵例会', content: '矩阵纪要', attendees: '甲、乙' },
    ok: 201,
  }),
  // No such record: 404 once past the gate (the scope's negatives are in guidance.test.mjs).
  'GET /api/v1/guidance/{id}': () => ({ path: '/guidance/987654321', ok: 404 }),
  'POST /api/v1/guidance/{id}/tasks': () => ({ path: '/guidance/987654321/tasks', body: { owner_id: users.discipline_room.id, description: '矩阵任务', due_day: '2024-06-01' }, ok: 404 }),
  'POST /api/v1/guidance/{id}/tasks/{task}/close': () => ({ path: '/guidance/987654321/tasks/1/close', body: { closed_day: '2024-05-07', closing_note: '矩阵' }, ok: 404 }),
  'GET /api/v1/ledgers/guidance.xlsx': () => ({ path: '/ledgers/guidance.xlsx?year=2024', ok: 200 }),
  'GET /api/v1/ledgers/execution.xlsx': () => ({ path: '/ledgers/execution.xlsx?year=2024', ok: 200 }),
  'GET /api/v1/document-templates': () => ({ path: '/document-templates', ok: 200 }),
  'GET /api/v1/document-templates/{kind}': () => ({ path: '/document-templates/no_such_kind', ok: 404 }),
  // A JSON body is not a .docx: 422 once past the gate.
  'PUT /api/v1/document-templates/{kind}': () => ({ path: '/document-templates/filing_decision', body: {}, ok: 422 }),
  'GET /api/v1/clue-reports': () => ({ path: '/clue-reports?month=2024-05', ok: 200 }),
  'GET /api/v1/clue-reports/live': () => ({ path: `/clue-reports/live?township_id=${org.townA.id}&month=2024-05`, ok: 200 }),
  'POST /api/v1/clue-reports': () => ({ path: '/clue-reports', body: { township_id: org.townA.id, month: '2024-06' }, ok: 201 }),
  'GET /api/v1/clue-reports/{id}': () => ({ path: `/clue-reports/${report.id}`, ok: 200 }),
  'POST /api/v1/clue-reports/{id}/acknowledge': () => ({ path: `/clue-reports/${report.id}/acknowledge`, body: {}, ok: 200 }),
  // Acknowledged above: returning it is a conflict, after the gate.
  'POST /api/v1/clue-reports/{id}/return': () => ({ path: `/clue-reports/${report.id}/return`, body: { reason: '矩阵退回' }, ok: 409 }),
  'GET /api/v1/clue-reviews': () => ({ path: '/clue-reviews', ok: 200 }),
  'POST /api/v1/clue-reviews': () => ({
    path: '/clue-reviews',
    body: { held_day: '2024-05-06', title: '矩阵排查会', attendees: '甲、乙', items: [{ clue_id: clue.id, decision: 'keep_on' }] },
    ok: 201,
  }),
  'GET /api/v1/clue-reviews/{id}': () => ({ path: '/clue-reviews/987654321', ok: 404 }),
  'GET /api/v1/clue-funnel': () => ({ path: '/clue-funnel?from=2024-01-01&to=2024-12-31', ok: 200 }),
  'GET /api/v1/clue-warnings': () => ({ path: '/clue-warnings', ok: 200 }),
  'GET /api/v1/ledgers/clues.xlsx': () => ({ path: '/ledgers/clues.xlsx', ok: 200 }),
  'GET /api/v1/ledgers/clue-reports.xlsx': () => ({ path: '/ledgers/clue-reports.xlsx?month=2024-05', ok: 200 }),
  'GET /api/v1/warnings': () => ({ path: '/warnings', ok: 200 }),
  'GET /api/v1/duty-roster': () => ({ path: '/duty-roster?from=2026-12-01&to=2026-12-31', ok: 200 }),
  // The user on duty must belong to the caller's unit: a foreign user is 422 after the gate.
  'POST /api/v1/duty-roster': () => ({ path: '/duty-roster', body: { day: '2026-12-01', user_id: users.sys_admin.id }, ok: 422 }),
  'DELETE /api/v1/duty-roster/{id}': () => ({ path: '/duty-roster/987654321', ok: 404 }),
  'GET /api/v1/visits': () => ({ path: '/visits', ok: 200 }),
  'POST /api/v1/visits': () => ({ path: '/visits', body: { kind: 'reception', day: '2024-05-06', cadres: '矩阵', summary: '权限矩阵接访' }, ok: 201 }),
  'GET /api/v1/screenings': () => ({ path: '/screenings', ok: 200 }),
  'POST /api/v1/screenings': () => ({
    path: '/screenings',
    body: { period: '2026-11', matter: '矩阵', risk_level: 'low', measures: '矩阵', responsible: '矩阵', outcome: 'in_progress' },
    ok: 201,
  }),
  'POST /api/v1/screenings/{id}/outcome': () => ({ path: '/screenings/987654321/outcome', body: { outcome: 'resolved' }, ok: 404 }),
  'GET /api/v1/petition-stats': () => ({ path: '/petition-stats?year=2024', ok: 200 }),
  // An occurrence that does not hold: 409 shows the role passed the gate.
  'POST /api/v1/warnings/acknowledgements': () => ({
    path: '/warnings/acknowledgements',
    body: { petition_id: petition.id, code: 'overdue', occurrence: 'none:2000-01-01' },
    ok: 409,
  }),
  'GET /api/v1/ledgers/petitions.xlsx': () => ({
    path: '/ledgers/petitions.xlsx',
    ok: 200,
    after: async (res, allowed) => {
      if (allowed) assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    },
  }),
  'GET /api/v1/org-units': () => ({ path: '/org-units', ok: 200 }),
  'GET /api/v1/org-units/tree': () => ({ path: '/org-units/tree', ok: 200 }),
  'GET /api/v1/org-units/{id}': () => ({ path: `/org-units/${org.county.id}`, ok: 200 }),
  'POST /api/v1/org-units': () => {
    const i = next();
    const name = `权限村${i}`;
    return {
      path: '/org-units',
      body: { parent_id: org.townB.id, kind: 'village', category: 'village', name, short_name: `权${i}`, division_code: `371723101${String(300 + i).padStart(3, '0')}` },
      ok: 201,
      after: async (res, allowed) => {
        const q = await admin.get(`/org-units?q=${encodeURIComponent(name)}`);
        assert.equal(q.body.total, allowed ? 1 : 0, `unit ${name} count`);
      },
    };
  },
  'PUT /api/v1/org-units/{id}': (role, allowed) => ({
    path: `/org-units/${org.style.id}`,
    body: { parent_id: org.county.id, kind: 'department', category: 'style_supervision', name: allowed ? '党风政风监督室' : `篡改${role}`, short_name: '党风', division_code: null },
    ok: 200,
    after: async () => assert.equal((await admin.get(`/org-units/${org.style.id}`)).body.name, '党风政风监督室'),
  }),
  'DELETE /api/v1/org-units/{id}': async () => {
    const i = next();
    const r = await admin.post('/org-units', { parent_id: org.townB.id, kind: 'village', category: 'village', name: `删除村${i}`, short_name: `删${i}`, division_code: `371723101${String(600 + i).padStart(3, '0')}` });
    assert.equal(r.status, 201, `setup unit: ${r.text}`);
    return {
      path: `/org-units/${r.body.id}`,
      ok: 200,
      after: async (res, allowed) => assert.equal((await admin.get(`/org-units/${r.body.id}`)).status, allowed ? 404 : 200),
    };
  },
  'GET /api/v1/org-units/{id}/linked-townships': () => ({ path: `/org-units/${org.room1.id}/linked-townships`, ok: 200 }),
  'PUT /api/v1/org-units/{id}/linked-townships': (role, allowed) => ({
    path: `/org-units/${org.room2.id}/linked-townships`,
    body: { township_ids: allowed ? [org.townB.id] : [] },
    ok: 200,
    after: async () => {
      const r = await admin.get(`/org-units/${org.room2.id}/linked-townships`);
      assert.deepEqual(r.body.items.map((x) => x.id), [org.townB.id]);
    },
  }),
  'GET /api/v1/users': () => ({ path: '/users', ok: 200 }),
  'GET /api/v1/users/{id}': () => ({ path: `/users/${users.petition_office.id}`, ok: 200 }),
  'POST /api/v1/users': (role) => {
    const i = next();
    const username = `perm_u${i}`;
    const body =
      role === 'security_admin'
        ? { username, display_name: `新用户${i}`, org_unit_id: null, role: 'audit_admin' }
        : { username, display_name: `新用户${i}`, org_unit_id: org.petition.id, role: 'petition_office' };
    return {
      path: '/users',
      body,
      ok: 201,
      after: async (res, allowed) => {
        const q = await admin.get(`/users?q=${username}`);
        assert.equal(q.body.total, allowed ? 1 : 0, `user ${username} count`);
      },
    };
  },
  'PUT /api/v1/users/{id}': async (role, allowed) => {
    const t = await targetUser(role === 'security_admin');
    const name = allowed ? '已改名' : `篡改${role}`;
    return {
      path: `/users/${t.id}`,
      body: { username: t.username, display_name: name, org_unit_id: t.org_unit_id, role: t.role },
      ok: 200,
      after: async (res, ok) => assert.equal((await admin.get(`/users/${t.id}`)).body.display_name, ok ? '已改名' : t.display_name),
    };
  },
  'POST /api/v1/users/{id}/reset-password': async (role) => {
    const t = await targetUser(role === 'security_admin');
    return {
      path: `/users/${t.id}/reset-password`,
      ok: 200,
      after: async (res, allowed) => {
        // A proposal only: the old password works until a second administrator approves.
        assert.equal(await canLogin(t.username, 'Target-Pass-2026'), 200, 'old password after a reset proposal');
        const pending = await listAll(secadmin, '/account-requests?status=pending');
        assert.equal(pending.items.some((q) => q.user.id === t.id && q.kind === 'reset'), allowed, 'pending reset');
      },
    };
  },
  'GET /api/v1/account-requests': () => ({ path: '/account-requests', ok: 200 }),
  'POST /api/v1/account-requests/{id}/approve': async (role) => {
    const { target, proposal } = await pendingReset(role);
    return {
      path: `/account-requests/${proposal.request_id}/approve`,
      ok: 200,
      after: async (res, allowed) => {
        const whole = proposal.secret_part + (allowed ? res.body.secret_part : '');
        assert.equal(await canLogin(target.username, whole), allowed ? 200 : 401, 'the two halves log in');
        assert.equal(await canLogin(target.username, 'Target-Pass-2026'), allowed ? 401 : 200, 'old password');
      },
    };
  },
  'POST /api/v1/account-requests/{id}/reject': async (role) => {
    const { proposal } = await pendingReset(role);
    return {
      path: `/account-requests/${proposal.request_id}/reject`,
      ok: 200,
      after: async (res, allowed) => {
        const all = await listAll(secadmin, '/account-requests');
        const q = all.items.find((x) => x.id === proposal.request_id);
        assert.equal(q.status, allowed ? 'rejected' : 'pending');
      },
    };
  },
  'POST /api/v1/users/{id}/unlock': async (role) => {
    const t = await targetUser(role === 'security_admin');
    const c = new Client(ts.base);
    for (let i = 0; i < 5; i++) await c.login(t.username, `Nope-Pass-${i}x`);
    assert.equal(await canLogin(t.username, 'Target-Pass-2026'), 429, 'target not locked');
    return {
      path: `/users/${t.id}/unlock`,
      ok: 200,
      after: async (res, allowed) => assert.equal(await canLogin(t.username, 'Target-Pass-2026'), allowed ? 200 : 429, 'login after unlock attempt'),
    };
  },
  'GET /api/v1/sessions': () => ({ path: '/sessions', ok: 200 }),
  'DELETE /api/v1/sessions/{id}': async () => {
    const victim = await freshSession('trial_office');
    const all = await listAll(admin, '/sessions');
    const mine = all.items.filter((s) => s.username === users.trial_office.username).sort((a, b) => b.id - a.id);
    assert.ok(mine.length > 0, 'victim session not listed');
    return {
      path: `/sessions/${mine[0].id}`,
      ok: 200,
      after: async (res, allowed) => assert.equal((await victim.get('/auth/me')).status, allowed ? 401 : 200, 'victim session after revoke attempt'),
    };
  },
  'GET /api/v1/login-log': () => ({ path: '/login-log', ok: 200 }),
  'GET /api/v1/audit-log': () => ({ path: '/audit-log', ok: 200 }),
  'GET /api/v1/audit-log/verify': () => ({ path: '/audit-log/verify', ok: 200 }),
};

test('every table route has a request spec', () => {
  assert.deepEqual(ROUTES.map(routeKey).filter((k) => !SPECS[k]), []);
});

for (const route of ROUTES) {
  test(`matrix: ${routeKey(route)} [${route.permission}]`, async () => {
    const spec0 = SPECS[routeKey(route)];
    assert.ok(spec0, 'no spec');
    const failures = [];
    for (const role of ROLE_ORDER) {
      const allowed = route.expect[role] === 'allow';
      try {
        const spec = await spec0(role, allowed);
        const client = spec.client || clients[role];
        const res = await client.request(route.method, spec.path, spec.body !== undefined ? { body: spec.body } : {});
        if (!allowed) {
          if (res.status !== 403 || res.body?.error?.code !== 'forbidden') {
            failures.push(`${role}: expected 403 forbidden, got ${res.status} ${res.text.slice(0, 200)}`);
            continue;
          }
        } else if (res.status === 403 || (res.status === 401 && spec.ok !== 401)) {
          failures.push(`${role}: expected allowed, got ${res.status} ${res.text.slice(0, 200)}`);
          continue;
        } else if (spec.ok !== undefined && res.status !== spec.ok) {
          failures.push(`${role}: allowed but expected ${spec.ok}, got ${res.status} ${res.text.slice(0, 200)}`);
          continue;
        }
        if (spec.after) await spec.after(res, allowed);
      } catch (e) {
        failures.push(`${role}: ${e.message.split('\n')[0]}`);
      }
    }
    assert.deepEqual(failures, [], `${routeKey(route)}`);
  });
}

test('matrix: every route without a session → 401 unauthenticated (except none)', async () => {
  const anon = new Client(ts.base);
  const failures = [];
  for (const route of ROUTES) {
    if (route.permission === 'none') continue;
    const path = route.path.replace('/api/v1', '').replace('{id}', String(org.county.id));
    const hasBody = ['POST', 'PUT'].includes(route.method);
    const res = await anon.request(route.method, path, hasBody ? { body: {} } : {});
    if (res.status !== 401 || res.body?.error?.code !== 'unauthenticated') failures.push(`${routeKey(route)}: ${res.status} ${res.text.slice(0, 120)}`);
  }
  assert.deepEqual(failures, []);
});

test('matrix: permission is checked before the body is validated (forbidden + empty body → 403)', async () => {
  const failures = [];
  for (const route of ROUTES) {
    if (!['POST', 'PUT'].includes(route.method) || route.permission === 'none' || route.permission === 'session') continue;
    const path = route.path.replace('/api/v1', '').replace('{id}', String(org.townA.id));
    for (const role of ROLE_ORDER) {
      if (route.expect[role] !== 403) continue;
      const res = await clients[role].request(route.method, path, { body: {} });
      if (res.status !== 403 || res.body?.error?.code !== 'forbidden') failures.push(`${routeKey(route)} as ${role}: ${res.status} ${res.text.slice(0, 120)}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('matrix: a user who must change the password gets 403 everywhere but /auth and /ping', async () => {
  const u = await createUser(admin, { username: 'must_change', display_name: '待改密', org_unit_id: org.petition.id, role: 'petition_office' });
  const c = new Client(ts.base);
  assert.equal((await c.login('must_change', u.initial_password)).status, 200);
  const failures = [];
  for (const route of ROUTES) {
    if (route.permission === 'none' || route.path.startsWith('/api/v1/auth/')) continue;
    if (route.path === '/api/v1/dicts') continue; // not specified either way
    const path = route.path.replace('/api/v1', '').replace('{id}', String(org.county.id));
    const hasBody = ['POST', 'PUT'].includes(route.method);
    const res = await c.request(route.method, path, hasBody ? { body: {} } : {});
    const wantCode = route.expect.petition_office === 'allow' ? ['password_change_required'] : ['password_change_required', 'forbidden'];
    if (res.status !== 403 || !wantCode.includes(res.body?.error?.code)) failures.push(`${routeKey(route)}: ${res.status} ${res.text.slice(0, 120)}`);
  }
  assert.deepEqual(failures, []);
  assert.equal((await c.get('/auth/me')).status, 200, '/auth/me before the change');
});

test('matrix: business reads are scope-filtered (own vs other township)', async () => {
  // room1 is linked to A and C; township roles and the village officer belong to A.
  const scoped = new Set(['discipline_room', 'township_secretary', 'township_staff', 'village_officer']);
  const failures = [];
  for (const role of ROLE_ORDER) {
    if (ROUTES.find((r) => r.path === '/api/v1/org-units/{id}').expect[role] !== 'allow') continue;
    const c = clients[role];
    const own = await c.get(`/org-units/${org.townA.id}`);
    if (own.status !== 200) failures.push(`${role}: own township A → ${own.status}`);
    const other = await c.get(`/org-units/${org.townB.id}`);
    const wantOther = scoped.has(role) ? 404 : 200;
    if (other.status !== wantOther) failures.push(`${role}: other township B → ${other.status}, want ${wantOther}`);
    const otherVillage = await c.get(`/org-units/${org.villageB.id}`);
    if (otherVillage.status !== wantOther) failures.push(`${role}: village of B → ${otherVillage.status}, want ${wantOther}`);
    const list = await listAll(c, '/org-units?kind=township');
    const hasB = list.items.some((x) => x.id === org.townB.id);
    if (hasB === scoped.has(role)) failures.push(`${role}: list ${hasB ? 'shows' : 'hides'} township B`);
    const tree = await c.get('/org-units/tree');
    const treeHasB = tree.status === 200 && treeIds(tree.body.items).includes(org.townB.id);
    if (treeHasB === scoped.has(role)) failures.push(`${role}: tree ${treeHasB ? 'shows' : 'hides'} township B`);
  }
  assert.deepEqual(failures, []);
});

test('matrix: the documents of a case outside the scope are 404 (another township, an unlinked room)', async () => {
  // A township B case: township A's roles and room1 (linked to A and C) are outside it.
  const u = await createUser(admin, { username: 'perm_doc_secb', display_name: '乙镇书记', org_unit_id: org.townB.id, role: 'township_secretary' });
  const secB = new Client(ts.base);
  await secB.loginAndChange('perm_doc_secb', u.initial_password);
  const ks = await secB.post('/cases', caseBody('township'));
  assert.equal(ks.status, 201, ks.text);
  const failures = [];
  for (const role of ['discipline_room', 'township_secretary', 'township_staff']) {
    const c = clients[role];
    for (const [method, path, body] of [
      ['GET', `/cases/${ks.body.id}/documents`],
      ['POST', `/cases/${ks.body.id}/documents`, { kind: 'rights_notice' }],
      ['GET', `/cases/${ks.body.id}/documents/1`],
    ]) {
      const r = await c.request(method, path, body ? { body } : {});
      if (r.status !== 404) failures.push(`${role}: ${method} ${path} → ${r.status}`);
    }
  }
  assert.deepEqual(failures, []);
});
