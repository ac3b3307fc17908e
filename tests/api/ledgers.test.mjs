// Ledgers (台账, feature `ledgers`: /ledgers/*.xlsx): the petition ledger
// is exactly the rows of the list with the same filters, fixed columns and a
// title; the clue ledger likewise. The monthly clue report ledger is checked
// with the reports in clue-reports.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { expectStatus } from './lib/server.mjs';
import { countyServer, usersByKey, listAll } from './lib/fixtures.mjs';
import { letter as petitionLetter, collectiveVisit } from './lib/petitions.mjs';
import { clue, act, clueUsername } from './lib/clues.mjs';

let ts;
let admin;
let org;
const c = {};
const letter = (over = {}) => petitionLetter(org, over);

before(async () => {
  ({ ts, admin, org } = await countyServer(c, (org) => [
    ['petition', 'petition_office', org.petition],
    ['staff_a', 'township_staff', org.townA],
    ['staff_b', 'township_staff', org.townB],
    ['trial', 'trial_office', org.trial],
  ]));
  Object.assign(c, await usersByKey(ts, admin, [
    ['cs', 'case_supervision', org.caseSup],
    ['leader', 'county_leader', org.county],
  ], { username: clueUsername }));
  // Petitions: at the county on each channel, one at township A, one overdue from 2024.
  expectStatus(await c.petition.post('/petitions', letter()), 201, 'letter');
  expectStatus(await c.petition.post('/petitions', collectiveVisit(org)), 201, 'visit');
  expectStatus(await c.petition.post('/petitions', letter({ channel: 'phone', postmark_day: undefined, call_time: '2024-05-06T09:30', received_day: '2024-05-06', real_name: false, reporter: { phone: '0537-5212388' } })), 201, 'phone');
  expectStatus(await c.staff_a.post('/petitions', letter({ summary: '镇登记的一件' })), 201, 'township');
  expectStatus(await c.petition.post('/petitions', letter({ received_day: '2024-09-25', postmark_day: '2024-09-24' })), 201, 'overdue');
  // Clues: one dispatched jointly, one left registered.
  const joint = (await c.cs.post('/clues', clue({ township_id: org.townA.id, needs_county_strength: true, summary: '合办线索' }))).body.id;
  await act(c.cs, joint, { action: 'propose_dispatch', mode: 'joint', lead_org_id: org.room1.id, assist_org_id: org.townA.id });
  await act(c.leader, joint, { action: 'approve_dispatch' });
  expectStatus(await c.cs.post('/clues', clue({ township_id: org.townB.id })), 201, 'clue');
});

after(async () => {
  if (ts) await ts.stop();
});

/** GET a ledger export and read its rows back (title, header, data). */
async function ledger(client, query = '') {
  const url = `${client.base}/api/v1/ledgers/petitions.xlsx${query}`;
  const res = await fetch(url, { headers: { cookie: client.cookieHeader() } });
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status, text: buf.toString() };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf);
  const ws = wb.worksheets[0];
  const rows = [];
  ws.eachRow((row) => rows.push(row.values.slice(1).map((v) => (v == null ? '' : String(v)))));
  return { status: 200, headers: res.headers, title: rows[0][0], header: rows[1], data: rows.slice(2), sheet: ws.name };
}

test('ledger export: exactly the rows of the list with the same filters, fixed columns, titled', async () => {
  for (const [client, query] of [
    [c.petition, ''],
    [c.petition, '?channel=visit'],
    [c.staff_a, ''],
    [c.petition, '?overdue=true'],
    [c.petition, `?received_from=2024-01-01&received_to=2024-12-31`],
    [c.petition, `?q=${encodeURIComponent('王守田')}`],
  ]) {
    const list = await listAll(client, `/petitions${query}`);
    const x = await ledger(client, query);
    assert.equal(x.status, 200, `export ${query}: ${x.text}`);
    assert.equal(x.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(x.headers.get('content-disposition'), /^attachment; filename="petitions.xlsx"; filename\*=UTF-8''%/);
    assert.deepEqual(x.header, ['序号', '编号', '收件日期', '来源渠道', '信访类型', '被反映人', '问题类别', '问题细类', '内容摘要', '登记单位', '承办单位', '办理状态', '办理期限', '是否超期']);
    assert.deepEqual(x.data.map((r) => r[1]), list.items.map((p) => p.number), `rows of ${query || 'all'}`);
    assert.deepEqual(x.data.map((r) => Number(r[0])), list.items.map((_, i) => i + 1), 'serial numbers');
    assert.match(x.title, /信访举报台账/);
  }
  const town = await ledger(c.staff_a);
  assert.match(town.title, /^文亭街道信访举报台账/);
  const county = await ledger(c.petition, '?received_from=2024-01-01&received_to=2024-12-31');
  assert.match(county.title, /^成武县纪委监委信访举报台账（2024-01-01至2024-12-31）/);
  // Labels, not codes; the overdue 2024 item is marked.
  const row = county.data.find((r) => r[2] === '2024-09-25');
  assert.ok(row, 'the 2024 item');
  assert.equal(row[3], '来信');
  assert.equal(row[6], '违反群众纪律');
  assert.equal(row[5], '王守田');
  assert.equal(row[13], '超期');
  // Exports are audited, without content; scope and bad filters as for the list.
  const auditor = await ts.adminClient('auditor');
  const log = await auditor.get('/audit-log?entity=ledger&page_size=200');
  assert.ok(log.body.items.some((e) => e.action === 'export' && e.actor_id === c.staff_a.user.id && e.detail.ledger === 'petitions'));
  assert.equal((await ledger(c.trial)).status, 403);
  assert.equal((await ledger(c.petition, '?state=nope')).status, 400);
  assert.equal((await ledger(c.staff_b)).data.length, 0);
});

test('clue ledger: the rows of the list with the same filters, titled', async () => {
  const res = await fetch(`${c.cs.base}/api/v1/ledgers/clues.xlsx?mode=joint`, { headers: { cookie: c.cs.cookieHeader() } });
  assert.equal(res.status, 200);
  const n = (await c.cs.get('/clues?mode=joint&page_size=200')).body.total;
  assert.equal(res.headers.get('x-row-count'), String(n));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()));
  const sheet = wb.worksheets[0];
  assert.match(String(sheet.getCell('A1').value), /问题线索处置台账/);
  assert.equal(sheet.rowCount, n + 2);
});
