// Bad input: malformed JSON, wrong types, unknown fields, over-long strings,
// missing fields, invalid UTF-8, oversized bodies, wrong content types, bad
// query parameters. After each rejected request nothing has changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, expectStatus, socketRequest, API } from './lib/server.mjs';
import { createOrg } from './lib/fixtures.mjs';

let ts;
let admin;
let county;
let town;
let room;

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  county = await createOrg(admin, { kind: 'county', category: 'county', name: '成武县纪委监委', short_name: '成纪', division_code: '371723' });
  town = await createOrg(admin, { parent_id: county.id, kind: 'township', category: 'town', name: '汶上镇', short_name: '汶上', division_code: '371723101' });
  room = await createOrg(admin, { parent_id: county.id, kind: 'department', category: 'discipline_room', name: '第一纪检监察室', short_name: '一室' });
});

after(async () => {
  if (ts) await ts.stop();
});

async function snapshot() {
  const o = await admin.get('/org-units?page_size=200');
  expectStatus(o, 200, 'snapshot org-units');
  const u = await admin.get('/users?page_size=200');
  expectStatus(u, 200, 'snapshot users');
  const t = await admin.get(`/org-units/${town.id}`);
  expectStatus(t, 200, 'snapshot township');
  return { orgs: o.body.total, users: u.body.total, town: t.body };
}

async function expectUnchanged(before, what) {
  const now = await snapshot();
  assert.equal(now.orgs, before.orgs, `${what}: org unit count changed`);
  assert.equal(now.users, before.users, `${what}: user count changed`);
  assert.deepEqual(now.town, before.town, `${what}: township changed`);
}

const validUnit = () => ({
  parent_id: county.id,
  kind: 'department',
  category: 'trial_office',
  name: '案件审理室',
  short_name: '审理',
  division_code: null,
});
const validUser = () => ({
  username: 'valid_user',
  display_name: '张三',
  org_unit_id: town.id,
  role: 'township_staff',
});
const townInput = () => ({
  parent_id: county.id,
  kind: 'township',
  category: 'town',
  name: '汶上镇',
  short_name: '汶上',
  division_code: '371723101',
});

test('malformed JSON → 400 malformed_json', async () => {
  const s = await snapshot();
  const bodies = ['{"name":', 'not json', '', '{"a":1} trailing', "{'a':1}", '{"a":1,}', '[1,2]', 'null', '"string"', '42', '['.repeat(100000), '{"a":'.repeat(50000)];
  for (const raw of bodies) {
    const r = await admin.request('POST', '/org-units', { raw });
    expectError(r, 400, 'malformed_json');
  }
  for (const raw of ['{"parent_id":', '[]']) {
    expectError(await admin.request('PUT', `/org-units/${town.id}`, { raw }), 400, 'malformed_json');
    expectError(await admin.request('POST', '/users', { raw }), 400, 'malformed_json');
  }
  expectError(await ts.client().request('POST', '/auth/login', { raw: '{"username":"admin",' }), 400, 'malformed_json');
  expectStatus(await admin.get('/ping'), 200, 'server alive after deep nesting');
  await expectUnchanged(s, 'malformed JSON');
});

test('wrong types → 422 with the field', async () => {
  const s = await snapshot();
  const unitCases = [
    ['name', 123],
    ['name', ['案件审理室']],
    ['name', null],
    ['short_name', { a: 1 }],
    ['parent_id', String(county.id)],
    ['parent_id', 1.5],
    ['parent_id', true],
    ['kind', 5],
    ['category', false],
    ['division_code', 371723001],
    ['sort', '1'],
    ['sort', 1.5],
  ];
  for (const [field, value] of unitCases) {
    const r = await admin.post('/org-units', { ...validUnit(), [field]: value });
    expectError(r, 422, 'validation_failed', field);
  }
  const userCases = [
    ['username', 42],
    ['display_name', null],
    ['org_unit_id', String(town.id)],
    ['role', ['township_staff']],
    ['data_scope', 1],
    ['status', true],
  ];
  for (const [field, value] of userCases) {
    const r = await admin.post('/users', { ...validUser(), [field]: value });
    expectError(r, 422, 'validation_failed', field);
  }
  expectError(await admin.put(`/org-units/${town.id}`, { ...townInput(), name: 7 }), 422, 'validation_failed', 'name');
  expectError(await admin.put(`/org-units/${room.id}/linked-townships`, { township_ids: 'all' }), 422, 'validation_failed', 'township_ids');
  expectError(await admin.post('/auth/password', { old_password: 1, new_password: 'Abcdefg1!' }), 422, 'validation_failed', 'old_password');
  expectError(await ts.client().post('/auth/login', { username: 'admin', password: 12345678 }, { csrf: false }), 422, 'validation_failed', 'password');
  await expectUnchanged(s, 'wrong types');
});

