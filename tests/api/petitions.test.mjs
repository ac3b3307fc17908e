// Petitions (IN-1 … IN-8): registration on the four channels with yearly
// numbers (also under concurrency), encrypted reporters and audited reveals,
// the person registry, jurisdiction proposals and overrides, the closed loop
// with its working-day clock, duplicates, data scopes, and bad input that
// writes nothing. Warnings: warnings.test.mjs; the ledger: ledgers.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { countyServer, listAll } from './lib/fixtures.mjs';
import { YEAR, TODAY, residentId, villager, letter as petitionLetter, collectiveVisit } from './lib/petitions.mjs';

let ts;
let admin;
let org;
const c = {};
const letter = (over = {}) => petitionLetter(org, over);

before(async () => {
  ({ ts, admin, org } = await countyServer(c, (org) => [
    ['petition', 'petition_office', org.petition],
    ['leader', 'county_leader', org.county],
    ['case_sup', 'case_supervision', org.caseSup],
    ['sec_a', 'township_secretary', org.townA],
    ['staff_a', 'township_staff', org.townA],
    ['staff_b', 'township_staff', org.townB],
    ['room_1', 'discipline_room', org.room1],
    ['room_2', 'discipline_room', org.room2],
    ['trial', 'trial_office', org.trial],
  ]));
});

after(async () => {
  if (ts) await ts.stop();
});

test('four channels: each keeps its own particulars; numbers run per organisation and year', async () => {
  const r1 = await c.petition.post('/petitions', letter());
  expectStatus(r1, 201, 'letter');
  assert.match(r1.body.number, new RegExp(`^成纪信〔${YEAR}〕\\d{4}号$`));
  assert.equal(r1.body.state, 'registered');
  assert.equal(r1.body.postmark_day, TODAY);
  assert.equal(r1.body.intake_org.id, org.petition.id);
  assert.equal(r1.body.proposal.jurisdiction, 'township');
  assert.equal(r1.body.proposal.within_scope, true);
  assert.ok(r1.body.proposal.basis.includes('第十一条'));
  assert.equal(r1.body.first_handler.id, c.petition.user.id);

  const visit = collectiveVisit(org);
  const r2 = await c.petition.post('/petitions', visit);
  expectStatus(r2, 201, 'visit');
  assert.equal(r2.body.visitors, 6);
  assert.equal(r2.body.identity_checked, true);
  const codes = r2.body.warnings.map((w) => w.code);
  assert.ok(codes.includes('collective_visit'), `collective visit warning: ${codes}`);
  assert.ok(codes.includes('risk_terms'), `risk terms warning: ${codes}`);
  assert.match(r2.body.warnings.find((w) => w.code === 'risk_terms').terms, /进京/);

  const phone = letter({ channel: 'phone', postmark_day: undefined, call_time: `${TODAY}T09:30`, real_name: false,
    reporter: { phone: '0537-5212388' }, summary: '来电反映村干部吃拿卡要', subcategory: 'arbitrary_charges' });
  const r3 = await c.petition.post('/petitions', phone);
  expectStatus(r3, 201, 'phone');
  assert.equal(r3.body.call_time, `${TODAY}T09:30`);
  assert.equal(r3.body.real_name, false);

  const web = letter({ channel: 'web', postmark_day: undefined, web_source: '12388举报网站', summary: '网络举报扶贫资金问题', subcategory: 'poverty_relief' });
  const r4 = await c.petition.post('/petitions', web);
  expectStatus(r4, 201, 'web');
  assert.equal(r4.body.web_source, '12388举报网站');

  // Consecutive numbers in the county commission's series.
  const seqs = [r1, r2, r3, r4].map((r) => Number(r.body.number.match(/〕(\d{4})号/)[1]));
  assert.deepEqual(seqs, [seqs[0], seqs[0] + 1, seqs[0] + 2, seqs[0] + 3]);

  // A township keeps its own series, starting at 0001.
  const t = await c.staff_a.post('/petitions', letter({ summary: '镇登记的第一件' }));
  expectStatus(t, 201, 'township registration');
  assert.equal(t.body.number, `文亭信〔${YEAR}〕0001号`);
});

