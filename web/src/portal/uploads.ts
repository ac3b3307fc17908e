// Evidence files uploaded one request each, as soon as they are chosen.
// The rows live in a reactive array owned by the caller (the report draft or
// the status page), so the list survives moving between portal pages.
import { uploadRaw, PortalError, type UploadResult } from './api'
import { errorMsg, type Msg } from './messages'
import { formatBytes } from './format'

export interface UploadRow {
  id: number
  name: string
  size: number
  state: 'uploading' | 'done' | 'error'
  /** 0..100 while uploading. */
  progress: number
  /** The upload token (report form only). */
  token: string | null
  /** The kind the server decided from the content (图片, PDF …). */
  label: string
  error: Msg | null
}

export interface UploadOptions {
  /** Path under /api/v1/portal, e.g. /uploads or /report/uploads. */
  path: string
  token?: string | null
  /** How many more files may be started now. */
  room: number
  /** The limit named in the "too many" message. */
  limit: number
  maxBytes: number
  onDone?: (row: UploadRow, result: UploadResult) => void
}

let nextId = 1
// Abort handles stay outside the reactive rows.
const aborts = new Map<number, () => void>()

export function activeCount(rows: UploadRow[]): number {
  return rows.filter((r) => r.state !== 'error').length
}

export function addFiles(rows: UploadRow[], files: File[], opts: UploadOptions): void {
  let room = opts.room
  for (const file of files) {
    rows.push({
      id: nextId++,
      name: file.name,
      size: file.size,
      state: 'uploading',
      progress: 0,
      token: null,
      label: '',
      error: null,
    })
    // The proxied row: changes through it reach the page.
    const row = rows[rows.length - 1]
    if (room <= 0) {
      fail(row, { key: 'files.tooMany', params: { n: opts.limit } })
      continue
    }
    if (file.size > opts.maxBytes) {
      fail(row, { key: 'files.tooBig', params: { max: formatBytes(opts.maxBytes) } })
      continue
    }
    if (file.size === 0) {
      fail(row, { key: 'files.empty' })
      continue
    }
    room--
    let job: ReturnType<typeof uploadRaw> | null = null
    let removed = false
    aborts.set(row.id, () => {
      removed = true
      job?.abort()
    })
    enqueue(() => {
      if (removed) return Promise.resolve()
      job = uploadRaw(opts.path, file, file.name, {
        token: opts.token,
        onProgress: (f) => {
          row.progress = Math.min(99, Math.floor(f * 100))
        },
      })
      return job.promise
        .then((res) => {
          row.state = 'done'
          row.progress = 100
          row.token = res.token ?? null
          row.label = res.label
          row.name = res.name || row.name
          opts.onDone?.(row, res)
        })
        .catch((e: unknown) => {
          if (e instanceof PortalError && e.code === 'aborted') return
          if (e instanceof PortalError && e.status === 413 && !e.message) {
            fail(row, { key: 'files.tooBig', params: { max: formatBytes(opts.maxBytes) } })
          } else {
            const m = errorMsg(e)
            fail(row, 'text' in m ? { key: 'files.failed', params: { msg: m.text } } : m)
          }
        })
        .finally(() => aborts.delete(row.id))
    })
  }
}

// The server takes two uploads at once from one client network
// (--portal-uploads-per-network, 429 beyond); the others wait their turn here.
const MAX_PARALLEL = 2
let running = 0
const waiting: Array<() => Promise<void>> = []

function enqueue(start: () => Promise<void>): void {
  waiting.push(start)
  pump()
}

function pump(): void {
  while (running < MAX_PARALLEL && waiting.length > 0) {
    const start = waiting.shift() as () => Promise<void>
    running++
    void start().finally(() => {
      running--
      pump()
    })
  }
}

function fail(row: UploadRow, m: Msg): void {
  row.state = 'error'
  row.error = m
}

export function removeRow(rows: UploadRow[], row: UploadRow): void {
  aborts.get(row.id)?.()
  aborts.delete(row.id)
  const i = rows.findIndex((r) => r.id === row.id)
  if (i >= 0) rows.splice(i, 1)
}
