// Official documents of a case (文书, CA-3): generation from the templates
// in data/templates, versions that keep their number, numbers gapless per
// issuing organisation, kind and year, audited downloads, the scope (another
// township, an unlinked room, a recused cadre, an own-records user, the
// administrators), template replacement and its bad input, the committed
// templates against their sources, and every kind converted to PDF by
// LibreOffice and checked with poppler (A4, page count, title).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, expectError, expectStatus, dbQuery, runCli, API, REPO_ROOT } from './lib/server.mjs';
import { buildCounty, createUser, loginNew, usersByKey } from './lib/fixtures.mjs';
import { YEAR, villager } from './lib/clues.mjs';
import { docxParagraphs, unzip, zip } from './lib/docx.mjs';

let ts;
let admin;
let org;
let own; // township staff of A with own_records scope
const c = {};

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
  org = await buildCounty(admin);
  Object.assign(c, await usersByKey(ts, admin, [
    ['cs', 'case_supervision', org.caseSup],
    ['leader', 'county_leader', org.county],
    ['room1', 'discipline_room', org.room1],
    ['room1b', 'discipline_room', org.room1],
    ['room2', 'discipline_room', org.room2],
    ['secA', 'township_secretary', org.townA],
    ['staffA', 'township_staff', org.townA],
    ['staffA2', 'township_staff', org.townA],
    ['secB', 'township_secretary', org.townB],
  ], { username: (key) => `d_${key.toLowerCase()}` }));
  const u = await createUser(admin, { username: 'd_own', display_name: '只看本人', org_unit_id: org.townA.id, role: 'township_staff', data_scope: 'own_records' });
  own = await loginNew(ts, 'd_own', u.initial_password);
});

after(async () => {
  if (ts) await ts.stop();
});

async function act(client, id, body, status = 200) {
  const r = await client.post(`/cases/${id}/actions`, body);
  expectStatus(r, status, body.action);
  return r.body;
}

const direct = (over = {}) => ({
  source: 'found_in_supervision',
  source_ref: '2026年第三季度集体资金专项检查',
  violations: ['mass_discipline', 'integrity_discipline'],
  mode: 'township',
  summary: '侵占集体资金2万元',
  person: villager({ name: '钱有才', post: '村会计' }),
  ...over,
});

/** A township A case filed along the township chain. */
async function filedTownshipCase(over = {}) {
  const r = await c.secA.post('/cases', direct(over));
  expectStatus(r, 201, 'file');
  await act(c.secA, r.body.id, { action: 'approve_filing' });
  return act(c.secA, r.body.id, { action: 'approve_filing', approval_ref: '文党〔2026〕1号' });
}

/** A county case led by room1, filed along the county chain. */
async function filedCountyCase(name) {
  const person = { name, unit_name: '成武县农业农村局', post: '科员', cadre_level: 'general_cadre', party_member: true, public_official: true, county_department: true };
  const r = await c.room1.post('/cases', { source: 'transferred', source_organ: '成武县审计局', source_ref: '成审移〔2026〕2号', supervised_category: 'civil_servant', violations: ['integrity_discipline', 'duty_illegality'], mode: 'county_led', township_id: org.townA.id, summary: '利用职务便利收受财物', person });
  expectStatus(r, 201, 'file county case');
  await act(c.room1, r.body.id, { action: 'approve_filing' });
  await act(c.leader, r.body.id, { action: 'approve_filing' });
  return act(c.leader, r.body.id, { action: 'approve_filing', approval_ref: '成委〔2026〕12号' });
}

async function generate(client, caseId, body, status = 201) {
  const r = await client.post(`/cases/${caseId}/documents`, body);
  expectStatus(r, status, `generate ${body.kind}`);
  return r.body;
}

/** GET a binary download (the JSON client would decode it as text). */
async function download(client, path) {
  const res = await fetch(`${client.base}${API}${path}`, { headers: { cookie: client.cookieHeader() } });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, json: res.headers.get('content-type')?.includes('json') ? JSON.parse(body.toString()) : null };
}

const count = (sql) => Number(dbQuery(ts, sql).trim());
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

