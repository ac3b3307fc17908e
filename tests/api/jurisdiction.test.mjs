// Jurisdiction (IN-3, domain.md §1) enforced, not advised (issue 27 items 2
// and 12): a petition naming a township's own discipline staff or its party
// secretary is the county's from registration and invisible to every
// township (list, detail, search, warnings, reveal, persons, ledger);
// accepting or assigning outside jurisdiction is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { buildCounty, createUser, loginNew, listAll } from './lib/fixtures.mjs';

let ts;
let org;
const c = {};
const TODAY = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

function petition(persons, over = {}) {
  return {
    channel: 'letter',
    type: 'accusation',
    real_name: true,
    reporter: { name: '李秀英', phone: '13905371234' },
    summary: '反映干部违规',
    content: '具体问题：违规收受礼金，请求查处。',
    category: 'mass',
    received_day: TODAY,
    persons,
    ...over,
  };
}

before(async () => {
  ts = await startServer();
  const admin = await ts.adminClient('admin');
  org = await buildCounty(admin);
  const mk = async (key, role, unit, display) => {
    const u = await createUser(admin, { username: key, display_name: display || `用户${key}`, org_unit_id: unit.id, role });
    c[key] = await loginNew(ts, key, u.initial_password);
  };
  await mk('office', 'petition_office', org.petition);
  await mk('leader', 'county_leader', org.county);
  await mk('sec_a', 'township_secretary', org.townA, '赵纪明');
  await mk('staff_a', 'township_staff', org.townA);
  await mk('own_a', 'township_staff', org.townA);
  await mk('sec_b', 'township_secretary', org.townB);
});

after(async () => {
  if (ts) await ts.stop();
});

async function invisibleToTownships(id, number, words) {
  for (const key of ['sec_a', 'staff_a', 'sec_b']) {
    expectError(await c[key].get(`/petitions/${id}`), 404, 'not_found');
    const all = await listAll(c[key], '/petitions');
    assert.ok(!all.items.some((p) => p.id === id), `${key} lists it`);
    const found = await c[key].get(`/petitions?q=${encodeURIComponent(words)}`);
    assert.ok(!found.body.items.some((p) => p.id === id), `${key} finds it by search`);
    const warnings = await listAll(c[key], '/warnings');
    assert.ok(!JSON.stringify(warnings.items).includes(number), `${key} warned of it`);
  }
  expectError(await c.sec_a.post(`/petitions/${id}/reveal`, { reason: '核实举报人身份' }), 404, 'not_found');
  expectError(await c.sec_a.post(`/petitions/${id}/actions`, { action: 'accept' }), 404, 'not_found');
  const ledger = await c.sec_a.request('GET', '/ledgers/petitions.xlsx');
  assert.equal(ledger.status, 200);
}

test('a petition naming the township discipline secretary (ticked) is the county\'s from registration', async () => {
  const r = await c.staff_a.post('/petitions', petition([{ name: '钱纪委', unit_name: '文亭街道', cadre_level: 'general_cadre', party_member: true, public_official: true, township_discipline_staff: true, unit_org_id: org.townA.id }], { summary: '反映街道纪工委干部钱纪委收礼' }));
  expectStatus(r, 201, 'register');
  const id = r.body.id;
  assert.equal(r.body.jurisdiction, 'county');
  assert.equal(r.body.intake_org.id, org.petition.id, 'the county petition office is its intake');
  assert.match(r.body.number, /^成纪信/, 'numbered by the county');
  await invisibleToTownships(id, r.body.number, '钱纪委');
  const seen = await c.office.get(`/petitions/${id}`);
  expectStatus(seen, 200, 'the county petition office sees it');
  assert.ok(seen.body.actions.includes('accept'));
  assert.equal(Number(dbQuery(ts, `SELECT conflict FROM petitions WHERE id = ${id}`)), 1);
  // It cannot be given to a township.
  expectStatus(await c.office.post(`/petitions/${id}/actions`, { action: 'accept' }), 200);
  expectError(await c.office.post(`/petitions/${id}/actions`, { action: 'assign', handler_org_id: org.townA.id }), 422, 'validation_failed', 'handler_org_id');
  expectError(await c.office.post(`/petitions/${id}/actions`, { action: 'assign', handler_org_id: org.townB.id }), 422, 'validation_failed', 'handler_org_id');
  expectStatus(await c.office.post(`/petitions/${id}/actions`, { action: 'assign', handler_org_id: org.room1.id }), 200);
  await invisibleToTownships(id, r.body.number, '钱纪委');
});

