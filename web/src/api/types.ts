// Shapes from docs/openapi.yaml (the API description; a test keeps it and the server in step).

export type Id = number

export interface Page<T> {
  items: T[]
  total: number
}

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string }
}

export type OrgKind = 'county' | 'department' | 'township' | 'village'

export interface OrgUnit {
  id: Id
  parent_id: Id | null
  kind: OrgKind
  category: string
  name: string
  short_name: string
  division_code: string | null
  county_id: Id | null
  township_id: Id | null
  committee_name: string | null
  office_name: string | null
  linked_room_id: Id | null
  sort: number
  created_at: string
  updated_at: string
}

export interface OrgTreeNode extends OrgUnit {
  children?: OrgTreeNode[]
}

export interface OrgUnitInput {
  parent_id: Id | null
  kind: OrgKind
  category: string
  name: string
  short_name: string
  division_code: string | null
  committee_name?: string | null
  office_name?: string | null
  sort?: number
}

export interface User {
  id: Id
  username: string
  display_name: string
  org_unit_id: Id | null
  org_unit_name: string | null
  role: string
  data_scope: string
  status: string
  locked: boolean
  must_change_password: boolean
  created_at: string
  last_login_at: string | null
}

export interface UserInput {
  username: string
  display_name: string
  org_unit_id: Id | null
  role: string
  data_scope?: string
  status?: string
}

export interface Scope {
  kind: string
  county_id: Id | null
  township_ids: Id[]
}

export interface MeResponse {
  user: User
  permissions: string[]
  csrf_token: string
  must_change_password: boolean
  scope?: Scope
}

export interface LoginResponse {
  csrf_token: string
  must_change_password: boolean
  user: User
}

export interface DictItem {
  code: string
  label_zh: string
  label_en: string
  kind?: string
}

export interface Dicts {
  roles: DictItem[]
  data_scopes: DictItem[]
  org_kinds: DictItem[]
  org_categories: DictItem[]
  user_statuses: DictItem[]
  permissions: DictItem[]
  [name: string]: DictItem[]
}

export interface SessionInfo {
  id: Id
  user_id: Id
  username: string
  display_name: string
  ip: string
  user_agent: string
  created_at: string
  last_seen_at: string
}

export interface LoginLogEntry {
  id: Id
  at: string
  username: string
  ip: string
  user_agent: string
  success: boolean
  reason: string | null
}

export interface AuditEntry {
  seq: number
  at: string
  actor_id: Id | null
  actor_name: string | null
  ip: string | null
  action: string
  entity: string
  entity_id: Id | string | null
  detail: unknown
}

export interface AuditVerifyResult {
  ok: boolean
  checked: number
  first_bad_seq?: number
  reason?: string
}
