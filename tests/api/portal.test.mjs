// The public reporting portal (IN-6, SY-3, SY-6) through real HTTP on both
// listeners: a report with evidence becomes a web petition, the reporter and
// the cadre talk through the receipt, identities and files stay encrypted,
// recusal hides petitions and clues, and the abuse defences hold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startServer, Client, dbQuery, API } from './lib/server.mjs';
import { buildCounty, clientsPerRole, createUser } from './lib/fixtures.mjs';
import { solve, zeroBits } from './lib/pow.mjs';

const BITS = 10;
let ts;
let admin;
let org;
let clients;
let users;
let info;

/** A client of the portal listener: no cookies, an optional bearer token. */
class Portal {
  constructor(base) {
    this.base = base;
    this.token = null;
  }
  async request(method, path, { body, raw, headers = {} } = {}) {
    const h = { accept: 'application/json', ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    let payload;
    if (raw !== undefined) {
      payload = raw;
      h['content-type'] = 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] = 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await res.text();
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }
  get(path) {
    return this.request('GET', `${API}/portal${path}`);
  }
  post(path, body) {
    return this.request('POST', `${API}/portal${path}`, { body });
  }
  upload(path, name, bytes) {
    return this.request('POST', `${API}/portal${path}?name=${encodeURIComponent(name)}`, { raw: bytes });
  }
}

// Small real files: libmagic must recognise them by content.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
function elf() {
  const b = Buffer.alloc(128);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = 2;
  b[5] = 1;
  b[6] = 1;
  b[16] = 2;
  b[18] = 0x3e;
  return b;
}

async function submit(portal, extra = {}) {
  const ch = await portal.post('/challenge', {});
  assert.equal(ch.status, 200, ch.text);
  assert.equal(ch.body.bits, BITS);
  const body = {
    challenge: ch.body.challenge,
    nonce: solve(ch.body.challenge, ch.body.bits),
    county_id: org.county.id,
    township_id: org.townA.id,
    anonymous: true,
    persons: [{ name: '网举村官', unit_name: '东关社区', post: '村主任', cadre_level: 'village_cadre' }],
    category: info.categories[0].code,
    summary: '网上举报：村主任侵占补贴',
    content: '东关社区村主任侵占低保补贴，涉及五户。',
    happened: '2026年10月',
    place: '东关社区',
    uploads: [],
    ...extra,
  };
  return portal.post('/reports', body);
}

async function receipt(portal, extra = {}, password = 'Receipt-Pass-1') {
  const r = await submit(portal, extra);
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.receipt_code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  const pw = await portal.post('/receipts/password', { receipt_code: r.body.receipt_code, password_token: r.body.password_token, password });
  assert.equal(pw.status, 204, pw.text);
  return r.body.receipt_code;
}

async function login(portal, code, password = 'Receipt-Pass-1') {
  const r = await portal.post('/login', { receipt_code: code, password });
  assert.equal(r.status, 200, r.text);
  portal.token = r.body.token;
  return portal;
}

async function webPetition(summary) {
  const list = await clients.township_secretary.get(`/petitions?q=${encodeURIComponent(summary)}`);
  assert.equal(list.status, 200, list.text);
  return list.body.items.find((p) => p.summary === summary);
}

before(async () => {
  ts = await startServer({ extraArgs: ['--portal-pow-bits', String(BITS), '--portal-max-file-mb', '1', '--portal-login-per-hour', '1000', '--portal-submit-per-hour', '1000'] });
  admin = await ts.adminClient('admin');
  org = await buildCounty(admin);
  ({ clients, users } = await clientsPerRole(ts, admin, org));
  const r = await new Portal(ts.portalBase).get('/info');
  assert.equal(r.status, 200, r.text);
  info = r.body;
});

after(async () => {
  if (ts) await ts.stop();
});

test('the portal listener serves the portal only; the internal one does not serve the portal API', async () => {
  const routes = JSON.parse(runCli(['routes']).stdout);
  const internal = routes.filter((r) => r.listener === 'internal');
  const portalRoutes = routes.filter((r) => r.listener === 'portal');
  assert.ok(portalRoutes.length >= 9, 'portal routes listed');
  const p = new Portal(ts.portalBase);
  const failures = [];
  for (const r of internal) {
    const path = r.path.replace(/\{[^}]+\}/g, '1');
    const res = await p.request(r.method, path, ['POST', 'PUT'].includes(r.method) ? { body: {} } : {});
    if (res.status !== 404) failures.push(`portal listener answered ${res.status} for ${r.method} ${path}`);
  }
  const internalClient = new Portal(ts.base);
  for (const r of portalRoutes) {
    const res = await internalClient.request(r.method, r.path, r.method === 'POST' ? { body: {} } : {});
    if (res.status !== 404) failures.push(`internal listener answered ${res.status} for ${r.method} ${r.path}`);
  }
  assert.deepEqual(failures, []);
  // A signed-in cadre's cookie opens nothing on the portal.
  const res = await fetch(`${ts.portalBase}${API}/auth/me`, { headers: { cookie: clients.township_secretary.cookieHeader() } });
  assert.equal(res.status, 404);
  // The page: the portal's own, never the internal UI, with a strict CSP and no cookies.
  const page = await fetch(`${ts.portalBase}/index.html`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /网上举报/);
  const internalPortalPage = await (await fetch(`${ts.base}/portal.html`)).text();
  assert.equal(html, internalPortalPage, 'the portal listener falls back to portal.html');
  assert.match(page.headers.get('content-security-policy'), /script-src 'self'/);
  assert.equal(page.headers.get('set-cookie'), null);
  const api = await p.get('/info');
  assert.equal(api.headers.get('set-cookie'), null);
  assert.match(api.headers.get('content-security-policy'), /default-src 'self'/);
});

