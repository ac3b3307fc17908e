import { http, type Query, type RequestOptions } from './http'
import type { CaseActionInput, CaseDetail, CaseInput, CaseMeasureEndInput, CaseSummary, Id, Page } from './types'

// 案件 (docs/openapi.yaml, tag cases).
export const listCases = (q: Query, opts?: RequestOptions) => http.get<Page<CaseSummary>>('/cases', q, opts)
/** 立案呈批: from a clue that proposed filing, or with its own source. */
export const fileCase = (input: CaseInput) => http.post<CaseDetail>('/cases', input)
export const getCase = (id: Id, opts?: RequestOptions) => http.get<CaseDetail>(`/cases/${id}`, undefined, opts)
export const actOnCase = (id: Id, input: CaseActionInput) => http.post<CaseDetail>(`/cases/${id}/actions`, input)
/** A measure ends: 留置 released, property returned. */
export const endCaseMeasure = (id: Id, measureId: Id, input: CaseMeasureEndInput) =>
  http.post<CaseDetail>(`/cases/${id}/measures/${measureId}/end`, input)
