// Cases II, the trial (审理, CA-4 item 1; GZ 54–55, SL 191–196): 提前介入 on
// the leader's decision, receipt with the file checklist (受理 / 暂缓受理 /
// 不予受理), at least two triers who did not investigate, the one-month trial
// limit from acceptance with the supplementary investigation's days not
// counted and a re-investigation restarting it, the extension with its
// approval, the report with the collective deliberation; the county's 审理室
// tries county cases, the township secretary the township's; the reasons
// and reports stay out of the audit; bad input writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { countyServer, createUser, loginNew } from './lib/fixtures.mjs';
import { TODAY, addDays } from './lib/clues.mjs';
import { act, TRIAL_FILE_ITEMS as ALL_ITEMS, addMonths, caseSteps } from './lib/cases.mjs';

let ts;
let admin;
let org;
let own; // township staff of A with own_records scope
let ownId;
const c = {};

before(async () => {
  ({ ts, admin, org } = await countyServer(c, (org) => [
    ['leader', 'county_leader', org.county],
    ['cs', 'case_supervision', org.caseSup],
    ['room1', 'discipline_room', org.room1],
    ['room1b', 'discipline_room', org.room1],
    ['secA', 'township_secretary', org.townA],
    ['staffA', 'township_staff', org.townA],
    ['staffA2', 'township_staff', org.townA],
    ['staffA3', 'township_staff', org.townA],
    ['secB', 'township_secretary', org.townB],
    ['trial', 'trial_office', org.trial],
    ['trial2', 'trial_office', org.trial],
  ], { username: (key) => `t_${key.toLowerCase()}` }));
  const u = await createUser(admin, { username: 't_own', display_name: '只看本人', org_unit_id: org.townA.id, role: 'township_staff', data_scope: 'own_records' });
  own = await loginNew(ts, 't_own', u.initial_password);
  ownId = u.user.id;
});

after(async () => {
  if (ts) await ts.stop();
});

/** The due day: `end` or, off a day off, at most 9 days later (the longest holiday). */
function assertMovedFrom(due, end, what) {
  assert.ok(due >= end && due <= addDays(end, 9), `${what}: ${due} from ${end}`);
}

const auditText = (id) => dbQuery(ts, `SELECT detail FROM audit_log WHERE entity = 'case' AND entity_id = ${id}`);

const { countyCase, transferCounty, townshipCaseAtTrial } = caseSteps(c, () => org);

