// Users: every role with its org unit, role/org and data-scope rules,
// initial password shown once, duplicates, separation of the three admins
// (三员分立), reset-password, unlock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, expectStatus, USER_PASSWORD } from './lib/server.mjs';
import { buildCounty, createUser, homeUnit, ROLES, BUSINESS_ROLES, ADMIN_ROLES, DEFAULT_SCOPE, listAll } from './lib/fixtures.mjs';

let ts;
let admin;
let secadmin;
let org;
const created = {};

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  secadmin = await ts.adminClient('secadmin');
  org = await buildCounty(admin);
});

after(async () => {
  if (ts) await ts.stop();
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function checkUserShape(u) {
  for (const k of ['id', 'username', 'display_name', 'org_unit_id', 'org_unit_name', 'role', 'data_scope', 'status', 'locked', 'must_change_password', 'created_at', 'last_login_at']) {
    assert.ok(k in u, `User lacks ${k}: ${JSON.stringify(u)}`);
  }
  for (const k of Object.keys(u)) {
    assert.ok(!/password|hash|secret|totp/i.test(k) || k === 'must_change_password', `User exposes ${k}`);
  }
  assert.match(u.created_at, ISO);
}

test('create a user of every business role (sys_admin) with default data scope', async () => {
  for (const role of BUSINESS_ROLES) {
    const unit = homeUnit(org, role);
    const r = await admin.post('/users', { username: `n_${role}`, display_name: `姓名${role}`, org_unit_id: unit.id, role });
    expectStatus(r, 201, `create ${role}`);
    const u = r.body.user;
    checkUserShape(u);
    assert.equal(u.username, `n_${role}`);
    assert.equal(u.role, role);
    assert.equal(u.org_unit_id, unit.id);
    assert.equal(u.org_unit_name, unit.name);
    assert.equal(u.data_scope, DEFAULT_SCOPE[role], `default scope of ${role}`);
    assert.equal(u.status, 'active');
    assert.equal(u.locked, false);
    assert.equal(u.must_change_password, true);
    assert.equal(u.last_login_at, null);
    // 三员: half a secret for the proposer; the security admin approves and gets the other half.
    assert.equal(typeof r.body.secret_part, 'string');
    assert.equal(r.body.secret_part.length, 8);
    expectError(await ts.client().login(`n_${role}`, r.body.secret_part), 401, 'invalid_credentials');
    const ok = await secadmin.post(`/account-requests/${r.body.request_id}/approve`, undefined);
    expectStatus(ok, 200, `approve ${role}`);
    assert.equal(ok.body.secret_part.length, 8);
    created[role] = { user: u, initial_password: r.body.secret_part + ok.body.secret_part };
  }
});

test('create the three admin roles (security_admin), with null or county org unit', async () => {
  const units = { sys_admin: null, security_admin: org.county.id, audit_admin: null };
  for (const role of ADMIN_ROLES) {
    const r = await secadmin.post('/users', { username: `n_${role}`, display_name: `管理员${role}`, org_unit_id: units[role], role });
    expectStatus(r, 201, `secadmin creates ${role}`);
    assert.equal(r.body.user.role, role);
    assert.equal(r.body.user.data_scope, 'none');
    assert.equal(r.body.user.org_unit_id, units[role]);
    const ok = await admin.post(`/account-requests/${r.body.request_id}/approve`, undefined);
    expectStatus(ok, 200, `sys_admin approves ${role}`);
    created[role] = { user: r.body.user, initial_password: r.body.secret_part + ok.body.secret_part };
  }
});

test('the initial password is returned once and works; must change it', async () => {
  const { user, initial_password } = created.petition_office;
  const g = await admin.get(`/users/${user.id}`);
  expectStatus(g, 200);
  checkUserShape(g.body);
  assert.ok(!g.text.includes(initial_password), 'GET /users/{id} repeats the initial password');
  assert.ok(!('initial_password' in g.body));
  const list = await admin.get('/users?page_size=200');
  assert.ok(!list.text.includes(initial_password), 'GET /users repeats the initial password');
  const c = ts.client();
  const l = await c.login(user.username, initial_password);
  expectStatus(l, 200);
  assert.equal(l.body.must_change_password, true);
  expectStatus(await c.changePassword(initial_password, USER_PASSWORD), 200);
  const g2 = await admin.get(`/users/${user.id}`);
  assert.equal(g2.body.must_change_password, false);
  assert.match(g2.body.last_login_at, ISO);

  // Nobody chooses another person's password (三员, issue 27).
  expectError(await admin.post('/users', { username: 'given_pw', display_name: '给定', org_unit_id: org.petition.id, role: 'petition_office', password: 'Given-Pass-2026' }), 422, 'validation_failed', 'password');
  assert.equal((await admin.get('/users?q=given_pw')).body.total, 0);
});

test('role ↔ org unit mismatch → 422 org_unit_id', async () => {
  const total = (await admin.get('/users')).body.total;
  const cases = [
    ['county_leader', org.townA.id],
    ['county_leader', org.petition.id],
    ['county_leader', null],
    ['case_supervision', org.petition.id],
    ['petition_office', org.caseSup.id],
    ['discipline_room', org.trial.id],
    ['discipline_room', org.county.id],
    ['trial_office', org.room1.id],
    ['township_secretary', org.petition.id],
    ['township_secretary', org.villageA.id],
    ['township_staff', org.county.id],
    ['township_staff', null],
    ['village_officer', org.townA.id],
    ['village_officer', 987654321],
    ['petition_office', 987654321],
  ];
  for (const [role, unit] of cases) {
    const r = await admin.post('/users', { username: 'mismatch_u', display_name: 'x', org_unit_id: unit, role });
    expectError(r, 422, 'validation_failed', 'org_unit_id');
  }
  for (const [role, unit] of [['sys_admin', org.townA.id], ['audit_admin', org.petition.id], ['security_admin', org.villageA.id]]) {
    expectError(await secadmin.post('/users', { username: 'mismatch_a', display_name: 'x', org_unit_id: unit, role }), 422, 'validation_failed', 'org_unit_id');
  }
  assert.equal((await admin.get('/users')).body.total, total, 'a rejected user was stored');
});

test('data_scope overrides: allowed ones 201, others 422 data_scope', async () => {
  const ok = [
    ['township_staff', org.townA.id, 'own_records'],
    ['discipline_room', org.room2.id, 'county'],
    ['township_secretary', org.townB.id, 'own_township'],
    ['county_leader', org.county.id, 'county'],
  ];
  let i = 0;
  for (const [role, unit, scope] of ok) {
    const r = await admin.post('/users', { username: `scope_ok${i++}`, display_name: 'x', org_unit_id: unit, role, data_scope: scope });
    expectStatus(r, 201, `${role} with ${scope}`);
    assert.equal(r.body.user.data_scope, scope);
  }
  const total = (await admin.get('/users')).body.total;
  const bad = [
    ['county_leader', org.county.id, 'own_township'],
    ['case_supervision', org.caseSup.id, 'linked_townships'],
    ['petition_office', org.petition.id, 'none'],
    ['township_secretary', org.townA.id, 'own_records'],
    ['township_secretary', org.townA.id, 'county'],
    ['township_staff', org.townA.id, 'county'],
    ['village_officer', org.villageA.id, 'county'],
    ['discipline_room', org.room1.id, 'own_township'],
    ['discipline_room', org.room1.id, 'none'],
  ];
  for (const [role, unit, scope] of bad) {
    expectError(await admin.post('/users', { username: 'scope_bad', display_name: 'x', org_unit_id: unit, role, data_scope: scope }), 422, 'validation_failed', 'data_scope');
  }
  expectError(await secadmin.post('/users', { username: 'scope_bad', display_name: 'x', org_unit_id: null, role: 'audit_admin', data_scope: 'county' }), 422, 'validation_failed', 'data_scope');
  assert.equal((await admin.get('/users')).body.total, total, 'a rejected user was stored');
});

test('duplicate username → 409 username', async () => {
  const r = await admin.post('/users', { username: 'n_petition_office', display_name: '重名', org_unit_id: org.petition.id, role: 'petition_office' });
  expectError(r, 409, 'conflict', 'username');
  expectError(await secadmin.post('/users', { username: 'admin', display_name: '重名', org_unit_id: null, role: 'audit_admin' }), 409, 'conflict', 'username');
});

test('三员分立: sys_admin cannot create or edit admin-role users; security_admin only those', async () => {
  const total = (await admin.get('/users')).body.total;
  for (const role of ADMIN_ROLES) {
    expectError(await admin.post('/users', { username: `sys_made_${role}`, display_name: 'x', org_unit_id: null, role }), 403, 'forbidden');
  }
  // security_admin manages only the admin roles.
  expectError(await secadmin.post('/users', { username: 'sec_made_biz', display_name: 'x', org_unit_id: org.petition.id, role: 'petition_office' }), 403, 'forbidden');
  assert.equal((await admin.get('/users')).body.total, total, 'a forbidden user was stored');

  const auditor = created.audit_admin.user;
  const biz = created.trial_office.user;
  // sys_admin may not edit an admin-role user nor grant an admin role.
  expectError(await admin.put(`/users/${auditor.id}`, { username: auditor.username, display_name: '改名', org_unit_id: null, role: 'audit_admin' }), 403, 'forbidden');
  expectError(await admin.put(`/users/${biz.id}`, { username: biz.username, display_name: biz.display_name, org_unit_id: null, role: 'sys_admin' }), 403, 'forbidden');
  expectError(await admin.post(`/users/${auditor.id}/reset-password`, undefined), 403, 'forbidden');
  expectError(await admin.post(`/users/${auditor.id}/unlock`, undefined), 403, 'forbidden');
  // security_admin may not edit a business user nor turn an admin into a business user.
  expectError(await secadmin.put(`/users/${biz.id}`, { username: biz.username, display_name: '改名', org_unit_id: biz.org_unit_id, role: biz.role }), 403, 'forbidden');
  expectError(await secadmin.put(`/users/${auditor.id}`, { username: auditor.username, display_name: '改名', org_unit_id: org.petition.id, role: 'petition_office' }), 403, 'forbidden');
  expectError(await secadmin.post(`/users/${biz.id}/reset-password`, undefined), 403, 'forbidden');
  assert.equal((await admin.get(`/users/${auditor.id}`)).body.display_name, auditor.display_name);
  assert.equal((await admin.get(`/users/${biz.id}`)).body.role, 'trial_office');

  const ok = await secadmin.put(`/users/${auditor.id}`, { username: auditor.username, display_name: '审计员乙', org_unit_id: org.county.id, role: 'audit_admin' });
  expectStatus(ok, 200, 'secadmin edits an audit_admin');
  assert.equal(ok.body.display_name, '审计员乙');
  // The unit is an access change: proposed, applied when another administrator approves.
  assert.equal(ok.body.org_unit_id, null);
  assert.equal(typeof ok.body.pending_request_id, 'number');
  expectError(await secadmin.post(`/account-requests/${ok.body.pending_request_id}/approve`, undefined), 403, 'forbidden');
  expectStatus(await admin.post(`/account-requests/${ok.body.pending_request_id}/approve`, undefined), 200);
  assert.equal((await admin.get(`/users/${auditor.id}`)).body.org_unit_id, org.county.id);
  // Both may read every user.
  expectStatus(await secadmin.get(`/users/${biz.id}`), 200);
  expectStatus(await admin.get(`/users/${auditor.id}`), 200);
});

test('update: fields change, username immutable, 404 for unknown', async () => {
  const u = created.township_staff.user;
  const r = await admin.put(`/users/${u.id}`, { username: u.username, display_name: '李四', org_unit_id: org.townB.id, role: 'township_staff', data_scope: 'own_records' });
  expectStatus(r, 200, 'update user');
  assert.equal(r.body.display_name, '李四');
  // Unit and scope wait for the security admin (三员); a second proposal meanwhile is refused.
  assert.equal(r.body.org_unit_id, u.org_unit_id);
  expectError(await admin.put(`/users/${u.id}`, { username: u.username, display_name: '李四', org_unit_id: org.townA.id, role: 'township_staff' }), 409, 'conflict');
  expectStatus(await secadmin.post(`/account-requests/${r.body.pending_request_id}/approve`, undefined), 200);
  const g = (await admin.get(`/users/${u.id}`)).body;
  assert.equal(g.org_unit_id, org.townB.id);
  assert.equal(g.org_unit_name, org.townB.name);
  assert.equal(g.data_scope, 'own_records');

  const ren = await admin.put(`/users/${u.id}`, { username: 'renamed_user', display_name: '李四', org_unit_id: org.townB.id, role: 'township_staff' });
  assert.ok([409, 422].includes(ren.status), `username change: expected 409/422, got ${ren.status} ${ren.text}`);
  assert.equal((await admin.get(`/users/${u.id}`)).body.username, u.username);
  expectError(await admin.put(`/users/${u.id}`, { username: u.username, display_name: '李四', org_unit_id: org.county.id, role: 'township_staff' }), 422, 'validation_failed', 'org_unit_id');

  expectError(await admin.get('/users/987654321'), 404, 'not_found');
  expectError(await admin.put('/users/987654321', { username: 'nobody_here', display_name: 'x', org_unit_id: org.petition.id, role: 'petition_office' }), 404, 'not_found');
  expectError(await admin.post('/users/987654321/reset-password', undefined), 404, 'not_found');
  expectError(await admin.post('/users/987654321/unlock', undefined), 404, 'not_found');
});

test('disable: the user is forced out at once and cannot log in (403 account_disabled); enable restores', async () => {
  const made = await createUser(admin, { username: 'to_disable', display_name: '王五', org_unit_id: org.petition.id, role: 'petition_office' }, secadmin);
  const u = made.user;
  const c = ts.client();
  await c.loginAndChange('to_disable', made.initial_password, 'Disable-Pass-2026');
  expectStatus(await c.get('/org-units'), 200, 'before disabling');
  const base = { username: u.username, display_name: u.display_name, org_unit_id: u.org_unit_id, role: u.role };
  const d = await admin.put(`/users/${u.id}`, { ...base, status: 'disabled' });
  expectStatus(d, 200, 'disable');
  assert.equal(d.body.status, 'disabled');
  expectError(await c.get('/org-units'), 401, 'unauthenticated');
  expectError(await ts.client().login('to_disable', 'Disable-Pass-2026'), 403, 'account_disabled');
  // A wrong password does not reveal that the account is disabled.
  expectError(await ts.client().login('to_disable', 'Wrong-Pass-2026'), 401, 'invalid_credentials');
  expectError(await admin.put(`/users/${u.id}`, { ...base, status: 'sleeping' }), 422, 'validation_failed', 'status');
  expectStatus(await admin.put(`/users/${u.id}`, { ...base, status: 'active' }), 200, 'enable');
  expectStatus(await ts.client().login('to_disable', 'Disable-Pass-2026'), 200, 'login after enabling');
});

test('reset-password: new initial password once, old one dead, must change again', async () => {
  const { user } = created.petition_office; // password USER_PASSWORD since the earlier test
  const r = await admin.post(`/users/${user.id}/reset-password`, undefined);
  expectStatus(r, 200, 'reset');
  assert.equal(r.body.secret_part.length, 8);
  // Proposed only: the old password still works, the half alone does not.
  expectStatus(await ts.client().login(user.username, USER_PASSWORD), 200);
  expectError(await ts.client().login(user.username, r.body.secret_part), 401, 'invalid_credentials');
  expectError(await admin.post(`/account-requests/${r.body.request_id}/approve`, undefined), 403, 'forbidden');
  const ok = await secadmin.post(`/account-requests/${r.body.request_id}/approve`, undefined);
  expectStatus(ok, 200);
  expectError(await secadmin.post(`/account-requests/${r.body.request_id}/approve`, undefined), 409, 'conflict');
  expectError(await ts.client().login(user.username, USER_PASSWORD), 401, 'invalid_credentials');
  expectError(await ts.client().login(user.username, ok.body.secret_part), 401, 'invalid_credentials');
  const c = ts.client();
  const l = await c.login(user.username, r.body.secret_part + ok.body.secret_part);
  expectStatus(l, 200);
  assert.equal(l.body.must_change_password, true);
  expectError(await c.get('/org-units'), 403, 'password_change_required');
  // security_admin resets an admin-role user.
  const a = created.sys_admin.user;
  const r2 = await secadmin.post(`/users/${a.id}/reset-password`, undefined);
  expectStatus(r2, 200, 'secadmin proposes to reset a sys_admin');
  const auditor = await ts.adminClient('auditor');
  const ok2 = await auditor.post(`/account-requests/${r2.body.request_id}/approve`, undefined);
  expectStatus(ok2, 200, 'the auditor approves');
  expectStatus(await ts.client().login(a.username, r2.body.secret_part + ok2.body.secret_part), 200);
});

test('unlock: a locked user (5 failures) can log in again after unlock', async () => {
  const made = await createUser(admin, { username: 'locked_out', display_name: '锁定', org_unit_id: org.trial.id, role: 'trial_office' }, secadmin);
  const id = made.user.id;
  await ts.client().loginAndChange('locked_out', made.initial_password, USER_PASSWORD);
  const c = ts.client();
  for (let i = 0; i < 5; i++) expectError(await c.login('locked_out', `Bad-Pass-${i}x`), 401, 'invalid_credentials');
  expectError(await c.login('locked_out', USER_PASSWORD), 429, 'account_locked');
  assert.equal((await admin.get(`/users/${id}`)).body.locked, true, 'locked flag');
  const u = await admin.post(`/users/${id}/unlock`, undefined);
  expectStatus(u, 200, 'unlock');
  assert.deepEqual(u.body, {});
  assert.equal((await admin.get(`/users/${id}`)).body.locked, false);
  expectStatus(await c.login('locked_out', USER_PASSWORD), 200, 'login after unlock');
});

test('list users: filters q, org_unit_id, role, status; paging', async () => {
  const all = await listAll(admin, '/users');
  const names = all.items.map((u) => u.username);
  for (const n of ['admin', 'secadmin', 'auditor', ...ROLES.map((r) => `n_${r}`)]) assert.ok(names.includes(n), `list lacks ${n}`);
  const byRole = await admin.get('/users?role=discipline_room&page_size=200');
  expectStatus(byRole, 200);
  assert.ok(byRole.body.items.length >= 1);
  assert.ok(byRole.body.items.every((u) => u.role === 'discipline_room'));
  assert.equal(byRole.body.total, byRole.body.items.length);
  const byOrg = await admin.get(`/users?org_unit_id=${org.villageA.id}`);
  assert.deepEqual(byOrg.body.items.map((u) => u.username), ['n_village_officer']);
  const q = await admin.get(`/users?q=${encodeURIComponent('n_trial')}`);
  assert.deepEqual(q.body.items.map((u) => u.username), ['n_trial_office']);
  const q2 = await admin.get(`/users?q=${encodeURIComponent('李四')}`);
  assert.deepEqual(q2.body.items.map((u) => u.username), ['n_township_staff']);
  const st = await admin.get('/users?status=active&page_size=200');
  assert.equal(st.body.total, all.total);
  const p = await admin.get('/users?page=2&page_size=2');
  assert.equal(p.body.items.length, 2);
  assert.equal(p.body.total, all.total);
});

test('concurrent creates with one username: exactly one 201, the rest 409', async () => {
  const body = { username: 'race_user', display_name: '并发', org_unit_id: org.petition.id, role: 'petition_office' };
  const results = await Promise.all(Array.from({ length: 8 }, () => admin.post('/users', body)));
  const statuses = results.map((r) => r.status).sort();
  // 503 busy is documented for when the hashing queue is full; 5xx otherwise is not.
  assert.equal(statuses.filter((x) => x === 201).length, 1, `statuses: ${statuses.join(',')}`);
  assert.ok(statuses.every((x) => [201, 409, 503].includes(x)), `statuses: ${statuses.join(',')}`);
  assert.equal((await admin.get('/users?q=race_user')).body.total, 1);
});

// Issue 27 item 1: no single administrator can obtain a session that reads business data.
test('三员: one administrator alone never gets a usable business login', async () => {
  // The system administrator proposes a county leader: its half alone does not log in.
  const p = await admin.post('/users', { username: 'lone_leader', display_name: '独裁', org_unit_id: org.county.id, role: 'county_leader' });
  expectStatus(p, 201);
  expectError(await ts.client().login('lone_leader', p.body.secret_part), 401, 'invalid_credentials');
  // It cannot approve its own proposal; neither can the auditor a business account.
  expectError(await admin.post(`/account-requests/${p.body.request_id}/approve`, undefined), 403, 'forbidden');
  const auditor = await ts.adminClient('auditor');
  expectError(await auditor.post(`/account-requests/${p.body.request_id}/approve`, undefined), 403, 'forbidden');
  const ok = await secadmin.post(`/account-requests/${p.body.request_id}/approve`, undefined);
  expectStatus(ok, 200);
  // Each administrator holds one half; neither half logs in; both together do.
  expectError(await ts.client().login('lone_leader', ok.body.secret_part), 401, 'invalid_credentials');
  expectStatus(await ts.client().login('lone_leader', p.body.secret_part + ok.body.secret_part), 200);
  // The security admin cannot take over the system administrator alone either.
  const sys = (await admin.get('/auth/me')).body.user;
  const r = await secadmin.post(`/users/${sys.id}/reset-password`, undefined);
  expectStatus(r, 200);
  expectError(await secadmin.post(`/account-requests/${r.body.request_id}/approve`, undefined), 403, 'forbidden');
  expectError(await admin.post(`/account-requests/${r.body.request_id}/approve`, undefined), 403, 'forbidden');
  expectStatus(await secadmin.post(`/account-requests/${r.body.request_id}/reject`, undefined), 200);
  // The system administrator cannot end the auditor's sessions.
  const sessions = await listAll(admin, '/sessions');
  const aud = sessions.items.find((s) => s.username === 'auditor');
  assert.ok(aud, 'auditor session listed');
  expectError(await admin.del(`/sessions/${aud.id}`), 403, 'forbidden');
  expectStatus(await auditor.get('/auth/me'), 200);
  // The auditor sees every step.
  const log = await listAll(auditor, '/audit-log?entity=user');
  const actions = new Set(log.items.map((x) => x.action));
  for (const a of ['propose_create', 'approve_account_request', 'propose_reset_password', 'withdraw_account_request']) assert.ok(actions.has(a), `audit lacks ${a}`);
});
