// The public portal end to end in Chromium: on a phone-sized screen a
// reporter files an anonymous report with two evidence files, the page
// solves the proof of work and shows the receipt; the township secretary
// finds it as a web-channel petition and asks a question; the reporter logs
// in with the receipt and answers; the secretary reads the answer.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_INITIAL_PASSWORD, apiClient, launchBrowser, missingPrerequisite, startServer, ui, createApprovedUser } from './helpers.mjs'

const missing = missingPrerequisite()
const PASSWORD = 'Xs-Funnel#2026'
const RECEIPT_PASSWORD = 'Jubao-2026-mima'
const SUMMARY = '反映东关社区主任截留低保金（网上举报）'
const QUESTION = '请说明截留的时间和涉及的低保户。'
const ANSWER = '2026年9月，涉及张某、李某两户。'

// Real files, recognised by content on the server.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082',
  'hex',
)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')

let server
let browser
const org = {}
let secA

before(async () => {
  if (missing) return
  // 12 bits: a real search in the page (about 4,000 hashes), short enough for CI.
  server = await startServer({ extraServeArgs: ['--portal-pow-bits', '12'] })
  browser = await launchBrowser()
  const admin = apiClient(server.baseUrl)
  await admin.login('admin', ADMIN_INITIAL_PASSWORD, 'Adm1n-Funnel#26')
  const unit = (o) => admin.post('/org-units', { parent_id: null, division_code: null, ...o })
  org.county = await unit({ kind: 'county', category: 'county', name: '成武县纪委监委', short_name: '成纪', division_code: '371723' })
  org.office = await unit({ parent_id: org.county.id, kind: 'department', category: 'petition_office', name: '信访室', short_name: '信访' })
  org.townA = await unit({ parent_id: org.county.id, kind: 'township', category: 'subdistrict', name: '文亭街道', short_name: '文亭', division_code: '371723001' })
  org.townB = await unit({ parent_id: org.county.id, kind: 'township', category: 'town', name: '汶上镇', short_name: '汶上', division_code: '371723101' })
  const r = await createApprovedUser(admin, { username: 'wt_feng', display_name: '冯文亭', org_unit_id: org.townA.id, role: 'township_secretary' })
  secA = apiClient(server.baseUrl)
  await secA.login('wt_feng', r.initial_password, PASSWORD)
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

test('an anonymous web report with evidence, a question from the township and the answer through the receipt', { timeout: 300_000 }, async () => {
  // A missing browser, binary or build is a failure, never a skip.
  if (missing) throw new Error(`prerequisite missing: ${missing}`)
  const problems = []
  const watch = (page, who) => {
    page.on('pageerror', (e) => problems.push(`${who} pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`${who} csp: ${m.text()}`)
    })
    page.on('request', (req) => {
      const u = new URL(req.url())
      if (u.hostname !== '127.0.0.1') problems.push(`${who} third-party request: ${req.url()}`)
    })
  }

  // ---- 1. The reporter, on a phone ----------------------------------------------
  const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  phone.setDefaultTimeout(20_000)
  const p = await phone.newPage()
  watch(p, 'reporter')
  const t = (id) => p.locator(`[data-test="${id}"]`)
  await p.goto(`${server.portalUrl}/`)
  await p.getByText('诬告陷害').first().waitFor()
  await p.goto(`${server.portalUrl}/report`)
  await t('county').selectOption(String(org.county.id))
  await t('township').selectOption(String(org.townA.id))
  assert.equal(await t('anonymous').isChecked(), true)
  await t('person-name-0').fill('王守田')
  await t('person-unit-0').fill('东关社区居委会')
  await t('category').selectOption({ index: 1 })
  await t('summary').fill(SUMMARY)
  await t('content').fill('东关社区主任王守田在低保评定中优亲厚友，截留困难群众低保金。')
  await t('files').setInputFiles([
    { name: '现场照片.png', mimeType: 'image/png', buffer: PNG },
    { name: '低保名单.pdf', mimeType: 'application/pdf', buffer: PDF },
  ])
  await p.locator('[data-test="file-row"][data-state="done"]').nth(1).waitFor()
  assert.equal(await p.locator('[data-test="file-row"]').count(), 2)
  await t('password').fill(RECEIPT_PASSWORD)
  await t('password2').fill(RECEIPT_PASSWORD)
  await t('agree').check()
  await t('submit').click()
  await t('receipt-code').waitFor()
  const code = (await t('receipt-code').innerText()).replace(/\s/g, '')
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
  // Nothing of the report is kept in the browser.
  const stored = await p.evaluate(() => JSON.stringify({ l: { ...localStorage }, s: { ...sessionStorage }, c: document.cookie }))
  assert.ok(!stored.includes(code.slice(0, 4)), `receipt kept in the browser: ${stored}`)
  assert.equal((await phone.cookies()).length, 0, 'the portal sets no cookies')
  // The page fits the phone: no horizontal scrolling.
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'page wider than the phone')

  // ---- 2. The township secretary finds it and asks --------------------------------
  const list = await secA.get(`/petitions?q=${encodeURIComponent('低保金')}`)
  const pet = list.items.find((x) => x.summary === SUMMARY)
  assert.ok(pet, 'web petition in the township intake')
  assert.equal(pet.channel, 'web')
  const desk = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
  desk.setDefaultTimeout(15_000)
  const d = await desk.newPage()
  watch(d, 'cadre')
  const h = ui(d)
  await d.goto(`${server.baseUrl}/login`)
  await h.tid('login-username').fill('wt_feng')
  await h.tid('login-password').fill(PASSWORD)
  await h.tid('login-submit').click()
  await d.waitForURL((u) => u.pathname === '/')
  await d.goto(`${server.baseUrl}/petitions/${pet.id}`)
  await h.tid('petition-attachments').waitFor()
  await d.locator('[data-testid="attachment-row"]').nth(1).waitFor()
  const names = await d.locator('[data-testid="attachment-row"]').allInnerTexts()
  assert.deepEqual(names.map((x) => x.trim()), ['现场照片.png', '低保名单.pdf'])
  await d.locator('textarea[data-testid="message-body"], [data-testid="message-body"] textarea').fill(QUESTION)
  await h.tid('message-send').click()
  await d.locator('[data-testid="petition-message"][data-direction="out"]').filter({ hasText: QUESTION }).waitFor()

  // ---- 3. The reporter follows up with the receipt and answers -------------------------
  await p.goto(`${server.portalUrl}/follow`)
  await t('follow-code').fill(code.toLowerCase())
  await t('follow-password').fill(RECEIPT_PASSWORD)
  await t('follow-submit').click()
  await p.locator('[data-test="status"][data-status="received"]').waitFor()
  await p.locator('[data-test="message"][data-from="cadre"]').filter({ hasText: QUESTION }).waitFor()
  assert.ok(!(await p.locator('body').innerText()).includes('冯文亭'), 'the cadre is named to the reporter')
  await t('reply').fill(ANSWER)
  await t('reply-submit').click()
  await p.locator('[data-test="message"][data-from="reporter"]').filter({ hasText: ANSWER }).waitFor()

  // A wrong password gets the generic answer.
  const other = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
  await other.goto(`${server.portalUrl}/follow`)
  await other.locator('[data-test="follow-code"]').fill(code)
  await other.locator('[data-test="follow-password"]').fill('Wrong-password-1')
  await other.locator('[data-test="follow-submit"]').click()
  await other.locator('[data-test="follow-error"]').filter({ hasText: '回执码或密码不正确' }).waitFor()

  // ---- 4. The secretary reads the answer ---------------------------------------------
  await d.reload()
  await d.locator('[data-testid="petition-message"][data-direction="in"]').filter({ hasText: ANSWER }).waitFor()

  assert.deepEqual(problems, [])
  await phone.close()
  await desk.close()
})
