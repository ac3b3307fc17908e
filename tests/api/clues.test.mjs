// Problem clues (CL-1 … CL-5): one registry numbered by the county, dispatch
// proposals (jurisdiction, conflict of interest, complexity), dispatch with
// the leader's approval and the receiver's acknowledgement, the four disposal
// methods with their approval chains, records and clocks, petitions turned
// into clues, the funnel, scopes, and bad input that changes nothing. Monthly
// reports: clue-reports.test.mjs; collective reviews: clue-reviews.test.mjs;
// the clue ledger: ledgers.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { buildCounty, createOrg, usersByKey } from './lib/fixtures.mjs';
import { YEAR, TODAY, addDays, villager, clue, act, clueUsername } from './lib/clues.mjs';

let ts;
let admin;
let org;
let otherTown; // a township of another county
const c = {};
before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  org = await buildCounty(admin);
  const county2 = await createOrg(admin, { kind: 'county', category: 'county', name: '单县纪委监委', short_name: '单纪', division_code: '371722' });
  otherTown = await createOrg(admin, { parent_id: county2.id, kind: 'township', category: 'town', name: '园艺街道', short_name: '园艺', division_code: '371722001' });
  Object.assign(c, await usersByKey(ts, admin, [
    ['cs', 'case_supervision', org.caseSup],
    ['leader', 'county_leader', org.county],
    ['po', 'petition_office', org.petition],
    ['room1', 'discipline_room', org.room1],
    ['room2', 'discipline_room', org.room2],
    ['secA', 'township_secretary', org.townA],
    ['staffA', 'township_staff', org.townA],
    ['secB', 'township_secretary', org.townB],
  ], { username: clueUsername }));
});

after(async () => {
  if (ts) await ts.stop();
});

const count = async () => Number((await dbQuery(ts, 'SELECT COUNT(*) FROM clues')).trim());

test('registration: county numbering, the proposal, persons in the registry, and bad input writing nothing', async () => {
  const r = await c.secA.post('/clues', clue());
  expectStatus(r, 201, 'register');
  assert.match(r.body.number, new RegExp(`^成纪线〔${YEAR}〕\\d{4}号$`));
  assert.equal(r.body.state, 'registered');
  assert.equal(r.body.township_id, org.townA.id, 'a township registers for itself');
  assert.equal(r.body.found_by_org_name, '文亭街道');
  assert.equal(r.body.proposed_mode, 'township');
  assert.equal(r.body.conflict, false);
  assert.equal(r.body.persons[0].name, '赵永福');
  assert.equal(r.body.steps[0].action, 'register');
  const persons = dbQuery(ts, "SELECT COUNT(*) FROM persons WHERE name = '赵永福'");
  assert.equal(persons.trim(), '1', 'one person in the registry');

  const before = await count();
  expectError(await c.secA.post('/clues', clue({ source: 'rumour' })), 422, 'validation_failed', 'source');
  expectError(await c.secA.post('/clues', clue({ source: 'petition' })), 422, 'validation_failed', 'petition_id');
  expectError(await c.secA.post('/clues', clue({ received_day: addDays(TODAY, 2) })), 422, 'validation_failed', 'received_day');
  expectError(await c.secA.post('/clues', clue({ persons: [] })), 422, 'validation_failed', 'persons');
  expectError(await c.secA.post('/clues', clue({ category: 'nope' })), 422, 'validation_failed', 'category');
  expectError(await c.secA.post('/clues', clue({ township_id: org.townB.id })), 422, 'validation_failed', 'township_id');
  expectError(await c.cs.post('/clues', clue({ township_id: otherTown.id })), 422, 'validation_failed', 'township_id');
  expectError(await c.secA.post('/clues', clue({ persons: [villager({ cadre_level: 'boss' })] })), 422, 'validation_failed', 'persons[0].cadre_level');
  expectError(await c.secA.post('/clues', { ...clue(), extra: 1 }), 422, 'validation_failed', 'extra');
  assert.equal(await count(), before, 'nothing written');

  // The proposal follows the rules of domain.md §3.
  const hard = await c.cs.post('/clues', clue({ township_id: org.townA.id, difficult: true }));
  assert.equal(hard.body.proposed_mode, 'county_led');
  const joint = await c.cs.post('/clues', clue({ township_id: org.townA.id, needs_county_strength: true }));
  assert.equal(joint.body.proposed_mode, 'joint');
  const leader = await c.cs.post('/clues', clue({ township_id: org.townA.id, persons: [villager({ name: '钱镇长', cadre_level: 'township_section', post: '镇长' })] }));
  assert.equal(leader.body.proposed_mode, 'county_led');
  const p = await c.cs.get(`/clues/${joint.body.id}/dispatch-proposal`);
  expectStatus(p, 200);
  assert.deepEqual([p.body.mode, p.body.assist_org_id], ['joint', org.townA.id]);
});

