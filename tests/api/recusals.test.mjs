// Recusal (回避, SY-3, feature `recusals`: /recusals): the leader and case
// supervision keep a cadre away from every record naming a person; create,
// list, candidates, delete, who may, bad ids and bad input, and the effect.
// How far the hiding reaches (visits, screenings, reports, reviews, portal
// messages and files) is in leaks.test.mjs and portal.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { buildCounty, clientsPerRole } from './lib/fixtures.mjs';
import { TODAY } from './lib/petitions.mjs';

let ts;
let clients;
let users;
let petition; // registered at township A, naming PERSON
let person; // PERSON in the registry
const PERSON = { name: '冯回避', unit_name: '东关社区居委会', post: '会计', cadre_level: 'village_cadre', party_member: true };

before(async () => {
  ts = await startServer();
  const admin = await ts.adminClient('admin');
  const org = await buildCounty(admin);
  ({ clients, users } = await clientsPerRole(ts, admin, org));
  const p = await clients.township_staff.post('/petitions', {
    channel: 'letter', type: 'accusation', real_name: false, summary: '反映冯回避虚报冒领', content: '回避测试内容', category: 'mass', received_day: TODAY, persons: [PERSON],
  });
  expectStatus(p, 201, 'petition');
  petition = p.body;
  const found = await clients.case_supervision.get(`/persons?q=${encodeURIComponent(PERSON.name)}`);
  expectStatus(found, 200);
  assert.equal(found.body.total, 1);
  person = found.body.items[0];
});

after(async () => {
  if (ts) await ts.stop();
});

const recusalCount = () => Number(dbQuery(ts, 'SELECT COUNT(*) FROM recusals').trim());

test('candidates: cadres of the county by username or name, no administrator accounts', async () => {
  const cs = clients.case_supervision;
  const r = await cs.get(`/recusals/candidates?q=${users.township_secretary.username}`);
  expectStatus(r, 200);
  assert.deepEqual(r.body.items.map((u) => u.id), [users.township_secretary.id]);
  assert.deepEqual(Object.keys(r.body.items[0]).sort(), ['display_name', 'id', 'org_name', 'username']);
  const byName = await cs.get(`/recusals/candidates?q=${encodeURIComponent('用户township_staff')}`);
  assert.deepEqual(byName.body.items.map((u) => u.id), [users.township_staff.id]);
  const all = await cs.get('/recusals/candidates');
  expectStatus(all, 200);
  const ids = all.body.items.map((u) => u.id);
  assert.ok(ids.includes(users.county_leader.id) && ids.includes(users.village_officer.id), 'business users listed');
  for (const role of ['sys_admin', 'security_admin', 'audit_admin']) assert.ok(!ids.includes(users[role].id), `${role} is no candidate`);
  assert.deepEqual((await cs.get('/recusals/candidates?q=nobody-by-this-name')).body.items, []);
});

