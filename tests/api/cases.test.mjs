// Cases I (CA-1): the filing request from a clue that proposed filing or
// with its own source, the approval chain and the gapless number it then
// gets, the investigation clock, the team rule, the measures log (留置 with
// the higher organ's approval), extensions within their statutory maximum,
// the transfer to trial, dismissal, the scope (another township, an unlinked room, a recused
// cadre, an own-records user, the administrators) and bad input that
// writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { countyServer, createUser, loginNew } from './lib/fixtures.mjs';
import { YEAR, TODAY, addDays, villager, clue, act as clueAct } from './lib/clues.mjs';

let ts;
let admin;
let org;
let own; // township staff of A with own_records scope
let ownId;
const c = {};

before(async () => {
  ({ ts, admin, org } = await countyServer(c, (org) => [
    ['cs', 'case_supervision', org.caseSup],
    ['leader', 'county_leader', org.county],
    ['room1', 'discipline_room', org.room1],
    ['room1b', 'discipline_room', org.room1],
    ['room2', 'discipline_room', org.room2],
    ['secA', 'township_secretary', org.townA],
    ['staffA', 'township_staff', org.townA],
    ['staffA2', 'township_staff', org.townA],
    ['secB', 'township_secretary', org.townB],
    ['trial', 'trial_office', org.trial],
  ], { username: (key) => `k_${key.toLowerCase()}` }));
  const u = await createUser(admin, { username: 'k_own', display_name: '只看本人', org_unit_id: org.townA.id, role: 'township_staff', data_scope: 'own_records' });
  own = await loginNew(ts, 'k_own', u.initial_password);
  ownId = u.user.id;
});

after(async () => {
  if (ts) await ts.stop();
});

const count = async () => Number((await dbQuery(ts, 'SELECT COUNT(*) FROM cases')).trim());

/** POST a case action, asserting the status; returns the body. */
async function act(client, id, body, status = 200) {
  const r = await client.post(`/cases/${id}/actions`, body);
  expectStatus(r, status, body.action);
  return r.body;
}

/** A township A clue whose preliminary verification concluded with the proposal to file. */
async function clueProposingFiling(summary, persons = [villager()]) {
  const id = (await c.secA.post('/clues', clue({ summary, persons }))).body.id;
  await clueAct(c.cs, id, { action: 'propose_dispatch', mode: 'township', lead_org_id: org.townA.id });
  await clueAct(c.leader, id, { action: 'approve_dispatch' });
  await clueAct(c.secA, id, { action: 'acknowledge' });
  await clueAct(c.secA, id, { action: 'propose_disposal', method: 'preliminary_verification', plan: '调取账目' });
  await clueAct(c.secA, id, { action: 'approve_disposal' });
  expectStatus(await c.secA.post(`/clues/${id}/records`, { kind: 'verification_report', day: TODAY, text: '初核报告：问题属实' }), 201);
  return clueAct(c.secA, id, { action: 'conclude', outcome: 'file_case', note: '建议立案审查' });
}

const direct = (over = {}) => ({
  source: 'found_in_supervision',
  source_ref: '2026年第三季度集体资金专项检查',
  violations: ['mass_discipline'],
  mode: 'township',
  summary: '侵占集体资金2万元',
  person: villager({ name: '钱有才', post: '村会计' }),
  ...over,
});

/** A township A case filed directly and approved along the township chain; returns the case. */
async function filedTownshipCase(over = {}) {
  const r = await c.secA.post('/cases', direct(over));
  expectStatus(r, 201, 'file');
  await act(c.secA, r.body.id, { action: 'approve_filing' });
  return act(c.secA, r.body.id, { action: 'approve_filing', approval_ref: '文党〔2026〕1号' });
}

test('a clue that proposed filing becomes a township case: the chain, the number, the clock, the link both ways', async () => {
  const cl = await clueProposingFiling('东关社区主任侵占集体资金');
  assert.equal(cl.state, 'filed');
  const personId = cl.persons[0].person_id;
  const before = await count();
  const r = await c.staffA.post('/cases', { source: 'from_clue', clue_id: cl.id, person_id: personId, violations: ['mass_discipline', 'integrity_discipline'], mode: 'township', summary: '经初核，侵占集体资金属实' });
  expectStatus(r, 201, 'file from clue');
  let k = r.body;
  assert.deepEqual([k.state, k.number, k.source, k.clue_id, k.clue_number, k.mode, k.regime], ['filing_requested', null, 'from_clue', cl.id, cl.number, 'township', 'party_discipline']);
  assert.deepEqual([k.person.name, k.person.cadre_level, k.person.party_member], ['赵永福', 'village_cadre', true]);
  // The list links the clue too (its visibility looked up once per page).
  const row = (await c.staffA.get('/cases?page_size=100')).body.items.find((x) => x.id === k.id);
  assert.deepEqual([row.clue_id, row.clue_number], [cl.id, cl.number]);
  assert.deepEqual(k.violations, ['mass_discipline', 'integrity_discipline']);
  assert.deepEqual([k.lead_org_id, k.township_id, k.lead_org_name], [org.townA.id, org.townA.id, '文亭街道']);
  assert.deepEqual([k.approvals.needed, k.approvals.done, k.approvals.next], [['township_secretary', 'township_party_committee'], 0, 'township_secretary']);
  assert.match(k.approvals.basis, /第三十七条/);
  assert.equal(k.deadline, null, 'no clock before filing');
  assert.deepEqual(k.steps.map((s) => s.action), ['request_filing']);
  assert.equal(await count(), before + 1);
  // The clue shows its case; the same person is not filed twice.
  assert.deepEqual((await c.secA.get(`/clues/${cl.id}`)).body.cases, [{ id: k.id, number: null, state: 'filing_requested' }]);
  expectError(await c.secA.post('/cases', { source: 'from_clue', clue_id: cl.id, person_id: personId, violations: ['mass_discipline'], mode: 'township', summary: '再次' }), 409, 'conflict', 'person_id');

  // The chain: the township secretary, then the party committee's approval recorded with its document.
  assert.deepEqual((await c.secA.get(`/cases/${k.id}`)).body.actions, ['approve_filing', 'refuse_filing']);
  assert.deepEqual((await c.staffA.get(`/cases/${k.id}`)).body.actions, []);
  expectError(await c.staffA.post(`/cases/${k.id}/actions`, { action: 'approve_filing' }), 403, 'forbidden');
  expectError(await c.leader.post(`/cases/${k.id}/actions`, { action: 'approve_filing' }), 403, 'forbidden');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'start_investigation', plan: 'x', team: [c.secA.user.id, c.staffA.user.id] }), 409, 'conflict', 'action');
  k = await act(c.secA, k.id, { action: 'approve_filing' });
  assert.deepEqual([k.state, k.approvals.done, k.approvals.next, k.number], ['filing_requested', 1, 'township_party_committee', null]);
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'approve_filing' }), 422, 'validation_failed', 'approval_ref');
  k = await act(c.secA, k.id, { action: 'approve_filing', approval_ref: '文党〔2026〕7号' });
  assert.equal(k.state, 'filed');
  assert.match(k.number, new RegExp(`^文亭案〔${YEAR}〕\\d{4}号$`));
  assert.deepEqual([k.filed_day, k.year], [TODAY, YEAR]);
  // Party-only: the county's limit (LOCAL, 90 days), moved off a day off.
  assert.equal(k.deadline.limit, 'case_party_investigation');
  assert.equal(k.deadline.start, TODAY);
  assert.ok(k.deadline.due >= addDays(TODAY, 90) && k.deadline.due <= addDays(TODAY, 100), k.deadline.due);
  assert.equal(k.deadline.local, true);
  assert.deepEqual(k.steps.map((s) => s.action), ['request_filing', 'approve_filing', 'approve_filing']);
  assert.equal(k.steps[2].detail.approval_ref, '文党〔2026〕7号');
  assert.deepEqual((await c.secA.get(`/clues/${cl.id}`)).body.cases, [{ id: k.id, number: k.number, state: 'filed' }]);

  // A clue whose verification did not propose filing.
  const open = (await c.secA.post('/clues', clue({ summary: '尚未核实的线索' }))).body;
  expectError(await c.secA.post('/cases', { source: 'from_clue', clue_id: open.id, person_id: open.persons[0].person_id, violations: ['mass_discipline'], mode: 'township', summary: '立案' }), 409, 'conflict', 'clue_id');
  // A person the clue does not name.
  const other = await clueProposingFiling('另一线索', [villager({ name: '孙二', post: '村委委员' })]);
  expectError(await c.secA.post('/cases', { source: 'from_clue', clue_id: other.id, person_id: personId, violations: ['mass_discipline'], mode: 'township', summary: '立案' }), 422, 'validation_failed', 'person_id');
});