test('info: counties with their townships, categories, limits and the notices', () => {
  const county = info.counties.find((c) => c.id === org.county.id);
  assert.ok(county, 'county listed');
  assert.deepEqual(county.townships.map((t) => t.id).sort(), [org.townA.id, org.townB.id, org.townC.id].sort());
  assert.ok(info.categories.length > 0 && info.cadre_levels.length > 0);
  assert.equal(info.limits.max_files, 10);
  assert.equal(info.limits.max_file_bytes, 1 << 20);
  assert.ok(info.limits.allowed_types.some((t) => t.type === 'application/pdf'));
  assert.equal(info.pow_bits, BITS);
  assert.ok(info.notices.scope.length >= 3 && info.notices.not_accepted.length >= 3);
  assert.match(info.notices.warning, /诬告/);
  assert.ok(info.notices_en.warning.length > 0);
});

test('the whole flow: anonymous report with two files → web petition → question → answer', async () => {
  const p = new Portal(ts.portalBase);
  const png = await p.upload('/uploads', '现场照片.png', PNG);
  assert.equal(png.status, 201, png.text);
  assert.equal(png.body.type, 'image/png');
  const pdf = await p.upload('/uploads', '../../材料.pdf', PDF);
  assert.equal(pdf.status, 201, pdf.text);
  assert.equal(pdf.body.type, 'application/pdf');
  assert.equal(pdf.body.name, '材料.pdf', 'path parts dropped from the name');
  const summary = `网举全流程${Date.now()}`;
  // Uploads run in parallel and finish in any order: the files keep the
  // order of the report's list (here the reverse of the uploads).
  const code = await receipt(p, { summary, uploads: [pdf.body.token, png.body.token] });

  // A staged upload belongs to one report only.
  const again = await submit(p, { summary: `${summary}二`, uploads: [png.body.token] });
  assert.equal(again.status, 422);
  assert.equal(again.body.error.field, 'uploads[0]');

  await login(p, code.toLowerCase().replaceAll('-', ' '));
  let report = await p.get('/report');
  assert.equal(report.status, 200, report.text);
  assert.equal(report.body.status, 'received');
  assert.equal(report.body.org_name, '文亭街道');
  assert.equal(report.body.receipt_code, `${code.slice(0, 4)}-****-****-****`);
  assert.deepEqual(report.body.attachments.map((a) => a.name), ['材料.pdf', '现场照片.png']);
  assert.equal(report.body.files_left, 8);
  assert.equal(report.body.access_expires_day, null);
  assert.equal(report.body.can_reply, true);
  for (const k of ['number', 'state', 'steps', 'handler_org_id', 'persons', 'content']) assert.ok(!(k in report.body), `internal ${k} shown`);

  // The township sees a web-channel petition with the two files.
  const pet = await webPetition(summary);
  assert.ok(pet, 'petition in the township intake');
  assert.equal(pet.channel, 'web');
  assert.equal(pet.real_name, false);
  const files = await clients.township_secretary.get(`/petitions/${pet.id}/attachments`);
  assert.equal(files.status, 200, files.text);
  assert.deepEqual(files.body.items.map((f) => [f.name, f.type, f.source]), [
    ['材料.pdf', 'application/pdf', 'portal'],
    ['现场照片.png', 'image/png', 'portal'],
  ]);
  // Downloads decrypt the file and are audited.
  const dl = await clients.township_secretary.request('GET', `/petitions/${pet.id}/attachments/${files.body.items[0].id}`);
  assert.equal(dl.status, 200);
  assert.equal(dl.text, PDF.toString());
  assert.match(dl.headers.get('content-disposition'), /attachment;.*filename\*=UTF-8''%E6%9D%90%E6%96%99\.pdf/);
  const auditor = await ts.adminClient('auditor');
  const audit = await auditor.get('/audit-log?action=reveal_reporter,download_evidence');
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.body.items.some((a) => a.action === 'download_evidence' && a.actor_name === users.township_secretary.username));

  // The cadre asks; the reporter reads and answers; the cadre reads the answer.
  const ask = await clients.township_secretary.post(`/petitions/${pet.id}/messages`, { body: '请补充低保户的姓名。' });
  assert.equal(ask.status, 201, ask.text);
  report = await p.get('/report');
  assert.deepEqual(report.body.messages.map((m) => [m.from, m.body]), [['cadre', '请补充低保户的姓名。']]);
  assert.ok(!JSON.stringify(report.body).includes(users.township_secretary.display_name), 'cadre name shown to the reporter');
  const answer = await p.post('/report/messages', { body: '王某、李某等五户。' });
  assert.equal(answer.status, 201, answer.text);
  const more = await p.upload('/report/uploads', '补充.txt', Buffer.from('补充材料：五户名单\n'));
  assert.equal(more.status, 201, more.text);
  const conv = await clients.township_secretary.get(`/petitions/${pet.id}/messages`);
  assert.equal(conv.status, 200);
  assert.equal(conv.body.portal, true);
  assert.deepEqual(conv.body.items.map((m) => [m.direction, m.body]), [
    ['out', '请补充低保户的姓名。'],
    ['in', '王某、李某等五户。'],
  ]);
  assert.equal(conv.body.items[0].author_name, users.township_secretary.display_name);

  // Another township sees none of it.
  const other = await clients.discipline_room.get(`/petitions/${pet.id}/messages`);
  assert.equal(other.status, 200, 'room 1 is linked to township A');
  const b = await createUser(admin, { username: 'u_town_b', display_name: '汶上书记', org_unit_id: org.townB.id, role: 'township_secretary' });
  const bc = new Client(ts.base);
  await bc.loginAndChange('u_town_b', b.initial_password, 'Town-B-Pass-2026');
  for (const path of [`/petitions/${pet.id}/messages`, `/petitions/${pet.id}/attachments`, `/petitions/${pet.id}/attachments/${files.body.items[0].id}`])
    assert.equal((await bc.get(path)).status, 404, path);

  // At rest: messages, names and files are ciphertext; no IP address with the report.
  const rows = dbQuery(ts, `SELECT body_sealed FROM petition_messages WHERE petition_id = ${pet.id}`);
  assert.ok(rows.trim().length > 0);
  assert.ok(!rows.includes('五户') && !rows.includes('姓名'));
  const names = dbQuery(ts, `SELECT name_sealed FROM evidence_files WHERE petition_id = ${pet.id}`);
  assert.ok(!names.includes('材料') && !names.includes('照片'));
  const byPortal = dbQuery(ts, `SELECT COUNT(*) FROM audit_log WHERE entity = 'petition' AND entity_id = ${pet.id} AND actor_name = '@portal'`);
  assert.equal(byPortal.trim(), '1', 'registered by @portal');
  const ips = dbQuery(ts, `SELECT COUNT(*) FROM audit_log WHERE entity = 'petition' AND entity_id = ${pet.id} AND ip IS NOT NULL AND ip <> '' AND actor_name IN ('@portal', '')`);
  assert.equal(ips.trim(), '0');
  const evidenceDir = join(ts.dataDir, 'evidence');
  let blobs = 0;
  for (const d of readdirSync(evidenceDir)) {
    for (const f of readdirSync(join(evidenceDir, d))) {
      blobs++;
      const bytes = readFileSync(join(evidenceDir, d, f));
      assert.ok(!bytes.includes(Buffer.from('%PDF')) && !bytes.includes(Buffer.from('五户名单')), 'plain evidence on disk');
      assert.ok(statSync(join(evidenceDir, d, f)).mode % 0o1000 === 0o600, 'file mode');
    }
  }
  assert.ok(blobs >= 3);
});

