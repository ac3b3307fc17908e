import { http } from './http'
import type { Dicts } from './types'

export const getDicts = () => http.get<Dicts>('/dicts')