test('unknown fields → 422 with that field', async () => {
  const s = await snapshot();
  expectError(await admin.post('/org-units', { ...validUnit(), bogus: 1 }), 422, 'validation_failed', 'bogus');
  expectError(await admin.post('/org-units', { ...validUnit(), id: 99 }), 422, 'validation_failed', 'id');
  expectError(await admin.post('/org-units', { ...validUnit(), county_id: county.id }), 422, 'validation_failed', 'county_id');
  expectError(await admin.put(`/org-units/${town.id}`, { ...townInput(), created_at: '2020-01-01T00:00:00Z' }), 422, 'validation_failed', 'created_at');
  expectError(await admin.post('/users', { ...validUser(), is_admin: true }), 422, 'validation_failed', 'is_admin');
  expectError(await admin.post('/users', { ...validUser(), password_hash: 'x' }), 422, 'validation_failed', 'password_hash');
  expectError(await admin.post('/users', { ...validUser(), locked: false }), 422, 'validation_failed', 'locked');
  expectError(await ts.client().post('/auth/login', { username: 'admin', password: 'x', remember: true }, { csrf: false }), 422, 'validation_failed', 'remember');
  expectError(await admin.put(`/org-units/${room.id}/linked-townships`, { township_ids: [], extra: 1 }), 422, 'validation_failed', 'extra');
  await expectUnchanged(s, 'unknown fields');
});

test('over-long strings → 422 with the field (characters, not bytes)', async () => {
  const s = await snapshot();
  expectError(await admin.post('/org-units', { ...validUnit(), name: 'x'.repeat(65) }), 422, 'validation_failed', 'name');
  expectError(await admin.post('/org-units', { ...validUnit(), name: '审'.repeat(65) }), 422, 'validation_failed', 'name');
  expectError(await admin.post('/org-units', { ...validUnit(), short_name: '审'.repeat(9) }), 422, 'validation_failed', 'short_name');
  expectError(await admin.post('/org-units', { ...validUnit(), short_name: 'x'.repeat(9) }), 422, 'validation_failed', 'short_name');
  expectError(await admin.post('/org-units', { ...validUnit(), name: '' }), 422, 'validation_failed', 'name');
  expectError(await admin.post('/org-units', { ...validUnit(), short_name: '' }), 422, 'validation_failed', 'short_name');
  expectError(await admin.post('/org-units', { ...validUnit(), name: 'x'.repeat(500000) }), 422, 'validation_failed', 'name');
  expectError(await admin.post('/users', { ...validUser(), username: 'a' + 'b'.repeat(32) }), 422, 'validation_failed', 'username');
  expectError(await admin.post('/users', { ...validUser(), display_name: '张'.repeat(65) }), 422, 'validation_failed', 'display_name');
  expectError(await admin.put(`/org-units/${town.id}`, { ...townInput(), name: '镇'.repeat(65) }), 422, 'validation_failed', 'name');
  await expectUnchanged(s, 'over-long');
  // The limits count characters: 64 CJK characters (192 bytes) are fine.
  const ok = await admin.post('/org-units', { ...validUnit(), name: '审'.repeat(64), short_name: '审'.repeat(8) });
  expectStatus(ok, 201, '64-character name');
  assert.equal(ok.body.name, '审'.repeat(64));
  expectStatus(await admin.del(`/org-units/${ok.body.id}`), 200, 'cleanup');
});