test('numbering under concurrent registration: unique and gapless', async () => {
  const n = 24;
  const before = await listAll(c.sec_a, '/petitions');
  const rs = await Promise.all(
    Array.from({ length: n }, (_, i) => (i % 2 ? c.sec_a : c.staff_a).post('/petitions', letter({ summary: `并发登记${i}` }))),
  );
  for (const r of rs) expectStatus(r, 201, 'concurrent registration');
  const all = await listAll(c.sec_a, `/petitions?intake_org_id=${org.townA.id}`);
  const seqs = all.items.map((p) => Number(p.number.match(/〕(\d{4})号/)[1])).sort((a, b) => a - b);
  assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'township series 1..N without gaps');
  assert.equal(all.total, before.items.filter((p) => p.intake_org.id === org.townA.id).length + n);
});

test('reporter identity: encrypted at rest, absent from views and the audit, revealed only with a reason', async () => {
  const id = residentId('37172319900214003');
  const r = await c.petition.post('/petitions', letter({ reporter: { name: '钱保密', id_number: id, phone: '13812345678' } }));
  expectStatus(r, 201);
  const pid = r.body.id;
  const text = JSON.stringify(r.body);
  assert.ok(!text.includes('钱保密') && !text.includes(id) && !text.includes('13812345678'), 'no identity in the view');
  assert.deepEqual(r.body.reporter, { recorded: true, may_reveal: true });

  const raw = dbQuery(ts, `SELECT reporter_sealed || '|' || COALESCE(reporter_key, '') FROM petitions WHERE id = ${pid}`);
  assert.ok(raw.trim().length > 40, 'sealed text stored');
  assert.ok(!raw.includes('钱保密') && !raw.includes(id) && !raw.includes('13812345678'), 'no plain identity in the database');

  expectError(await c.petition.post(`/petitions/${pid}/reveal`, {}), 422, 'validation_failed', 'reason');
  expectError(await c.petition.post(`/petitions/${pid}/reveal`, { reason: '看' }), 422, 'validation_failed', 'reason');
  expectError(await c.staff_a.post(`/petitions/${pid}/reveal`, { reason: '核实举报人身份' }), 403, 'forbidden');
  expectError(await c.room_1.post(`/petitions/${pid}/reveal`, { reason: '核实举报人身份' }), 403, 'forbidden');
  const rv = await c.petition.post(`/petitions/${pid}/reveal`, { reason: '需电话告知受理情况' });
  expectStatus(rv, 200, 'reveal');
  assert.equal(rv.body.reporter.name, '钱保密');
  assert.equal(rv.body.reporter.id_number, id);
  // A township secretary may reveal, but only within the township's scope.
  expectError(await c.sec_a.post(`/petitions/${pid}/reveal`, { reason: '核实举报人身份' }), 404, 'not_found');

  const auditor = await ts.adminClient('auditor');
  const log = await auditor.get(`/audit-log?entity=petition&page_size=200`);
  expectStatus(log, 200);
  const reveal = log.body.items.find((x) => x.action === 'reveal_reporter' && x.entity_id === pid);
  assert.ok(reveal, 'reveal audited');
  assert.equal(reveal.actor_id, c.petition.user.id);
  assert.equal(reveal.detail.reason, '需电话告知受理情况');
  const all = JSON.stringify(log.body);
  assert.ok(!all.includes('钱保密') && !all.includes(id) && !all.includes('截留困难群众'), 'no identity or content in the audit');
});

