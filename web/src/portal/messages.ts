// A message shown to the reporter: either an i18n key (re-rendered when the
// language changes) or text the server sent (shown as it came).
import { i18n } from './locales'
import { PortalError } from './api'

export type Msg = { key: string; params?: Record<string, unknown> } | { text: string }

export function msgText(m: Msg | null | undefined): string {
  if (!m) return ''
  if ('text' in m) return m.text
  return i18n.global.t(m.key, m.params ?? {})
}

/** The server's own message when it sent one, else a generic one for the status. */
export function errorMsg(e: unknown): Msg {
  if (e instanceof PortalError) {
    if (e.message) return { text: e.message }
    if (e.status === 0) return { key: 'common.networkError' }
    return { key: 'common.serverError', params: { status: e.status } }
  }
  return { key: 'common.serverError', params: { status: '?' } }
}