test('real-name reports: identity encrypted, revealed only with a reason; status and retention', async () => {
  const p = new Portal(ts.portalBase);
  const summary = `实名网举${Date.now()}`;
  const code = await receipt(p, { summary, anonymous: false, reporter: { name: '赵实名', phone: '13905371234' } });
  const pet = await webPetition(summary);
  assert.equal(pet.real_name, true);
  assert.ok(!JSON.stringify(pet).includes('赵实名'), 'identity in the list');
  const sealed = dbQuery(ts, `SELECT reporter_sealed FROM petitions WHERE id = ${pet.id}`);
  assert.ok(sealed.trim().length > 0 && !sealed.includes('赵实名') && !sealed.includes('13905371234'));
  const rv = await clients.township_secretary.post(`/petitions/${pet.id}/reveal`, { reason: '核实举报人身份' });
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.body.reporter.name, '赵实名');

  // Not accepted (不予受理): concluded for the reporter, who can no longer write.
  const rej = await clients.township_secretary.post(`/petitions/${pet.id}/actions`, { action: 'reject', reason: '属于诉讼事项，已告知' });
  assert.equal(rej.status, 200, rej.text);
  await login(p, code);
  let report = await p.get('/report');
  assert.equal(report.body.status, 'concluded');
  assert.equal(report.body.can_reply, false);
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const expected = new Date(Date.parse(`${today}T00:00:00Z`) + 180 * 86400e3).toISOString().slice(0, 10);
  assert.equal(report.body.access_expires_day, expected);
  assert.equal((await p.post('/report/messages', { body: '还在吗' })).status, 409);
  const conv = await clients.township_secretary.get(`/petitions/${pet.id}/messages`);
  assert.equal(conv.body.access_expires_day, expected);

  // Past the retention period (the steps moved back 200 days) the receipt no longer opens.
  dbQuery(ts, `UPDATE petition_steps SET at = at - ${200 * 86400e3} WHERE petition_id = ${pet.id}`);
  const late = await new Portal(ts.portalBase).post('/login', { receipt_code: code, password: 'Receipt-Pass-1' });
  assert.equal(late.status, 410, late.text);
  assert.equal(late.body.error.code, 'expired');
  report = await p.get('/report');
  assert.equal(report.status, 410);
});

