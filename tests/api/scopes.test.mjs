// Data scope of org units: township users see the county commission, its
// departments and their own township (with villages); a discipline room sees
// its linked townships; county-scope users and admins see everything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, expectStatus } from './lib/server.mjs';
import { buildCounty, createUser, loginNew, treeIds, listAll } from './lib/fixtures.mjs';

let ts;
let admin;
let org;
const c = {};

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  org = await buildCounty(admin);
  const mk = async (key, role, unit, data_scope) => {
    const input = { username: key, display_name: key, org_unit_id: unit.id, role };
    if (data_scope) input.data_scope = data_scope;
    const u = await createUser(admin, input);
    c[key] = await loginNew(ts, key, u.initial_password);
    c[key].user = u.user;
  };
  await mk('sec_a', 'township_secretary', org.townA);
  await mk('staff_a', 'township_staff', org.townA);
  await mk('staff_a_rec', 'township_staff', org.townA, 'own_records');
  await mk('vill_a', 'village_officer', org.villageA);
  await mk('room_1', 'discipline_room', org.room1);
  await mk('room_2', 'discipline_room', org.room2);
  await mk('room_all', 'discipline_room', org.room2, 'county');
  await mk('case_sup', 'case_supervision', org.caseSup);
  await mk('leader', 'county_leader', org.county);
  await mk('petition', 'petition_office', org.petition);
  await mk('trial', 'trial_office', org.trial);
  c.admin = admin;
});

after(async () => {
  if (ts) await ts.stop();
});

const COMMON = ['county', 'petition', 'caseSup', 'room1', 'room2', 'trial', 'style'];
const ALL = [...COMMON, 'townA', 'townB', 'townC', 'villageA', 'villageB'];
const A_ONLY = [...COMMON, 'townA', 'villageA'];

const sortNum = (a) => [...a].sort((x, y) => x - y);

async function checkVisible(client, visibleKeys, label) {
  const visible = new Set(visibleKeys.map((k) => org[k].id));
  const hidden = ALL.filter((k) => !visibleKeys.includes(k));

  const list = await listAll(client, '/org-units');
  const ids = list.items.map((x) => x.id);
  assert.deepEqual(sortNum(ids), sortNum([...visible]), `${label}: /org-units ids`);
  assert.equal(list.total, visible.size, `${label}: /org-units total`);

  const tree = await client.get('/org-units/tree');
  expectStatus(tree, 200, `${label}: tree`);
  assert.deepEqual(sortNum(treeIds(tree.body.items)), sortNum([...visible]), `${label}: tree ids`);

  for (const k of visibleKeys) {
    const r = await client.get(`/org-units/${org[k].id}`);
    expectStatus(r, 200, `${label}: GET ${k}`);
    assert.equal(r.body.id, org[k].id);
  }
  for (const k of hidden) {
    expectError(await client.get(`/org-units/${org[k].id}`), 404, 'not_found');
  }

  const towns = await client.get('/org-units?kind=township&page_size=200');
  expectStatus(towns, 200);
  const expectTowns = ['townA', 'townB', 'townC'].filter((k) => visibleKeys.includes(k)).map((k) => org[k].id);
  assert.deepEqual(sortNum(towns.body.items.map((x) => x.id)), sortNum(expectTowns), `${label}: kind=township`);
  assert.equal(towns.body.total, expectTowns.length, `${label}: kind=township total`);

  const q = await client.get(`/org-units?q=${encodeURIComponent('汶上')}&page_size=200`);
  expectStatus(q, 200);
  for (const x of q.body.items) assert.ok(visible.has(x.id), `${label}: q leaks ${x.name}`);
  assert.equal(q.body.total, q.body.items.length, `${label}: q total leaks hidden units`);

  for (const k of hidden.filter((h) => h.startsWith('town'))) {
    const ch = await client.get(`/org-units?parent_id=${org[k].id}&page_size=200`);
    if (ch.status === 200) {
      assert.deepEqual(ch.body.items, [], `${label}: children of hidden ${k}`);
      assert.equal(ch.body.total, 0);
    } else {
      expectError(ch, 404, 'not_found');
    }
  }

  // Linked townships of any room never reveal a hidden township.
  for (const room of ['room1', 'room2']) {
    const r = await client.get(`/org-units/${org[room].id}/linked-townships`);
    if (r.status === 404) continue;
    expectStatus(r, 200, `${label}: linked-townships of ${room}`);
    for (const x of r.body.items) assert.ok(visible.has(x.id), `${label}: ${room} linked-townships leaks ${x.name}`);
  }
}

