// The portal's HTTP calls (docs/portal-contract.md). Deliberately separate
// from src/api/http.ts: no Element Plus, no cookies, no CSRF; the bearer
// token of a receipt login is passed in by the caller from page memory.

export const PORTAL_API = '/api/v1/portal'

export interface Named {
  id: number
  name: string
}
export interface County extends Named {
  townships: Named[]
}
export interface CodeLabel {
  code: string
  label: string
}
export interface AllowedType {
  type: string
  label: string
}
export interface PortalInfo {
  counties: County[]
  categories: CodeLabel[]
  cadre_levels: CodeLabel[]
  limits: { max_files: number; max_file_bytes: number; allowed_types: AllowedType[] }
  pow_bits: number
  retention_days: number
  notices: { scope: string[]; not_accepted: string[]; how?: string[]; warning: string }
}

export interface Challenge {
  challenge: string
  bits: number
  expires_at: number
}

export interface UploadResult {
  token?: string
  name: string
  size: number
  type: string
  label: string
}

export interface PersonInput {
  name: string
  unit_name?: string
  post?: string
  cadre_level?: string
}

export interface ReportInput {
  challenge: string
  nonce: string
  county_id: number
  township_id?: number
  anonymous: boolean
  reporter?: { name: string; id_number?: string; phone: string }
  persons: PersonInput[]
  category: string
  summary: string
  content: string
  happened?: string
  place?: string
  uploads: string[]
}

export interface ReportCreated {
  receipt_code: string
  password_token: string
  submitted_day: string
}

export interface LoginResult {
  token: string
  expires_at: number
}

export type PublicStatus = 'received' | 'accepted' | 'transferred' | 'handling' | 'concluded'

export interface PortalMessage {
  id: number
  from: 'reporter' | 'cadre'
  body: string
  at: number
}

export interface PortalAttachment {
  name: string
  size: number
  type: string
  at: number
}

export interface PortalReport {
  receipt_code: string
  submitted_day: string
  org_name: string
  status: PublicStatus
  status_day: string | null
  access_expires_day: string | null
  messages: PortalMessage[]
  attachments: PortalAttachment[]
  can_reply: boolean
  files_left: number
}

export class PortalError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string
  constructor(status: number, code: string, message: string, field?: string) {
    super(message)
    this.name = 'PortalError'
    this.status = status
    this.code = code
    this.field = field
  }
}

let localeOf: () => string = () => 'zh-CN'

/** The Accept-Language sent with every call (the server words its messages by it). */
export function setApiLocale(fn: () => string): void {
  localeOf = fn
}

function errorFrom(status: number, text: string): PortalError {
  let body: { code?: string; message?: string; field?: string } | undefined
  try {
    body = (JSON.parse(text) as { error?: typeof body })?.error
  } catch {
    body = undefined
  }
  // An empty message lets the page put its own words on a bare status (413 from a proxy, …).
  return new PortalError(status, body?.code ?? `http_${status}`, body?.message ?? '', body?.field || undefined)
}

async function call<T>(method: string, path: string, body?: unknown, token?: string | null): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': localeOf() }
  if (token) headers.Authorization = `Bearer ${token}`
  const init: RequestInit = {
    method,
    headers,
    // The portal sets no cookies; never send any, nor a referrer.
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
  }
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body ?? {})
  }
  let res: Response
  try {
    res = await fetch(PORTAL_API + path, init)
  } catch {
    throw new PortalError(0, 'network_error', '')
  }
  const text = await res.text()
  if (!res.ok) throw errorFrom(res.status, text)
  if (!text) return undefined as T
  try {
    return JSON.parse(text) as T
  } catch {
    throw new PortalError(res.status, 'bad_response', '')
  }
}

export const portalApi = {
  info: () => call<PortalInfo>('GET', '/info'),
  challenge: () => call<Challenge>('POST', '/challenge', {}),
  submit: (body: ReportInput) => call<ReportCreated>('POST', '/reports', body),
  setPassword: (receipt_code: string, password_token: string, password: string) =>
    call<void>('POST', '/receipts/password', { receipt_code, password_token, password }),
  login: (receipt_code: string, password: string) => call<LoginResult>('POST', '/login', { receipt_code, password }),
  report: (token: string) => call<PortalReport>('GET', '/report', undefined, token),
  reply: (token: string, body: string) => call<PortalMessage>('POST', '/report/messages', { body }, token),
}

export interface RawUpload {
  promise: Promise<UploadResult>
  abort: () => void
}

/**
 * One file as the raw request body. XMLHttpRequest rather than fetch: phones
 * on slow links need the upload progress, which fetch cannot report.
 */
export function uploadRaw(
  path: string,
  file: Blob,
  name: string,
  opts: { token?: string | null; onProgress?: (fraction: number) => void } = {},
): RawUpload {
  const xhr = new XMLHttpRequest()
  const promise = new Promise<UploadResult>((resolve, reject) => {
    xhr.open('POST', `${PORTAL_API}${path}?name=${encodeURIComponent(name)}`)
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', localeOf())
    if (opts.token) xhr.setRequestHeader('Authorization', `Bearer ${opts.token}`)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) opts.onProgress?.(e.loaded / e.total)
    }
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadResult)
        } catch {
          reject(new PortalError(xhr.status, 'bad_response', ''))
        }
      } else {
        reject(errorFrom(xhr.status, xhr.responseText))
      }
    }
    xhr.onerror = () => reject(new PortalError(0, 'network_error', ''))
    xhr.onabort = () => reject(new PortalError(0, 'aborted', ''))
    xhr.send(file)
  })
  return { promise, abort: () => xhr.abort() }
}
