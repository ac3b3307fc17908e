// Shared fixtures: a small county and one user per role.
import assert from 'node:assert/strict';
import { Client, USER_PASSWORD, adminLogin, startServer } from './server.mjs';
import { ROLE_ORDER } from './route-table.mjs';

// One list of roles for the fixtures and the route table.
export const ROLES = ROLE_ORDER;
export const BUSINESS_ROLES = ROLES.slice(0, 8);
export const ADMIN_ROLES = ['sys_admin', 'security_admin', 'audit_admin'];

export const DEFAULT_SCOPE = {
  county_leader: 'county',
  case_supervision: 'county',
  petition_office: 'county',
  discipline_room: 'linked_townships',
  trial_office: 'county',
  township_secretary: 'own_township',
  township_staff: 'own_township',
  village_officer: 'own_records',
  sys_admin: 'none',
  security_admin: 'none',
  audit_admin: 'none',
};

export const PERMISSIONS = {
  county_leader: ['org:read', 'petition:read', 'petition:handle', 'petition:reveal', 'clue:read', 'clue:dispatch', 'clue:handle', 'petition:evidence', 'recusal:manage', 'case:read', 'case:handle'],
  case_supervision: ['org:read', 'petition:read', 'clue:read', 'clue:register', 'clue:dispatch', 'clue_report:review', 'recusal:manage', 'case:read', 'case:handle'],
  petition_office: ['org:read', 'petition:read', 'petition:register', 'petition:handle', 'petition:reveal', 'clue:register', 'petition:evidence'],
  discipline_room: ['org:read', 'petition:read', 'petition:handle', 'clue:read', 'clue:register', 'clue:handle', 'petition:evidence', 'case:read', 'case:file', 'case:handle', 'guidance:write'],
  trial_office: ['org:read', 'case:read', 'case:try'],
  township_secretary: ['org:read', 'petition:read', 'petition:register', 'petition:handle', 'petition:reveal', 'clue:read', 'clue:register', 'clue:handle', 'clue_report:submit', 'petition:evidence', 'case:read', 'case:file', 'case:handle', 'case:try'],
  township_staff: ['org:read', 'petition:read', 'petition:register', 'petition:handle', 'clue:read', 'clue:register', 'clue:handle', 'case:read', 'case:file', 'case:handle'],
  village_officer: ['org:read'],
  sys_admin: ['org:read', 'org:write', 'user:read', 'user:write', 'session:read', 'session:revoke', 'account:approve', 'template:write'],
  security_admin: ['user:read', 'user:write', 'session:read', 'session:revoke', 'account:approve'],
  audit_admin: ['audit:read', 'login_log:read', 'account:approve'],
};
export function permissionsOf(role) {
  return PERMISSIONS[role];
}

export function orgInput(o) {
  return {
    parent_id: null,
    division_code: null,
    ...o,
  };
}

/** POST an org unit, asserting 201; returns the created unit. */
export async function createOrg(admin, input) {
  const r = await admin.post('/org-units', orgInput(input));
  assert.equal(r.status, 201, `create org ${input.name}: ${r.status} ${r.text}`);
  assert.equal(typeof r.body.id, 'number');
  return r.body;
}

/**
 * The demo county: county, six departments (two discipline rooms), three
 * townships (A, B, C) and a village in A and in B. Rooms: room1 → A, C;
 * room2 → B. Returns a map of units.
 */
export async function buildCounty(admin, { code = '371723', prefix = '成武' } = {}) {
  const o = {};
  o.county = await createOrg(admin, {
    kind: 'county', category: 'county', name: `${prefix}县纪委监委`, short_name: '成纪', division_code: code,
  });
  const c = o.county.id;
  o.petition = await createOrg(admin, { parent_id: c, kind: 'department', category: 'petition_office', name: '信访室', short_name: '信访' });
  o.caseSup = await createOrg(admin, { parent_id: c, kind: 'department', category: 'case_supervision', name: '案件监督管理室', short_name: '案管' });
  o.room1 = await createOrg(admin, { parent_id: c, kind: 'department', category: 'discipline_room', name: '第一纪检监察室', short_name: '一室' });
  o.room2 = await createOrg(admin, { parent_id: c, kind: 'department', category: 'discipline_room', name: '第二纪检监察室', short_name: '二室' });
  o.trial = await createOrg(admin, { parent_id: c, kind: 'department', category: 'trial_office', name: '案件审理室', short_name: '审理' });
  o.style = await createOrg(admin, { parent_id: c, kind: 'department', category: 'style_supervision', name: '党风政风监督室', short_name: '党风' });
  o.townA = await createOrg(admin, { parent_id: c, kind: 'township', category: 'subdistrict', name: '文亭街道', short_name: '文亭', division_code: `${code}001` });
  o.townB = await createOrg(admin, { parent_id: c, kind: 'township', category: 'town', name: '汶上镇', short_name: '汶上', division_code: `${code}101` });
  o.townC = await createOrg(admin, { parent_id: c, kind: 'township', category: 'town', name: '白浮图镇', short_name: '白浮', division_code: `${code}102` });
  o.villageA = await createOrg(admin, { parent_id: o.townA.id, kind: 'village', category: 'community', name: '东关社区', short_name: '东关', division_code: `${code}001001` });
  o.villageB = await createOrg(admin, { parent_id: o.townB.id, kind: 'village', category: 'village', name: '汶上村', short_name: '汶村', division_code: `${code}101201` });
  let r = await admin.put(`/org-units/${o.room1.id}/linked-townships`, { township_ids: [o.townA.id, o.townC.id] });
  assert.equal(r.status, 200, `link room1: ${r.status} ${r.text}`);
  r = await admin.put(`/org-units/${o.room2.id}/linked-townships`, { township_ids: [o.townB.id] });
  assert.equal(r.status, 200, `link room2: ${r.status} ${r.text}`);
  return o;
}

