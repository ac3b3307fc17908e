import { todayShanghai } from '@/utils/format'

/** A screening period: a month (YYYY-MM) or a quarter (YYYY-Qn). */
export const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/

export function currentQuarter(): string {
  const [y, m] = todayShanghai().split('-').map(Number)
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`
}
