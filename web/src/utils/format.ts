// Times are stored as UTC and shown in Asia/Shanghai.
const fmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

/** An ISO time (or milliseconds since the epoch) as YYYY-MM-DD HH:MM:SS in Asia/Shanghai. */
export function formatTime(iso: string | number | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const parts: Record<string, string> = {}
  for (const p of fmt.formatToParts(d)) parts[p.type] = p.value
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today in Asia/Shanghai as YYYY-MM-DD (the server's calendar day). */
export function todayShanghai(): string {
  const parts: Record<string, string> = {}
  for (const p of dayFmt.formatToParts(new Date())) parts[p.type] = p.value
  return `${parts.year}-${parts.month}-${parts.day}`
}

/** A local Date of a date picker as YYYY-MM-DD. */
export function localDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** 'YYYY-MM-DDTHH:MM' (a call time) for reading. */
export function formatMinute(s: string | null | undefined): string {
  return s ? s.replace('T', ' ') : ''
}

/** A file size for reading: 980 B, 12.3 KB, 4.5 MB (1 KB = 1024 B). */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return ''
  const units = ['B', 'KB', 'MB', 'GB']
  let v = n
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return i === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`
}
