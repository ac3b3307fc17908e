// Audit log and login log over HTTP, then `funnel verify-audit` on an intact
// and on tampered copies of the database (SQLite via sqlite3, PostgreSQL via
// psql): also copies whose chain an attacker recomputed without the key, cut
// short (caught by the checkpoints in the server's log), and an old unkeyed
// chain re-chained once by `funnel migrate`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, serve, expectError, expectStatus, Client, runCli, sqlite, psql, pgBase, BACKEND, USER_PASSWORD, CHANGED_PASSWORD } from './lib/server.mjs';
import { buildCounty, createOrg, createUser, listAll } from './lib/fixtures.mjs';
import { blake2bHex } from './lib/blake2b.mjs';

let ts;
let admin;
let auditor;
let adminId;
const w = {};

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  auditor = await ts.adminClient('auditor');
  adminId = (await admin.get('/auth/me')).body.user.id;
  // Some writes.
  w.county = await createOrg(admin, { kind: 'county', category: 'county', name: '成武县纪委监委', short_name: '成纪', division_code: '371723' });
  w.dept = await createOrg(admin, { parent_id: w.county.id, kind: 'department', category: 'petition_office', name: '信访室', short_name: '信访' });
  w.tmp = await createOrg(admin, { parent_id: w.county.id, kind: 'department', category: 'other', name: '临时部门', short_name: '临时' });
  let r = await admin.put(`/org-units/${w.dept.id}`, { parent_id: w.county.id, kind: 'department', category: 'petition_office', name: '信访室（改）', short_name: '信访', division_code: null });
  assert.equal(r.status, 200, r.text);
  r = await admin.del(`/org-units/${w.tmp.id}`);
  assert.equal(r.status, 200, r.text);
  w.user = await createUser(admin, { username: 'audited_user', display_name: '被审计', org_unit_id: w.dept.id, role: 'petition_office' });
  // Logins: failures and successes.
  const c = new Client(ts.base);
  assert.equal((await c.login('audited_user', 'Wrong-Pass-1x')).status, 401);
  assert.equal((await c.login('ghost_audit', 'Wrong-Pass-1x')).status, 401);
  await c.loginAndChange('audited_user', w.user.initial_password, USER_PASSWORD);
});

after(async () => {
  if (ts) await ts.stop();
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const today = () => new Date().toISOString().slice(0, 10);
const dayOffset = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);

function findEntry(items, pred, what) {
  const e = items.find(pred);
  assert.ok(e, `no audit entry for ${what}; have: ${JSON.stringify(items.map((x) => [x.seq, x.actor_name, x.action, x.entity, x.entity_id]))}`);
  return e;
}

test('audit-log shows the writes with actor, action and entity, newest first', async () => {
  const all = await listAll(auditor, '/audit-log');
  const items = all.items;
  for (const e of items) {
    for (const k of ['seq', 'at', 'actor_id', 'actor_name', 'ip', 'action', 'entity', 'entity_id', 'detail']) assert.ok(k in e, `audit entry lacks ${k}`);
    assert.match(e.at, ISO);
  }
  for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].seq > items[i].seq, 'not newest first');
  const byAdmin = (id, action) => (e) => e.entity_id === id && e.actor_id === adminId && e.actor_name === 'admin' && action.test(e.action);
  const c = findEntry(items, byAdmin(w.county.id, /create|insert|add/i), 'county create');
  assert.match(c.entity, /org/i);
  assert.equal(c.ip, '127.0.0.1');
  findEntry(items, byAdmin(w.dept.id, /update|edit|modify|put/i), 'department update');
  findEntry(items, byAdmin(w.tmp.id, /delete|remove/i), 'department delete');
  const u = findEntry(items, byAdmin(w.user.user.id, /create|insert|add/i), 'user create');
  assert.match(u.entity, /user/i);
  // The initial password never lands in the audit log.
  assert.ok(!JSON.stringify(items).includes(w.user.initial_password), 'initial password in the audit log');
  assert.ok(!JSON.stringify(items).includes(USER_PASSWORD), 'a password in the audit log');
});

