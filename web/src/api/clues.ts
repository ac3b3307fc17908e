import { apiUrl, http, type Query, type RequestOptions } from './http'
import type {
  ClueActionInput,
  ClueDetail,
  ClueFunnel,
  ClueInput,
  ClueRecordInput,
  ClueReportData,
  ClueReportDetail,
  ClueReportItem,
  ClueReportList,
  ClueReviewDetail,
  ClueReviewInput,
  ClueReviewSummary,
  Clue,
  ClueWarning,
  DispatchProposal,
  Id,
  Page,
} from './types'

// 问题线索 (docs/openapi.yaml, tag clues).
export const listClues = (q: Query, opts?: RequestOptions) => http.get<Page<Clue>>('/clues', q, opts)
export const registerClue = (input: ClueInput) => http.post<ClueDetail>('/clues', input)
export const getClue = (id: Id, opts?: RequestOptions) => http.get<ClueDetail>(`/clues/${id}`, undefined, opts)
export const actOnClue = (id: Id, input: ClueActionInput) => http.post<ClueDetail>(`/clues/${id}/actions`, input)
export const addClueRecord = (id: Id, input: ClueRecordInput) => http.post<ClueDetail>(`/clues/${id}/records`, input)
// A hint on the detail page: failures stay quiet.
export const getDispatchProposal = (id: Id) => http.get<DispatchProposal>(`/clues/${id}/dispatch-proposal`, undefined, { silent: true })
/** The clue 台账 .xlsx of the list's filters, for a plain link (the session cookie goes with it). */
export const cluesLedgerUrl = (q: Query) => apiUrl('/ledgers/clues.xlsx', q)

/** 线索预警: monthly reports overdue, clue clocks overdue or due soon, pending clues due for review. */
export const listClueWarnings = (pageSize = 500) =>
  http.get<Page<ClueWarning>>('/clue-warnings', { page_size: pageSize }, { silent: true })

// 线索月报
export const listClueReports = (month: string) => http.get<ClueReportList>('/clue-reports', { month })
export const liveClueReport = (townshipId: Id, month: string) =>
  http.get<ClueReportData>('/clue-reports/live', { township_id: townshipId, month })
export const submitClueReport = (input: { township_id: Id; month: string; note?: string | null }) =>
  http.post<ClueReportItem>('/clue-reports', input)
export const getClueReport = (id: Id) => http.get<ClueReportDetail>(`/clue-reports/${id}`)
export const acknowledgeClueReport = (id: Id) => http.post<ClueReportItem>(`/clue-reports/${id}/acknowledge`, {})
export const returnClueReport = (id: Id, reason: string) => http.post<ClueReportItem>(`/clue-reports/${id}/return`, { reason })
export const clueReportsLedgerUrl = (month: string) => apiUrl('/ledgers/clue-reports.xlsx', { month })

// 集体排查
export const listClueReviews = (q: Query) => http.get<Page<ClueReviewSummary>>('/clue-reviews', q)
export const getClueReview = (id: Id) => http.get<ClueReviewDetail>(`/clue-reviews/${id}`)
export const createClueReview = (input: ClueReviewInput) => http.post<ClueReviewDetail>('/clue-reviews', input)

// 线索漏斗
export const getClueFunnel = (from: string, to: string) => http.get<ClueFunnel>('/clue-funnel', { from, to })
