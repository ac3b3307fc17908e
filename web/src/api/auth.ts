import { http } from './http'
import type { LoginResponse, MeResponse } from './types'

export const login = (username: string, password: string) =>
  http.post<LoginResponse>('/auth/login', { username, password }, { noRedirect: true })

export const logout = () => http.post<Record<string, never>>('/auth/logout', {}, { silent: true, noRedirect: true })

export const getMe = () => http.get<MeResponse>('/auth/me', undefined, { silent: true, noRedirect: true })

export const changePassword = (old_password: string, new_password: string) =>
  http.post<Record<string, never>>('/auth/password', { old_password, new_password })
