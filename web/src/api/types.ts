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

// ---- petitions (信访举报) ----------------------------------------------------

export type Channel = 'letter' | 'visit' | 'phone' | 'web' | 'other' | 'transfer'
export type PetitionType = 'accusation' | 'appeal' | 'suggestion' | 'out_of_scope'
export type PetitionState =
  | 'registered'
  | 'accepted'
  | 'rejected'
  | 'transferred_out'
  | 'merged'
  | 'assigned'
  | 'in_progress'
  | 'converted_to_clue'
  | 'concluded'
  | 'feedback_given'
  | 'followed_up'
  | 'archived'
export type PetitionAction =
  | 'accept'
  | 'reject'
  | 'transfer_out'
  | 'merge'
  | 'assign'
  | 'acknowledge'
  | 'convert_to_clue'
  | 'conclude'
  | 'give_feedback'
  | 'follow_up'
  | 'archive'
  | 'suspend'
  | 'resume'
  | 'extend'
export type Jurisdiction = 'township' | 'county' | 'upward' | 'out_of_scope'
export type CadreLevel =
  | 'county_division'
  | 'township_section'
  | 'general_cadre'
  | 'village_cadre'
  | 'party_member'
  | 'public_official'
  | 'other'

export interface CatalogueEntry {
  code: string
  label_zh: string
  label_en?: string
}

export interface Categories {
  categories: (CatalogueEntry & { subs: CatalogueEntry[] })[]
  areas: CatalogueEntry[]
}

export interface TimeLimit {
  code: string
  label: string
  amount: number
  unit: 'working_days' | 'days' | 'months'
  moves_to_working_day: boolean
  basis: string
  local: boolean
}

export interface ReportedPersonInput {
  name: string
  unit_name: string
  post?: string | null
  unit_org_id?: Id | null
  cadre_level: CadreLevel | string
  party_member?: boolean
  public_official?: boolean
  county_department?: boolean
  township_discipline_staff?: boolean
  township_party_secretary?: boolean
}

export interface JurisdictionRequest {
  type: PetitionType | string
  persons?: ReportedPersonInput[]
}

export interface JurisdictionProposal {
  jurisdiction: Jurisdiction
  within_scope: boolean
  reason: string
  basis: string
}

export interface ReporterInput {
  name?: string | null
  id_number?: string | null
  phone?: string | null
  address?: string | null
  unit?: string | null
}

export interface PetitionInput {
  channel: Channel | string
  type: PetitionType | string
  real_name?: boolean
  reporter?: ReporterInput
  summary: string
  content: string
  category: string
  subcategory?: string | null
  area?: string | null
  place_org_id?: Id | null
  place_detail?: string | null
  received_day: string
  postmark_day?: string | null
  visitors?: number | null
  identity_checked?: boolean | null
  reception_cadre?: string | null
  call_time?: string | null
  web_source?: string | null
  from_higher?: boolean
  fast_track?: boolean
  persons?: ReportedPersonInput[]
  jurisdiction?: Jurisdiction | string
  jurisdiction_reason?: string | null
}

export interface PetitionActionInput {
  action: PetitionAction
  reason?: string | null
  note?: string | null
  handler_org_id?: Id | null
  transfer_to?: string | null
  merged_into?: Id | null
}

export interface OrgRef {
  id: Id
  name: string
}

export type DeadlineStatus = 'running' | 'due_soon' | 'overdue' | 'suspended'

export interface Deadline {
  limit: string
  label: string
  basis: string
  local: boolean
  start?: string | null
  due: string
  working_days_left: number
  extensions: number
  status: DeadlineStatus
  provisional: boolean
}

export type WarningCode = 'overdue' | 'due_soon' | 'collective_visit' | 'risk_terms' | 'repeat' | 'duplicate'

export interface WarningAcknowledgement {
  by: string
  at: string
  note?: string | null
}

export interface PetitionWarning {
  code: WarningCode
  message: string
  terms?: string
  /** Names this instance of the condition; only these can be acknowledged. */
  occurrence?: string
  /** Set on the detail and the warnings list (the list of petitions leaves it null). */
  acknowledged?: WarningAcknowledgement | null
}

export interface PetitionSummary {
  id: Id
  number: string
  channel: Channel
  type: PetitionType
  state: PetitionState
  suspended: boolean
  real_name: boolean
  summary: string
  category: string
  subcategory: string | null
  area: string | null
  received_day: string
  intake_org: OrgRef
  handler_org: OrgRef | null
  jurisdiction: Jurisdiction
  fast_track: boolean
  from_higher: boolean
  deadline: Deadline | null
  warnings: PetitionWarning[]
}

export interface PetitionPerson {
  person_id: Id
  name: string
  unit_name: string
  post?: string | null
  unit_org_id?: Id | null
  cadre_level: CadreLevel
  party_member?: boolean
  public_official?: boolean
  county_department?: boolean
  township_discipline_staff?: boolean
  township_party_secretary?: boolean
}