test("a clue about the township's own discipline cadre: county-led, never seen by that township", async () => {
  const r = await c.cs.post('/clues', clue({ township_id: org.townA.id, summary: '反映文亭街道纪工委干部', persons: [villager({ name: '孙纪检', unit_name: '文亭街道纪工委', cadre_level: 'general_cadre', township_discipline_staff: true })] }));
  expectStatus(r, 201);
  assert.equal(r.body.conflict, true);
  assert.equal(r.body.proposed_mode, 'county_led');
  const id = r.body.id;
  expectStatus(await c.secA.get(`/clues/${id}`), 404, 'township sees it');
  assert.ok(!(await c.secA.get('/clues?q=纪工委干部')).body.items.some((x) => x.id === id), 'in the township list');
  expectStatus(await c.room1.get(`/clues/${id}`), 200, 'the linked room');
  const prop = await c.cs.get(`/clues/${id}/dispatch-proposal`);
  assert.equal(prop.body.assist_org_id, null, 'the township is not proposed to assist');
  expectError(await c.cs.post(`/clues/${id}/actions`, { action: 'propose_dispatch', mode: 'township', lead_org_id: org.townA.id, reason: '试图镇办' }), 422, 'validation_failed', 'mode');
  expectError(await c.cs.post(`/clues/${id}/actions`, { action: 'propose_dispatch', mode: 'joint', lead_org_id: org.room1.id, assist_org_id: org.townA.id, reason: '合办' }), 422, 'validation_failed', 'mode');
  expectError(await c.cs.post(`/clues/${id}/actions`, { action: 'propose_dispatch', mode: 'county_led', lead_org_id: org.room1.id, assist_org_id: org.townA.id }), 422, 'validation_failed', 'assist_org_id');
  const ok = await act(c.cs, id, { action: 'propose_dispatch', mode: 'county_led', lead_org_id: org.room1.id });
  assert.equal(ok.state, 'dispatch_proposed');
  expectStatus(await c.secA.get(`/clues/${id}`), 404, 'still hidden after dispatch');
});

