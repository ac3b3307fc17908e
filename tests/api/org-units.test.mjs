// Organisation units: build a county, validation, conflicts, linkage, tree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, expectStatus } from './lib/server.mjs';
import { createOrg, createUser, treeIds, listAll } from './lib/fixtures.mjs';

let ts;
let admin;
const o = {};

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
});

after(async () => {
  if (ts) await ts.stop();
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function checkUnitShape(u) {
  for (const k of ['id', 'parent_id', 'kind', 'category', 'name', 'short_name', 'division_code', 'county_id', 'township_id', 'committee_name', 'office_name', 'linked_room_id', 'sort', 'created_at', 'updated_at']) {
    assert.ok(k in u, `OrgUnit lacks ${k}: ${JSON.stringify(u)}`);
  }
  assert.match(u.created_at, ISO);
  assert.match(u.updated_at, ISO);
}

const deptInput = (category, name, short_name) => ({ parent_id: o.county.id, kind: 'department', category, name, short_name, division_code: null });

test('build a county with departments, townships and a village', async () => {
  const before = await admin.get('/org-units');
  expectStatus(before, 200);
  const baseTotal = before.body.total;

  const r = await admin.post('/org-units', { parent_id: null, kind: 'county', category: 'county', name: '成武县纪委监委', short_name: '成纪', division_code: '371723' });
  expectStatus(r, 201, 'create county');
  o.county = r.body;
  checkUnitShape(o.county);
  assert.equal(o.county.parent_id, null);
  assert.equal(o.county.county_id, o.county.id);
  assert.equal(o.county.township_id, null);
  assert.equal(o.county.division_code, '371723');
  assert.equal(o.county.name, '成武县纪委监委');
  assert.equal(o.county.short_name, '成纪');

  o.petition = await createOrg(admin, deptInput('petition_office', '信访室', '信访'));
  o.caseSup = await createOrg(admin, deptInput('case_supervision', '案件监督管理室', '案管'));
  o.room1 = await createOrg(admin, deptInput('discipline_room', '第一纪检监察室', '一室'));
  o.room2 = await createOrg(admin, deptInput('discipline_room', '第二纪检监察室', '二室'));
  o.trial = await createOrg(admin, deptInput('trial_office', '案件审理室', '审理'));
  o.style = await createOrg(admin, deptInput('style_supervision', '党风政风监督室', '党风'));
  o.other = await createOrg(admin, deptInput('other', '办公室', '办公'));
  for (const d of [o.petition, o.room1, o.other]) {
    checkUnitShape(d);
    assert.equal(d.kind, 'department');
    assert.equal(d.parent_id, o.county.id);
    assert.equal(d.county_id, o.county.id);
    assert.equal(d.township_id, null);
    assert.equal(d.division_code, null);
    assert.equal(d.committee_name, null);
    assert.equal(d.office_name, null);
  }

  const a = await admin.post('/org-units', { parent_id: o.county.id, kind: 'township', category: 'subdistrict', name: '文亭街道', short_name: '文亭', division_code: '371723001' });
  expectStatus(a, 201, 'create township A');
  o.townA = a.body;
  assert.equal(o.townA.county_id, o.county.id);
  assert.equal(o.townA.township_id, o.townA.id);
  assert.equal(o.townA.linked_room_id, null);
  assert.ok(typeof o.townA.committee_name === 'string' && o.townA.committee_name.length > 0, 'committee_name derived');
  assert.ok(typeof o.townA.office_name === 'string' && o.townA.office_name.length > 0, 'office_name derived');
  assert.ok(o.townA.committee_name.includes('文亭'), `committee_name ${o.townA.committee_name}`);

  const b = await admin.post('/org-units', { parent_id: o.county.id, kind: 'township', category: 'town', name: '汶上镇', short_name: '汶上', division_code: '371723101', committee_name: '中共汶上镇纪律检查委员会', office_name: '汶上镇监察室', sort: 2 });
  expectStatus(b, 201, 'create township B');
  o.townB = b.body;
  assert.equal(o.townB.committee_name, '中共汶上镇纪律检查委员会');
  assert.equal(o.townB.office_name, '汶上镇监察室');
  assert.equal(o.townB.sort, 2);

  const v = await admin.post('/org-units', { parent_id: o.townA.id, kind: 'village', category: 'community', name: '东关社区', short_name: '东关', division_code: '371723001001' });
  expectStatus(v, 201, 'create village');
  o.villageA = v.body;
  assert.equal(o.villageA.township_id, o.townA.id);
  assert.equal(o.villageA.county_id, o.county.id);
  o.villageB = await createOrg(admin, { parent_id: o.townB.id, kind: 'village', category: 'village', name: '汶上村', short_name: '汶村', division_code: '371723101201' });

  const got = await admin.get(`/org-units/${o.villageA.id}`);
  expectStatus(got, 200);
  assert.deepEqual(got.body, o.villageA);

  const after = await admin.get('/org-units');
  assert.equal(after.body.total, baseTotal + 12);
});

test('division code: shape and prefix → 422 division_code; duplicate → 409', async () => {
  const s = (await admin.get('/org-units')).body.total;
  const county = (code) => ({ parent_id: null, kind: 'county', category: 'county', name: '某县纪委监委', short_name: '某纪', division_code: code });
  for (const code of ['37172', '3717231', 'abcdef', '37172x', '', null]) {
    expectError(await admin.post('/org-units', county(code)), 422, 'validation_failed', 'division_code');
  }
  const town = (code) => ({ parent_id: o.county.id, kind: 'township', category: 'town', name: '新镇', short_name: '新镇', division_code: code });
  for (const code of ['37172310', '3717231011', '371724101', '37172310x', null]) {
    expectError(await admin.post('/org-units', town(code)), 422, 'validation_failed', 'division_code');
  }
  const village = (code) => ({ parent_id: o.townA.id, kind: 'village', category: 'village', name: '新村', short_name: '新村', division_code: code });
  for (const code of ['371723101001', '37172300100', '3717230010011', '371723001', null]) {
    expectError(await admin.post('/org-units', village(code)), 422, 'validation_failed', 'division_code');
  }
  expectError(await admin.post('/org-units', { ...deptInput('other', '新部门', '新部'), division_code: '371723' }), 422, 'validation_failed', 'division_code');

  const dupTown = await admin.post('/org-units', town('371723001'));
  expectError(dupTown, 409, 'conflict', 'division_code');
  expectError(await admin.post('/org-units', county('371723')), 409, 'conflict', 'division_code');
  expectError(await admin.post('/org-units', village('371723001001')), 409, 'conflict', 'division_code');
  // Changing B's code to A's: conflict as well.
  const putB = { parent_id: o.county.id, kind: 'township', category: 'town', name: '汶上镇', short_name: '汶上', division_code: '371723001' };
  expectError(await admin.put(`/org-units/${o.townB.id}`, putB), 409, 'conflict', 'division_code');
  assert.equal((await admin.get('/org-units')).body.total, s, 'a rejected unit was stored');
});

test('parent rules → 422 parent_id; category must fit the kind', async () => {
  const s = (await admin.get('/org-units')).body.total;
  const cases = [
    { parent_id: o.county.id, kind: 'county', category: 'county', name: '县', short_name: '县', division_code: '371799' },
    { parent_id: null, kind: 'department', category: 'other', name: '部门', short_name: '部门', division_code: null },
    { parent_id: o.townA.id, kind: 'department', category: 'other', name: '部门', short_name: '部门', division_code: null },
    { parent_id: o.petition.id, kind: 'department', category: 'other', name: '部门', short_name: '部门', division_code: null },
    { parent_id: null, kind: 'township', category: 'town', name: '镇', short_name: '镇', division_code: '371723109' },
    { parent_id: o.petition.id, kind: 'township', category: 'town', name: '镇', short_name: '镇', division_code: '371723109' },
    { parent_id: o.townB.id, kind: 'township', category: 'town', name: '镇', short_name: '镇', division_code: '371723109' },
    { parent_id: o.county.id, kind: 'village', category: 'village', name: '村', short_name: '村', division_code: '371723001009' },
    { parent_id: o.villageA.id, kind: 'village', category: 'village', name: '村', short_name: '村', division_code: '371723001009' },
    { parent_id: null, kind: 'village', category: 'village', name: '村', short_name: '村', division_code: '371723001009' },
    { parent_id: 987654321, kind: 'village', category: 'village', name: '村', short_name: '村', division_code: '371723001009' },
    { parent_id: 987654321, kind: 'department', category: 'other', name: '部门', short_name: '部门', division_code: null },
  ];
  for (const c of cases) {
    expectError(await admin.post('/org-units', c), 422, 'validation_failed', 'parent_id');
  }
  const cat = [
    { parent_id: o.county.id, kind: 'department', category: 'town', name: '部门', short_name: '部门', division_code: null },
    { parent_id: o.county.id, kind: 'department', category: 'county', name: '部门', short_name: '部门', division_code: null },
    { parent_id: o.county.id, kind: 'township', category: 'petition_office', name: '镇', short_name: '镇', division_code: '371723109' },
    { parent_id: o.townA.id, kind: 'village', category: 'town', name: '村', short_name: '村', division_code: '371723001009' },
    { parent_id: null, kind: 'county', category: 'village', name: '县', short_name: '县', division_code: '371799' },
  ];
  for (const c of cat) {
    expectError(await admin.post('/org-units', c), 422, 'validation_failed', 'category');
  }
  assert.equal((await admin.get('/org-units')).body.total, s, 'a rejected unit was stored');
});

test('update: 200; kind immutable → 409; cycles and bad parents → 422 parent_id', async () => {
  const upd = { parent_id: o.county.id, kind: 'department', category: 'style_supervision', name: '党风政风监督室（改）', short_name: '党风', division_code: null, sort: 5 };
  const r = await admin.put(`/org-units/${o.style.id}`, upd);
  expectStatus(r, 200, 'update department');
  assert.equal(r.body.name, '党风政风监督室（改）');
  assert.equal(r.body.sort, 5);
  assert.equal(r.body.id, o.style.id);
  assert.equal(r.body.created_at, o.style.created_at);
  const g = await admin.get(`/org-units/${o.style.id}`);
  assert.deepEqual(g.body, r.body);

  const kind = { parent_id: o.county.id, kind: 'township', category: 'town', name: '党风', short_name: '党风', division_code: '371723199' };
  expectError(await admin.put(`/org-units/${o.style.id}`, kind), 409, 'conflict');

  const aInput = { parent_id: o.county.id, kind: 'township', category: 'subdistrict', name: '文亭街道', short_name: '文亭', division_code: '371723001' };
  // Cycle: township A under its own village.
  expectError(await admin.put(`/org-units/${o.townA.id}`, { ...aInput, parent_id: o.villageA.id }), 422, 'validation_failed', 'parent_id');
  // Itself as parent.
  expectError(await admin.put(`/org-units/${o.townA.id}`, { ...aInput, parent_id: o.townA.id }), 422, 'validation_failed', 'parent_id');
  expectError(await admin.put(`/org-units/${o.county.id}`, { parent_id: o.county.id, kind: 'county', category: 'county', name: '成武县纪委监委', short_name: '成纪', division_code: '371723' }), 422, 'validation_failed', 'parent_id');
  // Village A moved under township B keeps the prefix rule.
  expectError(await admin.put(`/org-units/${o.villageA.id}`, { parent_id: o.townB.id, kind: 'village', category: 'community', name: '东关社区', short_name: '东关', division_code: '371723001001' }), 422, 'validation_failed', 'division_code');
  const a = await admin.get(`/org-units/${o.townA.id}`);
  assert.equal(a.body.parent_id, o.county.id);
  assert.deepEqual(a.body, o.townA, 'township A changed by rejected updates');

  expectError(await admin.put('/org-units/987654321', upd), 404, 'not_found');
  expectError(await admin.get('/org-units/987654321'), 404, 'not_found');
  expectError(await admin.del('/org-units/987654321'), 404, 'not_found');
});

test('linked townships: PUT replaces, moves, validates; GET lists; linked_room_id follows', async () => {
  let r = await admin.put(`/org-units/${o.room1.id}/linked-townships`, { township_ids: [o.townA.id] });
  expectStatus(r, 200, 'link A to room1');
  r = await admin.get(`/org-units/${o.room1.id}/linked-townships`);
  expectStatus(r, 200);
  assert.deepEqual(r.body.items.map((x) => x.id), [o.townA.id]);
  assert.equal((await admin.get(`/org-units/${o.townA.id}`)).body.linked_room_id, o.room1.id);

  // room2 takes A and B: A moves away from room1.
  r = await admin.put(`/org-units/${o.room2.id}/linked-townships`, { township_ids: [o.townA.id, o.townB.id] });
  expectStatus(r, 200, 'link A, B to room2');
  assert.deepEqual((await admin.get(`/org-units/${o.room1.id}/linked-townships`)).body.items, []);
  const ids2 = (await admin.get(`/org-units/${o.room2.id}/linked-townships`)).body.items.map((x) => x.id).sort((x, y) => x - y);
  assert.deepEqual(ids2, [o.townA.id, o.townB.id].sort((x, y) => x - y));
  assert.equal((await admin.get(`/org-units/${o.townA.id}`)).body.linked_room_id, o.room2.id);

  // Replace: room2 keeps only B; A is unlinked.
  expectStatus(await admin.put(`/org-units/${o.room2.id}/linked-townships`, { township_ids: [o.townB.id] }), 200);
  assert.equal((await admin.get(`/org-units/${o.townA.id}`)).body.linked_room_id, null);
  expectStatus(await admin.put(`/org-units/${o.room1.id}/linked-townships`, { township_ids: [o.townA.id] }), 200);

  // Errors: not a room, not a township, other county, unknown id.
  const other = await createOrg(admin, { kind: 'county', category: 'county', name: '单县纪委监委', short_name: '单纪', division_code: '371722' });
  const otherTown = await createOrg(admin, { parent_id: other.id, kind: 'township', category: 'town', name: '终兴镇', short_name: '终兴', division_code: '371722101' });
  expectError(await admin.put(`/org-units/${o.petition.id}/linked-townships`, { township_ids: [o.townA.id] }), 422, 'validation_failed');
  expectError(await admin.put(`/org-units/${o.townA.id}/linked-townships`, { township_ids: [o.townA.id] }), 422, 'validation_failed');
  for (const bad of [[o.villageA.id], [o.petition.id], [o.county.id], [otherTown.id], [987654321], [o.townB.id, o.villageB.id]]) {
    expectError(await admin.put(`/org-units/${o.room1.id}/linked-townships`, { township_ids: bad }), 422, 'validation_failed', 'township_ids');
  }
  expectError(await admin.put('/org-units/987654321/linked-townships', { township_ids: [] }), 404, 'not_found');
  // Nothing changed by the rejected requests.
  assert.deepEqual((await admin.get(`/org-units/${o.room1.id}/linked-townships`)).body.items.map((x) => x.id), [o.townA.id]);
  assert.deepEqual((await admin.get(`/org-units/${o.room2.id}/linked-townships`)).body.items.map((x) => x.id), [o.townB.id]);
  assert.equal((await admin.get(`/org-units/${o.townB.id}`)).body.linked_room_id, o.room2.id);
  o.county2 = other;
  o.county2Town = otherTown;
});

test('delete: 409 with children, users or links; 200 otherwise, then 404', async () => {
  expectError(await admin.del(`/org-units/${o.county.id}`), 409, 'conflict');
  expectError(await admin.del(`/org-units/${o.townA.id}`), 409, 'conflict');
  // A room with linked townships.
  expectError(await admin.del(`/org-units/${o.room1.id}`), 409, 'conflict');
  // A unit with users.
  const u = await createUser(admin, { username: 'trial_clerk', display_name: '审理员', org_unit_id: o.trial.id, role: 'trial_office' });
  assert.ok(u.user.id);
  expectError(await admin.del(`/org-units/${o.trial.id}`), 409, 'conflict');
  assert.equal((await admin.get(`/org-units/${o.trial.id}`)).status, 200);

  const tmp = await createOrg(admin, { parent_id: o.townB.id, kind: 'village', category: 'village', name: '临时村', short_name: '临时', division_code: '371723101299' });
  const r = await admin.del(`/org-units/${tmp.id}`);
  expectStatus(r, 200, 'delete village');
  assert.deepEqual(r.body, {});
  expectError(await admin.get(`/org-units/${tmp.id}`), 404, 'not_found');
  expectError(await admin.del(`/org-units/${tmp.id}`), 404, 'not_found');
  // The code is free again.
  const again = await createOrg(admin, { parent_id: o.townB.id, kind: 'village', category: 'village', name: '临时村', short_name: '临时', division_code: '371723101299' });
  expectStatus(await admin.del(`/org-units/${again.id}`), 200);
  // The other county: township, then county.
  expectStatus(await admin.del(`/org-units/${o.county2Town.id}`), 200);
  expectStatus(await admin.del(`/org-units/${o.county2.id}`), 200);
});

test('list: filters kind, parent_id, q (Chinese); paging', async () => {
  const all = await listAll(admin, '/org-units');
  const ids = all.items.map((x) => x.id);
  for (const k of ['county', 'petition', 'caseSup', 'room1', 'room2', 'trial', 'style', 'townA', 'townB', 'villageA', 'villageB']) {
    assert.ok(ids.includes(o[k].id), `list lacks ${k}`);
  }
  assert.equal(new Set(ids).size, ids.length, 'duplicates across pages');

  const towns = await admin.get('/org-units?kind=township&page_size=200');
  expectStatus(towns, 200);
  assert.deepEqual(towns.body.items.map((x) => x.id).sort((a, b) => a - b), [o.townA.id, o.townB.id].sort((a, b) => a - b));
  assert.equal(towns.body.total, 2);

  const children = await admin.get(`/org-units?parent_id=${o.townA.id}&page_size=200`);
  assert.deepEqual(children.body.items.map((x) => x.id), [o.villageA.id]);

  const q = await admin.get(`/org-units?q=${encodeURIComponent('纪检监察')}&page_size=200`);
  expectStatus(q, 200);
  assert.deepEqual(q.body.items.map((x) => x.id).sort((a, b) => a - b), [o.room1.id, o.room2.id].sort((a, b) => a - b));
  const q2 = await admin.get(`/org-units?q=${encodeURIComponent('汶上')}&kind=village`);
  assert.deepEqual(q2.body.items.map((x) => x.id), [o.villageB.id]);
  const none = await admin.get(`/org-units?q=${encodeURIComponent('不存在的名字')}`);
  assert.deepEqual(none.body, { items: [], total: 0 });

  const p1 = await admin.get('/org-units?page=1&page_size=3');
  const p2 = await admin.get('/org-units?page=2&page_size=3');
  assert.equal(p1.body.items.length, 3);
  assert.equal(p1.body.total, all.total);
  assert.equal(p2.body.total, all.total);
  const overlap = p1.body.items.filter((x) => p2.body.items.some((y) => y.id === x.id));
  assert.deepEqual(overlap, [], 'pages overlap');
});

test('tree: county root with departments and townships; villages under their township', async () => {
  const r = await admin.get('/org-units/tree');
  expectStatus(r, 200);
  const root = r.body.items.find((n) => n.id === o.county.id);
  assert.ok(root, 'county is a root');
  assert.ok(Array.isArray(root.children));
  const childIds = root.children.map((c) => c.id);
  for (const k of ['petition', 'caseSup', 'room1', 'room2', 'trial', 'style', 'townA', 'townB']) {
    assert.ok(childIds.includes(o[k].id), `tree: county lacks child ${k}`);
  }
  const a = root.children.find((c) => c.id === o.townA.id);
  assert.deepEqual(a.children.map((c) => c.id), [o.villageA.id]);
  assert.equal(a.name, '文亭街道');
  const ids = treeIds(r.body.items);
  assert.equal(new Set(ids).size, ids.length, 'a unit appears twice in the tree');
  const all = await listAll(admin, '/org-units');
  assert.equal(ids.length, all.total, 'tree and list disagree');
});

test('concurrent creates with one division code: exactly one 201, the rest 409', async () => {
  const body = { parent_id: o.townB.id, kind: 'village', category: 'village', name: '并发村', short_name: '并发', division_code: '371723101777' };
  const results = await Promise.all(Array.from({ length: 12 }, () => admin.post('/org-units', body)));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [201, ...Array(11).fill(409)], `statuses: ${statuses.join(',')} ${results.find((r) => ![201, 409].includes(r.status))?.text ?? ''}`);
  for (const r of results.filter((x) => x.status === 409)) assert.equal(r.body.error.field, 'division_code');
  const q = await admin.get(`/org-units?q=${encodeURIComponent('并发村')}`);
  assert.equal(q.body.total, 1);
});
