// docs/openapi.yaml (read by lib/openapi.mjs with the `yaml` package)
// against the server's real route list (`funnel routes`) and the permission
// table, and a tour of every feature whose answers are checked against the
// documented schemas (Ajv). Every other test's answers are checked too, by
// lib/server.mjs's Client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCli, startServer, Client, USER_PASSWORD, CHANGED_PASSWORD } from './lib/server.mjs';
import { ROUTES, routeKey } from './lib/route-table.mjs';
import { solve } from './lib/pow.mjs';
import { loadOpenApi, checkAnswer } from './lib/openapi.mjs';
import { buildCounty, createUser } from './lib/fixtures.mjs';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

// Every $ref named anywhere under a node.
function refsIn(node, out = []) {
  if (Array.isArray(node)) node.forEach((x) => refsIn(x, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v.replace('#/components/schemas/', ''));
      else refsIn(v, out);
    }
  }
  return out;
}

/** The operations of the document: [{method, path, permission, requestRefs:[...]}], its base and schemas. */
export function operationsOf(doc) {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(item))
      if (METHODS.has(m)) ops.push({ method: m.toUpperCase(), path, permission: op['x-permission'], requestRefs: refsIn(op.requestBody) });
  return { base: doc.servers[0].url.replace(/\/$/, ''), ops, schemas: doc.components.schemas };
}

const spec = operationsOf(loadOpenApi());
const fullPath = (p) => `${spec.base}${p}`;