test('joint dispatch, acknowledged handover, and a preliminary verification through its approval chain', async () => {
  const id = (await c.cs.post('/clues', clue({ township_id: org.townA.id, needs_county_strength: true, summary: '合办线索' }))).body.id;
  // Bad dispatches change nothing.
  expectError(await c.cs.post(`/clues/${id}/actions`, { action: 'propose_dispatch', mode: 'township', lead_org_id: otherTown.id, reason: '外县' }), 422, 'validation_failed', 'lead_org_id');
  expectError(await c.cs.post(`/clues/${id}/actions`, { action: 'propose_dispatch', mode: 'joint', lead_org_id: org.room1.id, assist_org_id: otherTown.id }), 422, 'validation_failed', 'assist_org_id');
  expectError(await c.cs.post(`/clues/${id}/actions`, { action: 'propose_dispatch', mode: 'joint', lead_org_id: org.townA.id, assist_org_id: org.townA.id }), 422, 'validation_failed', 'lead_org_id');
  expectError(await c.cs.post(`/clues/${id}/actions`, { action: 'propose_dispatch', mode: 'joint', lead_org_id: org.room1.id }), 422, 'validation_failed', 'assist_org_id');
  expectError(await c.cs.post(`/clues/${id}/actions`, { action: 'propose_dispatch', mode: 'township', lead_org_id: org.townA.id }), 422, 'validation_failed', 'reason');
  expectError(await c.cs.post(`/clues/${id}/actions`, { action: 'approve_dispatch' }), 409, 'conflict');
  assert.equal((await c.cs.get(`/clues/${id}`)).body.state, 'registered');

  let x = await act(c.cs, id, { action: 'propose_dispatch', mode: 'joint', lead_org_id: org.room1.id, assist_org_id: org.townA.id });
  assert.deepEqual([x.state, x.mode, x.lead_org_name, x.assist_org_name], ['dispatch_proposed', 'joint', '第一纪检监察室', '文亭街道']);
  expectError(await c.cs.post(`/clues/${id}/actions`, { action: 'approve_dispatch' }), 403, 'forbidden');
  expectError(await c.leader.post(`/clues/${id}/actions`, { action: 'return_dispatch' }), 422, 'validation_failed', 'reason');
  x = await act(c.leader, id, { action: 'approve_dispatch' });
  assert.equal(x.state, 'dispatched');
  assert.equal(x.deadline, null, 'no clock before the handover');
  // Only the lead unit signs for it; another room does not even see it.
  expectError(await c.secA.post(`/clues/${id}/actions`, { action: 'acknowledge' }), 403, 'forbidden');
  expectStatus(await c.room2.post(`/clues/${id}/actions`, { action: 'acknowledge' }), 404);
  assert.deepEqual((await c.room1.get(`/clues/${id}`)).body.actions, ['acknowledge']);
  x = await act(c.room1, id, { action: 'acknowledge' });
  assert.equal(x.state, 'received');
  assert.ok(x.acknowledged_at);
  assert.equal(x.deadline.limit, 'clue_disposal_proposal');
  assert.match(x.deadline.basis, /第二十一条/);
  assert.ok(x.deadline.due > addDays(TODAY, 27) && x.deadline.due <= addDays(TODAY, 40), `one month: ${x.deadline.due}`);
  // The assisting township sees it, the other township does not.
  expectStatus(await c.secA.get(`/clues/${id}`), 200);
  expectStatus(await c.secB.get(`/clues/${id}`), 404);

  // Disposal: 初步核实, approved by the room then the leader.
  expectError(await c.room1.post(`/clues/${id}/actions`, { action: 'propose_disposal', method: 'preliminary_verification' }), 422, 'validation_failed', 'plan');
  expectError(await c.room1.post(`/clues/${id}/actions`, { action: 'propose_disposal', method: 'audit' }), 422, 'validation_failed', 'method');
  x = await act(c.room1, id, { action: 'propose_disposal', method: 'preliminary_verification', plan: '成立核查组，调取账目，走访群众' });
  assert.equal(x.state, 'disposal_proposed');
  assert.deepEqual([x.approvals.needed, x.approvals.done, x.approvals.next], [['discipline_room', 'county_leader'], 0, 'discipline_room']);
  assert.match(x.approvals.basis, /第二十一条/);
  expectError(await c.leader.post(`/clues/${id}/actions`, { action: 'approve_disposal' }), 403, 'forbidden');
  expectError(await c.secA.post(`/clues/${id}/actions`, { action: 'approve_disposal' }), 403, 'forbidden');
  x = await act(c.room1, id, { action: 'approve_disposal' });
  assert.equal(x.state, 'disposal_proposed');
  assert.equal(x.approvals.next, 'county_leader');
  expectError(await c.room1.post(`/clues/${id}/actions`, { action: 'approve_disposal' }), 403, 'forbidden');
  x = await act(c.leader, id, { action: 'approve_disposal' });
  assert.equal(x.state, 'in_verification');
  assert.equal(x.deadline.limit, 'preliminary_verification');
  assert.deepEqual(x.record_kinds, []);
  assert.deepEqual((await c.room1.get(`/clues/${id}`)).body.record_kinds, ['verification_plan', 'verification_report']);

  // A conclusion needs the report and an outcome of the method.
  expectError(await c.room1.post(`/clues/${id}/actions`, { action: 'conclude', outcome: 'close', note: '经核实' }), 409, 'conflict');
  expectError(await c.room1.post(`/clues/${id}/records`, { kind: 'talk_record', day: TODAY, text: '谈话' }), 409, 'conflict', 'kind');
  expectError(await c.room1.post(`/clues/${id}/records`, { kind: 'verification_report', day: addDays(TODAY, 1), text: '报告' }), 422, 'validation_failed', 'day');
  const rec = await c.room1.post(`/clues/${id}/records`, { kind: 'verification_report', day: TODAY, text: '核查组报告：反映问题部分属实，情节轻微。' });
  expectStatus(rec, 201);
  expectError(await c.room1.post(`/clues/${id}/actions`, { action: 'conclude', outcome: 'reinquiry', note: '再函询' }), 422, 'validation_failed', 'outcome');
  expectError(await c.room1.post(`/clues/${id}/actions`, { action: 'conclude', outcome: 'close' }), 422, 'validation_failed', 'note');
  x = await act(c.room1, id, { action: 'conclude', outcome: 'close', note: '经初步核实，予以了结' });
  assert.deepEqual([x.state, x.outcome, x.closed_day, x.deadline], ['closed', 'close', TODAY, null]);
  assert.deepEqual(x.steps.map((s) => s.action), ['register', 'propose_dispatch', 'approve_dispatch', 'acknowledge', 'propose_disposal', 'approve_disposal', 'approve_disposal', 'conclude']);
  assert.equal(x.records.length, 1);
  expectError(await c.room1.post(`/clues/${id}/actions`, { action: 'conclude', outcome: 'close', note: '再次' }), 409, 'conflict');
});

