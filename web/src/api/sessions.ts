import { http, type Query } from './http'
import type { Id, Page, SessionInfo } from './types'

export const listSessions = (q: Query) => http.get<Page<SessionInfo>>('/sessions', q)
export const revokeSession = (id: Id) => http.del<Record<string, never>>(`/sessions/${id}`)
