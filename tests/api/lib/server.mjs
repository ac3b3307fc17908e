// Test harness: a real `funnel` server on a throwaway database, and an HTTP
// client with a cookie jar and CSRF handling. No npm dependencies.
//
// Environment:
//   FUNNEL_TEST_DB   sqlite (default) | postgresql
//   FUNNEL_TEST_PG   base URL of a PostgreSQL server whose role may CREATE
//                    DATABASE, e.g. postgresql://funnel:funnel@127.0.0.1:55432
//                    (tests/scripts/pg.sh start prints it)
//   FUNNEL_BIN       server binary (default <repo>/build/funnel)
//   FUNNEL_TEST_KEEP=1  keep the data directory and database after the run
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, closeSync, readFileSync, existsSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import http from 'node:http';
import assert from 'node:assert/strict';
import { checkAnswer } from './openapi.mjs';


// Every answer the suite receives is checked against docs/openapi.yaml
// (lib/openapi.mjs): an undocumented status or a body off its schema fails
// the request that met it. A request that probes what is deliberately not
// an API operation (an unknown path) passes { undocumented: true }.
// FUNNEL_OPENAPI_RECORD=<file> appends the problems there instead.
function checkDocumented(a) {
  if (!a.url.startsWith('/api/')) return;
  const problems = checkAnswer(a.method, a.url, a.status, a.body, a.text);
  if (!problems.length) return;
  if (process.env.FUNNEL_OPENAPI_RECORD) {
    appendFileSync(process.env.FUNNEL_OPENAPI_RECORD, problems.map((p) => JSON.stringify(p) + '\n').join(''));
    return;
  }
  throw new Error(`answer not as docs/openapi.yaml says:\n${problems.join('\n')}`);
}

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FUNNEL_BIN = process.env.FUNNEL_BIN || join(REPO_ROOT, 'build', 'funnel');
export const BACKEND = (process.env.FUNNEL_TEST_DB || 'sqlite').toLowerCase();
export const API = '/api/v1';

// Initial password of admin / secadmin / auditor (FUNNEL_ADMIN_PASSWORD) and
// the passwords they get after the forced change.
export const INIT_PASSWORD = 'Init-Pass-2026!';
export const ADMIN_ACCOUNTS = ['admin', 'secadmin', 'auditor'];
export const CHANGED_PASSWORD = 'Changed-Pass-2026#';
export const USER_PASSWORD = 'User-Pass-2026$';

