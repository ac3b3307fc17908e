// Reference data (feature `reference`: /dicts, /categories, /time-limits,
// /calendar): the dictionaries and the problem catalogue the UI reads, the
// working-day calendar and time limits (SY-8): known dates across holidays,
// bad input, and a new year's notice added by an operator without a rebuild.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, expectError, expectStatus, runCli, REPO_ROOT, INIT_PASSWORD } from './lib/server.mjs';
import { ROLE_ORDER } from './lib/route-table.mjs';

let ts;
let admin;

before(async () => {
  ts = await startServer();
  admin = await ts.adminClient('admin');
});

after(async () => {
  if (ts) await ts.stop();
});

/** Dictionary names the web UI reads with items('…') or label('…', …). */
function dictionariesTheUiReads() {
  const names = new Set();
  const walk = (dir) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(vue|ts)$/.test(f)) {
        for (const m of readFileSync(p, 'utf8').matchAll(/\b(?:items|label)\('([a-z_]+)'/g)) names.add(m[1]);
      }
    }
  };
  walk(join(REPO_ROOT, 'web', 'src'));
  return [...names].sort();
}

test('dictionaries: every one the UI reads, each item with a code and both labels, codes unique', async () => {
  const r = await admin.get('/dicts');
  expectStatus(r, 200);
  const wanted = dictionariesTheUiReads();
  assert.ok(wanted.length >= 20, `only ${wanted.length} dictionary names found in web/src`);
  assert.deepEqual(wanted.filter((n) => !Array.isArray(r.body[n]) || r.body[n].length === 0), [], 'dictionaries the UI reads but the server lacks');
  for (const [name, items] of Object.entries(r.body)) {
    assert.ok(Array.isArray(items), `${name} is a list`);
    for (const it of items) {
      assert.ok(typeof it.code === 'string' && it.code.length > 0, `${name}: item without a code`);
      assert.ok(it.label_zh && it.label_en, `${name}.${it.code}: a label is missing`);
    }
    const codes = items.map((x) => x.code);
    assert.equal(new Set(codes).size, codes.length, `${name}: duplicate codes`);
  }
  const codes = (name) => r.body[name].map((x) => x.code);
  assert.deepEqual([...codes('roles')].sort(), [...ROLE_ORDER].sort(), 'one role per role of the permission table');
  for (const c of ['letter', 'visit', 'phone', 'web']) assert.ok(codes('channels').includes(c), `channel ${c}`);
  for (const c of ['registered', 'accepted', 'in_progress', 'merged', 'converted_to_clue']) assert.ok(codes('petition_states').includes(c), `petition state ${c}`);
  for (const c of ['overdue', 'collective_visit', 'risk_terms', 'repeat', 'duplicate']) assert.ok(codes('warning_codes').includes(c), `warning ${c}`);
  for (const c of ['registered', 'dispatch_proposed', 'dispatched', 'received', 'pending', 'closed']) assert.ok(codes('clue_states').includes(c), `clue state ${c}`);
  for (const c of ['township', 'county_led', 'joint']) assert.ok(codes('dispatch_modes').includes(c), `dispatch mode ${c}`);
  assert.equal(r.body.channels.find((x) => x.code === 'letter').label_zh, '来信');
});

test('problem catalogue: categories with their sub-categories and the areas, as the forms and ledgers use them', async () => {
  const r = await admin.get('/categories');
  expectStatus(r, 200);
  assert.ok(r.body.categories.length > 0 && r.body.areas.length > 0);
  const all = [...r.body.categories, ...r.body.areas, ...r.body.categories.flatMap((x) => x.subs)];
  for (const e of all) assert.ok(e.code && e.label_zh, `entry ${JSON.stringify(e)}`);
  const top = r.body.categories.map((x) => x.code);
  assert.equal(new Set(top).size, top.length, 'duplicate category codes');
  for (const cat of r.body.categories) {
    assert.ok(Array.isArray(cat.subs), `${cat.code}: subs`);
    const subs = cat.subs.map((x) => x.code);
    assert.equal(new Set(subs).size, subs.length, `${cat.code}: duplicate sub-category codes`);
  }
  const mass = r.body.categories.find((x) => x.code === 'mass');
  assert.equal(mass.label_zh, '违反群众纪律');
  for (const s of ['minimum_living', 'land_requisition', 'arbitrary_charges', 'poverty_relief']) assert.ok(mass.subs.some((x) => x.code === s), `mass.${s}`);
  assert.ok(r.body.areas.some((x) => x.code === 'agricultural_policy'));
});

