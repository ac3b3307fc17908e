// Issue 27, items 13 and 14. Duplicates across the county (IN-8): a
// township's own near-duplicates are found however many similar items the
// rest of the county holds; similar items elsewhere in the county are named
// by organisation, date and similarity only (never content), and never
// recused or conflict-of-interest ones. Warning lists page with their true
// total; a township is not warned for months before it existed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectStatus, dbQuery } from './lib/server.mjs';
import { buildCounty, createOrg, createUser, loginNew } from './lib/fixtures.mjs';

let ts;
let admin;
let org;
const c = {};
const shanghai = () => new Date(Date.now() + 8 * 3600e3);
const TODAY = shanghai().toISOString().slice(0, 10);

const person = (over = {}) => ({ name: '周长海', unit_name: '东关社区居委会', post: '社区主任', cadre_level: 'village_cadre', party_member: true, ...over });

function letter(summary, content, over = {}) {
  return {
    channel: 'letter',
    type: 'accusation',
    real_name: false,
    summary,
    content,
    category: 'mass',
    subcategory: 'minimum_living',
    received_day: TODAY,
    persons: [person()],
    ...over,
  };
}

function clue(over = {}) {
  return {
    source: 'supervision',
    summary: '集体资金使用不规范',
    content: '日常监督中发现社区集体资金支出缺少民主决策程序。',
    category: 'mass',
    received_day: TODAY,
    persons: [person()],
    ...over,
  };
}

async function register(client, body) {
  const r = await client.post('/petitions', body);
  expectStatus(r, 201, body.summary);
  return r.body;
}

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  org = await buildCounty(admin);
  const mk = async (key, role, unit) => {
    const u = await createUser(admin, { username: `d_${key.toLowerCase()}`, display_name: `用户${key}`, org_unit_id: unit.id, role });
    c[key] = await loginNew(ts, `d_${key.toLowerCase()}`, u.initial_password);
    c[key].user = u.user;
  };
  await mk('po', 'petition_office', org.petition);
  await mk('cs', 'case_supervision', org.caseSup);
  await mk('staffA', 'township_staff', org.townA);
  await mk('staffB', 'township_staff', org.townB);
  await mk('secB', 'township_secretary', org.townB);
  await mk('secC', 'township_secretary', org.townC);
});

after(async () => {
  if (ts) await ts.stop();
});

const OWN = '反映东关社区主任周长海在危房改造补助发放中虚报冒领，将补助资金转入亲属账户，群众多次反映无人过问，请求彻查。';
const ELSEWHERE_KEYS = ['org_name', 'received_day', 'similarity'];

