// Duplicates (重复件) end to end: the petition office registers a visit, starts
// a near-identical second one and sees the 疑似重复件 panel, registers it anyway,
// merges it into the first from its detail; the first lists it as a repeat and
// goes round the loop (township steps through the API); the 台账 download
// holds both numbers.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { apiClient, launchBrowser, missingPrerequisite, startServer, ui, adminClient, buildCounty, createUsers, label, reportFailure } from './helpers.mjs'

const missing = missingPrerequisite()

const PASSWORD = 'Xf-Funnel#2026'
const YEAR = new Date(Date.now() + 8 * 3600e3).getUTCFullYear() // Asia/Shanghai
const USERS = {
  office: { username: 'xf_zhao', display: '赵信访', role: 'petition_office' },
  townA: { username: 'wt_qian', display: '钱文亭', role: 'township_staff' },
}
const SUMMARY = '反映东关社区主任挪用征地补偿款'
const CONTENT = '东关社区主任王守田将去年发放的征地补偿款挪作他用，村民多次要求公开账目，至今没有答复，请求调查处理。'
// The same matter told again by another reporter, a few words changed.
const CONTENT2 = CONTENT.replace('至今没有答复', '至今一直没有答复')

let server
let browser
const org = {}

before(async () => {
  if (missing) return
  server = await startServer()
  browser = await launchBrowser()

  const admin = await adminClient(server)
  await buildCounty(admin, ['office', 'townA'], org)
  await createUsers(admin, USERS, { office: org.office, townA: org.townA }, PASSWORD)
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

test('a near-identical visit is flagged before registration, merged as a repeat, and both are in the exported ledger', { timeout: 240_000 }, async (t) => {
  // A missing browser, binary or build is a failure, never a skip.
  if (missing) throw new Error(`prerequisite missing: ${missing}`)
  const problems = []
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 }, acceptDownloads: true })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`)
  })
  const s = ui(page)

  /** Clicks a step button on the detail page, fills the dialog and waits for the new state. */
  async function act(action, { note, reason, pickHandler, pickMerge } = {}, nextState) {
    await s.tid(`pet-action-${action}`).click()
    const dialog = s.tid('pet-action-dialog').locator('visible=true')
    await dialog.waitFor()
    if (pickHandler) await s.pick('pet-action-handler', `pet-handler-${pickHandler}`)
    if (pickMerge) await s.pick('pet-action-merged-into', `pet-merge-${pickMerge}`)
    if (reason) await s.tid('pet-action-reason').fill(reason)
    if (note) await s.tid('pet-action-note').fill(note)
    await s.tid('pet-action-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    await s.tid('pet-state').filter({ hasText: label('petition_states', nextState) }).waitFor()
  }
  /** Fills the registration form for a visit (one visitor) about the same person. */
  async function fillVisit({ reporter, phone, content }) {
    await s.tid('pet-channel-visit').click()
    await s.tid('pet-reception-cadre').fill('赵接待')
    await s.tid('pet-reporter-name').fill(reporter)
    await s.tid('pet-reporter-phone').fill(phone)
    await s.tid('pet-summary').fill(SUMMARY)
    await s.tid('pet-content').fill(content)
    await s.pick('pet-category', 'pet-category-mass')
    await s.pick('pet-subcategory', 'pet-sub-land_requisition')
    await s.tid('pet-add-person').click()
    await s.tid('pet-person-0-name').fill('王守田')
    await s.tid('pet-person-0-unit').fill('东关社区居委会')
    await s.pick('pet-person-0-level', 'pet-level-village_cadre')
  }

  try {
    await page.goto(`${server.baseUrl}/login`)
    await s.tid('login-username').fill(USERS.office.username)
    await s.tid('login-password').fill(PASSWORD)
    await s.tid('login-submit').click()
    await page.waitForURL((u) => u.pathname === '/')
    await s.tid('home-welcome').waitFor()

    // ---- 1. The first visit: nothing like it yet -----------------------------
    await s.tid('menu-petitions').click()
    await page.waitForURL(/\/petitions$/)
    await s.tid('pet-add').click()
    await page.waitForURL(/\/petitions\/new$/)
    await fillVisit({ reporter: '张建国', phone: '13905371234', content: CONTENT })
    await s.tid('pet-dup-none').waitFor()
    await s.tid('pet-submit').click()
    await page.waitForURL(/\/petitions\/\d+$/)
    const first = { number: `成纪信〔${YEAR}〕0001号`, id: Number(page.url().match(/(\d+)$/)[1]), url: page.url() }
    await s.tid('pet-number').filter({ hasText: first.number }).waitFor()
    assert.equal(await s.tid('pet-warning-duplicate').count(), 0, 'no duplicate warning on the first')

    // ---- 2. The second: the panel names the first with a similarity ----------
    await page.goto(`${server.baseUrl}/petitions/new`)
    await s.tid('pet-dup-panel').waitFor()
    assert.equal(await s.tid('pet-dup-item').count(), 0, 'no candidate before anything is typed')
    await fillVisit({ reporter: '刘桂兰', phone: '13805376789', content: CONTENT2 })
    const candidate = page.locator(`[data-testid="pet-dup-item"][data-id="${first.id}"]`)
    await candidate.waitFor()
    assert.equal((await candidate.locator('[data-testid="pet-dup-number"]').innerText()).trim(), first.number)
    assert.equal(await candidate.locator('[data-testid="pet-dup-reason"]').getAttribute('data-code'), 'similar_content')
    const similarity = Number((await candidate.locator('[data-testid="pet-dup-similarity"]').innerText()).match(/(\d+)%/)[1])
    assert.ok(similarity >= 60 && similarity <= 100, `similarity shown as a percentage: ${similarity}`)
    // The link opens the first in a new tab, keeping the form.
    assert.equal(await candidate.locator('[data-testid="pet-dup-number"]').getAttribute('target'), '_blank')
    assert.equal(await candidate.locator('[data-testid="pet-dup-number"]').getAttribute('href'), `/petitions/${first.id}`)

    // Registered anyway: the detail warns and lists the first as a duplicate.
    await s.tid('pet-submit').click()
    await page.waitForURL((u) => /\/petitions\/\d+$/.test(u.pathname) && u.href !== first.url)
    const second = { number: `成纪信〔${YEAR}〕0002号`, id: Number(page.url().match(/(\d+)$/)[1]) }
    await s.tid('pet-number').filter({ hasText: second.number }).waitFor()
    await s.tid('pet-warning-duplicate').waitFor()
    await s.tid('pet-related-group-similar').locator(`[data-testid="pet-related-${first.id}"]`).waitFor()
    assert.match(await s.tid('pet-related-group-similar').innerText(), /相似度 \d+%/)

    // ---- 3. Merge the second into the first from the action dialog -----------
    // The duplicate is offered with its similarity.
    await s.tid('pet-action-merge').click()
    await s.tid('pet-action-dialog').locator('visible=true').waitFor()
    await s.tid('pet-action-merged-into').click()
    const offer = page.locator(`.el-select-dropdown [data-testid="pet-merge-${first.id}"]`).locator('visible=true')
    assert.match(await offer.innerText(), new RegExp(`${first.number}.*相似度 \\d+%`))
    await s.tid('pet-action-cancel').click()
    await s.tid('pet-action-dialog').locator('visible=true').waitFor({ state: 'hidden' })
    await act('merge', { pickMerge: first.id, reason: '同一事项重复反映，并入首件办理' }, 'merged')
    await s.tid('pet-merged-into').filter({ hasText: first.number }).click()
    await page.waitForURL(new RegExp(`/petitions/${first.id}$`))
    await s.tid('pet-number').filter({ hasText: first.number }).waitFor()
    const repeats = s.tid('pet-related-group-merged')
    await repeats.locator(`[data-testid="pet-related-${second.id}"]`).filter({ hasText: second.number }).waitFor()

    // ---- 3b. A township typing the same matter is told it exists elsewhere --
    // Only the unit, the day and the similarity: never the number or the text.
    const townContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
    townContext.setDefaultTimeout(15_000)
    const townPage = await townContext.newPage()
    townPage.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    const ts = ui(townPage)
    await townPage.goto(`${server.baseUrl}/login`)
    await ts.tid('login-username').fill(USERS.townA.username)
    await ts.tid('login-password').fill(PASSWORD)
    await ts.tid('login-submit').click()
    await townPage.waitForURL((u) => u.pathname === '/')
    await townPage.goto(`${server.baseUrl}/petitions/new`)
    await ts.tid('pet-summary').fill(SUMMARY)
    await ts.tid('pet-content').fill(CONTENT2)
    const elsewhere = ts.tid('pet-dup-elsewhere-item').first()
    await elsewhere.waitFor()
    assert.match(await elsewhere.innerText(), /^本县其他单位有相似件：信访室 \d{4}-\d{2}-\d{2} 相似度 (0\.\d\d|1\.00)，可请县纪委监委信访室合并$/)
    const panel = await ts.tid('pet-dup-panel').innerText()
    assert.ok(!panel.includes(first.number) && !panel.includes('王守田'), `nothing of the record itself: ${panel}`)
    assert.equal(await ts.tid('pet-dup-item').count(), 0, 'not in the township\'s own candidates')
    await townContext.close()

    // ---- 4. Round the loop: accept and assign here, the township through the API
    await act('accept', {}, 'accepted')
    await act('assign', { pickHandler: org.townA.id }, 'assigned')
    const town = apiClient(server.baseUrl)
    await town.login(USERS.townA.username, PASSWORD)
    await town.post(`/petitions/${first.id}/actions`, { action: 'acknowledge' })
    await town.post(`/petitions/${first.id}/actions`, { action: 'conclude', note: '经核实，补偿款已足额发放并张榜公示' })
    await page.reload()
    await s.tid('pet-state').filter({ hasText: label('petition_states', 'concluded') }).waitFor()
    await act('give_feedback', { note: '已告知两位举报人办理结果' }, 'feedback_given')

    // ---- 5. The 台账 download holds both numbers ------------------------------
    await s.tid('menu-petitions').click()
    await page.waitForURL(/\/petitions$/)
    await s.tid('pet-row-number').filter({ hasText: second.number }).waitFor()
    assert.equal(await s.tid('pet-export').getAttribute('href'), '/api/v1/ledgers/petitions.xlsx')
    const [download] = await Promise.all([page.waitForEvent('download'), s.tid('pet-export').click()])
    // The browser takes the UTF-8 name of Content-Disposition (organisation and day).
    assert.match(download.suggestedFilename(), /^成武县纪委监委信访举报台账.*\.xlsx$/)
    const file = join(tmpdir(), `funnel-e2e-ledger-${Date.now()}.xlsx`)
    await download.saveAs(file)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    const cells = []
    wb.worksheets[0].eachRow((row) => cells.push(row.values.slice(1).map((v) => (v == null ? '' : String(v)))))
    assert.match(cells[0][0], /信访举报台账/, 'titled')
    const numbers = cells.slice(2).map((r) => r[1])
    assert.deepEqual(numbers.sort(), [first.number, second.number].sort(), 'both petitions in the ledger')

    // The filters on screen go into the link: a search narrows the export too.
    await s.tid('pet-q').fill('0002')
    await s.tid('pet-search').click()
    await page.locator('[data-testid="pet-table"] .el-table__row').filter({ hasText: first.number }).waitFor({ state: 'detached' })
    assert.equal(await s.tid('pet-export').getAttribute('href'), '/api/v1/ledgers/petitions.xlsx?q=0002')

    assert.deepEqual(problems, [], 'no page errors or CSP violations')
  } catch (err) {
    await reportFailure(t, server, [page], 'duplicates')
    throw err
  } finally {
    await context.close().catch(() => {})
  }
})