/** The org unit a user of each business role belongs to (in buildCounty's county). */
export function homeUnit(org, role) {
  return {
    county_leader: org.county,
    case_supervision: org.caseSup,
    petition_office: org.petition,
    discipline_room: org.room1,
    trial_office: org.trial,
    township_secretary: org.townA,
    township_staff: org.townA,
    village_officer: org.villageA,
    sys_admin: null,
    security_admin: null,
    audit_admin: null,
  }[role];
}

/**
 * POST /users asserting 201, then the approval by a second administrator
 * (三员, SY-15): security_admin for business roles, sys_admin for the
 * administrator roles the security admin proposes. Returns
 * {user, initial_password}: the proposer's half followed by the approver's.
 */
export async function createUser(creator, input, approver) {
  // A test that wants a known password gets it by the user's own change
  // after the first login (nobody may set another's password).
  const { password, ...body } = input;
  const made = await proposeAndApprove(creator, body, approver);
  if (password) {
    const c = new Client(creator.base);
    await c.loginAndChange(input.username, made.initial_password, password);
    await c.logout();
    made.initial_password = password;
  }
  return made;
}

async function proposeAndApprove(creator, input, approver) {
  const r = await creator.post('/users', { display_name: input.username, ...input });
  assert.equal(r.status, 201, `create user ${input.username}: ${r.status} ${r.text}`);
  assert.equal(typeof r.body.secret_part, 'string');
  const a = approver || (await adminFor(creator, ADMIN_ROLES.includes(input.role) ? 'admin' : 'secadmin'));
  const ok = await a.post(`/account-requests/${r.body.request_id}/approve`, undefined);
  assert.equal(ok.status, 200, `approve ${input.username}: ${ok.status} ${ok.text}`);
  return { user: r.body.user, initial_password: r.body.secret_part + ok.body.secret_part };
}

/** Approve a pending request (reset) as `approver`; returns the whole initial password. */
export async function approveReset(proposal, approver) {
  const ok = await approver.post(`/account-requests/${proposal.request_id}/approve`, undefined);
  assert.equal(ok.status, 200, `approve reset: ${ok.status} ${ok.text}`);
  return proposal.secret_part + ok.body.secret_part;
}

/** A logged-in client of one of the init administrators on the creator's server. */
export async function adminFor(client, name) {
  return adminLogin(client.base, name);
}

/** Log a freshly created user in and change the initial password. */
export async function loginNew(ts, username, initialPassword, newPassword = USER_PASSWORD) {
  const c = new Client(ts.base);
  await c.loginAndChange(username, initialPassword, newPassword);
  return c;
}

/**
 * One logged-in client per role: business users are created by admin in
 * buildCounty's units; the three admin roles use the init accounts.
 * Returns {clients: {role: Client}, users: {role: User}}.
 */
export async function clientsPerRole(ts, admin, org, { secadmin, auditor } = {}) {
  const clients = {};
  const users = {};
  for (const role of BUSINESS_ROLES) {
    const username = `u_${role}`;
    const created = await createUser(admin, { username, display_name: `用户${role}`, org_unit_id: homeUnit(org, role).id, role });
    users[role] = created.user;
    clients[role] = await loginNew(ts, username, created.initial_password);
  }
  clients.sys_admin = admin;
  clients.security_admin = secadmin || (await ts.adminClient('secadmin'));
  clients.audit_admin = auditor || (await ts.adminClient('auditor'));
  for (const role of ADMIN_ROLES) {
    const me = await clients[role].get('/auth/me');
    assert.equal(me.status, 200, `me ${role}: ${me.text}`);
    users[role] = me.body.user;
  }
  return { clients, users };
}

/** All ids in a /org-units/tree answer (flattened). */
export function treeIds(items, out = []) {
  for (const n of items) {
    out.push(n.id);
    if (Array.isArray(n.children)) treeIds(n.children, out);
  }
  return out;
}

/** Page through a list route and return all items. */
export async function listAll(client, path) {
  const sep = path.includes('?') ? '&' : '?';
  const items = [];
  for (let page = 1; page < 100; page++) {
    const r = await client.get(`${path}${sep}page=${page}&page_size=200`);
    assert.equal(r.status, 200, `${path}: ${r.status} ${r.text}`);
    items.push(...r.body.items);
    if (items.length >= r.body.total || r.body.items.length === 0) return { items, total: r.body.total };
  }
  throw new Error('too many pages');
}

/**
 * Users named by key, each a logged-in Client with `.user`: specs are
 * [key, role, unit, extra?]; the display name is `用户<key>`, the username
 * `username(key)` (the key itself unless told).
 */
export async function usersByKey(ts, admin, specs, { username = (key) => key } = {}) {
  const c = {};
  for (const [key, role, unit, extra = {}] of specs) {
    const name = username(key);
    const u = await createUser(admin, { username: name, display_name: `用户${key}`, org_unit_id: unit.id, role, ...extra });
    c[key] = await loginNew(ts, name, u.initial_password);
    c[key].user = u.user;
  }
  return c;
}

/**
 * The shared start of a feature's tests: a server, its init administrator,
 * buildCounty's county and the users `users(org)` lists (usersByKey, with
 * its options), put into `c`. Returns {ts, admin, org}.
 */
export async function countyServer(c, users, opts) {
  const ts = await startServer();
  const admin = await ts.adminClient('admin');
  const org = await buildCounty(admin);
  Object.assign(c, await usersByKey(ts, admin, users(org), opts));
  return { ts, admin, org };
}
