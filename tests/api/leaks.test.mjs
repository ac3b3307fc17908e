// What a cadre may not see stays unseen everywhere (issue 27 items 3–6):
// visits, screenings, monthly clue reports and collective reviews follow the
// viewer's recusals and own-records scope; links show only targets in scope;
// nobody lifts a recusal that names them; sensitive reads are audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { buildCounty, clientsPerRole, createUser, loginNew } from './lib/fixtures.mjs';

let ts;
let org;
let clients;
let users;
let own;
const shanghai = () => new Date(Date.now() + 8 * 3600e3);
const TODAY = shanghai().toISOString().slice(0, 10);
const PREV = (() => {
  const d = shanghai();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 10);
})();
const PREV_MONTH = PREV.slice(0, 7);
const X = { name: '柳回避', unit_name: '东关社区', cadre_level: 'village_cadre', party_member: true };

before(async () => {
  ts = await startServer();
  const admin = await ts.adminClient('admin');
  org = await buildCounty(admin);
  ({ clients, users } = await clientsPerRole(ts, admin, org));
  const u = await createUser(admin, { username: 'own_staff', display_name: '只看本人', org_unit_id: org.townA.id, role: 'township_staff', data_scope: 'own_records' });
  own = await loginNew(ts, 'own_staff', u.initial_password);
});

after(async () => {
  if (ts) await ts.stop();
});

test('a recused cadre sees no trace of the record: visits, screenings, report rows, review items', async () => {
  const staff = clients.township_staff;
  const sec = clients.township_secretary;
  const p = await staff.post('/petitions', { channel: 'letter', type: 'accusation', summary: '反映柳回避优亲厚友', content: '回避测试内容', category: 'mass', received_day: TODAY, persons: [X] });
  expectStatus(p, 201);
  const cl = await staff.post('/clues', { source: 'supervision', summary: '柳回避线索', content: '回避测试线索', category: 'mass', received_day: PREV, persons: [X] });
  expectStatus(cl, 201);
  const v = await staff.post('/visits', { kind: 'outreach', day: TODAY, cadres: '干事', place: '东关社区', petition_id: p.body.id, summary: '走访柳回避反映的问题', outcome: '已说明' });
  expectStatus(v, 201);
  const s = await staff.post('/screenings', { period: `${TODAY.slice(0, 4)}-Q4`, petition_id: p.body.id, matter: '柳回避低保争议', risk_level: 'low', measures: '入户', responsible: '干事', outcome: 'in_progress' });
  expectStatus(s, 201);
  const review = await staff.post('/clue-reviews', { held_day: TODAY, title: '镇线索排查会', attendees: '书记、干事', items: [{ clue_id: cl.body.id, decision: 'keep_on', note: '柳回避一事继续核实' }] });
  expectStatus(review, 201);
  // Before the recusal the secretary sees all of it.
  assert.ok((await sec.get('/visits')).body.items.some((x) => x.id === v.body.id));
  const person = (await clients.case_supervision.get(`/persons?q=${encodeURIComponent(X.name)}`)).body.items[0];
  const rec = await clients.case_supervision.post('/recusals', { user_id: users.township_secretary.id, person_id: person.id, relation: 'kin', reason: '系其表兄' });
  expectStatus(rec, 201);

  assert.ok(!(await sec.get('/visits?page_size=200')).body.items.some((x) => x.id === v.body.id), 'visit shown');
  // Visits have no detail route: the path answers 404 as a hidden record would.
  expectError(await sec.get(`/visits/${v.body.id}`, { undocumented: true }), 404, 'not_found');
  assert.ok(!(await sec.get('/screenings?page_size=200')).body.items.some((x) => x.id === s.body.id), 'screening shown');
  const live = await sec.get(`/clue-reports/live?township_id=${org.townA.id}&month=${PREV_MONTH}`);
  expectStatus(live, 200);
  assert.ok(!JSON.stringify(live.body).includes('柳回避'), 'report row of a recused clue');
  assert.ok(live.body.withheld.total >= 1);
  assert.equal(live.body.totals.new, live.body.new_clues.length + live.body.withheld.new_clues, 'totals stay the report\'s');
  const rv = await sec.get(`/clue-reviews/${review.body.id}`);
  expectStatus(rv, 200);
  assert.ok(!JSON.stringify(rv.body).includes('柳回避'), 'review item of a recused clue');
  assert.equal(rv.body.withheld, 1);
  // A colleague still sees everything.
  assert.ok((await staff.get('/visits?page_size=200')).body.items.some((x) => x.id === v.body.id));
  assert.ok((await staff.get(`/clue-reports/live?township_id=${org.townA.id}&month=${PREV_MONTH}`)).body.new_clues.some((x) => x.clue_id === cl.body.id));
  assert.equal((await staff.get(`/clue-reviews/${review.body.id}`)).body.items.length, 1);
});

