// Online users (强退), the audit chain check, the login log, and server field
// errors shown on the form item — the administrators' side of issue 2.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ADMIN_INITIAL_PASSWORD, launchBrowser, missingPrerequisite, startServer, ui } from './helpers.mjs'

const missing = missingPrerequisite()
const NEW_PASSWORD = 'Adm1n-Funnel#26'

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

async function newSession(username) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const h = ui(page)
  await page.goto(`${server.baseUrl}/login`)
  await h.tid('login-username').fill(username)
  await h.tid('login-password').fill(ADMIN_INITIAL_PASSWORD)
  await h.tid('login-submit').click()
  await page.waitForURL(/\/change-password$/)
  await h.tid('pw-old').fill(ADMIN_INITIAL_PASSWORD)
  await h.tid('pw-new').fill(NEW_PASSWORD)
  await h.tid('pw-confirm').fill(NEW_PASSWORD)
  await h.tid('pw-submit').click()
  await page.waitForURL((u) => u.pathname === '/')
  return { context, page, ...h }
}

test('force logout, audit chain, login log, field errors', { timeout: 180_000 }, async (t) => {
  // A missing browser, binary or build is a failure, never a skip.
  if (missing) throw new Error(`prerequisite missing: ${missing}`)
  const pages = []
  try {
    const auditor = await newSession('auditor')
    pages.push(auditor.page)
    const admin = await newSession('admin')
    pages.push(admin.page)

    // The auditor sees only the log menus.
    await auditor.tid('menu-audit-log').waitFor()
    assert.equal(await auditor.tid('menu-org').count(), 0)
    assert.equal(await auditor.tid('menu-users').count(), 0)

    // A server field error lands on the form item (division code of a county is 6 digits).
    await admin.tid('menu-org').click()
    await admin.tid('org-add-root').click()
    await admin.tid('org-form-name').fill('成武县纪委监委')
    await admin.tid('org-form-short-name').fill('成纪')
    await admin.tid('org-form-division-code').fill('12')
    await admin.tid('org-form-submit').click()
    const codeItem = admin.page.locator('.el-form-item').filter({ has: admin.tid('org-form-division-code') })
    await codeItem.locator('.el-form-item__error').waitFor()
    await admin.tid('org-form-cancel').click()

    // 强退: the system administrator may not end the auditor's session (三员)…
    await admin.tid('menu-sessions').click()
    const row = admin.page.locator('[data-testid="sessions-table"] .el-table__row').filter({ hasText: '(auditor)' })
    await row.waitFor()
    await row.locator('[data-testid^="session-revoke-"]').click()
    await admin.page.locator('.el-message-box__btns .el-button--primary').click()
    await admin.expectToast('error')
    await row.waitFor()
    // …the security administrator may.
    const sec = await newSession('secadmin')
    pages.push(sec.page)
    await sec.tid('menu-sessions').click()
    const secRow = sec.page.locator('[data-testid="sessions-table"] .el-table__row').filter({ hasText: '(auditor)' })
    await secRow.waitFor()
    await secRow.locator('[data-testid^="session-revoke-"]').click()
    await sec.page.locator('.el-message-box__btns .el-button--primary').click()
    await sec.expectToast('success')
    await secRow.waitFor({ state: 'detached' })

    // The auditor's next request ends on the login page.
    await auditor.tid('menu-login-log').click()
    await auditor.page.waitForURL(/\/login/)

    // Log in again: the login log and the audit chain.
    await auditor.tid('login-username').fill('auditor')
    await auditor.tid('login-password').fill(NEW_PASSWORD)
    await auditor.tid('login-submit').click()
    await auditor.page.waitForURL(/\/login-log$/)
    await auditor.page.locator('[data-testid="login-log-table"] .el-table__row').filter({ hasText: 'admin' }).first().waitFor()
    await auditor.tid('menu-audit-log').click()
    await auditor.page.locator('[data-testid="audit-table"] .el-table__row').first().waitFor()
    await auditor.tid('audit-verify').click()
    const result = auditor.tid('audit-verify-result')
    await result.waitFor()
    assert.match(await result.getAttribute('class'), /el-alert--success/)
  } catch (err) {
    for (const [i, p] of pages.entries()) {
      const shot = join(tmpdir(), `funnel-e2e-admin-tools-${Date.now()}-${i}.png`)
      await p.screenshot({ path: shot, fullPage: true }).catch(() => {})
      t.diagnostic(`screenshot: ${shot} (${p.url()})`)
      console.error(`e2e failure screenshot: ${shot}`)
    }
    throw err
  } finally {
    for (const p of pages) await p.context().close().catch(() => {})
  }
})