test('receipt logins: one answer for unknown codes and wrong passwords, lockout, same timing', async () => {
  const p = new Portal(ts.portalBase);
  const code = await receipt(p, { summary: `锁定测试${Date.now()}` });
  const unknown = (i) => `ZZZZ-ZZZZ-ZZZZ-ZZ${'0123456789ABCDEFGHJKMNPQRSTVWXYZ'[i]}${'0123456789ABCDEFGHJKMNPQRSTVWXYZ'[i + 1]}`;
  const timeOf = async (c, pw) => {
    const t0 = process.hrtime.bigint();
    const r = await new Portal(ts.portalBase).post('/login', { receipt_code: c, password: pw });
    return { r, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
  };
  const wrong = [];
  const none = [];
  for (let i = 0; i < 4; i++) {
    const a = await timeOf(code, `Wrong-${i}-pass`);
    const b = await timeOf(unknown(i), `Wrong-${i}-pass`);
    assert.equal(a.r.status, 401);
    assert.equal(b.r.status, 401);
    assert.deepEqual(a.r.body, b.r.body, 'same answer for an unknown receipt');
    assert.equal(a.r.body.error.code, 'invalid_receipt');
    wrong.push(a.ms);
    none.push(b.ms);
  }
  const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const [mw, mn] = [median(wrong), median(none)];
  assert.ok(Math.abs(mw - mn) < Math.max(30, 0.5 * Math.max(mw, mn)), `timing differs: wrong ${mw} ms, unknown ${mn} ms`);
  assert.ok(mn > 10, `unknown receipts must cost a hash too (${mn} ms)`);

  // The fifth failure locks the code, the right password included; an unknown code locks alike.
  const fifth = await timeOf(code, 'Wrong-5-pass');
  assert.equal(fifth.r.status, 429);
  assert.equal(fifth.r.body.error.code, 'too_many_attempts');
  const right = await new Portal(ts.portalBase).post('/login', { receipt_code: code, password: 'Receipt-Pass-1' });
  assert.equal(right.status, 429);
  const ghost = unknown(20);
  let last;
  for (let i = 0; i < 5; i++) last = await new Portal(ts.portalBase).post('/login', { receipt_code: ghost, password: 'Whatever-1' });
  assert.equal(last.status, 429);
  assert.deepEqual(last.body, right.body, 'a locked unknown receipt answers like a locked real one');
  // Malformed codes never exist: the same 401 without a lookup.
  const bad = await new Portal(ts.portalBase).post('/login', { receipt_code: 'not-a-code', password: 'x' });
  assert.equal(bad.status, 401);
  assert.equal(bad.body.error.code, 'invalid_receipt');
  // Tokens: missing, forged, or from the internal listener's cookie.
  const anon = new Portal(ts.portalBase);
  assert.equal((await anon.get('/report')).status, 401);
  anon.token = 'AAAA.BBBB';
  assert.equal((await anon.get('/report')).status, 401);
  // The password is set once.
  const r = await submit(p, { summary: `一次密码${Date.now()}` });
  const set = { receipt_code: r.body.receipt_code, password_token: r.body.password_token, password: 'First-Pass-1' };
  assert.equal((await p.post('/receipts/password', { ...set, password: 'short' })).status, 422);
  assert.equal((await p.post('/receipts/password', set)).status, 204);
  const twice = await p.post('/receipts/password', { ...set, password: 'Second-Pass-1' });
  assert.equal(twice.status, 422);
  assert.equal(twice.body.error.field, 'password_token');
});

test('receipt logins: seven wrong passwords and the right one sent together do not let the right one in', async () => {
  const p = new Portal(ts.portalBase);
  const code = await receipt(p, { summary: `并行猜测${Date.now()}` });
  // Every attempt is counted before its password is checked: of eight sent
  // at once, at most five are checked, and the sixth counted locks the code,
  // so the right password (sent last) is refused like the wrong ones.
  const passwords = [...Array.from({ length: 7 }, (_, i) => `Wrong-${i}-pass`), 'Receipt-Pass-1'];
  const answers = await Promise.all(passwords.map((password) => new Portal(ts.portalBase).post('/login', { receipt_code: code, password })));
  const right = answers[7];
  assert.equal(right.status, 429, `the right password got in after seven parallel wrong ones: ${right.text}`);
  assert.equal(right.body.error.code, 'too_many_attempts');
  for (const a of answers.slice(0, 7)) assert.ok([401, 429].includes(a.status), a.text);
  assert.ok(answers.filter((a) => a.status === 401).length <= 4, 'at most five checked, the fifth failure locks');
  const later = await new Portal(ts.portalBase).post('/login', { receipt_code: code, password: 'Receipt-Pass-1' });
  assert.equal(later.status, 429, 'still locked');
});

test('messages: at most 10 per receipt and hour; a refused one stores nothing and is not audited', async () => {
  const p = new Portal(ts.portalBase);
  const summary = `留言限额${Date.now()}`;
  const code = await receipt(p, { summary });
  await login(p, code);
  for (let i = 0; i < 10; i++) {
    const r = await p.post('/report/messages', { body: `补充情况第${i + 1}条` });
    assert.equal(r.status, 201, r.text);
  }
  const refused = await p.post('/report/messages', { body: '第十一条' });
  assert.equal(refused.status, 429, refused.text);
  assert.deepEqual(refused.body, { error: { code: 'too_many_messages', message: '留言过于频繁，每小时最多 10 条，请稍后再试' } });
  const pet = await webPetition(summary);
  assert.equal(dbQuery(ts, `SELECT COUNT(*) FROM petition_messages WHERE petition_id = ${pet.id}`).trim(), '10');
  assert.equal(dbQuery(ts, `SELECT COUNT(*) FROM audit_log WHERE action = 'portal_message' AND entity_id = ${pet.id}`).trim(), '10');
  const report = await p.get('/report');
  assert.equal(report.body.messages.length, 10);
  // The limit is the receipt's: another reporter's receipt is not affected.
  const other = await login(new Portal(ts.portalBase), await receipt(new Portal(ts.portalBase), { summary: `${summary}二` }));
  assert.equal((await other.post('/report/messages', { body: '另一位举报人' })).status, 201);
});

test('proof of work: missing, wrong, tampered, reused and expired-difficulty challenges are refused', async () => {
  const p = new Portal(ts.portalBase);
  const ch = (await p.post('/challenge', {})).body;
  const base = { county_id: org.county.id, persons: [{ name: '甲', unit_name: '乙' }], category: info.categories[0].code, summary: '工作量证明', content: '内容' };
  let r = await p.post('/reports', { ...base, challenge: ch.challenge });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'nonce');
  let wrongNonce = 0; // the first nonce with fewer than BITS zero bits
  while (zeroBits(createHash('sha256').update(`${ch.challenge}:${wrongNonce}`).digest()) >= BITS) wrongNonce++;
  r = await p.post('/reports', { ...base, challenge: ch.challenge, nonce: String(wrongNonce) });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'pow');
  const forged = ch.challenge.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  r = await p.post('/reports', { ...base, challenge: forged, nonce: solve(forged, BITS) });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'challenge');
  const nonce = solve(ch.challenge, BITS);
  r = await p.post('/reports', { ...base, challenge: ch.challenge, nonce });
  assert.equal(r.status, 201, r.text);
  r = await p.post('/reports', { ...base, challenge: ch.challenge, nonce });
  assert.equal(r.status, 422, 'a challenge is used once');
  assert.equal(r.body.error.field, 'challenge');
  // A bad report does not burn the challenge: it stays usable after the fix.
  const ch2 = (await p.post('/challenge', {})).body;
  const n2 = solve(ch2.challenge, BITS);
  r = await p.post('/reports', { ...base, persons: [], challenge: ch2.challenge, nonce: n2 });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'persons');
  r = await p.post('/reports', { ...base, township_id: org.villageA.id, challenge: ch2.challenge, nonce: n2 });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'township_id');
  r = await p.post('/reports', { ...base, anonymous: true, reporter: { name: '不该有' }, challenge: ch2.challenge, nonce: n2 });
  assert.equal(r.status, 422);
  r = await p.post('/reports', { ...base, challenge: ch2.challenge, nonce: n2 });
  assert.equal(r.status, 201, r.text);
});

