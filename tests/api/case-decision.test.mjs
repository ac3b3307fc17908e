// Cases II, the decision (处分决定, issue 19 items 2 and 4): from
// trial_reported the county leader records a county case's decision, the
// township secretary a township case's; each outcome within its deciding
// organ's power (data/approval-powers.json, the row named on refusal), a
// village cadre only 警告/记过/记大过 (ZW 22), a period the sanction has,
// dated between the filing and today, with its 文号; the influence periods,
// the four forms and a township case's flow come back with the detail; the
// investigation clock stops; bad input writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { countyServer } from './lib/fixtures.mjs';
import { TODAY, addDays } from './lib/clues.mjs';
import { act, addMonths, caseSteps } from './lib/cases.mjs';

let ts;
let org;
const c = {};

before(async () => {
  ({ ts, org } = await countyServer(c, (org) => [
    ['leader', 'county_leader', org.county],
    ['room1', 'discipline_room', org.room1],
    ['room1b', 'discipline_room', org.room1],
    ['secA', 'township_secretary', org.townA],
    ['staffA', 'township_staff', org.townA],
    ['staffA2', 'township_staff', org.townA],
    ['staffA3', 'township_staff', org.townA],
    ['secB', 'township_secretary', org.townB],
    ['trial', 'trial_office', org.trial],
    ['trial2', 'trial_office', org.trial],
  ], { username: (key) => `d_${key.toLowerCase()}` }));
});

after(async () => {
  if (ts) await ts.stop();
});

const count = (sql) => Number(dbQuery(ts, sql).trim());
const rows = (id) => count(`SELECT COUNT(*) FROM case_decisions WHERE case_id = ${id}`);
const auditText = (id) => dbQuery(ts, `SELECT detail FROM audit_log WHERE entity = 'case' AND entity_id = ${id} AND action = 'decide'`);

const { countyCaseReported, townshipCaseReported: reported } = caseSteps(c, () => org);

async function townshipCaseReported(name, over = {}) {
  const k = await reported(name, over);
  assert.equal(k.state, 'trial_reported');
  return k;
}

/** Files the case `days` days ago, so a decision may be dated before today. */
function filedDaysAgo(id, days) {
  dbQuery(ts, `UPDATE cases SET filed_day = '${addDays(TODAY, -days)}' WHERE id = ${id}`);
  return addDays(TODAY, -days);
}

