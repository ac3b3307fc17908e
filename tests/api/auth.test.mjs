// Authentication: login, lockout, forced password change, password policy,
// logout, CSRF, session cookie.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, expectError, expectStatus, dbQuery, INIT_PASSWORD, CHANGED_PASSWORD, USER_PASSWORD } from './lib/server.mjs';
import { createOrg, createUser, permissionsOf } from './lib/fixtures.mjs';

let ts;
let admin;
let org;

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  const county = await createOrg(admin, { kind: 'county', category: 'county', name: '成武县纪委监委', short_name: '成纪', division_code: '371723' });
  const petition = await createOrg(admin, { parent_id: county.id, kind: 'department', category: 'petition_office', name: '信访室', short_name: '信访' });
  org = { county, petition };
});

after(async () => {
  if (ts) await ts.stop();
});

async function newUser(username, extra = {}) {
  return createUser(admin, { username, display_name: username, org_unit_id: org.petition.id, role: 'petition_office', ...extra });
}

test('GET /ping answers without a session', async () => {
  const c = ts.client();
  const r = await c.get('/ping');
  expectStatus(r, 200);
  assert.deepEqual(r.body, { status: 'ok' });
});

test('login returns csrf_token, must_change_password and user, and a strict session cookie', async () => {
  const c = ts.client();
  const r = await c.login('secadmin', INIT_PASSWORD);
  expectStatus(r, 200, 'login secadmin');
  assert.equal(typeof r.body.csrf_token, 'string');
  assert.ok(r.body.csrf_token.length >= 16, 'csrf token too short');
  assert.equal(r.body.must_change_password, true);
  assert.equal(r.body.user.username, 'secadmin');
  assert.equal(r.body.user.role, 'security_admin');
  assert.ok(!/argon2|password_hash/i.test(r.text), 'login answer leaks a password hash');

  const sc = c.lastSetCookie.find((s) => s.startsWith('funnel_session='));
  assert.ok(sc, `no funnel_session cookie in ${JSON.stringify(c.lastSetCookie)}`);
  const attrs = sc.split(';').slice(1).map((a) => a.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), `HttpOnly missing: ${sc}`);
  assert.ok(attrs.includes('samesite=strict'), `SameSite=Strict missing: ${sc}`);
  assert.ok(attrs.includes('path=/'), `Path=/ missing: ${sc}`);
  const token = sc.split(';')[0].split('=')[1];
  assert.ok(token.length >= 32, 'session token too short');
  assert.ok(!r.text.includes(token), 'session token repeated in the body');

  const me = await c.get('/auth/me');
  expectStatus(me, 200);
  assert.equal(me.body.csrf_token, r.body.csrf_token);
  assert.equal(me.body.must_change_password, true);
});

test('wrong password and unknown user both answer 401 invalid_credentials, alike', async () => {
  await newUser('wrong_pw_user', { password: USER_PASSWORD });
  const c = ts.client();
  const a = await c.login('wrong_pw_user', 'Not-The-Password-1');
  expectError(a, 401, 'invalid_credentials');
  const b = await c.login('no_such_user_x', 'Not-The-Password-1');
  expectError(b, 401, 'invalid_credentials');
  assert.equal(a.body.error.message, b.body.error.message, 'messages differ: user enumeration');
  assert.equal(c.cookies.size, 0, 'a failed login set a cookie');
  // Missing fields → 422, not a login attempt.
  expectError(await c.post('/auth/login', { username: 'wrong_pw_user' }, { csrf: false }), 422, 'validation_failed', 'password');
  const ok = await c.login('wrong_pw_user', USER_PASSWORD);
  expectStatus(ok, 200, 'right password after one failure');
});

test('5 failed logins lock the account (429 account_locked), also for unknown usernames', async () => {
  await newUser('lock_me', { password: USER_PASSWORD });
  const c = ts.client();
  for (let i = 1; i <= 5; i++) {
    expectError(await c.login('lock_me', `Wrong-Pass-${i}!`), 401, 'invalid_credentials');
  }
  const locked = await c.login('lock_me', USER_PASSWORD);
  expectError(locked, 429, 'account_locked');
  assert.equal(c.cookies.size, 0, 'locked login set a cookie');
  expectError(await c.login('lock_me', 'Wrong-Pass-6!'), 429, 'account_locked');

  for (let i = 1; i <= 5; i++) {
    expectError(await c.login('ghost_user', `Wrong-Pass-${i}!`), 401, 'invalid_credentials');
  }
  const ghost = await c.login('ghost_user', 'Wrong-Pass-6!');
  expectError(ghost, 429, 'account_locked');
  assert.equal(ghost.body.error.message, locked.body.error.message, 'locked messages differ: user enumeration');

  // Other accounts are not affected.
  const other = ts.client();
  expectStatus(await other.login('admin', CHANGED_PASSWORD), 200, 'admin login while another account is locked');
});