test('evidence files: type by content, size limit, count limit, disguised executables refused', async () => {
  const p = new Portal(ts.portalBase);
  let r = await p.upload('/uploads', '照片.jpg', elf());
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'file');
  assert.match(r.body.error.message, /不支持的文件类型/);
  r = await p.upload('/uploads', 'setup.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300)]));
  assert.equal(r.status, 422, r.text);
  r = await p.upload('/uploads', 'page.txt', Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'));
  assert.equal(r.status, 422, 'HTML is not plain text');
  r = await p.upload('/uploads', '大文件.pdf', Buffer.concat([PDF, Buffer.alloc(1.5 * 1024 * 1024)]));
  assert.equal(r.status, 413, r.text);
  assert.equal(r.body.error.code, 'payload_too_large');
  r = await p.request('POST', `${API}/portal/uploads`, { raw: PDF });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'name');
  r = await p.upload('/uploads', '空.txt', Buffer.alloc(0));
  assert.equal(r.status, 422);
  // Ten files at most, counted over the report's life.
  const tokens = [];
  for (let i = 0; i < 10; i++) tokens.push((await p.upload('/uploads', `f${i}.txt`, Buffer.from(`材料 ${i}\n`))).body.token);
  assert.equal((await submit(p, { uploads: [...tokens, tokens[0]] })).status, 422);
  const ok = await submit(p, { summary: `十个文件${Date.now()}`, uploads: tokens });
  assert.equal(ok.status, 201, ok.text);
  await p.post('/receipts/password', { receipt_code: ok.body.receipt_code, password_token: ok.body.password_token, password: 'Receipt-Pass-1' });
  await login(p, ok.body.receipt_code);
  assert.equal((await p.get('/report')).body.files_left, 0);
  r = await p.upload('/report/uploads', '第十一个.txt', Buffer.from('多余\n'));
  assert.equal(r.status, 422);
});

