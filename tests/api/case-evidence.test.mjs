// A case's evidence list (证据目录) with encrypted files whose every download
// is audited, and its register of property taken (涉案财物登记, GZ 47, SL 67):
// each handover, the return once the measure is lifted (which then records
// the measure's return and ends its warning), transfer and confiscation;
// kept by the lead unit, read within the case's scope only; bad input names
// its field and writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, expectStatus, dbQuery } from './lib/server.mjs';
import { buildCounty, createUser, loginNew, usersByKey } from './lib/fixtures.mjs';
import { TODAY, addDays, villager } from './lib/clues.mjs';

let ts;
let org;
const c = {};
let k; // a township A case under investigation
let retrieve; // its 调取 measure
let talk;
let own; // township A staff with own_records scope

const upload = (client, path, name, raw) =>
  client.request('POST', `${path}?name=${encodeURIComponent(name)}`, { raw, contentType: 'application/octet-stream' });
const count = (table) => Number(dbQuery(ts, `SELECT COUNT(*) FROM ${table}`).trim());

before(async () => {
  ts = await startServer();
  const admin = await ts.adminClient('admin');
  org = await buildCounty(admin);
  Object.assign(c, await usersByKey(ts, admin, [
    ['cs', 'case_supervision', org.caseSup],
    ['room1', 'discipline_room', org.room1],
    ['room2', 'discipline_room', org.room2],
    ['secA', 'township_secretary', org.townA],
    ['staffA', 'township_staff', org.townA],
    ['staffA2', 'township_staff', org.townA],
    ['secB', 'township_secretary', org.townB],
  ], { username: (key) => `ev_${key.toLowerCase()}` }));
  const u = await createUser(admin, { username: 'ev_own', display_name: '只看本人', org_unit_id: org.townA.id, role: 'township_staff', data_scope: 'own_records' });
  own = await loginNew(ts, 'ev_own', u.initial_password);
  const act = async (client, body) => {
    const r = await client.post(`/cases/${k.id}/actions`, body);
    expectStatus(r, 200, body.action);
    k = r.body;
  };
  const filed = await c.secA.post('/cases', { source: 'found_in_supervision', source_ref: '专项检查', violations: ['mass_discipline'], mode: 'township', summary: '侵占集体资金', person: villager({ name: '证据人', post: '村会计' }) });
  expectStatus(filed, 201);
  k = filed.body;
  await act(c.secA, { action: 'approve_filing' });
  await act(c.secA, { action: 'approve_filing', approval_ref: '文党〔2026〕21号' });
  await act(c.staffA, { action: 'start_investigation', plan: '调取账目', team: [c.staffA.user.id, c.secA.user.id] });
  await act(c.staffA, { action: 'record_measure', measure: 'retrieve', day: addDays(TODAY, -2), approved_by: 'township_secretary', people: [c.staffA.user.id, c.secA.user.id] });
  await act(c.staffA, { action: 'record_measure', measure: 'talk', day: TODAY, approved_by: 'township_secretary', people: [c.staffA.user.id, c.secA.user.id] });
  [retrieve, talk] = k.measures.map((m) => m.id);
});

after(async () => {
  if (ts) await ts.stop();
});