test('person registry: the same person across petitions is one entity, and repeats are flagged', async () => {
  const p = villager({ name: '孙重复', unit_name: '汶上村委会' });
  const a = await c.petition.post('/petitions', letter({ persons: [p], summary: '第一次反映孙重复' }));
  const b = await c.petition.post('/petitions', letter({ persons: [{ ...p, post: '村支书' }], summary: '再次反映孙重复' }));
  expectStatus(a, 201);
  expectStatus(b, 201);
  assert.equal(a.body.persons[0].person_id, b.body.persons[0].person_id);
  assert.equal(b.body.persons[0].post, '村支书', 'latest facts kept');
  const d = await c.petition.get(`/petitions/${b.body.id}`);
  assert.ok(d.body.related.some((x) => x.id === a.body.id), 'earlier petition listed as related');
  assert.ok(d.body.warnings.some((w) => w.code === 'repeat'));
  const people = await c.petition.get(`/persons?q=${encodeURIComponent('孙重复')}`);
  expectStatus(people, 200);
  assert.equal(people.body.total, 1);
  const byPerson = await c.petition.get(`/petitions?person_id=${a.body.persons[0].person_id}`);
  assert.equal(byPerson.body.total, 2);
  // Another township's staff do not see this person (no petition in their scope names them).
  const other = await c.staff_b.get(`/persons?q=${encodeURIComponent('孙重复')}`);
  assert.equal(other.body.total, 0);
  expectError(await c.petition.post('/petitions', letter({ persons: [p, p] })), 422, 'validation_failed', 'persons[1].name');
});

test('jurisdiction: proposal from cadre level and conflicts; an override needs a reason and is audited', async () => {
  const secretary = villager({ name: '周书记', unit_name: '文亭街道党工委', post: '党工委书记', cadre_level: 'township_section', township_party_secretary: true });
  const prop = await c.petition.post('/jurisdiction-proposals', { type: 'accusation', persons: [secretary] });
  expectStatus(prop, 200);
  assert.equal(prop.body.jurisdiction, 'county');
  const county = await c.petition.post('/jurisdiction-proposals', { type: 'accusation', persons: [villager({ cadre_level: 'county_division' })] });
  assert.equal(county.body.jurisdiction, 'upward');
  const civil = await c.petition.post('/jurisdiction-proposals', { type: 'out_of_scope', persons: [] });
  assert.equal(civil.body.within_scope, false);

  expectError(await c.petition.post('/petitions', letter({ jurisdiction: 'county' })), 422, 'validation_failed', 'jurisdiction_reason');
  const r = await c.petition.post('/petitions', letter({ jurisdiction: 'county', jurisdiction_reason: '涉及多个村，由县纪委监委直接办理' }));
  expectStatus(r, 201);
  assert.equal(r.body.proposed_jurisdiction, 'township');
  assert.equal(r.body.jurisdiction, 'county');
  assert.equal(r.body.jurisdiction_reason, '涉及多个村，由县纪委监委直接办理');
  const auditor = await ts.adminClient('auditor');
  const log = await auditor.get(`/audit-log?entity=petition&page_size=200`);
  const rec = log.body.items.find((x) => x.action === 'create' && x.entity_id === r.body.id);
  assert.equal(rec.detail.jurisdiction_override_reason, '涉及多个村，由县纪委监委直接办理');
});

