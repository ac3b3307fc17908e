// 排查化解 screening records (IN-5, feature `screenings`: /screenings):
// periodic sweeps with risk, measures and outcomes; scope and bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, expectStatus } from './lib/server.mjs';
import { countyServer,  } from './lib/fixtures.mjs';
import { YEAR, registerThreePetitions } from './lib/petitions.mjs';

let ts;
let admin;
let org;
const c = {};
let petitionA;

before(async () => {
  ({ ts, admin, org } = await countyServer(c, (org) => [
    ['sec_a', 'township_secretary', org.townA],
    ['staff_a', 'township_staff', org.townA],
    ['staff_b', 'township_staff', org.townB],
    ['petition', 'petition_office', org.petition],
  ]));
  petitionA = await registerThreePetitions(c);
});

after(async () => {
  if (ts) await ts.stop();
});

test('screening records (排查化解): periodic sweeps with risk, measures and outcomes', async () => {
  const s = await c.sec_a.post('/screenings', {
    period: `${YEAR}-Q4`, petition_id: petitionA.id, matter: '扶贫款发放引发群众不满', risk_level: 'medium',
    measures: '入户走访，公开发放明细', responsible: '镇纪委书记', outcome: 'in_progress',
  });
  expectStatus(s, 201);
  assert.equal(s.body.petition.id, petitionA.id);
  const done = await c.sec_a.post(`/screenings/${s.body.id}/outcome`, { outcome: 'resolved', outcome_note: '群众表示满意' });
  expectStatus(done, 200);
  assert.equal(done.body.outcome, 'resolved');
  assert.equal(done.body.outcome_note, '群众表示满意');
  const list = await c.staff_a.get(`/screenings?period=${YEAR}-Q4&outcome=resolved`);
  assert.deepEqual(list.body.items.map((x) => x.id), [s.body.id]);
  assert.equal((await c.staff_b.get('/screenings')).body.total, 0);
  expectError(await c.staff_b.post(`/screenings/${s.body.id}/outcome`, { outcome: 'escalated' }), 404, 'not_found');
  expectError(await c.petition.post(`/screenings/${s.body.id}/outcome`, { outcome: 'escalated' }), 403, 'forbidden');
  for (const [over, field] of [
    [{ period: '2026-13' }, 'period'], [{ period: '2026-Q5' }, 'period'], [{ risk_level: 'extreme' }, 'risk_level'],
    [{ outcome: 'forgotten' }, 'outcome'], [{ measures: '' }, 'measures'],
  ]) {
    expectError(await c.sec_a.post('/screenings', { period: '2026-11', matter: 'm', risk_level: 'low', measures: 'x', responsible: 'y', outcome: 'in_progress', ...over }), 422, 'validation_failed', field);
  }
  expectError(await c.sec_a.get('/screenings?outcome=x'), 400, 'bad_request', 'outcome');
});
