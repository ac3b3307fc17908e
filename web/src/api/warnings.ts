import { http } from './http'
import type { Page, WarningAckInput, WarningAckResult, WarningItem } from './types'

/** One page; `total` counts every warning that holds. */
export const listWarnings = (code: string, includeAcknowledged: boolean, page = 1, pageSize = 100) =>
  http.get<Page<WarningItem>>('/warnings', { code, include_acknowledged: includeAcknowledged || undefined, page, page_size: pageSize })
export const acknowledgeWarning = (input: WarningAckInput) => http.post<WarningAckResult>('/warnings/acknowledgements', input)