export interface PetitionStep {
  id: Id
  /** 'register' or a PetitionAction */
  action: string
  from_state?: PetitionState | null
  to_state: PetitionState
  actor: OrgRef
  at: string
  reason?: string | null
  note?: string | null
  limit?: string | null
  basis?: string | null
  due_day?: string | null
}

export interface RelatedPetition {
  id: Id
  number: string
  summary: string
  state: PetitionState
  received_day: string
}

export interface DuplicateCandidate extends RelatedPetition {
  similarity?: number
  reason?: 'similar_content' | 'same_person'
  person?: string
}

export interface PetitionDetail extends PetitionSummary {
  content: string
  place?: OrgRef | null
  place_detail?: string | null
  postmark_day?: string | null
  visitors?: number | null
  identity_checked?: boolean | null
  reception_cadre?: string | null
  call_time?: string | null
  web_source?: string | null
  reporter: { recorded: boolean; may_reveal: boolean }
  proposed_jurisdiction: Jurisdiction
  jurisdiction_reason?: string | null
  transfer_to?: string | null
  merged_into?: Id | null
  handler_acknowledged_at?: string | null
  first_handler: OrgRef
  registered_by: OrgRef
  created_at?: string
  persons: PetitionPerson[]
  steps: PetitionStep[]
  /** Earlier items from the same reporter or about the same person. */
  related: RelatedPetition[]
  /** Near-identical content in scope. */
  duplicates?: DuplicateCandidate[]
  /** Items merged into this one. */
  repeats?: DuplicateCandidate[]
  actions: PetitionAction[]
  /** Present on the registration answer. */
  proposal?: JurisdictionProposal
}

export interface RevealedReporter {
  real_name: boolean
  reporter: {
    name?: string | null
    id_number?: string | null
    phone?: string | null
    address?: string | null
    unit?: string | null
  }
}

export interface RegistryPerson {
  id: Id
  name: string
  unit_name: string
  post?: string | null
  unit_org_id?: Id | null
  cadre_level: CadreLevel
  party_member: boolean
  public_official: boolean
}

export interface DuplicateCheckInput {
  summary?: string
  content?: string
  persons?: { name: string; unit_name: string }[]
}

// ---- warnings (预警) ----------------------------------------------------------

/** The codes GET /warnings filters by and POST /warnings/acknowledgements takes. */
export type AckWarningCode = 'overdue' | 'due_soon' | 'collective_visit' | 'risk_terms'

export interface WarningItem extends PetitionWarning {
  occurrence: string
  petition: {
    id: Id
    number: string
    summary: string
    state: PetitionState
    due_day?: string | null
    intake_org?: string
    handler_org?: string | null
  }
}

export interface WarningAckInput {
  petition_id: Id
  code: string
  occurrence: string
  note?: string | null
}

export interface WarningAckResult {
  acknowledged: boolean
  already: boolean
}

// ---- 三访合一: duty roster and visits ----------------------------------------

export interface RosterEntry {
  id: Id
  org: OrgRef
  day: string
  user: OrgRef
  note?: string | null
}

export interface RosterInput {
  day: string
  user_id: Id
  note?: string | null
}

export type VisitKind = 'reception' | 'outreach' | 'appointment'

export interface PetitionRef {
  id: Id
  number: string
}

export interface Visit {
  id: Id
  org: OrgRef
  kind: VisitKind
  day: string
  cadres: string
  place?: string | null
  petition: PetitionRef | null
  summary: string
  outcome?: string | null
  created_at?: string
}

export interface VisitInput {
  kind: VisitKind | string
  day: string
  cadres: string
  place?: string | null
  petition_id?: Id | null
  summary: string
  outcome?: string | null
}

// ---- 排查化解 -------------------------------------------------------------------

export type RiskLevel = 'low' | 'medium' | 'high'
export type ScreeningOutcome = 'in_progress' | 'resolved' | 'escalated'

export interface Screening {
  id: Id
  org: OrgRef
  /** YYYY-MM or YYYY-Qn */
  period: string
  petition: PetitionRef | null
  matter: string
  risk_level: RiskLevel
  measures: string
  responsible: string
  outcome: ScreeningOutcome
  outcome_note?: string | null
  created_at?: string
  updated_at?: string
}

export interface ScreeningInput {
  period: string
  petition_id?: Id | null
  matter: string
  risk_level: RiskLevel | string
  measures: string
  responsible: string
  outcome: ScreeningOutcome | string
  outcome_note?: string | null
}

export interface ScreeningOutcomeInput {
  outcome: ScreeningOutcome | string
  outcome_note?: string | null
}

// ---- 分析研判 -------------------------------------------------------------------

export type StatsDimension = 'channel' | 'type' | 'category' | 'township'

export interface PetitionStats {
  year: number
  dimension: StatsDimension
  /** YYYY-MM, twelve of them */
  months: string[]
  /** key: a code (channel, type, category) or a township's name */
  series: { key: string; counts: number[]; total: number }[]
  total: number
}
