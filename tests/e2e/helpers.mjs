// Helpers for the browser tests: start the real server on a free port with a
// fresh data directory, launch Debian's chromium through playwright-core.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import assert from 'node:assert/strict'

const here = dirname(fileURLToPath(import.meta.url))
export const repoRoot = resolve(here, '..', '..')
export const funnelBin = process.env.FUNNEL_BIN ? resolve(process.env.FUNNEL_BIN) : join(repoRoot, 'build', 'funnel')
export const webRoot = process.env.FUNNEL_WEB_ROOT ? resolve(process.env.FUNNEL_WEB_ROOT) : join(repoRoot, 'web', 'dist')
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const ADMIN_INITIAL_PASSWORD = 'Init-Pass-2026'

/** Why the e2e tests cannot run here, or null. */
export function missingPrerequisite() {
  if (!existsSync(funnelBin)) return `server binary not found: ${funnelBin} (build it first)`
  if (!existsSync(join(webRoot, 'index.html'))) return `web UI not built: ${webRoot}/index.html (cd web && npm ci && npm run build)`
  if (!existsSync(chromiumPath)) return `chromium not found: ${chromiumPath} (apt-get install -y chromium)`
  return null
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => res(port))
    })
  })
}

function run(cmd, args, env, logStream) {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    p.stdout.pipe(logStream, { end: false })
    p.stderr.pipe(logStream, { end: false })
    p.on('error', rej)
    p.on('exit', (code, sig) => (code === 0 ? res() : rej(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? sig}`))))
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * Creates a temp data dir, runs `funnel init`, starts `funnel serve` on a
 * free port and waits for GET /api/v1/ping. Returns { baseUrl, stop, logPath, dataDir }.
 */
export async function startServer({ extraServeArgs = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'funnel-e2e-'))
  const logPath = join(dataDir, 'server.log')
  const log = createWriteStream(logPath)
  await run(funnelBin, ['init', '--data-dir', dataDir], { FUNNEL_ADMIN_PASSWORD: ADMIN_INITIAL_PASSWORD }, log)

  const port = await freePort()
  let portalPort = await freePort()
  while (portalPort === port) portalPort = await freePort() // the same number may come back
  const baseUrl = `http://127.0.0.1:${port}`
  const portalUrl = `http://127.0.0.1:${portalPort}`
  const serveArgs = ['serve', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, '--web-root', webRoot]
  serveArgs.push('--portal-listen', `127.0.0.1:${portalPort}`, ...extraServeArgs)
  const proc = spawn(funnelBin, serveArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  proc.stdout.pipe(log, { end: false })
  proc.stderr.pipe(log, { end: false })
  let exited = null
  proc.on('exit', (code, sig) => {
    exited = code ?? sig
  })

  const deadline = Date.now() + 30_000
  for (;;) {
    if (exited !== null) throw new Error(`funnel serve exited early (${exited}); see ${logPath}`)
    try {
      const r = await fetch(`${baseUrl}/api/v1/ping`)
      if (r.status === 200) break
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGTERM')
      throw new Error(`server did not answer /api/v1/ping within 30 s; see ${logPath}`)
    }
    await sleep(100)
  }

  async function stop({ keep = false } = {}) {
    if (exited === null) {
      const done = new Promise((r) => proc.once('exit', r))
      proc.kill('SIGTERM')
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
      await done
      clearTimeout(timer)
    }
    log.end()
    if (!keep) rmSync(dataDir, { recursive: true, force: true })
  }

  return { baseUrl, portalUrl, stop, logPath, dataDir, process: proc }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** Page helpers for Element Plus widgets. */
export function ui(page) {
  const tid = (id) => page.locator(`[data-testid="${id}"]`)
  return {
    tid,
    /** Opens an el-select by its data-testid and picks the option with the given option data-testid. */
    async pick(selectId, optionId) {
      await tid(selectId).click()
      const opt = page.locator(`.el-select-dropdown [data-testid="${optionId}"]`).locator('visible=true')
      await opt.click()
      await opt.waitFor({ state: 'hidden' }).catch(() => {})
    },
    /** Opens an el-tree-select and picks the tree node labelled text. */
    async pickTreeNode(selectId, text) {
      // el-tree-select passes data-testid both to the select and to its popper tree.
      await page.locator(`.el-select[data-testid="${selectId}"]`).click()
      const node = page
        .locator(`.el-tree[data-testid="${selectId}"] .el-tree-node__content`)
        .filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) })
        .locator('visible=true')
        .first()
      await node.click()
    },
    /** Clicks a node of the organisation tree by its exact name. */
    orgNode(name) {
      return page.locator('[data-testid="org-tree"] [data-testid="org-node-name"]').filter({ hasText: new RegExp(`^${name}$`) })
    },
    async expectToast(kind = 'success') {
      await page.locator(`.el-message--${kind}`).last().waitFor({ state: 'visible' })
    },
  }
}

/** Types a day into an el-date-picker (the wrapper carries the testid) of a session `s` (ui()). */
export async function fillDay(s, testid, day) {
  const input = s.tid(testid).locator('input').first()
  await input.click()
  await input.fill(day)
  await input.press('Enter')
  assert.equal(await input.inputValue(), day)
}

/**
 * A small JSON client for setting up data through the API (cookie and CSRF
 * token of one session). request() resolves to { status, body }.
 */
export function apiClient(baseUrl) {
  let cookie = ''
  let csrf = null
  async function request(method, path, body) {
    const headers = { accept: 'application/json' }
    if (cookie) headers.cookie = cookie
    if (method !== 'GET') {
      headers['content-type'] = 'application/json'
      if (csrf) headers['x-csrf-token'] = csrf
    }
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    })
    for (const sc of res.headers.getSetCookie()) {
      const pair = sc.split(';')[0]
      if (pair.startsWith('funnel_session=')) cookie = pair
    }
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
  async function expect(method, path, body, status = method === 'POST' ? [200, 201] : [200]) {
    const r = await request(method, path, body)
    if (!status.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }
  return {
    baseUrl,
    request,
    get: (path) => expect('GET', path),
    post: (path, body) => expect('POST', path, body),
    put: (path, body) => expect('PUT', path, body, [200]),
    /** Logs in; with newPassword also changes the (initial) password. */
    async login(username, password, newPassword) {
      const r = await expect('POST', '/auth/login', { username, password }, [200])
      csrf = r.csrf_token
      if (newPassword) {
        await expect('POST', '/auth/password', { old_password: password, new_password: newPassword }, [200, 204])
        const me = await expect('GET', '/auth/me')
        csrf = me.csrf_token
      }
      return r
    },
  }
}

// 三员 (SY-15): an account proposed by the system administrator works once
// the security administrator approves it; the initial password is the
// proposer's half followed by the approver's.
const SECADMIN_PASSWORD = 'Sec-Funnel#2026'
const secadmins = new Map()
export async function createApprovedUser(admin, body) {
  const r = await admin.post('/users', body)
  let sec = secadmins.get(admin.baseUrl)
  if (!sec) {
    sec = apiClient(admin.baseUrl)
    await sec.login('secadmin', ADMIN_INITIAL_PASSWORD, SECADMIN_PASSWORD)
    secadmins.set(admin.baseUrl, sec)
  }
  const ok = await sec.post(`/account-requests/${r.request_id}/approve`, {})
  return { user: r.user, initial_password: r.secret_part + ok.secret_part }
}

// ---- shared setup of the flows ----------------------------------------------

/** Labels come from the same dictionary the server serves, never from the test. */
export const dict = JSON.parse(readFileSync(join(repoRoot, 'data', 'dictionaries.json'), 'utf8'))
export const label = (name, code) => dict[name].find((x) => x.code === code).label_zh

/** The administrator's password after the initial change (adminClient). */
export const ADMIN_PASSWORD = 'Adm1n-Funnel#26'

/** An API client of the administrator, the initial password changed. */
export async function adminClient(server) {
  const admin = apiClient(server.baseUrl)
  await admin.login('admin', ADMIN_INITIAL_PASSWORD, ADMIN_PASSWORD)
  return admin
}

// The county every flow works in; each unit under its parent, in this order.
const COUNTY_UNITS = {
  county: [null, { kind: 'county', category: 'county', name: '成武县纪委监委', short_name: '成纪', division_code: '371723' }],
  office: ['county', { kind: 'department', category: 'petition_office', name: '信访室', short_name: '信访' }],
  sup: ['county', { kind: 'department', category: 'case_supervision', name: '案件监督管理室', short_name: '案管' }],
  room: ['county', { kind: 'department', category: 'discipline_room', name: '第一纪检监察室', short_name: '一室' }],
  trial: ['county', { kind: 'department', category: 'trial_office', name: '案件审理室', short_name: '审理' }],
  townA: ['county', { kind: 'township', category: 'subdistrict', name: '文亭街道', short_name: '文亭', division_code: '371723001' }],
  townB: ['county', { kind: 'township', category: 'town', name: '汶上镇', short_name: '汶上', division_code: '371723101' }],
  village: ['townA', { kind: 'village', category: 'community', name: '东关社区', short_name: '东关', division_code: '371723001001' }],
}

/**
 * Creates the named units of the county (county first, then each in the
 * order given; a village after its township) into `org` and returns it.
 * `beforeEach(key, org)` runs before a unit is created (e.g. to age the one
 * before it).
 */
export async function buildCounty(admin, keys, org = {}, { before: beforeEach } = {}) {
  for (const key of ['county', ...keys.filter((k) => k !== 'county')]) {
    const [parent, body] = COUNTY_UNITS[key]
    if (beforeEach) await beforeEach(key, org)
    org[key] = await admin.post('/org-units', { parent_id: parent ? org[parent].id : null, division_code: null, ...body })
  }
  return org
}

/**
 * Accounts approved by the security administrator and logged in once with
 * the initial password changed to `password`. users: key → {username,
 * display, role}; home: key → unit. Returns key → API client.
 */
export async function createUsers(admin, users, home, password) {
  const api = {}
  for (const [key, u] of Object.entries(users)) {
    const r = await createApprovedUser(admin, { username: u.username, display_name: u.display, org_unit_id: home[key].id, role: u.role })
    api[key] = apiClient(admin.baseUrl)
    await api[key].login(u.username, r.initial_password, password)
  }
  return api
}

/**
 * A browser session of one user, logged in through the login page, with
 * page errors and CSP refusals collected into `problems` (each prefixed with
 * `key`) and the page added to `pages` for screenshots.
 */
export async function loginSession(browser, server, { key, username, password, problems, pages = [] }) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  pages.push(page)
  const tag = key ? `${key} ` : ''
  page.on('pageerror', (e) => problems.push(`${tag}pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`${tag}csp: ${m.text()}`)
  })
  const h = ui(page)
  await page.goto(`${server.baseUrl}/login`)
  await h.tid('login-username').fill(username)
  await h.tid('login-password').fill(password)
  await h.tid('login-submit').click()
  await page.waitForURL((u) => u.pathname === '/')
  await h.tid('home-welcome').waitFor()
  return { context, page, ...h }
}

/**
 * On a failed flow: a full-page screenshot of each page (its path printed and
 * in the test's diagnostics) and the tail of the server log.
 */
export async function reportFailure(t, server, pages, name) {
  for (const [i, page] of pages.entries()) {
    const shot = join(tmpdir(), `funnel-e2e-${name}-${Date.now()}${pages.length > 1 ? `-${i}` : ''}.png`)
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {})
    t.diagnostic(`screenshot: ${shot} (${page.url()})`)
    console.error(`e2e failure screenshot: ${shot}`)
  }
  try {
    t.diagnostic(`server log (tail):\n${readFileSync(server.logPath, 'utf8').split('\n').slice(-30).join('\n')}`)
  } catch {
    /* no log */
  }
}