test('township-handled talk or letter of inquiry: the secretary approves, the clock follows the letter and the reply', async () => {
  const id = (await c.secA.post('/clues', clue({ summary: '函询线索' }))).body.id;
  await act(c.cs, id, { action: 'propose_dispatch', mode: 'township', lead_org_id: org.townA.id });
  await act(c.leader, id, { action: 'approve_dispatch' });
  await act(c.staffA, id, { action: 'acknowledge' });
  let x = await act(c.staffA, id, { action: 'propose_disposal', method: 'talk_inquiry', plan: '向其本人发函询问' });
  assert.deepEqual(x.approvals.needed, ['township_secretary']);
  expectError(await c.staffA.post(`/clues/${id}/actions`, { action: 'approve_disposal' }), 403, 'forbidden');
  x = await act(c.secA, id, { action: 'approve_disposal' });
  assert.equal(x.state, 'in_talk_inquiry');
  assert.equal(x.deadline.limit, 'talk_inquiry_conduct');
  expectError(await c.staffA.post(`/clues/${id}/records`, { kind: 'inquiry_reply', day: TODAY, text: '回复', evaluation: '属实' }), 409, 'conflict', 'kind');
  x = (await c.staffA.post(`/clues/${id}/records`, { kind: 'inquiry_letter', day: TODAY, text: '函询函：请于15个工作日内书面说明' })).body;
  assert.equal(x.deadline.limit, 'inquiry_letter_reply');
  expectError(await c.staffA.post(`/clues/${id}/records`, { kind: 'inquiry_reply', day: TODAY, text: '本人说明' }), 422, 'validation_failed', 'evaluation');
  x = (await c.staffA.post(`/clues/${id}/records`, { kind: 'inquiry_reply', day: TODAY, text: '本人说明情况', evaluation: '说明清楚，反映不实' })).body;
  assert.equal(x.deadline.limit, 'inquiry_report');
  expectError(await c.staffA.post(`/clues/${id}/actions`, { action: 'conclude', outcome: 'file_case', note: '立案' }), 422, 'validation_failed', 'outcome');
  x = await act(c.staffA, id, { action: 'conclude', outcome: 'closed_unfounded', note: '采信说明，予以了结' });
  assert.equal(x.state, 'closed');

  // Another inquiry goes back for a new proposal and a new approval.
  const id2 = (await c.secA.post('/clues', clue({ summary: '再次函询线索' }))).body.id;
  await act(c.cs, id2, { action: 'propose_dispatch', mode: 'township', lead_org_id: org.townA.id });
  await act(c.leader, id2, { action: 'approve_dispatch' });
  await act(c.secA, id2, { action: 'acknowledge' });
  await act(c.secA, id2, { action: 'propose_disposal', method: 'talk_inquiry', plan: '谈话' });
  await act(c.secA, id2, { action: 'approve_disposal' });
  await c.secA.post(`/clues/${id2}/records`, { kind: 'talk_record', day: TODAY, text: '谈话笔录' });
  x = await act(c.secA, id2, { action: 'conclude', outcome: 'to_verification', note: '否认但反映具体，转初核' });
  assert.deepEqual([x.state, x.method, x.approvals.done], ['received', null, 0]);
  // Reassignment after the handover needs a reason.
  expectError(await c.cs.post(`/clues/${id2}/actions`, { action: 'propose_dispatch', mode: 'township', lead_org_id: org.townA.id }), 422, 'validation_failed', 'reason');
  x = await act(c.cs, id2, { action: 'propose_dispatch', mode: 'county_led', lead_org_id: org.room1.id, reason: '情况复杂，改由一室领办' });
  assert.equal(x.state, 'dispatch_proposed');
  assert.equal(x.deadline, null);
});