test('nobody lifts a recusal that names them', async () => {
  const person = (await clients.case_supervision.get(`/persons?q=${encodeURIComponent(X.name)}`)).body.items[0];
  const rec = await clients.county_leader.post('/recusals', { user_id: users.case_supervision.id, person_id: person.id, relation: 'self', reason: '本人' });
  expectStatus(rec, 201);
  expectError(await clients.case_supervision.del(`/recusals/${rec.body.id}`), 403, 'forbidden');
  expectStatus(await clients.county_leader.del(`/recusals/${rec.body.id}`), 200);
});

test('own records: a monthly report shows only the viewer\'s rows, the others withheld and counted', async () => {
  const cl = await clients.township_staff.post('/clues', { source: 'supervision', summary: '他人登记的线索', content: '内容', category: 'mass', received_day: PREV, persons: [{ name: '某甲', unit_name: '东关社区', cadre_level: 'village_cadre' }] });
  expectStatus(cl, 201);
  assert.equal((await own.get('/clues')).body.total, 0);
  const live = await own.get(`/clue-reports/live?township_id=${org.townA.id}&month=${PREV_MONTH}`);
  expectStatus(live, 200);
  assert.deepEqual(live.body.new_clues, []);
  assert.deepEqual(live.body.earlier_open, []);
  assert.ok(!JSON.stringify(live.body).includes('他人登记的线索'));
  assert.ok(live.body.withheld.new_clues >= 1);
});

test('links show only targets in the viewer\'s scope', async () => {
  // A township visit linked to a petition the township no longer sees (here
  // marked a conflict of interest afterwards, as migration 17 does) keeps the
  // visit and drops the link.
  const p = await clients.township_staff.post('/petitions', { channel: 'letter', type: 'accusation', summary: '后来转县的信访件', content: '内容', category: 'mass', received_day: TODAY, persons: [{ name: '某丙', unit_name: '东关社区', cadre_level: 'village_cadre' }] });
  expectStatus(p, 201);
  const v = await clients.township_staff.post('/visits', { kind: 'outreach', day: TODAY, cadres: '干事', place: '东关社区', petition_id: p.body.id, summary: '走访' });
  expectStatus(v, 201);
  const before = (await clients.township_secretary.get('/visits?page_size=200')).body.items.find((x) => x.id === v.body.id);
  assert.equal(before.petition.id, p.body.id);
  dbQuery(ts, `UPDATE petitions SET conflict = 1 WHERE id = ${p.body.id}`);
  const after = (await clients.township_secretary.get('/visits?page_size=200')).body.items.find((x) => x.id === v.body.id);
  assert.ok(after, 'the visit itself stays');
  assert.equal(after.petition, null);
  // A clue about township A registered from a county petition: the township
  // sees the clue, not the link to a petition outside its scope.
  const p2 = await clients.petition_office.post('/petitions', { channel: 'letter', type: 'accusation', summary: '县里登记的信访件', content: '内容', category: 'mass', received_day: TODAY, persons: [{ name: '某乙', unit_name: '东关社区', cadre_level: 'village_cadre' }] });
  expectStatus(p2, 201);
  dbQuery(ts, `UPDATE petitions SET state = 'in_progress', handler_org_id = ${org.petition.id} WHERE id = ${p2.body.id}`);
  const cl = await clients.petition_office.post('/clues', { source: 'petition', petition_id: p2.body.id, summary: '由信访件转来的线索', content: '内容', category: 'mass', received_day: TODAY, township_id: org.townA.id, persons: [{ name: '某乙', unit_name: '东关社区', cadre_level: 'village_cadre' }] });
  expectStatus(cl, 201);
  expectError(await clients.township_secretary.get(`/petitions/${p2.body.id}`), 404, 'not_found');
  const asTown = await clients.township_secretary.get(`/clues/${cl.body.id}`);
  expectStatus(asTown, 200);
  assert.equal(asTown.body.petition_id, null);
  assert.equal(asTown.body.petition_number, null);
  const asCounty = await clients.case_supervision.get(`/clues/${cl.body.id}`);
  expectStatus(asCounty, 200);
  assert.equal(asCounty.body.petition_id, p2.body.id);
});

