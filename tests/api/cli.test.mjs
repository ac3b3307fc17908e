// CLI: bad arguments → exit 2 with a message on stderr; init/serve basics;
// SIGTERM → exit 0; committed data survives a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { runCli, initInstance, serve, Client, INIT_PASSWORD, CHANGED_PASSWORD, BACKEND } from './lib/server.mjs';

function expectUsageError(args, what, { input } = {}) {
  const r = runCli(args, { timeout: 20000, input });
  assert.equal(r.status, 2, `${what}: exit ${r.status} (signal ${r.signal})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.ok(r.stderr.trim().length > 0, `${what}: no message on stderr`);
  return r;
}

test('bad arguments → exit 2 with a message on stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'funnel-cli-'));
  try {
    expectUsageError([], 'no subcommand');
    expectUsageError(['frobnicate'], 'unknown subcommand');
    expectUsageError(['init'], 'init without --data-dir');
    expectUsageError(['init', '--data-dir'], 'init --data-dir without value');
    expectUsageError(['init', '--data-dir', dir, '--bogus-flag'], 'init with unknown flag');
    expectUsageError(['init', '--data-dir', dir, '--database', 'mysql://x/y'], 'init with unsupported database URL');
    expectUsageError(['init', '--data-dir', dir, '--database', 'sqlite://relative.db'], 'init with a relative sqlite path');
    expectUsageError(['serve'], 'serve without --data-dir');
    for (const listen of ['nonsense', '127.0.0.1', '127.0.0.1:99999', '127.0.0.1:-1', ':abc', '127.0.0.1:80x']) {
      expectUsageError(['serve', '--data-dir', dir, '--listen', listen], `serve --listen ${listen}`);
    }
    for (const [flag, value] of [['--workers', '0'], ['--write-threads', '0'], ['--write-threads', '257']]) {
      const r = expectUsageError(['serve', '--data-dir', dir, flag, value], `serve ${flag} ${value}`);
      assert.match(r.stderr, new RegExp(flag), `serve ${flag} ${value}: the message does not name the flag`);
    }
    expectUsageError(['verify-audit'], 'verify-audit without --data-dir');
    const missing = expectUsageError(['verify-audit', '--data-dir', dir, '--checkpoints', join(dir, 'no-such.log')], 'verify-audit with a missing checkpoints file');
    assert.match(missing.stderr, /--checkpoints/);
    const garbled = expectUsageError(['verify-audit', '--data-dir', dir, '--checkpoints', '-'], 'verify-audit with a garbled checkpoint', {
      input: 'x info {"event":"audit_checkpoint","seq":"three"}\n',
    });
    assert.match(garbled.stderr, /--checkpoints: line 1/);
    expectUsageError(['routes', '--bogus'], 'routes with unknown flag');
    // Nothing was created by the rejected init calls.
    assert.ok(!existsSync(join(dir, 'funnel.db')), 'a rejected init created a database');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('init prints the admin password once when FUNNEL_ADMIN_PASSWORD is unset', () => {
  if (BACKEND !== 'sqlite') return; // the same code path; one backend is enough here
  const dir = mkdtempSync(join(tmpdir(), 'funnel-cli-'));
  try {
    const r = runCli(['init', '--data-dir', dir], { env: { FUNNEL_ADMIN_PASSWORD: undefined } });
    assert.equal(r.status, 0, r.stderr);
    const m = /admin password:\s*(\S+)/.exec(r.stdout);
    assert.ok(m, `no "admin password: <password>" line: ${r.stdout}`);
    assert.ok(m[1].length >= 8);
    // A second init on the same directory refuses (never overwrites keys or data).
    const again = runCli(['init', '--data-dir', dir], { env: { FUNNEL_ADMIN_PASSWORD: INIT_PASSWORD } });
    assert.notEqual(again.status, 0, 'second init succeeded');
    assert.ok(again.stderr.trim().length > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('funnel routes prints a JSON array of {listener, method, path, permission}', () => {
  const r = runCli(['routes']);
  assert.equal(r.status, 0, r.stderr);
  const list = JSON.parse(r.stdout);
  assert.ok(Array.isArray(list) && list.length > 0);
  for (const x of list) {
    assert.deepEqual(Object.keys(x).sort(), ['listener', 'method', 'path', 'permission']);
    assert.match(x.listener, /^(internal|portal)$/);
    // The portal's routes are its own, under /api/v1/portal/ and nowhere else.
    assert.equal(x.listener === 'portal', x.path.startsWith('/api/v1/portal/'), `${x.listener} ${x.path}`);
    assert.match(x.method, /^(GET|POST|PUT|PATCH|DELETE)$/);
    assert.match(x.path, /^\/api\/v1\//);
  }
});

test('SIGTERM → exit 0, also with an open keep-alive connection; data survives a restart', async () => {
  const inst = initInstance();
  const procs = [];
  try {
    let proc = await serve(inst);
    procs.push(proc);
    const c = new Client(proc.base);
    await c.loginAndChange('admin', INIT_PASSWORD, CHANGED_PASSWORD);
    const r = await c.post('/org-units', { parent_id: null, kind: 'county', category: 'county', name: '成武县纪委监委', short_name: '成纪', division_code: '371723' });
    assert.equal(r.status, 201, r.text);
    // An idle keep-alive connection must not hold the shutdown.
    const sock = net.connect(proc.port, '127.0.0.1');
    await new Promise((res) => sock.on('connect', res));
    sock.write('GET /api/v1/ping HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    await new Promise((res) => sock.once('data', res));
    const exit = await proc.terminate(10000);
    sock.destroy();
    assert.deepEqual(exit, { code: 0, signal: null }, `SIGTERM: ${JSON.stringify(exit)}\n${proc.log()}`);

    proc = await serve(inst);
    procs.push(proc);
    const c2 = new Client(proc.base);
    const l = await c2.login('admin', CHANGED_PASSWORD);
    assert.equal(l.status, 200, 'changed password lost after restart');
    assert.equal(l.body.must_change_password, false);
    const u = await c2.get(`/org-units/${r.body.id}`);
    assert.equal(u.status, 200, 'unit lost after restart');
    assert.equal(u.body.name, '成武县纪委监委');
    // The old session is kept in the database (stateless nodes).
    c.base = proc.base;
    assert.equal((await c.get('/auth/me')).status, 200, 'session lost after restart');
    const exit2 = await proc.terminate(10000);
    assert.deepEqual(exit2, { code: 0, signal: null }, proc.log());
  } finally {
    for (const p of procs) if (!p.exited) await p.terminate(5000);
    inst.cleanup();
  }
});
