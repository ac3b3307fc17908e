import { http, type Query, type RequestOptions } from './http'
import type {
  CaseActionInput,
  CaseDetail,
  CaseInput,
  CaseMeasureEndInput,
  CaseNoticeInput,
  CaseSummary,
  CaseTeamCandidate,
  CaseWarning,
  CaseWarningAckInput,
  Id,
  Page,
  WarningAckResult,
} from './types'

// 案件 (docs/openapi.yaml, tag cases).
export const listCases = (q: Query, opts?: RequestOptions) => http.get<Page<CaseSummary>>('/cases', q, opts)
/** 立案呈批: from a clue that proposed filing, or with its own source. */
export const fileCase = (input: CaseInput) => http.post<CaseDetail>('/cases', input)
export const getCase = (id: Id, opts?: RequestOptions) => http.get<CaseDetail>(`/cases/${id}`, undefined, opts)
export const actOnCase = (id: Id, input: CaseActionInput) => http.post<CaseDetail>(`/cases/${id}/actions`, input)
/** A measure ends: 留置 released, property returned. */
export const endCaseMeasure = (id: Id, measureId: Id, input: CaseMeasureEndInput) =>
  http.post<CaseDetail>(`/cases/${id}/measures/${measureId}/end`, input)
/** 留置 notice to unit and family: given at a time, or withheld for now with the reason (SL 101). */
export const recordNotice = (id: Id, measureId: Id, input: CaseNoticeInput) =>
  http.post<CaseDetail>(`/cases/${id}/measures/${measureId}/notice`, input)
/** Property of an ended measure handed back. */
export const recordReturn = (id: Id, measureId: Id, day: string) =>
  http.post<CaseDetail>(`/cases/${id}/measures/${measureId}/return`, { day })
/** The lead unit's case handlers not recused from the person. */
export const teamCandidates = (id: Id) => http.get<{ items: CaseTeamCandidate[] }>(`/cases/${id}/team-candidates`)
/** 预警 of the case clocks, soonest due first. */
export const listCaseWarnings = (q: Query, opts?: RequestOptions) => http.get<Page<CaseWarning>>('/case-warnings', q, opts)
export const acknowledgeCaseWarning = (input: CaseWarningAckInput) =>
  http.post<WarningAckResult>('/case-warnings/acknowledgements', input)
