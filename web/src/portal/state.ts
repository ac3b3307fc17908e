// Everything the portal remembers lives here, in page memory only: never in
// localStorage, sessionStorage or cookies (a shared phone must not keep a
// trace of a report). A reload forgets it all, by design.
import { reactive } from 'vue'
import { portalApi, PortalError, type PortalInfo } from './api'
import { errorMsg, type Msg } from './messages'
import type { UploadRow } from './uploads'
import { currentLocale } from './locales'

export interface PersonDraft {
  key: number
  name: string
  unit_name: string
  post: string
  cadre_level: string
}

export interface ReportDraft {
  county_id: number | null
  /** null: the county commission itself. */
  township_id: number | null
  anonymous: boolean
  reporter: { name: string; id_number: string; phone: string }
  persons: PersonDraft[]
  category: string
  summary: string
  content: string
  happened: string
  place: string
  uploads: UploadRow[]
  password: string
  password2: string
  agree: boolean
}

export interface ReceiptMemory {
  code: string
  submittedDay: string
  /** Kept only until the follow-up password is set. */
  passwordToken: string | null
  password: string | null
  passwordSet: boolean
  passwordError: Msg | null
}

export interface Session {
  token: string
  expiresAt: number
}

export const memory = reactive({
  info: null as PortalInfo | null,
  draft: null as ReportDraft | null,
  receipt: null as ReceiptMemory | null,
  session: null as Session | null,
  /** A one-off notice for the follow-up page (logged out, session ended). */
  followNotice: null as Msg | null,
})

let infoLoad: Promise<PortalInfo> | null = null
let infoLoadLocale = ''
let infoLocale = ''

/** GET /info in the current language (the server words notices and labels by Accept-Language). */
export function loadInfo(): Promise<PortalInfo> {
  const locale = currentLocale()
  if (memory.info && infoLocale === locale) return Promise.resolve(memory.info)
  if (!infoLoad || infoLoadLocale !== locale) {
    infoLoadLocale = locale
    const load: Promise<PortalInfo> = portalApi.info().then(
      (info) => {
        // A later switch of language wins over an earlier answer.
        if (infoLoad === load) {
          memory.info = info
          infoLocale = locale
          infoLoad = null
        }
        return info
      },
      (e: unknown) => {
        if (infoLoad === load) infoLoad = null
        throw e
      },
    )
    infoLoad = load
  }
  return infoLoad
}

let personKey = 1

export function newPerson(): PersonDraft {
  return { key: personKey++, name: '', unit_name: '', post: '', cadre_level: '' }
}

export function draft(): ReportDraft {
  if (!memory.draft) {
    memory.draft = {
      county_id: null,
      township_id: null,
      anonymous: true,
      reporter: { name: '', id_number: '', phone: '' },
      persons: [newPerson()],
      category: '',
      summary: '',
      content: '',
      happened: '',
      place: '',
      uploads: [],
      password: '',
      password2: '',
      agree: false,
    }
  }
  return memory.draft
}

export function draftTouched(): boolean {
  const d = memory.draft
  if (!d) return false
  return Boolean(
    d.summary || d.content || d.uploads.length || d.persons.some((p) => p.name || p.unit_name) || d.reporter.name,
  )
}

export function clearDraft(): void {
  memory.draft = null
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Sets the follow-up password right after the submission; 503 is retried three times. */
export async function setReceiptPassword(r: ReceiptMemory): Promise<void> {
  const token = r.passwordToken
  const password = r.password
  if (!token || !password) return
  for (let attempt = 0; ; attempt++) {
    try {
      await portalApi.setPassword(r.code, token, password)
      r.passwordSet = true
      r.passwordError = null
      r.passwordToken = null
      r.password = null
      return
    } catch (e) {
      if (e instanceof PortalError && e.status === 503 && attempt < 3) {
        await sleep(1000 * (attempt + 1))
        continue
      }
      r.passwordError = errorMsg(e)
      return
    }
  }
}

let expiryTimer: ReturnType<typeof setTimeout> | undefined

export function startSession(token: string, expiresAt: number): void {
  memory.session = { token, expiresAt }
  clearTimeout(expiryTimer)
  // setTimeout overflows past 2^31 ms; a session is short anyway.
  const ms = Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1)
  expiryTimer = setTimeout(() => endSession({ key: 'status.sessionEnded' }), ms)
}

export function endSession(notice: Msg | null = null): void {
  clearTimeout(expiryTimer)
  memory.session = null
  memory.followNotice = notice
}
