import { http, type Query } from './http'
import type { Id, OrgTreeNode, OrgUnit, OrgUnitInput, Page } from './types'

export const listOrgUnits = (q: Query) => http.get<Page<OrgUnit>>('/org-units', q)
export const getOrgTree = () => http.get<{ items: OrgTreeNode[] }>('/org-units/tree')
export const getOrgUnit = (id: Id) => http.get<OrgUnit>(`/org-units/${id}`)
export const createOrgUnit = (input: OrgUnitInput) => http.post<OrgUnit>('/org-units', input)
export const updateOrgUnit = (id: Id, input: OrgUnitInput) => http.put<OrgUnit>(`/org-units/${id}`, input)
export const deleteOrgUnit = (id: Id) => http.del<Record<string, never>>(`/org-units/${id}`)
export const getLinkedTownships = (id: Id) => http.get<{ items: OrgUnit[] }>(`/org-units/${id}/linked-townships`)
export const setLinkedTownships = (id: Id, township_ids: Id[]) =>
  http.put<{ items?: OrgUnit[] }>(`/org-units/${id}/linked-townships`, { township_ids })
