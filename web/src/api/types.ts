// The API's shapes under the names the views use. Every shape comes from
// docs/openapi.yaml through `openapi.gen.ts`, which `npm run gen:types`
// writes at build time (openapi-typescript; the file is not committed).
// tests/api/openapi.test.mjs checks the server's real answers against the
// same schemas, so a field the server stops sending is a build error here.
// Only what the contract cannot say (a generic page, narrowed unions) is
// written by hand below.
import type { components } from './openapi.gen'

type S = components['schemas']

/**
 * A request body as a form edits it: an enumerated field holds any string
 * (a select starts empty; the server answers 422 naming the field), every
 * field name is still the contract's.
 */
export type FormOf<T> = T extends string
  ? string
  : T extends (infer U)[]
    ? FormOf<U>[]
    : T extends object
      ? { [K in keyof T]: FormOf<T[K]> }
      : T

export type Id = number

export interface Page<T> {
  items: T[]
  total: number
}

export type ApiErrorBody = S['Error']

// ---- organisation, users, sessions, logs -----------------------------------

export type OrgKind = S['OrgKind']
export type OrgUnit = S['OrgUnit']
export type OrgTreeNode = S['OrgUnitTreeNode']
export type OrgUnitInput = FormOf<S['OrgUnitInput']>
export type User = S['User']
export type UserInput = FormOf<S['UserInput']>
export type Scope = S['Scope']
export type MeResponse = S['Me']
export type LoginResponse = S['LoginResponse']
export type DictItem = S['DictEntry'] & { kind?: string }
export type Dicts = S['Dicts']
export type SessionInfo = S['Session']
export type LoginLogEntry = S['LoginLogEntry']
export type AuditEntry = S['AuditEntry']
export type AuditVerifyResult = S['AuditVerify']

// ---- petitions (信访举报) ----------------------------------------------------

export type Channel = S['Channel']
export type PetitionType = S['PetitionType']
export type PetitionState = S['PetitionState']
export type PetitionAction = S['PetitionAction']
export type Jurisdiction = S['Jurisdiction']
export type CadreLevel = S['CadreLevel']
export type Categories = S['Categories']
export type CatalogueEntry = Categories['areas'][number]
export type TimeLimit = S['TimeLimit']
export type ReportedPersonInput = FormOf<S['ReportedPersonInput']>
export type JurisdictionRequest = FormOf<S['JurisdictionRequest']>
export type JurisdictionProposal = S['JurisdictionProposal']
export type ReporterInput = FormOf<S['ReporterInput']>
export type PetitionInput = FormOf<S['PetitionInput']>
export type PetitionActionInput = FormOf<S['PetitionActionInput']>
export type OrgRef = S['OrgRef']

/** The clock of a petition or a clue: one shape for every entity. */
export type Deadline = S['Deadline']
export type DeadlineStatus = Deadline['status']

export type PetitionWarning = S['Warning']
export type WarningCode = PetitionWarning['code']
export type PetitionSummary = S['PetitionSummary']
export type PetitionDetail = S['PetitionDetail']
/** A reported person (被反映人) of a petition or a clue. */
export type ReportedPerson = S['ReportedPerson']
export type PetitionPerson = ReportedPerson
export type PetitionStep = S['PetitionStep']
export type RelatedPetition = S['RelatedPetition']
export type DuplicateCandidate = S['DuplicateCandidate']
/** POST /petition-duplicates. */
export type DuplicateCheckResult = S['DuplicateList']
/** A similar item in the county outside the caller's scope: only who holds it, when, how similar. */
export type DuplicateElsewhere = NonNullable<DuplicateCheckResult['elsewhere']>[number]
export type DuplicateCheckInput = FormOf<S['DuplicateCheckInput']>
export type RevealedReporter = S['RevealedReporter']
export type RegistryPerson = S['PersonList']['items'][number]

// ---- warnings (预警) ----------------------------------------------------------

export type WarningItem = S['WarningList']['items'][number]
/** The codes GET /warnings filters by and POST /warnings/acknowledgements takes. */
export type AckWarningCode = S['WarningAckInput']['code']

export type WarningAckInput = FormOf<S['WarningAckInput']>
export type WarningAckResult = S['WarningAckResult']

// ---- 三访合一: duty roster and visits ----------------------------------------

export type RosterEntry = S['RosterEntry']
export type RosterInput = FormOf<S['RosterInput']>
export type VisitKind = S['VisitKind']
export type Visit = S['Visit']
export type VisitInput = FormOf<S['VisitInput']>

// ---- 排查化解 -------------------------------------------------------------------