test('closed loop: accept, assign to a township, acknowledge, conclude, feedback, follow-up, archive', async () => {
  const r = await c.petition.post('/petitions', letter({ summary: '闭环测试件' }));
  expectStatus(r, 201);
  const id = r.body.id;
  assert.equal(r.body.deadline.limit, 'petition_acceptance_notice');
  assert.ok(r.body.deadline.basis.length > 0);
  assert.deepEqual(r.body.actions.sort(), ['accept', 'merge', 'reject', 'transfer_out']);

  // Wrong step for the state, wrong role, missing fields.
  expectError(await c.petition.post(`/petitions/${id}/actions`, { action: 'conclude', note: 'x' }), 409, 'conflict', 'action');
  expectError(await c.petition.post(`/petitions/${id}/actions`, { action: 'fly' }), 422, 'validation_failed', 'action');
  expectError(await c.leader.post(`/petitions/${id}/actions`, { action: 'accept' }), 403, 'forbidden');
  expectError(await c.petition.post(`/petitions/${id}/actions`, { action: 'reject' }), 422, 'validation_failed', 'reason');
  expectError(await c.petition.post(`/petitions/${id}/actions`, { action: 'accept', handler_org_id: org.townA.id }), 422, 'validation_failed', 'handler_org_id');

  let s = await c.petition.post(`/petitions/${id}/actions`, { action: 'accept' });
  expectStatus(s, 200, 'accept');
  assert.equal(s.body.state, 'accepted');
  assert.equal(s.body.deadline.limit, 'petition_conclude');
  assert.equal(s.body.deadline.start, TODAY);

  // The township cannot see it before it is assigned there.
  expectError(await c.staff_a.get(`/petitions/${id}`), 404, 'not_found');
  expectError(await c.petition.post(`/petitions/${id}/actions`, { action: 'assign', handler_org_id: org.trial.id }), 422, 'validation_failed', 'handler_org_id');
  s = await c.petition.post(`/petitions/${id}/actions`, { action: 'assign', handler_org_id: org.townA.id });
  expectStatus(s, 200, 'assign');
  assert.equal(s.body.handler_org.id, org.townA.id);
  assert.equal(s.body.first_handler.id, c.petition.user.id, 'first handler until acknowledged');
  expectError(await c.staff_b.get(`/petitions/${id}`), 404, 'not_found');
  expectStatus(await c.room_1.get(`/petitions/${id}`), 200, 'room linked to A');
  expectError(await c.room_2.get(`/petitions/${id}`), 404, 'not_found');

  const seen = await c.staff_a.get(`/petitions/${id}`);
  expectStatus(seen, 200);
  assert.deepEqual(seen.body.actions, ['acknowledge']);
  expectError(await c.petition.post(`/petitions/${id}/actions`, { action: 'acknowledge' }), 403, 'forbidden');
  s = await c.staff_a.post(`/petitions/${id}/actions`, { action: 'acknowledge' });
  expectStatus(s, 200, 'acknowledge');
  assert.equal(s.body.state, 'in_progress');
  assert.equal(s.body.first_handler.id, c.staff_a.user.id, 'first-handler responsibility passes on acknowledgement');
  assert.ok(s.body.handler_acknowledged_at);

  expectError(await c.staff_a.post(`/petitions/${id}/actions`, { action: 'conclude' }), 422, 'validation_failed', 'note');
  s = await c.staff_a.post(`/petitions/${id}/actions`, { action: 'conclude', note: '经核实，低保评定程序违规，已责令整改' });
  expectStatus(s, 200, 'conclude');
  assert.equal(s.body.deadline.limit, 'petition_result_feedback');
  // Feedback, follow-up and archive belong to the intake office.
  expectError(await c.staff_a.post(`/petitions/${id}/actions`, { action: 'give_feedback', note: '已告知' }), 403, 'forbidden');
  s = await c.petition.post(`/petitions/${id}/actions`, { action: 'give_feedback', note: '已电话告知举报人办理结果' });
  expectStatus(s, 200, 'feedback');
  assert.equal(s.body.deadline, null, 'no clock after feedback');
  s = await c.petition.post(`/petitions/${id}/actions`, { action: 'follow_up', note: '回访满意' });
  expectStatus(s, 200, 'follow-up');
  s = await c.petition.post(`/petitions/${id}/actions`, { action: 'archive' });
  expectStatus(s, 200, 'archive');
  assert.equal(s.body.state, 'archived');
  assert.deepEqual(s.body.actions, []);
  assert.deepEqual(
    s.body.steps.map((x) => x.action),
    ['register', 'accept', 'assign', 'acknowledge', 'conclude', 'give_feedback', 'follow_up', 'archive'],
  );
  assert.ok(s.body.steps.every((x) => x.actor.name), 'each step names its actor');
});

