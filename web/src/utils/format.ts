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

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
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