export type RiskLevel = S['Screening']['risk_level']
export type ScreeningOutcome = S['ScreeningOutcome']
export type Screening = S['Screening']
export type ScreeningInput = FormOf<S['ScreeningInput']>
export type ScreeningOutcomeInput = FormOf<S['ScreeningOutcomeInput']>

// ---- 分析研判 -------------------------------------------------------------------

export type PetitionStats = S['PetitionStats']
export type StatsDimension = PetitionStats['dimension']

// ---- 问题线索 (problem clues) ----------------------------------------------------

export type ClueSource = S['ClueSource']
export type ClueState = S['ClueState']
export type DispatchMode = S['DispatchMode']
export type DisposalMethod = S['DisposalMethod']
export type ClueAction = S['ClueAction']
export type ClueInput = FormOf<S['ClueInput']>
export type CluePerson = ReportedPerson
export type Clue = S['ClueSummary']
export type ClueApprovals = Clue['approvals']
export type ClueStep = S['ClueStep']
export type ClueRecord = S['ClueRecord']
/** A collective review (集体排查) that discussed the clue. */
export type ClueReviewMention = S['ClueReviewMention']
export type ClueDetail = S['ClueDetail']
export type ClueActionInput = FormOf<S['ClueActionInput']>
export type ClueRecordInput = FormOf<S['ClueRecordInput']>
export type DispatchProposal = S['DispatchProposal']

// ---- 线索月报 ----

export type ClueReportItem = S['ClueReportRow']
export type ClueReportStatus = ClueReportItem['status']
/** GET /clue-warnings (level-triggered, computed on every read). */
export type ClueWarning = S['ClueWarningList']['items'][number]
export type ClueReportList = S['ClueReportMonth']
export type ClueReportRow = S['ClueReportClue']
export type ClueReportData = S['ClueReportContent']
export type ClueReportDetail = S['ClueReportDetail']
export type ClueReportChange = ClueReportDetail['changes'][number]

// ---- 集体排查 ----

export type ClueReviewSummary = S['ClueReview']
export type ClueReviewDetail = S['ClueReviewDetail']
export type ClueReviewItem = ClueReviewDetail['items'][number]
export type ClueReviewInput = FormOf<S['ClueReviewInput']>

// ---- 线索漏斗 ----

export type ClueFunnel = S['ClueFunnel']
export type SankeyNode = ClueFunnel['sankey']['nodes'][number]

// ---- 网上举报留言与证据材料 (docs/portal-contract.md, internal listener) ----

export type PetitionMessage = S['PetitionMessage']
export type PetitionMessages = S['PetitionMessageList']
export type PetitionAttachment = S['Evidence']

// ---- 回避 ----

export type Recusal = S['Recusal']
export type RecusalRelation = Recusal['relation']
/** A business account of the caller's county that can be recused (GET /recusals/candidates). */
export type RecusalCandidate = S['RecusalCandidates']['items'][number]
export type RecusalInput = FormOf<S['RecusalInput']>

// ---- 案件 (Cases I: filing, investigation, transfer to trial) ----

export type CaseState = S['CaseState']
export type CaseAction = S['CaseAction']
export type CaseSource = S['CaseInput']['source']
export type CaseInput = FormOf<S['CaseInput']>
export type CaseActionInput = FormOf<S['CaseActionInput']>
export type CaseMeasureEndInput = FormOf<S['CaseMeasureEndInput']>
export type CaseSummary = S['CaseSummary']
export type CaseDetail = S['CaseDetail']
export type CasePerson = CaseSummary['person']
export type CaseTeamMember = CaseDetail['team'][number]
export type CaseMeasure = CaseDetail['measures'][number]
export type CaseExtension = CaseDetail['extensions'][number]
export type CaseStep = CaseDetail['steps'][number]
export type CaseNoticeInput = FormOf<S['CaseNoticeInput']>
export type CaseDocument = S['CaseDocument']
export type CaseEvidence = S['CaseEvidence']
export type CaseEvidenceInput = FormOf<S['CaseEvidenceInput']>
export type CaseProperty = S['CaseProperty']
export type CasePropertyInput = FormOf<S['CasePropertyInput']>
export type CasePropertyMoveInput = FormOf<S['CasePropertyMoveInput']>
export type CaseDocuments = S['CaseDocuments']
export type CaseDocumentInput = FormOf<S['CaseDocumentInput']>
export type DocumentKindInfo = S['DocumentKind']
export type CaseTeamCandidate = { user_id: Id; name: string; org_name: string; role: string }
export type CaseWarning = S['CaseWarning']
export type CaseWarningCode = S['CaseWarningCode']
export type CaseWarningAckInput = FormOf<S['CaseWarningAckInput']>
/** A case filed from a clue, as the clue lists it. */
export type CaseRef = S['CaseRef']
