import { http, type Query } from './http'
import type { AuditEntry, AuditVerifyResult, LoginLogEntry, Page } from './types'

export const listLoginLog = (q: Query) => http.get<Page<LoginLogEntry>>('/login-log', q)
export const listAuditLog = (q: Query) => http.get<Page<AuditEntry>>('/audit-log', q)
export const verifyAuditLog = () => http.get<AuditVerifyResult>('/audit-log/verify')
