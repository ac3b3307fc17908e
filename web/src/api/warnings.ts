import { http } from './http'
import type { Page, WarningAckInput, WarningAckResult, WarningItem } from './types'

export const listWarnings = (code: string, includeAcknowledged: boolean) =>
  http.get<Page<WarningItem>>('/warnings', { code, include_acknowledged: includeAcknowledged || undefined })
export const acknowledgeWarning = (input: WarningAckInput) => http.post<WarningAckResult>('/warnings/acknowledgements', input)
