// Petitions (信访举报) end to end: the petition office registers a collective
// visit (server field error first), accepts and assigns it to a township; the
// township acknowledges and concludes it; the office gives feedback, reads
// the timeline and reveals the reporter with a reason; another township sees nothing.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { apiClient, launchBrowser, missingPrerequisite, startServer, adminClient, buildCounty, createUsers, loginSession, label, reportFailure } from './helpers.mjs'

const missing = missingPrerequisite()

const PASSWORD = 'Xf-Funnel#2026'
const YEAR = new Date(Date.now() + 8 * 3600e3).getUTCFullYear() // Asia/Shanghai
const USERS = {
  office: { username: 'xf_zhao', display: '赵信访', role: 'petition_office' },
  townA: { username: 'wt_qian', display: '钱文亭', role: 'township_staff' },
  townB: { username: 'ws_sun', display: '孙汶上', role: 'township_staff' },
}
const REPORTER = '李秀英'
const BAD_ID = '371723198001010021' // wrong check digit

/** GB 11643 number from 17 digits: appends the ISO 7064 MOD 11-2 check character. */
function residentId(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0)
  return first17 + '10X98765432'[sum % 11]
}

let server
let browser
const org = {}

before(async () => {
  if (missing) return
  server = await startServer()
  browser = await launchBrowser()

  // Organisation and accounts through the API; the UI for them has its own test.
  const admin = await adminClient(server)
  await buildCounty(admin, ['office', 'room', 'townA', 'townB', 'village'], org)
  await createUsers(admin, USERS, { office: org.office, townA: org.townA, townB: org.townB }, PASSWORD)
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

test('petition office registers a visit, a township handles it, the office closes the loop', { timeout: 240_000 }, async (t) => {
  // A missing browser, binary or build is a failure, never a skip.
  if (missing) throw new Error(`prerequisite missing: ${missing}`)
  const problems = []
  const pages = []

  const session = (key) => loginSession(browser, server, { key, username: USERS[key].username, password: PASSWORD, problems, pages })
  /** Clicks a step button on the detail page, fills the dialog and waits for the new state. */
  async function act(s, action, { note, reason, pickHandler } = {}, nextState) {
    await s.tid(`pet-action-${action}`).click()
    const dialog = s.tid('pet-action-dialog').locator('visible=true')
    await dialog.waitFor()
    if (pickHandler) await s.pick('pet-action-handler', `pet-handler-${pickHandler}`)
    if (reason) await s.tid('pet-action-reason').fill(reason)
    if (note) await s.tid('pet-action-note').fill(note)
    await s.tid('pet-action-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    await s.tid('pet-state').filter({ hasText: label('petition_states', nextState) }).waitFor()
  }
  const formItem = (s, testid) => s.page.locator('.el-form-item').filter({ has: s.tid(testid) })

  try {
    // ---- 1. The petition office registers a collective visit ----------------
    const office = await session('office')
    await office.tid('menu-petitions').click()
    await office.page.waitForURL(/\/petitions$/)
    await office.tid('pet-add').click()
    await office.page.waitForURL(/\/petitions\/new$/)

    await office.tid('pet-channel-visit').click()
    // Only the visit's own particulars are on the form.
    await office.tid('pet-reception-cadre').waitFor()
    assert.equal(await office.tid('pet-postmark-day').count(), 0, 'no postmark on a visit')
    const visitors = office.tid('pet-visitors').locator('xpath=descendant-or-self::input').first()
    await visitors.fill('6')
    await visitors.press('Tab')
    await office.tid('pet-collective-hint').waitFor()
    await office.tid('pet-identity-checked').click()
    await office.tid('pet-reception-cadre').fill('赵接待')

    await office.tid('pet-reporter-name').fill(REPORTER)
    await office.tid('pet-reporter-id').fill(BAD_ID)
    await office.tid('pet-reporter-phone').fill('13905371234')
    await office.tid('pet-reporter-address').fill('成武县文亭街道东关社区')
    await office.tid('pet-summary').fill('六名村民集体来访反映征地补偿款被挪用')
    await office.tid('pet-content').fill('村民反映东关社区征地补偿款被挪用，称如不解决将进京上访。')
    await office.pick('pet-category', 'pet-category-mass')
    await office.pick('pet-subcategory', 'pet-sub-land_requisition')
    await office.pickTreeNode('pet-place', org.townA.name)

    await office.tid('pet-add-person').click()
    await office.tid('pet-person-0-name').fill('王守田')
    await office.tid('pet-person-0-unit').fill('东关社区居委会')
    await office.tid('pet-person-0-post').fill('社区主任')
    await office.pick('pet-person-0-level', 'pet-level-village_cadre')
    await office.tid('pet-person-0-party_member').click()

    // The jurisdiction proposal follows the type and the persons.
    await office.tid('pet-proposal-jurisdiction').filter({ hasText: label('jurisdictions', 'township') }).waitFor()
    assert.match(await office.tid('pet-proposal-basis').innerText(), /第十一条/)

    // The server rejects the ID number: the message sits on that field, nothing is written.
    await office.tid('pet-submit').click()
    const idError = formItem(office, 'pet-reporter-id').locator('.el-form-item__error')
    await idError.waitFor()
    assert.match(await idError.innerText(), /身份证/)
    assert.match(office.page.url(), /\/petitions\/new$/)
    const officeApi = apiClient(server.baseUrl)
    await officeApi.login(USERS.office.username, PASSWORD)
    assert.equal((await officeApi.get('/petitions')).total, 0, 'nothing registered after the 422')

    await office.tid('pet-reporter-id').fill(residentId('37172319800101002'))
    await office.tid('pet-submit').click()
    await office.page.waitForURL(/\/petitions\/\d+$/)
    const number = `成纪信〔${YEAR}〕0001号`
    await office.tid('pet-number').filter({ hasText: number }).waitFor()
    const detailUrl = office.page.url()
    await office.tid('pet-state').filter({ hasText: label('petition_states', 'registered') }).waitFor()
    await office.tid('pet-warning-collective_visit').waitFor()
    assert.match(await office.tid('pet-warning-risk_terms').innerText(), /进京/)
    assert.equal((await office.tid('pet-field-visitors').innerText()).trim(), '6')
    await office.tid('pet-deadline-due').waitFor()
    assert.ok((await office.tid('pet-deadline-basis').innerText()).includes('第二十六条'), 'deadline basis shown')

    // ---- 2. Accept and assign to the township -------------------------------
    await act(office, 'accept', {}, 'accepted')
    await act(office, 'assign', { pickHandler: org.townA.id }, 'assigned')
    assert.equal((await office.tid('pet-field-handler').innerText()).trim(), org.townA.name)

    // ---- 3. The township acknowledges and concludes --------------------------
    const townA = await session('townA')
    await townA.tid('menu-petitions').click()
    const row = townA.page.locator('[data-testid="pet-table"] .el-table__row').filter({ hasText: number })
    await row.waitFor()
    await row.locator('[data-testid="pet-warning-tag-collective_visit"]').waitFor()
    await row.click()
    await townA.page.waitForURL(/\/petitions\/\d+$/)
    await townA.tid('pet-number').filter({ hasText: number }).waitFor()
    assert.equal(await townA.tid('pet-reveal').count(), 0, 'township staff may not reveal the reporter')
    assert.equal(await townA.tid('pet-action-conclude').count(), 0, 'conclude opens only after acknowledgement')
    await act(townA, 'acknowledge', {}, 'in_progress')

    // Conclude without a result: the dialog keeps it on the note.
    await townA.tid('pet-action-conclude').click()
    await townA.tid('pet-action-dialog').locator('visible=true').waitFor()
    await townA.tid('pet-action-submit').click()
    await formItem(townA, 'pet-action-note').locator('.el-form-item__error').waitFor()
    await townA.tid('pet-action-cancel').click()
    await act(townA, 'conclude', { note: '经核实，补偿款已足额发放，村委会已公示' }, 'concluded')
    assert.equal(await townA.tid('pet-action-give_feedback').count(), 0, 'feedback belongs to the intake office')

    // ---- 4. The office gives feedback, reads the timeline --------------------
    await office.page.goto(detailUrl)
    await office.tid('pet-state').filter({ hasText: label('petition_states', 'concluded') }).waitFor()
    await act(office, 'give_feedback', { note: '已电话告知举报人办理结果' }, 'feedback_given')
    const steps = office.tid('pet-step')
    await steps.nth(5).waitFor()
    const actions = await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    assert.deepEqual(actions, ['register', 'accept', 'assign', 'acknowledge', 'conclude', 'give_feedback'])
    const stepTexts = await office.tid('pet-step-action').allInnerTexts()
    assert.deepEqual(
      stepTexts.slice(1).map((s) => s.trim()),
      ['accept', 'assign', 'acknowledge', 'conclude', 'give_feedback'].map((a) => label('petition_actions', a)),
    )
    const actors = await office.tid('pet-step-actor').allInnerTexts()
    assert.equal(actors[0], USERS.office.display)
    assert.equal(actors[3], USERS.townA.display)
    assert.match(await office.tid('pet-timeline').innerText(), /补偿款已足额发放/)

    // ---- 5. Reveal: a reason first, then the name once -----------------------
    await office.tid('pet-reveal').click()
    await office.tid('pet-reveal-dialog').locator('visible=true').waitFor()
    await office.tid('pet-reveal-submit').click()
    await formItem(office, 'pet-reveal-reason').locator('.el-form-item__error').waitFor()
    await office.tid('pet-reveal-reason').fill('告知')
    await office.tid('pet-reveal-submit').click()
    await formItem(office, 'pet-reveal-reason').locator('.el-form-item__error').waitFor()
    assert.equal(await office.tid('pet-revealed-name').count(), 0, 'nothing revealed without a reason')
    await office.tid('pet-reveal-reason').fill('需电话告知举报人办理结果')
    await office.tid('pet-reveal-submit').click()
    await office.tid('pet-revealed-name').filter({ hasText: REPORTER }).waitFor()
    await office.tid('pet-reveal-audited').waitFor()
    await office.tid('pet-reveal-close').click()
    await office.tid('pet-reveal').click()
    await office.tid('pet-reveal-reason').waitFor()
    assert.equal(await office.tid('pet-revealed-name').count(), 0, 'the particulars are shown once')
    await office.tid('pet-reveal-cancel').click()

    // ---- 6. Another township sees nothing ------------------------------------
    const townB = await session('townB')
    await townB.tid('menu-petitions').click()
    await townB.page.locator('[data-testid="pet-table"] .el-table__empty-text').waitFor()
    assert.equal(await townB.tid('pet-row-number').count(), 0, 'another township sees no petition')
    await townB.page.goto(detailUrl)
    await townB.tid('pet-not-found').waitFor()
    assert.equal(await townB.page.getByText(REPORTER).count(), 0)

    assert.deepEqual(problems, [], 'no page errors or CSP violations')
  } catch (err) {
    await reportFailure(t, server, pages, 'petitions')
    throw err
  } finally {
    for (const page of pages) await page.context().close().catch(() => {})
  }
})