test('a county case: 提前介入 on the leader\'s decision, receipt with the checklist, two triers of the 审理室, the trial limit, a supplement not counted, an extension, the report', async () => {
  let k = await countyCase('审理甲');
  // Not yet the trial office's: it does not see the case at all.
  expectError(await c.trial.get(`/cases/${k.id}`), 404, 'not_found');
  assert.ok(k.actions.includes('intervene_early') === false, 'the room does not decide 提前介入');
  const seenByLeader = (await c.leader.get(`/cases/${k.id}`)).body;
  assert.ok(seenByLeader.actions.includes('intervene_early'), JSON.stringify(seenByLeader.actions));
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'intervene_early' }), 404, 'not_found');
  k = await act(c.leader, k.id, { action: 'intervene_early' });
  assert.equal(k.trial_intervened_day, TODAY);
  expectError(await c.leader.post(`/cases/${k.id}/actions`, { action: 'intervene_early' }), 409, 'conflict', 'action');
  // From now on the 审理室 reads it, and takes no step before the transfer.
  const early = await c.trial.get(`/cases/${k.id}`);
  expectStatus(early, 200, 'trial office reads the case it joined early');
  assert.deepEqual([early.body.state, early.body.actions], ['investigating', []]);

  k = await transferCounty(k);
  assert.equal(k.state, 'transferred_to_trial');
  let t = (await c.trial.get(`/cases/${k.id}`)).body;
  assert.deepEqual(t.actions, ['accept_trial', 'defer_trial', 'refuse_trial']);
  assert.equal(t.trial_deadline, null, 'the trial limit starts with acceptance');
  // Who may try it: the 审理室's cadres, never the investigators.
  const cands = (await c.trial.get(`/cases/${k.id}/team-candidates?purpose=trial`)).body.items.map((x) => x.user_id).sort();
  assert.deepEqual(cands, [c.trial.user.id, c.trial2.user.id].sort());
  expectError(await c.trial.get(`/cases/${k.id}/team-candidates?purpose=tea`), 400, 'bad_request', 'purpose');
  // Only the trying unit acts: the room, the township, the leader cannot.
  for (const who of ['room1', 'secA', 'leader'])
    expectError(await c[who].post(`/cases/${k.id}/actions`, { action: 'accept_trial', file_items: ALL_ITEMS, triers: [c.trial.user.id, c.trial2.user.id] }), who === 'secA' ? 404 : 403, who === 'secA' ? 'not_found' : 'forbidden');

  // Receipt: the whole file and two triers who did not investigate; a refusal writes nothing.
  const bad = [
    [{ file_items: ALL_ITEMS.slice(1), triers: [c.trial.user.id, c.trial2.user.id] }, 'file_items'],
    [{ file_items: [...ALL_ITEMS, 'tea'], triers: [c.trial.user.id, c.trial2.user.id] }, 'file_items'],
    [{ file_items: ALL_ITEMS, triers: [c.trial.user.id] }, 'triers'],
    [{ file_items: ALL_ITEMS, triers: [c.trial.user.id, c.trial.user.id] }, 'triers'],
    [{ file_items: ALL_ITEMS, triers: [c.trial.user.id, c.room1.user.id] }, 'triers'],
    [{ file_items: ALL_ITEMS, triers: [c.trial.user.id, 987654321] }, 'triers'],
  ];
  for (const [b, field] of bad) expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'accept_trial', ...b }), 422, 'validation_failed', field);
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'accept_trial', file_items: 'all', triers: [] }), 422, 'validation_failed', 'file_items');
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'accept_trial', file_items: ALL_ITEMS, triers: ['x'] }), 422, 'validation_failed', 'triers');
  t = (await c.trial.get(`/cases/${k.id}`)).body;
  assert.deepEqual([t.state, t.triers, t.trial_accepted_day], ['transferred_to_trial', [], null], 'nothing written');

  // 暂缓受理: the missing items named, with a reason kept out of the audit.
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'defer_trial', reason: '缺少证据材料' }), 422, 'validation_failed', 'file_items');
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'defer_trial', file_items: ['evidence'] }), 422, 'validation_failed', 'reason');
  k = await act(c.trial, k.id, { action: 'defer_trial', file_items: ['evidence', 'person_statement'], reason: '缺少银行流水原件' });
  assert.equal(k.state, 'trial_deferred');
  assert.deepEqual(k.actions, ['accept_trial', 'refuse_trial']);
  const deferred = k.steps.at(-1);
  assert.deepEqual([deferred.action, deferred.reason], ['defer_trial', '缺少银行流水原件']);

  k = await act(c.trial, k.id, { action: 'accept_trial', file_items: ALL_ITEMS, triers: [c.trial2.user.id, c.trial.user.id] });
  assert.equal(k.state, 'in_trial');
  assert.deepEqual(k.triers.map((x) => [x.user_id, x.role]), [[c.trial2.user.id, 'lead'], [c.trial.user.id, 'member']]);
  assert.equal(k.trial_accepted_day, TODAY);
  assert.deepEqual([k.trial_deadline.limit, k.trial_deadline.start, k.trial_deadline.extensions], ['case_trial', TODAY, 0]);
  assert.match(k.trial_deadline.basis, /第一百九十四条/);
  assertMovedFrom(k.trial_deadline.due, addMonths(TODAY, 1), 'one month from acceptance');
  assert.equal(k.deadline.limit, 'case_supervision_investigation', 'the investigation limit runs until the decision (SL 185)');
  assert.deepEqual(k.actions, ['return_for_investigation', 'return_supplementary', 'extend_trial', 'report_trial']);
  // The investigators take no trial step.
  expectError(await c.room1.post(`/cases/${k.id}/actions`, { action: 'report_trial', trial_report: 'x', deliberation: 'y' }), 403, 'forbidden');

  // 退回补充审查调查: the limit stops; the investigators send the supplement back.
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'return_supplementary' }), 422, 'validation_failed', 'reason');
  k = await act(c.trial, k.id, { action: 'return_supplementary', reason: '补充调取受礼时间的证人证言' });
  assert.deepEqual([k.state, k.trial_deadline, k.actions], ['supplementary_investigation', null, []]);
  const room = (await c.room1.get(`/cases/${k.id}`)).body;
  assert.ok(room.actions.includes('resubmit_supplementary') && room.actions.includes('record_measure'), JSON.stringify(room.actions));
  // Accepted 20 days ago, returned 10 days ago: the 10 days are added when it comes back.
  dbQuery(ts, `UPDATE cases SET trial_accepted_day = '${addDays(TODAY, -20)}' WHERE id = ${k.id}`);
  dbQuery(ts, `UPDATE case_steps SET at = at - ${10 * 86400000} WHERE case_id = ${k.id} AND action = 'return_supplementary'`);
  expectError(await c.room1.post(`/cases/${k.id}/actions`, { action: 'resubmit_supplementary' }), 422, 'validation_failed', 'report');
  k = await act(c.room1, k.id, { action: 'resubmit_supplementary', report: '补充调查报告：证人证言二份' });
  assert.equal(k.state, 'in_trial');
  assert.equal(k.trial_deadline.start, addDays(TODAY, -20));
  assertMovedFrom(k.trial_deadline.due, addDays(addMonths(addDays(TODAY, -20), 1), 10), 'ten days not counted (SL 196)');
  assert.equal(k.steps.at(-1).note, '补充调查报告：证人证言二份', 'the supplementary report stays with the step');
  const before = k.trial_deadline.due;

  // 重大复杂: extended with the leader's approval, within the county's limit.
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'extend_trial', amount: 1, reason: '重大复杂' }), 422, 'validation_failed', 'approval_ref');
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'extend_trial', amount: 2, reason: '重大复杂', approval_ref: '成纪审延〔2026〕1号' }), 422, 'validation_failed', 'amount');
  k = await act(c.trial, k.id, { action: 'extend_trial', amount: 1, reason: '涉案人员多，案情重大复杂', approval_ref: '成纪审延〔2026〕1号' });
  assert.equal(k.trial_deadline.extensions, 1);
  assert.ok(k.trial_deadline.due > before, `${k.trial_deadline.due} after ${before}`);
  assert.deepEqual(k.extensions.map((e) => [e.limit, e.amount, e.approved_by]), [['case_trial_extension', 1, 'county_leader']]);
  assert.equal(k.deadline.extensions, 0, 'the trial\'s extension is not the investigation\'s');
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'extend_trial', amount: 1, reason: '再延', approval_ref: '成纪审延〔2026〕2号' }), 422, 'validation_failed', 'amount');

  // The trial limit's warnings, to those who see the case.
  dbQuery(ts, `UPDATE cases SET trial_due_day = '${addDays(TODAY, -1)}' WHERE id = ${k.id}`);
  const warned = (await c.trial.get('/case-warnings?page_size=500')).body.items.filter((w) => w.case_id === k.id);
  assert.deepEqual(warned.map((w) => [w.code, w.occurrence]), [['trial_overdue', `trial:${addDays(TODAY, -1)}`]]);
  assert.equal((await c.secB.get('/case-warnings?page_size=500')).body.items.filter((w) => w.case_id === k.id).length, 0);

  // 审理报告 and 集体审议.
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'report_trial', trial_report: '审理报告' }), 422, 'validation_failed', 'deliberation');
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'report_trial', deliberation: '审理室集体审议' }), 422, 'validation_failed', 'trial_report');
  k = await act(c.trial, k.id, { action: 'report_trial', trial_report: '审理报告：建议给予党内严重警告处分', deliberation: '2026年12月审理室集体审议，一致同意' });
  assert.deepEqual([k.state, k.trial_report, k.trial_deadline], ['trial_reported', '审理报告：建议给予党内严重警告处分', null]);
  assert.ok(k.deadline, 'the investigation limit still runs until the decision');

  // The reasons, the reports and the deliberation are case content: never audited.
  const audit = auditText(k.id);
  for (const text of ['缺少银行流水原件', '补充调取受礼时间的证人证言', '证人证言二份', '涉案人员多', '建议给予党内严重警告处分', '一致同意'])
    assert.ok(!audit.includes(text), `audit holds ${text}`);
  for (const action of ['intervene_early', 'defer_trial', 'accept_trial', 'return_supplementary', 'resubmit_supplementary', 'extend_trial', 'report_trial'])
    assert.equal(dbQuery(ts, `SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = ${k.id} AND action = '${action}'`).trim(), '1', action);
});

