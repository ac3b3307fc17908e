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

/** A similar item in the county outside the caller's scope: only who holds it, when, how similar. */
export interface DuplicateElsewhere {
  org_name: string
  received_day: string
  similarity: number
}

/** POST /petition-duplicates. */
export interface DuplicateCheckResult extends Page<DuplicateCandidate> {
  elsewhere?: DuplicateElsewhere[]
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
  /** Problem clues registered from this petition (转为线索), within the caller's scope. */
  clues?: { id: Id; number: string; state: string }[]
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

// ---- 问题线索 (problem clues, docs/openapi.yaml tag clues) ------------------------------

export type ClueSource =
  | 'petition'
  | 'supervision'
  | 'inspection'
  | 'audit'
  | 'higher_assigned'
  | 'organ_transfer'
  | 'found_in_case'
  | 'other'
export type ClueState =
  | 'registered'
  | 'dispatch_proposed'
  | 'dispatched'
  | 'received'
  | 'disposal_proposed'
  | 'in_talk_inquiry'
  | 'in_verification'
  | 'pending'
  | 'closed'
  | 'filed'
  | 'transferred'
export type DispatchMode = 'township' | 'county_led' | 'joint'
export type DisposalMethod = 'talk_inquiry' | 'preliminary_verification' | 'pending' | 'closure'
export type ClueAction =
  | 'propose_dispatch'
  | 'approve_dispatch'
  | 'return_dispatch'
  | 'acknowledge'
  | 'propose_disposal'
  | 'approve_disposal'
  | 'reject_disposal'
  | 'conclude'
  | 'review'
export type ClueDeadlineStatus = '' | 'running' | 'due_soon' | 'overdue'

export interface ClueInput {
  source: ClueSource | string
  petition_id?: Id | null
  summary: string
  content: string
  category: string
  township_id?: Id | null
  received_day: string
  persons: ReportedPersonInput[]
  difficult?: boolean
  cross_township?: boolean
  needs_county_strength?: boolean
}

export interface CluePerson {
  person_id?: Id
  name: string
  unit_name: string
  post?: string | null
  cadre_level: CadreLevel | string
  party_member?: boolean
  public_official?: boolean
  county_department?: boolean
  township_discipline_staff?: boolean
  township_party_secretary?: boolean
}

export interface ClueApprovals {
  /** Role codes, in order. */
  needed: string[]
  done: number
  next: string | null
}

export interface Clue {
  id: Id
  number: string
  source: ClueSource
  petition_id: Id | null
  petition_number: string | null
  summary: string
  content: string
  category: string
  township_id: Id | null
  township_name: string | null
  found_by_org_id: Id | null
  found_by_org_name: string | null
  received_day: string
  state: ClueState
  proposed_mode: DispatchMode | null
  proposal_reason: string | null
  proposal_basis?: string | null
  mode: DispatchMode | null
  /** The reason written with the dispatch (another mode than proposed, a reassignment). */
  dispatch_reason?: string | null
  lead_org_id: Id | null
  lead_org_name: string | null
  assist_org_id: Id | null
  assist_org_name: string | null
  acknowledged_at: string | null
  method: DisposalMethod | null
  plan: string | null
  approvals: ClueApprovals | null
  outcome: string | null
  review_day: string | null
  limit_code: string | null
  limit_label: string | null
  limit_basis: string | null
  due_day: string | null
  deadline_status: ClueDeadlineStatus | null
  days_left: number | null
  conflict: boolean | null
  difficult: boolean
  cross_township: boolean
  needs_county_strength: boolean
  persons: CluePerson[]
  registered_by_name: string | null
  created_at: string
  updated_at: string
  actions: ClueAction[]
  record_kinds: string[]
}

export interface ClueStep {
  /** 'register' or a ClueAction */
  action: string
  from_state: ClueState | null
  to_state: ClueState
  actor_name: string | null
  at: string
  reason: string | null
  note: string | null
}

export interface ClueRecord {
  id: Id
  kind: string
  day: string
  text: string
  evaluation: string | null
  author_name: string | null
  at: string
}

/** A collective review (集体排查) that discussed the clue. */
export interface ClueReviewMention {
  review_id?: Id
  id?: Id
  held_day?: string
  title?: string
  decision: string
  note?: string | null
}

export interface ClueDetail extends Clue {
  steps: ClueStep[]
  records: ClueRecord[]
  reviews?: ClueReviewMention[]
}

export interface ClueActionInput {
  action: ClueAction
  reason?: string | null
  note?: string | null
  mode?: DispatchMode | string | null
  lead_org_id?: Id | null
  assist_org_id?: Id | null
  method?: DisposalMethod | string | null
  plan?: string | null
  review_day?: string | null
  outcome?: string | null
}

export interface ClueRecordInput {
  kind: string
  day: string
  text: string
  evaluation?: string | null
}

export interface DispatchProposal {
  mode: DispatchMode
  /** Conflict of interest: only county-led, the township must not assist. */
  conflict?: boolean
  reason: string
  basis: string
  lead_org_id: Id | null
  assist_org_id: Id | null
}

// ---- 线索月报 ----

export type ClueReportStatus = 'not_submitted' | 'submitted' | 'acknowledged' | 'returned'

export interface ClueReportItem {
  /** The report's id (null before the first submission); the contract's report_id. */
  id?: Id | null
  report_id?: Id | null
  township_id: Id
  township_name: string
  status: ClueReportStatus
  version: number | null
  submitted_at: string | null
  submitted_by_name: string | null
  late: boolean
  overdue: boolean
  return_reason: string | null
  acknowledged_at: string | null
}

/** GET /clue-warnings (level-triggered, computed on every read). */
export interface ClueWarning {
  code: 'clue_report_overdue' | 'overdue' | 'due_soon' | 'pending_review_due'
  message: string
  township_id: Id | null
  month: string | null
  deadline_day: string | null
  clue: { id: Id; number: string; summary: string; state: string; lead_org_name: string | null } | null
}

export interface ClueReportList {
  month: string
  deadline_day: string
  basis: string
  items: ClueReportItem[]
}

export interface ClueReportRow {
  clue_id: Id
  number: string
  summary: string
  source: ClueSource
  state: ClueState
  mode: DispatchMode | null
  method: DisposalMethod | null
  received_day: string
}

export interface ClueReportData {
  township_id: Id
  township_name: string
  month: string
  deadline_day: string
  new_clues: ClueReportRow[]
  earlier_open: ClueReportRow[]
  totals: { new: number; earlier_open: number; by_state: Record<string, number> }
  // Rows outside the viewer's scope (own records, recusal): counted, not shown.
  withheld?: { new_clues: number; earlier_open: number; total: number }
}

export interface ClueReportChange {
  clue_id: Id
  number: string
  field: string
  submitted: string | number | boolean | null
  now: string | number | boolean | null
}

export interface ClueReportDetail extends ClueReportItem {
  id?: Id
  month?: string
  deadline_day?: string
  note: string | null
  snapshot: ClueReportData
  live: ClueReportData
  changes: ClueReportChange[]
}

// ---- 集体排查 ----

export interface ClueReviewSummary {
  id: Id
  held_day: string
  title: string
  attendees: string
  org_name: string
  item_count: number
}

export interface ClueReviewItem {
  clue_id: Id
  number: string
  summary: string
  decision: string
  note: string | null
}

export interface ClueReviewDetail extends ClueReviewSummary {
  note: string | null
  items: ClueReviewItem[]
}

export interface ClueReviewInput {
  held_day: string
  title: string
  attendees: string
  note?: string | null
  items: { clue_id: Id; decision: string; note?: string | null }[]
}

// ---- 线索漏斗 ----

export interface SankeyNode {
  /** A code: a source, a dispatch mode (or `undispatched`), a final state, `pending` or `open`. */
  name: string
  /** The server says `end` for the last stage (the contract: outcome). */
  stage: 'source' | 'mode' | 'end' | 'outcome' | string
}

export interface ClueFunnel {
  from: string
  to: string
  total: number
  by_state: { state: ClueState; count: number }[]
  by_mode: { mode: DispatchMode; count: number }[]
  matrix: { state: ClueState; mode: DispatchMode | null; count: number }[]
  overdue: Clue[]
  sankey: { nodes: SankeyNode[]; links: { source: string; target: string; value: number }[] }
}

// ---- 网上举报留言与证据材料 (docs/portal-contract.md, internal listener) ----

export interface PetitionMessage {
  id: Id
  /** `in` from the reporter (portal), `out` from a cadre. */
  direction: 'in' | 'out'
  body: string
  author_name: string | null
  at: string
}

export interface PetitionMessages {
  items: PetitionMessage[]
  /** false when the petition did not come through the portal: no messages can be sent. */
  portal: boolean
  access_expires_day: string | null
}

export interface PetitionAttachment {
  id: Id
  name: string
  size: number
  /** The content type the server found in the bytes. */
  type: string
  label: string
  source: 'portal' | 'internal'
  uploaded_by_name: string | null
  at: string
}

// ---- 回避 ----

export type RecusalRelation = 'self' | 'spouse' | 'kin' | 'other'

export interface Recusal {
  id: Id
  user: { id: Id; username: string; display_name: string }
  person: { id: Id; name: string; unit_name: string }
  relation: RecusalRelation
  reason: string
  created_by_name: string
  created_at: string
}

/** A business account of the caller's county that can be recused (GET /recusals/candidates). */
export interface RecusalCandidate {
  id: Id
  username: string
  display_name: string
  org_name: string
}

export interface RecusalInput {
  user_id: Id
  person_id: Id
  relation: RecusalRelation
  reason: string
}
