import type { FormItemRule } from 'element-plus'
import { i18n } from '@/locales'

// Client-side form rules shared by the forms (the server decides; these save
// a round trip). Messages follow the current UI language.

const empty = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)

// Text of spaces only counts as empty; numbers and selections are checked as
// they are (async-validator's `whitespace` and `transform` would type-check
// them as strings).
export const required = (trigger: 'blur' | 'change' = 'blur'): FormItemRule => ({
  required: true,
  trigger,
  validator: (_rule: unknown, v: unknown, cb: (e?: Error) => void) =>
    empty(v) ? cb(new Error(i18n.global.t('common.required'))) : cb(),
})

export const maxLen = (n: number): FormItemRule => ({
  max: n,
  message: () => i18n.global.t('petition.v.tooLong', { n }),
  trigger: 'blur',
})

/** A picked user (a number) or a user ID typed as digits (UserIdPicker). */
export const userIdRule = (message: () => string): FormItemRule => ({
  trigger: 'change',
  validator: (_rule: unknown, v: unknown, cb: (e?: Error) => void) =>
    typeof v === 'number' || /^\d+$/.test(String(v ?? '').trim()) ? cb() : cb(new Error(message())),
})

/** The user ID of a UserIdPicker value (null when none or not digits). */
export function toUserId(v: unknown): number | null {
  if (typeof v === 'number') return v
  const s = String(v ?? '').trim()
  return /^\d+$/.test(s) ? Number(s) : null
}
