// Problem clues (问题线索) end to end: a township secretary registers a clue
// from a petition its township handles and submits last month's report; the
// case supervision office confirms the report and proposes a joint dispatch;
// the leader approves (API); the linked discipline room acknowledges, proposes
// a preliminary verification (approved through the API), records the report
// and closes the clue; another township sees nothing; the funnel counts it.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { launchBrowser, missingPrerequisite, startServer, adminClient, buildCounty, createUsers, loginSession, label, reportFailure, fillDay } from './helpers.mjs'

const missing = missingPrerequisite()

const PASSWORD = 'Xs-Funnel#2026'
// Asia/Shanghai calendar: the clue is received last month, so its report is last month's.
const TODAY = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
const [TY, TM] = TODAY.split('-').map(Number)
const LAST_MONTH = TM === 1 ? `${TY - 1}-12` : `${TY}-${String(TM - 1).padStart(2, '0')}`
const PETITION_DAY = `${LAST_MONTH}-05`
const CLUE_DAY = `${LAST_MONTH}-10`

const USERS = {
  office: { username: 'xf_zhou', display: '周信访', role: 'petition_office' },
  sup: { username: 'ag_wu', display: '吴案管', role: 'case_supervision' },
  leader: { username: 'ld_zheng', display: '郑书记', role: 'county_leader' },
  room: { username: 'js_wang', display: '王一室', role: 'discipline_room' },
  secA: { username: 'wt_feng', display: '冯文亭', role: 'township_secretary' },
  staffB: { username: 'ws_chen', display: '陈汶上', role: 'township_staff' },
}
const SUMMARY = '反映东关社区主任截留低保金问题线索'

let server
let browser
const org = {}
const api = {}
let petition