test("duplicates: a township sees its own near-duplicate under 50+ similar items elsewhere, and the others only by unit, date and similarity", async () => {
  const own = await register(c.staffA, letter('反映社区主任虚报冒领危房改造补助', OWN));
  const other = await register(c.staffB, letter('反映虚报冒领危房改造补助', OWN.replace('请求彻查', '请求上级彻查')));

  // Before the county is crowded: the township's own item, and the other township's as a bare pointer.
  let r = await c.staffA.post('/petition-duplicates', { content: OWN });
  expectStatus(r, 200);
  assert.ok(r.body.items.some((x) => x.id === own.id), `own item: ${JSON.stringify(r.body)}`);
  assert.ok(!r.body.items.some((x) => x.id === other.id), 'the other township is not in the list');
  assert.ok(Array.isArray(r.body.elsewhere), `elsewhere listed: ${JSON.stringify(r.body)}`);
  assert.equal(r.body.elsewhere.length, 1, JSON.stringify(r.body.elsewhere));
  const e = r.body.elsewhere[0];
  assert.deepEqual(Object.keys(e).sort(), ELSEWHERE_KEYS, 'no number, summary, content, persons or reporter');
  assert.equal(e.org_name, '汶上镇');
  assert.equal(e.received_day, TODAY);
  assert.ok(e.similarity >= 0.5 && e.similarity <= 1, `similarity ${e.similarity}`);
  assert.ok(!JSON.stringify(r.body.elsewhere).includes(other.number), 'no number');

  // The county sees both townships' items in its own list, and nothing "elsewhere".
  r = await c.po.post('/petition-duplicates', { content: OWN });
  assert.ok(r.body.items.some((x) => x.id === own.id) && r.body.items.some((x) => x.id === other.id), JSON.stringify(r.body));
  assert.deepEqual(r.body.elsewhere, []);
  // …and merges across townships.
  const m = await c.po.post(`/petitions/${other.id}/actions`, { action: 'merge', reason: '内容重复，合并办理', merged_into: own.id });
  expectStatus(m, 200, 'county merge across townships');

  // Crowd the county: 55 similar letters at the county office, all newer than the township's own.
  for (let i = 0; i < 55; i++) await register(c.po, letter(`来信${i}`, OWN.replace('群众多次反映', `群众第${i + 2}次反映`)));
  r = await c.staffA.post('/petition-duplicates', { content: OWN });
  assert.ok(r.body.items.some((x) => x.id === own.id), `own item still found: ${JSON.stringify(r.body.items.map((x) => x.id))}`);
  assert.ok(r.body.elsewhere.length > 0 && r.body.elsewhere.every((x) => x.org_name && Object.keys(x).sort().join() === ELSEWHERE_KEYS.join()));
  // The detail of the township's item agrees.
  const d = await c.staffA.get(`/petitions/${own.id}`);
  assert.ok(d.body.duplicates.every((x) => x.id !== own.id));
});

test('duplicates elsewhere never name a recused person\'s item or a conflict-of-interest item', async () => {
  const text = '反映汶上村党支部书记吴德胜在土地流转中收受好处费，擅自将集体土地低价转包给亲戚经营，村民意见很大。';
  const relative = person({ name: '吴德胜', unit_name: '汶上村党支部', post: '党支部书记' });
  const item = await register(c.staffB, letter('反映村支书收受好处费', text, { persons: [relative] }));
  let r = await c.staffA.post('/petition-duplicates', { content: text });
  assert.equal(r.body.elsewhere?.length, 1, 'seen elsewhere before the recusal');
  // staffA must keep away from 吴德胜 (回避): the item is not even hinted at.
  const personId = item.persons?.[0]?.person_id ?? (await c.po.get(`/petitions/${item.id}`)).body.persons[0].person_id;
  const rc = await c.cs.post('/recusals', { user_id: c.staffA.user.id, person_id: personId, relation: 'kin', reason: '近亲属' });
  expectStatus(rc, 201, 'recusal');
  r = await c.staffA.post('/petition-duplicates', { content: text });
  assert.deepEqual(r.body.elsewhere, [], 'a recused person\'s item is not hinted at');

  // An item about a township's party secretary (conflict of interest) is never hinted at to a township.
  const text2 = '反映白浮图镇党委书记郑国强违规插手工程项目招投标，指定亲属公司中标，工程质量低劣，群众反映强烈。';
  const secretary = person({ name: '郑国强', unit_name: '白浮图镇党委', post: '党委书记', cadre_level: 'township_section', township_party_secretary: true });
  const conflicted = await register(c.po, letter('反映镇党委书记插手工程招投标', text2, { persons: [secretary] }));
  r = await c.secC.post('/petition-duplicates', { content: text2 });
  expectStatus(r, 200);
  assert.deepEqual(r.body.elsewhere, [], 'the township is not told');
  assert.deepEqual((await c.staffB.post('/petition-duplicates', { content: text2 })).body.elsewhere, []);
  r = await c.po.post('/petition-duplicates', { content: text2 });
  assert.ok(r.body.items.some((x) => x.id === conflicted.id), 'the county sees it');
});

