// A case driven through the API to where a test starts: filed and under
// investigation, transferred to trial, or reported by the trial. `c` holds
// the clients by key (leader, room1, room1b, secA, staffA, staffA2,
// staffA3, trial, trial2; tests/api/case-trial.test.mjs), `orgOf()` the
// units (a function: the server starts in before()).
import { expectStatus } from './server.mjs';
import { villager } from './clues.mjs';

/** POST a case action, asserting the status; returns the body. */
export async function act(client, id, body, status = 200) {
  const r = await client.post(`/cases/${id}/actions`, body);
  expectStatus(r, status, body.action);
  return r.body;
}

/** Every item of the dictionary trial_file_items: the whole file. */
export const TRIAL_FILE_ITEMS = ['filing_decision', 'investigation_report', 'facts_shown', 'evidence', 'person_statement', 'property_list', 'case_file_index'];

/** `day` plus n months, the last day of a shorter month (SL 285). */
export function addMonths(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  const dom = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + n);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(dom, last));
  return d.toISOString().slice(0, 10);
}

export function caseSteps(c, orgOf) {
  /** A county-led case under investigation by room 1 (team room1, room1b). */
  async function countyCase(name) {
    const person = { name, unit_name: '成武县交通运输局', post: '科员', cadre_level: 'general_cadre', party_member: true, public_official: true, county_department: true };
    const r = await c.room1.post('/cases', { source: 'transferred', source_organ: '成武县审计局', source_ref: `成审移〔2026〕${name}`, supervised_category: 'civil_servant', violations: ['integrity_discipline'], mode: 'county_led', township_id: orgOf().townA.id, summary: '收受礼金', person });
    expectStatus(r, 201, 'file');
    let k = await act(c.room1, r.body.id, { action: 'approve_filing' });
    k = await act(c.leader, k.id, { action: 'approve_filing' });
    k = await act(c.leader, k.id, { action: 'approve_filing', approval_ref: `成委〔2026〕${name}` });
    return act(c.room1, k.id, { action: 'start_investigation', plan: '调取账目，谈话', team: [c.room1.user.id, c.room1b.user.id] });
  }
  /** The county case's facts shown, its transfer requested and approved. */
  async function transferCounty(k) {
    if (!k.facts_shown_day) k = await act(c.room1, k.id, { action: 'show_facts', signed: true });
    k = await act(c.room1, k.id, { action: 'request_transfer', report: '审查调查报告：收受礼金属实' });
    k = await act(c.room1, k.id, { action: 'approve_transfer' });
    return act(c.leader, k.id, { action: 'approve_transfer' });
  }
  /** A township A case (team secA, staffA) transferred to trial; `over` changes the filing (person: the person's fields). */
  async function townshipCaseAtTrial(name, over = {}) {
    const { person = {}, ...filing } = over;
    const r = await c.secA.post('/cases', { source: 'found_in_supervision', source_ref: '专项检查', violations: ['mass_discipline'], mode: 'township', summary: '优亲厚友', person: villager({ name, post: '村会计', ...person }), ...filing });
    expectStatus(r, 201, 'file');
    await act(c.secA, r.body.id, { action: 'approve_filing' });
    let k = await act(c.secA, r.body.id, { action: 'approve_filing', approval_ref: '文党〔2026〕9号' });
    k = await act(c.secA, k.id, { action: 'start_investigation', plan: '谈话', team: [c.secA.user.id, c.staffA.user.id] });
    k = await act(c.staffA, k.id, { action: 'show_facts', signed: true });
    k = await act(c.staffA, k.id, { action: 'request_transfer', report: '审查调查报告：属实' });
    return act(c.secA, k.id, { action: 'approve_transfer' });
  }
  /** A county-led case (team room1, room1b) through its trial by the 审理室 (trial, trial2), reported. */
  async function countyCaseReported(name) {
    let k = await transferCounty(await countyCase(name));
    k = await act(c.trial, k.id, { action: 'accept_trial', file_items: TRIAL_FILE_ITEMS, triers: [c.trial.user.id, c.trial2.user.id] });
    return act(c.trial, k.id, { action: 'report_trial', trial_report: '审理报告：建议给予党内严重警告、记过处分', deliberation: '审理室集体审议，一致同意' });
  }
  /** A township A case (team secA, staffA) tried by the township (staffA2, staffA3), reported. */
  async function townshipCaseReported(name, over = {}) {
    let k = await townshipCaseAtTrial(name, over);
    k = await act(c.secA, k.id, { action: 'accept_trial', file_items: TRIAL_FILE_ITEMS, triers: [c.staffA2.user.id, c.staffA3.user.id] });
    return act(c.secA, k.id, { action: 'report_trial', trial_report: '审理报告：建议给予党内警告处分', deliberation: '镇纪委集体审议' });
  }
  return { countyCase, transferCounty, townshipCaseAtTrial, countyCaseReported, townshipCaseReported };
}