test('must_change_password: 403 password_change_required until the password is changed', async () => {
  const created = await newUser('fresh_user');
  assert.equal(created.user.must_change_password, true);
  const c = ts.client();
  const l = await c.login('fresh_user', created.initial_password);
  expectStatus(l, 200);
  assert.equal(l.body.must_change_password, true);
  expectError(await c.get('/org-units'), 403, 'password_change_required');
  expectError(await c.get('/org-units/tree'), 403, 'password_change_required');
  const me = await c.get('/auth/me');
  expectStatus(me, 200, '/auth/me before change');
  assert.equal(me.body.must_change_password, true);

  expectStatus(await c.changePassword(created.initial_password, USER_PASSWORD), 200, 'change');
  expectStatus(await c.get('/org-units'), 200, '/org-units after change');
  const me2 = await c.get('/auth/me');
  assert.equal(me2.body.must_change_password, false);

  const again = ts.client();
  const l2 = await again.login('fresh_user', USER_PASSWORD);
  expectStatus(l2, 200);
  assert.equal(l2.body.must_change_password, false);
  expectError(await again.login('fresh_user', created.initial_password), 401, 'invalid_credentials');
});

test('password policy: 422 new_password; wrong old password: 422 old_password', async () => {
  const created = await newUser('user_1234');
  const init = created.initial_password;
  const c = ts.client();
  expectStatus(await c.login('user_1234', init), 200);
  const bad = [
    'Ab1!xyz', // 7 characters
    'abcdefghij', // one class
    'abcdefgh12', // two classes
    'ABCDEFGH12', // two classes
    'abcd!@#$%^', // two classes
    init, // equal to the old password
    'user_1234', // equal to the username (lower, digit, other)
  ];
  for (const pw of bad) {
    expectError(await c.changePassword(init, pw), 422, 'validation_failed', 'new_password');
  }
  expectError(await c.changePassword('Wrong-Old-Pass1', 'Good-Pass-2026'), 422, 'validation_failed', 'old_password');
  // Nothing changed: the initial password still works and is still to be changed.
  const probe = ts.client();
  const l = await probe.login('user_1234', init);
  expectStatus(l, 200, 'initial password after rejected changes');
  assert.equal(l.body.must_change_password, true);
  // Three classes, eight characters: accepted.
  expectStatus(await c.changePassword(init, 'abcdEF12'), 200, 'policy-conforming password');
  expectStatus(await ts.client().login('user_1234', 'abcdEF12'), 200);
});

test('logout invalidates the session server-side and clears the cookie', async () => {
  const made = await newUser('logout_user');
  const c = ts.client();
  await c.loginAndChange('logout_user', made.initial_password, 'Logout-Pass-77');
  expectStatus(await c.get('/auth/me'), 200);
  const stolen = c.clone();
  const r = await c.logout();
  expectStatus(r, 200, 'logout');
  assert.deepEqual(r.body, {});
  const sc = c.lastSetCookie.find((s) => s.startsWith('funnel_session='));
  assert.ok(sc, 'logout did not clear the cookie');
  assert.ok(/max-age=0|expires=thu, 01 jan 1970|funnel_session=;/i.test(sc), `cookie not cleared: ${sc}`);
  expectError(await c.get('/auth/me'), 401, 'unauthenticated');
  // Replaying the old cookie does not work either.
  expectError(await stolen.get('/auth/me'), 401, 'unauthenticated');
  expectError(await stolen.post('/auth/logout', undefined), 401, 'unauthenticated');
});

const sqlOnDb = (sql) => dbQuery(ts, sql);

