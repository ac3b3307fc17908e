// Monthly clue reports (线索月报, feature `clue_reports`: /clue-reports):
// submitted once by the township secretary, returned and submitted again,
// acknowledged by case supervision, frozen at submission and compared with
// the live records; the deadline on the 20th of the next month; the warning
// of a missing report; the report ledger.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { countyServer,  } from './lib/fixtures.mjs';
import { TODAY, PREV_MONTH, THIS_MONTH, clue, act, clueUsername } from './lib/clues.mjs';

let ts;
let admin;
let org;
const c = {};

before(async () => {
  ({ ts, admin, org } = await countyServer(c, (org) => [
    ['cs', 'case_supervision', org.caseSup],
    ['secA', 'township_secretary', org.townA],
    ['staffA', 'township_staff', org.townA],
    ['secB', 'township_secretary', org.townB],
  ], { username: clueUsername }));
});

after(async () => {
  if (ts) await ts.stop();
});

test('monthly report: submitted once, returned and submitted again, acknowledged, frozen, compared with the live records', async () => {
  const first = `${PREV_MONTH}-01`;
  const id = (await c.secA.post('/clues', clue({ summary: '上月线索', received_day: first }))).body.id;
  const live = await c.secA.get(`/clue-reports/live?township_id=${org.townA.id}&month=${PREV_MONTH}`);
  expectStatus(live, 200);
  assert.ok(live.body.new_clues.some((x) => x.clue_id === id));
  expectError(await c.secA.get(`/clue-reports/live?township_id=${org.townB.id}&month=${PREV_MONTH}`), 422, 'validation_failed', 'township_id');

  expectError(await c.secA.post('/clue-reports', { township_id: org.townA.id, month: THIS_MONTH }), 422, 'validation_failed', 'month');
  expectError(await c.secA.post('/clue-reports', { township_id: org.townA.id, month: '2026-13' }), 422, 'validation_failed', 'month');
  expectError(await c.secA.post('/clue-reports', { township_id: org.townB.id, month: PREV_MONTH }), 403, 'forbidden');
  expectError(await c.staffA.post('/clue-reports', { township_id: org.townA.id, month: PREV_MONTH }), 403, 'forbidden');
  const sub = await c.secA.post('/clue-reports', { township_id: org.townA.id, month: PREV_MONTH, note: '本月如实报送' });
  expectStatus(sub, 201);
  const rid = sub.body.id;
  assert.deepEqual([sub.body.status, sub.body.version], ['submitted', 1]);
  assert.equal(sub.body.late, TODAY > sub.body.deadline_day);
  assert.deepEqual(sub.body.changes, []);
  expectError(await c.secA.post('/clue-reports', { township_id: org.townA.id, month: PREV_MONTH }), 409, 'conflict', 'month');

  expectError(await c.secA.post(`/clue-reports/${rid}/acknowledge`, {}), 403, 'forbidden');
  expectError(await c.cs.post(`/clue-reports/${rid}/return`, {}), 422, 'validation_failed', 'reason');
  let r = await c.cs.post(`/clue-reports/${rid}/return`, { reason: '漏报一条线索的办理进展' });
  assert.deepEqual([r.body.status, r.body.return_reason], ['returned', '漏报一条线索的办理进展']);
  expectError(await c.cs.post(`/clue-reports/${rid}/acknowledge`, {}), 409, 'conflict');
  r = await c.secA.post('/clue-reports', { township_id: org.townA.id, month: PREV_MONTH });
  assert.deepEqual([r.body.id, r.body.status, r.body.version], [rid, 'submitted', 2]);
  r = await c.cs.post(`/clue-reports/${rid}/acknowledge`, {});
  assert.equal(r.body.status, 'acknowledged');
  assert.equal(r.body.acknowledged_by_name, '用户cs');
  expectError(await c.cs.post(`/clue-reports/${rid}/acknowledge`, {}), 409, 'conflict');

  // Later work changes the live data, not the report.
  await act(c.cs, id, { action: 'propose_dispatch', mode: 'township', lead_org_id: org.townA.id });
  const d = await c.cs.get(`/clue-reports/${rid}`);
  const row = d.body.snapshot.new_clues.find((x) => x.clue_id === id);
  assert.equal(row.state, 'registered', 'frozen');
  assert.ok(d.body.changes.some((x) => x.clue_id === id && x.field === 'state' && x.submitted === 'registered' && x.now === 'dispatch_proposed'), JSON.stringify(d.body.changes));
  expectStatus(await c.secB.get(`/clue-reports/${rid}`), 404);

  // The month's list: every township of the scope that existed in the month
  // (B and C made a year earlier; a township made today owed no report then).
  dbQuery(ts, `UPDATE org_units SET created_at = created_at - ${400 * 86400000} WHERE id IN (${org.townB.id}, ${org.townC.id})`);
  const list = await c.cs.get(`/clue-reports?month=${PREV_MONTH}`);
  assert.deepEqual(new Set(list.body.items.map((x) => x.township_id)), new Set([org.townA.id, org.townB.id, org.townC.id]));
  const b = list.body.items.find((x) => x.township_id === org.townB.id);
  assert.deepEqual([b.status, b.overdue], ['not_submitted', TODAY > list.body.deadline_day]);
  assert.deepEqual((await c.secA.get(`/clue-reports?month=${PREV_MONTH}`)).body.items.map((x) => x.township_id), [org.townA.id]);
  // Township B existed in that month, so its missing report is late.
  const w = await c.secB.get('/clue-warnings');
  const late = w.body.items.filter((x) => x.code === 'clue_report_overdue' && x.month === PREV_MONTH);
  assert.equal(late.length, TODAY > list.body.deadline_day ? 1 : 0, 'the township is warned when late');
  assert.ok(!(await c.secA.get('/clue-warnings')).body.items.some((x) => x.code === 'clue_report_overdue' && x.month === PREV_MONTH), 'no warning after submission');

  const x = await c.cs.get(`/ledgers/clue-reports.xlsx?month=${PREV_MONTH}`);
  expectStatus(x, 200);
  assert.equal(x.headers.get('x-row-count'), String(list.body.items.length));
});

test('the deadline is the 20th of the next month, moved off weekends and holidays', async () => {
  for (const [month, due] of [['2026-10', '2026-11-20'], ['2026-05', '2026-06-22'], ['2026-01', '2026-02-24'], ['2026-08', '2026-09-20']]) {
    const r = await c.cs.get(`/clue-reports?month=${month}`);
    assert.equal(r.body.deadline_day, due, month);
  }
  expectError(await c.cs.get('/clue-reports?month=2026-1'), 400, 'bad_request', 'month');
  expectError(await c.cs.get('/clue-reports'), 400, 'bad_request', 'month');
});
