// 三访合一 (IN-4): duty roster and visit records linked to petitions;
// 排查化解 screening records and 分析研判 monthly counts (IN-5); scopes and
// bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { buildCounty, createUser, loginNew } from './lib/fixtures.mjs';

let ts;
let admin;
let org;
const c = {};
const YEAR = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
const TODAY = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
let petitionA;

const petition = (over = {}) => ({
  channel: 'visit', type: 'accusation', summary: '反映村干部截留扶贫款', content: '反映村干部截留扶贫款。', category: 'mass',
  received_day: TODAY, visitors: 1, identity_checked: true, reception_cadre: '值班干部', ...over,
});

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  org = await buildCounty(admin);
  const mk = async (key, role, unit) => {
    const u = await createUser(admin, { username: key, display_name: `用户${key}`, org_unit_id: unit.id, role });
    c[key] = await loginNew(ts, key, u.initial_password);
    c[key].user = u.user;
  };
  await mk('sec_a', 'township_secretary', org.townA);
  await mk('staff_a', 'township_staff', org.townA);
  await mk('staff_b', 'township_staff', org.townB);
  await mk('petition', 'petition_office', org.petition);
  await mk('room_1', 'discipline_room', org.room1);
  await mk('room_2', 'discipline_room', org.room2);
  await mk('leader', 'county_leader', org.county);
  await mk('trial', 'trial_office', org.trial);
  const r = await c.staff_a.post('/petitions', petition());
  expectStatus(r, 201);
  petitionA = r.body;
  // Two more in 2024 for the monthly counts, one at the county.
  expectStatus(await c.staff_a.post('/petitions', petition({ channel: 'letter', visitors: undefined, identity_checked: undefined, reception_cadre: undefined, received_day: '2024-03-05' })), 201);
  expectStatus(await c.petition.post('/petitions', petition({ channel: 'phone', visitors: undefined, identity_checked: undefined, reception_cadre: undefined, call_time: '2024-03-09T10:00', received_day: '2024-03-09' })), 201);
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