function serverRoutes() {
  const r = runCli(['routes']);
  assert.equal(r.status, 0, `funnel routes exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test('openapi.yaml parses: version, base, operations', () => {
  const text = readFileSync(join(REPO_ROOT, 'docs', 'openapi.yaml'), 'utf8');
  assert.match(text, /^openapi: 3\.0\.3$/m);
  assert.equal(spec.base, '/api/v1');
  assert.ok(spec.ops.length >= 20, `only ${spec.ops.length} operations parsed`);
  const keys = spec.ops.map((o) => `${o.method} ${o.path}`);
  assert.equal(new Set(keys).size, keys.length, 'duplicate operations');
});

test('every operation has x-permission', () => {
  assert.deepEqual(spec.ops.filter((o) => !o.permission).map((o) => `${o.method} ${o.path}`), []);
});

test('every request body schema forbids additional properties', () => {
  const bad = [];
  for (const o of spec.ops) {
    for (const ref of o.requestRefs) {
      const body = spec.schemas[ref];
      if (!body) bad.push(`${o.method} ${o.path}: schema ${ref} missing`);
      else if (body.additionalProperties !== false) bad.push(`${o.method} ${o.path}: ${ref} lacks additionalProperties: false`);
    }
  }
  assert.deepEqual(bad, []);
});

test('openapi.yaml and `funnel routes` describe the same routes', () => {
  const server = new Set(serverRoutes().map(routeKey));
  const doc = new Set(spec.ops.map((o) => `${o.method} ${fullPath(o.path)}`));
  const missingInDoc = [...server].filter((k) => !doc.has(k));
  const missingInServer = [...doc].filter((k) => !server.has(k));
  assert.deepEqual({ missingInDoc, missingInServer }, { missingInDoc: [], missingInServer: [] });
});

test('x-permission agrees with `funnel routes`', () => {
  const server = new Map(serverRoutes().map((r) => [routeKey(r), r.permission]));
  const diff = [];
  for (const o of spec.ops) {
    const k = `${o.method} ${fullPath(o.path)}`;
    if (server.has(k) && server.get(k) !== o.permission) diff.push(`${k}: openapi ${o.permission}, server ${server.get(k)}`);
  }
  assert.deepEqual(diff, []);
});

test('openapi.yaml and the permission table agree (routes and permissions)', () => {
  const doc = new Map(spec.ops.map((o) => [`${o.method} ${fullPath(o.path)}`, o.permission]));
  const table = new Map(ROUTES.map((r) => [routeKey(r), r.permission]));
  const diff = [];
  for (const [k, p] of table) if (doc.get(k) !== p) diff.push(`${k}: table ${p}, openapi ${doc.get(k)}`);
  // The portal listener's routes have no roles: tests/api/portal.test.mjs covers them.
  for (const k of doc.keys()) if (!table.has(k) && !k.includes(' /api/v1/portal/')) diff.push(`${k}: not in the table`);
  assert.deepEqual(diff, []);
});

// --- responses of a real server against the documented schemas -------------

test('the yaml package reads the whole openapi.yaml', () => {
  const doc = loadOpenApi();
  assert.equal(doc.openapi, '3.0.3');
  const ops = Object.entries(doc.paths).flatMap(([p, m]) => Object.keys(m).map((k) => `${k.toUpperCase()} ${p}`));
  assert.deepEqual(ops.sort(), spec.ops.map((o) => `${o.method} ${o.path}`).sort());
});

test('every status and body the server answers is documented (schemas checked)', async () => {
  const seen = [];
  class Recording extends Client {
    async request(method, path, opts) {
      const r = await super.request(method, path, opts);
      seen.push({ method: r.method, url: r.url.split('?')[0], status: r.status, body: r.body, text: r.text });
      return r;
    }
  }
  const ts = await startServer();
  try {
    const rec = (c) => Object.setPrototypeOf(c, Recording.prototype);
    const admin = rec(await ts.adminClient('admin'));
    const sec = rec(await ts.adminClient('secadmin'));
    const aud = rec(await ts.adminClient('auditor'));
    const anon = rec(ts.client());
    const org = await buildCounty(admin);
    // Reads.
    for (const p of ['/ping', '/auth/me', '/dicts', '/org-units', '/org-units/tree', `/org-units/${org.townA.id}`, `/org-units/${org.room1.id}/linked-townships`, '/users', '/sessions']) await admin.get(p);
    for (const p of ['/audit-log', '/audit-log/verify', '/login-log']) await aud.get(p);
    // Writes and their errors.
    const u = await createUser(admin, { username: 'doc_user', display_name: '文档', org_unit_id: org.townA.id, role: 'township_staff' }, sec);
    await admin.get(`/users/${u.user.id}`);
    await admin.put(`/users/${u.user.id}`, { username: 'doc_user', display_name: '文档二', org_unit_id: org.townA.id, role: 'township_staff' });
    await admin.put(`/users/${u.user.id}`, { username: 'doc_user', display_name: '文档二', org_unit_id: org.townB.id, role: 'township_staff' }); // pending
    await sec.get('/account-requests?status=pending');
    await sec.get('/account-requests?status=nope'); // 422
    const pending = await sec.get('/account-requests?status=pending');
    await sec.post(`/account-requests/${pending.body.items[0].id}/reject`, undefined);
    await sec.post(`/account-requests/${pending.body.items[0].id}/approve`, undefined); // 409
    await admin.post(`/users/${u.user.id}/reset-password`, undefined);
    await admin.post(`/users/${u.user.id}/unlock`, undefined);
    await admin.post('/users', { username: 'doc_user', display_name: 'x', org_unit_id: org.townA.id, role: 'township_staff' }); // 409
    await admin.post('/users', { username: 'doc_user2', display_name: 'x', org_unit_id: org.townA.id, role: 'nobody' }); // 422
    await admin.post('/users', { username: 'doc_user3', display_name: 'x', org_unit_id: null, role: 'audit_admin' }); // 403
    await sec.post('/users', { username: 'doc_audit', display_name: '审计', org_unit_id: null, role: 'audit_admin' }); // 201
    await admin.put(`/org-units/${org.style.id}`, { parent_id: org.county.id, kind: 'department', category: 'style_supervision', name: '党风政风监督室', short_name: '党风', division_code: null });
    await admin.put(`/org-units/${org.room2.id}/linked-townships`, { township_ids: [org.townB.id] });
    await admin.del(`/org-units/${org.county.id}`); // 409
    await admin.get('/org-units/987654321'); // 404
    await admin.get('/org-units?page_size=abc'); // 400
    await admin.post('/org-units', { name: 1 }); // 422
    await admin.request('POST', '/org-units', { raw: '{' }); // 400
    await admin.request('POST', '/org-units', { raw: '{}', contentType: 'text/plain' }); // 415
    await admin.post('/org-units', {}, { csrf: false }); // 403 csrf
    const biz = rec(new Client(ts.base));
    await biz.login('doc_user', 'wrong-password'); // 401
    await anon.get('/auth/me'); // 401
    await anon.post('/auth/login', { username: 'nobody_doc' }, { csrf: false }); // 422
    const s = await admin.get('/sessions');
    const mine = s.body.items.find((x) => x.username === 'admin');
    const other = rec(new Client(ts.base));
    await other.loginOk('admin', CHANGED_PASSWORD);
    const all = await admin.get('/sessions?page_size=200');
    const victim = all.body.items.filter((x) => x.username === 'admin' && x.id !== mine.id).sort((a, b) => b.id - a.id)[0];
    await admin.del(`/sessions/${victim.id}`);
    const pw = rec(new Client(ts.base));
    const created = await createUser(admin, { username: 'doc_pw', display_name: '改密', org_unit_id: org.townA.id, role: 'township_staff' });
    await pw.login('doc_pw', created.initial_password);
    await pw.changePassword(created.initial_password, 'short'); // 422
    await pw.changePassword(created.initial_password, USER_PASSWORD); // 200
    await pw.logout(); // 200
    // Petitions.
    const po = rec(new Client(ts.base));
    const poUser = await createUser(admin, { username: 'doc_po', display_name: '信访', org_unit_id: org.petition.id, role: 'petition_office' });
    await po.loginAndChange('doc_po', poUser.initial_password, USER_PASSWORD);
    await po.get('/categories');
    await po.post('/jurisdiction-proposals', { type: 'accusation', persons: [{ name: '甲', unit_name: '乙村', cadre_level: 'village_cadre' }] });
    const reg = await po.post('/petitions', {
      channel: 'visit', type: 'accusation', real_name: true, reporter: { name: '丙', phone: '13905371234' }, summary: '文档件',
      content: '文档内容，扬言进京上访', category: 'mass', received_day: '2024-09-25', visitors: 5, identity_checked: true, reception_cadre: '丁',
      persons: [{ name: '甲', unit_name: '乙村', cadre_level: 'village_cadre', party_member: true }],
    });
    await po.post('/petitions', { channel: 'letter', type: 'accusation', summary: 'x', content: 'y', category: 'nope', received_day: '2024-01-01' }); // 422
    await po.get('/petitions?overdue=true');
    await po.get('/petitions?state=nope'); // 400
    await po.get(`/petitions/${reg.body.id}`);
    await po.get('/petitions/987654321'); // 404
    await po.post(`/petitions/${reg.body.id}/actions`, { action: 'conclude', note: 'x' }); // 409
    await po.post(`/petitions/${reg.body.id}/actions`, { action: 'accept' });
    await po.post(`/petitions/${reg.body.id}/actions`, { action: 'assign', handler_org_id: org.townA.id });
    await po.post(`/petitions/${reg.body.id}/reveal`, { reason: '文档核对身份' });
    await po.post(`/petitions/${reg.body.id}/reveal`, {}); // 422
    await po.get('/persons');
    await po.post('/duty-roster', { day: '2026-12-01', user_id: poUser.user.id, note: '值班' });
    await po.post('/duty-roster', { day: '2026-12-01', user_id: poUser.user.id }); // 409
    const roster = await po.get('/duty-roster?from=2026-12-01&to=2026-12-31');
    await po.get('/duty-roster?from=2026-12-01'); // 400
    await po.post('/visits', { kind: 'appointment', day: '2024-09-25', cadres: '丁', place: '信访室', petition_id: reg.body.id, summary: '约访', outcome: '已答复' });
    await po.post('/visits', { kind: 'nope', day: '2024-09-25', cadres: '丁', summary: '约访' }); // 422
    await po.get('/visits');
    const scr = await po.post('/screenings', { period: '2024-Q3', petition_id: reg.body.id, matter: '风险', risk_level: 'high', measures: '稳控', responsible: '丁', outcome: 'in_progress' });
    await po.post(`/screenings/${scr.body.id}/outcome`, { outcome: 'resolved', outcome_note: '已化解' });
    await po.post('/screenings/987654321/outcome', { outcome: 'resolved' }); // 404
    await po.get('/screenings');
    await po.get('/petition-stats?year=2024&dimension=township');
    await po.get('/petition-stats?year=x'); // 400
    await po.del(`/duty-roster/${roster.body.items[0].id}`);
    const warned = await po.get('/warnings?include_acknowledged=true');
    const w0 = warned.body.items[0];
    await po.post('/warnings/acknowledgements', { petition_id: w0.petition.id, code: w0.code, occurrence: w0.occurrence, note: '已阅' });
    await po.post('/warnings/acknowledgements', { petition_id: w0.petition.id, code: w0.code, occurrence: 'x' }); // 409
    await po.post('/petition-duplicates', { summary: '文档件', content: '文档内容，扬言进京上访', persons: [{ name: '甲', unit_name: '乙村' }] });
    await po.get('/warnings?page=2&page_size=1');
    await po.get('/warnings?page_size=501'); // 400
    // A township outside the item's scope sees it only as a similar item elsewhere in the county.
    const tb = rec(new Client(ts.base));
    const tbUser = await createUser(admin, { username: 'doc_tb', display_name: '乙镇', org_unit_id: org.townB.id, role: 'township_staff' });
    await tb.loginAndChange('doc_tb', tbUser.initial_password, USER_PASSWORD);
    const elsewhere = await tb.post('/petition-duplicates', { summary: '文档件', content: '文档内容，扬言进京上访' });
    assert.equal(elsewhere.body.elsewhere.length, 1, JSON.stringify(elsewhere.body));
    await admin.get('/petitions'); // 403
    // Clues: registration, dispatch, disposal, records, reports, reviews, the funnel.
    const mkUser = async (username, role, unit) => {
      const c = rec(new Client(ts.base));
      const made = await createUser(admin, { username, display_name: username, org_unit_id: unit.id, role });
      await c.loginAndChange(username, made.initial_password, USER_PASSWORD);
      return c;
    };
    const cs = await mkUser('doc_cs', 'case_supervision', org.caseSup);
    const leader = await mkUser('doc_leader', 'county_leader', org.county);
    const secA = await mkUser('doc_seca', 'township_secretary', org.townA);
    const clue = await secA.post('/clues', {
      source: 'supervision', summary: '文档线索', content: '文档线索内容', category: 'mass', received_day: '2024-09-25',
      persons: [{ name: '甲', unit_name: '乙村', cadre_level: 'village_cadre', party_member: true }],
    });
    await secA.post('/clues', { source: 'petition', summary: 'x', content: 'y', category: 'mass', received_day: '2024-09-25', persons: [] }); // 422
    await cs.get('/clues?overdue=true');
    await cs.get(`/clues/${clue.body.id}/dispatch-proposal`);
    await cs.get('/clues/987654321'); // 404
    await cs.post(`/clues/${clue.body.id}/actions`, { action: 'approve_dispatch' }); // 403
    await cs.post(`/clues/${clue.body.id}/actions`, { action: 'conclude', outcome: 'close', note: 'x' }); // 409
    await cs.post(`/clues/${clue.body.id}/actions`, { action: 'propose_dispatch', mode: 'township', lead_org_id: org.townA.id });
    await leader.post(`/clues/${clue.body.id}/actions`, { action: 'approve_dispatch' });
    await secA.post(`/clues/${clue.body.id}/actions`, { action: 'acknowledge' });
    await secA.post(`/clues/${clue.body.id}/actions`, { action: 'propose_disposal', method: 'talk_inquiry', plan: '谈话' });
    await secA.post(`/clues/${clue.body.id}/actions`, { action: 'approve_disposal' });
    await secA.post(`/clues/${clue.body.id}/records`, { kind: 'talk_record', day: new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10), text: '笔录' });
    await secA.post(`/clues/${clue.body.id}/records`, { kind: 'nope', day: '2024-09-25', text: 'x' }); // 422
    await cs.get(`/clues/${clue.body.id}`);
    const rep = await secA.post('/clue-reports', { township_id: org.townA.id, month: '2024-09' });
    await secA.post('/clue-reports', { township_id: org.townA.id, month: '2024-09' }); // 409
    await cs.get('/clue-reports?month=2024-09');
    await cs.get(`/clue-reports/live?township_id=${org.townA.id}&month=2024-09`);
    await cs.post(`/clue-reports/${rep.body.id}/return`, { reason: '补充' });
    await secA.post('/clue-reports', { township_id: org.townA.id, month: '2024-09' });
    await cs.post(`/clue-reports/${rep.body.id}/acknowledge`, {});
    await cs.get(`/clue-reports/${rep.body.id}`);
    const review = await cs.post('/clue-reviews', { held_day: '2024-10-08', title: '排查会', attendees: '甲、乙', items: [{ clue_id: clue.body.id, decision: 'keep_on' }] });
    await cs.get(`/clue-reviews/${review.body.id}`);
    await cs.get('/clue-reviews');
    await cs.get('/clue-funnel?from=2024-01-01&to=2024-12-31');
    await cs.get('/clue-warnings');
    await cs.get('/clue-warnings?page=1&page_size=1');
    await cs.get('/clue-warnings?page=0'); // 400
    // Cases: the filing request, its chain, refused steps, the list and the audited detail.
    const kase = await secA.post('/cases', {
      source: 'found_in_supervision', source_ref: '文档检查', violations: ['mass_discipline'], mode: 'township', summary: '文档立案',
      person: { name: '文档人', unit_name: '乙村', cadre_level: 'village_cadre', party_member: true },
    });
    await secA.post('/cases', { source: 'rumour', violations: [] }); // 422
    await secA.post(`/cases/${kase.body.id}/actions`, { action: 'approve_filing' });
    await secA.post(`/cases/${kase.body.id}/actions`, { action: 'approve_filing' }); // 422 approval_ref
    await secA.post(`/cases/${kase.body.id}/actions`, { action: 'approve_filing', approval_ref: '文党〔2026〕1号' });
    await secA.post(`/cases/${kase.body.id}/actions`, { action: 'approve_filing' }); // 409
    await leader.post(`/cases/${kase.body.id}/actions`, { action: 'dismiss', reason: '文档' }); // 403
    await cs.get('/cases');
    await cs.get('/cases?state=nope'); // 400
    await cs.get(`/cases/${kase.body.id}`);
    await cs.get('/cases/987654321'); // 404
    await admin.get('/cases'); // 403
    // Evidence, messages and recusal on the internal listener.
    await po.get(`/petitions/${reg.body.id}/messages`);
    await po.post(`/petitions/${reg.body.id}/messages`, { body: '问' }); // 409: not a portal petition
    const file = await po.request('POST', `/petitions/${reg.body.id}/attachments?name=${encodeURIComponent('材料.txt')}`, { raw: '证据\n', contentType: 'application/octet-stream' });
    await po.request('POST', `/petitions/${reg.body.id}/attachments?name=x.exe`, { raw: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), contentType: 'application/octet-stream' }); // 422
    await po.get(`/petitions/${reg.body.id}/attachments`);
    await po.request('GET', `/petitions/${reg.body.id}/attachments/${file.body.id}`);
    await po.get(`/petitions/${reg.body.id}/attachments/987654321`); // 404
    const persons = await cs.get('/persons');
    await cs.get('/recusals/candidates?q=doc');
    const rcs = await cs.post('/recusals', { user_id: poUser.user.id, person_id: persons.body.items[0].id, relation: 'kin', reason: '文档' });
    await cs.post('/recusals', { user_id: poUser.user.id, person_id: persons.body.items[0].id, relation: 'kin', reason: '文档' }); // 409
    await cs.post('/recusals', { user_id: poUser.user.id, person_id: persons.body.items[0].id, relation: 'nope', reason: '文档' }); // 422
    await cs.get('/recusals');
    await cs.del(`/recusals/${rcs.body.id}`);
    await cs.del(`/recusals/${rcs.body.id}`); // 404
    // The portal listener (no cookies; a bearer token after the receipt login).
    const portal = rec(new Client(ts.portalBase));
    await portal.get('/portal/ping');
    await portal.get('/portal/info');
    const ch = await portal.post('/portal/challenge', {});
    const nonce = solve(ch.body.challenge, ch.body.bits);
    const staged = await portal.request('POST', `/portal/uploads?name=${encodeURIComponent('证据.txt')}`, { raw: '网上证据\n', contentType: 'application/octet-stream' });
    await portal.request('POST', '/portal/uploads', { raw: 'x', contentType: 'application/octet-stream' }); // 422 name
    const report = { challenge: ch.body.challenge, nonce, county_id: org.county.id, township_id: org.townA.id, persons: [{ name: '甲', unit_name: '乙村' }], category: 'mass', summary: '文档网举', content: '文档内容', uploads: [staged.body.token] };
    await portal.post('/portal/reports', { ...report, nonce: 'x' }); // 422
    const receipt = await portal.post('/portal/reports', report);
    await portal.post('/portal/receipts/password', { receipt_code: receipt.body.receipt_code, password_token: 'nope', password: 'Receipt-Pass-1' }); // 422
    await portal.post('/portal/receipts/password', { receipt_code: receipt.body.receipt_code, password_token: receipt.body.password_token, password: 'Receipt-Pass-1' });
    await portal.post('/portal/login', { receipt_code: receipt.body.receipt_code, password: 'Wrong-Pass-1' }); // 401
    const token = await portal.post('/portal/login', { receipt_code: receipt.body.receipt_code, password: 'Receipt-Pass-1' });
    const auth = { headers: { authorization: `Bearer ${token.body.token}` } };
    await portal.request('GET', '/portal/report'); // 401
    await portal.request('GET', '/portal/report', auth);
    await portal.request('POST', '/portal/report/messages', { ...auth, body: { body: '补充说明' } });
    await portal.request('POST', '/portal/report/messages', { ...auth, body: { body: '' } }); // 422
    await portal.request('POST', `/portal/report/uploads?name=${encodeURIComponent('补充.txt')}`, { ...auth, raw: '补充\n', contentType: 'application/octet-stream' });
  } finally {
    await ts.stop();
  }

  const problems = [];
  for (const r of seen) problems.push(...checkAnswer(r.method, r.url, r.status, r.body, r.text));
  assert.ok(seen.length > 40, `only ${seen.length} responses recorded`);
  assert.deepEqual([...new Set(problems)], []);
});