test('reference data needs a session: 401 without one; before the first password change only /dicts answers', async () => {
  const anon = ts.client();
  for (const path of ['/dicts', '/categories', '/time-limits', '/calendar/2024', '/calendar/due?limit=xf_reply&start=2024-01-01']) {
    expectError(await anon.get(path), 401, 'unauthenticated', undefined, path);
  }
  // secadmin has not changed the initial password yet on this server.
  const fresh = ts.client();
  const login = await fresh.loginOk('secadmin', INIT_PASSWORD);
  assert.equal(login.body.must_change_password, true);
  expectStatus(await fresh.get('/dicts'), 200, 'dicts before the change');
  expectError(await fresh.get('/categories'), 403, 'password_change_required');
});

test('time limits: every rule with unit, amount and its legal basis', async () => {
  const r = await admin.get('/time-limits');
  expectStatus(r, 200);
  assert.equal(r.body.total, r.body.items.length);
  for (const t of r.body.items) {
    assert.ok(['working_days', 'days', 'months', 'years', 'hours', 'day_of_month'].includes(t.unit), `${t.code} unit`);
    if (t.unit === 'day_of_month') assert.ok(t.amount >= 1 && t.amount <= 31, `${t.code} day of month`);
    assert.ok(t.basis.length > 0, `${t.code} has no basis`);
    if (t.unit === 'working_days') assert.equal(t.moves_to_working_day, false);
    // A 24-hour limit (留置 notice, incident report) is a time, never moved to a working day.
    if (t.unit === 'hours') assert.equal(t.moves_to_working_day, false, `${t.code} moves`);
  }
  const notice = r.body.items.find((t) => t.code === 'petition_acceptance_notice');
  assert.deepEqual([notice.amount, notice.unit, notice.local], [15, 'working_days', false]);
  assert.match(notice.basis, /第二十六条/);
  // Cases (issue 18): 监察 investigation a year from filing; 留置 three months, never moved.
  const year = r.body.items.find((t) => t.code === 'case_supervision_investigation');
  assert.deepEqual([year.amount, year.unit], [1, 'years']);
  const detention = r.body.items.find((t) => t.code === 'detention');
  assert.deepEqual([detention.amount, detention.unit, detention.moves_to_working_day], [3, 'months', false]);
  assert.equal(r.body.items.find((t) => t.code === 'petition_conclude').local, true);
  const report = r.body.items.find((t) => t.code === 'clue_monthly_report');
  assert.deepEqual([report.amount, report.unit, report.moves_to_working_day, report.local], [20, 'day_of_month', true, true]);
});

test('due days across the National Day holiday and its make-up days', async () => {
  const due = async (limit, start) => {
    const r = await admin.get(`/calendar/due?limit=${limit}&start=${start}`);
    expectStatus(r, 200, `${limit} from ${start}`);
    return r.body;
  };
  // 5 working days from Fri 2024-09-27: Sun 09-29 (调休上班), Mon 09-30, then 10-08..10-10.
  assert.equal((await due('petition_upward_transfer', '2024-09-27')).due, '2024-10-10');
  assert.equal((await due('petition_acceptance_notice', '2024-09-25')).due, '2024-10-21');
  // 15 calendar days ending on 2024-10-01 move to the next working day.
  const xf = await due('xf_reply', '2024-09-16');
  assert.deepEqual([xf.start, xf.due, xf.provisional, xf.limit.code], ['2024-09-16', '2024-10-08', false, 'xf_reply']);
  // 3 months ending on 2024-10-01 → 2024-10-08.
  assert.equal((await due('petition_conclude', '2024-07-01')).due, '2024-10-08');
  // Into 2027, for which data/ has no notice yet: provisional.
  const late = await due('petition_acceptance_notice', '2026-12-20');
  assert.equal(late.provisional, true);
  assert.equal((await due('petition_acceptance_notice', '2026-11-02')).provisional, false);
});

test('bad input: unknown limit, malformed or impossible dates, missing values → 400 naming the field', async () => {
  expectError(await admin.get('/calendar/due?limit=nope&start=2024-01-01'), 400, 'bad_request', 'limit');
  expectError(await admin.get('/calendar/due?limit=xf_reply&start=2024-02-30'), 400, 'bad_request', 'start');
  expectError(await admin.get('/calendar/due?limit=xf_reply&start=24-1-1'), 400, 'bad_request', 'start');
  expectError(await admin.get('/calendar/due?start=2024-01-01'), 400, 'bad_request', 'limit');
  expectError(await admin.get('/calendar/due?limit=xf_reply'), 400, 'bad_request', 'start');
  expectError(await admin.get('/calendar/20x4'), 404, 'not_found');
  expectError(await admin.get('/calendar/1899'), 404, 'not_found');
});

