// 分析研判 monthly counts (IN-5, feature `petition_stats`: /petition-stats):
// by channel, type, category and township, within the scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, expectStatus } from './lib/server.mjs';
import { countyServer,  } from './lib/fixtures.mjs';
import { YEAR, registerThreePetitions } from './lib/petitions.mjs';

let ts;
let admin;
let org;
const c = {};

before(async () => {
  ({ ts, admin, org } = await countyServer(c, (org) => [
    ['staff_a', 'township_staff', org.townA],
    ['staff_b', 'township_staff', org.townB],
    ['petition', 'petition_office', org.petition],
    ['leader', 'county_leader', org.county],
    ['trial', 'trial_office', org.trial],
  ]));
  // A visit today at township A; a letter (township A) and a call (county) in March 2024.
  await registerThreePetitions(c);
});

after(async () => {
  if (ts) await ts.stop();
});

test('monthly counts (分析研判): by channel, type, category and township, within the scope', async () => {
  const r = await c.leader.get('/petition-stats?year=2024&dimension=channel');
  expectStatus(r, 200);
  assert.equal(r.body.months.length, 12);
  assert.equal(r.body.months[2], '2024-03');
  const letter = r.body.series.find((x) => x.key === 'letter');
  const phone = r.body.series.find((x) => x.key === 'phone');
  assert.equal(letter.counts[2], 1);
  assert.equal(phone.counts[2], 1);
  assert.equal(r.body.total, 2);
  const town = await c.leader.get('/petition-stats?year=2024&dimension=township');
  assert.deepEqual(town.body.series.map((x) => [x.key, x.total]).sort(), [['县本级', 1], ['文亭街道', 1]]);
  const mine = await c.staff_a.get('/petition-stats?year=2024&dimension=category');
  assert.equal(mine.body.total, 1, 'a township counts its own');
  assert.equal((await c.staff_b.get('/petition-stats?year=2024')).body.total, 0);
  const now = await c.leader.get(`/petition-stats?year=${YEAR}&dimension=type`);
  assert.equal(now.body.series.find((x) => x.key === 'accusation').total, 1);
  expectError(await c.leader.get('/petition-stats?year=24'), 400, 'bad_request', 'year');
  expectError(await c.leader.get('/petition-stats?year=2024&dimension=moon'), 400, 'bad_request', 'dimension');
  expectError(await c.trial.get('/petition-stats?year=2024'), 403, 'forbidden');
});
