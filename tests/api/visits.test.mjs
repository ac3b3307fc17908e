// 三访合一 (IN-4, feature `visits`: /duty-roster, /visits): duty roster and
// visit records linked to petitions; scopes and bad input. Screening records:
// screenings.test.mjs; monthly counts: petition-stats.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { countyServer,  } from './lib/fixtures.mjs';
import { TODAY, registerThreePetitions } from './lib/petitions.mjs';

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
    ['room_1', 'discipline_room', org.room1],
    ['room_2', 'discipline_room', org.room2],
    ['leader', 'county_leader', org.county],
    ['trial', 'trial_office', org.trial],
  ]));
  petitionA = await registerThreePetitions(c);
});

after(async () => {
  if (ts) await ts.stop();
});

test('duty roster: a unit lists who receives visitors on which day; only its own staff, once a day', async () => {
  const r = await c.sec_a.post('/duty-roster', { day: '2026-12-01', user_id: c.staff_a.user.id, note: '上午' });
  expectStatus(r, 201);
  assert.equal(r.body.org.id, org.townA.id);
  assert.equal(r.body.user.name, '用户staff_a');
  expectError(await c.sec_a.post('/duty-roster', { day: '2026-12-01', user_id: c.staff_a.user.id }), 409, 'conflict', 'user_id');
  expectError(await c.sec_a.post('/duty-roster', { day: '2026-12-02', user_id: c.staff_b.user.id }), 422, 'validation_failed', 'user_id');
  expectError(await c.sec_a.post('/duty-roster', { day: '2026-13-01', user_id: c.staff_a.user.id }), 422, 'validation_failed', 'day');
  expectStatus(await c.sec_a.post('/duty-roster', { day: '2026-12-02', user_id: c.sec_a.user.id }), 201);

  const list = await c.staff_a.get('/duty-roster?from=2026-12-01&to=2026-12-31');
  expectStatus(list, 200);
  assert.deepEqual(list.body.items.map((x) => [x.day, x.user.id]), [['2026-12-01', c.staff_a.user.id], ['2026-12-02', c.sec_a.user.id]]);
  assert.equal((await c.room_1.get('/duty-roster?from=2026-12-01&to=2026-12-31')).body.total, 2, 'room linked to A sees it');
  assert.equal((await c.room_2.get('/duty-roster?from=2026-12-01&to=2026-12-31')).body.total, 0);
  assert.equal((await c.staff_b.get('/duty-roster?from=2026-12-01&to=2026-12-31')).body.total, 0);
  expectError(await c.staff_a.get('/duty-roster?from=2026-12-01'), 400, 'bad_request', 'to');
  expectError(await c.staff_a.get('/duty-roster?from=2026-12-31&to=2026-12-01'), 400, 'bad_request', 'to');

  expectError(await c.staff_b.del(`/duty-roster/${r.body.id}`), 404, 'not_found');
  expectError(await c.room_1.del(`/duty-roster/${r.body.id}`), 403, 'forbidden');
  expectStatus(await c.sec_a.del(`/duty-roster/${r.body.id}`), 200);
  assert.equal((await c.staff_a.get('/duty-roster?from=2026-12-01&to=2026-12-31')).body.total, 1);
});

test('visits: 接访, 下访 and 约访 recorded and linked to petitions in scope', async () => {
  const v = await c.staff_a.post('/visits', {
    kind: 'outreach', day: TODAY, cadres: '镇纪委书记、干事', place: '东关社区', petition_id: petitionA.id,
    summary: '到村了解扶贫款发放情况', outcome: '已向群众说明',
  });
  expectStatus(v, 201);
  assert.equal(v.body.kind, 'outreach');
  assert.equal(v.body.petition.number, petitionA.number);
  expectStatus(await c.staff_a.post('/visits', { kind: 'reception', day: TODAY, cadres: '值班干部', summary: '接待来访群众' }), 201);
  const byPetition = await c.staff_a.get(`/visits?petition_id=${petitionA.id}`);
  assert.deepEqual(byPetition.body.items.map((x) => x.id), [v.body.id]);
  const outreach = await c.staff_a.get('/visits?kind=outreach');
  assert.ok(outreach.body.items.every((x) => x.kind === 'outreach'));
  assert.equal((await c.staff_b.get('/visits')).body.total, 0, 'another township sees none');
  assert.equal((await c.leader.get('/visits')).body.total, 2, 'the county sees all');

  // A petition outside the scope cannot be linked; bad values are named.
  expectError(await c.staff_b.post('/visits', { kind: 'appointment', day: TODAY, cadres: '甲', summary: 'x', petition_id: petitionA.id }), 422, 'validation_failed', 'petition_id');
  expectError(await c.staff_a.post('/visits', { kind: 'party', day: TODAY, cadres: '甲', summary: 'x' }), 422, 'validation_failed', 'kind');
  expectError(await c.staff_a.post('/visits', { kind: 'reception', day: '2999-01-01', cadres: '甲', summary: 'x' }), 422, 'validation_failed', 'day');
  expectError(await c.staff_a.post('/visits', { kind: 'reception', day: TODAY, cadres: '', summary: 'x' }), 422, 'validation_failed', 'cadres');
  expectError(await c.staff_a.get('/visits?kind=party'), 400, 'bad_request', 'kind');
  expectError(await c.trial.post('/visits', { kind: 'reception', day: TODAY, cadres: '甲', summary: 'x' }), 403, 'forbidden');
  const n = Number(dbQuery(ts, 'SELECT COUNT(*) FROM visits').trim());
  assert.equal(n, 2, 'refused visits wrote nothing');
});