test('suspension stops the clock; one extension by the leader; transfer out and merge endings', async () => {
  const r = await c.petition.post('/petitions', letter({ summary: '中止延期测试件' }));
  const id = r.body.id;
  await c.petition.post(`/petitions/${id}/actions`, { action: 'accept' });
  expectError(await c.petition.post(`/petitions/${id}/actions`, { action: 'suspend', reason: '等待司法鉴定' }), 403, 'forbidden');
  expectError(await c.leader.post(`/petitions/${id}/actions`, { action: 'suspend' }), 422, 'validation_failed', 'reason');
  let s = await c.leader.post(`/petitions/${id}/actions`, { action: 'suspend', reason: '等待司法鉴定' });
  expectStatus(s, 200, 'suspend');
  assert.equal(s.body.suspended, true);
  assert.equal(s.body.deadline.status, 'suspended');
  expectError(await c.petition.post(`/petitions/${id}/actions`, { action: 'assign', handler_org_id: org.townA.id }), 409, 'conflict');
  s = await c.leader.post(`/petitions/${id}/actions`, { action: 'resume' });
  expectStatus(s, 200, 'resume');
  assert.equal(s.body.suspended, false);
  const due0 = s.body.deadline.due;
  s = await c.petition.post(`/petitions/${id}/actions`, { action: 'assign', handler_org_id: org.room1.id });
  expectStatus(s, 200, 'assign to a room');
  s = await c.leader.post(`/petitions/${id}/actions`, { action: 'extend', reason: '案情复杂' });
  expectStatus(s, 200, 'extend');
  assert.ok(s.body.deadline.due > due0, `extended ${due0} → ${s.body.deadline.due}`);
  assert.equal(s.body.deadline.extensions, 1);
  expectError(await c.leader.post(`/petitions/${id}/actions`, { action: 'extend', reason: '再延' }), 409, 'conflict', 'action');

  const out = await c.petition.post('/petitions', letter({ type: 'out_of_scope', persons: [], summary: '邻里纠纷' }));
  assert.equal(out.body.proposal.within_scope, false);
  expectError(await c.petition.post(`/petitions/${out.body.id}/actions`, { action: 'transfer_out', reason: '不属受理范围' }), 422, 'validation_failed', 'transfer_to');
  s = await c.petition.post(`/petitions/${out.body.id}/actions`, { action: 'transfer_out', reason: '不属受理范围', transfer_to: '县人民法院' });
  expectStatus(s, 200, 'transfer out');
  assert.equal(s.body.transfer_to, '县人民法院');
  assert.equal(s.body.deadline, null);

  const dup = await c.petition.post('/petitions', letter({ summary: '重复件' }));
  expectError(await c.petition.post(`/petitions/${dup.body.id}/actions`, { action: 'merge', reason: '重复', merged_into: dup.body.id }), 422, 'validation_failed', 'merged_into');
  s = await c.petition.post(`/petitions/${dup.body.id}/actions`, { action: 'merge', reason: '与前件内容相同', merged_into: id });
  expectStatus(s, 200, 'merge');
  assert.equal(s.body.merged_into, id);
});

test('deadlines count working days across the National Day holiday', async () => {
  // 2024-09-25 + 15 working days: 29 Sep (Sunday) is a make-up working day,
  // 1–7 Oct are off, 12 Oct (Saturday) works → 2024-10-21.
  const r = await c.petition.post('/petitions', letter({ received_day: '2024-09-25', postmark_day: '2024-09-24' }));
  expectStatus(r, 201);
  assert.equal(r.body.deadline.due, '2024-10-21');
  assert.equal(r.body.deadline.status, 'overdue');
  const overdue = await c.petition.get('/petitions?overdue=true&page_size=200');
  assert.ok(overdue.body.items.some((p) => p.id === r.body.id));
  assert.ok(overdue.body.items.every((p) => p.deadline && p.deadline.status === 'overdue'));
});

