// Collective reviews of clues (集体排查, feature `clue_reviews`:
// /clue-reviews): attendees and a decision on each clue, within scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, expectStatus } from './lib/server.mjs';
import { countyServer,  } from './lib/fixtures.mjs';
import { TODAY, clue, clueUsername } from './lib/clues.mjs';

let ts;
let admin;
let org;
const c = {};

before(async () => {
  ({ ts, admin, org } = await countyServer(c, (org) => [
    ['cs', 'case_supervision', org.caseSup],
    ['secA', 'township_secretary', org.townA],
  ], { username: clueUsername }));
});

after(async () => {
  if (ts) await ts.stop();
});

test('collective review: attendees and a decision on each clue, within scope', async () => {
  const a = (await c.cs.post('/clues', clue({ township_id: org.townA.id, summary: '排查线索甲' }))).body.id;
  const b = (await c.cs.post('/clues', clue({ township_id: org.townB.id, summary: '排查线索乙' }))).body.id;
  const body = { held_day: TODAY, title: '11月线索集体排查会', attendees: '县纪委副书记、案管室主任、各室主任', items: [{ clue_id: a, decision: 'expedite', note: '月底前提出处置意见' }, { clue_id: b, decision: 'keep_on' }] };
  expectError(await c.cs.post('/clue-reviews', { ...body, items: [{ clue_id: a, decision: 'forget' }] }), 422, 'validation_failed', 'items[0].decision');
  expectError(await c.cs.post('/clue-reviews', { ...body, items: [{ clue_id: a, decision: 'keep_on' }, { clue_id: a, decision: 'expedite' }] }), 422, 'validation_failed', 'items[1].clue_id');
  expectError(await c.secA.post('/clue-reviews', body), 422, 'validation_failed', 'items[1].clue_id');
  assert.equal((await c.secA.get('/clue-reviews')).body.total, 0, 'nothing written');
  const r = await c.cs.post('/clue-reviews', body);
  expectStatus(r, 201);
  assert.deepEqual(r.body.items.map((x) => [x.clue_id, x.decision]), [[a, 'expedite'], [b, 'keep_on']]);
  assert.equal((await c.cs.get('/clue-reviews')).body.items[0].item_count, 2);
  const d = await c.cs.get(`/clues/${a}`);
  assert.deepEqual(d.body.reviews.map((x) => x.decision), ['expedite']);
  expectStatus(await c.secA.get(`/clue-reviews/${r.body.id}`), 404, 'another unit\'s meeting');
});
