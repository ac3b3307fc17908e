import type { ReportedPerson, ReportedPersonInput } from '@/api/types'

/** One reported person (被反映人) as the registration forms edit it. */
export interface PersonForm {
  key: number
  name: string
  unit_name: string
  post: string
  cadre_level: string
  party_member: boolean
  public_official: boolean
  county_department: boolean
  township_discipline_staff: boolean
  township_party_secretary: boolean
}

/** The flags of a person in this matter, with their labels. */
export const PERSON_FLAGS = [
  ['party_member', 'petition.partyMember'],
  ['public_official', 'petition.publicOfficial'],
  ['county_department', 'petition.countyDepartment'],
  ['township_discipline_staff', 'petition.townshipDisciplineStaff'],
  ['township_party_secretary', 'petition.townshipPartySecretary'],
] as const

let personKey = 0
export const blankPerson = (): PersonForm => ({
  key: ++personKey,
  name: '',
  unit_name: '',
  post: '',
  cadre_level: '',
  party_member: false,
  public_official: false,
  county_department: false,
  township_discipline_staff: false,
  township_party_secretary: false,
})

/** A person of a record (e.g. the petition a clue comes from) as a form row. */
export const personFromRecord = (x: ReportedPerson): PersonForm => ({
  ...blankPerson(),
  name: x.name,
  unit_name: x.unit_name,
  post: x.post ?? '',
  cadre_level: x.cadre_level,
  party_member: x.party_member,
  public_official: x.public_official,
  county_department: x.county_department,
  township_discipline_staff: x.township_discipline_staff,
  township_party_secretary: x.township_party_secretary,
})

const nz = (s: string | null | undefined): string | null => {
  const v = (s ?? '').trim()
  return v ? v : null
}

export function personInput(p: PersonForm): ReportedPersonInput {
  return {
    name: p.name.trim(),
    unit_name: p.unit_name.trim(),
    post: nz(p.post),
    cadre_level: p.cadre_level,
    party_member: p.party_member,
    public_official: p.public_official,
    county_department: p.county_department,
    township_discipline_staff: p.township_discipline_staff,
    township_party_secretary: p.township_party_secretary,
  }
}

export const personComplete = (p: PersonForm) => !!(p.name.trim() && p.unit_name.trim() && p.cadre_level)