if (!['sqlite', 'postgresql'].includes(BACKEND)) {
  throw new Error(`FUNNEL_TEST_DB must be sqlite or postgresql, not ${BACKEND}`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Run the funnel CLI synchronously. Returns {status, stdout, stderr, signal}. */
export function runCli(args, { env = {}, timeout = 60000, input } = {}) {
  if (!existsSync(FUNNEL_BIN)) throw new Error(`server binary missing: ${FUNNEL_BIN} (make build)`);
  const fullEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(fullEnv)) if (v === undefined) delete fullEnv[k];
  const r = spawnSync(FUNNEL_BIN, args, {
    env: fullEnv,
    encoding: 'utf8',
    timeout,
    input,
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Run psql against a PostgreSQL URL; throws on failure. Returns stdout. */
export function psql(url, sql, { allowFail = false } = {}) {
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', url, '-c', sql], {
    encoding: 'utf8',
    timeout: 60000,
  });
  if (r.error) throw r.error;
  if (r.status !== 0 && !allowFail) throw new Error(`psql failed (${r.status}): ${sql}\n${r.stderr}`);
  return r.stdout;
}

/** Run the sqlite3 CLI on a database file; throws on failure. Returns stdout. */
export function sqlite(file, sql) {
  const r = spawnSync('sqlite3', ['-batch', file, sql], { encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${sql}\n${r.stderr}`);
  return r.stdout;
}

/** Run SQL on a started server's database (either backend); returns stdout. */
export function dbQuery(ts, sql) {
  return BACKEND === 'sqlite' ? sqlite(ts.inst.sqlitePath, sql) : psql(ts.inst.dbUrl, sql);
}

export function pgBase() {
  const base = process.env.FUNNEL_TEST_PG;
  if (!base) throw new Error('FUNNEL_TEST_DB=postgresql needs FUNNEL_TEST_PG (eval "$(tests/scripts/pg.sh start)")');
  return base.replace(/\/+$/, '');
}

/** Create a fresh PostgreSQL database; returns {name, url, drop()}. */
export function createPgDatabase(template) {
  const base = pgBase();
  const name = `funnel_t${randomBytes(6).toString('hex')}`;
  psql(`${base}/postgres`, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  return {
    name,
    url: `${base}/${name}`,
    drop() {
      psql(`${base}/postgres`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, { allowFail: true });
    },
  };
}

/**
 * A data directory plus database, initialised with `funnel init`.
 * Returns {dataDir, dbUrl, dbArgs, sqlitePath, pgName, cleanup()}.
 */
export function initInstance({ adminPassword = INIT_PASSWORD } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'funnel-api-'));
  let pg = null;
  let dbArgs = [];
  let dbUrl = null;
  if (BACKEND === 'postgresql') {
    pg = createPgDatabase();
    dbUrl = pg.url;
    dbArgs = ['--database', dbUrl];
  }
  const r = runCli(['init', '--data-dir', dataDir, ...dbArgs], { env: { FUNNEL_ADMIN_PASSWORD: adminPassword } });
  if (r.status !== 0) {
    if (pg) pg.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`funnel init failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return {
    dataDir,
    dbUrl,
    dbArgs,
    pgName: pg ? pg.name : null,
    sqlitePath: pg ? null : join(dataDir, 'funnel.db'),
    initOutput: r.stdout + r.stderr,
    cleanup() {
      if (process.env.FUNNEL_TEST_KEEP) return;
      if (pg) pg.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Servers still running when the test process ends are killed, so that a
// failed test never leaves a server behind or keeps the runner waiting.
const liveChildren = new Set();
process.on('exit', () => {
  for (const c of liveChildren) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
});

/** Start `funnel serve` on an initialised instance. */
export async function serve(inst, { extraArgs = [], env = {} } = {}) {
  const port = await freePort();
  // Every server also opens the public portal's listener (default 8081,
  // which parallel servers would fight over).
  // freePort() may hand out the same number twice once it is closed again.
  let portalPort = extraArgs.includes('--portal-listen') ? null : await freePort();
  while (portalPort === port) portalPort = await freePort();
  const portalArgs = portalPort ? ['--portal-listen', `127.0.0.1:${portalPort}`] : [];
  const logPath = join(inst.dataDir, `serve-${port}.log`);
  const logFd = openSync(logPath, 'a');
  const child = spawn(
    FUNNEL_BIN,
    ['serve', '--data-dir', inst.dataDir, ...inst.dbArgs, '--listen', `127.0.0.1:${port}`, ...portalArgs, ...extraArgs],
    { env: { ...process.env, ...env }, stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  liveChildren.add(child);
  child.unref(); // never keep the test process alive; killed on exit
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      liveChildren.delete(child);
      exited = { code, signal };
      resolve(exited);
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (exited) {
      throw new Error(`funnel serve exited early (${JSON.stringify(exited)}):\n${readLog(logPath)}`);
    }
    try {
      const res = await fetch(`${base}${API}/ping`);
      if (res.status === 200) {
        await res.arrayBuffer();
        break;
      }
    } catch {
      /* not yet listening */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`funnel serve did not answer /ping within 20 s:\n${readLog(logPath)}`);
    }
    await sleep(50);
  }
  return {
    port,
    base,
    portalBase: portalPort ? `http://127.0.0.1:${portalPort}` : null,
    child,
    logPath,
    log: () => readLog(logPath),
    exitPromise,
    get exited() {
      return exited;
    },
    /** SIGTERM and wait; returns {code, signal}. */
    async terminate(timeoutMs = 15000) {
      if (!exited) child.kill('SIGTERM');
      const t = sleep(timeoutMs).then(() => 'timeout');
      const r = await Promise.race([exitPromise, t]);
      if (r === 'timeout') {
        child.kill('SIGKILL');
        await exitPromise;
        return { code: null, signal: 'timeout' };
      }
      return r;
    },
  };
}

function readLog(p) {
  try {
    const s = readFileSync(p, 'utf8');
    return s.length > 8000 ? '…' + s.slice(-8000) : s;
  } catch {
    return '';
  }
}

/**
 * Start a whole test server: init + serve. Returns a TestServer with
 * client(), adminClient(name) and stop() (which asserts exit code 0).
 */
export async function startServer(opts = {}) {
  const inst = initInstance(opts);
  let proc;
  try {
    proc = await serve(inst, opts);
  } catch (e) {
    inst.cleanup();
    throw e;
  }
  const ts = {
    inst,
    proc,
    base: proc.base,
    portalBase: proc.portalBase,
    dataDir: inst.dataDir,
    client() {
      return new Client(proc.base);
    },
    /** Logged-in client of admin/secadmin/auditor (password changed on first use). */
    async adminClient(name = 'admin') {
      return adminLogin(proc.base, name);
    },
    /** Stop with SIGTERM; asserts a clean exit (code 0) unless told otherwise. */
    async stop({ cleanup = true, check = true } = {}) {
      const r = await proc.terminate();
      const log = proc.log();
      if (cleanup) inst.cleanup();
      if (check) {
        assert.deepEqual(r, { code: 0, signal: null }, `funnel serve did not exit 0 on SIGTERM: ${JSON.stringify(r)}\n${log}`);
      }
      return r;
    },
  };
  return ts;
}

/** Minimal cookie jar + CSRF aware JSON client. */
// Which init administrators changed their password, per server: the
// fixtures log them in too (approvals, 三员).
const changedAdmins = new Map();

/** A client logged in as one of the init administrators (admin, secadmin, auditor). */
export async function adminLogin(base, name) {
  if (!changedAdmins.has(base)) changedAdmins.set(base, new Set());
  const changed = changedAdmins.get(base);
  const c = new Client(base);
  if (changed.has(name)) {
    await c.loginOk(name, CHANGED_PASSWORD);
  } else {
    await c.loginAndChange(name, INIT_PASSWORD, CHANGED_PASSWORD);
    changed.add(name);
  }
  return c;
}

export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = null;
    this.lastSetCookie = [];
    this.userAgent = 'funnel-api-tests';
  }

  clone() {
    const c = new Client(this.base);
    c.cookies = new Map(this.cookies);
    c.csrf = this.csrf;
    return c;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  absorbCookies(headers) {
    const list = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [];
    this.lastSetCookie = list;
    for (const sc of list) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired =
        value === '' ||
        attrs.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a)) ||
        attrs.some((a) => {
          const m = /^\s*expires\s*=\s*(.*)$/i.exec(a);
          return m && Date.parse(m[1]) < Date.now();
        });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /**
   * Send a request. path is relative to /api/v1 unless it starts with /api/
   * or http. opts: body (JSON-encoded), raw (string|Buffer sent as is),
   * contentType, headers, csrf (false = omit, string = that value).
   * Returns {status, body, text, headers}.
   */
  async request(method, path, opts = {}) {
    const url = path.startsWith('http') ? path : this.base + (path.startsWith('/api/') ? path : API + path);
    const headers = { 'user-agent': this.userAgent, accept: 'application/json', ...(opts.headers || {}) };
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    let body;
    if (opts.raw !== undefined) {
      body = opts.raw;
      if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json';
    }
    const m = method.toUpperCase();
    if (m !== 'GET' && m !== 'HEAD') {
      if (opts.csrf === undefined) {
        if (this.csrf) headers['x-csrf-token'] = this.csrf;
      } else if (opts.csrf !== false) {
        headers['x-csrf-token'] = opts.csrf;
      }
    }
    const res = await fetch(url, { method: m, headers, body, redirect: 'manual' });
    this.absorbCookies(res.headers);
    const text = await res.text();
    let parsed = text;
    if (text.length && (res.headers.get('content-type') || '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    } else if (text.length) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    const answer = { status: res.status, body: parsed, text, headers: res.headers, method: m, url: url.slice(this.base.length), sentContentType: headers['content-type'] };
    if (!opts.undocumented) checkDocumented(answer);
    return answer;
  }

  get(path, opts) {
    return this.request('GET', path, opts);
  }
  post(path, body, opts = {}) {
    return this.request('POST', path, { body, ...opts });
  }
  put(path, body, opts = {}) {
    return this.request('PUT', path, { body, ...opts });
  }
  del(path, opts = {}) {
    return this.request('DELETE', path, opts);
  }

  async login(username, password) {
    const r = await this.post('/auth/login', { username, password }, { csrf: false });
    if (r.status === 200 && r.body && r.body.csrf_token) this.csrf = r.body.csrf_token;
    return r;
  }

  async loginOk(username, password) {
    const r = await this.login(username, password);
    assert.equal(r.status, 200, `login ${username}: ${r.status} ${r.text}`);
    return r;
  }

  async changePassword(oldPassword, newPassword, opts = {}) {
    return this.post('/auth/password', { old_password: oldPassword, new_password: newPassword }, opts);
  }

  /** Log in and, when required, change the initial password. */
  async loginAndChange(username, initial, newPassword = USER_PASSWORD) {
    const r = await this.loginOk(username, initial);
    if (r.body.must_change_password) {
      const c = await this.changePassword(initial, newPassword);
      assert.equal(c.status, 200, `password change ${username}: ${c.status} ${c.text}`);
    }
    return r;
  }

  async logout() {
    return this.post('/auth/logout', undefined);
  }
}

/** Assert an error response: status, code and (optionally) field. */
export function expectError(res, status, code, field, what = '') {
  const info = `${res.method || ''} ${res.url || ''} ${what ? '(' + what + ') ' : ''}→ ${res.status} ${String(res.text).slice(0, 600)}`;
  assert.equal(res.status, status, `expected ${status} ${code ?? ''}${field ? ' field ' + field : ''}, got ${info}`);
  if (code !== undefined) {
    assert.ok(res.body && typeof res.body === 'object' && res.body.error, `no error object: ${info}`);
    assert.equal(res.body.error.code, code, `error code: ${info}`);
    assert.equal(typeof res.body.error.message, 'string', `error message: ${info}`);
  }
  if (field !== undefined) {
    assert.equal(res.body.error.field, field, `error field: ${info}`);
  }
}

export function expectStatus(res, status, what = '') {
  assert.equal(res.status, status, `${what} ${res.method || ''} ${res.url || ''}: expected ${status}, got ${res.status} ${String(res.text).slice(0, 600)}`);
}

/**
 * Raw HTTP request through node:http (for oversized bodies, where the server
 * may answer before reading everything). Returns {status, body, text}.
 */
export function rawRequest(base, method, path, { headers = {}, body } = {}) {
  const u = new URL(base + path);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method, path: u.pathname + u.search, headers },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* keep text */
          }
          resolve({ status: res.statusCode, body: parsed, text, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    // The server may answer (413) and close before it has read the whole
    // body: a write error then is expected; wait a little for the response.
    req.on('error', (e) => setTimeout(() => reject(e), 1000));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/**
 * HTTP/1.1 request over a raw socket that reads while it writes, so that an
 * early answer (e.g. 413 before the whole body is sent) is seen even if the
 * server stops reading. body: Buffer or array of Buffers (sent in order,
 * chunked when opts.chunked). Resolves {status, body, text, writeError}.
 */
export function socketRequest(base, method, path, { headers = {}, body, chunked = false } = {}) {
  const u = new URL(base);
  const parts = body === undefined ? [] : Array.isArray(body) ? body : [body];
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(u.port), u.hostname);
    const chunks = [];
    let writeError = null;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      sock.destroy();
      const raw = Buffer.concat(chunks);
      const sep = raw.indexOf('\r\n\r\n');
      if (sep < 0) {
        reject(new Error(`no HTTP response received (write error: ${writeError ? writeError.code : 'none'}; got ${raw.length} bytes)`));
        return;
      }
      const head = raw.subarray(0, sep).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
      let rest = raw.subarray(sep + 4);
      if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
        const out = [];
        let i = 0;
        for (;;) {
          const nl = rest.indexOf('\r\n', i);
          if (nl < 0) break;
          const size = parseInt(rest.subarray(i, nl).toString(), 16);
          if (!size) break;
          out.push(rest.subarray(nl + 2, nl + 2 + size));
          i = nl + 2 + size + 2;
        }
        rest = Buffer.concat(out);
      }
      const text = rest.toString('utf8');
      let parsed = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* keep text */
      }
      resolve({ status, body: parsed, text, writeError, method, url: path });
    };
    const complete = () => {
      const raw = Buffer.concat(chunks);
      const sep = raw.indexOf('\r\n\r\n');
      if (sep < 0) return false;
      const head = raw.subarray(0, sep).toString('latin1');
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (m) return raw.length >= sep + 4 + Number(m[1]);
      return /\r\ntransfer-encoding:\s*chunked/i.test(head) && raw.subarray(sep).includes('\r\n0\r\n\r\n');
    };
    sock.on('data', (d) => {
      chunks.push(d);
      if (complete()) finish();
    });
    sock.on('end', finish);
    sock.on('close', finish);
    sock.on('error', (e) => {
      writeError = e;
      // Give buffered response bytes a moment to be read.
      setTimeout(finish, 200);
    });
    sock.setTimeout(20000, () => {
      writeError = writeError || new Error('timeout');
      finish();
    });
    sock.on('connect', async () => {
      const h = { host: `${u.hostname}:${u.port}`, connection: 'close', ...headers };
      if (chunked) h['transfer-encoding'] = 'chunked';
      else if (parts.length) h['content-length'] = String(parts.reduce((a, b) => a + b.length, 0));
      let head = `${method} ${path} HTTP/1.1\r\n`;
      for (const [k, v] of Object.entries(h)) head += `${k}: ${v}\r\n`;
      const write = (buf) =>
        new Promise((res) => {
          if (done || writeError || sock.destroyed) return res(false);
          if (sock.write(buf)) res(true);
          else sock.once('drain', () => res(true));
        });
      await write(Buffer.from(head + '\r\n', 'latin1'));
      // Like a client sending `Expect: 100-continue`, give the server a moment
      // to refuse from the headers alone: node drops a response that arrives
      // while it is still writing and the peer has closed (EPIPE).
      if (parts.reduce((a, b) => a + b.length, 0) > 65536) await new Promise((r) => setTimeout(r, 300));
      for (const p of parts) {
        // 64 KiB slices, so an early answer stops the sending.
        for (let i = 0; i < p.length; i += 65536) {
          const slice = p.subarray(i, i + 65536);
          const ok = await write(chunked ? Buffer.concat([Buffer.from(slice.length.toString(16) + '\r\n'), slice, Buffer.from('\r\n')]) : slice);
          if (!ok) return;
        }
      }
      if (chunked) await write(Buffer.from('0\r\n\r\n'));
    });
  });
}