test('missing required fields → 422 with the field', async () => {
  const s = await snapshot();
  const failures = [];
  const check = async (path, body, field, cleanupPath) => {
    const r = await admin.post(path, body);
    if (r.status !== 422 || r.body?.error?.code !== 'validation_failed' || r.body?.error?.field !== field) {
      failures.push(`${path} without ${field} → ${r.status} ${r.text.slice(0, 100)}`);
      if (r.status === 201 && cleanupPath) await admin.del(`${cleanupPath}/${r.body.id}`);
    }
  };
  // OrgUnitInput marks only committee_name?, office_name?, sort? as optional.
  for (const field of ['parent_id', 'kind', 'category', 'name', 'short_name', 'division_code']) {
    const body = validUnit();
    delete body[field];
    await check('/org-units', body, field, '/org-units');
  }
  // UserInput marks only data_scope?, status? as optional.
  for (const field of ['username', 'display_name', 'org_unit_id', 'role']) {
    const body = validUser();
    delete body[field];
    await check('/users', body, field);
  }
  assert.deepEqual(failures, []);
  expectError(await admin.post('/org-units', {}), 422, 'validation_failed');
  expectError(await admin.put(`/org-units/${room.id}/linked-townships`, {}), 422, 'validation_failed', 'township_ids');
  expectError(await admin.post('/auth/password', { old_password: 'x' }), 422, 'validation_failed', 'new_password');
  await expectUnchanged(s, 'missing fields');
});

test('bad values and bad usernames → 422 with the field', async () => {
  const s = await snapshot();
  expectError(await admin.post('/org-units', { ...validUnit(), kind: 'planet' }), 422, 'validation_failed', 'kind');
  expectError(await admin.post('/org-units', { ...validUnit(), category: 'spaceport' }), 422, 'validation_failed', 'category');
  for (const username of ['Admin', '1abc', 'ab', 'has space', 'zhang-san', '张三', 'abc$']) {
    expectError(await admin.post('/users', { ...validUser(), username }), 422, 'validation_failed', 'username');
  }
  expectError(await admin.post('/users', { ...validUser(), role: 'emperor' }), 422, 'validation_failed', 'role');
  expectError(await admin.post('/users', { ...validUser(), data_scope: 'galaxy' }), 422, 'validation_failed', 'data_scope');
  await expectUnchanged(s, 'bad values');
});

test('invalid UTF-8 in a body → 400', async () => {
  const s = await snapshot();
  const pieces = [Buffer.from([0xff, 0xfe]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe5, 0xae]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80])];
  for (const bad of pieces) {
    const raw = Buffer.concat([
      Buffer.from(`{"parent_id":${county.id},"kind":"department","category":"trial_office","name":"审`),
      bad,
      Buffer.from('","short_name":"审理","division_code":null}'),
    ]);
    const r = await admin.request('POST', '/org-units', { raw });
    expectError(r, 400, 'malformed_json');
  }
  const login = Buffer.concat([Buffer.from('{"username":"adm'), Buffer.from([0xff]), Buffer.from('in","password":"x"}')]);
  expectError(await ts.client().request('POST', '/auth/login', { raw: login }), 400, 'malformed_json');
  // A key with invalid UTF-8 as well.
  const key = Buffer.concat([Buffer.from('{"na'), Buffer.from([0xfe]), Buffer.from('me":"x"}')]);
  expectError(await admin.request('POST', '/org-units', { raw: key }), 400, 'malformed_json');
  await expectUnchanged(s, 'invalid UTF-8');
});

test('escaped lone surrogates are rejected (never stored as invalid UTF-8)', async () => {
  const s = await snapshot();
  const raw = `{"parent_id":${county.id},"kind":"department","category":"trial_office","name":"审\\ud800理","short_name":"审理","division_code":null}`;
  const r = await admin.request('POST', '/org-units', { raw });
  assert.ok([400, 422].includes(r.status), `lone surrogate: expected 400 or 422, got ${r.status} ${r.text}`);
  await expectUnchanged(s, 'lone surrogate');
});