test('numbers are gapless per organisation and year: a refused filing takes none; the county numbers its own', async () => {
  const first = await filedTownshipCase({ person: villager({ name: '编号甲' }) });
  const seq = (n) => Number(/〔\d{4}〕(\d{4})号/.exec(n)[1]);
  const refused = (await c.secA.post('/cases', direct({ person: villager({ name: '编号乙' }) }))).body;
  expectError(await c.secA.post(`/cases/${refused.id}/actions`, { action: 'refuse_filing' }), 422, 'validation_failed', 'reason');
  const x = await act(c.secA, refused.id, { action: 'refuse_filing', reason: '证据不足，不予立案' });
  assert.deepEqual([x.state, x.number, x.actions], ['filing_refused', null, []]);
  const second = await filedTownshipCase({ person: villager({ name: '编号丙' }) });
  assert.equal(seq(second.number), seq(first.number) + 1, `${first.number} then ${second.number}`);
  const rows = dbQuery(ts, `SELECT seq FROM cases WHERE number_org_id = ${org.townA.id} AND seq IS NOT NULL ORDER BY seq`).trim().split('\n').map(Number);
  assert.deepEqual(rows, rows.map((_, i) => i + 1), 'gapless from 1');
});

test('a county case under 监察: the county chain, 留置 only with the higher organ\'s approval, extensions within SL 185', async () => {
  const official = { name: '李主任', unit_name: '成武县农业农村局', post: '科员', cadre_level: 'general_cadre', party_member: true, public_official: true, county_department: true };
  const body = { source: 'transferred', source_organ: '成武县审计局', source_ref: '成审移〔2026〕2号', supervised_category: 'civil_servant', violations: ['integrity_discipline', 'duty_illegality'], mode: 'county_led', township_id: org.townA.id, summary: '利用职务便利收受财物', person: official };
  expectError(await c.secA.post('/cases', { ...body, mode: 'township', township_id: undefined }), 422, 'validation_failed', 'mode');
  const r = await c.room1.post('/cases', body);
  expectStatus(r, 201);
  let k = r.body;
  assert.deepEqual([k.regime, k.lead_org_id, k.approvals.needed], ['both', org.room1.id, ['discipline_room', 'county_leader', 'county_party_committee']]);
  k = await act(c.room1, k.id, { action: 'approve_filing' });
  expectError(await c.room1.post(`/cases/${k.id}/actions`, { action: 'approve_filing' }), 403, 'forbidden');
  k = await act(c.leader, k.id, { action: 'approve_filing' });
  expectError(await c.leader.post(`/cases/${k.id}/actions`, { action: 'approve_filing' }), 422, 'validation_failed', 'approval_ref');
  k = await act(c.leader, k.id, { action: 'approve_filing', approval_ref: '成委〔2026〕12号' });
  assert.match(k.number, new RegExp(`^成纪案〔${YEAR}〕0001号$`));
  assert.equal(k.deadline.limit, 'case_supervision_investigation');
  assert.match(k.deadline.basis, /第一百八十五条/);
  assert.ok(k.deadline.due >= addDays(TODAY, 365) && k.deadline.due <= addDays(TODAY, 375), k.deadline.due);

  // The team: at least two, of the lead unit.
  expectError(await c.room1.post(`/cases/${k.id}/actions`, { action: 'start_investigation', plan: '方案', team: [c.room1.user.id] }), 422, 'validation_failed', 'team');
  expectError(await c.room1.post(`/cases/${k.id}/actions`, { action: 'start_investigation', plan: '方案', team: [c.room1.user.id, c.secA.user.id] }), 422, 'validation_failed', 'team');
  k = await act(c.room1, k.id, { action: 'start_investigation', plan: '调取银行流水，询问证人', team: [c.room1.user.id, c.room1b.user.id] });
  assert.deepEqual([k.state, k.plan, k.team.map((m) => [m.user_id, m.role])], ['investigating', '调取银行流水，询问证人', [[c.room1.user.id, 'leader'], [c.room1b.user.id, 'member']]]);

  // 留置: the higher organ's approval with its document, a start time, two people of the team.
  const people = [c.room1.user.id, c.room1b.user.id];
  const detention = { action: 'record_measure', measure: 'detention', day: TODAY, started_at: Date.now(), people };
  const refused = [
    [{ ...detention }, 'approved_by', /上一级纪委监委/],
    [{ ...detention, approved_by: 'county_leader' }, 'approved_by', /上一级纪委监委/],
    [{ ...detention, approved_by: 'higher_organ' }, 'approval_ref', /文号/],
    [{ ...detention, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕3号', started_at: undefined }, 'started_at', /留置/],
    [{ ...detention, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕3号', people: [c.room1.user.id] }, 'people', /2名以上/],
    [{ ...detention, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕3号', people: [c.room1.user.id, c.secA.user.id] }, 'people', /审查调查组/],
    [{ ...detention, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕3号', day: addDays(TODAY, 1) }, 'day', /今天/],
    [{ ...detention, measure: 'torture' }, 'measure', /未知/],
  ];
  for (const [b, field, msg] of refused) {
    const res = await c.room1.post(`/cases/${k.id}/actions`, b);
    expectError(res, 422, 'validation_failed', field);
    assert.match(res.body.error.message, msg);
  }
  assert.equal((await c.room1.get(`/cases/${k.id}`)).body.measures.length, 0, 'nothing recorded');
  k = await act(c.room1, k.id, { ...detention, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕3号' });
  assert.deepEqual(k.measures.map((m) => [m.measure, m.approved_by, m.approval_ref, m.people]), [['detention', 'higher_organ', '济纪〔2026〕3号', people]]);
  assert.equal(k.deadline, null, 'no investigation due day while detained');
  // The detention's own limit: 3 months, never moved off a holiday; one extension of at most 3 months.
  const mid = k.measures[0].id;
  const threeMonths = (() => { const d = new Date(`${TODAY}T00:00:00Z`); const day = d.getUTCDate(); d.setUTCDate(1); d.setUTCMonth(d.getUTCMonth() + 3); const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(); d.setUTCDate(Math.min(day, last)); return d.toISOString().slice(0, 10); })();
  assert.deepEqual([k.measures[0].deadline.limit, k.measures[0].deadline.due, k.measures[0].deadline.extensions], ['detention', threeMonths, 0]);
  const longer = await c.cs.post(`/cases/${k.id}/actions`, { action: 'extend', measure_id: mid, amount: 4, approved: true, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕5号' });
  expectError(longer, 422, 'validation_failed', 'amount');
  assert.match(longer.body.error.message, /最长3个月/);
  expectError(await c.cs.post(`/cases/${k.id}/actions`, { action: 'extend', measure_id: 987654321, amount: 1, approved: true, approved_by: 'higher_organ', approval_ref: 'x' }), 422, 'validation_failed', 'measure_id');
  k = await act(c.cs, k.id, { action: 'extend', measure_id: mid, amount: 2, approved: true, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕5号' });
  assert.equal(k.measures[0].deadline.extensions, 1);
  assert.ok(k.measures[0].deadline.due > threeMonths, k.measures[0].deadline.due);
  expectError(await c.cs.post(`/cases/${k.id}/actions`, { action: 'extend', measure_id: mid, amount: 1, approved: true, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕6号' }), 409, 'conflict', 'amount');
  // The release: by the team's unit; the investigation clock counts again from it.
  expectError(await c.cs.post(`/cases/${k.id}/measures/${mid}/end`, { day: TODAY }), 403, 'forbidden');
  expectError(await c.secB.post(`/cases/${k.id}/measures/${mid}/end`, { day: TODAY }), 404, 'not_found');
  expectError(await c.room1.post(`/cases/${k.id}/measures/${mid}/end`, { day: addDays(TODAY, 1) }), 422, 'validation_failed', 'day');
  expectError(await c.room1.post(`/cases/${k.id}/measures/${mid}/end`, { day: TODAY, returned_day: TODAY }), 422, 'validation_failed', 'returned_day');
  const released = await c.room1.post(`/cases/${k.id}/measures/${mid}/end`, { day: TODAY });
  expectStatus(released, 200);
  k = released.body;
  assert.deepEqual([k.measures[0].ended_day, k.measures[0].deadline], [TODAY, null]);
  assert.deepEqual([k.deadline.limit, k.deadline.start], ['case_supervision_investigation', TODAY]);
  assert.equal(k.steps.at(-1).action, 'end_measure');
  expectError(await c.room1.post(`/cases/${k.id}/measures/${mid}/end`, { day: TODAY }), 409, 'conflict', 'day');

  // Extensions: 案管 records the city's reply with its day and number; at most 6 months in all.
  assert.ok(!k.actions.includes('request_extension'), 'a county case asks the city outside Funnel');
  expectError(await c.room1.post(`/cases/${k.id}/actions`, { action: 'request_extension', amount: 3, reason: '证据尚未调取完毕' }), 403, 'forbidden');
  expectError(await c.room1.post(`/cases/${k.id}/actions`, { action: 'extend', amount: 3, approved: true, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕9号', day: TODAY }), 403, 'forbidden');
  const beyond = await c.cs.post(`/cases/${k.id}/actions`, { action: 'extend', amount: 7, approved: true, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕9号' });
  expectError(beyond, 422, 'validation_failed', 'amount');
  assert.match(beyond.body.error.message, /最长6个月/);
  assert.match(beyond.body.error.message, /《监察法实施条例》第一百八十五条/);
  expectError(await c.cs.post(`/cases/${k.id}/actions`, { action: 'extend', amount: 3, approved: true, approved_by: 'higher_organ' }), 422, 'validation_failed', 'approval_ref');
  expectError(await c.cs.post(`/cases/${k.id}/actions`, { action: 'extend', amount: 3 }), 422, 'validation_failed', 'approved');
  // The reply's day: given, not after today, not before the filing.
  const city = { action: 'extend', amount: 4, approved: true, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕9号' };
  for (const [day, msg] of [[undefined, /批复的日期/], [addDays(TODAY, 1), /晚于今天/], [addDays(TODAY, -1), /早于立案/]]) {
    const res = await c.cs.post(`/cases/${k.id}/actions`, { ...city, day });
    expectError(res, 422, 'validation_failed', 'day');
    assert.match(res.body.error.message, msg);
  }
  k = await act(c.cs, k.id, { ...city, day: TODAY });
  assert.deepEqual(k.extensions.map((e) => [e.limit, e.amount, e.approved]), [['detention_extension', 2, true], ['case_supervision_extension', 4, true]]);
  assert.deepEqual([k.extensions[1].decided_day, k.extensions[1].approval_ref, k.extension_requests], [TODAY, '济纪〔2026〕9号', []]);
  const more = await c.cs.post(`/cases/${k.id}/actions`, { action: 'extend', amount: 3, approved: true, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕10号', day: TODAY });
  expectError(more, 422, 'validation_failed', 'amount');
  assert.match(more.body.error.message, /已延长4个月/);
});

test('a township case: the team rule with recusal, no 留置, one extension of the party limit, dismissal', async () => {
  let k = await filedTownshipCase({ person: villager({ name: '周回避', post: '村文书' }) });
  // The team is picked from the lead unit's case handlers (the own-records clerk among them).
  const pick = async (client = c.secA) => (await client.get(`/cases/${k.id}/team-candidates`)).body.items.map((u) => u.user_id).sort((a, b) => a - b);
  const townA = [c.secA.user.id, c.staffA.user.id, c.staffA2.user.id, ownId].sort((a, b) => a - b);
  assert.deepEqual(await pick(), townA);
  assert.deepEqual((await c.secA.get(`/cases/${k.id}/team-candidates`)).body.items.find((u) => u.user_id === c.secA.user.id), { user_id: c.secA.user.id, name: c.secA.user.display_name, org_name: '文亭街道', role: 'township_secretary' });
  expectError(await c.secB.get(`/cases/${k.id}/team-candidates`), 404, 'not_found');
  expectError(await c.room2.get(`/cases/${k.id}/team-candidates`), 404, 'not_found');
  expectError(await own.get(`/cases/${k.id}/team-candidates`), 404, 'not_found');
  const rec = await c.cs.post('/recusals', { user_id: c.staffA2.user.id, person_id: k.person.person_id, relation: 'kin', reason: '系其亲属' });
  expectStatus(rec, 201);
  assert.deepEqual(await pick(c.room1), townA.filter((id) => id !== c.staffA2.user.id), 'the recused cadre is not offered');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'start_investigation', team: [c.secA.user.id, c.staffA.user.id] }), 422, 'validation_failed', 'plan');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'start_investigation', plan: '方案', team: [c.secA.user.id, c.secA.user.id] }), 422, 'validation_failed', 'team');
  const recused = await c.secA.post(`/cases/${k.id}/actions`, { action: 'start_investigation', plan: '方案', team: [c.secA.user.id, c.staffA2.user.id] });
  expectError(recused, 422, 'validation_failed', 'team');
  assert.match(recused.body.error.message, /回避/);
  k = await act(c.staffA, k.id, { action: 'start_investigation', plan: '谈话，调取账目', team: [c.staffA.user.id, c.secA.user.id] });
  assert.equal(k.state, 'investigating');
  // A township takes only its own measures (谈话, 询问, 调取), approved by its secretary.
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'record_measure', measure: 'detention', day: TODAY, started_at: Date.now(), approved_by: 'higher_organ', approval_ref: 'x', people: [c.staffA.user.id, c.secA.user.id] }), 422, 'validation_failed', 'measure');
  k = await act(c.staffA, k.id, { action: 'record_measure', measure: 'talk', day: TODAY, approved_by: 'township_secretary', people: [c.staffA.user.id, c.secA.user.id], note: '首次谈话' });
  assert.deepEqual(k.measures.map((m) => m.measure), ['talk']);

  // The party limit's one extension (LOCAL: 90 days): the township asks (请示), the county's 案管 answers (批复).
  expectError(await c.cs.post(`/cases/${k.id}/actions`, { action: 'extend', amount: 30, approved: true, approved_by: 'county_leader', day: TODAY }), 403, 'forbidden');
  const beyond = await c.staffA.post(`/cases/${k.id}/actions`, { action: 'request_extension', amount: 91, reason: '需进一步调取账目' });
  expectError(beyond, 422, 'validation_failed', 'amount');
  assert.match(beyond.body.error.message, /最长90日/);
  const due = k.deadline.due;
  k = await act(c.staffA, k.id, { action: 'request_extension', amount: 30, reason: '需进一步调取账目' });
  assert.deepEqual([k.deadline.due, k.deadline.extensions, k.extensions], [due, 0, []], 'a request moves nothing');
  k = await act(c.cs, k.id, { action: 'approve_extension', amount: 20, approval_ref: '成纪复〔2026〕1号' });
  assert.equal(k.deadline.extensions, 1);
  assert.ok(k.deadline.due > due, `${due} → ${k.deadline.due}`);
  assert.deepEqual(k.extension_requests.map((r) => [r.amount, r.granted, r.approved, r.pending, r.approval_ref]), [[30, 20, true, false, '成纪复〔2026〕1号']]);
  // The one extension is used: a further request is refused.
  expectError(await c.staffA.post(`/cases/${k.id}/actions`, { action: 'request_extension', amount: 10, reason: '再延' }), 409, 'conflict', 'amount');

  // Dismissal by the township secretary, with a reason.
  expectError(await c.staffA.post(`/cases/${k.id}/actions`, { action: 'dismiss', reason: '不应追究' }), 403, 'forbidden');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'dismiss' }), 422, 'validation_failed', 'reason');
  k = await act(c.secA, k.id, { action: 'dismiss', reason: '经审查不应追究党纪责任' });
  assert.deepEqual([k.state, k.deadline, k.actions], ['dismissed', null, []]);
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'abscond', reason: '在逃' }), 409, 'conflict', 'action');
});

test('a township case\'s extension: the township asks (请示), the county\'s 案管 answers (批复); only an approval moves the deadline', async () => {
  let k = await filedTownshipCase({ person: villager({ name: '请示人', post: '村委委员' }) });
  k = await act(c.secA, k.id, { action: 'start_investigation', plan: '谈话，调取账目', team: [c.secA.user.id, c.staffA.user.id] });
  const due = k.deadline.due;
  assert.ok(k.actions.includes('request_extension'));
  // Bad input writes nothing.
  expectError(await c.staffA.post(`/cases/${k.id}/actions`, { action: 'request_extension', reason: '账目复杂' }), 422, 'validation_failed', 'amount');
  expectError(await c.staffA.post(`/cases/${k.id}/actions`, { action: 'request_extension', amount: 30 }), 422, 'validation_failed', 'reason');
  expectError(await c.staffA.post(`/cases/${k.id}/actions`, { action: 'request_extension', amount: 30, reason: ' \u3000 ' }), 422, 'validation_failed', 'reason');
  expectError(await c.staffA.post(`/cases/${k.id}/actions`, { action: 'request_extension', amount: 30, reason: '长'.repeat(501) }), 422, 'validation_failed', 'reason');
  // Nobody answers what was not asked; 案管 asks nothing; another township and the own-records clerk do not see it.
  expectError(await c.cs.post(`/cases/${k.id}/actions`, { action: 'approve_extension', approval_ref: '成纪复〔2026〕7号' }), 409, 'conflict', 'action');
  expectError(await c.cs.post(`/cases/${k.id}/actions`, { action: 'request_extension', amount: 30, reason: '代为请示' }), 403, 'forbidden');
  expectError(await c.secB.post(`/cases/${k.id}/actions`, { action: 'request_extension', amount: 30, reason: '账目复杂' }), 404, 'not_found');
  expectError(await own.post(`/cases/${k.id}/actions`, { action: 'request_extension', amount: 30, reason: '账目复杂' }), 404, 'not_found');
  assert.deepEqual((await c.cs.get(`/cases/${k.id}`)).body.extension_requests, []);

  k = await act(c.staffA, k.id, { action: 'request_extension', amount: 60, reason: '  涉及三个村的账目，需逐笔核对  ' });
  assert.deepEqual(k.extension_requests.map((r) => [r.amount, r.reason, r.requested_by_name, r.pending, r.approved, r.granted, r.answered_by_name]),
    [[60, '涉及三个村的账目，需逐笔核对', c.staffA.user.display_name, true, null, null, null]]);
  assert.deepEqual([k.deadline.due, k.extensions], [due, []], 'pending: the deadline does not move');
  assert.ok(!k.actions.includes('request_extension'), 'one request at a time');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'request_extension', amount: 10, reason: '再请示' }), 409, 'conflict', 'action');
  // The township does not answer its own request; the county's room and leader do not either.
  for (const who of [c.secA, c.staffA, c.room1, c.leader]) {
    expectError(await who.post(`/cases/${k.id}/actions`, { action: 'approve_extension', approval_ref: '成纪复〔2026〕7号' }), 403, 'forbidden');
  }
  expectError(await c.secB.post(`/cases/${k.id}/actions`, { action: 'approve_extension', approval_ref: '成纪复〔2026〕7号' }), 404, 'not_found');
  // 案管 sees the pending request: in its actions and in the list filter.
  const seen = (await c.cs.get(`/cases/${k.id}`)).body;
  assert.deepEqual(seen.actions.filter((a) => a.endsWith('_extension')), ['approve_extension', 'refuse_extension']);
  const listed = (await c.cs.get('/cases?extension_pending=true&page_size=100')).body.items.map((x) => x.id);
  assert.ok(listed.includes(k.id), 'listed as awaiting a reply');
  assert.ok(!(await c.secB.get('/cases?extension_pending=true')).body.items.some((x) => x.id === k.id));
  const awaiting = async () => (await c.cs.get('/case-warnings?page_size=500&code=extension_request_pending')).body.items.filter((w) => w.case_id === k.id).map((w) => [w.code, w.due, w.occurrence]);
  assert.deepEqual(await awaiting(), [['extension_request_pending', TODAY, `extension_request:${k.extension_requests[0].id}`]]);

  // The reply: never more than asked, always with its number; a refusal with its reason.
  expectError(await c.cs.post(`/cases/${k.id}/actions`, { action: 'approve_extension', amount: 61, approval_ref: '成纪复〔2026〕7号' }), 422, 'validation_failed', 'amount');
  expectError(await c.cs.post(`/cases/${k.id}/actions`, { action: 'approve_extension', amount: 30 }), 422, 'validation_failed', 'approval_ref');
  expectError(await c.cs.post(`/cases/${k.id}/actions`, { action: 'refuse_extension', approval_ref: '成纪复〔2026〕7号' }), 422, 'validation_failed', 'reason');
  k = await act(c.cs, k.id, { action: 'refuse_extension', reason: '期限内可以完成', approval_ref: '成纪复〔2026〕7号' });
  assert.deepEqual([k.deadline.due, k.deadline.extensions], [due, 0], 'a refusal moves nothing');
  assert.deepEqual(k.extensions.map((e) => [e.amount, e.approved, e.approved_by, e.approval_ref, e.decided_day]), [[60, false, 'county_leader', '成纪复〔2026〕7号', TODAY]]);
  assert.deepEqual(k.extension_requests.map((r) => [r.pending, r.approved, r.granted, r.approval_ref, r.refusal_reason, r.answered_by_name]),
    [[false, false, null, '成纪复〔2026〕7号', '期限内可以完成', c.cs.user.display_name]]);
  expectError(await c.cs.post(`/cases/${k.id}/actions`, { action: 'refuse_extension', reason: '再次', approval_ref: '成纪复〔2026〕8号' }), 409, 'conflict', 'action');
  assert.ok(!(await c.cs.get('/cases?extension_pending=true&page_size=100')).body.items.some((x) => x.id === k.id));
  assert.deepEqual(await awaiting(), [], 'answered: no longer awaiting');

  // Asked again and approved as asked (no amount: the requested one): the deadline moves by it.
  k = await act(c.secA, k.id, { action: 'request_extension', amount: 45, reason: '新发现线索需核实' });
  k = await act(c.cs, k.id, { action: 'approve_extension', approval_ref: '成纪复〔2026〕9号' });
  assert.equal(k.deadline.extensions, 1);
  assert.ok(k.deadline.due > due, `${due} → ${k.deadline.due}`);
  assert.deepEqual(k.extension_requests.map((r) => [r.amount, r.approved, r.granted]), [[60, false, null], [45, true, 45]]);
  assert.deepEqual(k.steps.map((x) => x.action).filter((a) => a.endsWith('_extension')), ['request_extension', 'refuse_extension', 'request_extension', 'approve_extension']);
  // The timeline keeps the reasons; the audit names the steps, never the reasons (case content).
  assert.deepEqual(k.steps.filter((x) => x.action === 'request_extension').map((x) => x.reason), ['涉及三个村的账目，需逐笔核对', '新发现线索需核实']);
  const audit = dbQuery(ts, `SELECT action, detail FROM audit_log WHERE entity = 'case' AND entity_id = ${k.id} AND action LIKE '%extension' ORDER BY seq`).trim().split('\n');
  assert.deepEqual(audit.map((r) => r.split('|')[0]), ['request_extension', 'refuse_extension', 'request_extension', 'approve_extension']);
  for (const text of ['账目', '期限内可以完成', '线索']) assert.ok(!audit.some((r) => r.includes(text)), `the audit holds no reason: ${text}`);
});

test('the transfer to trial: the facts shown, the report, the township chain, a return', async () => {
  let k = await filedTownshipCase({ person: villager({ name: '移送人', post: '村支委' }) });
  k = await act(c.secA, k.id, { action: 'start_investigation', plan: '谈话，调取账目', team: [c.secA.user.id, c.staffA.user.id] });
  // The trial office sees a case only once it is transferred to trial.
  expectError(await c.trial.get(`/cases/${k.id}`), 404, 'not_found');
  assert.ok(!(await c.trial.get('/cases?page_size=100')).body.items.some((x) => x.id === k.id));
  assert.deepEqual(k.actions, ['record_measure', 'request_extension', 'abscond', 'show_facts', 'request_transfer', 'dismiss']);
  expectError(await c.staffA.post(`/cases/${k.id}/actions`, { action: 'request_transfer', report: '审查调查报告' }), 409, 'conflict', 'action');
  expectError(await c.staffA.post(`/cases/${k.id}/actions`, { action: 'show_facts' }), 422, 'validation_failed', 'refusal_note');
  k = await act(c.staffA, k.id, { action: 'show_facts', signed: false, refusal_note: '本人拒绝签字，二人在场见证' });
  assert.equal(k.facts_shown_day, TODAY);
  expectError(await c.staffA.post(`/cases/${k.id}/actions`, { action: 'request_transfer' }), 409, 'conflict', 'action');
  k = await act(c.staffA, k.id, { action: 'request_transfer', report: '经审查，侵占集体资金属实，建议给予党内警告处分' });
  assert.deepEqual([k.state, k.approvals.needed, k.approvals.done, k.approvals.next], ['transfer_requested', ['township_secretary'], 0, 'township_secretary']);
  assert.match(k.approvals.basis, /第五十一条/);
  expectError(await c.staffA.post(`/cases/${k.id}/actions`, { action: 'approve_transfer' }), 403, 'forbidden');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'return_transfer' }), 422, 'validation_failed', 'reason');
  k = await act(c.secA, k.id, { action: 'return_transfer', reason: '证据链不完整，补充调取账目' });
  assert.equal(k.state, 'investigating');
  // The report stays with the case; the request is made again.
  k = await act(c.staffA, k.id, { action: 'request_transfer' });
  k = await act(c.secA, k.id, { action: 'approve_transfer' });
  assert.deepEqual([k.state, k.approvals.needed], ['transferred_to_trial', []]);
  assert.equal(k.report, '经审查，侵占集体资金属实，建议给予党内警告处分');
  assert.equal(k.deadline.limit, 'case_party_investigation', 'the limit runs until the decision (SL 185)');
  // Now the county's trial office reads it, with its evidence and documents;
  // a township case is tried by the township first (XSJ), so no step is the office's.
  const seen = await c.trial.get(`/cases/${k.id}`);
  expectStatus(seen, 200, 'trial office reads');
  assert.deepEqual([seen.body.state, seen.body.actions], ['transferred_to_trial', []]);
  const listed = (await c.trial.get('/cases?page_size=100')).body.items;
  assert.ok(listed.some((x) => x.id === k.id) && listed.every((x) => x.state === 'transferred_to_trial'), JSON.stringify(listed.map((x) => x.state)));
  expectStatus(await c.trial.get(`/cases/${k.id}/evidence`), 200, 'evidence');
  expectStatus(await c.trial.get(`/cases/${k.id}/documents`), 200, 'documents');
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'refuse_trial', reason: '材料不全' }), 403, 'forbidden');
  expectError(await c.trial.post(`/cases/${k.id}/actions`, { action: 'return_for_investigation', reason: '补充调查' }), 409, 'conflict', 'action');
  assert.equal((await c.trial.get('/guidance')).body.total, 0, 'no guidance records');
  assert.equal((await dbQuery(ts, `SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity = 'case' AND entity_id = ${k.id} AND actor_id = ${c.trial.user.id}`)).trim(), '1', 'the read is audited');
  assert.deepEqual(k.steps.map((x) => x.action).slice(-6), ['start_investigation', 'show_facts', 'request_transfer', 'return_transfer', 'request_transfer', 'approve_transfer']);
});

test('absconding stops the investigation clock and the return restarts it (SL 185)', async () => {
  let k = await filedTownshipCase({ person: villager({ name: '在逃人', post: '村委委员' }) });
  k = await act(c.secA, k.id, { action: 'start_investigation', plan: '谈话', team: [c.secA.user.id, c.staffA.user.id] });
  // Filed 100 days ago: the 90 days have run out.
  const filed = addDays(TODAY, -100);
  dbQuery(ts, `UPDATE cases SET filed_day = '${filed}' WHERE id = ${k.id}`);
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'return_to_case' }), 409, 'conflict', 'action');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'abscond' }), 422, 'validation_failed', 'reason');
  k = await act(c.secA, k.id, { action: 'abscond', reason: '被审查人外出失联' });
  assert.deepEqual([k.deadline, k.actions], [null, ['record_measure', 'return_to_case', 'dismiss']]);
  const refused = await c.secA.post(`/cases/${k.id}/actions`, { action: 'show_facts', signed: true });
  expectError(refused, 409, 'conflict', 'action');
  assert.match(refused.body.error.message, /在逃/);
  k = await act(c.secA, k.id, { action: 'return_to_case', note: '已到案' });
  assert.equal(k.deadline.start, TODAY, 'restarted from the return');
  assert.ok(k.deadline.due >= addDays(TODAY, 90), k.deadline.due);
  assert.equal(k.deadline.status, 'running');
  assert.ok(k.actions.includes('show_facts'));
});

