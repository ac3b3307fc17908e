// Cases II, executing decisions (处分决定执行, issue 19 item 5, CA-7): a
// decision writes its execution tasks with their days (CF 44–45; SL 203,
// 209; 回访教育); the executing unit closes each with its evidence or extends
// it with approval (at most 6 months); an open task past its day is 打白条:
// a case warning, a red mark in the county-wide list for 案管 and a count
// per unit, and the 处分决定执行台账 (.xlsx). Another township sees none of it;
// bad input writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { countyServer, createUser, loginNew } from './lib/fixtures.mjs';
import { TODAY, addDays } from './lib/clues.mjs';
import { act, addMonths, caseSteps } from './lib/cases.mjs';
import { fetchLedger } from './lib/xlsx.mjs';

let ts;
let org;
let own; // township staff of A with own_records scope: sees only the cases it requested
const c = {};

before(async () => {
  let admin;
  ({ ts, org, admin } = await countyServer(c, (org) => [
    ['leader', 'county_leader', org.county],
    ['cs', 'case_supervision', org.caseSup],
    ['room1', 'discipline_room', org.room1],
    ['room1b', 'discipline_room', org.room1],
    ['room2', 'discipline_room', org.room2],
    ['secA', 'township_secretary', org.townA],
    ['staffA', 'township_staff', org.townA],
    ['staffA2', 'township_staff', org.townA],
    ['staffA3', 'township_staff', org.townA],
    ['secB', 'township_secretary', org.townB],
    ['trial', 'trial_office', org.trial],
    ['trial2', 'trial_office', org.trial],
  ], { username: (key) => `x_${key.toLowerCase()}` }));
  const u = await createUser(admin, { username: 'x_own', display_name: '只看本人', org_unit_id: org.townA.id, role: 'township_staff', data_scope: 'own_records' });
  own = await loginNew(ts, 'x_own', u.initial_password);
});

after(async () => {
  if (ts) await ts.stop();
});

const count = (sql) => Number(dbQuery(ts, sql).trim());
const { countyCaseReported, townshipCaseReported } = caseSteps(c, () => org);

/** Files the case `days` days ago, so a decision may be dated back. */
function filedDaysAgo(id, days) {
  dbQuery(ts, `UPDATE cases SET filed_day = '${addDays(TODAY, -days)}' WHERE id = ${id}`);
}
const task = (k, kind) => k.execution_tasks.find((t) => t.kind === kind);
const warningsOf = async (client, id) => (await client.get('/case-warnings?page_size=500')).body.items.filter((w) => w.case_id === id);
const listed = async (client, q = '') => (await client.get(`/execution-tasks?page_size=100${q}`)).body.items;

