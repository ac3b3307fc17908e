import { apiUrl, http, type Query } from './http'
import type { components } from './openapi.gen'
import type { FormOf, Id, Page } from './types'

// 联系指导 (CA-8, docs/openapi.yaml tag guidance): a county room's records
// about its linked townships, their tasks and the 联系指导台账.
type S = components['schemas']
export type Guidance = S['Guidance']
export type GuidanceDetail = S['GuidanceDetail']
export type GuidanceTask = S['GuidanceTask']
export type GuidanceKind = Guidance['kind']
export type GuidanceInput = FormOf<S['GuidanceInput']>
export type GuidanceTaskInput = S['GuidanceTaskInput']
export type GuidanceCloseInput = S['GuidanceCloseInput']

export const listGuidance = (q: Query) => http.get<Page<Guidance>>('/guidance', q)
export const getGuidance = (id: Id) => http.get<GuidanceDetail>(`/guidance/${id}`)
export const addGuidance = (input: GuidanceInput) => http.post<GuidanceDetail>('/guidance', input)
export const addGuidanceTask = (id: Id, input: GuidanceTaskInput) => http.post<GuidanceDetail>(`/guidance/${id}/tasks`, input)
export const closeGuidanceTask = (id: Id, taskId: Id, input: GuidanceCloseInput) =>
  http.post<GuidanceDetail>(`/guidance/${id}/tasks/${taskId}/close`, input)
/** For a plain link: the browser downloads with the session cookie (audited). */
export const guidanceLedgerUrl = (q: Query) => apiUrl('/ledgers/guidance.xlsx', q)
