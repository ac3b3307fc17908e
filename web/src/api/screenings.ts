import { http, type Query } from './http'
import type { Id, Page, Screening, ScreeningInput, ScreeningOutcomeInput } from './types'

export const listScreenings = (q: Query) => http.get<Page<Screening>>('/screenings', q)
export const addScreening = (input: ScreeningInput) => http.post<Screening>('/screenings', input)
export const setScreeningOutcome = (id: Id, input: ScreeningOutcomeInput) => http.post<Screening>(`/screenings/${id}/outcome`, input)