test('a township case: the township secretary tries it with township cadres who did not investigate; 不予受理 and 重新审查调查 restart the trial limit', async () => {
  let k = await townshipCaseAtTrial('审理乙');
  assert.deepEqual(k.actions, ['record_measure', 'request_extension', 'abscond', 'accept_trial', 'defer_trial', 'refuse_trial']);
  // The county's 审理室 reads it but does not try it; another township does not see it.
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'refuse_trial', reason: '材料不全' }), 403, 'forbidden');
  expectError(await c.secB.post(`/cases/${k.id}/actions`, { action: 'refuse_trial', reason: '材料不全' }), 404, 'not_found');
  expectError(await c.staffA2.post(`/cases/${k.id}/actions`, { action: 'refuse_trial', reason: '材料不全' }), 403, 'forbidden');
  const cands = (await c.secA.get(`/cases/${k.id}/team-candidates?purpose=trial`)).body.items.map((x) => x.user_id).sort((a, b) => a - b);
  assert.deepEqual(cands, [c.staffA2.user.id, c.staffA3.user.id, ownId].sort((a, b) => a - b), 'the investigators are not offered');
  // 审查调查人员不得参与审理 (GZ 54); the county's 审理室 is not the township's trier.
  const investigated = await c.secA.post(`/cases/${k.id}/actions`, { action: 'accept_trial', file_items: ALL_ITEMS, triers: [c.staffA2.user.id, c.staffA.user.id] });
  expectError(investigated, 422, 'validation_failed', 'triers');
  assert.match(investigated.body.error.message, /第五十四条/);
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'accept_trial', file_items: ALL_ITEMS, triers: [c.staffA2.user.id, c.trial.user.id] }), 422, 'validation_failed', 'triers');

  // 不予受理: back to the investigators, with a reason.
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'refuse_trial' }), 422, 'validation_failed', 'reason');
  k = await act(c.secA, k.id, { action: 'refuse_trial', reason: '不符合移送条件' });
  assert.equal(k.state, 'investigating');
  k = await act(c.staffA, k.id, { action: 'request_transfer' });
  k = await act(c.secA, k.id, { action: 'approve_transfer' });
  k = await act(c.secA, k.id, { action: 'accept_trial', file_items: ALL_ITEMS, triers: [c.staffA2.user.id, c.staffA3.user.id] });
  assert.deepEqual([k.state, k.trial_deadline.start], ['in_trial', TODAY]);

  // 重新审查调查: back to the investigation; the next acceptance starts the limit anew.
  dbQuery(ts, `UPDATE cases SET trial_accepted_day = '${addDays(TODAY, -25)}' WHERE id = ${k.id}`);
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'return_for_investigation' }), 422, 'validation_failed', 'reason');
  k = await act(c.secA, k.id, { action: 'return_for_investigation', reason: '主要事实不清' });
  assert.deepEqual([k.state, k.trial_accepted_day, k.trial_deadline], ['investigating', null, null]);
  k = await act(c.staffA, k.id, { action: 'request_transfer' });
  k = await act(c.secA, k.id, { action: 'approve_transfer' });
  k = await act(c.secA, k.id, { action: 'accept_trial', file_items: ALL_ITEMS, triers: [c.staffA3.user.id, c.staffA2.user.id] });
  assert.deepEqual([k.trial_deadline.start, k.triers[0].user_id], [TODAY, c.staffA3.user.id]);
  assertMovedFrom(k.trial_deadline.due, addMonths(TODAY, 1), 'restarted (SL 196)');
  assert.ok(!auditText(k.id).includes('主要事实不清'));
});