test('the committed templates match their sources (funnel templates --check)', () => {
  const r = runCli(['templates', '--check']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('generate: the number per organisation, kind and year; versions keep it; the download is the filled, audited .docx', async () => {
  const k = await filedTownshipCase({ person: villager({ name: '文书甲', post: '村会计' }) });
  let list = (await c.secA.get(`/cases/${k.id}/documents`)).body;
  assert.deepEqual(list.items, []);
  const byCode = Object.fromEntries(list.kinds.map((x) => [x.code, x]));
  assert.ok(['filing_decision', 'filing_notice', 'talk_notice', 'rights_notice', 'evidence_request', 'seizure_notice', 'extension_request', 'investigation_report', 'transfer_letter'].every((x) => x in byCode));
  assert.equal(byCode.filing_decision.available, true);
  assert.equal(byCode.transfer_letter.available, false, 'not before the transfer request');
  // A township case takes only the township's measures, and no 监察 power.
  assert.deepEqual([byCode.talk_notice.measure, byCode.talk_notice.available], ['talk', true]);
  assert.deepEqual([byCode.seizure_notice.measure, byCode.seizure_notice.available], ['seize', false]);
  assert.equal(byCode.detention_decision.available, false);
  expectError(await c.secA.post(`/cases/${k.id}/documents`, { kind: 'seizure_notice', values: { recipient: '社区', measure_name: '扣押' } }), 409, 'conflict', 'kind');
  assert.deepEqual(byCode.talk_notice.inputs.map((f) => [f.name, f.required]), [['talk_time', true], ['talk_place', true], ['contact', false]]);
  assert.deepEqual(byCode.seizure_notice.lists[0].fields.map((f) => f.name), ['name', 'spec', 'quantity', 'note']);

  const v1 = await generate(c.secA, k.id, { kind: 'filing_decision' });
  assert.deepEqual([v1.kind, v1.kind_name, v1.version, v1.current, v1.number, v1.custom_template], ['filing_decision', '立案决定书', 1, true, `文亭立〔${YEAR}〕1号`, false]);
  const v2 = await generate(c.staffA, k.id, { kind: 'filing_decision' });
  assert.deepEqual([v2.version, v2.number], [2, v1.number], 'a new version keeps the number');
  list = (await c.secA.get(`/cases/${k.id}/documents`)).body;
  assert.deepEqual(list.items.map((x) => [x.id, x.version, x.current]), [[v1.id, 1, false], [v2.id, 2, true]]);

  // The download: the filled document, its name, an audit record each time.
  const audits = () => count(`SELECT COUNT(*) FROM audit_log WHERE action = 'download_document' AND entity_id = ${k.id}`);
  const before = audits();
  const d = await download(c.secA, `/cases/${k.id}/documents/${v1.id}`);
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('content-type'), DOCX);
  const cd = d.headers.get('content-disposition');
  assert.match(cd, /^attachment; filename="document-\d+\.docx"; filename\*=UTF-8''/);
  assert.equal(decodeURIComponent(cd.split("UTF-8''")[1]), `立案决定书（${v1.number}）第1版.docx`);
  const text = docxParagraphs(d.body);
  assert.equal(text[0], '文亭街道纪工委', 'the red issuing-organ line');
  assert.equal(text[1], v1.number, 'the 文号 line');
  assert.equal(text[2], '立案决定书');
  const all = text.join('\n');
  for (const s of ['文书甲（东关社区居委会村会计）涉嫌违反群众纪律、违反廉洁纪律', `案件编号：${k.number}`, '侵占集体资金2万元']) assert.ok(all.includes(s), `${s} in ${all}`);
  assert.ok(!all.includes('{{'), 'no placeholder left');
  assert.equal(audits(), before + 1);
  expectStatus(await download(c.secA, `/cases/${k.id}/documents/${v2.id}`), 200);
  assert.equal(audits(), before + 2);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'generate_document' AND entity_id = ${k.id}`), 2);
  // The file is stored encrypted: the evidence store never holds the plain text.
  const digest = dbQuery(ts, `SELECT digest FROM case_documents WHERE id = ${v1.id}`).trim();
  const stored = readFileSync(join(ts.inst.dataDir, 'evidence', digest.slice(0, 2), digest));
  assert.ok(!stored.includes(Buffer.from('word/document.xml')), 'stored as plain zip');
  expectError(await c.secA.get(`/cases/${k.id}/documents/999999`), 404, 'not_found');

  // Per kind: another case's 立案决定书 is 2, its 谈话通知书 谈 1; a 告知书 has no number.
  const k2 = await filedTownshipCase({ person: villager({ name: '文书乙' }) });
  assert.equal((await generate(c.secA, k2.id, { kind: 'filing_decision' })).number, `文亭立〔${YEAR}〕2号`);
  // Refused generations take no number.
  expectError(await c.secA.post(`/cases/${k2.id}/documents`, { kind: 'talk_notice', values: { talk_place: '谈话室' } }), 422, 'validation_failed', 'values.talk_time');
  expectError(await c.secA.post(`/cases/${k2.id}/documents`, { kind: 'transfer_letter', values: { recipient: '审理室', materials: '卷宗' } }), 409, 'conflict', 'kind');
  const talk = await generate(c.secA, k2.id, { kind: 'talk_notice', values: { talk_time: '2026年12月9日上午9时', talk_place: '文亭街道标准化谈话室' } });
  assert.equal(talk.number, `文亭谈〔${YEAR}〕1号`);
  assert.ok(docxParagraphs((await download(c.secA, `/cases/${k2.id}/documents/${talk.id}`)).body).includes('根据工作需要，请你于2026年12月9日上午9时到文亭街道标准化谈话室谈话。'));
  assert.equal((await generate(c.secA, k2.id, { kind: 'rights_notice' })).number, null);

  // The county numbers its own: 成纪立 1.
  const county = await filedCountyCase('文书丙');
  const cv = await generate(c.room1, county.id, { kind: 'filing_decision' });
  assert.equal(cv.number, `成纪立〔${YEAR}〕1号`);
  assert.equal(docxParagraphs((await download(c.leader, `/cases/${county.id}/documents/${cv.id}`)).body)[0], '成武县纪委监委');
  // Gapless from 1 per organisation, kind and year (version 1 holds the number).
  const seqs = (orgId, kind) => dbQuery(ts, `SELECT seq FROM case_documents WHERE org_id = ${orgId} AND kind = '${kind}' AND version = 1 ORDER BY seq`).trim().split('\n').map(Number);
  assert.deepEqual(seqs(org.townA.id, 'filing_decision'), [1, 2]);
  assert.deepEqual(seqs(org.townA.id, 'talk_notice'), [1]);
  assert.deepEqual(seqs(org.county.id, 'filing_decision'), [1]);
  assert.equal(count(`SELECT last_seq FROM number_counters WHERE org_id = ${org.townA.id} AND year = ${YEAR} AND kind = 'doc:talk_notice'`), 1);
});

test('concurrent generations: numbers stay unique and gapless, versions of one document never collide', async () => {
  const cases = [];
  for (let i = 0; i < 8; i++) cases.push(await filedTownshipCase({ person: villager({ name: `并发${i}` }) }));
  const before = count(`SELECT COUNT(*) FROM case_documents WHERE org_id = ${org.townA.id} AND kind = 'evidence_request' AND version = 1`);
  const body = { kind: 'evidence_request', values: { recipient: '文亭街道财政所', evidence: '集体资金账册' } };
  const made = await Promise.all(cases.map((k) => generate(c.secA, k.id, body)));
  const seqs = made.map((d) => Number(/〔\d{4}〕(\d+)号/.exec(d.number)[1])).sort((a, b) => a - b);
  assert.deepEqual(seqs, Array.from({ length: 8 }, (_, i) => before + i + 1));
  // Eight new versions of one document at once: 2..9, one number.
  const again = await Promise.all(Array.from({ length: 8 }, () => generate(c.staffA, cases[0].id, body)));
  assert.deepEqual(again.map((d) => d.version).sort((a, b) => a - b), [2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(again.every((d) => d.number === made[0].number));
});

test('the property list of a 查封/扣押通知书 repeats its row per item, escaped; bad input writes nothing', async () => {
  const k = await filedCountyCase('文书丁');
  const items = [
    { name: '小型轿车', spec: '鲁R·12345，白色', quantity: '1辆', note: '车钥匙2把' },
    { name: '现金 <人民币> & 外币', quantity: '3笔' },
    { name: '账册', spec: '2024—2025年', quantity: '4本' },
  ];
  const body = { kind: 'seizure_notice', values: { recipient: '成武县农业农村局', measure_name: '扣押', custody_place: '成武县纪委监委涉案财物保管室' }, lists: { items } };
  const rows = () => count(`SELECT COUNT(*) FROM case_documents WHERE case_id = ${k.id}`);
  for (const [bad, field] of [
    [{ ...body, kind: 'no_such_kind' }, 'kind'],
    [{ ...body, values: { ...body.values, measure_name: '没收' } }, 'values.measure_name'],
    [{ ...body, values: { ...body.values, bogus: 'x' } }, 'values.bogus'],
    [{ ...body, lists: { items: [{ name: '表', colour: '金' }] } }, 'lists.items[0].colour'],
    [{ ...body, values: { ...body.values, recipient: 'x'.repeat(101) } }, 'values.recipient'],
  ]) {
    expectError(await c.room1.post(`/cases/${k.id}/documents`, bad), 422, 'validation_failed', field);
  }
  assert.equal(rows(), 0);
  const doc = await generate(c.room1, k.id, body);
  assert.equal(doc.number, `成纪扣〔${YEAR}〕1号`);
  const text = docxParagraphs((await download(c.room1, `/cases/${k.id}/documents/${doc.id}`)).body);
  const at = text.indexOf('序号');
  assert.deepEqual(text.slice(at, at + 20), [
    '序号', '名称', '规格、特征', '数量', '备注',
    '1', '小型轿车', '鲁R·12345，白色', '1辆', '车钥匙2把',
    '2', '现金 <人民币> & 外币', '', '3笔', '',
    '3', '账册', '2024—2025年', '4本', '',
  ]);
  assert.ok(text.some((p) => p.includes('予以扣押。保管地点：成武县纪委监委涉案财物保管室。')));
});

test('scope: another township, an unlinked room, a recused cadre, an own-records user get 404; the linked room reads but does not generate; administrators never see case content', async () => {
  const k = await filedTownshipCase({ person: villager({ name: '文书范围', post: '村主任' }) });
  const doc = await generate(c.secA, k.id, { kind: 'filing_decision' });
  expectStatus(await c.cs.post('/recusals', { user_id: c.staffA2.user.id, person_id: k.person.person_id, relation: 'kin', reason: '系其配偶' }), 201);
  for (const [who, client] of [['secB', c.secB], ['room2', c.room2], ['staffA2 (recused)', c.staffA2], ['own records', own]]) {
    expectError(await client.get(`/cases/${k.id}/documents`), 404, 'not_found', undefined, who);
    expectError(await client.post(`/cases/${k.id}/documents`, { kind: 'rights_notice' }), 404, 'not_found', undefined, who);
    const d = await download(client, `/cases/${k.id}/documents/${doc.id}`);
    assert.equal(d.status, 404, who);
    assert.ok(!d.body.toString().includes('文书范围'), `${who}: the 404 leaks the person`);
  }
  // The linked county room sees the township's case and its documents, but the township issues them.
  const linked = (await c.room1.get(`/cases/${k.id}/documents`)).body;
  assert.ok(linked.kinds.every((x) => !x.available));
  assert.equal(linked.items.length, 1);
  expectError(await c.room1.post(`/cases/${k.id}/documents`, { kind: 'rights_notice' }), 403, 'forbidden');
  for (const name of ['admin', 'secadmin', 'auditor']) {
    const a = await ts.adminClient(name);
    expectError(await a.get(`/cases/${k.id}/documents`), 403, 'forbidden');
    expectError(await a.post(`/cases/${k.id}/documents`, { kind: 'rights_notice' }), 403, 'forbidden');
    assert.equal((await download(a, `/cases/${k.id}/documents/${doc.id}`)).status, 403, name);
  }
  assert.equal(count(`SELECT COUNT(*) FROM case_documents WHERE case_id = ${k.id}`), 1, 'nothing written by the refused');
});

test('templates: the administrator replaces one; not a .docx or an unknown placeholder is refused naming it; a split placeholder counts', async () => {
  expectError(await c.secA.get('/document-templates'), 403, 'forbidden');
  const list = (await admin.get('/document-templates')).body.items;
  const kinds = JSON.parse(readFileSync(join(REPO_ROOT, 'data', 'documents.json'), 'utf8')).kinds;
  assert.deepEqual(list.map((t) => t.kind), kinds.map((k) => k.code));
  const fd = list.find((t) => t.kind === 'filing_decision');
  assert.deepEqual([fd.name, fd.replaced], ['立案决定书', false]);
  assert.ok(fd.placeholders.includes('case_number') && fd.placeholders.includes('doc_number'));
  assert.ok(list.find((t) => t.kind === 'seizure_notice').placeholders.includes('items.name'));

  const shipped = await download(admin, '/document-templates/filing_decision');
  assert.equal(shipped.status, 200);
  assert.equal(shipped.headers.get('content-type'), DOCX);
  const entries = unzip(shipped.body);
  const xml = entries.get('word/document.xml').toString();
  const withBody = (body) => {
    const e = new Map(entries);
    e.set('word/document.xml', xml.replace('<w:body>', `<w:body>${body}`));
    return zip(e);
  };
  const put = (bytes, kind = 'filing_decision') => admin.request('PUT', `/document-templates/${kind}`, { raw: bytes, contentType: 'application/octet-stream' });

  // Bad input: nothing is replaced.
  expectError(await put(Buffer.from('这不是 Word 文档')), 422, 'validation_failed', 'file');
  expectError(await put(zip(new Map([['word/other.xml', '<x/>']]))), 422, 'validation_failed', 'file');
  let r = await put(withBody('<w:p><w:r><w:t>{{case_number}} {{secret_</w:t></w:r><w:r><w:t>field}}</w:t></w:r></w:p>'));
  expectError(r, 422, 'validation_failed', 'file');
  assert.match(r.body.error.message, /\{\{secret_field\}\}/);
  expectError(await put(withBody('<w:p><w:r><w:t>{{items.name}}</w:t></w:r></w:p>')), 422, 'validation_failed', 'file');
  expectError(await put(withBody('<w:p/>'), 'no_such_kind'), 404, 'not_found');
  expectError(await c.secA.request('PUT', '/document-templates/filing_decision', { raw: withBody('<w:p/>'), contentType: 'application/octet-stream' }), 403, 'forbidden');
  assert.equal(count('SELECT COUNT(*) FROM document_templates'), 0);

  // A template with a placeholder Word split across runs is accepted and fills.
  r = await put(withBody('<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>新模板：{{person_</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>name}}</w:t></w:r></w:p>'));
  expectStatus(r, 200, 'replace');
  assert.deepEqual([r.body.kind, r.body.replaced, r.body.uploaded_by_name], ['filing_decision', true, r.body.uploaded_by_name]);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'replace_template'`), 1);
  const k = await filedTownshipCase({ person: villager({ name: '新模板人' }) });
  const doc = await generate(c.secA, k.id, { kind: 'filing_decision' });
  assert.equal(doc.custom_template, true);
  const text = docxParagraphs((await download(c.secA, `/cases/${k.id}/documents/${doc.id}`)).body);
  assert.equal(text[0], '新模板：新模板人');
});

