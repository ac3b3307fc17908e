import { http } from './http'
import type { Page, TimeLimit } from './types'

export const listTimeLimits = () => http.get<Page<TimeLimit>>('/time-limits')
