import { http, type Query } from './http'
import type { Id, Page, User, UserInput } from './types'

export const listUsers = (q: Query) => http.get<Page<User>>('/users', q)
export const getUser = (id: Id) => http.get<User>(`/users/${id}`)
export const createUser = (input: UserInput & { password?: string }) =>
  http.post<{ user: User; initial_password: string }>('/users', input)
export const updateUser = (id: Id, input: UserInput) => http.put<User>(`/users/${id}`, input)
export const resetUserPassword = (id: Id) => http.post<{ initial_password: string }>(`/users/${id}/reset-password`, {})
export const unlockUser = (id: Id) => http.post<Record<string, never>>(`/users/${id}/unlock`, {})
