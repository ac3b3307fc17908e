// The petition office's daily work around the petitions: the 预警 page
// (acknowledge a collective-visit warning, see it on the detail), 值班与接访
// (a roster entry, a visit linked to a petition picked by number), 排查化解
// (a matter and its outcome) and 分析研判 (monthly counts). Data through the
// API, every checked step in Chromium.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, missingPrerequisite, startServer, ui, adminClient, buildCounty, createUsers, label, reportFailure } from './helpers.mjs'

const missing = missingPrerequisite()

const PASSWORD = 'Xf-Funnel#2026'
const YEAR = new Date(Date.now() + 8 * 3600e3).getUTCFullYear() // Asia/Shanghai
const TODAY = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
const OFFICE = { username: 'xf_zhao', display: '赵信访', role: 'petition_office' }

let server
let browser
let petition

before(async () => {
  if (missing) return
  server = await startServer()
  browser = await launchBrowser()

  const admin = await adminClient(server)
  const { office } = await buildCounty(admin, ['office'])
  const { office: api } = await createUsers(admin, { office: OFFICE }, { office }, PASSWORD)
  // A collective visit with a risk word: two warnings while it is open.
  petition = await api.post('/petitions', {
    channel: 'visit', type: 'accusation', summary: '八名村民集体反映低保评定不公', content: '村民反映低保评定优亲厚友，称不解决就进京。',
    category: 'mass', received_day: TODAY, visitors: 8, identity_checked: true, reception_cadre: '赵接待',
  })
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

/** Runs body in a fresh logged-in page of the office user; screenshot and server log on failure. */
async function withOffice(t, name, body) {
  // A missing browser, binary or build is a failure, never a skip.
  if (missing) throw new Error(`prerequisite missing: ${missing}`)
  const problems = []
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`)
  })
  const s = { page, ...ui(page) }
  try {
    await page.goto(`${server.baseUrl}/login`)
    await s.tid('login-username').fill(OFFICE.username)
    await s.tid('login-password').fill(PASSWORD)
    await s.tid('login-submit').click()
    await page.waitForURL((u) => u.pathname === '/')
    await s.tid('home-welcome').waitFor()
    await body(s)
    assert.deepEqual(problems, [], 'no page errors or CSP violations')
  } catch (err) {
    await reportFailure(t, server, [page], name)
    throw err
  } finally {
    await context.close().catch(() => {})
  }
}

/** Picks a petition in a PetitionPicker by typing its number. */
async function pickPetition(s, testid, number, id) {
  await s.tid(testid).click()
  await s.tid(testid).locator('input').fill(number)
  const opt = s.page.locator(`.el-select-dropdown [data-testid="petition-option-${id}"]`).locator('visible=true')
  await opt.click()
  await opt.waitFor({ state: 'hidden' }).catch(() => {})
}

test('warnings page: a collective visit acknowledged with a note, shown as acknowledged here and on the detail', { timeout: 120_000 }, async (t) => {
  await withOffice(t, 'warnings', async (s) => {
    await s.tid('menu-warnings').click()
    await s.page.waitForURL(/\/warnings$/)
    const rows = s.page.locator('[data-testid="warning-table"] .el-table__body .el-table__row')
    await rows.filter({ hasText: petition.number }).first().waitFor()
    const codes = await s.tid('warning-row-code').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))
    assert.deepEqual(codes.sort(), ['collective_visit', 'risk_terms'])

    // Only collective visits, then 确认 with a note.
    await s.pick('warning-filter-code', 'warning-code-collective_visit')
    await s.page.waitForFunction(() => document.querySelectorAll('[data-testid="warning-row-code"]').length === 1)
    await s.tid(`warning-ack-${petition.id}-collective_visit`).click()
    const dialog = s.tid('warning-ack-dialog').locator('visible=true')
    await dialog.waitFor()
    await s.tid('warning-ack-note').fill('已按集体访程序安排接待')
    await s.tid('warning-ack-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    await s.expectToast()
    // Gone from the default list, kept when acknowledged ones are asked for.
    await s.page.locator('[data-testid="warning-table"] .el-table__empty-text').waitFor()
    await s.tid('warning-include-acked').click()
    const acked = s.tid('warning-row-acked')
    await acked.waitFor()
    assert.match(await acked.innerText(), new RegExp(`已确认（${OFFICE.display}，\\d{4}-\\d{2}-\\d{2} [\\d:]+）`))
    assert.match(await acked.innerText(), /已按集体访程序安排接待/)

    // The detail shows it acknowledged; the risk-word warning still has its button.
    await s.tid('warning-row-number').click()
    await s.page.waitForURL(new RegExp(`/petitions/${petition.id}$`))
    await s.tid('pet-warning-acked-collective_visit').filter({ hasText: OFFICE.display }).waitFor()
    assert.equal(await s.tid('pet-warning-ack-collective_visit').count(), 0)
    await s.tid('pet-warning-ack-risk_terms').waitFor()
  })
})

test('duty and visits: put oneself on duty and take it back; record an outreach visit linked to a petition', { timeout: 120_000 }, async (t) => {
  await withOffice(t, 'visits', async (s) => {
    await s.tid('menu-visits').click()
    await s.page.waitForURL(/\/visits/)

    // ---- roster: today's row, the user by default --------------------------------
    await s.tid(`roster-add-${TODAY}`).click()
    const rd = s.tid('roster-dialog').locator('visible=true')
    await rd.waitFor()
    await s.tid('roster-form-note').fill('上午')
    await s.tid('roster-submit').click()
    await rd.waitFor({ state: 'hidden' })
    const entry = s.tid(`roster-entries-${TODAY}`).locator('.el-tag')
    await entry.filter({ hasText: OFFICE.display }).waitFor()
    assert.match(await entry.innerText(), /上午/)
    await entry.locator('.el-tag__close').click()
    await s.page.locator('.el-message-box').locator('visible=true').getByRole('button', { name: '确定' }).click()
    await entry.waitFor({ state: 'detached' })

    // ---- a visit linked to the petition picked by its number ----------------------
    await s.tid('tab-visits').click()
    await s.page.waitForURL(/tab=visits/)
    await s.tid('visit-add').click()
    const vd = s.tid('visit-dialog').locator('visible=true')
    await vd.waitFor()
    await s.tid('visit-kind-outreach').click()
    await s.tid('visit-form-cadres').fill('信访室主任、干事')
    await s.tid('visit-form-place').fill('东关社区')
    await pickPetition(s, 'visit-form-petition', petition.number.match(/(\d{4})号$/)[1], petition.id)
    await s.tid('visit-form-summary').fill('到社区核实低保评定情况，召开群众座谈会')
    await s.tid('visit-form-outcome').fill('已责成社区重新公示评定结果')
    await s.tid('visit-submit').click()
    await vd.waitFor({ state: 'hidden' })
    const row = s.page.locator('[data-testid="visit-table"] .el-table__row').filter({ hasText: '召开群众座谈会' })
    await row.waitFor()
    assert.equal((await row.locator('[data-testid="visit-row-petition"]').innerText()).trim(), petition.number)
    assert.equal(await row.locator('[data-testid="visit-row-kind"]').getAttribute('data-code'), 'outreach')
    assert.equal((await row.locator('[data-testid="visit-row-kind"]').innerText()).trim(), label('visit_kinds', 'outreach'))

    // The kind filter: no reception recorded.
    await s.pick('visit-filter-kind', 'visit-filter-kind-reception')
    await s.tid('visit-search').click()
    await row.waitFor({ state: 'detached' })
  })
})

test('screening and analysis: a matter recorded and resolved; the month counts the petition', { timeout: 120_000 }, async (t) => {
  await withOffice(t, 'screenings', async (s) => {
    await s.tid('menu-screenings').click()
    await s.page.waitForURL(/\/screenings$/)
    await s.tid('screening-add').click()
    const dialog = s.tid('screening-dialog').locator('visible=true')
    await dialog.waitFor()
    await s.tid('screening-form-matter').fill('低保评定引发群众不满')
    await pickPetition(s, 'screening-form-petition', String(petition.id), petition.id)
    await s.tid('screening-risk-high').click()
    await s.tid('screening-form-measures').fill('入户走访，重新评议并公示')
    await s.tid('screening-form-responsible').fill('信访室主任')
    await s.tid('screening-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    const row = s.page.locator('[data-testid="screening-table"] .el-table__row').filter({ hasText: '低保评定引发群众不满' })
    await row.waitFor()
    assert.ok((await row.innerText()).includes(petition.number), 'linked petition shown')
    assert.equal(await row.locator('[data-testid="screening-row-outcome"]').getAttribute('data-code'), 'in_progress')

    await row.getByRole('button', { name: '更新结果' }).click()
    const od = s.tid('screening-outcome-dialog').locator('visible=true')
    await od.waitFor()
    await s.tid('screening-set-outcome-resolved').click()
    await s.tid('screening-set-outcome-note').fill('群众表示满意')
    await s.tid('screening-outcome-submit').click()
    await od.waitFor({ state: 'hidden' })
    await row.locator('[data-testid="screening-row-outcome"][data-code="resolved"]').waitFor()
    assert.match(await row.innerText(), new RegExp(label('screening_outcomes', 'resolved')))
    assert.match(await row.innerText(), /群众表示满意/)

    // 分析研判: this year, by channel — one visit in this month.
    await s.tid('menu-petition-stats').click()
    await s.page.waitForURL(/\/petition-stats$/)
    const visitRow = s.page.locator('[data-testid="stats-table"] .el-table__body .el-table__row').filter({ hasText: label('channels', 'visit') })
    await visitRow.waitFor()
    assert.equal((await visitRow.locator('[data-testid="stats-row-total"]').innerText()).trim(), '1')
    const month = Number(TODAY.slice(5, 7))
    const cells = await visitRow.locator('td').allInnerTexts()
    assert.equal(cells[month].trim(), '1', `counted in month ${month}`)
    assert.match(await s.tid('stats-total').innerText(), new RegExp(`${YEAR}.*1`))
    await s.tid('stats-dimension-category').click()
    await s.page.locator('[data-testid="stats-row-label"][data-key="mass"]').filter({ hasText: '违反群众纪律' }).waitFor()
  })
})
