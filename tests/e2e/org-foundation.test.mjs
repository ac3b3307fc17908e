// Issue 2 (foundation) end to end: admin sets up the organisation tree and a
// township user, who then sees only their own township (data scope).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { ADMIN_INITIAL_PASSWORD, launchBrowser, missingPrerequisite, startServer, ui } from './helpers.mjs'

const missing = missingPrerequisite()

const ADMIN_NEW_PASSWORD = 'Adm1n-Funnel#26'
const USER_NEW_PASSWORD = 'Wsz-Secr3t#26'
const COUNTY = { name: '成武县纪委监委', short: '成纪', code: '371723' }
const ROOM = { name: '第一纪检监察室', short: '一室' }
const TOWN1 = { name: '汶上镇', short: '汶上', code: '371723100' }
const TOWN2 = { name: '南鲁集镇', short: '南鲁', code: '371723101' }
const VILLAGE = { name: '汶上村', short: '汶上村', code: '371723100201' }
const TOWN_USER = { username: 'wenshang_sj', display: '李文书' }

let server
let browser

before(async () => {
  if (missing) return
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

test('admin builds the organisation; a township secretary sees only its township', { timeout: 180_000 }, async (t) => {
  // A missing browser, binary or build is a failure, never a skip.
  if (missing) throw new Error(`prerequisite missing: ${missing}`)
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`)
  })
  const { tid, pick, pickTreeNode, orgNode, expectToast } = ui(page)
  const base = server.baseUrl

  async function login(username, password) {
    await page.goto(`${base}/login`)
    await tid('login-username').fill(username)
    await tid('login-password').fill(password)
    await tid('login-submit').click()
  }
  async function changePassword(oldPw, newPw) {
    await page.waitForURL(/\/change-password$/)
    await tid('pw-old').fill(oldPw)
    await tid('pw-new').fill(newPw)
    await tid('pw-confirm').fill(newPw)
    await tid('pw-submit').click()
    await page.waitForURL((u) => u.pathname === '/')
    await tid('home-welcome').waitFor()
  }
  async function fillUnit(u) {
    await tid('org-form-name').fill(u.name)
    await tid('org-form-short-name').fill(u.short)
    if (u.code) await tid('org-form-division-code').fill(u.code)
    await tid('org-form-submit').click()
    await tid('org-dialog').locator('visible=true').waitFor({ state: 'detached' }).catch(() => {})
    await orgNode(u.name).waitFor()
  }

  try {
    // 1. Admin logs in with the initial password and must change it.
    await login('admin', ADMIN_INITIAL_PASSWORD)
    await changePassword(ADMIN_INITIAL_PASSWORD, ADMIN_NEW_PASSWORD)
    // Menus by permission: sys_admin has org/users/sessions, not the logs.
    await tid('menu-org').waitFor()
    assert.equal(await tid('menu-audit-log').count(), 0, 'sys_admin must not see the audit log menu')

    // 2. Organisation: the county commission.
    await tid('menu-org').click()
    await page.waitForURL(/\/org$/)
    await tid('org-add-root').click()
    await fillUnit(COUNTY)

    // 3. A discipline room under the county.
    await orgNode(COUNTY.name).click()
    await tid('org-add-child').click()
    await pick('org-form-kind', 'org-kind-department')
    await pick('org-form-category', 'org-category-discipline_room')
    await fillUnit(ROOM)

    // 4. Two townships.
    for (const town of [TOWN1, TOWN2]) {
      await orgNode(COUNTY.name).click()
      await tid('org-add-child').click()
      await pick('org-form-kind', 'org-kind-township')
      await pick('org-form-category', 'org-category-town')
      await fillUnit(town)
    }

    // 5. A village under the first township.
    await orgNode(TOWN1.name).click()
    await tid('org-detail-name').filter({ hasText: TOWN1.name }).waitFor()
    await tid('org-add-child').click()
    await pick('org-form-kind', 'org-kind-village')
    await pick('org-form-category', 'org-category-village')
    await fillUnit(VILLAGE)

    // 6. Link the first township to the room.
    await orgNode(ROOM.name).click()
    const transfer = tid('org-linked-transfer')
    await transfer.waitFor()
    const leftPanel = transfer.locator('.el-transfer-panel').first()
    await leftPanel.locator('.el-checkbox').filter({ hasText: TOWN1.name }).click()
    await transfer.locator('.el-transfer__buttons button').nth(1).click()
    await transfer.locator('.el-transfer-panel').nth(1).locator('.el-checkbox').filter({ hasText: TOWN1.name }).waitFor()
    await tid('org-linked-save').click()
    await expectToast('success')
    await orgNode(TOWN1.name).click()
    await tid('org-detail-linked-room').filter({ hasText: ROOM.name }).waitFor()
    await orgNode(TOWN2.name).click()
    await tid('org-detail-name').filter({ hasText: TOWN2.name }).waitFor()
    assert.equal((await tid('org-detail-linked-room').innerText()).trim(), '—', 'second township must not be linked')

    // 7. A township secretary in the first township.
    await tid('menu-users').click()
    await page.waitForURL(/\/users$/)
    await tid('users-add').click()
    await tid('user-form-username').fill(TOWN_USER.username)
    await tid('user-form-display-name').fill(TOWN_USER.display)
    await pick('user-form-role', 'user-role-township_secretary')
    await pickTreeNode('user-form-org-unit', TOWN1.name)
    await tid('user-form-submit').click()
    const pwEl = tid('initial-password')
    await pwEl.waitFor()
    const firstHalf = (await pwEl.innerText()).trim()
    assert.equal(firstHalf.length, 8, `first half shown (${firstHalf.length} chars)`)
    await tid('initial-password-close').click()
    await page.locator('[data-testid="users-table"] .el-table__row').filter({ hasText: TOWN_USER.username }).waitFor()
    // 三员: the proposer can only withdraw its own request, not approve it.
    await tid(`request-withdraw-${TOWN_USER.username}`).waitFor()
    assert.equal(await tid(`request-approve-${TOWN_USER.username}`).count(), 0, 'the proposer cannot approve')

    // 8. Log out. The system administrator's half alone is no login.
    await tid('user-menu').click()
    await tid('logout').locator('visible=true').click()
    await page.waitForURL(/\/login/)
    await tid('login-username').fill(TOWN_USER.username)
    await tid('login-password').fill(firstHalf)
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'))
    await tid('login-submit').click()
    assert.equal((await refused).status(), 401, 'half a password must not log in')

    // 8a. The security administrator approves and gets the second half.
    await page.goto(`${server.baseUrl}/login`)
    await login('secadmin', ADMIN_INITIAL_PASSWORD)
    await changePassword(ADMIN_INITIAL_PASSWORD, 'Sec-Funnel#2026')
    await tid('menu-users').click()
    await page.waitForURL(/\/users$/)
    await tid(`request-approve-${TOWN_USER.username}`).click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await tid('initial-password').waitFor()
    const secondHalf = (await tid('initial-password').innerText()).trim()
    assert.equal(secondHalf.length, 8)
    await tid('initial-password-close').click()
    await tid('user-menu').click()
    await tid('logout').locator('visible=true').click()
    await page.waitForURL(/\/login/)

    // 9. The township secretary logs in with both halves and changes the initial password.
    const initialPassword = firstHalf + secondHalf
    await login(TOWN_USER.username, initialPassword)
    await changePassword(initialPassword, USER_NEW_PASSWORD)
    const role = (await tid('home-role').innerText()).trim()
    assert.ok(role && role !== 'township_secretary', `role shown with its label, got "${role}"`)
    assert.match(await tid('home-org-unit').innerText(), new RegExp(TOWN1.name))
    assert.equal(await tid('menu-users').count(), 0, 'a township secretary has no users menu')

    // 10. Data scope: the org tree shows the first township, not the second.
    await tid('menu-org').click()
    await page.waitForURL(/\/org$/)
    await orgNode(TOWN1.name).waitFor()
    await orgNode(COUNTY.name).waitFor()
    await orgNode(VILLAGE.name).waitFor()
    assert.equal(await orgNode(TOWN2.name).count(), 0, 'second township must be outside the data scope')
    assert.equal(await tid('org-add-root').count(), 0, 'no edit controls without org:write')
    await orgNode(TOWN1.name).click()
    await tid('org-detail-name').filter({ hasText: TOWN1.name }).waitFor()
    assert.equal(await tid('org-edit').count(), 0, 'no edit button without org:write')

    // 11. English is switchable and remembered.
    await tid('lang-switch').click()
    await tid('lang-en').locator('visible=true').click()
    await tid('menu-org').filter({ hasText: 'Organisation' }).waitFor()
    await page.reload()
    await tid('menu-org').filter({ hasText: 'Organisation' }).waitFor()

    assert.deepEqual(problems, [], 'no page errors or CSP violations')
  } catch (err) {
    const shot = join(tmpdir(), `funnel-e2e-failure-${Date.now()}.png`)
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {})
    t.diagnostic(`screenshot: ${shot}`)
    t.diagnostic(`url: ${page.url()}`)
    try {
      t.diagnostic(`server log (tail):\n${readFileSync(server.logPath, 'utf8').split('\n').slice(-30).join('\n')}`)
    } catch {
      /* no log */
    }
    console.error(`e2e failure screenshot: ${shot}`)
    throw err
  } finally {
    await context.close()
  }
})
