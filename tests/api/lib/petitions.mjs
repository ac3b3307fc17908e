// Petition inputs shared by the petition-side test files (petitions,
// warnings, ledgers, visits, screenings, petition-stats).
import { expectStatus } from './server.mjs';

const shanghai = () => new Date(Date.now() + 8 * 3600e3); // Asia/Shanghai
export const YEAR = shanghai().getUTCFullYear();
export const TODAY = shanghai().toISOString().slice(0, 10);

/** GB 11643 number from 17 digits: appends the ISO 7064 MOD 11-2 check character. */
export function residentId(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

export const villager = (over = {}) => ({
  name: '王守田',
  unit_name: '东关社区居委会',
  post: '社区主任',
  cadre_level: 'village_cadre',
  party_member: true,
  ...over,
});

/** A valid letter petition about a village of township A (buildCounty's org); `over` replaces fields. */
export function letter(org, over = {}) {
  return {
    channel: 'letter',
    type: 'accusation',
    real_name: true,
    reporter: { name: '李秀英', id_number: residentId('37172319800101002'), phone: '13905371234', address: '成武县文亭街道东关社区' },
    summary: '反映东关社区主任截留低保金',
    content: '东关社区主任王守田在2025年低保评定中优亲厚友，截留困难群众低保金，请求查处。',
    category: 'mass',
    subcategory: 'minimum_living',
    area: 'agricultural_policy',
    place_org_id: org.villageA.id,
    received_day: TODAY,
    postmark_day: TODAY,
    persons: [villager()],
    ...over,
  };
}

/** The collective visit of six with risk words (集体访, 进京) as the petition office registers it. */
export function collectiveVisit(org) {
  return letter(org, {
    channel: 'visit', postmark_day: undefined, visitors: 6, identity_checked: true, reception_cadre: '赵干部',
    summary: '六名村民集体来访反映征地补偿', content: '村民反映征地补偿款被挪用，称如不解决将进京上访。', subcategory: 'land_requisition',
  });
}

/** A visit petition without persons, as the 三访合一 files register it. */
export const visitPetition = (over = {}) => ({
  channel: 'visit', type: 'accusation', summary: '反映村干部截留扶贫款', content: '反映村干部截留扶贫款。', category: 'mass',
  received_day: TODAY, visitors: 1, identity_checked: true, reception_cadre: '值班干部', ...over,
});

/**
 * Three petitions: a visit today at township A (returned: petitionA), and
 * two in March 2024 for the monthly counts, a letter at township A and a
 * call at the county. Needs c.staff_a and c.petition.
 */
export async function registerThreePetitions(c) {
  const r = await c.staff_a.post('/petitions', visitPetition());
  expectStatus(r, 201);
  const petitionA = r.body;
  // Two more in 2024 for the monthly counts, one at the county.
  expectStatus(await c.staff_a.post('/petitions', visitPetition({ channel: 'letter', visitors: undefined, identity_checked: undefined, reception_cadre: undefined, received_day: '2024-03-05' })), 201);
  expectStatus(await c.petition.post('/petitions', visitPetition({ channel: 'phone', visitors: undefined, identity_checked: undefined, reception_cadre: undefined, call_time: '2024-03-09T10:00', received_day: '2024-03-09' })), 201);
  return petitionA;
}