test('expired session (idle 30 min, or older than 12 h): 401, the session is gone, nothing changes', async () => {
  const made = await newUser('idle_user');
  const u = made.user;
  const c = ts.client();
  await c.loginAndChange('idle_user', made.initial_password, 'Idle-Pass-2026');
  expectStatus(await c.get('/auth/me'), 200);
  // Age the session as 31 idle minutes would (times are epoch milliseconds).
  sqlOnDb(`UPDATE sessions SET last_seen_at = last_seen_at - ${31 * 60 * 1000} WHERE user_id = ${u.id}`);
  const r = await c.post('/auth/password', { old_password: 'Idle-Pass-2026', new_password: 'Other-Pass-2026' });
  expectError(r, 401, 'unauthenticated', undefined, 'state change on an idle session');
  assert.equal(sqlOnDb(`SELECT count(*) FROM sessions WHERE user_id = ${u.id}`).trim(), '0', 'expired session row kept');
  expectError(await c.get('/auth/me'), 401, 'unauthenticated');
  // The password did not change: the old one still logs in.
  const again = ts.client();
  expectStatus(await again.login('idle_user', 'Idle-Pass-2026'), 200, 'old password after refused change');
  // Active but older than the 12-hour maximum.
  sqlOnDb(`UPDATE sessions SET created_at = created_at - ${12 * 3600 * 1000 + 1000} WHERE user_id = ${u.id}`);
  expectError(await again.get('/auth/me'), 401, 'unauthenticated');
});

test('no session or a forged cookie: 401 unauthenticated', async () => {
  const c = ts.client();
  expectError(await c.get('/auth/me'), 401, 'unauthenticated');
  expectError(await c.get('/org-units'), 401, 'unauthenticated');
  c.cookies.set('funnel_session', 'A'.repeat(43));
  expectError(await c.get('/auth/me'), 401, 'unauthenticated');
  expectError(await c.get('/users'), 401, 'unauthenticated');
});

test('CSRF: missing or wrong X-CSRF-Token → 403 csrf_failed and nothing changes', async () => {
  const before = await admin.get('/org-units?page_size=200');
  expectStatus(before, 200);
  const input = { parent_id: org.county.id, kind: 'department', category: 'trial_office', name: '案件审理室', short_name: '审理', division_code: null };
  expectError(await admin.post('/org-units', input, { csrf: false }), 403, 'csrf_failed');
  expectError(await admin.post('/org-units', input, { csrf: 'x'.repeat(32) }), 403, 'csrf_failed');
  expectError(await admin.post('/org-units', input, { csrf: '' }), 403, 'csrf_failed');
  // A valid token of another session does not do either.
  const sec = await ts.adminClient('secadmin');
  expectError(await admin.post('/org-units', input, { csrf: sec.csrf }), 403, 'csrf_failed');
  const after1 = await admin.get('/org-units?page_size=200');
  assert.equal(after1.body.total, before.body.total, 'a unit was created without CSRF token');

  // PUT / DELETE without token leave the unit as it was.
  const url = `/org-units/${org.petition.id}`;
  const put = { parent_id: org.county.id, kind: 'department', category: 'petition_office', name: '被篡改', short_name: '信访', division_code: null };
  expectError(await admin.put(url, put, { csrf: false }), 403, 'csrf_failed');
  expectError(await admin.del(url, { csrf: false }), 403, 'csrf_failed');
  const unit = await admin.get(url);
  expectStatus(unit, 200, 'unit still there');
  assert.equal(unit.body.name, '信访室');

  // Password change and logout need the token too.
  const c = ts.client();
  const made = await newUser('csrf_user');
  await c.loginAndChange('csrf_user', made.initial_password, 'Csrf-Pass-2026');
  expectError(await c.changePassword('Csrf-Pass-2026', 'Other-Pass-2026', { csrf: false }), 403, 'csrf_failed');
  expectError(await c.post('/auth/password', { old_password: 'Csrf-Pass-2026', new_password: 'Other-Pass-2026' }, { csrf: 'nope' }), 403, 'csrf_failed');
  expectError(await c.post('/auth/logout', undefined, { csrf: false }), 403, 'csrf_failed');
  expectStatus(await c.get('/auth/me'), 200, 'session survives a logout without token');
  expectStatus(await ts.client().login('csrf_user', 'Csrf-Pass-2026'), 200, 'password unchanged');
});