test('petition warnings page with their true total', async () => {
  // Risk terms make a warning at once; three in township C.
  const ids = [];
  for (const w of ['进京', '到省', '堵路']) ids.push((await register(c.secC, letter(`反映征地补偿问题，扬言${w}`, `群众反映征地补偿不到位，扬言${w}。`))).id);
  const all = await c.secC.get('/warnings');
  expectStatus(all, 200);
  assert.equal(all.body.total, 3);
  assert.equal(all.body.items.length, 3);
  const p1 = await c.secC.get('/warnings?page_size=2');
  expectStatus(p1, 200);
  assert.equal(p1.body.items.length, 2, 'a page');
  assert.equal(p1.body.total, 3, 'the true total beyond the page');
  const p2 = await c.secC.get('/warnings?page_size=2&page=2');
  assert.equal(p2.body.items.length, 1);
  assert.deepEqual(new Set([...p1.body.items, ...p2.body.items].map((x) => x.petition.id)), new Set(ids));
  assert.equal((await c.secC.get('/warnings?page_size=501')).status, 400);
});

test('clue warnings page with their true total; a township is not warned for months before it existed', async () => {
  // A township made today: no monthly report was due before it existed.
  const fresh = await createOrg(admin, { parent_id: org.county.id, kind: 'township', category: 'town', name: '苟村集镇', short_name: '苟村', division_code: '371723103' });
  const u = await createUser(admin, { username: 'd_fresh', display_name: '新镇书记', org_unit_id: fresh.id, role: 'township_secretary' });
  const secFresh = await loginNew(ts, 'd_fresh', u.initial_password);
  let w = await secFresh.get('/clue-warnings');
  expectStatus(w, 200);
  assert.deepEqual(w.body.items.filter((x) => x.code === 'clue_report_overdue'), [], 'no warning for months before the township existed');
  // Its missing report for last month is listed (it may still report clues
  // of that month) but never overdue.
  // (Two months back: that month's deadline has passed for everyone.)
  const earlier = (() => {
    const d = new Date(Date.now() + 8 * 3600e3);
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 2);
    return d.toISOString().slice(0, 7);
  })();
  const reports = await secFresh.get(`/clue-reports?month=${earlier}`);
  expectStatus(reports, 200);
  const row = reports.body.items.find((x) => x.township_id === fresh.id);
  assert.ok(row, 'the township is listed');
  assert.equal(row.status, 'not_submitted');
  assert.equal(row.overdue, false, 'overdue for a month before it existed');
  // The same township a year older is warned for the last months' missing reports.
  dbQuery(ts, `UPDATE org_units SET created_at = created_at - ${400 * 86400000} WHERE id = ${fresh.id}`);
  w = await secFresh.get('/clue-warnings');
  assert.ok(w.body.items.some((x) => x.code === 'clue_report_overdue' && x.township_id === fresh.id), JSON.stringify(w.body.items));
  const older = (await secFresh.get(`/clue-reports?month=${earlier}`)).body.items.find((x) => x.township_id === fresh.id);
  assert.deepEqual([older.status, older.overdue], ['not_submitted', true], 'a township that existed is overdue');

  // Three overdue clues of township B (their due day set in the past), paged two at a time.
  const ids = [];
  for (let i = 0; i < 3; i++) {
    const r = await c.secB.post('/clues', clue({ summary: `集体资金使用不规范${i}` }));
    expectStatus(r, 201);
    ids.push(r.body.id);
  }
  dbQuery(ts, `UPDATE clues SET due_day = '2025-01-06' WHERE id IN (${ids.join(', ')})`);
  const all = await c.secB.get('/clue-warnings');
  const overdue = all.body.items.filter((x) => x.code === 'overdue');
  assert.deepEqual(new Set(overdue.map((x) => x.clue.id)), new Set(ids));
  assert.equal(all.body.total, all.body.items.length);
  const p1 = await c.secB.get('/clue-warnings?page_size=2');
  expectStatus(p1, 200);
  assert.equal(p1.body.items.length, 2, 'a page');
  assert.equal(p1.body.total, all.body.total, 'the true total beyond the page');
  const rest = [];
  for (let page = 2; (page - 1) * 2 < all.body.total; page++) rest.push(...(await c.secB.get(`/clue-warnings?page_size=2&page=${page}`)).body.items);
  assert.deepEqual([...p1.body.items, ...rest], all.body.items, 'the pages make up the list');
});
