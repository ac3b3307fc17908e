export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${trim(n / 1024)} KB`
  return `${trim(n / (1024 * 1024))} MB`
}

function trim(x: number): string {
  return x >= 10 ? String(Math.round(x)) : String(Math.round(x * 10) / 10)
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** Local date and time of a millisecond timestamp, YYYY-MM-DD HH:mm. */
export function formatTime(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}
