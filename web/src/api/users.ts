import { http, type Query } from './http'
import type { Id, Page, User, UserInput } from './types'

// 三员 (SY-15): creating, re-granting and resetting are proposals; each of
// the two administrators gets half of the initial password.
export interface AccountRequest {
  id: Id
  kind: 'create' | 'update' | 'reset'
  status: 'pending' | 'approved' | 'rejected'
  user: { id: Id; username: string; display_name: string; role: string }
  changes: { role?: string; data_scope?: string; org_unit_id?: Id | null }
  proposed_by: { id: Id; name: string; role: string }
  proposed_at: string
  decided_by: { id: Id; name: string } | null
  decided_at: string | null
}

export const listUsers = (q: Query) => http.get<Page<User>>('/users', q)
export const getUser = (id: Id) => http.get<User>(`/users/${id}`)
export const createUser = (input: UserInput) =>
  http.post<{ user: User; request_id: Id; secret_part: string }>('/users', input)
export const updateUser = (id: Id, input: UserInput) =>
  http.put<User & { pending_request_id: Id | null }>(`/users/${id}`, input)
export const resetUserPassword = (id: Id) =>
  http.post<{ request_id: Id; secret_part: string }>(`/users/${id}/reset-password`, {})
export const unlockUser = (id: Id) => http.post<Record<string, never>>(`/users/${id}/unlock`, {})
export const listAccountRequests = (q: Query) => http.get<Page<AccountRequest>>('/account-requests', q)
export const approveAccountRequest = (id: Id) =>
  http.post<{ secret_part: string | null }>(`/account-requests/${id}/approve`, {})
export const rejectAccountRequest = (id: Id) => http.post<Record<string, never>>(`/account-requests/${id}/reject`, {})