before(async () => {
  if (missing) return
  server = await startServer()
  browser = await launchBrowser()

  // Organisation and accounts through the API; the UI for them has its own test.
  const admin = await adminClient(server)
  await buildCounty(admin, ['office', 'sup', 'room', 'townA', 'townB', 'village'], org, {
    before: async (key) => {
      if (key !== 'village') return
      // 汶上镇 existed a year ago (the server is on SQLite here), so its missing monthly reports are late;
      // a township made today is not warned for months before it existed.
      execFileSync('sqlite3', [join(server.dataDir, 'funnel.db'), `UPDATE org_units SET created_at = created_at - ${400 * 86400000} WHERE id = ${org.townB.id}`])
    },
  })
  await admin.put(`/org-units/${org.room.id}/linked-townships`, { township_ids: [org.townA.id] })
  const home = { office: org.office, sup: org.sup, leader: org.county, room: org.room, secA: org.townA, staffB: org.townB }
  Object.assign(api, await createUsers(admin, USERS, home, PASSWORD))

  // A petition handled by the township, in progress: register, accept, assign, acknowledge.
  petition = await api.office.post('/petitions', {
    channel: 'letter',
    type: 'accusation',
    real_name: false,
    reporter: { phone: '13905371234' },
    summary: '反映东关社区主任截留低保金',
    content: '东关社区主任王守田在低保评定中优亲厚友，截留困难群众低保金，请求查处。',
    category: 'mass',
    subcategory: 'minimum_living',
    place_org_id: org.village.id,
    received_day: PETITION_DAY,
    persons: [{ name: '王守田', unit_name: '东关社区居委会', post: '社区主任', cadre_level: 'village_cadre', party_member: true }],
  })
  await api.office.post(`/petitions/${petition.id}/actions`, { action: 'accept' })
  await api.office.post(`/petitions/${petition.id}/actions`, { action: 'assign', handler_org_id: org.townA.id })
  const p = await api.secA.post(`/petitions/${petition.id}/actions`, { action: 'acknowledge' })
  assert.equal(p.state, 'in_progress')
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

test('a petition becomes a clue, is reported, dispatched jointly, verified and closed; the funnel counts it', { timeout: 300_000 }, async (t) => {
  // A missing browser, binary or build is a failure, never a skip.
  if (missing) throw new Error(`prerequisite missing: ${missing}`)
  const problems = []
  const pages = []

  const session = (key) => loginSession(browser, server, { key, username: USERS[key].username, password: PASSWORD, problems, pages })
  const stateIs = (s, state) => s.page.locator(`[data-testid="clue-state"][data-code="${state}"]`).waitFor()
  /** Opens the action dialog of a step, lets fill() fill it, submits and waits for the new state. */
  async function act(s, action, fill, nextState) {
    await s.tid(`clue-action-${action}`).click()
    const dialog = s.tid('clue-action-dialog').locator('visible=true')
    await dialog.waitFor()
    if (fill) await fill()
    await s.tid('clue-action-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    await stateIs(s, nextState)
  }
  async function openClue(s, number) {
    await s.tid('menu-clues').click()
    await s.page.waitForURL(/\/clues$/)
    const row = s.page.locator('[data-testid="clue-table"] .el-table__row').filter({ hasText: number })
    await row.waitFor()
    await row.locator('[data-testid="clue-row-number"]').click()
    await s.page.waitForURL(/\/clues\/\d+$/)
    await s.tid('clue-number').filter({ hasText: number }).waitFor()
  }

  try {
    // ---- 1. The township registers the clue from its petition ------------------
    const secA = await session('secA')
    await secA.tid('menu-clues').click()
    await secA.page.waitForURL(/\/clues$/)
    await secA.page.locator('[data-testid="clue-table"] .el-table__empty-text').waitFor()
    await secA.page.goto(`${server.baseUrl}/clues/new?petition_id=${petition.id}`)
    // Prefilled from the petition: source, number, content, persons.
    await secA.tid('clue-petition-number').filter({ hasText: petition.number }).waitFor()
    assert.equal((await secA.tid('clue-source').innerText()).trim(), label('clue_sources', 'petition'))
    assert.match(await secA.tid('clue-content').inputValue(), /截留困难群众低保金/)
    assert.equal(await secA.tid('clue-person-0-name').inputValue(), '王守田')
    assert.equal((await secA.tid('clue-township').innerText()).trim(), org.townA.name)
    await secA.tid('clue-summary').fill(SUMMARY)
    await fillDay(secA, 'clue-received-day', CLUE_DAY)
    // Township matter that needs county strength: the proposal will be 县镇合办.
    await secA.tid('clue-needs-county').click()
    await secA.tid('clue-submit').click()
    await secA.page.waitForURL(/\/clues\/\d+$/)
    const clueUrl = secA.page.url()
    const clueId = Number(clueUrl.match(/\/clues\/(\d+)$/)[1])
    await stateIs(secA, 'registered')
    const number = (await secA.tid('clue-number').innerText()).trim()
    assert.match(number, /线〔\d{4}〕\d{4}号$/)
    assert.equal((await secA.tid('clue-field-petition').innerText()).trim(), petition.number)
    assert.equal((await api.office.get(`/petitions/${petition.id}`)).state, 'converted_to_clue')

    // ---- 2. The secretary submits last month's report ---------------------------
    await secA.tid('menu-clue-reports').click()
    await secA.page.waitForURL(/\/clue-reports$/)
    assert.equal(await secA.tid('clue-report-month').locator('input').inputValue(), LAST_MONTH)
    const statusA = (s) => s.tid(`clue-report-status-${org.townA.id}`)
    await statusA(secA).waitFor()
    assert.equal(await statusA(secA).getAttribute('data-code'), 'not_submitted')
    await secA.tid(`clue-report-preview-${org.townA.id}`).click()
    const reportDialog = secA.tid('clue-report-dialog').locator('visible=true')
    await reportDialog.waitFor()
    await secA.tid('clue-report-live-new').locator('[data-testid="clue-report-live-number"]').filter({ hasText: number }).waitFor()
    await secA.tid('clue-report-note').fill('本月新增线索一件')
    await secA.tid('clue-report-submit').click()
    await reportDialog.waitFor({ state: 'hidden' })
    await secA.page.locator(`[data-testid="clue-report-status-${org.townA.id}"][data-code="submitted"]`).waitFor()
    assert.equal(await secA.tid(`clue-report-preview-${org.townA.id}`).count(), 0, 'submitted once')

    // ---- 3. Case supervision reads and confirms it ------------------------------
    const sup = await session('sup')
    await sup.tid('menu-clue-reports').click()
    await sup.page.waitForURL(/\/clue-reports$/)
    await sup.page.locator(`[data-testid="clue-report-status-${org.townA.id}"][data-code="submitted"]`).waitFor()
    assert.equal(await sup.tid(`clue-report-preview-${org.townA.id}`).count(), 0, 'the county does not submit')
    await sup.tid(`clue-report-view-${org.townA.id}`).click()
    const drawer = sup.tid('clue-report-drawer').locator('visible=true')
    await drawer.waitFor()
    await sup.tid('clue-report-snapshot').locator('[data-testid="clue-report-snapshot-number"]').filter({ hasText: number }).waitFor()
    await sup.tid('clue-report-now').locator('[data-testid="clue-report-now-number"]').filter({ hasText: number }).waitFor()
    await sup.page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
    await sup.tid(`clue-report-ack-${org.townA.id}`).click()
    await sup.page.locator('.el-message-box').locator('visible=true').getByRole('button', { name: '确定' }).click()
    await sup.page.locator(`[data-testid="clue-report-status-${org.townA.id}"][data-code="acknowledged"]`).waitFor()

    // ---- 4. Case supervision proposes a joint dispatch --------------------------
    await openClue(sup, number)
    await stateIs(sup, 'registered')
    await sup.tid('clue-dispatch-proposal').waitFor()
    assert.equal(await sup.tid('clue-proposal-mode').getAttribute('data-code'), 'joint')
    await act(
      sup,
      'propose_dispatch',
      async () => {
        await sup.tid('clue-mode-joint').click()
        await sup.pick('clue-action-lead', `clue-lead-${org.room.id}`)
        await sup.pick('clue-action-assist', `clue-assist-${org.townA.id}`)
      },
      'dispatch_proposed',
    )
    assert.equal(await sup.tid('clue-field-mode').getAttribute('data-code'), 'joint')
    assert.equal((await sup.tid('clue-field-lead').innerText()).trim(), org.room.name)
    assert.equal((await sup.tid('clue-field-assist').innerText()).trim(), org.townA.name)
    assert.equal(await sup.tid('clue-action-approve_dispatch').count(), 0, 'the leader approves')
    const approved = await api.leader.post(`/clues/${clueId}/actions`, { action: 'approve_dispatch' })
    assert.equal(approved.state, 'dispatched')

    // ---- 5. The linked room acknowledges and proposes a verification ------------
    const room = await session('room')
    await openClue(room, number)
    await stateIs(room, 'dispatched')
    await act(room, 'acknowledge', null, 'received')
    await act(
      room,
      'propose_disposal',
      async () => {
        await room.tid('clue-method-preliminary_verification').click()
        await room.tid('clue-action-plan').fill('调取低保评定档案，走访评定对象，核实截留情况')
      },
      'disposal_proposed',
    )
    assert.equal(await room.tid('clue-field-method').getAttribute('data-code'), 'preliminary_verification')
    const chain = await room.tid('clue-approval-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-role')))
    assert.deepEqual(chain, ['discipline_room', 'county_leader'])

    // The approval chain through the API: whoever is next approves.
    for (let i = 0; i < 3; i++) {
      const c = await api.room.get(`/clues/${clueId}`)
      if (c.state !== 'disposal_proposed') break
      const next = c.approvals?.next
      const approver = { discipline_room: api.room, county_leader: api.leader }[next]
      assert.ok(approver, `an approver for ${next}`)
      await approver.post(`/clues/${clueId}/actions`, { action: 'approve_disposal' })
    }
    await room.page.reload()
    await stateIs(room, 'in_verification')

    // ---- 6. The verification report, then the conclusion -----------------------
    await room.tid('clue-add-record').click()
    const recordDialog = room.tid('clue-record-dialog').locator('visible=true')
    await recordDialog.waitFor()
    await room.pick('clue-record-kind', 'clue-record-kind-verification_report')
    await room.tid('clue-record-text').fill('经初步核实，王守田截留低保金问题不属实，评定程序合规。')
    await room.tid('clue-record-submit').click()
    await recordDialog.waitFor({ state: 'hidden' })
    await room.page.locator('[data-testid="clue-record"][data-kind="verification_report"]').waitFor()
    await act(
      room,
      'conclude',
      async () => {
        await room.pick('clue-action-outcome', 'clue-outcome-close')
        await room.tid('clue-action-note').fill('初核报告经集体研究，予以了结')
      },
      'closed',
    )
    assert.equal(await room.tid('clue-field-outcome').getAttribute('data-code'), 'close')
    const steps = await room.tid('clue-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    for (const a of ['propose_dispatch', 'approve_dispatch', 'acknowledge', 'propose_disposal', 'approve_disposal', 'conclude'])
      assert.ok(steps.includes(a), `step ${a} in the timeline: ${steps}`)

    // ---- 7. Another township sees nothing ------------------------------------
    const staffB = await session('staffB')
    await staffB.tid('menu-clues').click()
    await staffB.page.waitForURL(/\/clues$/)
    await staffB.page.locator('[data-testid="clue-table"] .el-table__empty-text').waitFor()
    assert.equal(await staffB.tid('clue-row-number').count(), 0, 'another township sees no clue')
    // Its own monthly reports are missing (the township existed a year ago): the warning shows, and leads to the month.
    const late = staffB.tid('clue-warning-clue_report_overdue').first()
    await late.waitFor()
    await late.locator('a, .el-link').first().click()
    await staffB.page.waitForURL(/\/clue-reports\?month=\d{4}-\d{2}$/)
    await staffB.tid('clue-report-month').waitFor()
    await staffB.page.goto(clueUrl)
    await staffB.tid('clue-not-found').waitFor()
    assert.equal(await staffB.page.getByText(SUMMARY).count(), 0)
    assert.equal(await staffB.tid('menu-clue-funnel').count(), 0, 'the funnel is the county office view')

    // ---- 8. The funnel counts it ------------------------------------------------
    await sup.tid('menu-clue-funnel').click()
    await sup.page.waitForURL(/\/clue-funnel$/)
    await sup.page.locator('[data-testid="clue-funnel-state-closed"][data-count="1"]').waitFor()
    await sup.page.locator('[data-testid="clue-funnel-mode-joint"][data-count="1"]').waitFor()
    assert.equal(await sup.tid('clue-funnel-total').getAttribute('data-count'), '1')
    assert.equal(await sup.tid('clue-funnel-cell-closed-joint').innerText(), '1')
    await sup.page.locator('[data-testid="clue-sankey"] canvas').first().waitFor()

    assert.deepEqual(problems, [], 'no page errors or CSP violations')
  } catch (err) {
    await reportFailure(t, server, pages, 'clues')
    throw err
  } finally {
    for (const page of pages) await page.context().close().catch(() => {})
  }
})