test('body over 1 MiB → 413 payload_too_large', async () => {
  const s = await snapshot();
  const headers = { cookie: admin.cookieHeader(), 'x-csrf-token': admin.csrf, 'content-type': 'application/json' };
  const big = Buffer.from(JSON.stringify({ ...validUnit(), name: 'x'.repeat(1024 * 1024) }));
  // With Content-Length.
  const r1 = await socketRequest(ts.base, 'POST', `${API}/org-units`, { headers, body: big });
  expectError(r1, 413, 'payload_too_large', undefined, 'Content-Length');
  // Chunked, without Content-Length.
  const r2 = await socketRequest(ts.base, 'POST', `${API}/org-units`, { headers, body: big, chunked: true });
  expectError(r2, 413, 'payload_too_large', undefined, 'chunked');
  // Just under the limit is read (and then rejected for the long name, not the size).
  const under = Buffer.from(JSON.stringify({ ...validUnit(), name: 'x'.repeat(1000 * 1000) }));
  assert.ok(under.length < 1024 * 1024);
  const r3 = await socketRequest(ts.base, 'POST', `${API}/org-units`, { headers, body: under });
  expectError(r3, 422, 'validation_failed', 'name');
  const r4 = await socketRequest(ts.base, 'POST', `${API}/org-units`, { headers, body: under, chunked: true });
  expectError(r4, 422, 'validation_failed', 'name', 'chunked');
  expectStatus(await admin.get('/ping'), 200, 'server alive');
  await expectUnchanged(s, 'oversized body');
});

test('a body that is not application/json → 415 unsupported_media_type', async () => {
  const s = await snapshot();
  const raw = JSON.stringify(validUnit());
  const failures = [];
  const created = [];
  for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'text/json', null]) {
    const r = await admin.request('POST', '/org-units', { raw, contentType });
    if (r.status !== 415 || r.body?.error?.code !== 'unsupported_media_type') failures.push(`Content-Type ${contentType} → ${r.status} ${r.text.slice(0, 80)}`);
    if (r.status === 201) created.push(r.body.id);
  }
  for (const id of created) await admin.del(`/org-units/${id}`);
  assert.deepEqual(failures, [], 'expected 415 unsupported_media_type');
  expectError(await admin.request('PUT', `/org-units/${town.id}`, { raw: JSON.stringify({ ...townInput(), name: '改名镇' }), contentType: 'text/plain' }), 415, 'unsupported_media_type');
  expectError(await ts.client().request('POST', '/auth/login', { raw: '{"username":"admin","password":"x"}', contentType: 'text/plain' }), 415, 'unsupported_media_type');
  await expectUnchanged(s, 'wrong content type');
  // With a charset parameter it is JSON all the same.
  const ok = await admin.request('POST', '/org-units', { raw, contentType: 'application/json; charset=utf-8' });
  expectStatus(ok, 201, 'application/json; charset=utf-8');
  expectStatus(await admin.del(`/org-units/${ok.body.id}`), 200, 'cleanup');
});

test('bad query parameters → 400 bad_request; bad path ids never 5xx', async () => {
  const s = await snapshot();
  for (const q of ['page_size=abc', 'page=abc', 'page=1.5', 'parent_id=abc', 'page_size=2x']) {
    expectError(await admin.get(`/org-units?${q}`), 400, 'bad_request');
  }
  for (const q of ['page_size=0', 'page_size=201', 'page=0', 'page=-1']) {
    const r = await admin.get(`/org-units?${q}`);
    assert.ok([400, 422].includes(r.status), `${q}: expected 400/422, got ${r.status} ${r.text}`);
  }
  expectError(await admin.get('/users?org_unit_id=x'), 400, 'bad_request');
  for (const id of ['abc', '99999999999999999999999', '-1', '0', '1.5']) {
    const r = await admin.get(`/org-units/${id}`);
    assert.ok([400, 404].includes(r.status), `/org-units/${id}: expected 400/404, got ${r.status} ${r.text}`);
  }
  const page = await admin.get('/org-units?page=1&page_size=1');
  expectStatus(page, 200);
  assert.equal(page.body.items.length, 1);
  assert.equal(page.body.total, s.orgs);
  const far = await admin.get('/org-units?page=1000&page_size=200');
  expectStatus(far, 200);
  assert.deepEqual(far.body.items, []);
  assert.equal(far.body.total, s.orgs);
  const unknown = await admin.get('/no-such-route', { undocumented: true });
  expectError(unknown, 404, 'not_found');
  await expectUnchanged(s, 'bad query');
});
