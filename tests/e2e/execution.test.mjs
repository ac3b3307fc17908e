// Executing a disciplinary decision (处分执行) end to end: a township case of
// 文亭街道 brought through the API to the trial's report, its filing moved 90
// days back with the `sqlite3` command-line tool; in the UI the township
// secretary records the party committee's decision (撤销党内职务), dated 45
// days ago, with a recovery amount (追缴/责令退赔); the case page lists the
// execution tasks, the announcement past its day shown red as 打白条. The county's 案管 opens 处分执行 and finds
// it red with the unit's 打白条 count (and no buttons: it does not execute a
// township's decision); another township's user sees none of it; 案件预警
// lists execution_overdue. The township cadre closes it from the case page:
// without the 归档回执 the server's message shows on the evidence item, with
// both records it is closed late (逾期执行), the warning and the count drop.
// From 处分执行 the cadre extends the post and pay change with the approval
// (the six-month limit shown): it is no longer 打白条.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import ExcelJS from 'exceljs'
import { launchBrowser, missingPrerequisite, startServer, adminClient, buildCounty, createUsers, loginSession, label, reportFailure, fillDay } from './helpers.mjs'

const missing = missingPrerequisite()

const PASSWORD = 'Xs-Funnel#2026'
const TODAY = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400e3).toISOString().slice(0, 10)
const DECIDED_ON = addDays(TODAY, -45)

const USERS = {
  sup: { username: 'ag_wu', display: '吴案管', role: 'case_supervision' },
  secA: { username: 'wt_feng', display: '冯文亭', role: 'township_secretary' },
  staffA: { username: 'wt_li', display: '李干事', role: 'township_staff' },
  staffA2: { username: 'wt_zhou', display: '周审理', role: 'township_staff' },
  staffA3: { username: 'wt_sun', display: '孙审理', role: 'township_staff' },
  staffB: { username: 'ws_chen', display: '陈汶上', role: 'township_staff' },
}
const TRIAL_FILE_ITEMS = ['filing_decision', 'investigation_report', 'facts_shown', 'evidence', 'person_statement', 'property_list', 'case_file_index']

let server
let browser
const org = {}
const api = {}
let kase