test('a clue lists only the cases the viewer may see', async () => {
  // The own-records user registered the clue and sees it; the case the
  // secretary filed from it is not theirs, so the clue shows no link to it.
  const cl = await own.post('/clues', { source: 'supervision', summary: '本人登记后立案的线索', content: '内容', category: 'mass', received_day: TODAY, persons: [{ name: '某丁', unit_name: '东关社区', cadre_level: 'village_cadre', party_member: true }] });
  expectStatus(cl, 201);
  const id = cl.body.id;
  const sec = clients.township_secretary;
  for (const [client, body] of [
    [clients.case_supervision, { action: 'propose_dispatch', mode: 'township', lead_org_id: org.townA.id }],
    [clients.county_leader, { action: 'approve_dispatch' }],
    [sec, { action: 'acknowledge' }],
    [sec, { action: 'propose_disposal', method: 'preliminary_verification', plan: '核查' }],
    [sec, { action: 'approve_disposal' }],
  ]) expectStatus(await client.post(`/clues/${id}/actions`, body), 200, body.action);
  expectStatus(await sec.post(`/clues/${id}/records`, { kind: 'verification_report', day: TODAY, text: '属实' }), 201);
  expectStatus(await sec.post(`/clues/${id}/actions`, { action: 'conclude', outcome: 'file_case', note: '建议立案' }), 200);
  const k = await sec.post('/cases', { source: 'from_clue', clue_id: id, person_id: cl.body.persons[0].person_id, violations: ['mass_discipline'], mode: 'township', summary: '立案' });
  expectStatus(k, 201);
  assert.deepEqual((await sec.get(`/clues/${id}`)).body.cases.map((x) => x.id), [k.body.id]);
  const mine = await own.get(`/clues/${id}`);
  expectStatus(mine, 200);
  assert.deepEqual(mine.body.cases, []);
  expectError(await own.get(`/cases/${k.body.id}`), 404, 'not_found');
});

test('sensitive reads are audited, without content', async () => {
  const p = await clients.petition_office.post('/petitions', { channel: 'letter', type: 'accusation', summary: '审计读取测试', content: '机密内容甲乙丙', category: 'mass', received_day: TODAY, persons: [] });
  expectStatus(p, 201);
  expectStatus(await clients.petition_office.get(`/petitions/${p.body.id}`), 200);
  expectStatus(await clients.petition_office.get(`/petitions/${p.body.id}/messages`), 200);
  const reads = dbQuery(ts, `SELECT action FROM audit_log WHERE entity = 'petition' AND entity_id = ${p.body.id} ORDER BY seq`);
  assert.match(reads, /read\b/);
  assert.match(reads, /read_messages/);
  assert.equal(Number(dbQuery(ts, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%机密内容%'")), 0);
});

test('account requests are the administrators\' alone: business users, own-records and recused cadres get 403', async () => {
  for (const c of [own, clients.township_secretary, clients.county_leader, clients.case_supervision]) {
    expectError(await c.get('/account-requests'), 403, 'forbidden');
    expectError(await c.post('/account-requests/1/approve', undefined), 403, 'forbidden');
    expectError(await c.post('/account-requests/1/reject', undefined), 403, 'forbidden');
  }
});