test('scope: the filing township, the county, the linked room; never another township, an unlinked room, a recused cadre, an own-records user or an administrator', async () => {
  const k = await filedTownshipCase({ person: villager({ name: '范围人', post: '村主任' }) });
  for (const [who, client] of [['secA', c.secA], ['staffA', c.staffA], ['room1', c.room1], ['cs', c.cs], ['leader', c.leader]]) {
    expectStatus(await client.get(`/cases/${k.id}`), 200, who);
    assert.ok((await client.get('/cases?person=范围人')).body.items.some((x) => x.id === k.id), `${who} list`);
  }
  const rec = await c.cs.post('/recusals', { user_id: c.staffA2.user.id, person_id: k.person.person_id, relation: 'kin', reason: '系其配偶' });
  expectStatus(rec, 201);
  for (const [who, client] of [['secB', c.secB], ['room2', c.room2], ['staffA2 (recused)', c.staffA2], ['own records', own]]) {
    expectError(await client.get(`/cases/${k.id}`), 404, 'not_found');
    expectError(await client.post(`/cases/${k.id}/actions`, { action: 'dismiss', reason: '越权' }), 404, 'not_found');
    const list = await client.get('/cases?page_size=200');
    expectStatus(list, 200, who);
    assert.ok(!list.body.items.some((x) => x.id === k.id), `${who} list shows it`);
    assert.ok(!JSON.stringify(list.body).includes('范围人'), `${who} list leaks the person`);
  }
  // The own-records user sees what they requested themselves.
  const mine = await own.post('/cases', direct({ person: villager({ name: '本人登记' }) }));
  expectStatus(mine, 201);
  expectStatus(await own.get(`/cases/${mine.body.id}`), 200);
  for (const name of ['admin', 'secadmin', 'auditor']) {
    const a = await ts.adminClient(name);
    expectError(await a.get(`/cases/${k.id}`), 403, 'forbidden');
    expectError(await a.get('/cases'), 403, 'forbidden');
  }
  // A case about the township's own discipline cadre is the county's; the township never sees it.
  const cadre = { name: '吴纪检', unit_name: '文亭街道纪工委', cadre_level: 'general_cadre', party_member: true, township_discipline_staff: true };
  expectError(await c.secA.post('/cases', direct({ person: cadre })), 422, 'validation_failed', 'mode');
  expectError(await c.room1.post('/cases', direct({ person: cadre, mode: 'joint', assist_org_id: org.townA.id })), 422, 'validation_failed', 'assist_org_id');
  const conflict = await c.room1.post('/cases', direct({ person: cadre, mode: 'county_led', township_id: org.townA.id }));
  expectStatus(conflict, 201);
  expectError(await c.secA.get(`/cases/${conflict.body.id}`), 404, 'not_found');
  expectStatus(await c.room1.get(`/cases/${conflict.body.id}`), 200);
});

