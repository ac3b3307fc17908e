import { http, type Query } from './http'
import type { Id, Page, RosterEntry, RosterInput, Visit, VisitInput } from './types'

// 三访合一: who receives visitors on which day, and the visits themselves.
export const listRoster = (from: string, to: string, orgId?: Id | null) =>
  http.get<Page<RosterEntry>>('/duty-roster', { from, to, org_id: orgId ?? undefined })
export const addRoster = (input: RosterInput) => http.post<RosterEntry>('/duty-roster', input)
export const removeRoster = (id: Id) => http.del<Record<string, never>>(`/duty-roster/${id}`)
export const listVisits = (q: Query) => http.get<Page<Visit>>('/visits', q)
export const addVisit = (input: VisitInput) => http.post<Visit>('/visits', input)
