// 谈话室日历 (CA-2) in the browser: a township secretary whose case is
// under investigation (set up through the API, the room kept by 案管) opens
// the room calendar, moves to next week, books 09:00–10:00 from an empty
// cell and sees it in the cell; booking the same slot again shows the
// server's conflict naming the room and the taken range in the dialog.
// A talk held earlier today gets its register closed, then an incident
// with its 24-hour report due time, and the report to the higher organ
// (in time). The next week's booking is cancelled after a confirmation and
// its slot is free: booked again.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, missingPrerequisite, startServer, adminClient, buildCounty, createUsers, loginSession, reportFailure } from './helpers.mjs'

const missing = missingPrerequisite()
const PASSWORD = 'Rm-Funnel#2026'
const TODAY = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
const addDays = (day, n) => {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}
const nextMonday = addDays(TODAY, 7 - ((new Date(`${TODAY}T00:00:00Z`).getUTCDay() + 6) % 7))
const DAY = addDays(nextMonday, 2) // next week's Wednesday

let server
let browser
let room
let kase
let api
let secId
let staffId

before(async () => {
  if (missing) return
  server = await startServer()
  browser = await launchBrowser()
  const admin = await adminClient(server)
  const org = await buildCounty(admin, ['sup', 'townA'])
  api = await createUsers(
    admin,
    {
      cs: { username: 'ag_zhou', display: '周案管', role: 'case_supervision' },
      sec: { username: 'wt_li', display: '李书记', role: 'township_secretary' },
      staff: { username: 'wt_wang', display: '王干事', role: 'township_staff' },
    },
    { cs: org.sup, sec: org.townA, staff: org.townA },
    PASSWORD,
  )
  const me = async (c) => (await c.get("/auth/me")).user
  secId = (await me(api.sec)).id
  staffId = (await me(api.staff)).id
  const filed = await api.sec.post('/cases', {
    source: 'found_in_supervision', source_ref: '专项检查', violations: ['mass_discipline'], mode: 'township', summary: '侵占集体资金',
    person: { name: '钱有才', unit_name: '东关社区居委会', post: '村会计', cadre_level: 'village_cadre', party_member: true },
  })
  await api.sec.post(`/cases/${filed.id}/actions`, { action: 'approve_filing' })
  await api.sec.post(`/cases/${filed.id}/actions`, { action: 'approve_filing', approval_ref: '文党〔2026〕1号' })
  kase = await api.sec.post(`/cases/${filed.id}/actions`, { action: 'start_investigation', plan: '谈话', team: [secId, staffId] })
  room = await api.cs.post('/interview-rooms', { org_unit_id: org.townA.id, name: '文亭谈话室', place: '街道办公楼二楼' })
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

test('book a free slot from the week calendar; the same slot again shows the conflict; a held talk\'s register closes only with its recording reference; an incident is recorded and reported; a booking is cancelled and its slot is free again', { timeout: 120_000 }, async (t) => {
  if (missing) throw new Error(`prerequisite missing: ${missing}`)
  assert.equal(kase.state, 'investigating')
  const problems = []
  const pages = []
  try {
    const s = await loginSession(browser, server, { key: 'sec', username: 'wt_li', password: PASSWORD, problems, pages })
    await s.page.goto(`${server.baseUrl}/interview-rooms`)
    await s.tid('rooms-calendar').waitFor()
    await s.tid('rooms-next-week').click()
    await s.page.locator('[data-testid="rooms-week"]', { hasText: nextMonday }).waitFor()
    const cell = s.tid(`cell-${room.id}-${DAY}`)
    assert.equal(await cell.locator('[data-testid="booking"]').count(), 0, 'an empty cell')

    await s.tid(`book-${room.id}-${DAY}`).click()
    await s.tid('book-dialog').waitFor()
    await s.tid('book-submit').click()
    await s.expectToast('success')
    await cell.locator('[data-testid="booking"]', { hasText: '09:00–10:00' }).waitFor()
    assert.match(await cell.innerText(), new RegExp(kase.number.replace(/[〔〕]/g, '.')))

    // The same slot again: the server's 409, shown in the dialog.
    await s.tid(`book-${room.id}-${DAY}`).click()
    await s.tid('book-dialog').waitFor()
    await s.tid('book-submit').click()
    const err = s.tid('book-error')
    await err.waitFor()
    const text = await err.innerText()
    assert.match(text, /文亭谈话室/)
    assert.match(text, new RegExp(`${DAY} 09:00—10:00`))
    assert.match(text, /已被预约/)
    assert.equal(await cell.locator('[data-testid="booking"]').count(), 1, 'still one booking')

    // The register of a talk held earlier today (booked through the API):
    // two interviewers, the safety officer, the risk checks, the handover;
    // an important talk closes only with its recording's reference.
    const startMs = Math.floor((Date.now() - 3 * 3600e3) / 60000) * 60000
    const wall = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 19)
    const held = await api.sec.post(`/interview-rooms/${room.id}/bookings`, { case_id: kase.id, start: `${wall(startMs)}+08:00`, end: `${wall(startMs + 3600e3)}+08:00` })
    const heldDay = wall(startMs).slice(0, 10)
    await s.tid('book-cancel').click()
    await s.tid('book-dialog').waitFor({ state: 'hidden' })
    await s.tid('rooms-this-week').click()
    if (heldDay < addDays(nextMonday, -7)) await s.tid('rooms-prev-week').click()
    const heldCell = s.tid(`cell-${room.id}-${heldDay}`)
    await heldCell.locator('[data-testid="booking"]', { hasText: wall(startMs).slice(11, 16) }).click()
    await s.tid('talk-dialog').waitFor()
    await s.tid('talk-interviewers').click()
    for (const id of [secId, staffId]) await s.page.locator(`.el-select-dropdown [data-testid="talk-interviewer-${id}"]`).locator('visible=true').click()
    await s.page.keyboard.press('Escape')
    await s.pick('talk-safety', `talk-safety-${staffId}`)
    await s.tid('talk-important').click()
    for (const box of await s.page.locator('[data-testid^="talk-check-"]').all()) await box.click()
    await s.tid('talk-handover').fill('谈话结束后由安全员护送离开，情绪稳定')
    await s.tid('talk-close').click()
    const talkErr = s.tid('talk-error')
    await talkErr.waitFor()
    assert.match(await talkErr.innerText(), /录音录像/)
    await s.tid('talk-recording-ref').fill('LY-2026-0001')
    await s.tid('talk-close').click()
    await s.expectToast('success')
    const saved = await api.sec.get(`/interview-rooms/${room.id}/bookings/${held.id}`)
    assert.deepEqual([saved.talk.closed, saved.talk.important, saved.talk.recording_ref, saved.talk.interviewers.length], [true, true, 'LY-2026-0001', 2])
    await s.tid('talk-dialog').waitFor({ state: 'hidden' })

    // An incident during that talk: its report is due 24 hours from the next
    // full hour; it is reported (in time) with the report's reference.
    let occurredMs = startMs + 30 * 60e3
    if (occurredMs % 3600e3 === 0) occurredMs += 60e3 // not on the hour: the next full hour is unambiguous
    const dueMs = Math.floor(occurredMs / 3600e3) * 3600e3 + 25 * 3600e3
    const shown = (ms) => wall(ms).replace('T', ' ').slice(0, 16)
    await heldCell.locator('[data-testid="booking"]', { hasText: wall(startMs).slice(11, 16) }).click()
    await s.tid('talk-dialog').waitFor()
    await s.tid('talk-closed').waitFor()
    assert.equal(await s.tid('booking-cancel').count(), 0, 'a closed talk cannot be cancelled')
    await s.tid('incident-add').click()
    await s.tid('incident-dialog').waitFor()
    const at = s.tid('incident-at').locator('input')
    await at.click()
    await at.fill(wall(occurredMs).replace('T', ' '))
    await at.press('Enter')
    await s.tid('incident-text').fill('谈话对象情绪激动，以头撞桌，安全员当即制止并送医检查')
    await s.tid('incident-submit').click()
    await s.expectToast('success')
    await s.tid('incident-dialog').waitFor({ state: 'hidden' })
    const incidents = s.tid('incidents')
    await incidents.locator('.el-table__row', { hasText: '以头撞桌' }).waitFor()
    assert.equal(await s.tid('incident-due').innerText(), shown(dueMs))
    assert.match(await s.tid('incident-state').innerText(), /办理中|即将到期/)
    await incidents.locator('[data-testid^="incident-report-"]').click()
    await s.tid('incident-dialog').waitFor()
    await s.tid('incident-text').fill('文亭纪〔2026〕7号')
    await s.tid('incident-submit').click()
    await s.expectToast('success')
    await s.tid('incident-report').waitFor()
    assert.match(await s.tid('incident-report').innerText(), /文亭纪〔2026〕7号/)
    assert.equal(await s.tid('incident-state').innerText(), '已按时报告')
    assert.equal(await incidents.locator('[data-testid^="incident-report-"]').count(), 0, 'reported once')
    const inc = (await api.sec.get(`/interview-rooms/${room.id}/bookings/${held.id}`)).incidents
    assert.deepEqual(inc.map((i) => [Date.parse(i.occurred_at), Date.parse(i.report_due_at), i.report_ref, i.report_late]), [[occurredMs, dueMs, '文亭纪〔2026〕7号', false]])
    await s.tid('talk-cancel').click()
    await s.tid('talk-dialog').waitFor({ state: 'hidden' })

    // Next week's booking cancelled after the confirmation: the slot is free and booked again.
    await s.tid('rooms-this-week').click()
    await s.tid('rooms-next-week').click()
    await s.page.locator('[data-testid="rooms-week"]', { hasText: nextMonday }).waitFor()
    await cell.locator('[data-testid="booking"]', { hasText: '09:00–10:00' }).click()
    await s.tid('talk-dialog').waitFor()
    await s.tid('booking-cancel').click()
    await s.page.locator('.el-message-box__btns .el-button--primary').click()
    await s.expectToast('success')
    await s.tid('talk-dialog').waitFor({ state: 'hidden' })
    await cell.locator('[data-testid="booking"]').waitFor({ state: 'detached' })
    await s.tid(`book-${room.id}-${DAY}`).click()
    await s.tid('book-dialog').waitFor()
    await s.tid('book-submit').click()
    await s.tid('book-dialog').waitFor({ state: 'hidden' })
    await cell.locator('[data-testid="booking"]', { hasText: '09:00–10:00' }).waitFor()
    const week = await api.sec.get(`/interview-rooms/calendar?from=${DAY}&to=${DAY}`)
    assert.equal(week.bookings.filter((b) => b.room_id === room.id).length, 1, 'one live booking: the new one')
    assert.deepEqual(problems, [])
  } catch (err) {
    await reportFailure(t, server, pages, 'interview-rooms')
    throw err
  }
})