test('list filters and scopes: township sees its own, the county office everything, others nothing', async () => {
  const mine = await listAll(c.staff_b, '/petitions');
  assert.equal(mine.total, 0, 'town B has none');
  const a = await listAll(c.staff_a, '/petitions');
  assert.ok(a.total > 0 && a.items.every((p) => p.intake_org.id === org.townA.id || p.handler_org?.id === org.townA.id));
  const all = await listAll(c.case_sup, '/petitions');
  assert.ok(all.total > a.total);
  const letters = await c.petition.get('/petitions?channel=visit&page_size=200');
  assert.ok(letters.body.items.length > 0 && letters.body.items.every((p) => p.channel === 'visit'));
  const q = await c.petition.get(`/petitions?q=${encodeURIComponent('王守田')}`);
  assert.ok(q.body.total > 0, 'search by reported person');
  // Chinese full text: 2-character words, phrases, always within the scope.
  const word = async (client, w) => (await listAll(client, `/petitions?q=${encodeURIComponent(w)}`)).items;
  const poverty = await word(c.petition, '扶贫');
  assert.ok(poverty.length > 0 && poverty.every((p) => p.summary.includes('扶贫')), 'q=扶贫');
  const minimum = await word(c.petition, '低保');
  assert.ok(minimum.length > 5, 'q=低保');
  const land = await word(c.petition, '征地补偿');
  assert.ok(land.length > 0 && land.every((p) => p.channel === 'visit'), 'q=征地补偿 (content)');
  assert.equal((await word(c.petition, '补偿征地')).length, 0, 'a phrase, not a bag of characters');
  const townMinimum = await word(c.staff_a, '低保');
  assert.ok(townMinimum.length > 0 && townMinimum.length < minimum.length, 'township sees its own matches only');
  assert.equal((await word(c.staff_b, '低保')).length, 0, 'nothing outside the scope');
  expectError(await c.petition.get('/petitions?state=nope'), 400, 'bad_request', 'state');
  expectError(await c.petition.get('/petitions?received_from=2024-13-01'), 400, 'bad_request', 'received_from');
  expectError(await c.trial.get('/petitions'), 403, 'forbidden');
  expectError(await c.case_sup.post('/petitions', letter()), 403, 'forbidden');
  expectError(await admin.get('/petitions'), 403, 'forbidden');
});

test('bad input: a clear 422 naming the field, and nothing is written', async () => {
  const count = () => Number(dbQuery(ts, 'SELECT COUNT(*) FROM petitions').trim());
  const steps = () => Number(dbQuery(ts, 'SELECT COUNT(*) FROM petition_steps').trim());
  const n0 = count();
  const s0 = steps();
  const bad = [
    [{ reporter: { name: '甲', id_number: '371723198001010021', phone: '13905371234' } }, 'reporter.id_number'],
    [{ reporter: { name: '甲', phone: '1234' } }, 'reporter.phone'],
    [{ reporter: { name: '甲' } }, 'reporter.phone'],
    [{ real_name: false, reporter: { name: '甲' } }, 'reporter.name'],
    [{ received_day: '2999-01-01' }, 'received_day'],
    [{ received_day: '2024-02-30' }, 'received_day'],
    [{ postmark_day: '2999-01-01', received_day: TODAY }, 'postmark_day'],
    [{ category: 'gossip' }, 'category'],
    [{ subcategory: 'election_fraud' }, 'subcategory'],
    [{ area: 'moon' }, 'area'],
    [{ channel: 'pigeon' }, 'channel'],
    [{ type: 'praise' }, 'type'],
    [{ channel: 'visit', postmark_day: undefined, identity_checked: true, reception_cadre: '赵' }, 'visitors'],
    [{ channel: 'visit', postmark_day: undefined, visitors: 0, identity_checked: true, reception_cadre: '赵' }, 'visitors'],
    [{ visitors: 3 }, 'visitors'],
    [{ channel: 'phone', postmark_day: undefined, call_time: '2024-01-01 09:00' }, 'call_time'],
    [{ channel: 'phone', postmark_day: undefined, call_time: `${TODAY}T25:00` }, 'call_time'],
    [{ channel: 'web', postmark_day: undefined }, 'web_source'],
    [{ content: '长'.repeat(20001) }, 'content'],
    [{ summary: '' }, 'summary'],
    [{ place_org_id: org.petition.id }, 'place_org_id'],
    [{ persons: [villager({ cadre_level: 'emperor' })] }, 'persons[0].cadre_level'],
    [{ persons: [villager({ name: '' })] }, 'persons[0].name'],
    [{ persons: [{ ...villager(), shoe_size: 42 }] }, 'persons[0].shoe_size'],
    [{ jurisdiction: 'heaven', jurisdiction_reason: '理由' }, 'jurisdiction'],
    [{ secret: 1 }, 'secret'],
  ];
  for (const [over, field] of bad) {
    const body = letter(over);
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    expectError(await c.petition.post('/petitions', body), 422, 'validation_failed', field, JSON.stringify(over).slice(0, 80));
  }
  expectError(await c.petition.request('POST', '/petitions', { raw: '{"channel":' }), 400, 'malformed_json');
  assert.equal(count(), n0, 'no petition written');
  assert.equal(steps(), s0, 'no step written');
});