test('scope: a recused trier, an own-records user and another township neither act on the trial nor are offered as triers', async () => {
  let k = await townshipCaseAtTrial('审理丙');
  const step = { action: 'accept_trial', file_items: ALL_ITEMS, triers: [c.staffA2.user.id, c.staffA3.user.id] };
  // Another township and an own-records user of the same township: the case is not theirs (404), nothing written.
  expectError(await c.secB.post(`/cases/${k.id}/actions`, step), 404, 'not_found');
  expectError(await own.post(`/cases/${k.id}/actions`, step), 404, 'not_found');
  expectError(await c.secB.get(`/cases/${k.id}/team-candidates?purpose=trial`), 404, 'not_found');
  expectError(await own.get(`/cases/${k.id}/team-candidates?purpose=trial`), 404, 'not_found');
  // A cadre recused from the person is neither offered nor accepted as a trier.
  const rec = await c.cs.post('/recusals', { user_id: c.staffA3.user.id, person_id: k.person.person_id, relation: 'kin', reason: '系其亲属' });
  expectStatus(rec, 201, 'recusal');
  const cands = (await c.secA.get(`/cases/${k.id}/team-candidates?purpose=trial`)).body.items.map((x) => x.user_id);
  assert.deepEqual(cands.sort((a, b) => a - b), [c.staffA2.user.id, ownId].sort((a, b) => a - b), 'the recused cadre is not offered');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, step), 422, 'validation_failed', 'triers');
  // The recused cadre does not see the case at all.
  expectError(await c.staffA3.get(`/cases/${k.id}`), 404, 'not_found');
  k = (await c.secA.get(`/cases/${k.id}`)).body;
  assert.deepEqual([k.state, k.triers, k.trial_accepted_day], ['transferred_to_trial', [], null], 'nothing written');
});
