import { apiUrl, http, type Query, type RequestOptions } from './http'
import type {
  Categories,
  DuplicateCheckInput,
  DuplicateCheckResult,
  Id,
  JurisdictionProposal,
  JurisdictionRequest,
  Page,
  PetitionActionInput,
  PetitionDetail,
  PetitionInput,
  PetitionStats,
  PetitionSummary,
  RegistryPerson,
  RevealedReporter,
} from './types'

export const getCategories = () => http.get<Categories>('/categories')
// A preview only; the form calls it as the user types, so errors stay quiet.
export const proposeJurisdiction = (input: JurisdictionRequest) =>
  http.post<JurisdictionProposal>('/jurisdiction-proposals', input, { silent: true })
export const listPetitions = (q: Query, opts?: RequestOptions) => http.get<Page<PetitionSummary>>('/petitions', q, opts)
export const registerPetition = (input: PetitionInput) => http.post<PetitionDetail>('/petitions', input)
export const getPetition = (id: Id, opts?: RequestOptions) => http.get<PetitionDetail>(`/petitions/${id}`, undefined, opts)
export const actOnPetition = (id: Id, input: PetitionActionInput) => http.post<PetitionDetail>(`/petitions/${id}/actions`, input)
export const revealReporter = (id: Id, reason: string) => http.post<RevealedReporter>(`/petitions/${id}/reveal`, { reason })
export const listPersons = (q: Query) => http.get<Page<RegistryPerson>>('/persons', q)
// Asked as the registration form is typed: errors stay quiet.
export const checkDuplicates = (input: DuplicateCheckInput) =>
  http.post<DuplicateCheckResult>('/petition-duplicates', input, { silent: true })
/** The 台账 .xlsx of the list's filters, for a plain link: the browser downloads it with the session cookie. */
export const ledgerUrl = (q: Query) => apiUrl('/ledgers/petitions.xlsx', q)
export const petitionStats = (year: number, dimension: string) => http.get<PetitionStats>('/petition-stats', { year, dimension })