test('the evidence list: numbered entries, a file once, every download audited, nothing of its content in the audit', async () => {
  const path = `/cases/${k.id}/evidence`;
  const r = await c.staffA.post(path, { kind: 'documentary', title: '东关社区2025年度账目', obtained_day: addDays(TODAY, -1), source: '调取自社区居委会', measure_id: retrieve });
  expectStatus(r, 201);
  assert.deepEqual([r.body.seq, r.body.kind, r.body.measure_id, r.body.file, r.body.added_by_name], [1, 'documentary', retrieve, null, c.staffA.user.display_name]);
  const second = await c.secA.post(path, { kind: 'person_statement', title: '谈话笔录', obtained_day: TODAY, source: '谈话', measure_id: talk, note: '本人签字' });
  expectStatus(second, 201);
  assert.equal(second.body.seq, 2);

  // The file: type by content, encrypted at rest, once per entry.
  const file = await upload(c.staffA, `${path}/${r.body.id}/file`, '账目.txt', '收入：20000\n支出：0\n');
  expectStatus(file, 201);
  assert.deepEqual([file.body.file.name, file.body.file.type, file.body.file.size], ['账目.txt', 'text/plain', Buffer.byteLength('收入：20000\n支出：0\n')]);
  expectError(await upload(c.staffA, `${path}/${r.body.id}/file`, '又一份.txt', 'x\n'), 409, 'conflict', 'file');
  expectError(await upload(c.staffA, `${path}/${r.body.id + 1000}/file`, 'a.txt', 'x\n'), 404, 'not_found');
  const exe = await upload(c.staffA, `${path}/${second.body.id}/file`, 'x.exe', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]));
  expectError(exe, 422, 'validation_failed', 'file');
  const digest = dbQuery(ts, `SELECT f.digest FROM evidence_files f JOIN case_evidence e ON e.file_id = f.id WHERE e.id = ${r.body.id}`).trim();
  assert.match(digest, /^[0-9a-f]{64}$/);

  const list = await c.room1.get(path); // the linked room reads
  expectStatus(list, 200);
  assert.deepEqual(list.body.items.map((e) => [e.seq, e.title, !!e.file]), [[1, '东关社区2025年度账目', true], [2, '谈话笔录', false]]);
  const downloads = () => Number(dbQuery(ts, `SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = ${k.id} AND action = 'download_evidence'`).trim());
  const n = downloads();
  const dl = await c.cs.request('GET', `${path}/${r.body.id}/file`);
  expectStatus(dl, 200);
  assert.equal(dl.text, '收入：20000\n支出：0\n');
  assert.match(dl.headers.get('content-disposition'), /filename\*=UTF-8''/);
  assert.equal(downloads(), n + 1, 'the download is audited');
  expectError(await c.cs.get(`${path}/${second.body.id}/file`), 404, 'not_found');
  assert.equal(Number(dbQuery(ts, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%账目%' OR detail LIKE '%笔录%'").trim()), 0, 'content in the audit log');
});

test('the property register: taken by a measure that holds property, handed over, returned once the measure is lifted', async () => {
  const path = `/cases/${k.id}/property`;
  const item = { measure_id: retrieve, description: '社区账本（原件）', quantity: '3本', holder: '东关社区居委会', witness: '社区委员孙二', custody_place: '文亭街道纪工委档案柜', keeper: '李保管', day: addDays(TODAY, -2) };
  const a = await c.staffA.post(path, item);
  expectStatus(a, 201);
  assert.deepEqual([a.body.seq, a.body.state, a.body.taken_day, a.body.moves_allowed], [1, 'held', addDays(TODAY, -2), ['handover', 'return', 'transfer', 'confiscate']]);
  const b = await c.staffA.post(path, { ...item, description: '收据', quantity: '12张', value: 0 });
  expectStatus(b, 201);
  // Handed in by the person (主动上交): no measure, no witness needed.
  const cash = await c.secA.post(path, { description: '现金', quantity: '人民币2万元', value: 20000, holder: '证据人本人主动上交', custody_place: '专用账户', keeper: '王会计', day: TODAY });
  expectStatus(cash, 201);

  const move = (id, body, client = c.staffA) => client.post(`${path}/${id}/moves`, body);
  // A handover changes the keeper and the place; the item stays held.
  let r = await move(a.body.id, { move: 'handover', day: addDays(TODAY, -1), to: '张保管', custody_place: '县纪委涉案财物保管室', note: '移交县纪委保管' });
  expectStatus(r, 201);
  assert.deepEqual([r.body.state, r.body.keeper, r.body.custody_place], ['held', '张保管', '县纪委涉案财物保管室']);
  // Not returned before the measure is lifted; the measure's return waits for every item.
  expectError(await move(a.body.id, { move: 'return', day: TODAY, to: '东关社区' }), 409, 'conflict', 'move');
  expectStatus(await c.staffA.post(`/cases/${k.id}/measures/${retrieve}/end`, { day: TODAY }), 200);
  expectError(await c.staffA.post(`/cases/${k.id}/measures/${retrieve}/return`, { day: TODAY }), 409, 'conflict', 'day');
  assert.ok((await c.staffA.get('/case-warnings')).body.items.some((w) => w.case_id === k.id && w.code === 'property_return_due_soon'));
  r = await move(a.body.id, { move: 'return', day: TODAY, to: '东关社区居委会' });
  expectStatus(r, 201);
  assert.deepEqual([r.body.state, r.body.moves_allowed], ['returned', []]);
  expectError(await move(a.body.id, { move: 'handover', day: TODAY, to: '某人' }), 409, 'conflict', 'move');
  assert.equal((await c.staffA.get(`/cases/${k.id}`)).body.measures[0].returned_day, null, 'one item still held');
  expectStatus(await move(b.body.id, { move: 'return', day: TODAY, to: '东关社区居委会' }), 201);
  const detail = (await c.staffA.get(`/cases/${k.id}`)).body;
  assert.equal(detail.measures[0].returned_day, TODAY, 'the last item returned records the measure\'s return');
  assert.ok(!(await c.staffA.get('/case-warnings')).body.items.some((w) => w.case_id === k.id && w.code.startsWith('property_return')));
  // Confiscation names its decision.
  expectError(await move(cash.body.id, { move: 'confiscate', day: TODAY, to: '国库' }), 422, 'validation_failed', 'note');
  expectStatus(await move(cash.body.id, { move: 'confiscate', day: TODAY, to: '国库', note: '依据党纪处分决定收缴违纪所得' }), 201);

  const list = await c.cs.get(path);
  expectStatus(list, 200);
  assert.deepEqual(list.body.items.map((p) => [p.seq, p.state, p.moves.map((m) => m.move)]), [[1, 'returned', ['handover', 'return']], [2, 'returned', ['return']], [3, 'confiscated', ['confiscate']]]);
  assert.ok(list.body.items.every((p) => p.moves_allowed.length === 0), '案管 reads, does not keep');
  assert.equal(Number(dbQuery(ts, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%账本%' OR detail LIKE '%现金%'").trim()), 0, 'content in the audit log');
});

test('scope: another township, an unlinked room, a recused cadre, an own-records user see nothing; readers outside the lead unit do not keep', async () => {
  const rec = await c.cs.post('/recusals', { user_id: c.staffA2.user.id, person_id: k.person.person_id, relation: 'kin', reason: '系其亲属' });
  expectStatus(rec, 201);
  const ev = (await c.staffA.get(`/cases/${k.id}/evidence`)).body.items[0];
  for (const [who, client] of [['secB', c.secB], ['room2', c.room2], ['staffA2 (recused)', c.staffA2], ['own records', own]]) {
    for (const p of [`/cases/${k.id}/evidence`, `/cases/${k.id}/property`, `/cases/${k.id}/evidence/${ev.id}/file`])
      expectError(await client.get(p), 404, 'not_found', undefined, `${who} ${p}`);
    expectError(await client.post(`/cases/${k.id}/evidence`, { kind: 'physical', title: 'x', obtained_day: TODAY, source: 'x' }), 404, 'not_found');
    expectError(await upload(client, `/cases/${k.id}/evidence/${ev.id}/file`, 'a.txt', 'x\n'), 404, 'not_found');
  }
  // 案管 and the linked room read but do not keep the register.
  expectError(await c.cs.post(`/cases/${k.id}/evidence`, { kind: 'physical', title: 'x', obtained_day: TODAY, source: 'x' }), 403, 'forbidden');
  expectError(await c.room1.post(`/cases/${k.id}/property`, { description: 'x', quantity: '1', holder: 'x', custody_place: 'x', keeper: 'x', day: TODAY }), 403, 'forbidden');
  for (const name of ['admin', 'secadmin', 'auditor']) {
    const a = await ts.adminClient(name);
    expectError(await a.get(`/cases/${k.id}/evidence`), 403, 'forbidden');
    expectError(await a.get(`/cases/${k.id}/property`), 403, 'forbidden');
  }
});

test('bad input: each field named, nothing written', async () => {
  const evidence = count('case_evidence');
  const property = count('case_property');
  const good = { kind: 'physical', title: '银行卡', obtained_day: TODAY, source: '搜查' };
  for (const [body, field] of [
    [{ ...good, kind: undefined }, 'kind'],
    [{ ...good, kind: 'rumour' }, 'kind'],
    [{ ...good, title: '  ' }, 'title'],
    [{ ...good, obtained_day: '2026-02-30' }, 'obtained_day'],
    [{ ...good, obtained_day: addDays(TODAY, 1) }, 'obtained_day'],
    [{ ...good, source: undefined }, 'source'],
    [{ ...good, measure_id: 987654321 }, 'measure_id'],
    [{ ...good, title: 'x'.repeat(201) }, 'title'],
    [{ ...good, extra: 1 }, 'extra'],
  ]) expectError(await c.staffA.post(`/cases/${k.id}/evidence`, body), 422, 'validation_failed', field);
  const item = { description: '手机', quantity: '1部', holder: '证据人', witness: '孙二', custody_place: '保管室', keeper: '李保管', day: TODAY };
  for (const [body, field] of [
    [{ ...item, measure_id: talk }, 'measure_id'],
    [{ ...item, measure_id: 987654321 }, 'measure_id'],
    [{ ...item, description: '' }, 'description'],
    [{ ...item, quantity: undefined }, 'quantity'],
    [{ ...item, value: -5 }, 'value'],
    [{ ...item, holder: undefined }, 'holder'],
    [{ ...item, custody_place: ' ' }, 'custody_place'],
    [{ ...item, keeper: undefined }, 'keeper'],
    [{ ...item, day: addDays(TODAY, 1) }, 'day'],
    [{ ...item, day: undefined }, 'day'],
  ]) expectError(await c.staffA.post(`/cases/${k.id}/property`, body), 422, 'validation_failed', field);
  // A lifted measure takes no more property.
  expectError(await c.staffA.post(`/cases/${k.id}/property`, { ...item, measure_id: retrieve }), 409, 'conflict', 'measure_id');
  assert.deepEqual([count('case_evidence'), count('case_property')], [evidence, property], 'nothing written');
  const p = (await c.staffA.get(`/cases/${k.id}/property`)).body.items.find((x) => x.state === 'returned');
  const fresh = await c.secA.post(`/cases/${k.id}/property`, { ...item, measure_id: undefined, witness: undefined });
  expectStatus(fresh, 201);
  const mv = (body) => c.staffA.post(`/cases/${k.id}/property/${fresh.body.id}/moves`, body);
  for (const [body, field] of [
    [{ move: 'sell', day: TODAY, to: 'x' }, 'move'],
    [{ day: TODAY, to: 'x' }, 'move'],
    [{ move: 'handover', day: addDays(TODAY, 1), to: 'x' }, 'day'],
    [{ move: 'handover', day: addDays(TODAY, -1), to: 'x' }, 'day'],
    [{ move: 'handover', day: TODAY }, 'to'],
    [{ move: 'handover', day: TODAY, to: 'x', when: 1 }, 'when'],
  ]) expectError(await mv(body), 422, 'validation_failed', field);
  expectError(await c.staffA.post(`/cases/${k.id}/property/${p.id}/moves`, { move: 'return', day: TODAY, to: 'x' }), 409, 'conflict', 'move');
  expectError(await c.staffA.post(`/cases/${k.id}/property/987654321/moves`, { move: 'return', day: TODAY, to: 'x' }), 404, 'not_found');
  assert.equal((await c.staffA.get(`/cases/${k.id}/property`)).body.items.find((x) => x.id === fresh.body.id).moves.length, 0);
});
