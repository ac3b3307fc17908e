import { apiUrl, http, type Query } from './http'
import type { components } from './openapi.gen'
import type { Id, Page } from './types'

// 处分决定执行 (docs/openapi.yaml tag case-execution): the tasks a decision
// creates, the county-wide tracker (打白条) and closing or extending a task.
type S = components['schemas']
export type ExecutionTask = S['ExecutionTask']
export type ExecutionListItem = S['ExecutionListItem']
export type ExecutionSummaryRow = S['ExecutionSummary']['items'][number]
export type ExecutionCloseInput = S['ExecutionCloseInput']
export type ExecutionExtendInput = S['ExecutionExtendInput']
export type ExecutionEvidenceKind = S['ExecutionEvidenceKind']

export const listExecutionTasks = (q: Query) => http.get<Page<ExecutionListItem>>('/execution-tasks', q)
export const executionSummary = () => http.get<S['ExecutionSummary']>('/execution-tasks/summary')
export const closeExecutionTask = (caseId: Id, taskId: Id, input: ExecutionCloseInput) =>
  http.post<ExecutionTask>(`/cases/${caseId}/execution-tasks/${taskId}/close`, input)
export const extendExecutionTask = (caseId: Id, taskId: Id, input: ExecutionExtendInput) =>
  http.post<ExecutionTask>(`/cases/${caseId}/execution-tasks/${taskId}/extend`, input)
// 处分决定执行台账 (.xlsx): the decided cases of the scope with each task's state.
export const executionLedgerUrl = (q: Query) => apiUrl('/ledgers/execution.xlsx', q)