test('audit-log filters: actor, action, entity, from/to', async () => {
  const all = await listAll(auditor, '/audit-log');
  const createCounty = all.items.find((e) => e.entity_id === w.county.id && /create|insert|add/i.test(e.action));
  const byActor = await listAll(auditor, '/audit-log?actor=admin');
  assert.ok(byActor.items.length > 0);
  assert.ok(byActor.items.every((e) => e.actor_name === 'admin'));
  const byEntity = await listAll(auditor, `/audit-log?entity=${encodeURIComponent(createCounty.entity)}`);
  assert.ok(byEntity.items.every((e) => e.entity === createCounty.entity));
  assert.ok(byEntity.items.some((e) => e.seq === createCounty.seq));
  const byAction = await listAll(auditor, `/audit-log?action=${encodeURIComponent(createCounty.action)}`);
  assert.ok(byAction.items.every((e) => e.action === createCounty.action));
  assert.ok(byAction.items.some((e) => e.seq === createCounty.seq));
  const todays = await listAll(auditor, `/audit-log?from=${today()}&to=${today()}`);
  assert.ok(todays.items.some((e) => e.seq === createCounty.seq), 'from/to today');
  const future = await auditor.get(`/audit-log?from=${dayOffset(1)}`);
  expectStatus(future, 200);
  assert.equal(future.body.total, 0);
  const past = await auditor.get(`/audit-log?to=${dayOffset(-1)}`);
  assert.equal(past.body.total, 0);
  const nobody = await auditor.get('/audit-log?actor=nobody_at_all');
  assert.deepEqual(nobody.body, { items: [], total: 0 });
  expectError(await auditor.get('/audit-log?from=yesterday'), 400, 'bad_request');
  expectError(await auditor.get('/audit-log?to=2026-13-45'), 400, 'bad_request');
});

test('concurrent writes keep one unbroken chain', async () => {
  const results = await Promise.all(
    Array.from({ length: 16 }, (_, i) =>
      admin.post('/org-units', { parent_id: w.county.id, kind: 'department', category: 'other', name: `并发部门${i}`, short_name: `并${i}`, division_code: null }).then(async (r) => {
        assert.equal(r.status, 201, r.text);
        return r.body.id;
      }),
    ),
  );
  for (const id of results) assert.equal((await admin.del(`/org-units/${id}`)).status, 200);
  const all = await listAll(auditor, '/audit-log');
  const seqs = all.items.map((e) => e.seq).sort((a, b) => a - b);
  for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `gap in audit seqs at ${seqs[i - 1]}`);
  for (const id of results) {
    assert.ok(all.items.some((e) => e.entity_id === id && /create|insert|add/i.test(e.action)), `create of ${id} not audited`);
    assert.ok(all.items.some((e) => e.entity_id === id && /delete|remove/i.test(e.action)), `delete of ${id} not audited`);
  }
  const v = await auditor.get('/audit-log/verify');
  assert.equal(v.body.ok, true, JSON.stringify(v.body));
});

test('audit-log/verify: ok with every record checked', async () => {
  const r = await auditor.get('/audit-log/verify');
  expectStatus(r, 200);
  const total = (await auditor.get('/audit-log')).body.total;
  assert.equal(r.body.ok, true);
  assert.equal(r.body.checked, total, 'checked ≠ number of audit records');
  assert.ok(total >= 6, `only ${total} audit records after 6 writes`);
});

