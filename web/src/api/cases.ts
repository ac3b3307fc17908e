import { apiUrl, http, type Query, type RequestOptions } from './http'
import type {
  CaseActionInput,
  CaseDetail,
  CaseDocument,
  CaseDocumentInput,
  CaseDocuments,
  CaseEvidence,
  CaseEvidenceInput,
  CaseProperty,
  CasePropertyInput,
  CasePropertyMoveInput,
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
/** Who may join the investigation team, or (trial) try the case: the trying unit's cadres who did not investigate it. */
export const teamCandidates = (id: Id, purpose: 'investigation' | 'trial' = 'investigation') =>
  http.get<{ items: CaseTeamCandidate[] }>(`/cases/${id}/team-candidates`, { purpose })
/** 预警 of the case clocks, soonest due first. */
export const listCaseWarnings = (q: Query, opts?: RequestOptions) => http.get<Page<CaseWarning>>('/case-warnings', q, opts)
export const acknowledgeCaseWarning = (input: CaseWarningAckInput) =>
  http.post<WarningAckResult>('/case-warnings/acknowledgements', input)
/** 文书: the kinds the case offers and every version generated. */
export const listDocuments = (id: Id, opts?: RequestOptions) => http.get<CaseDocuments>(`/cases/${id}/documents`, undefined, opts)
export const generateDocument = (id: Id, input: CaseDocumentInput) => http.post<CaseDocument>(`/cases/${id}/documents`, input)
/** For a plain link: the browser downloads with the session cookie (audited). */
export const documentUrl = (id: Id, docId: Id) => apiUrl(`/cases/${id}/documents/${docId}`)
/** 证据目录: entries in order; a file is uploaded to its entry once. */
export const listEvidence = (id: Id, opts?: RequestOptions) => http.get<{ items: CaseEvidence[] }>(`/cases/${id}/evidence`, undefined, opts)
export const addEvidence = (id: Id, input: CaseEvidenceInput) => http.post<CaseEvidence>(`/cases/${id}/evidence`, input)
export const uploadEvidenceFile = (id: Id, itemId: Id, file: File) =>
  http.upload<CaseEvidence>(`/cases/${id}/evidence/${itemId}/file?name=${encodeURIComponent(file.name)}`, file)
export const evidenceFileUrl = (id: Id, itemId: Id) => apiUrl(`/cases/${id}/evidence/${itemId}/file`)
/** 涉案财物登记 and each item's moves. */
export const listProperty = (id: Id, opts?: RequestOptions) => http.get<{ items: CaseProperty[] }>(`/cases/${id}/property`, undefined, opts)
export const addProperty = (id: Id, input: CasePropertyInput) => http.post<CaseProperty>(`/cases/${id}/property`, input)
export const moveProperty = (id: Id, itemId: Id, input: CasePropertyMoveInput) =>
  http.post<CaseProperty>(`/cases/${id}/property/${itemId}/moves`, input)