test('kept pending with a review date, and closure with its reason', async () => {
  const id = (await c.secA.post('/clues', clue({ summary: '暂存线索' }))).body.id;
  await act(c.cs, id, { action: 'propose_dispatch', mode: 'township', lead_org_id: org.townA.id });
  await act(c.leader, id, { action: 'approve_dispatch' });
  await act(c.secA, id, { action: 'acknowledge' });
  expectError(await c.secA.post(`/clues/${id}/actions`, { action: 'propose_disposal', method: 'pending' }), 422, 'validation_failed', 'review_day');
  expectError(await c.secA.post(`/clues/${id}/actions`, { action: 'propose_disposal', method: 'pending', review_day: TODAY }), 422, 'validation_failed', 'review_day');
  const review = addDays(TODAY, 30);
  await act(c.secA, id, { action: 'propose_disposal', method: 'pending', review_day: review, plan: '暂不具备核查条件' });
  expectError(await c.secA.post(`/clues/${id}/actions`, { action: 'reject_disposal' }), 422, 'validation_failed', 'reason');
  let x = await act(c.secA, id, { action: 'approve_disposal' });
  assert.deepEqual([x.state, x.deadline.due, x.review_day], ['pending', review, review]);
  expectError(await c.secA.post(`/clues/${id}/actions`, { action: 'review' }), 422, 'validation_failed', 'reason');
  x = await act(c.secA, id, { action: 'review', reason: '出现新的证据，提前研判' });
  assert.equal(x.state, 'received');

  const id2 = (await c.secA.post('/clues', clue({ summary: '了结线索' }))).body.id;
  await act(c.cs, id2, { action: 'propose_dispatch', mode: 'township', lead_org_id: org.townA.id });
  await act(c.leader, id2, { action: 'approve_dispatch' });
  await act(c.secA, id2, { action: 'acknowledge' });
  expectError(await c.secA.post(`/clues/${id2}/actions`, { action: 'propose_disposal', method: 'closure' }), 422, 'validation_failed', 'reason');
  await act(c.secA, id2, { action: 'propose_disposal', method: 'closure', reason: '反映问题已查清，不属实' });
  x = await act(c.secA, id2, { action: 'reject_disposal', reason: '理由不充分' });
  assert.deepEqual([x.state, x.method], ['received', null]);
  await act(c.secA, id2, { action: 'propose_disposal', method: 'closure', reason: '经查反映问题不属实' });
  x = await act(c.secA, id2, { action: 'approve_disposal' });
  assert.deepEqual([x.state, x.closed_day], ['closed', TODAY]);
});