test('login-log shows failed and successful logins', async () => {
  const r = await auditor.get('/login-log?username=audited_user&page_size=200');
  expectStatus(r, 200);
  const items = r.body.items;
  for (const e of items) {
    for (const k of ['id', 'at', 'username', 'ip', 'user_agent', 'success', 'reason']) assert.ok(k in e, `login-log entry lacks ${k}`);
    assert.equal(e.username, 'audited_user');
    assert.match(e.at, ISO);
  }
  const fail = items.find((e) => e.success === false);
  const ok = items.find((e) => e.success === true);
  assert.ok(fail, 'failed login not logged');
  assert.ok(ok, 'successful login not logged');
  assert.equal(fail.ip, '127.0.0.1');
  assert.equal(fail.user_agent, 'funnel-api-tests');
  assert.ok(typeof fail.reason === 'string' && fail.reason.length > 0, 'failure without reason');
  const ghost = await auditor.get('/login-log?username=ghost_audit');
  assert.equal(ghost.body.total, 1, 'failed login of an unknown user not logged');
  assert.equal(ghost.body.items[0].success, false);
  // Kept masked: a name nobody holds may be a password typed in the wrong field.
  assert.match(ghost.body.items[0].username, /^g…#[0-9a-f]{8}$/);
  const failures = await listAll(auditor, '/login-log?success=false');
  assert.ok(failures.items.length >= 2 && failures.items.every((e) => e.success === false));
  const successes = await listAll(auditor, '/login-log?success=true');
  assert.ok(successes.items.some((e) => e.username === 'admin') && successes.items.every((e) => e.success === true));
  assert.ok(!JSON.stringify(failures.items).includes('Wrong-Pass-1x'), 'a tried password in the login log');
  expectError(await auditor.get('/login-log?success=maybe'), 400, 'bad_request');
});

test('only audit_admin reads the audit and login logs', async () => {
  const sec = await ts.adminClient('secadmin');
  const biz = new Client(ts.base);
  await biz.loginOk('audited_user', USER_PASSWORD);
  for (const c of [admin, sec, biz]) {
    for (const p of ['/audit-log', '/audit-log/verify', '/login-log']) expectError(await c.get(p), 403, 'forbidden');
  }
});

// --- verify-audit CLI on intact and tampered databases -----------------------

function verifyAudit(dataDir, dbArgs) {
  return runCli(['verify-audit', '--data-dir', dataDir, ...dbArgs]);
}

const namesRecord = (out, seq) => new RegExp(`(record|seq)[^0-9\\n]{0,16}\\b${seq}\\b`, 'i').test(out);

test('verify-audit: exit 0 with the count on an intact chain; exit 1 naming the first bad record after tampering', async () => {
  const httpTotal = (await auditor.get('/audit-log')).body.total;
  await ts.stop({ cleanup: false });
  const inst = ts.inst;
  ts = null;
  try {
    const seqs = (BACKEND === 'sqlite' ? sqlite(inst.sqlitePath, 'SELECT seq FROM audit_log ORDER BY seq') : psql(inst.dbUrl, 'SELECT seq FROM audit_log ORDER BY seq'))
      .trim()
      .split('\n')
      .map(Number);
    assert.ok(seqs.length >= 5, `too few audit rows: ${seqs.length}`);
    assert.ok(seqs.length >= httpTotal);

    const ok = verifyAudit(inst.dataDir, inst.dbArgs);
    assert.equal(ok.status, 0, `intact chain: exit ${ok.status}\n${ok.stdout}${ok.stderr}`);
    assert.ok(new RegExp(`\\b${seqs.length}\\b`).test(ok.stdout), `verify-audit should print the number of records (${seqs.length}): ${ok.stdout}`);

    // Each scenario on its own copy of the database.
    const k = seqs[Math.floor(seqs.length / 2)];
    const k1 = seqs[seqs.indexOf(k) + 1];
    const scenarios = [
      { name: 'detail changed', sql: [`UPDATE audit_log SET detail = '{"tampered":true}' WHERE seq = ${k}`], expect: [k], http: true },
      { name: 'actor changed', sql: [`UPDATE audit_log SET actor_name = 'mallory' WHERE seq = ${k}`], expect: [k] },
      { name: 'row deleted', sql: [`DELETE FROM audit_log WHERE seq = ${k}`], expect: [k, k1] },
      {
        name: 'two rows swapped',
        sql: [`UPDATE audit_log SET seq = -1 WHERE seq = ${k}`, `UPDATE audit_log SET seq = ${k} WHERE seq = ${k1}`, `UPDATE audit_log SET seq = ${k1} WHERE seq = -1`],
        expect: [k],
      },
    ];

    /** Make a tampered copy, run fn({dataDir, dbArgs}), remove the copy. */
    async function withTamperedCopy(sql, fn) {
      if (BACKEND === 'sqlite') {
        const dir = mkdtempSync(join(tmpdir(), 'funnel-tamper-'));
        try {
          cpSync(inst.dataDir, dir, { recursive: true });
          const db = join(dir, 'funnel.db');
          // An attacker with file access can drop protective triggers first.
          const triggers = sqlite(db, "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'").trim().split('\n').filter(Boolean);
          sqlite(db, [...triggers.map((t) => `DROP TRIGGER "${t}"`), ...sql].join('; '));
          await fn({ dataDir: dir, dbArgs: [] });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      } else {
        const copy = `${inst.pgName}_x${Math.floor(Math.random() * 1e6)}`;
        psql(`${pgBase()}/postgres`, `CREATE DATABASE ${copy} TEMPLATE ${inst.pgName}`);
        try {
          const url = `${pgBase()}/${copy}`;
          psql(url, ['ALTER TABLE audit_log DISABLE TRIGGER USER', ...sql].join('; '));
          await fn({ dataDir: inst.dataDir, dbArgs: ['--database', url] });
        } finally {
          psql(`${pgBase()}/postgres`, `DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`, { allowFail: true });
        }
      }
    }

    for (const sc of scenarios) {
      await withTamperedCopy(sc.sql, async (copy) => {
        const r = verifyAudit(copy.dataDir, copy.dbArgs);
        const out = r.stdout + r.stderr;
        assert.equal(r.status, 1, `${sc.name}: exit ${r.status}\n${out}`);
        assert.ok(sc.expect.some((x) => namesRecord(out, x)), `${sc.name}: output does not name record ${sc.expect.join(' or ')}: ${out}`);
        if (!sc.http) return;
        // The server on the tampered database reports it over HTTP as well.
        const proc = await serve(copy);
        try {
          const c = new Client(proc.base);
          await c.loginOk('auditor', CHANGED_PASSWORD);
          const v = await c.get('/audit-log/verify');
          expectStatus(v, 200, 'verify on a tampered chain');
          assert.equal(v.body.ok, false, JSON.stringify(v.body));
          assert.equal(v.body.first_bad_seq, k, JSON.stringify(v.body));
          assert.equal(typeof v.body.reason, 'string');
          assert.equal(v.body.checked, seqs.indexOf(k), `records intact before ${k}: ${JSON.stringify(v.body)}`);
        } finally {
          const exit = await proc.terminate();
          assert.deepEqual(exit, { code: 0, signal: null }, proc.log());
        }
      });
    }
    // The original is still intact.
    const again = verifyAudit(inst.dataDir, inst.dbArgs);
    assert.equal(again.status, 0, again.stdout + again.stderr);
  } finally {
    inst.cleanup();
  }
});

// --- the keyed chain: an attacker with the database but not the key ----------

/** The audit records in seq order, as an attacker reads them from the database. */
function readChain(inst, dbArgs = inst.dbArgs, file = inst.sqlitePath) {
  const cols = ['seq', 'at', 'actor_id', 'actor_name', 'ip', 'action', 'entity', 'entity_id', 'detail', 'prev_hash', 'hash'];
  if (BACKEND === 'sqlite') {
    const obj = cols.map((c) => `'${c}', ${c}`).join(', ');
    return JSON.parse(sqlite(file, `SELECT json_group_array(json_object(${obj})) FROM (SELECT * FROM audit_log ORDER BY seq)`));
  }
  const url = dbArgs[dbArgs.indexOf('--database') + 1];
  const obj = cols.map((c) => `'${c}', ${c}`).join(', ');
  return JSON.parse(psql(url, `SELECT COALESCE(json_agg(json_build_object(${obj}) ORDER BY seq), '[]') FROM audit_log`));
}

/** core::audit_canonical: length-prefixed fields (lengths in UTF-8 bytes). */
function canonical(r) {
  const put = (v) => {
    const s = String(v);
    return `${Buffer.byteLength(s, 'utf8')}:${s};`;
  };
  return 'funnel-audit-v1;' + [r.seq, r.at, r.actor_id, r.actor_name, r.ip, r.action, r.entity, r.entity_id, r.detail, r.prev_hash].map(put).join('');
}

const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;

/**
 * SQL that rewrites the chain from record `from` on: `change` edits a record,
 * `hash` recomputes each hash, the head follows.
 */
function rewriteSql(rows, from, change, hash) {
  const sql = [];
  let prev = '';
  for (const r of rows) {
    if (r.seq >= from) {
      change(r);
      r.prev_hash = prev;
      r.hash = hash(canonical(r));
      sql.push(`UPDATE audit_log SET action = ${lit(r.action)}, detail = ${lit(r.detail)}, prev_hash = ${lit(r.prev_hash)}, hash = ${lit(r.hash)} WHERE seq = ${r.seq}`);
    }
    prev = r.hash;
  }
  const last = rows[rows.length - 1];
  sql.push(`UPDATE audit_head SET last_seq = ${last.seq}, last_hash = ${lit(last.hash)} WHERE id = 1`);
  return sql;
}

/** A copy of the stopped instance's database with `sql` applied: fn({dataDir, dbArgs, file}). */
async function withCopy(inst, sql, fn) {
  if (BACKEND === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'funnel-rechain-'));
    try {
      cpSync(inst.dataDir, dir, { recursive: true });
      const file = join(dir, 'funnel.db');
      if (sql.length) sqlite(file, sql.join('; '));
      await fn({ dataDir: dir, dbArgs: [], file });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const copy = `${inst.pgName}_k${Math.floor(Math.random() * 1e6)}`;
    psql(`${pgBase()}/postgres`, `CREATE DATABASE ${copy} TEMPLATE ${inst.pgName}`);
    try {
      const url = `${pgBase()}/${copy}`;
      if (sql.length) psql(url, sql.join('; '));
      await fn({ dataDir: inst.dataDir, dbArgs: ['--database', url], file: null });
    } finally {
      psql(`${pgBase()}/postgres`, `DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`, { allowFail: true });
    }
  }
}

test('keyed chain: a reveal_reporter record turned harmless fails verification however the chain is recomputed without the key; a cut tail fails against the logged checkpoints; an old unkeyed chain is re-chained once, audited', async () => {
  const t = await startServer();
  let inst = t.inst;
  try {
    // A real identity reveal: a petition with a reporter, revealed with a reason.
    const adm = await t.adminClient('admin');
    const org = await buildCounty(adm);
    const poUser = await createUser(adm, { username: 'chain_po', display_name: '信访', org_unit_id: org.petition.id, role: 'petition_office' });
    const po = new Client(t.base);
    await po.loginAndChange('chain_po', poUser.initial_password, USER_PASSWORD);
    const reg = await po.post('/petitions', {
      channel: 'visit', type: 'accusation', real_name: true, reporter: { name: '丙', phone: '13905371234' }, summary: '链测试',
      content: '链测试内容', category: 'mass', received_day: '2024-09-25', visitors: 1, identity_checked: true, reception_cadre: '丁',
      persons: [{ name: '甲', unit_name: '乙村', cadre_level: 'village_cadre' }],
    });
    assert.equal(reg.status, 201, reg.text);
    expectStatus(await po.post(`/petitions/${reg.body.id}/reveal`, { reason: '核对举报人身份' }), 200);
    await po.logout();
    const aud = await t.adminClient('auditor');
    const reveals = await aud.get('/audit-log?action=reveal_reporter');
    assert.equal(reveals.body.total, 1, reveals.text);
    const k = reveals.body.items[0].seq;
    await t.stop({ cleanup: false });
    const logFile = t.proc.logPath;
    const log = readFileSync(logFile, 'utf8');

    const rows = readChain(inst);
    const last = rows[rows.length - 1].seq;
    assert.ok(last > k, `records after the reveal: ${last} vs ${k}`);
    // The server logged the head at shutdown: the last record and its hash.
    assert.ok(log.includes(`{"event":"audit_checkpoint","seq":${last},"hash":"${rows[rows.length - 1].hash}"}`), log);
    // The JavaScript BLAKE2b is libsodium's: the keyed hashes are not the unkeyed ones.
    assert.notEqual(rows[0].hash, blake2bHex(canonical(rows[0])));

    const ok = verifyAudit(inst.dataDir, inst.dbArgs);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const okCp = runCli(['verify-audit', '--data-dir', inst.dataDir, ...inst.dbArgs, '--checkpoints', logFile]);
    assert.equal(okCp.status, 0, okCp.stdout + okCp.stderr);
    assert.match(okCp.stdout, /checkpoints matched/);

    const harmless = (r) => {
      if (r.seq === k) {
        r.action = 'view';
        r.detail = '{}';
      }
    };
    const unkeyed = (c) => blake2bHex(c);
    const otherKey = randomBytes(32);
    const wrongKey = (c) => blake2bHex(c, { key: otherKey });
    const clone = () => rows.map((r) => ({ ...r }));
    const cases = [
      { name: 'unkeyed from the reveal on', sql: rewriteSql(clone(), k, harmless, unkeyed), bad: k },
      { name: 'unkeyed, the whole chain', sql: rewriteSql(clone(), 1, harmless, unkeyed), bad: 1 },
      { name: 'another key from the reveal on', sql: rewriteSql(clone(), k, harmless, wrongKey), bad: k },
    ];
    for (const c of cases) {
      await withCopy(inst, c.sql, async (copy) => {
        const changed = readChain(inst, copy.dbArgs, copy.file).find((r) => r.seq === k);
        assert.equal(changed.action, 'view', `${c.name}: the copy was not rewritten`);
        const r = verifyAudit(copy.dataDir, copy.dbArgs);
        const out = r.stdout + r.stderr;
        assert.equal(r.status, 1, `${c.name}: exit ${r.status}\n${out}`);
        assert.ok(namesRecord(out, c.bad), `${c.name}: does not name record ${c.bad}: ${out}`);
        assert.match(out, /altered/, `${c.name}: ${out}`);
      });
    }

    // Cutting the tail from the reveal on, head moved back: a shorter chain
    // that verifies by itself; the checkpoints in the log name the cut.
    const cut = [`DELETE FROM audit_log WHERE seq >= ${k}`, `UPDATE audit_head SET last_seq = ${k - 1}, last_hash = ${lit(rows[k - 2].hash)} WHERE id = 1`];
    await withCopy(inst, cut, async (copy) => {
      const plain = verifyAudit(copy.dataDir, copy.dbArgs);
      assert.equal(plain.status, 0, `without checkpoints a cut tail is not visible (docs/security.md): ${plain.stdout}${plain.stderr}`);
      const r = runCli(['verify-audit', '--data-dir', copy.dataDir, ...copy.dbArgs, '--checkpoints', logFile]);
      const out = r.stdout + r.stderr;
      assert.equal(r.status, 1, out);
      assert.ok(namesRecord(out, k), `does not name record ${k}: ${out}`);
      assert.match(out, /checkpoint/);
      // Checkpoints from standard input, as from journalctl.
      const viaStdin = runCli(['verify-audit', '--data-dir', copy.dataDir, ...copy.dbArgs, '--checkpoints', '-'], { input: log });
      assert.equal(viaStdin.status, 1, viaStdin.stdout + viaStdin.stderr);
    });

    // The upgrade: the chain as the previous version wrote it (unkeyed), the
    // schema before migration 20.
    const old = rewriteSql(clone(), 1, () => {}, unkeyed);
    // Later migrations are undone first (each one that lands adds its undo here).
    const after20 = [
      'DROP TABLE case_execution_tasks', // 31 (before 22: it names cases)
      'DROP TABLE case_decisions', // 30 (before 22: it names cases)
      'DROP TABLE case_triers', // 29 (before 22: it names cases; its columns of cases go with the table)
      'DROP TABLE case_extension_requests', // 28 (before 22: it names cases and their extensions)
      'DROP TABLE guidance_tasks', 'DROP TABLE guidance_records', // 27
      'DROP TABLE interview_incidents', 'DROP TABLE interview_talks', 'DROP TABLE interview_bookings',
      'DROP TABLE interview_rooms', // 23 (before 22: its bookings name cases)
      'DROP TABLE petition_pairs', 'DROP TABLE petition_pairs_seen', 'DROP TABLE duplicate_generations',
      'DROP INDEX petition_signatures_generation', 'ALTER TABLE petition_signatures DROP COLUMN generation',
      'ALTER TABLE petition_signatures DROP COLUMN county_id', // 21
      'DROP TABLE case_property_moves', 'DROP TABLE case_property', 'DROP TABLE case_evidence', // 26
      'DROP TABLE case_warning_acks', // 25 (its columns of case_measures go with the table)
      'DROP TABLE case_documents', 'DROP TABLE document_templates', // 24 (before 22: it names cases)
      'DROP TABLE case_extensions', 'DROP TABLE case_measures', 'DROP TABLE case_team', 'DROP TABLE case_steps',
      'DROP TABLE cases', // 22
    ];
    const downgrade = [...old, ...after20, 'DELETE FROM schema_migrations WHERE version >= 20', 'ALTER TABLE audit_head DROP COLUMN keyed'];
    await withCopy(inst, downgrade, async (copy) => {
      const refused = runCli(['serve', '--data-dir', copy.dataDir, ...copy.dbArgs, '--listen', '127.0.0.1:1']);
      assert.equal(refused.status, 2, refused.stdout + refused.stderr);
      assert.match(refused.stderr, /funnel migrate/);
      const m = runCli(['migrate', '--data-dir', copy.dataDir, ...copy.dbArgs]);
      assert.equal(m.status, 0, m.stdout + m.stderr);
      assert.match(m.stdout, new RegExp(`re-chained ${rows.length} audit records`), m.stdout);
      const v = verifyAudit(copy.dataDir, copy.dbArgs);
      assert.equal(v.status, 0, v.stdout + v.stderr);
      assert.match(v.stdout, new RegExp(`\\b${rows.length + 1} records checked`), v.stdout);
      const after = readChain(inst, copy.dbArgs, copy.file);
      assert.equal(after.length, rows.length + 1);
      const rc = after[after.length - 1];
      assert.equal(rc.action, 'rechain_audit');
      assert.equal(JSON.parse(rc.detail).records, rows.length);
      // The contents stayed; only the hashes changed.
      for (let i = 0; i < rows.length; i++) {
        assert.equal(after[i].detail, rows[i].detail);
        assert.equal(after[i].hash, rows[i].hash, `record ${i + 1}: the re-chain reproduces the keyed hash`);
      }
      // Once: migrate again re-chains nothing.
      const again = runCli(['migrate', '--data-dir', copy.dataDir, ...copy.dbArgs]);
      assert.equal(again.status, 0, again.stdout + again.stderr);
      assert.doesNotMatch(again.stdout, /re-chained/);
      assert.equal(readChain(inst, copy.dbArgs, copy.file).filter((r) => r.action === 'rechain_audit').length, 1);
      // The auditor sees it.
      const proc = await serve(copy);
      try {
        const c = new Client(proc.base);
        await c.loginOk('auditor', CHANGED_PASSWORD);
        const list = await c.get('/audit-log?action=rechain_audit');
        assert.equal(list.body.total, 1, list.text);
        const vv = await c.get('/audit-log/verify');
        assert.equal(vv.body.ok, true, vv.text);
      } finally {
        assert.deepEqual(await proc.terminate(), { code: 0, signal: null }, proc.log());
      }
    });

    // An old chain that is already broken is not re-chained (that would
    // make the break verify): migrate fails naming the record.
    const brokenOld = [...rewriteSql(clone(), 1, () => {}, unkeyed), `UPDATE audit_log SET action = 'view' WHERE seq = ${k}`, ...after20, 'DELETE FROM schema_migrations WHERE version >= 20', 'ALTER TABLE audit_head DROP COLUMN keyed'];
    await withCopy(inst, brokenOld, async (copy) => {
      const m = runCli(['migrate', '--data-dir', copy.dataDir, ...copy.dbArgs]);
      const out = m.stdout + m.stderr;
      assert.equal(m.status, 1, out);
      assert.ok(namesRecord(out, k), `does not name record ${k}: ${out}`);
      assert.equal(readChain(inst, copy.dbArgs, copy.file).filter((r) => r.action === 'rechain_audit').length, 0);
    });
  } finally {
    inst.cleanup();
  }
});