test('a township decision decided 45 days ago: its tasks, 打白条 on the announcement, the warning, the county-wide list and the count', async () => {
  let k = await townshipCaseReported('执行甲');
  filedDaysAgo(k.id, 90);
  const decidedOn = addDays(TODAY, -45);
  k = await act(c.secA, k.id, { action: 'decide', outcomes: [{ outcome: 'party_serious_warning' }], deciding_organ: 'township_commission', decided_on: decidedOn, decision_ref: '文纪发〔2026〕31号', simple_case: true });
  assert.deepEqual(k.execution_tasks.map((t) => t.kind), ['party_announce', 'party_report', 'follow_up_visit']);
  const announce = task(k, 'party_announce');
  // One month from the decision (CF 44), moved off a day off at most a holiday's length.
  assert.ok(announce.due_day >= addMonths(decidedOn, 1) && announce.due_day <= addDays(addMonths(decidedOn, 1), 9), announce.due_day);
  assert.equal(announce.status, 'overdue');
  assert.equal(announce.overdue, true);
  assert.ok(announce.days_overdue > 0);
  assert.deepEqual(announce.evidence_required, ['announce_record', 'file_receipt']);
  assert.equal(announce.unit_id, org.townA.id);
  assert.equal(announce.decision_ref, '文纪发〔2026〕31号');
  assert.match(announce.basis, /第四十四条/);
  assert.equal(announce.may_record, true);
  assert.equal(task(k, 'party_report').status, 'open');
  assert.ok(task(k, 'party_report').due_day >= addMonths(decidedOn, 6));
  // The visit within the influence period (18 months), LOCAL 6 months.
  assert.ok(task(k, 'follow_up_visit').due_day <= addMonths(decidedOn, 18));

  // 打白条: a warning for the township and the county, none for another township.
  const w = (await warningsOf(c.secA, k.id)).filter((x) => x.code === 'execution_overdue');
  assert.equal(w.length, 1, JSON.stringify(w));
  assert.equal(w[0].occurrence, `execution:${announce.id}:${announce.due_day}`);
  assert.match(w[0].message, /打白条/);
  assert.equal((await warningsOf(c.cs, k.id)).filter((x) => x.code === 'execution_overdue').length, 1);
  assert.equal((await warningsOf(c.secB, k.id)).length, 0);

  // The county-wide list of overdue tasks: 案管, the leader and the linked room see it; township B does not.
  for (const who of ['cs', 'leader', 'room1']) {
    const rows = await listed(c[who], '&status=overdue');
    const row = rows.find((t) => t.id === announce.id);
    assert.ok(row, `${who} sees the overdue task`);
    assert.equal(row.case_number, k.number);
    assert.equal(row.person_name, '执行甲');
    assert.equal(row.township_name, '文亭街道');
    assert.equal(row.overdue, true);
    assert.equal(row.may_record, false, `${who} does not record a township's execution`);
  }
  assert.equal((await listed(c.room2, '&status=overdue')).filter((t) => t.case_id === k.id).length, 0);
  assert.equal((await listed(c.secB)).filter((t) => t.case_id === k.id).length, 0);
  assert.ok((await listed(c.staffA, '&status=overdue')).find((t) => t.id === announce.id).may_record);
  // A cadre of the township recused from the person (回避) sees none of it and cannot close it.
  expectStatus(await c.cs.post('/recusals', { user_id: c.staffA3.user.id, person_id: k.person.person_id, relation: 'kin', reason: '系其亲属' }), 201, 'recusal');
  assert.equal((await listed(c.staffA3)).filter((t) => t.case_id === k.id).length, 0, 'recused: not listed');
  assert.equal((await warningsOf(c.staffA3, k.id)).length, 0, 'recused: no warning');
  const summaryOf = async (client) => (await client.get('/execution-tasks/summary')).body.items.filter((u) => u.unit_id === org.townA.id);
  // The recused cadre and an own-records user of the same township: nothing listed, counted or exported.
  for (const [who, client] of [['recused', c.staffA3], ['own records', own]]) {
    assert.equal((await listed(client, '&status=overdue')).filter((t) => t.case_id === k.id).length, 0, `${who}: not listed`);
    const mine = await summaryOf(client);
    assert.ok(mine.every((u) => u.overdue === 0), `${who}: not counted ${JSON.stringify(mine)}`);
    assert.equal((await fetchLedger(client, 'execution')).data.filter((r) => r[1] === k.number).length, 0, `${who}: not in the ledger`);
  }
  assert.equal((await warningsOf(own, k.id)).length, 0, 'own records: no warning');
  // Open lists the soonest first; filters by unit and kind.
  const open = await listed(c.cs, `&status=open&unit_id=${org.townA.id}`);
  assert.deepEqual(open.map((t) => t.due_day), [...open.map((t) => t.due_day)].sort());
  assert.ok(open.every((t) => t.unit_id === org.townA.id));
  assert.ok((await listed(c.cs, '&kind=follow_up_visit')).every((t) => t.kind === 'follow_up_visit'));
  expectError(await c.cs.get('/execution-tasks?status=late'), 400, 'bad_request', 'status');
  expectError(await c.cs.get('/execution-tasks?kind=party'), 400, 'bad_request', 'kind');
  // The count per unit.
  const sum = (await c.cs.get('/execution-tasks/summary')).body.items.find((u) => u.unit_id === org.townA.id);
  assert.ok(sum.overdue >= 1 && sum.open >= 3, JSON.stringify(sum));
  assert.equal((await c.secB.get('/execution-tasks/summary')).body.items.filter((u) => u.unit_id === org.townA.id).length, 0);

  // Who closes: the township's own cadres; another township 404; the county offices 403.
  const path = `/cases/${k.id}/execution-tasks/${announce.id}/close`;
  const good = { done_on: addDays(TODAY, -2), evidence: [{ kind: 'announce_record', ref: '宣布记录（本人签字）' }, { kind: 'file_receipt', ref: '档案室回执第12号' }] };
  expectError(await c.secB.post(path, good), 404, 'not_found');
  expectError(await c.cs.post(path, good), 403, 'forbidden');
  expectError(await c.room1.post(path, good), 403, 'forbidden');
  expectError(await c.trial.post(path, good), 403, 'forbidden');
  expectError(await c.staffA3.post(path, good), 404, 'not_found');
  expectError(await own.post(path, good), 404, 'not_found');
  expectError(await own.post(`/cases/${k.id}/execution-tasks/${announce.id}/extend`, { due_day: addDays(TODAY, 10), approval_ref: '批' }), 404, 'not_found');
  expectError(await c.staffA3.post(`/cases/${k.id}/execution-tasks/${announce.id}/extend`, { due_day: addDays(TODAY, 10), approval_ref: '批' }), 404, 'not_found');
  expectError(await c.secB.post(`/cases/${k.id}/execution-tasks/${announce.id}/extend`, { due_day: addDays(TODAY, 10), approval_ref: '批' }), 404, 'not_found');
  // Bad input: each a 422 naming the field; nothing written.
  const bad = [
    [{ ...good, evidence: [] }, 'evidence', /宣布记录.*归档回执/],
    [{ ...good, evidence: [good.evidence[0]] }, 'evidence', /归档回执/],
    [{ ...good, done_on: addDays(decidedOn, -1) }, 'done_on', /早于/],
    [{ ...good, done_on: addDays(TODAY, 1) }, 'done_on', /晚于今天/],
    [{ evidence: good.evidence }, 'done_on', /完成日期/],
    [{ ...good, done_on: '2026-13-01' }, 'done_on', /日期/],
    [{ ...good, evidence: [{ kind: 'visit_record', ref: 'x' }, good.evidence[1]] }, 'evidence[0].kind', /不需要/],
    [{ ...good, evidence: [{ kind: 'announce_record', ref: ' ' }, good.evidence[1]] }, 'evidence[0].ref', /文号或说明/],
  ];
  for (const [body, field, msg] of bad) {
    const r = await c.staffA.post(path, body);
    expectError(r, 422, 'validation_failed', field);
    assert.match(r.body.error.message, msg);
  }
  expectError(await c.staffA.post(path, { ...good, evidence: 'x' }), 422, 'validation_failed', 'evidence');
  expectError(await c.staffA.post(path, { ...good, extra: 1 }), 422, 'validation_failed', 'extra');
  assert.equal(count(`SELECT COUNT(*) FROM case_execution_tasks WHERE id = ${announce.id} AND closed_on IS NOT NULL`), 0);
  // Announcing cannot be extended.
  expectError(await c.staffA.post(`/cases/${k.id}/execution-tasks/${announce.id}/extend`, { due_day: addDays(TODAY, 10), approval_ref: '批' }), 422, 'validation_failed', 'due_day');

  const r = await c.staffA.post(path, good);
  expectStatus(r, 200, 'close');
  assert.equal(r.body.status, 'done_late');
  assert.equal(r.body.closed_on, good.done_on);
  assert.ok(r.body.days_overdue > 0);
  assert.deepEqual(r.body.evidence.map((e) => [e.kind, e.ref]), [['announce_record', '宣布记录（本人签字）'], ['file_receipt', '档案室回执第12号']]);
  assert.equal(r.body.may_record, false);
  expectError(await c.staffA.post(path, good), 409, 'conflict');
  // The warning is gone; the audit names the task and the day, not the evidence.
  assert.equal((await warningsOf(c.secA, k.id)).filter((x) => x.code === 'execution_overdue').length, 0);
  const audit = dbQuery(ts, `SELECT detail FROM audit_log WHERE entity = 'case' AND entity_id = ${k.id} AND action = 'close_execution_task'`);
  assert.match(audit, /party_announce/);
  assert.doesNotMatch(audit, /档案室回执/);
  const after = (await c.cs.get('/execution-tasks/summary')).body.items.find((u) => u.unit_id === org.townA.id);
  assert.equal(after.closed_late, sum.closed_late + 1);
  assert.equal(after.overdue, sum.overdue - 1);
});

