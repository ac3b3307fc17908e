// Conflict of interest (issue 27 item 2, domain.md §1) in the browser: a
// report about the township's own discipline secretary, registered at that
// township, never shows in the secretary's petition list or detail; the
// county petition office sees it. Data through the API, checks in Chromium.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchBrowser, missingPrerequisite, startServer, ui, adminClient, buildCounty, createUsers } from './helpers.mjs'

const missing = missingPrerequisite()
const PASSWORD = 'Hb-Funnel#2026'
const TODAY = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)

let server
let browser
let accused
let ordinary

before(async () => {
  if (missing) return
  server = await startServer()
  browser = await launchBrowser()
  const admin = await adminClient(server)
  const { office, townA: town } = await buildCounty(admin, ['office', 'townA'])
  const api = await createUsers(
    admin,
    {
      wt_zhao: { username: 'wt_zhao', display: '赵纪明', role: 'township_secretary' },
      wt_clerk: { username: 'wt_clerk', display: '钱文书', role: 'township_staff' },
      xf_sun: { username: 'xf_sun', display: '孙信访', role: 'petition_office' },
    },
    { wt_zhao: town, wt_clerk: town, xf_sun: office },
    PASSWORD,
  )
  // The clerk registers a letter about the township's discipline secretary, by name only.
  const base = { channel: 'letter', type: 'accusation', content: '具体问题：压案不查，收受礼金。', category: 'mass', received_day: TODAY }
  accused = await api.wt_clerk.post('/petitions', {
    ...base, summary: '反映街道纪工委书记赵纪明压案不查',
    persons: [{ name: '赵纪明', unit_name: '文亭街道', cadre_level: 'general_cadre', party_member: true, unit_org_id: town.id }],
  })
  ordinary = await api.wt_clerk.post('/petitions', {
    ...base, summary: '反映东关社区主任截留低保金',
    persons: [{ name: '王守田', unit_name: '东关社区居委会', cadre_level: 'village_cadre', party_member: true }],
  })
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

async function asUser(t, username, body) {
  if (missing) throw new Error(`prerequisite missing: ${missing}`)
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const s = { page, ...ui(page) }
  try {
    await page.goto(`${server.baseUrl}/login`)
    await s.tid('login-username').fill(username)
    await s.tid('login-password').fill(PASSWORD)
    await s.tid('login-submit').click()
    await page.waitForURL((u) => u.pathname === '/')
    await body(s)
  } catch (err) {
    const shot = join(tmpdir(), `funnel-e2e-conflict-${username}-${Date.now()}.png`)
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {})
    t.diagnostic(`screenshot: ${shot} (${page.url()})`)
    throw err
  } finally {
    await context.close().catch(() => {})
  }
}

const rowsOf = (s) => s.page.locator('[data-testid="pet-table"] .el-table__row')

test('the accused township secretary does not see the report about them; the county does', { timeout: 120_000 }, async (t) => {
  assert.match(accused.number, /^成纪信/, 'numbered by the county')
  await asUser(t, 'wt_zhao', async (s) => {
    await s.page.goto(`${server.baseUrl}/petitions`)
    await rowsOf(s).filter({ hasText: ordinary.number }).waitFor()
    assert.equal(await rowsOf(s).filter({ hasText: accused.number }).count(), 0, 'the accused sees the report')
    assert.equal(await rowsOf(s).filter({ hasText: '赵纪明' }).count(), 0)
    await s.tid('pet-q').fill('赵纪明')
    await s.tid('pet-search').click()
    await s.page.locator('[data-testid="pet-table"] .el-table__empty-text').waitFor()
    const detail = s.page.waitForResponse((r) => r.url().endsWith(`/api/v1/petitions/${accused.id}`))
    await s.page.goto(`${server.baseUrl}/petitions/${accused.id}`)
    assert.equal((await detail).status(), 404)
  })
  await asUser(t, 'xf_sun', async (s) => {
    await s.page.goto(`${server.baseUrl}/petitions`)
    await rowsOf(s).filter({ hasText: accused.number }).waitFor()
  })
})