test('a township case: the township 纪委 decides 警告 in a simple case; its influence period, form 2 and 乡案县审', async () => {
  let k = await townshipCaseReported('决定甲');
  assert.ok(k.actions.includes('decide'), JSON.stringify(k.actions));
  assert.deepEqual([k.decisions, k.four_form, k.proposed_flow], [[], null, null]);
  assert.ok(k.deadline, 'the investigation clock runs until the decision (SL 185)');
  const filed = filedDaysAgo(k.id, 30);
  const decidedOn = addDays(TODAY, -3);

  // Who: another township does not see it; the county's 审理室 and the township's staff may not decide.
  const body = { action: 'decide', outcomes: [{ outcome: 'party_warning' }], deciding_organ: 'township_commission', decided_on: decidedOn, decision_ref: '文纪发〔2026〕3号', simple_case: true };
  expectError(await c.secB.post(`/cases/${k.id}/actions`, body), 404, 'not_found');
  expectError(await c.trial.post(`/cases/${k.id}/actions`, body), 403, 'forbidden');
  expectError(await c.staffA.post(`/cases/${k.id}/actions`, body), 403, 'forbidden');
  expectError(await c.leader.post(`/cases/${k.id}/actions`, body), 403, 'forbidden');

  // Bad input, each a 422 naming the field; nothing written.
  const bad = [
    [{ decided_on: addDays(filed, -1) }, 'decided_on', /立案日期/],
    [{ decided_on: addDays(TODAY, 1) }, 'decided_on', /今天/],
    [{ decided_on: '2026-13-01' }, 'decided_on', /日期/],
    [{ decided_on: undefined }, 'decided_on', /日期/],
    [{ decision_ref: undefined }, 'decision_ref', /文号/],
    [{ decision_ref: '   ' }, 'decision_ref', /文号/],
    [{ deciding_organ: 'village_committee' }, 'deciding_organ', /决定机关/],
    [{ deciding_organ: undefined }, 'deciding_organ', /机关/],
    [{ outcomes: [] }, 'outcomes', /处理结果/],
    [{ outcomes: [{ outcome: 'tea' }] }, 'outcomes[0].outcome', /未知/],
    [{ outcomes: [{ outcome: 'party_warning', period: 2 }] }, 'outcomes[0].period', /只能是1年/],
    [{ outcomes: [{ outcome: 'talk_reminder' }, { outcome: 'exemption', period: 6 }] }, 'outcomes[1].period', /没有影响期/],
    [{ outcomes: [{ outcome: 'party_warning' }, { outcome: 'party_warning' }] }, 'outcomes[1].outcome', /重复/],
    [{ outcomes: [{ outcome: 'party_warning' }, { outcome: 'party_serious_warning' }] }, 'outcomes', /第二十四条/],
    // Important or complex (not said simple): the township 纪委's row holds only for simple cases.
    [{ simple_case: undefined }, 'outcomes', /pz38_township_commission/],
    // 开除党籍 is the county's (PZ 14), not the township party committee's.
    [{ outcomes: [{ outcome: 'party_expulsion' }], deciding_organ: 'township_party_committee' }, 'outcomes', /pz14_county_commission_expulsion/],
    // Not a 监察对象: no government sanction.
    [{ outcomes: [{ outcome: 'gov_warning' }], deciding_organ: 'county_supervision' }, 'outcomes', /监察对象/],
  ];
  for (const [over, field, message] of bad) {
    const r = await c.secA.post(`/cases/${k.id}/actions`, { ...body, ...over });
    expectError(r, 422, 'validation_failed', field);
    assert.match(r.body.error.message, message, JSON.stringify(over));
  }
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { ...body, outcomes: 'party_warning' }), 422, 'validation_failed', 'outcomes');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, { ...body, outcomes: [{ outcome: 'party_warning', tea: 1 }] }), 422, 'validation_failed');
  k = (await c.secA.get(`/cases/${k.id}`)).body;
  assert.deepEqual([k.state, k.decisions], ['trial_reported', []], 'nothing written');
  assert.equal(rows(k.id), 0);
  assert.equal(auditText(k.id).trim(), '');

  k = await act(c.secA, k.id, body);
  assert.equal(k.state, 'decided');
  assert.deepEqual(k.actions, []);
  assert.deepEqual(k.decisions, [{
    outcome: 'party_warning', family: 'party_sanction', period: 1, period_unit: 'years',
    period_until: addMonths(decidedOn, 12), influence_until: addMonths(decidedOn, 12), form: 2,
    deciding_organ: 'township_commission', decided_on: decidedOn, decision_ref: '文纪发〔2026〕3号', simple_case: true,
  }]);
  assert.equal(k.four_form, 2);
  assert.deepEqual(k.proposed_flow, { flow: 'township_review', township_organ: 'township_commission', rows: ['pz38_township_commission'] });
  assert.equal(k.deadline, null, 'the decision ends the investigation clock (SL 185)');
  assert.equal(rows(k.id), 1);
  // Decided once: a second decision is refused and writes nothing.
  expectError(await c.secA.post(`/cases/${k.id}/actions`, body), 409, 'conflict', 'action');
  assert.equal(rows(k.id), 1);
  // The audit holds the codes and the 文号, no content.
  const audit = auditText(k.id);
  assert.ok(audit.includes('party_warning') && audit.includes('文纪发〔2026〕3号'), audit);
  assert.ok(!audit.includes('优亲厚友') && !audit.includes('审理报告'), audit);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = ${k.id} AND action = 'decide'`), 1);
  // The county's 审理室 still reads the decided township case; the other township does not.
  const seen = await c.trial.get(`/cases/${k.id}`);
  expectStatus(seen, 200, 'trial office reads the decided case');
  assert.deepEqual(seen.body.actions, []);
  expectError(await c.secB.get(`/cases/${k.id}`), 404, 'not_found');
  // The list filters by the new state.
  const list = (await c.secA.get('/cases?state=decided')).body;
  assert.ok(list.items.some((x) => x.id === k.id));
});

test('a village cadre (grassroots_autonomy): only 警告、记过、记大过 (ZW 22); 留党察看 by the township party committee with 记过 by the county 监委 is 乡镇报批', async () => {
  let k = await townshipCaseReported('决定乙', { supervised_category: 'grassroots_autonomy', person: { public_official: true } });
  assert.equal(k.regime, 'both');
  const body = { action: 'decide', decided_on: TODAY, decision_ref: '成监发〔2026〕12号', simple_case: true };
  for (const outcome of ['gov_demotion', 'gov_dismissal_from_post', 'gov_expulsion']) {
    const r = await c.secA.post(`/cases/${k.id}/actions`, { ...body, outcomes: [{ outcome }], deciding_organ: 'county_supervision' });
    expectError(r, 422, 'validation_failed', 'outcomes');
    assert.match(r.body.error.message, /第二十二条/);
    assert.match(r.body.error.message, /zw22_village_cadres_limit/);
  }
  // A government sanction is the county 监委's, never a township organ's.
  const township = await c.secA.post(`/cases/${k.id}/actions`, { ...body, outcomes: [{ outcome: 'gov_demerit' }], deciding_organ: 'township_party_committee' });
  expectError(township, 422, 'validation_failed', 'outcomes');
  assert.match(township.body.error.message, /zw22_village_cadres/);
  // 留党察看 needs its period chosen: 1 or 2 years.
  const open = await c.secA.post(`/cases/${k.id}/actions`, { ...body, outcomes: [{ outcome: 'party_probation' }], deciding_organ: 'township_party_committee' });
  expectError(open, 422, 'validation_failed', 'outcomes[0].period');
  assert.equal(rows(k.id), 0, 'nothing written');

  k = await act(c.secA, k.id, { ...body, outcomes: [{ outcome: 'party_probation', period: 1 }, { outcome: 'gov_demerit', deciding_organ: 'county_supervision' }], deciding_organ: 'township_party_committee' });
  assert.equal(k.state, 'decided');
  const [probation, demerit] = k.decisions;
  assert.deepEqual([probation.outcome, probation.period, probation.period_unit, probation.period_until, probation.influence_until, probation.form, probation.deciding_organ],
    ['party_probation', 1, 'years', addMonths(TODAY, 12), addMonths(TODAY, 36), 3, 'township_party_committee']);
  assert.deepEqual([demerit.outcome, demerit.period, demerit.period_unit, demerit.influence_until, demerit.form, demerit.deciding_organ],
    ['gov_demerit', 12, 'months', addMonths(TODAY, 12), 2, 'county_supervision']);
  assert.equal(k.four_form, 3);
  assert.equal(k.proposed_flow.flow, 'township_approval_request');
  assert.equal(k.proposed_flow.township_organ, null);
  assert.ok(k.proposed_flow.rows.includes('zw22_village_cadres'), JSON.stringify(k.proposed_flow));
  assert.equal(rows(k.id), 2);
});

test('a county case: the county leader records the county committee\'s decision; the 审理室 and the room may not; the 审理室 still reads it', async () => {
  let k = await countyCaseReported('决定丙');
  const body = {
    action: 'decide', deciding_organ: 'county_commission', decided_on: TODAY, decision_ref: '成纪发〔2026〕21号',
    outcomes: [{ outcome: 'party_serious_warning' }, { outcome: 'gov_demerit', deciding_organ: 'county_supervision' }],
  };
  expectError(await c.trial.post(`/cases/${k.id}/actions`, body), 403, 'forbidden');
  expectError(await c.room1.post(`/cases/${k.id}/actions`, body), 403, 'forbidden');
  expectError(await c.secA.post(`/cases/${k.id}/actions`, body), 404, 'not_found');
  assert.ok((await c.leader.get(`/cases/${k.id}`)).body.actions.includes('decide'));
  assert.ok(!(await c.trial.get(`/cases/${k.id}`)).body.actions.includes('decide'));
  // A county case is decided by county organs; a government sanction by the 监委, not the 纪委.
  const townOrgan = await c.leader.post(`/cases/${k.id}/actions`, { ...body, deciding_organ: 'township_commission' });
  expectError(townOrgan, 422, 'validation_failed', 'deciding_organ');
  const wrongOrgan = await c.leader.post(`/cases/${k.id}/actions`, { ...body, outcomes: [{ outcome: 'gov_demerit' }] });
  expectError(wrongOrgan, 422, 'validation_failed', 'outcomes');
  assert.match(wrongOrgan.body.error.message, /zw_county_supervision/);
  // Two government sanctions: ZW 15 executes the heaviest; not taken in one decision here.
  const two = await c.leader.post(`/cases/${k.id}/actions`, { ...body, outcomes: [{ outcome: 'gov_warning', deciding_organ: 'county_supervision' }, { outcome: 'gov_demerit', deciding_organ: 'county_supervision' }] });
  expectError(two, 422, 'validation_failed', 'outcomes');
  assert.match(two.body.error.message, /第十五条/);
  assert.equal(rows(k.id), 0, 'nothing written');

  k = await act(c.leader, k.id, body);
  assert.equal(k.state, 'decided');
  assert.deepEqual(k.decisions.map((d) => [d.outcome, d.deciding_organ, d.period, d.period_unit, d.influence_until, d.form, d.simple_case]), [
    ['party_serious_warning', 'county_commission', 18, 'months', addMonths(TODAY, 18), 2, false],
    ['gov_demerit', 'county_supervision', 12, 'months', addMonths(TODAY, 12), 2, false],
  ]);
  assert.equal(k.four_form, 2);
  assert.equal(k.proposed_flow, null, 'a county case has no township flow');
  assert.equal(k.deadline, null);
  const tried = await c.trial.get(`/cases/${k.id}`);
  expectStatus(tried, 200, 'the 审理室 reads the case it tried');
  assert.equal(tried.body.decisions.length, 2);
});