test('calendar of a year: holidays and make-up working days with their names; uncovered years say so', async () => {
  const r = await admin.get('/calendar/2024');
  expectStatus(r, 200);
  assert.equal(r.body.covered, true);
  const day = (d) => r.body.days.find((x) => x.date === d);
  assert.deepEqual(day('2024-09-29'), { date: '2024-09-29', kind: 'work', name: '国庆节' });
  assert.deepEqual(day('2024-10-01'), { date: '2024-10-01', kind: 'off', name: '国庆节' });
  assert.equal(day('2024-10-13'), undefined, 'plain weekends are not listed');
  assert.ok(r.body.days.every((x, i, a) => i === 0 || a[i - 1].date < x.date), 'sorted');
  const none = await admin.get('/calendar/2027');
  expectStatus(none, 200);
  assert.deepEqual([none.body.covered, none.body.days], [false, []]);
});

test("an operator adds next year's notice to the data files: no rebuild, a restart", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'funnel-res-'));
  try {
    cpSync(join(REPO_ROOT, 'data'), dir, { recursive: true, filter: (src) => !/funnel\.db|keys/.test(src) });
    appendFileSync(join(dir, 'cn-holidays.csv'), '2027-01-01,off,元旦\n');
    const other = await startServer({ extraArgs: ['--resource-dir', dir] });
    try {
      const c = await other.adminClient('admin');
      const y = await c.get('/calendar/2027');
      expectStatus(y, 200);
      assert.deepEqual([y.body.covered, y.body.days], [true, [{ date: '2027-01-01', kind: 'off', name: '元旦' }]]);
      const r = await c.get('/calendar/due?limit=petition_acceptance_notice&start=2026-12-20');
      expectStatus(r, 200);
      // 2026-12-21..12-31 give 9 working days, 2027-01-01 is now off: 01-04..01-08 and 01-11 → 2027-01-11.
      assert.deepEqual([r.body.due, r.body.provisional], ['2027-01-11', false]);
    } finally {
      await other.stop();
    }
    // A malformed row stops the server at start-up with the line named, instead of serving wrong deadlines.
    appendFileSync(join(dir, 'cn-holidays.csv'), '2027-13-01,off,bad\n');
    await assert.rejects(startServer({ extraArgs: ['--resource-dir', dir] }), /cn-holidays\.csv.*line \d+|line \d+/s);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** init with data/approvals.json changed by `edit`: its exit status and stderr. */
function initWithApprovals(edit) {
  const res = mkdtempSync(join(tmpdir(), 'funnel-res-'));
  const data = join(mkdtempSync(join(tmpdir(), 'funnel-init-')), 'data');
  try {
    cpSync(join(REPO_ROOT, 'data'), res, { recursive: true, filter: (src) => !/funnel\.db|keys/.test(src) });
    const doc = JSON.parse(readFileSync(join(res, 'approvals.json'), 'utf8'));
    edit(doc);
    writeFileSync(join(res, 'approvals.json'), JSON.stringify(doc));
    return runCli(['init', '--data-dir', data, '--resource-dir', res]);
  } finally {
    rmSync(res, { recursive: true, force: true });
  }
}

test('a clue approval chain that names a role which cannot approve stops init, naming the file', () => {
  const r = initWithApprovals((doc) => { doc.disposal_approval[0].chain = ['petition_office']; });
  assert.notEqual(r.status, 0, 'init accepted a broken approvals.json');
  assert.match(r.stderr, /approvals\.json: role petition_office cannot approve this mode/);
});

test('a case filing chain with an approver outside its level stops init, naming the section', () => {
  // A township case is approved in the township (or by the county leader), never by a county room.
  const r = initWithApprovals((doc) => { doc.filing_approval[0].chain = ['township_secretary', 'discipline_room']; });
  assert.notEqual(r.status, 0, 'init accepted a broken approvals.json');
  assert.match(r.stderr, /approvals\.json: filing_approval: approver discipline_room cannot approve this mode/);
  const t = initWithApprovals((doc) => { doc.transfer_approval.pop(); });
  assert.notEqual(t.status, 0, 'init accepted a transfer chain missing a mode');
  assert.match(t.stderr, /approvals\.json: transfer_approval: no chain for mode joint/);
});

test('init checks the data files before it creates anything', () => {
  const res = mkdtempSync(join(tmpdir(), 'funnel-res-'));
  const data = join(mkdtempSync(join(tmpdir(), 'funnel-init-')), 'data');
  try {
    cpSync(join(REPO_ROOT, 'data'), res, { recursive: true, filter: (src) => !/funnel\.db|keys/.test(src) });
    writeFileSync(join(res, 'time-limits.json'), '{"limits":[{"code":"x"}]}');
    const r = runCli(['init', '--data-dir', data, '--resource-dir', res]);
    assert.notEqual(r.status, 0, 'init accepted a broken time-limits.json');
    assert.match(r.stderr, /time-limits\.json: a limit lacks "label"/);
    assert.equal(existsSync(data), false, 'init left a half-made data directory');
  } finally {
    rmSync(res, { recursive: true, force: true });
    rmSync(join(data, '..'), { recursive: true, force: true });
  }
});