test('a county decision: post and pay, delivery and execution, recovery; the room that led it extends with approval up to six months', async () => {
  let k = await countyCaseReported('执行乙');
  filedDaysAgo(k.id, 60);
  const decidedOn = addDays(TODAY, -5);
  k = await act(c.leader, k.id, {
    action: 'decide', deciding_organ: 'county_commission', decided_on: decidedOn, decision_ref: '成纪发〔2026〕41号', recovery_amount: 52000,
    outcomes: [{ outcome: 'party_probation', period: 1 }, { outcome: 'gov_demerit', deciding_organ: 'county_supervision' }],
  });
  assert.deepEqual(k.execution_tasks.map((t) => t.kind), ['party_announce', 'party_post_pay', 'gov_delivery', 'gov_execute', 'recovery', 'party_report', 'follow_up_visit']);
  assert.ok(k.execution_tasks.every((t) => t.unit_id === org.room1.id && t.status !== 'overdue'));
  assert.equal(task(k, 'recovery').amount, 52000);
  const exec = task(k, 'gov_execute');
  assert.ok(exec.max_due_day >= addMonths(decidedOn, 6) && exec.max_due_day <= addDays(addMonths(decidedOn, 6), 9), exec.max_due_day);
  assert.equal(task(k, 'party_announce').max_due_day, null);
  // The township does not see a county case; the room leading it and 案管 record.
  const ext = `/cases/${k.id}/execution-tasks/${exec.id}/extend`;
  expectError(await c.secA.post(ext, { due_day: addMonths(decidedOn, 3), approval_ref: '成监批〔2026〕2号' }), 404, 'not_found');
  expectError(await c.room2.post(ext, { due_day: addMonths(decidedOn, 3), approval_ref: '成监批〔2026〕2号' }), 404, 'not_found');
  expectError(await c.room1.post(ext, { due_day: addDays(exec.max_due_day, 1), approval_ref: '成监批〔2026〕2号' }), 422, 'validation_failed', 'due_day');
  expectError(await c.room1.post(ext, { due_day: addMonths(decidedOn, 3) }), 422, 'validation_failed', 'approval_ref');
  expectError(await c.room1.post(ext, { due_day: exec.due_day, approval_ref: 'x' }), 422, 'validation_failed', 'due_day');
  const r = await c.room1.post(ext, { due_day: addMonths(decidedOn, 3), approval_ref: '成监批〔2026〕2号' });
  expectStatus(r, 200, 'extend');
  assert.equal(r.body.due_day, addMonths(decidedOn, 3));
  assert.equal(r.body.extension_ref, '成监批〔2026〕2号');
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = ${k.id} AND action = 'extend_execution_task'`), 1);
  // 案管 closes the recovery with its receipt; the 审理室 reads but does not record.
  const rec = task(k, 'recovery');
  expectError(await c.trial.post(`/cases/${k.id}/execution-tasks/${rec.id}/close`, { done_on: TODAY, evidence: [{ kind: 'recovery_receipt', ref: '收据 0012' }] }), 403, 'forbidden');
  const closed = await c.cs.post(`/cases/${k.id}/execution-tasks/${rec.id}/close`, { done_on: TODAY, evidence: [{ kind: 'recovery_receipt', ref: '收据 0012', note: '全额退缴' }] });
  expectStatus(closed, 200, 'close recovery');
  assert.equal(closed.body.status, 'done');
  assert.equal(closed.body.evidence[0].note, '全额退缴');
  const seen = await c.trial.get(`/cases/${k.id}`);
  assert.equal(seen.body.execution_tasks.length, 7);
  assert.ok(seen.body.execution_tasks.every((t) => !t.may_record));
  // A decision ordering no recovery and a first-form measure create no tasks of their own.
  expectError(await c.leader.post(`/cases/${k.id}/actions`, { action: 'decide' }), 409, 'conflict');
});

test('a decision with recovery_amount out of range or of the wrong type writes nothing', async () => {
  const k = await townshipCaseReported('执行丙');
  const body = { action: 'decide', outcomes: [{ outcome: 'party_warning' }], deciding_organ: 'township_commission', decided_on: TODAY, decision_ref: '文纪发〔2026〕51号', simple_case: true };
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { ...body, recovery_amount: 0 }), 422, 'validation_failed', 'recovery_amount');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { ...body, recovery_amount: '5000' }), 422, 'validation_failed', 'recovery_amount');
  assert.equal(count(`SELECT COUNT(*) FROM case_execution_tasks WHERE case_id = ${k.id}`), 0);
  assert.equal(count(`SELECT COUNT(*) FROM case_decisions WHERE case_id = ${k.id}`), 0);
  const done = await act(c.secA, k.id, body);
  assert.deepEqual(done.execution_tasks.map((t) => [t.kind, t.status]), [['party_announce', 'open'], ['party_report', 'open'], ['follow_up_visit', 'open']]);
});

test('the 处分决定执行台账: the decided cases of the scope with each task\'s state, 打白条 named; as .xlsx, audited', async () => {
  const ledger = (client, query = '') => fetchLedger(client, 'execution', query);
  // A township decision 40 days ago whose announcement nobody recorded.
  let k = await townshipCaseReported('执行丁');
  filedDaysAgo(k.id, 80);
  const decidedOn = addDays(TODAY, -40);
  k = await act(c.secA, k.id, { action: 'decide', outcomes: [{ outcome: 'party_warning' }], deciding_organ: 'township_commission', decided_on: decidedOn, decision_ref: '文纪发〔2026〕61号', simple_case: true });
  const x = await ledger(c.cs);
  assert.equal(x.status, 200);
  assert.match(x.title, /处分决定执行台账/);
  assert.deepEqual(x.header, ['序号', '案件编号', '被处分人', '单位及职务', '处分决定文号', '决定日期', '处理结果（影响期至）', '执行单位', '宣布并归档', '职务、工资待遇变更', '政务处分送达宣布', '政务处分或组织处理执行', '追缴退赔', '执行情况报告', '回访教育', '打白条']);
  assert.equal(Number(x.count), x.data.length);
  const row = x.data.find((r) => r[1] === k.number);
  assert.ok(row, 'the decided case is a row');
  assert.equal(row[2], '执行丁');
  assert.equal(row[4], '文纪发〔2026〕61号');
  assert.equal(row[5], decidedOn);
  assert.match(row[6], /^警告（至 \d{4}-\d{2}-\d{2}）$/);
  assert.equal(row[7], '文亭街道');
  assert.match(row[8], /^打白条：应于 \d{4}-\d{2}-\d{2} 前，已逾期 \d+ 天$/);
  assert.equal(row[9], '—', 'no post or pay change for 警告');
  assert.match(row[13], /^应于 /);
  assert.equal(row[15], '1 项');
  // The county case of the earlier test: its recovery with its amount, done.
  assert.ok(x.data.some((r) => /^已完成 .*（52000 元）$/.test(r[12])), 'the recovery closed with its amount');
  // By year and unit; another township sees none of township A's; a bad year is 400.
  assert.ok((await ledger(c.cs, `?unit_id=${org.townA.id}`)).data.every((r) => r[7] === '文亭街道'));
  assert.deepEqual((await ledger(c.cs, '?year=2019')).data, []);
  assert.equal((await ledger(c.secB)).data.filter((r) => r[1] === k.number).length, 0);
  assert.ok((await ledger(c.secA)).data.some((r) => r[1] === k.number));
  expectError(await c.cs.get('/ledgers/execution.xlsx?year=19'), 400, 'bad_request', 'year');
  assert.ok(count("SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND detail LIKE '%execution%'") >= 1, 'audited');
});