test('/auth/me: user, permissions, scope', async () => {
  const me = await admin.get('/auth/me');
  expectStatus(me, 200);
  assert.equal(me.body.user.username, 'admin');
  assert.equal(me.body.user.role, 'sys_admin');
  assert.equal(me.body.must_change_password, false);
  assert.deepEqual([...me.body.permissions].sort(), [...permissionsOf('sys_admin')].sort());
  assert.equal(me.body.scope.kind, 'none');
  assert.ok(Array.isArray(me.body.scope.township_ids));
  const aud = await ts.adminClient('auditor');
  const me2 = await aud.get('/auth/me');
  assert.deepEqual([...me2.body.permissions].sort(), [...permissionsOf('audit_admin')].sort());
});

test('/dicts lists the enumerations with Chinese labels', async () => {
  const r = await admin.get('/dicts');
  expectStatus(r, 200);
  for (const k of ['roles', 'data_scopes', 'org_kinds', 'org_categories', 'user_statuses', 'permissions']) {
    assert.ok(Array.isArray(r.body[k]) && r.body[k].length > 0, `dicts.${k}`);
  }
  assert.equal(r.body.roles.length, 11);
  const ts_ = r.body.roles.find((x) => x.code === 'township_secretary');
  assert.ok(ts_ && /[\u4e00-\u9fff]/.test(ts_.label_zh) && ts_.label_en, 'role labels');
  const room = r.body.org_categories.find((x) => x.code === 'discipline_room');
  assert.equal(room.kind, 'department');
  assert.deepEqual(r.body.data_scopes.map((x) => x.code).sort(), ['county', 'linked_townships', 'none', 'own_records', 'own_township']);
  assert.ok(r.body.user_statuses.some((x) => x.code === 'active'));
});

// Issue 27 item 10: the lockout counts every attempt before its password check.
test('sixteen parallel wrong passwords: at most 5 are checked, the rest are locked out', async () => {
  const made = await newUser('race_lock');
  await ts.client().loginAndChange('race_lock', made.initial_password, USER_PASSWORD);
  const results = await Promise.all(Array.from({ length: 16 }, (_, i) => ts.client().login('race_lock', `Wrong-Pass-${i}x`)));
  const statuses = results.map((r) => r.status);
  const checked = statuses.filter((s) => s === 401).length;
  assert.ok(checked <= 5, `${checked} passwords were checked: ${statuses.join(',')}`);
  assert.ok(statuses.every((s) => s === 401 || s === 429 || s === 503), statuses.join(','));
  assert.equal(Number(sqlOnDb("SELECT COUNT(*) FROM login_attempts WHERE username = 'race_lock' AND reason = 'bad_password'")), checked);
  expectError(await ts.client().login('race_lock', USER_PASSWORD), 429, 'account_locked');
});

test('guesses of the old password are limited and audited like logins', async () => {
  const made = await newUser('old_pw_guess');
  const c = ts.client();
  await c.loginAndChange('old_pw_guess', made.initial_password, USER_PASSWORD);
  for (let i = 0; i < 5; i++) expectError(await c.changePassword(`Guess-Pass-${i}x`, 'Next-Pass-2026'), 422, 'validation_failed', 'old_password');
  expectError(await c.changePassword(USER_PASSWORD, 'Next-Pass-2026'), 429, 'account_locked');
  const audited = Number(sqlOnDb("SELECT COUNT(*) FROM audit_log WHERE action = 'change_password_failed' AND detail LIKE '%old_pw_guess%'"));
  assert.equal(audited, 5);
});

test('the login log never keeps an unknown username as typed (it may be a password)', async () => {
  const typed = 'Tr0ub4dor&3-secret';
  expectError(await ts.client().login(typed, 'whatever-1A'), 401, 'invalid_credentials');
  assert.equal(Number(sqlOnDb(`SELECT COUNT(*) FROM login_attempts WHERE username LIKE '%r0ub4dor%'`)), 0, 'typed text in the login log');
  assert.equal(Number(sqlOnDb(`SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%r0ub4dor%'`)), 0, 'typed text in the audit');
  const kept = sqlOnDb("SELECT username FROM login_attempts WHERE username LIKE 'T…#%' ORDER BY id DESC LIMIT 1").trim();
  assert.match(kept, /^T…#[0-9a-f]{8}$/);
  // The same unknown name still locks after five failures.
  for (let i = 0; i < 4; i++) await ts.client().login(typed, `whatever-${i}B`);
  expectError(await ts.client().login(typed, 'whatever-9C'), 429, 'account_locked');
});