test('create, list and delete; the recused cadre loses the petition and gets it back', async () => {
  const cs = clients.case_supervision;
  const sec = clients.township_secretary;
  expectStatus(await sec.get(`/petitions/${petition.id}`), 200, 'before the recusal');

  const r = await cs.post('/recusals', { user_id: users.township_secretary.id, person_id: person.id, relation: 'spouse', reason: '系其配偶' });
  expectStatus(r, 201, 'create');
  assert.deepEqual(r.body.user, { id: users.township_secretary.id, username: users.township_secretary.username, display_name: '用户township_secretary' });
  assert.deepEqual([r.body.person.id, r.body.person.name, r.body.person.unit_name], [person.id, PERSON.name, PERSON.unit_name]);
  assert.deepEqual([r.body.relation, r.body.reason, r.body.created_by_name], ['spouse', '系其配偶', '用户case_supervision']);
  assert.match(r.body.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  const id = r.body.id;

  // Listed for the leader too, and filtered by user.
  const list = await clients.county_leader.get('/recusals');
  expectStatus(list, 200);
  assert.equal(list.body.total, 1);
  assert.deepEqual(list.body.items[0], r.body, 'the list shows what the create answered');
  assert.equal((await cs.get(`/recusals?user_id=${users.township_secretary.id}`)).body.total, 1);
  assert.equal((await cs.get(`/recusals?user_id=${users.township_staff.id}`)).body.total, 0);

  // The effect: the petition is gone for the recused cadre (404, as for any
  // record out of scope), not for a colleague of the same township.
  expectError(await sec.get(`/petitions/${petition.id}`), 404, 'not_found');
  assert.ok(!(await sec.get(`/petitions?q=${encodeURIComponent('冯回避')}`)).body.items.some((x) => x.id === petition.id), 'in the list');
  expectStatus(await clients.township_staff.get(`/petitions/${petition.id}`), 200, 'colleague');

  // Lifted by the leader: visible again; both steps audited without the reason.
  expectStatus(await clients.county_leader.del(`/recusals/${id}`), 200, 'delete');
  assert.equal((await cs.get('/recusals')).body.total, 0);
  expectStatus(await sec.get(`/petitions/${petition.id}`), 200, 'after the recusal');
  expectError(await cs.del(`/recusals/${id}`), 404, 'not_found');
  const log = await clients.audit_admin.get('/audit-log?entity=recusal');
  const mine = log.body.items.filter((a) => a.entity_id === id);
  assert.deepEqual(mine.map((a) => a.action).sort(), ['create', 'delete']);
  assert.ok(!JSON.stringify(mine).includes('系其配偶'), 'the reason stays out of the audit log');
});

test('only the leader and case supervision manage recusals: 403 for every other role, 401 without a session', async () => {
  const made = await clients.case_supervision.post('/recusals', { user_id: users.township_staff.id, person_id: person.id, relation: 'kin', reason: '系其堂兄' });
  expectStatus(made, 201);
  const n = recusalCount();
  for (const role of ['petition_office', 'discipline_room', 'trial_office', 'township_secretary', 'township_staff', 'village_officer', 'sys_admin', 'security_admin', 'audit_admin']) {
    const cl = clients[role];
    expectError(await cl.get('/recusals'), 403, 'forbidden', undefined, role);
    expectError(await cl.get('/recusals/candidates?q=u_'), 403, 'forbidden', undefined, role);
    expectError(await cl.post('/recusals', { user_id: users.trial_office.id, person_id: person.id, relation: 'kin', reason: '系其亲属' }), 403, 'forbidden', undefined, role);
    expectError(await cl.del(`/recusals/${made.body.id}`), 403, 'forbidden', undefined, role);
  }
  const anon = ts.client();
  expectError(await anon.get('/recusals'), 401, 'unauthenticated');
  expectError(await anon.get('/recusals/candidates'), 401, 'unauthenticated');
  assert.equal(recusalCount(), n, 'nothing written or deleted');
  expectStatus(await clients.county_leader.del(`/recusals/${made.body.id}`), 200);
});

test('bad ids and bad input: 404 for unknown records, 422 naming the field, 409 for a second one; nothing written', async () => {
  const cs = clients.case_supervision;
  for (const id of ['999999', '0', 'abc', '-1']) expectError(await cs.del(`/recusals/${id}`), 404, 'not_found', undefined, id);
  expectError(await cs.get('/recusals?user_id=x'), 400, 'bad_request', 'user_id');

  const ok = { user_id: users.trial_office.id, person_id: person.id, relation: 'other', reason: '曾为其同事' };
  const n = recusalCount();
  for (const [over, field] of [
    [{ relation: 'cousin' }, 'relation'],
    [{ relation: '' }, 'relation'],
    [{ reason: '' }, 'reason'],
    [{ reason: '亲' }, 'reason'],
    [{ reason: '长'.repeat(201) }, 'reason'],
    [{ user_id: 999999 }, 'user_id'],
    [{ user_id: users.sys_admin.id }, 'user_id'],
    [{ person_id: 999999 }, 'person_id'],
    [{ user_id: 'x' }, 'user_id'],
    [{ note: '多余' }, 'note'],
  ]) {
    expectError(await cs.post('/recusals', { ...ok, ...over }), 422, 'validation_failed', field, JSON.stringify(over).slice(0, 60));
  }
  const { relation, ...noRelation } = ok;
  expectError(await cs.post('/recusals', noRelation), 422, 'validation_failed', 'relation');
  expectError(await cs.request('POST', '/recusals', { raw: '{"user_id":' }), 400, 'malformed_json');
  assert.equal(recusalCount(), n, 'nothing written');

  const r = await cs.post('/recusals', ok);
  expectStatus(r, 201);
  expectError(await cs.post('/recusals', { ...ok, relation: 'kin', reason: '再次登记' }), 409, 'conflict');
  assert.equal(recusalCount(), n + 1);
});