// Every kind of data/documents.json, converted by LibreOffice: A4, the
// expected page count, the title, the issuing organ, the page numbers.
test('every kind opens in LibreOffice: A4, its page count, its title (soffice, pdfinfo, pdftotext)', { timeout: 300_000 }, async () => {
  // Back to the shipped templates (an earlier test replaced one).
  dbQuery(ts, 'DELETE FROM document_templates');
  // A case for each state the kinds need: investigating, transfer requested, dismissed.
  const inv = await filedTownshipCase({ person: villager({ name: '版式人', post: '村会计' }) });
  await act(c.secA, inv.id, { action: 'start_investigation', plan: '谈话，调取账目', team: [c.secA.user.id, c.staffA.user.id] });
  const tr = await filedTownshipCase({ person: villager({ name: '移送人', post: '村主任' }) });
  await act(c.secA, tr.id, { action: 'start_investigation', plan: '谈话', team: [c.secA.user.id, c.staffA.user.id] });
  await act(c.secA, tr.id, { action: 'show_facts', signed: true });
  await act(c.secA, tr.id, { action: 'request_transfer', report: '经审查调查，移送人侵占集体资金2万元，事实清楚，证据确凿。\n建议给予党内警告处分。' });
  const dis = await filedTownshipCase({ person: villager({ name: '撤案人' }) });
  await act(c.secA, dis.id, { action: 'dismiss', reason: '现有证据不足以证明存在违纪违法事实' });
  // The county's 监察 case for the measures a township does not take.
  const cty = await filedCountyCase('监察人');
  await act(c.room1, cty.id, { action: 'start_investigation', plan: '调取银行流水，询问证人', team: [c.room1.user.id, c.room1b.user.id] });
  // Each kind on the first case that offers it (the transfer request's first:
  // the report with its text), as that case's handler sees it.
  const candidates = [[tr, c.secA, '文亭街道纪工委'], [inv, c.secA, '文亭街道纪工委'], [dis, c.secA, '文亭街道纪工委'], [cty, c.room1, '成武县纪委监委']];
  const offered = new Map();
  for (const [kc, client] of candidates) offered.set(kc.id, new Set((await client.get(`/cases/${kc.id}/documents`)).body.kinds.filter((x) => x.available).map((x) => x.code)));

  const catalogue = JSON.parse(readFileSync(join(REPO_ROOT, 'data', 'documents.json'), 'utf8'));
  // Titles that carry the person, and the kinds longer than a page with this data.
  const TITLE = {
    extension_request: '关于延长版式人案审查调查期限的请示',
    investigation_report: '关于移送人涉嫌违纪违法问题的审查调查报告',
  };
  const PAGES = { rights_notice: 2, witness_rights_notice: 2, supervision_recommendation: 2 };
  const sample = (f) => (f.choices ? f.choices[0] : `${f.label.replace(/（.*）/, '')}样例`);
  const docs = [];
  for (const kind of catalogue.kinds) {
    const found = candidates.find(([kc]) => offered.get(kc.id).has(kind.code));
    assert.ok(found, `${kind.code}: no case offers it`);
    const [kc, client, organ] = found;
    const values = Object.fromEntries(kind.fields.filter((f) => f.source === 'input').map((f) => [f.name, sample(f)]));
    const lists = Object.fromEntries((kind.lists || []).map((l) => [l.name, [1, 2, 3].map((i) => Object.fromEntries(l.fields.filter((f) => f.source !== 'serial').map((f) => [f.name, `${f.label}${i}`])))]));
    docs.push({ kc, client, organ, kind: kind.code, body: { kind: kind.code, values, lists }, title: TITLE[kind.code] ?? kind.name, pages: PAGES[kind.code] ?? 1 });
  }
  // A long property list runs onto a second page, numbered — 2 —.
  const many = Array.from({ length: 30 }, (_, i) => ({ name: `账册第${i + 1}册`, spec: '2024年', quantity: '1本' }));
  docs.push({ kc: cty, client: c.room1, organ: '成武县纪委监委', kind: 'seizure_notice', body: { kind: 'seizure_notice', values: { recipient: '成武县农业农村局', measure_name: '扣押' }, lists: { items: many } }, title: '查封/扣押通知书', pages: 2 });

  const dir = mkdtempSync(join(tmpdir(), 'funnel-docs-pdf-'));
  try {
    const files = [];
    for (const [i, d] of docs.entries()) {
      const doc = await generate(d.client, d.kc.id, d.body);
      const got = await download(d.client, `/cases/${d.kc.id}/documents/${doc.id}`);
      expectStatus(got, 200, d.kind);
      const file = join(dir, `${i}-${d.kind}.docx`);
      writeFileSync(file, got.body);
      files.push(file);
    }
    // A private profile: parallel runs never share LibreOffice's user installation.
    const profile = `file://${join(dir, 'profile')}`;
    const conv = spawnSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, ...files], { encoding: 'utf8', timeout: 240_000 });
    assert.equal(conv.status, 0, `soffice: ${conv.error ?? ''} ${conv.stdout} ${conv.stderr}`);
    for (const [i, d] of docs.entries()) {
      const pdf = files[i].replace(/\.docx$/, '.pdf');
      const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
      assert.equal(info.status, 0, `pdfinfo ${d.kind}: ${info.stderr}`);
      const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info.stdout);
      assert.ok(m, info.stdout);
      assert.ok(Math.abs(Number(m[1]) - 595) <= 1 && Math.abs(Number(m[2]) - 842) <= 1, `${d.kind}: page ${m[1]} x ${m[2]} is not A4`);
      assert.equal(Number(/Pages:\s+(\d+)/.exec(info.stdout)[1]), d.pages, `${d.kind}: pages`);
      const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
      assert.ok(text.includes(d.title), `${d.kind}: no title ${d.title} in ${text.slice(0, 200)}`);
      assert.ok(text.includes(d.organ), `${d.kind}: no issuing organ ${d.organ}`);
      assert.ok(text.includes('—1—'), `${d.kind}: no page number — 1 —`);
      if (d.pages > 1) assert.ok(text.includes('—2—'), `${d.kind}: no page number — 2 —`);
    }
    assert.equal(new Set(docs.map((d) => d.kind)).size, catalogue.kinds.length, 'every kind');
  } finally {
    // FUNNEL_KEEP_DOCS=1 keeps the .docx and .pdf files to look at.
    if (process.env.FUNNEL_KEEP_DOCS) console.log(`documents kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
});