test('the list: filters and paging; a detail read is audited without content', async () => {
  const all = await c.cs.get('/cases?page_size=200');
  expectStatus(all, 200);
  assert.equal(all.body.total, all.body.items.length);
  const filed = await c.cs.get('/cases?state=filed&page_size=200');
  assert.ok(filed.body.items.length >= 1 && filed.body.items.every((x) => x.state === 'filed'));
  const page = await c.cs.get('/cases?page=2&page_size=2');
  assert.deepEqual([page.body.total, page.body.items.map((x) => x.id)], [all.body.total, all.body.items.slice(2, 4).map((x) => x.id)]);
  assert.ok((await c.cs.get(`/cases?lead_org_id=${org.room1.id}`)).body.items.every((x) => x.lead_org_id === org.room1.id));
  assert.equal((await c.cs.get(`/cases?year=${YEAR}`)).body.total, all.body.total);
  assert.equal((await c.cs.get(`/cases?year=${YEAR - 1}`)).body.total, 0);
  assert.deepEqual((await c.cs.get('/cases?person=编号甲')).body.items.map((x) => x.person.name), ['编号甲']);
  assert.equal((await c.cs.get('/cases?deadline=overdue')).body.total, 0);
  assert.equal((await c.cs.get('/cases?deadline=due_soon')).body.total, 0);
  expectError(await c.cs.get('/cases?state=nope'), 400, 'bad_request', 'state');
  expectError(await c.cs.get('/cases?deadline=late'), 400, 'bad_request', 'deadline');

  const id = all.body.items[0].id;
  const reads = () => Number(dbQuery(ts, `SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = ${id} AND action = 'read'`).trim());
  const n = reads();
  expectStatus(await c.leader.get(`/cases/${id}`), 200);
  assert.equal(reads(), n + 1, 'the read is audited');
  assert.equal(Number(dbQuery(ts, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND (detail LIKE '%集体资金%' OR detail LIKE '%赵永福%')").trim()), 0, 'content in the audit log');
  const made = Number(dbQuery(ts, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND action = 'create'").trim());
  assert.equal(made, await count());
});

test('bad input: each field named, nothing written', async () => {
  const before = await count();
  const cases = [
    [{ ...direct(), source: undefined }, 'source'],
    [direct({ source: 'rumour' }), 'source'],
    [direct({ source: 'from_clue' }), 'clue_id'],
    [direct({ source: 'transferred', source_ref: '某函' }), 'source_organ'],
    [direct({ source_ref: undefined }), 'source_ref'],
    [direct({ clue_id: 1 }), 'clue_id'],
    [direct({ person: undefined }), 'person'],
    [direct({ person: villager({ cadre_level: 'boss' }) }), 'person.cadre_level'],
    [direct({ person: { ...villager(), name: '' } }), 'person.name'],
    [direct({ person: villager({ party_member: false }) }), 'party_member'],
    [direct({ person: villager({ cadre_level: 'county_division' }) }), 'cadre_level'],
    [direct({ person: villager({ public_official: true }) }), 'supervised_category'],
    [direct({ supervised_category: 'alien' }), 'supervised_category'],
    [direct({ violations: [] }), 'violations'],
    [direct({ violations: ['jaywalking'] }), 'violations'],
    [direct({ violations: ['duty_crime'] }), 'violations'],
    [direct({ mode: undefined }), 'mode'],
    [direct({ mode: 'solo' }), 'mode'],
    [direct({ mode: 'county_led' }), 'mode'],
    [direct({ person: villager({ cadre_level: 'township_section' }) }), 'mode'],
    [direct({ summary: '  ' }), 'summary'],
    [direct({ assist_org_id: org.townB.id }), 'assist_org_id'],
    [{ ...direct(), extra: 1 }, 'extra'],
  ];
  for (const [body, field] of cases) expectError(await c.secA.post('/cases', body), 422, 'validation_failed', field);
  // A room's joint case needs a township of the county to assist.
  expectError(await c.room1.post('/cases', direct({ mode: 'joint' })), 422, 'validation_failed', 'assist_org_id');
  expectError(await c.room1.post('/cases', direct({ mode: 'county_led', township_id: org.room2.id })), 422, 'validation_failed', 'township_id');
  assert.equal(await count(), before, 'nothing written');

  const k = (await c.secA.post('/cases', direct({ person: villager({ name: '坏输入' }) }))).body;
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'fly' }), 422, 'validation_failed', 'action');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'approve_filing', amount: 0 }), 422, 'validation_failed', 'amount');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'approve_filing', team: 'x' }), 422, 'validation_failed', 'team');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { action: 'approve_filing', wat: 1 }), 422, 'validation_failed', 'wat');
  expectError(await c.secA.get('/cases/987654321'), 404, 'not_found');
  assert.equal((await c.secA.get(`/cases/${k.id}`)).body.approvals.done, 0, 'nothing approved');
});