test('township secretary of A: county, departments, A and its village; not B or C', async () => {
  await checkVisible(c.sec_a, A_ONLY, 'township_secretary A');
  const me = await c.sec_a.get('/auth/me');
  assert.equal(me.body.scope.kind, 'own_township');
  assert.equal(me.body.scope.county_id, org.county.id);
  assert.deepEqual(me.body.scope.township_ids, [org.townA.id]);
});

test('township staff of A (own_township and own_records) and village officer of A: same as A', async () => {
  await checkVisible(c.staff_a, A_ONLY, 'township_staff A');
  await checkVisible(c.staff_a_rec, A_ONLY, 'township_staff A own_records');
  await checkVisible(c.vill_a, A_ONLY, 'village_officer A');
  const me = await c.vill_a.get('/auth/me');
  assert.equal(me.body.scope.kind, 'own_records');
  assert.deepEqual(me.body.scope.township_ids, [org.townA.id]);
  assert.equal((await c.staff_a_rec.get('/auth/me')).body.scope.kind, 'own_records');
});

test('discipline room users see exactly their linked townships', async () => {
  await checkVisible(c.room_1, [...COMMON, 'townA', 'townC', 'villageA'], 'room1 (A, C)');
  await checkVisible(c.room_2, [...COMMON, 'townB', 'villageB'], 'room2 (B)');
  const me = await c.room_1.get('/auth/me');
  assert.equal(me.body.scope.kind, 'linked_townships');
  assert.deepEqual(sortNum(me.body.scope.township_ids), sortNum([org.townA.id, org.townC.id]));
});

test('county-scope users and admins see everything', async () => {
  for (const k of ['case_sup', 'leader', 'petition', 'trial', 'room_all']) {
    await checkVisible(c[k], ALL, k);
    const me = await c[k].get('/auth/me');
    assert.equal(me.body.scope.kind, 'county', `${k} scope`);
    assert.equal(me.body.scope.county_id, org.county.id);
  }
  await checkVisible(admin, ALL, 'sys_admin');
});

test('scope follows linkage and org changes at once (same session)', async () => {
  // Move C from room1 to room2.
  expectStatus(await admin.put(`/org-units/${org.room2.id}/linked-townships`, { township_ids: [org.townB.id, org.townC.id] }), 200);
  await checkVisible(c.room_1, [...COMMON, 'townA', 'villageA'], 'room1 after move');
  await checkVisible(c.room_2, [...COMMON, 'townB', 'townC', 'villageB'], 'room2 after move');
  // Back.
  expectStatus(await admin.put(`/org-units/${org.room2.id}/linked-townships`, { township_ids: [org.townB.id] }), 200);
  expectStatus(await admin.put(`/org-units/${org.room1.id}/linked-townships`, { township_ids: [org.townA.id, org.townC.id] }), 200);
  await checkVisible(c.room_1, [...COMMON, 'townA', 'townC', 'villageA'], 'room1 restored');

  // Staff of A moved to B sees B instead of A.
  const u = c.staff_a.user;
  const r = await admin.put(`/users/${u.id}`, { username: u.username, display_name: u.display_name, org_unit_id: org.townB.id, role: 'township_staff' });
  expectStatus(r, 200, 'move staff to B');
  // A new unit is a proposal (三员): nothing changes until the security admin approves.
  await checkVisible(c.staff_a, [...COMMON, 'townA', 'villageA'], 'staff not yet moved');
  const sec = await ts.adminClient('secadmin');
  expectStatus(await sec.post(`/account-requests/${r.body.pending_request_id}/approve`, undefined), 200);
  await checkVisible(c.staff_a, [...COMMON, 'townB', 'villageB'], 'staff moved to B');
});

test('a new township is hidden from other townships and visible to the county', async () => {
  const d = await admin.post('/org-units', { parent_id: org.county.id, kind: 'township', category: 'town', name: '九女集镇', short_name: '九女', division_code: '371723103' });
  expectStatus(d, 201);
  expectError(await c.sec_a.get(`/org-units/${d.body.id}`), 404, 'not_found');
  expectError(await c.room_1.get(`/org-units/${d.body.id}`), 404, 'not_found');
  expectStatus(await c.case_sup.get(`/org-units/${d.body.id}`), 200);
  expectStatus(await admin.del(`/org-units/${d.body.id}`), 200);
});
