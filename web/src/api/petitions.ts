import { http, type Query } from './http'
import type {
  Categories,
  Id,
  JurisdictionProposal,
  JurisdictionRequest,
  Page,
  PetitionActionInput,
  PetitionDetail,
  PetitionInput,
  PetitionSummary,
  RegistryPerson,
  RevealedReporter,
} from './types'

export const getCategories = () => http.get<Categories>('/categories')
// A preview only; the form calls it as the user types, so errors stay quiet.
export const proposeJurisdiction = (input: JurisdictionRequest) =>
  http.post<JurisdictionProposal>('/jurisdiction-proposals', input, { silent: true })
export const listPetitions = (q: Query) => http.get<Page<PetitionSummary>>('/petitions', q)
export const registerPetition = (input: PetitionInput) => http.post<PetitionDetail>('/petitions', input)
export const getPetition = (id: Id) => http.get<PetitionDetail>(`/petitions/${id}`)
export const actOnPetition = (id: Id, input: PetitionActionInput) => http.post<PetitionDetail>(`/petitions/${id}/actions`, input)
export const revealReporter = (id: Id, reason: string) => http.post<RevealedReporter>(`/petitions/${id}/reveal`, { reason })
export const listPersons = (q: Query) => http.get<Page<RegistryPerson>>('/persons', q)