test('the warnings of the case clocks: the investigation limit, a detention\'s limit and 24-hour notice, property to return; acknowledged once, in scope only', async () => {
  const codesOf = async (client, id, q = '') => (await client.get(`/case-warnings?page_size=500${q}`)).body.items.filter((w) => w.case_id === id).map((w) => w.code).sort();
  // A county case under 监察 with a detention that began now.
  const official = { name: '预警人', unit_name: '成武县水务局', post: '科员', cadre_level: 'general_cadre', party_member: true, public_official: true, county_department: true };
  let k = (await c.room1.post('/cases', { source: 'transferred', source_organ: '成武县审计局', source_ref: '成审移〔2026〕9号', supervised_category: 'civil_servant', violations: ['duty_illegality'], mode: 'county_led', township_id: org.townA.id, summary: '挪用专项资金', person: official })).body;
  await act(c.room1, k.id, { action: 'approve_filing' });
  await act(c.leader, k.id, { action: 'approve_filing' });
  await act(c.leader, k.id, { action: 'approve_filing', approval_ref: '成委〔2026〕30号' });
  await act(c.room1, k.id, { action: 'start_investigation', plan: '留置审查', team: [c.room1.user.id, c.room1b.user.id] });
  const started = Date.now();
  k = await act(c.room1, k.id, { action: 'record_measure', measure: 'detention', day: TODAY, started_at: started, approved_by: 'higher_organ', approval_ref: '济纪〔2026〕31号', people: [c.room1.user.id, c.room1b.user.id] });
  const mid = k.measures[0].id;
  assert.deepEqual([k.measures[0].notified_at, k.measures[0].notice_withheld], [null, null]);
  // SL 285: the hour it began is not counted; 24 hours from the next full hour.
  const due = new Date(Math.ceil((started + 1) / 3600000) * 3600000 + 24 * 3600000).toISOString();
  assert.equal(new Date(k.measures[0].notice_due).toISOString(), due);
  let w = (await c.room1.get('/case-warnings')).body.items.find((x) => x.case_id === k.id);
  assert.deepEqual([w.code, w.occurrence, w.measure_id, w.case_number, w.person_name, w.lead_org_name], ['detention_notice_due', `notice:${mid}`, mid, k.number, '预警人', k.lead_org_name]);
  assert.equal(new Date(w.due).toISOString(), due);
  // 25 hours later nobody has been told.
  dbQuery(ts, `UPDATE case_measures SET started_at = ${started - 25 * 3600000} WHERE id = ${mid}`);
  assert.deepEqual(await codesOf(c.cs, k.id), ['detention_notice_overdue']);
  assert.deepEqual(await codesOf(c.cs, k.id, '&code=detention_overdue'), []);
  // An acknowledgement silences this occurrence only; idempotent; audited.
  const ack = { case_id: k.id, code: 'detention_notice_overdue', occurrence: `notice:${mid}`, note: '已督促承办室' };
  expectError(await c.secB.post('/case-warnings/acknowledgements', ack), 404, 'not_found');
  expectError(await c.cs.post('/case-warnings/acknowledgements', { ...ack, occurrence: 'notice:1' }), 409, 'conflict', 'occurrence');
  const first = await c.cs.post('/case-warnings/acknowledgements', ack);
  expectStatus(first, 200);
  assert.deepEqual(first.body, { acknowledged: true, already: false });
  assert.deepEqual((await c.cs.post('/case-warnings/acknowledgements', ack)).body, { acknowledged: true, already: true });
  assert.deepEqual(await codesOf(c.cs, k.id), []);
  w = (await c.cs.get('/case-warnings?include_acknowledged=true')).body.items.find((x) => x.case_id === k.id);
  assert.deepEqual([w.code, w.acknowledged.by, w.acknowledged.note], ['detention_notice_overdue', c.cs.user.display_name, '已督促承办室']);
  assert.equal(Number(dbQuery(ts, `SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = ${k.id} AND action = 'acknowledge_warning'`).trim()), 1);

  // The notice: given at a time, or withheld for now with its reason (SL 101); bad input first.
  const notice = (body) => c.room1.post(`/cases/${k.id}/measures/${mid}/notice`, body);
  const bad = [
    [{}, 'notified_at'],
    [{ notified_at: Date.now(), withheld_reason: '有碍调查' }, 'notified_at'],
    [{ notified_at: started - 30 * 3600000 }, 'notified_at'],
    [{ notified_at: Date.now() + 3600000 }, 'notified_at'],
    [{ withheld_reason: '   ' }, 'withheld_reason'],
    [{ notified_at: 'today' }, 'notified_at'],
    [{ notified_at: Date.now(), by: 'phone' }, 'by'],
  ];
  for (const [body, field] of bad) expectError(await notice(body), 422, 'validation_failed', field);
  expectError(await c.secB.post(`/cases/${k.id}/measures/${mid}/notice`, { withheld_reason: '越权' }), 404, 'not_found');
  expectError(await c.cs.post(`/cases/${k.id}/measures/${mid}/notice`, { withheld_reason: '越权' }), 403, 'forbidden');
  let r = await notice({ withheld_reason: '可能串供' });
  expectStatus(r, 200);
  assert.deepEqual([r.body.measures[0].notice_withheld, r.body.measures[0].notified_at], ['可能串供', null]);
  assert.equal(Number(dbQuery(ts, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%串供%'").trim()), 0, 'the reason in the audit log');
  expectError(await notice({ withheld_reason: '仍有碍调查' }), 409, 'conflict', 'withheld_reason');
  assert.deepEqual(await codesOf(c.cs, k.id, '&include_acknowledged=true'), []);
  r = await notice({ notified_at: Date.now() - 60000 });
  expectStatus(r, 200);
  assert.ok(r.body.measures[0].notified_at);
  assert.equal(r.body.steps.at(-1).action, 'detention_notice');
  expectError(await notice({ notified_at: Date.now() }), 409, 'conflict', 'notified_at');

  // The detention's own limit: began in January, 3 months have run out.
  dbQuery(ts, `UPDATE case_measures SET day = '${YEAR}-01-05' WHERE id = ${mid}`);
  w = (await c.cs.get('/case-warnings?code=detention_overdue')).body.items.find((x) => x.case_id === k.id);
  assert.deepEqual([w.code, w.due, w.occurrence], ['detention_overdue', `${YEAR}-04-05`, `detention:${mid}:${YEAR}-04-05`]);
  expectStatus(await c.room1.post(`/cases/${k.id}/measures/${mid}/end`, { day: TODAY }), 200);
  assert.deepEqual(await codesOf(c.cs, k.id), []);

  // A township case: 调取 ended without the property returned, then the investigation limit run out.
  let t = await filedTownshipCase({ person: villager({ name: '退还人', post: '村会计' }) });
  t = await act(c.secA, t.id, { action: 'start_investigation', plan: '调取账目', team: [c.secA.user.id, c.staffA.user.id] });
  t = await act(c.staffA, t.id, { action: 'record_measure', measure: 'retrieve', day: TODAY, approved_by: 'township_secretary', people: [c.staffA.user.id, c.secA.user.id] });
  t = await act(c.staffA, t.id, { action: 'record_measure', measure: 'talk', day: TODAY, approved_by: 'township_secretary', people: [c.staffA.user.id, c.secA.user.id] });
  const [retrieve, talk] = t.measures.map((m) => m.id);
  const ret = (id, body, client = c.staffA) => client.post(`/cases/${t.id}/measures/${id}/return`, body);
  expectError(await ret(retrieve, { day: TODAY }), 409, 'conflict', 'day');
  t = (await c.staffA.post(`/cases/${t.id}/measures/${retrieve}/end`, { day: TODAY })).body;
  assert.ok(t.measures[0].return_due > TODAY, t.measures[0].return_due);
  w = (await c.secA.get('/case-warnings')).body.items.find((x) => x.case_id === t.id);
  assert.deepEqual([w.code, w.due, w.measure_id], ['property_return_due_soon', t.measures[0].return_due, retrieve]);
  dbQuery(ts, `UPDATE case_measures SET ended_day = '${addDays(TODAY, -20)}' WHERE id = ${retrieve}`);
  assert.deepEqual(await codesOf(c.secA, t.id), ['property_return_overdue']);
  expectError(await ret(talk, { day: TODAY }), 422, 'validation_failed', 'day');
  expectError(await ret(retrieve, { day: addDays(TODAY, 1) }), 422, 'validation_failed', 'day');
  expectError(await ret(retrieve, { day: addDays(TODAY, -21) }), 422, 'validation_failed', 'day');
  expectError(await ret(retrieve, {}), 422, 'validation_failed', 'day');
  expectError(await ret(retrieve, { day: TODAY }, c.secB), 404, 'not_found');
  expectError(await c.staffA.post(`/cases/${t.id}/measures/${talk}/notice`, { notified_at: Date.now() }), 422, 'validation_failed', 'measure');
  t = (await ret(retrieve, { day: TODAY })).body;
  assert.equal(t.measures[0].returned_day, TODAY);
  expectError(await ret(retrieve, { day: TODAY }), 409, 'conflict', 'day');
  assert.deepEqual(await codesOf(c.secA, t.id), []);
  // Filed 100 days ago: the party limit (90 days) has run out.
  dbQuery(ts, `UPDATE cases SET filed_day = '${addDays(TODAY, -100)}', due_day = '${addDays(TODAY, -10)}' WHERE id = ${t.id}`);
  w = (await c.secA.get('/case-warnings?code=overdue')).body.items.find((x) => x.case_id === t.id);
  assert.equal(w.occurrence, `investigation:${w.due}`);
  assert.ok(w.due < TODAY);
  // Scope: never another township, an unlinked room, a recused cadre; administrators not at all.
  const rec = await c.cs.post('/recusals', { user_id: c.staffA2.user.id, person_id: t.person.person_id, relation: 'kin', reason: '系其子女' });
  expectStatus(rec, 201);
  for (const [who, client] of [['secB', c.secB], ['room2', c.room2], ['staffA2 (recused)', c.staffA2], ['own records', own]]) {
    const list = await client.get('/case-warnings?include_acknowledged=true');
    expectStatus(list, 200, who);
    assert.ok(!list.body.items.some((x) => x.case_id === t.id || x.case_id === k.id), `${who} sees a warning`);
    assert.ok(!JSON.stringify(list.body).includes('退还人'), `${who} sees the person`);
  }
  expectError(await (await ts.adminClient('admin')).get('/case-warnings'), 403, 'forbidden');
  expectError(await c.secA.get('/case-warnings?code=late'), 400, 'bad_request', 'code');
  // Paging keeps the true total.
  const all = (await c.cs.get('/case-warnings?page_size=500')).body;
  const one = (await c.cs.get('/case-warnings?page_size=1&page=1')).body;
  assert.deepEqual([one.total, one.items.length], [all.total, Math.min(1, all.total)]);
});