test('recusal: a cadre related to a reported person sees neither the petition nor the clue', async () => {
  const summary = `回避件${Date.now()}`;
  const reg = await clients.township_staff.post('/petitions', {
    channel: 'letter', type: 'accusation', real_name: false, summary, content: '回避测试', category: 'mass', received_day: '2026-11-02',
    persons: [{ name: '回避对象', unit_name: '东关社区', cadre_level: 'village_cadre', party_member: true }],
  });
  assert.equal(reg.status, 201, reg.text);
  const clue = await clients.township_staff.post('/clues', {
    source: 'supervision', summary: `${summary}线索`, content: '回避测试线索', category: 'mass', received_day: '2026-11-02',
    persons: [{ name: '回避对象', unit_name: '东关社区', cadre_level: 'village_cadre', party_member: true }],
  });
  assert.equal(clue.status, 201, clue.text);
  const persons = await clients.case_supervision.get(`/persons?q=${encodeURIComponent('回避对象')}`);
  const person = persons.body.items[0];
  const cand = await clients.case_supervision.get(`/recusals/candidates?q=${users.township_secretary.username}`);
  assert.deepEqual(cand.body.items.map((u) => u.id), [users.township_secretary.id]);
  const sec = clients.township_secretary;
  assert.equal((await sec.get(`/petitions/${reg.body.id}`)).status, 200);

  // Bad input first.
  let r = await clients.case_supervision.post('/recusals', { user_id: users.township_secretary.id, person_id: person.id, relation: 'cousin', reason: '亲属' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'relation');
  r = await clients.case_supervision.post('/recusals', { user_id: users.sys_admin.id, person_id: person.id, relation: 'kin', reason: '亲属' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'user_id');
  r = await clients.case_supervision.post('/recusals', { user_id: users.township_secretary.id, person_id: person.id, relation: 'kin', reason: '系其表兄' });
  assert.equal(r.status, 201, r.text);
  const rec = r.body;
  assert.equal((await clients.case_supervision.post('/recusals', { user_id: users.township_secretary.id, person_id: person.id, relation: 'kin', reason: '重复' })).status, 409);

  // Hidden everywhere: detail, list, search, clue, persons, its evidence and messages.
  assert.equal((await sec.get(`/petitions/${reg.body.id}`)).status, 404);
  assert.equal((await sec.get(`/petitions/${reg.body.id}/messages`)).status, 404);
  assert.equal((await sec.get(`/petitions/${reg.body.id}/attachments`)).status, 404);
  const list = await sec.get(`/petitions?q=${encodeURIComponent(summary)}`);
  assert.equal(list.body.total, 0);
  assert.equal((await sec.get(`/clues/${clue.body.id}`)).status, 404);
  assert.equal((await sec.get(`/clues?q=${encodeURIComponent(summary)}`)).body.total, 0);
  assert.equal((await sec.get(`/persons?q=${encodeURIComponent('回避对象')}`)).body.total, 0);
  // Colleagues still see it.
  assert.equal((await clients.township_staff.get(`/petitions/${reg.body.id}`)).status, 200);
  assert.equal((await clients.township_staff.get(`/clues/${clue.body.id}`)).status, 200);
  // Ended: visible again; both steps audited.
  assert.equal((await clients.county_leader.del(`/recusals/${rec.id}`)).status, 200);
  assert.equal((await sec.get(`/petitions/${reg.body.id}`)).status, 200);
  const auditor = await ts.adminClient('auditor');
  const log = await auditor.get('/audit-log?entity=recusal');
  assert.deepEqual(log.body.items.map((a) => a.action).sort(), ['create', 'delete']);
});

test('rate limits per network: challenges and logins', async () => {
  const small = await startServer({ extraArgs: ['--portal-pow-bits', '4', '--portal-submit-per-hour', '1', '--portal-login-per-hour', '2'] });
  try {
    const p = new Portal(small.portalBase);
    for (let i = 0; i < 3; i++) assert.equal((await p.post('/challenge', {})).status, 200);
    const r = await p.post('/challenge', {});
    assert.equal(r.status, 429);
    assert.equal(r.body.error.code, 'too_many_requests');
    for (let i = 0; i < 2; i++) assert.equal((await p.post('/login', { receipt_code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', password: 'Wrong-pass-1' })).status, 401);
    assert.equal((await p.post('/login', { receipt_code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', password: 'Wrong-pass-1' })).status, 429);
  } finally {
    await small.stop();
  }
});