test('the township secretary named by the name of their own account, or by a written post, is detected too', async () => {
  // Nobody ticked anything: the name is the account of township A's secretary.
  const byName = await c.staff_a.post('/petitions', petition([{ name: '赵纪明', unit_name: '文亭街道', cadre_level: 'general_cadre', party_member: true, unit_org_id: org.townA.id }], { summary: '反映赵纪明压案不查' }));
  expectStatus(byName, 201);
  assert.equal(byName.body.intake_org.id, org.petition.id);
  await invisibleToTownships(byName.body.id, byName.body.number, '赵纪明');
  const byPost = await c.sec_b.post('/petitions', petition([{ name: '孙某', unit_name: '汶上街道', post: '街道党工委书记', cadre_level: 'township_section', party_member: true }], { summary: '反映孙某违规吃喝' }));
  expectStatus(byPost, 201);
  await invisibleToTownships(byPost.body.id, byPost.body.number, '孙某');
  const persons = (await c.office.get(`/petitions/${byPost.body.id}`)).body.persons;
  assert.equal(persons[0].township_party_secretary, true, 'the post marked the person');
  // A community's party secretary is no township conflict.
  const village = await c.staff_a.post('/petitions', petition([{ name: '马某', unit_name: '东关社区', post: '社区党委书记', cadre_level: 'village_cadre', party_member: true }], { summary: '反映社区书记优亲厚友' }));
  expectStatus(village, 201);
  expectStatus(await c.staff_a.get(`/petitions/${village.body.id}`), 200);
  assert.equal(village.body.jurisdiction, 'township');
});

test('no override gives a conflict-of-interest petition to a township', async () => {
  const before = Number(dbQuery(ts, 'SELECT COUNT(*) FROM petitions'));
  const r = await c.sec_a.post('/petitions', petition([{ name: '钱纪委', unit_name: '文亭街道', cadre_level: 'general_cadre', township_discipline_staff: true }], { jurisdiction: 'township', jurisdiction_reason: '本镇自行办理' }));
  expectError(r, 422, 'validation_failed', 'jurisdiction');
  assert.match(r.body.error.message, /回避/);
  assert.equal(Number(dbQuery(ts, 'SELECT COUNT(*) FROM petitions')), before, 'nothing stored');
});

test('a township sends a county matter up at registration; it sees it but cannot accept or keep it', async () => {
  const r = await c.staff_a.post('/petitions', petition([{ name: '周副镇长', unit_name: '文亭街道', post: '副主任', cadre_level: 'township_section', party_member: true, public_official: true }], { summary: '反映周副镇长插手工程' }));
  expectStatus(r, 201);
  assert.equal(r.body.jurisdiction, 'county');
  assert.equal(r.body.intake_org.id, org.petition.id);
  const seen = await c.staff_a.get(`/petitions/${r.body.id}`);
  expectStatus(seen, 200, 'the registering township still sees what it sent up');
  assert.deepEqual(seen.body.actions, []);
  expectError(await c.sec_a.post(`/petitions/${r.body.id}/actions`, { action: 'accept' }), 403, 'forbidden');
  // The county accepts it; it may not give it to the township.
  expectStatus(await c.office.post(`/petitions/${r.body.id}/actions`, { action: 'accept' }), 200);
  const a = await c.office.post(`/petitions/${r.body.id}/actions`, { action: 'assign', handler_org_id: org.townA.id });
  expectError(a, 422, 'validation_failed', 'handler_org_id');
  assert.match(a.body.error.message, /第十一条/);
});

test('accepting what goes up or out is refused with the rule and its article', async () => {
  const up = await c.office.post('/petitions', petition([{ name: '吴局长', unit_name: '县住建局', cadre_level: 'county_division', party_member: true, public_official: true }], { summary: '反映吴局长' }));
  expectStatus(up, 201);
  assert.equal(up.body.jurisdiction, 'upward');
  const r = await c.office.post(`/petitions/${up.body.id}/actions`, { action: 'accept' });
  expectError(r, 422, 'validation_failed', 'jurisdiction');
  assert.match(r.body.error.message, /第十五条/);
  assert.equal((await c.office.get(`/petitions/${up.body.id}`)).body.state, 'registered', 'nothing changed');
  expectStatus(await c.office.post(`/petitions/${up.body.id}/actions`, { action: 'transfer_out', reason: '县处级干部，报送上级', transfer_to: '市纪委监委' }), 200);
  const out = await c.office.post('/petitions', petition([{ name: '郑某', unit_name: '某公司', cadre_level: 'other' }], { type: 'out_of_scope', category: 'not_discipline', summary: '合同纠纷' }));
  expectStatus(out, 201);
  const r2 = await c.office.post(`/petitions/${out.body.id}/actions`, { action: 'accept' });
  expectError(r2, 422, 'validation_failed', 'jurisdiction');
  assert.match(r2.body.error.message, /第十三条/);
});

test('a township keeps a county matter only by an override with a reason, which the audit holds', async () => {
  const r = await c.staff_a.post('/petitions', petition([{ name: '冯站长', unit_name: '文亭街道', cadre_level: 'township_section', party_member: true }], { summary: '反映冯站长', jurisdiction: 'township', jurisdiction_reason: '经县纪委监委同意由街道办理' }));
  expectStatus(r, 201);
  assert.equal(r.body.jurisdiction, 'township');
  assert.equal(r.body.intake_org.id, org.townA.id);
  expectStatus(await c.sec_a.post(`/petitions/${r.body.id}/actions`, { action: 'accept' }), 200);
  const audit = dbQuery(ts, `SELECT detail FROM audit_log WHERE entity = 'petition' AND entity_id = ${r.body.id} AND action = 'create'`);
  assert.match(audit, /jurisdiction_override_reason/);
});
