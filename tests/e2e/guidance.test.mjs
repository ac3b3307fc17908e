// 联系指导 (CA-8) in the browser: a county discipline room linked to 文亭街道
// (organisation and accounts set up through the API) opens 联系指导 from the
// menu, records a meeting with its minutes and attendees, sees it in the
// list, sets a task for itself and closes it, sets another for the
// township's secretary (typed as a user ID), and downloads the 联系指导台账
// (an .xlsx holding the record). The township's secretary sees the record
// of its own township and closes its task; another township's secretary
// sees none; the administrator has no 联系指导 menu.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { launchBrowser, missingPrerequisite, startServer, adminClient, buildCounty, createUsers, loginSession, reportFailure, fillDay, ADMIN_PASSWORD } from './helpers.mjs'

const missing = missingPrerequisite()
const PASSWORD = 'Gd-Funnel#2026'
const TODAY = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
const addDays = (day, n) => {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}
const SUBJECT = '文亭街道第三季度联系指导例会'
const MINUTES = '会议纪要：听取文亭街道线索处置情况汇报，要求十日内补齐台账。'
const TASK = '督促文亭街道补齐问题线索台账'
const TASK2 = '文亭街道报送第三季度线索处置情况'

let server
let browser
let org
let secAId

before(async () => {
  if (missing) return
  server = await startServer()
  browser = await launchBrowser()
  const admin = await adminClient(server)
  org = await buildCounty(admin, ['room', 'trial', 'townA', 'townB'])
  await admin.put(`/org-units/${org.room.id}/linked-townships`, { township_ids: [org.townA.id] })
  const api = await createUsers(
    admin,
    {
      room: { username: 'ys_zhao', display: '赵主任', role: 'discipline_room' },
      secA: { username: 'wt_sun', display: '孙书记', role: 'township_secretary' },
      secB: { username: 'ws_qian', display: '钱书记', role: 'township_secretary' },
      trial: { username: 'sl_wang', display: '王审理', role: 'trial_office' },
    },
    { room: org.room, secA: org.townA, secB: org.townB, trial: org.trial },
    PASSWORD,
  )
  secAId = (await api.secA.get('/auth/me')).user.id
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

test('a room records a meeting, sets and closes tasks and exports the ledger; the township sees its own record and closes its task', { timeout: 180_000 }, async (t) => {
  if (missing) throw new Error(`prerequisite missing: ${missing}`)
  const problems = []
  const pages = []
  try {
    const room = await loginSession(browser, server, { key: 'room', username: 'ys_zhao', password: PASSWORD, problems, pages })
    await room.tid('menu-guidance').click()
    await room.page.waitForURL((u) => u.pathname === '/guidance')
    await room.tid('guidance-table').waitFor()

    // A meeting about the linked township (the only one, preselected).
    await room.tid('guidance-add').click()
    await room.tid('guidance-form-dialog').waitFor()
    await room.tid('guidance-form-subject').fill(SUBJECT)
    await room.tid('guidance-form-attendees').fill('一室主任赵某、文亭街道纪工委书记孙某')
    await room.tid('guidance-form-content').fill(MINUTES)
    await room.tid('guidance-form-submit').click()
    await room.expectToast('success')
    // The new record opens with its minutes.
    const detail = room.tid('guidance-detail')
    await detail.waitFor()
    assert.equal(await room.tid('guidance-detail-subject').innerText(), SUBJECT)
    assert.equal(await room.tid('guidance-detail-kind').innerText(), '例会')
    assert.equal(await room.tid('guidance-detail-content').innerText(), MINUTES)

    // A task with its owner and due day, then closed.
    await room.tid('guidance-task-add').click()
    await room.tid('guidance-task-dialog').waitFor()
    await room.tid('guidance-task-owner').click()
    await room.page.locator('.el-select-dropdown [data-testid^="guidance-task-owner-"]').locator('visible=true').first().click()
    await room.tid('guidance-task-description').fill(TASK)
    await fillDay(room, 'guidance-task-due', addDays(TODAY, 10))
    await room.tid('guidance-task-submit').click()
    await room.expectToast('success')
    await room.tid('guidance-task-dialog').waitFor({ state: 'hidden' })
    await detail.locator('[data-testid="guidance-task-row-description"]', { hasText: TASK }).waitFor()
    assert.equal(await room.tid('guidance-task-open').innerText(), '办理中')
    assert.equal(await room.tid('guidance-task-deadline-due').innerText(), addDays(TODAY, 10))

    await detail.locator('[data-testid^="guidance-task-close-"]').click()
    await room.tid('guidance-close-dialog').waitFor()
    await room.tid('guidance-close-note').fill('台账已补齐并报送')
    await room.tid('guidance-close-submit').click()
    await room.expectToast('success')
    await room.tid('guidance-task-closed').waitFor()
    assert.match(await room.tid('guidance-task-closed').innerText(), new RegExp(TODAY))
    assert.equal(await detail.locator('[data-testid^="guidance-task-close-"]').count(), 0, 'no close button once closed')
    // A task for the township's secretary: no user list for a room, so typed as a user ID.
    await room.tid('guidance-task-add').click()
    await room.tid('guidance-task-dialog').waitFor()
    const owner = room.tid('guidance-task-owner').locator('input')
    await owner.click()
    await owner.fill(String(secAId))
    await owner.press('Enter')
    await room.tid('guidance-task-description').fill(TASK2)
    await fillDay(room, 'guidance-task-due', addDays(TODAY, 5))
    await room.tid('guidance-task-submit').click()
    await room.expectToast('success')
    await room.tid('guidance-task-dialog').waitFor({ state: 'hidden' })
    const task2 = detail.locator('.el-table__row', { hasText: TASK2 })
    await task2.waitFor()
    assert.match(await task2.innerText(), /孙书记（文亭街道）/)
    await detail.locator('.el-dialog__headerbtn').click()
    await detail.waitFor({ state: 'hidden' })

    // The list shows it, its task closed.
    const row = room.tid('guidance-table').locator('.el-table__row', { hasText: SUBJECT })
    await row.waitFor()
    assert.match(await row.innerText(), /例会/)
    assert.match(await row.innerText(), /文亭街道/)
    assert.equal(await row.locator('[data-testid="guidance-row-tasks"]').innerText(), '未办结 1 / 共 2')

    // 导出联系指导台账: an .xlsx (a zip) holding the record and its closed task.
    const [download] = await Promise.all([room.page.waitForEvent('download'), room.tid('guidance-export').click()])
    assert.match(download.suggestedFilename(), /联系指导台账.*\.xlsx$/)
    const file = join(tmpdir(), `funnel-e2e-guidance-${Date.now()}.xlsx`)
    await download.saveAs(file)
    assert.equal(readFileSync(file).subarray(0, 4).toString('binary'), 'PK\x03\x04', 'a zip file')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    const cells = []
    // Array.from: an empty cell is a hole that map() would skip.
    wb.worksheets[0].eachRow((r) => cells.push(...Array.from(r.values.slice(1), (v) => String(v ?? ''))))
    assert.ok(cells.includes(SUBJECT), 'the record in the ledger')
    assert.ok(cells.some((c) => c.includes(TASK)), 'its task in the ledger')

    // The township sees the record about itself, read-only; another township sees none.
    const secA = await loginSession(browser, server, { key: 'secA', username: 'wt_sun', password: PASSWORD, problems, pages })
    await secA.tid('menu-guidance').click()
    const rowA = secA.tid('guidance-table').locator('.el-table__row', { hasText: SUBJECT })
    await rowA.waitFor()
    assert.equal(await secA.tid('guidance-add').count(), 0, 'the township only reads')
    await rowA.click()
    await secA.tid('guidance-detail-content').waitFor()
    assert.equal(await secA.tid('guidance-detail-content').innerText(), MINUTES)
    assert.equal(await secA.tid('guidance-task-add').count(), 0)
    // The owner closes its task.
    const own = secA.tid('guidance-detail').locator('.el-table__row', { hasText: TASK2 })
    await own.locator('[data-testid^="guidance-task-close-"]').click()
    await secA.tid('guidance-close-dialog').waitFor()
    await secA.tid('guidance-close-note').fill('已报送')
    await secA.tid('guidance-close-submit').click()
    await secA.expectToast('success')
    await own.locator('[data-testid="guidance-task-closed"]').waitFor()
    await secA.tid('guidance-detail').locator('.el-dialog__headerbtn').click()
    await rowA.locator('[data-testid="guidance-row-tasks"]', { hasText: '未办结 0 / 共 2' }).waitFor()

    const secB = await loginSession(browser, server, { key: 'secB', username: 'ws_qian', password: PASSWORD, problems, pages })
    await secB.page.goto(`${server.baseUrl}/guidance`)
    await secB.tid('guidance-table').locator('.el-table__empty-text').waitFor()
    assert.equal(await secB.tid('guidance-table').locator('.el-table__row').count(), 0, 'another township sees no record')

    // The 审理室 reads cases but no guidance: no menu entry.
    const trial = await loginSession(browser, server, { key: 'trial', username: 'sl_wang', password: PASSWORD, problems, pages })
    await trial.tid('menu-cases').waitFor()
    assert.equal(await trial.tid('menu-guidance').count(), 0, 'the 审理室 has no 联系指导')

    // No case:read, no menu entry.
    const adm = await loginSession(browser, server, { key: 'admin', username: 'admin', password: ADMIN_PASSWORD, problems, pages })
    assert.equal(await adm.tid('side-menu').count(), 1)
    assert.equal(await adm.tid('menu-guidance').count(), 0, 'the administrator has no 联系指导')
    assert.deepEqual(problems, [])
  } catch (err) {
    await reportFailure(t, server, pages, 'guidance')
    throw err
  }
})