test('duplicates: near-identical content is flagged with a score, checked before registration, and merged as a repeat', async () => {
  const text = '反映汶上村会计孙某某长期挪用村集体土地流转收入，账目不公开，群众多次要求公示未果。';
  const first = await c.petition.post('/petitions', letter({ summary: '反映村会计挪用土地流转收入', content: text, persons: [villager({ name: '孙会计', unit_name: '汶上村委会' })] }));
  expectStatus(first, 201);
  // Before registering the second one, the form asks for candidates.
  const near = text.replace('群众多次要求公示未果', '群众多次要求公示一直未果');
  const check = await c.petition.post('/petition-duplicates', { summary: '再次反映村会计挪用土地流转收入', content: near });
  expectStatus(check, 200);
  const hit = check.body.items.find((x) => x.id === first.body.id);
  assert.ok(hit, `candidate found: ${JSON.stringify(check.body)}`);
  assert.equal(hit.reason, 'similar_content');
  assert.ok(hit.similarity >= 0.6 && hit.similarity <= 1, `similarity ${hit.similarity}`);
  const byPerson = await c.petition.post('/petition-duplicates', { content: '完全不同的内容', persons: [{ name: '孙会计', unit_name: '汶上村委会' }] });
  assert.ok(byPerson.body.items.some((x) => x.id === first.body.id && x.reason === 'same_person'));
  const unrelated = await c.petition.post('/petition-duplicates', { content: '举报某局长公车私用，周末驾驶公务车辆外出钓鱼。' });
  assert.ok(!unrelated.body.items.some((x) => x.id === first.body.id), 'unrelated text is no candidate');
  // Out of scope: another township sees no candidate from the county's items.
  const other = await c.staff_b.post('/petition-duplicates', { content: near });
  assert.equal(other.body.items.length, 0);

  const second = await c.petition.post('/petitions', letter({ summary: '再次反映村会计挪用土地流转收入', content: near, reporter: { name: '另一举报人', phone: '13700001111' } }));
  expectStatus(second, 201);
  const d = await c.petition.get(`/petitions/${second.body.id}`);
  assert.ok(d.body.duplicates.some((x) => x.id === first.body.id && x.similarity >= 0.6));
  assert.ok(d.body.warnings.some((w) => w.code === 'duplicate'));
  // Merge it into the first as a repeat; both sources and reporters stay.
  const m = await c.petition.post(`/petitions/${second.body.id}/actions`, { action: 'merge', reason: '内容重复，合并办理', merged_into: first.body.id });
  expectStatus(m, 200);
  assert.equal(m.body.state, 'merged');
  const f = await c.petition.get(`/petitions/${first.body.id}`);
  assert.deepEqual(f.body.repeats.map((x) => x.id), [second.body.id]);
  const rv = await c.petition.post(`/petitions/${second.body.id}/reveal`, { reason: '核对重复件举报人' });
  assert.equal(rv.body.reporter.name, '另一举报人', 'the repeat keeps its reporter');
  // A merge across scopes is refused: town A cannot merge into a county item it cannot see.
  const townItem = await c.staff_a.post('/petitions', letter({ summary: '镇件', content: near }));
  expectError(
    await c.staff_a.post(`/petitions/${townItem.body.id}/actions`, { action: 'merge', reason: '重复', merged_into: first.body.id }),
    422, 'validation_failed', 'merged_into',
  );
  expectError(await c.petition.post('/petition-duplicates', { content: 'x', persons: [{ name: '甲' }] }), 422, 'validation_failed', 'persons[0].unit_name');
});