async function petitionInProgress(summary) {
  const p = await c.po.post('/petitions', {
    channel: 'letter', type: 'accusation', real_name: false, summary, content: `${summary}，请求查处。`, category: 'mass',
    received_day: TODAY, persons: [villager({ name: '周会计', post: '报账员' })],
  });
  expectStatus(p, 201, 'petition');
  const id = p.body.id;
  for (const [client, body] of [[c.po, { action: 'accept' }], [c.po, { action: 'assign', handler_org_id: org.townA.id }], [c.staffA, { action: 'acknowledge' }]])
    expectStatus(await client.post(`/petitions/${id}/actions`, body), 200, body.action);
  return id;
}

test('a petition becomes a clue once, with the link kept both ways', async () => {
  const pid = await petitionInProgress('反映东关社区报账员虚报冒领');
  const before = await count();
  expectError(await c.secB.post('/clues', clue({ source: 'petition', petition_id: pid, township_id: org.townB.id })), 422, 'validation_failed', 'petition_id');
  const r = await c.staffA.post('/clues', clue({ source: 'petition', petition_id: pid, summary: '报账员虚报冒领' }));
  expectStatus(r, 201);
  assert.equal(r.body.petition_id, pid);
  assert.match(r.body.petition_number, /信〔/);
  const p = await c.po.get(`/petitions/${pid}`);
  assert.equal(p.body.state, 'converted_to_clue');
  assert.deepEqual(p.body.clues.map((x) => x.id), [r.body.id]);
  expectError(await c.staffA.post('/clues', clue({ source: 'petition', petition_id: pid })), 409, 'conflict', 'petition_id');
  assert.equal(await count(), before + 1);

  // The petition's own step registers the clue as well.
  const pid2 = await petitionInProgress('反映东关社区报账员优亲厚友');
  const s = await c.staffA.post(`/petitions/${pid2}/actions`, { action: 'convert_to_clue' });
  expectStatus(s, 200);
  assert.equal(s.body.clues.length, 1);
  const made = await c.staffA.get(`/clues/${s.body.clues[0].id}`);
  assert.deepEqual([made.body.source, made.body.petition_id, made.body.township_id, made.body.persons[0].name], ['petition', pid2, org.townA.id, '周会计']);
});

test('funnel, list filters and the audit trail without content', async () => {
  const f = await c.cs.get(`/clue-funnel?from=${YEAR}-01-01&to=${TODAY}`);
  expectStatus(f, 200);
  const all = await c.cs.get(`/clues?received_from=${YEAR}-01-01&received_to=${TODAY}&page_size=200`);
  assert.equal(f.body.total, all.body.total);
  const closed = f.body.by_state.find((x) => x.state === 'closed');
  assert.equal(closed.count, all.body.items.filter((x) => x.state === 'closed').length);
  assert.ok(f.body.matrix.some((x) => x.state === 'closed' && x.mode === 'joint' && x.count >= 1));
  const link = f.body.sankey.links.find((l) => l.source === 'supervision' && l.target === 'joint');
  assert.ok(link && link.value >= 1, JSON.stringify(f.body.sankey.links));
  assert.ok(f.body.sankey.nodes.some((n) => n.name === 'closed' && n.stage === 'end'));
  const outflow = f.body.sankey.links.filter((l) => ['township', 'county_led', 'joint', 'undispatched'].includes(l.source)).reduce((s, l) => s + l.value, 0);
  assert.equal(outflow, f.body.total, 'every clue flows to one end');
  expectError(await c.cs.get(`/clue-funnel?from=${TODAY}&to=${YEAR}-01-01`), 422, 'validation_failed', 'from');

  assert.ok((await c.cs.get('/clues?mode=joint')).body.items.every((x) => x.mode === 'joint'));
  expectError(await c.cs.get('/clues?state=nope'), 400, 'bad_request', 'state');

  const leaked = await dbQuery(ts, "SELECT COUNT(*) FROM audit_log WHERE entity = 'clue' AND detail LIKE '%集体资金%'");
  assert.equal(leaked.trim(), '0', 'clue content in the audit log');
  const made = await dbQuery(ts, "SELECT COUNT(*) FROM audit_log WHERE entity = 'clue' AND action = 'create'");
  assert.equal(Number(made.trim()), await count());
});
