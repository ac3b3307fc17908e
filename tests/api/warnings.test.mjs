// Warnings (预警, feature `warnings`: /warnings): level-triggered from the
// petition records, acknowledged once per occurrence, scoped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, expectStatus } from './lib/server.mjs';
import { countyServer,  } from './lib/fixtures.mjs';
import { letter as petitionLetter, collectiveVisit } from './lib/petitions.mjs';

let ts;
let admin;
let org;
const c = {};
const letter = (over = {}) => petitionLetter(org, over);

before(async () => {
  ({ ts, admin, org } = await countyServer(c, (org) => [
    ['petition', 'petition_office', org.petition],
    ['case_sup', 'case_supervision', org.caseSup],
    ['staff_b', 'township_staff', org.townB],
  ]));
  // An open collective visit with risk words: two warnings while it is open.
  expectStatus(await c.petition.post('/petitions', collectiveVisit(org)), 201, 'collective visit');
});

after(async () => {
  if (ts) await ts.stop();
});

test('warnings (预警): level-triggered from the records, acknowledged once per occurrence, scoped', async () => {
  const late = await c.petition.post('/petitions', letter({ summary: '预警测试超期件', received_day: '2024-09-25', postmark_day: null }));
  expectStatus(late, 201);
  const list = await c.petition.get('/warnings');
  expectStatus(list, 200);
  const w = list.body.items.find((x) => x.petition.id === late.body.id && x.code === 'overdue');
  assert.ok(w, 'overdue warning listed');
  assert.equal(w.occurrence, 'petition_acceptance_notice:2024-10-21');
  assert.equal(w.acknowledged, null);
  assert.ok(list.body.items.some((x) => x.code === 'collective_visit'), 'collective visits are warnings while open');
  assert.ok(list.body.items.some((x) => x.code === 'risk_terms'));
  const onlyOverdue = await c.petition.get('/warnings?code=overdue');
  assert.ok(onlyOverdue.body.items.length > 0 && onlyOverdue.body.items.every((x) => x.code === 'overdue'));
  expectError(await c.petition.get('/warnings?code=nope'), 400, 'bad_request', 'code');

  // Acknowledge: gone from the default list, kept with include_acknowledged, idempotent.
  const ack = { petition_id: late.body.id, code: 'overdue', occurrence: w.occurrence, note: '已督办' };
  expectError(await c.case_sup.post('/warnings/acknowledgements', ack), 403, 'forbidden');
  expectError(await c.staff_b.post('/warnings/acknowledgements', ack), 422, 'validation_failed', 'petition_id');
  expectError(await c.petition.post('/warnings/acknowledgements', { ...ack, occurrence: 'petition_acceptance_notice:2024-10-22' }), 409, 'conflict', 'occurrence');
  let r = await c.petition.post('/warnings/acknowledgements', ack);
  expectStatus(r, 200);
  assert.deepEqual(r.body, { acknowledged: true, already: false });
  r = await c.petition.post('/warnings/acknowledgements', ack);
  assert.deepEqual(r.body, { acknowledged: true, already: true });
  const after = await c.petition.get('/warnings?code=overdue');
  assert.ok(!after.body.items.some((x) => x.petition.id === late.body.id), 'acknowledged warning not listed');
  const all = await c.petition.get('/warnings?code=overdue&include_acknowledged=true');
  const kept = all.body.items.find((x) => x.petition.id === late.body.id);
  assert.equal(kept.acknowledged.by, '用户petition');
  assert.equal(kept.acknowledged.note, '已督办');
  const d = await c.petition.get(`/petitions/${late.body.id}`);
  assert.equal(d.body.warnings.find((x) => x.code === 'overdue').acknowledged.by, '用户petition');
  const row = (await c.petition.get(`/petitions?q=${encodeURIComponent(late.body.number)}`)).body.items[0];
  assert.equal(row.warnings.find((x) => x.code === 'overdue').acknowledged.by, '用户petition', 'the list agrees with the detail');

  // A new occurrence (accepting starts the conclusion clock) is not silenced by the old acknowledgement.
  await c.petition.post(`/petitions/${late.body.id}/actions`, { action: 'accept' });
  const acc = await c.petition.get(`/petitions/${late.body.id}`);
  assert.equal(acc.body.deadline.limit, 'petition_conclude');
  assert.ok(!acc.body.warnings.some((x) => x.code === 'overdue'), 'the new clock runs from today');

  // Scope: another township sees none of the county's warnings.
  const b = await c.staff_b.get('/warnings');
  assert.equal(b.body.items.length, 0);
});
