import { http, type Query } from './http'
import type { Id, Page, Recusal, RecusalCandidate, RecusalInput } from './types'

// 回避: a user with a recusal for a person no longer sees petitions and clues naming that person.
export const listRecusals = (q: Query) => http.get<Page<Recusal>>('/recusals', q)
export const addRecusal = (input: RecusalInput) => http.post<Recusal>('/recusals', input)
export const removeRecusal = (id: Id) => http.del<Record<string, never>>(`/recusals/${id}`)
/** At most 20 business accounts of the caller's county whose username or display name contains q (all when q is empty). */
export const listRecusalCandidates = (q: string) => http.get<{ items: RecusalCandidate[] }>('/recusals/candidates', { q })
