// Sessions: the online-user list and forced logout (强退).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, expectStatus, Client, USER_PASSWORD } from './lib/server.mjs';
import { createOrg, createUser, listAll } from './lib/fixtures.mjs';

let ts;
let admin;
let userA1;
let userA2;
let user;

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  const county = await createOrg(admin, { kind: 'county', category: 'county', name: '成武县纪委监委', short_name: '成纪', division_code: '371723' });
  const petition = await createOrg(admin, { parent_id: county.id, kind: 'department', category: 'petition_office', name: '信访室', short_name: '信访' });
  const made = await createUser(admin, { username: 'online_user', display_name: '在线用户', org_unit_id: petition.id, role: 'petition_office' });
  user = made.user;
  userA1 = new Client(ts.base);
  userA1.userAgent = 'agent-one';
  await userA1.loginAndChange('online_user', made.initial_password, 'Online-Pass-2026');
  userA2 = new Client(ts.base);
  userA2.userAgent = 'agent-two';
  await userA2.loginOk('online_user', 'Online-Pass-2026');
});

after(async () => {
  if (ts) await ts.stop();
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

test('GET /sessions lists logged-in users without exposing tokens', async () => {
  await userA1.get('/auth/me');
  const r = await admin.get('/sessions');
  expectStatus(r, 200);
  assert.equal(typeof r.body.total, 'number');
  const all = await listAll(admin, '/sessions');
  const mine = all.items.filter((s) => s.username === 'online_user');
  assert.equal(mine.length, 2, `two sessions of online_user: ${JSON.stringify(all.items)}`);
  for (const s of mine) {
    for (const k of ['id', 'user_id', 'username', 'display_name', 'ip', 'user_agent', 'created_at', 'last_seen_at']) assert.ok(k in s, `session lacks ${k}`);
    assert.equal(s.user_id, user.id);
    assert.equal(s.display_name, '在线用户');
    assert.equal(s.ip, '127.0.0.1');
    assert.match(s.created_at, ISO);
    assert.match(s.last_seen_at, ISO);
  }
  assert.deepEqual(mine.map((s) => s.user_agent).sort(), ['agent-one', 'agent-two']);
  assert.ok(all.items.some((s) => s.username === 'admin'), 'admin session not listed');
  for (const c of [admin, userA1, userA2]) {
    for (const v of c.cookies.values()) assert.ok(!r.text.includes(v) && !JSON.stringify(all.items).includes(v), 'a session token is exposed');
    assert.ok(!JSON.stringify(all.items).includes(c.csrf), 'a CSRF token is exposed');
  }
});

test('DELETE /sessions/{id} forces that session out (401), the other stays', async () => {
  const all = await listAll(admin, '/sessions');
  const one = all.items.find((s) => s.username === 'online_user' && s.user_agent === 'agent-one');
  assert.ok(one);
  const r = await admin.del(`/sessions/${one.id}`);
  expectStatus(r, 200, 'revoke');
  assert.deepEqual(r.body, {});
  expectError(await userA1.get('/auth/me'), 401, 'unauthenticated');
  expectError(await userA1.get('/org-units'), 401, 'unauthenticated');
  expectStatus(await userA2.get('/auth/me'), 200, 'the other session survives');
  const after = await listAll(admin, '/sessions');
  assert.ok(!after.items.some((s) => s.id === one.id), 'revoked session still listed');
  expectError(await admin.del(`/sessions/${one.id}`), 404, 'not_found');
  expectError(await admin.del('/sessions/987654321'), 404, 'not_found');
  // The user can log in again.
  const again = new Client(ts.base);
  expectStatus(await again.login('online_user', 'Online-Pass-2026'), 200);
});

test('security_admin lists and revokes sessions too; logout removes a session from the list', async () => {
  const sec = await ts.adminClient('secadmin');
  const all = await listAll(sec, '/sessions');
  const two = all.items.find((s) => s.username === 'online_user' && s.user_agent === 'agent-two');
  assert.ok(two, 'agent-two session listed for secadmin');
  expectStatus(await sec.del(`/sessions/${two.id}`), 200);
  expectError(await userA2.get('/auth/me'), 401, 'unauthenticated');

  const c = new Client(ts.base);
  c.userAgent = 'agent-three';
  await c.loginOk('online_user', 'Online-Pass-2026');
  assert.ok((await listAll(admin, '/sessions')).items.some((s) => s.user_agent === 'agent-three'));
  expectStatus(await c.logout(), 200);
  assert.ok(!(await listAll(admin, '/sessions')).items.some((s) => s.user_agent === 'agent-three'), 'logged-out session still listed');
});

test('a password reset ends the sessions of that user', async () => {
  // A reset that leaves a stolen session alive would defeat it.
  const c1 = new Client(ts.base);
  await c1.loginOk('online_user', 'Online-Pass-2026');
  const r = await admin.post(`/users/${user.id}/reset-password`, undefined);
  expectStatus(r, 200);
  // A proposal changes nothing; the approval (三员) resets and ends the sessions.
  expectStatus(await c1.get('/auth/me'), 200);
  const sec = await ts.adminClient('secadmin');
  expectStatus(await sec.post(`/account-requests/${r.body.request_id}/approve`, undefined), 200);
  expectError(await c1.get('/auth/me'), 401, 'unauthenticated');
});