before(async () => {
  if (missing) return
  server = await startServer()
  browser = await launchBrowser()

  // Organisation and accounts through the API; their UI has its own test.
  const admin = await adminClient(server)
  await buildCounty(admin, ['sup', 'townA', 'townB'], org)
  const home = { sup: org.sup, secA: org.townA, staffA: org.townA, staffA2: org.townA, staffA3: org.townA, staffB: org.townB }
  Object.assign(api, await createUsers(admin, USERS, home, PASSWORD))
  const uid = async (key) => (await api[key].get('/auth/me')).user.id
  const [secId, staffId, id2, id3] = await Promise.all(['secA', 'staffA', 'staffA2', 'staffA3'].map(uid))

  // A township case (镇案镇办) investigated, transferred, tried and reported.
  const act = (client, body) => client.post(`/cases/${kase.id}/actions`, body)
  kase = await api.secA.post('/cases', {
    source: 'found_in_supervision',
    source_ref: '专项检查',
    violations: ['mass_discipline'],
    mode: 'township',
    summary: '优亲厚友，违规发放低保',
    person: { name: '钱有才', unit_name: '东关社区居委会', post: '村会计', cadre_level: 'village_cadre', party_member: true },
  })
  await act(api.secA, { action: 'approve_filing' })
  await act(api.secA, { action: 'approve_filing', approval_ref: '文党〔2026〕9号' })
  await act(api.secA, { action: 'start_investigation', plan: '谈话', team: [secId, staffId] })
  await act(api.staffA, { action: 'show_facts', signed: true })
  await act(api.staffA, { action: 'request_transfer', report: '审查调查报告：属实' })
  await act(api.secA, { action: 'approve_transfer' })
  await act(api.secA, { action: 'accept_trial', file_items: TRIAL_FILE_ITEMS, triers: [id2, id3] })
  kase = await act(api.secA, { action: 'report_trial', trial_report: '审理报告：建议给予党内严重警告处分', deliberation: '镇纪委集体审议' })
  assert.equal(kase.state, 'trial_reported')
  // Filed 90 days ago (the store's own SQLite file), so the decision may be dated 45 days back.
  execFileSync('sqlite3', [join(server.dataDir, 'funnel.db'), `UPDATE cases SET filed_day = '${addDays(TODAY, -90)}' WHERE id = ${kase.id}`])
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

test('a decision 45 days old: 打白条 for the township and 案管, closed late with its records, the post change extended', { timeout: 300_000 }, async (t) => {
  // A missing browser, binary or build is a failure, never a skip.
  if (missing) throw new Error(`prerequisite missing: ${missing}`)
  const problems = []
  const pages = []
  const session = (key) => loginSession(browser, server, { key, username: USERS[key].username, password: PASSWORD, problems, pages })
  const caseUrl = `${server.baseUrl}/cases/${kase.id}`
  const taskOf = (s, kind) => s.page.locator(`[data-testid="case-execution"] .el-table__row`).filter({ has: s.page.locator(`[data-testid="case-execution-task"][data-kind="${kind}"]`) })
  const overdueWarnings = async (client) =>
    (await client.get('/case-warnings?page_size=500')).items.filter((w) => w.case_id === kase.id && w.code === 'execution_overdue')

  try {
    // ---- 1. The township secretary records the decision, dated 45 days ago, with a recovery --
    const secA = await session('secA')
    await secA.page.goto(caseUrl)
    await secA.page.locator('[data-testid="case-state"][data-code="trial_reported"]').waitFor()
    await secA.tid('case-action-decide').click()
    const dialog = secA.tid('case-action-dialog').locator('visible=true')
    await dialog.waitFor()
    await secA.pick('case-outcome-0', 'case-outcome-0-removal_from_party_posts')
    await secA.pick('case-action-organ', 'case-organ-township_party_committee')
    await secA.tid('case-action-simple').click()
    await fillDay(secA, 'case-action-decided-on', DECIDED_ON)
    await secA.tid('case-action-decision-ref').fill('文纪发〔2026〕31号')
    await secA.tid('case-action-recovery').locator('input').fill('30000')
    await secA.tid('case-action-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    await secA.page.locator('[data-testid="case-state"][data-code="decided"]').waitFor()

    // The decision's tasks on the case page; the announcement (one month, CF 44) is 打白条.
    await secA.tid('case-execution').waitFor()
    const tasks = (await api.secA.get(`/cases/${kase.id}`)).execution_tasks
    const announce = tasks.find((x) => x.kind === 'party_announce')
    const recovery = tasks.find((x) => x.kind === 'recovery')
    const postPay = tasks.find((x) => x.kind === 'party_post_pay')
    assert.ok(postPay?.max_due_day, 'removal from party posts: the post and pay change, extendable')
    assert.ok(recovery, 'the recovery amount made a recovery task')
    assert.equal(recovery.amount, 30000)
    assert.equal(announce.status, 'overdue')
    assert.deepEqual(announce.evidence_required, ['announce_record', 'file_receipt'])
    const kinds = await secA.tid('case-execution-task').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))
    assert.deepEqual(kinds, tasks.map((x) => x.kind))
    assert.match(await taskOf(secA, 'recovery').innerText(), /30000元/)
    const secTag = taskOf(secA, 'party_announce').locator('[data-testid="execution-status"]')
    assert.equal(await secTag.getAttribute('data-status'), 'overdue')
    assert.match(await secTag.innerText(), new RegExp(`${label('execution_statuses', 'overdue')}.*逾期${announce.days_overdue}天`))
    assert.match(await secTag.getAttribute('class'), /el-tag--danger/)
    assert.equal(await taskOf(secA, 'party_announce').locator('[data-testid="case-execution-due"]').innerText(), announce.due_day)

    // ---- 2. 案管 finds it in 处分执行: red, counted for 文亭街道, no buttons ------------
    const summaryBefore = (await api.sup.get('/execution-tasks/summary')).items
    const townBefore = summaryBefore.find((u) => u.unit_id === org.townA.id)
    assert.ok(townBefore && townBefore.overdue >= 1, JSON.stringify(summaryBefore))
    const sup = await session('sup')
    await sup.tid('menu-execution').click()
    await sup.page.waitForURL(/\/execution$/)
    const overdueCount = sup.tid('execution-overdue-count')
    await overdueCount.filter({ hasText: String(townBefore.overdue) }).waitFor()
    assert.match(await overdueCount.getAttribute('class'), /danger/)
    assert.equal((await sup.tid(`execution-unit-overdue-${org.townA.id}`).innerText()).trim(), String(townBefore.overdue))
    const supRow = sup.page.locator('[data-testid="execution-table"] .el-table__row').filter({ has: sup.page.locator(`[data-testid="execution-row"][data-task="${announce.id}"]`) })
    await supRow.waitFor()
    assert.equal(await supRow.locator('[data-testid="execution-row"]').getAttribute('data-status'), 'overdue')
    assert.match(await supRow.getAttribute('class'), /row-overdue/)
    assert.match(await supRow.locator('[data-testid="execution-status"]').innerText(), /打白条/)
    assert.equal((await supRow.locator('[data-testid="execution-row-person"]').innerText()).trim(), '钱有才')
    assert.equal((await supRow.locator('[data-testid="execution-row-case"]').innerText()).trim(), kase.number ?? (await api.sup.get(`/cases/${kase.id}`)).number)
    assert.equal(await supRow.locator('[data-testid="execution-close"]').count(), 0, '案管 does not execute a township decision')
    // 打白条 only: every row red; the unit's count leads there too.
    await sup.tid('execution-filter-status-overdue').click()
    await sup.page.waitForFunction((n) => {
      const rows = [...document.querySelectorAll('[data-testid="execution-table"] [data-testid="execution-row"]')]
      return rows.length === n && rows.every((r) => r.getAttribute('data-status') === 'overdue')
    }, townBefore.overdue)
    // By kind: the recovery only.
    await sup.tid('execution-filter-status-open').click()
    await sup.pick('execution-filter-kind', 'execution-filter-kind-recovery')
    await sup.page.locator(`[data-testid="execution-row"][data-task="${recovery.id}"]`).waitFor()
    await sup.page.locator(`[data-testid="execution-row"][data-task="${announce.id}"]`).waitFor({ state: 'detached' })

    // The ledger (处分决定执行台账) from the tracker: the case's row names its 打白条.
    const [download] = await Promise.all([sup.page.waitForEvent('download'), sup.tid('execution-export').click()])
    assert.match(download.suggestedFilename(), /处分决定执行台账.*\.xlsx$/)
    const file = join(tmpdir(), `funnel-e2e-execution-${Date.now()}.xlsx`)
    await download.saveAs(file)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    const cells = []
    wb.worksheets[0].eachRow((row) => cells.push(Array.from(row.values.slice(1), (v) => (v == null ? '' : String(v)))))
    const ledgerRow = cells.find((r) => r[2] === '钱有才')
    assert.ok(ledgerRow, 'the decided case is a row of the ledger')
    assert.match(ledgerRow[8], /^打白条：/)

    // ---- 3. Another township sees none of it ------------------------------------
    const staffB = await session('staffB')
    await staffB.tid('menu-execution').click()
    await staffB.page.waitForURL(/\/execution$/)
    await staffB.page.locator('[data-testid="execution-table"] .el-table__empty-text').waitFor()
    assert.equal((await staffB.tid('execution-overdue-count').innerText()).trim(), '0')
    assert.equal(await staffB.page.getByText('钱有才').count(), 0)

    // ---- 4. The township cadre: 案件预警 lists 打白条; closed from the case page --------
    const warnedBefore = await overdueWarnings(api.staffA)
    assert.ok(warnedBefore.length >= 1)
    const staffA = await session('staffA')
    await staffA.tid('menu-case-warnings').click()
    const warningRow = staffA.page.locator('[data-testid="case-warning-table"] .el-table__row').filter({ has: staffA.page.locator('[data-testid="case-warning-row-code"][data-code="execution_overdue"]') })
    await warningRow.first().waitFor()
    assert.equal(await warningRow.count(), warnedBefore.length)
    assert.match(await warningRow.first().locator('[data-testid="case-warning-row-code"]').innerText(), new RegExp(label('case_warnings', 'execution_overdue').replace(/[()（）]/g, '.')))
    assert.match(await warningRow.first().getAttribute('class'), /el-table__row/)
    await warningRow.first().locator('[data-testid="case-warning-row-case"]').click()
    await staffA.page.waitForURL(new RegExp(`/cases/${kase.id}$`))
    await staffA.tid('case-execution').waitFor()
    const row = taskOf(staffA, 'party_announce')
    assert.equal(await row.locator('[data-testid="execution-status"]').getAttribute('data-status'), 'overdue')
    await row.locator('[data-testid="case-execution-close"]').click()
    const close = staffA.tid('execution-close-dialog').locator('visible=true')
    await close.waitFor()
    assert.equal(await staffA.tid('execution-close-day').locator('input').inputValue(), TODAY)
    assert.match(await staffA.tid('execution-evidence-row-file_receipt').innerText(), new RegExp(label('execution_evidence', 'file_receipt')))
    // Without the 归档回执: the server names it on the evidence item; nothing closed.
    await staffA.tid('execution-evidence-announce_record').fill('宣布记录（本人签字）')
    await staffA.tid('execution-close-submit').click()
    const evidenceError = close.locator('.el-form-item.is-error').filter({ has: staffA.tid('execution-close-evidence') })
    await evidenceError.waitFor()
    assert.match(await evidenceError.locator('.el-form-item__error').innerText(), /缺少证明材料：归档回执/)
    assert.equal((await api.staffA.get(`/cases/${kase.id}`)).execution_tasks.find((x) => x.id === announce.id).closed_on, null)
    await staffA.tid('execution-evidence-file_receipt').fill('档案室回执第12号')
    await staffA.tid('execution-evidence-file_receipt-note').fill('已归入本人档案')
    await staffA.tid('execution-close-submit').click()
    await close.waitFor({ state: 'hidden' })
    // Closed after its day: 逾期执行, with the records and who closed it.
    const lateTag = row.locator('[data-testid="execution-status"][data-status="done_late"]')
    await lateTag.waitFor()
    assert.match(await lateTag.innerText(), new RegExp(label('execution_statuses', 'done_late')))
    assert.match(await row.locator('[data-testid="case-execution-closed"]').innerText(), new RegExp(`${TODAY} 李干事`))
    const evidence = await row.locator('[data-testid="case-execution-evidence"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))
    assert.deepEqual(evidence, ['announce_record', 'file_receipt'])
    assert.match(await row.innerText(), /档案室回执第12号（已归入本人档案）/)
    assert.equal(await row.locator('[data-testid="case-execution-close"]').count(), 0, 'closed once')

    // The warning is gone; the counts moved (the tracker's totals and the unit's row).
    assert.equal((await overdueWarnings(api.staffA)).length, warnedBefore.length - 1)
    await staffA.tid('menu-case-warnings').click()
    await staffA.page.waitForURL(/\/case-warnings$/)
    await staffA.tid('case-warning-total').waitFor()
    await staffA.page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="case-warning-table"] [data-testid="case-warning-row-code"][data-code="execution_overdue"]').length === n,
      warnedBefore.length - 1,
    )

    // ---- 5. The cadre extends the post and pay change from 处分执行 (approved, at most six months) --
    await staffA.tid('menu-execution').click()
    await staffA.page.waitForURL(/\/execution$/)
    const ppRow = staffA.page.locator('[data-testid="execution-table"] .el-table__row').filter({ has: staffA.page.locator(`[data-testid="execution-row"][data-task="${postPay.id}"]`) })
    await ppRow.waitFor()
    assert.equal(await ppRow.locator('[data-testid="execution-row"]').getAttribute('data-status'), 'overdue')
    await ppRow.locator('[data-testid="execution-extend"]').click()
    const extend = staffA.tid('execution-extend-dialog').locator('visible=true')
    await extend.waitFor()
    assert.match(await staffA.tid('execution-extend-max').innerText(), new RegExp(postPay.max_due_day))
    const newDue = addDays(TODAY, 30)
    await fillDay(staffA, 'execution-extend-day', newDue)
    // The approval's number is required by the form before the server is asked.
    await staffA.tid('execution-extend-submit').click()
    await extend.locator('.el-form-item.is-error').filter({ has: staffA.tid('execution-extend-ref') }).waitFor()
    await staffA.tid('execution-extend-ref').fill('文党批〔2026〕2号')
    await staffA.tid('execution-extend-submit').click()
    await extend.waitFor({ state: 'hidden' })
    await ppRow.locator('[data-testid="execution-row"][data-status="open"]').waitFor()
    assert.equal((await ppRow.locator('[data-testid="execution-row-due"]').innerText()).trim(), newDue)
    assert.match(await ppRow.innerText(), /已延期：文党批〔2026〕2号/)
    const extended = (await api.staffA.get(`/cases/${kase.id}`)).execution_tasks.find((x) => x.id === postPay.id)
    assert.equal(extended.due_day, newDue)
    assert.equal(extended.extension_ref, '文党批〔2026〕2号')
    assert.equal((await overdueWarnings(api.staffA)).length, warnedBefore.length - 2)

    // 案管's counts: two fewer 打白条, one closed late.
    await sup.page.reload()
    await sup.tid('execution-overdue-count').filter({ hasText: new RegExp(`^\\s*${townBefore.overdue - 2}\\s*$`) }).waitFor()
    assert.equal((await sup.tid(`execution-unit-closed-late-${org.townA.id}`).innerText()).trim(), String(townBefore.closed_late + 1))
    await sup.tid('execution-filter-status-closed').click()
    const doneRow = sup.page.locator(`[data-testid="execution-row"][data-task="${announce.id}"]`)
    await doneRow.waitFor()
    assert.equal(await doneRow.getAttribute('data-status'), 'done_late')

    assert.deepEqual(problems, [], 'no page errors or CSP violations')
  } catch (err) {
    await reportFailure(t, server, pages, 'execution')
    throw err
  } finally {
    for (const page of pages) await page.context().close().catch(() => {})
  }
})
