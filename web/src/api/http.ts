// A small fetch wrapper for /api/v1 (RuoYi-style request util).
// - same-origin cookies, JSON bodies (or raw bytes for uploads), X-CSRF-Token
//   on every non-GET request
// - 401 unauthenticated → login page; 403 password_change_required → the
//   change-password page; other errors → ElMessage with the server's message
//   (callers may map error.field onto a form item, see fieldErrors()).
import { ElMessage } from 'element-plus'

export const API_BASE = '/api/v1'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string
  constructor(status: number, code: string, message: string, field?: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
  }
}

export interface HttpHooks {
  csrfToken: () => string | null
  locale: () => string
  onUnauthenticated: () => void
  onPasswordChangeRequired: () => void
}

let hooks: HttpHooks = {
  csrfToken: () => null,
  locale: () => 'zh-CN',
  onUnauthenticated: () => {},
  onPasswordChangeRequired: () => {},
}

export function configureHttp(h: HttpHooks): void {
  hooks = h
}

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** Raw bytes sent as application/octet-stream instead of a JSON body (file uploads). */
  raw?: Blob
  /** Do not show the error message (the caller handles it). */
  silent?: boolean
  /** Do not redirect on 401 (used by the start-up /auth/me probe and login). */
  noRedirect?: boolean
}

/** The URL of an API path with its query (empty values left out); also for plain links such as downloads. */
export function apiUrl(path: string, query?: Query): string {
  let url = API_BASE + path
  if (query) {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      params.append(k, String(v))
    }
    const s = params.toString()
    if (s) url += '?' + s
  }
  return url
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': hooks.locale(),
  }
  const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = hooks.csrfToken()
    if (token) headers['X-CSRF-Token'] = token
    if (opts.raw !== undefined) {
      headers['Content-Type'] = 'application/octet-stream'
      init.body = opts.raw
    } else {
      headers['Content-Type'] = 'application/json'
      init.body = JSON.stringify(opts.body === undefined ? {} : opts.body)
    }
  }

  let res: Response
  try {
    res = await fetch(apiUrl(path, opts.query), init)
  } catch (e) {
    const err = new ApiError(0, 'network_error', (e as Error).message || 'network error')
    if (!opts.silent) ElMessage.error(err.message)
    throw err
  }

  const text = await res.text()
  let data: unknown = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }

  if (res.ok) return data as T

  const body = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error
  const err = new ApiError(
    res.status,
    body?.code ?? `http_${res.status}`,
    body?.message ?? `${res.status} ${res.statusText}`,
    body?.field,
  )

  if (res.status === 401 && err.code !== 'invalid_credentials' && !opts.noRedirect) {
    if (!opts.silent) ElMessage.warning(err.message)
    hooks.onUnauthenticated()
    throw err
  }
  if (res.status === 403 && err.code === 'password_change_required' && !opts.noRedirect) {
    hooks.onPasswordChangeRequired()
    throw err
  }
  if (!opts.silent) ElMessage.error(err.message)
  throw err
}

export const http = {
  get: <T>(path: string, query?: Query, opts: RequestOptions = {}) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PUT', path, { ...opts, body }),
  del: <T>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
  /** POST of a file's bytes as the body (the file's name goes in the query). */
  upload: <T>(path: string, raw: Blob, query?: Query, opts: RequestOptions = {}) =>
    request<T>('POST', path, { ...opts, raw, query }),
}

/**
 * Puts an ApiError's field message into a reactive record bound to
 * el-form-item :error. Returns true when the error named a field.
 */
export function applyFieldError(err: unknown, target: Record<string, string>): boolean {
  for (const k of Object.keys(target)) target[k] = ''
  if (err instanceof ApiError && err.field) {
    target[err.field] = err.message
    return true
  }
  return false
}
