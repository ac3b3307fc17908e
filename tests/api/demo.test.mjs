// `funnel demo`: the demo county from data/demo.json, checked from the
// database (not from constants): townships, staff, petitions per year and
// their decline, every channel, state and category, open and overdue work,
// the fixed demo accounts, the audit chain; a second load is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, initInstance, serve, Client, REPO_ROOT, BACKEND, sqlite, psql } from './lib/server.mjs';

const DEMO = JSON.parse(readFileSync(join(REPO_ROOT, 'data', 'demo.json'), 'utf8'));
const PASSWORD = 'Demo-Pass-2026!';

test('funnel demo loads the demo county; every figure whose records exist comes from the database', async () => {
  const inst = initInstance();
  const q = (sql) => (BACKEND === 'sqlite' ? sqlite(inst.sqlitePath, sql) : psql(inst.dbUrl, sql)).trim();
  const rows = (sql) => q(sql).split('\n').filter(Boolean).map((l) => l.split('|'));
  let proc;
  try {
    const r = runCli(['demo', '--data-dir', inst.dataDir, ...inst.dbArgs], { env: { FUNNEL_DEMO_PASSWORD: PASSWORD }, timeout: 600000 });
    assert.equal(r.status, 0, `funnel demo: ${r.status}\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /DEMO DATA/);
    assert.ok(!r.stdout.includes(PASSWORD), 'the password is not echoed');

    // Organisation and people (domain.md §8: 12 townships, 6 rooms, 44 township cadres).
    assert.equal(Number(q("SELECT COUNT(*) FROM org_units WHERE kind = 'township'")), DEMO.townships.length);
    assert.equal(Number(q("SELECT COUNT(*) FROM org_units WHERE category = 'discipline_room'")), 6);
    assert.equal(Number(q('SELECT COUNT(DISTINCT room_id) FROM org_links')), 6);
    assert.equal(Number(q("SELECT COUNT(*) FROM users WHERE role IN ('township_secretary', 'township_staff')")), DEMO.seed_targets.township_cadres);
    assert.equal(Number(q("SELECT COUNT(*) FROM users WHERE role = 'township_secretary'")), DEMO.townships.length);
    for (const u of ['demo_county', 'demo_room1', 'demo_township', 'demo_audit']) {
      assert.equal(q(`SELECT role || ':' || must_change_password FROM users WHERE username = '${u}'`),
        { demo_county: 'case_supervision:0', demo_room1: 'discipline_room:0', demo_township: 'township_secretary:0', demo_audit: 'audit_admin:0' }[u]);
    }

    // Petitions per year as the data file says, falling from 2017 to 2020 (the seed's 信访量明显下降).
    const perYear = Object.fromEntries(rows('SELECT SUBSTR(received_day, 1, 4), COUNT(*) FROM petitions GROUP BY 1 ORDER BY 1').map(([y, n]) => [y, Number(n)]));
    const year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
    for (const [y, n] of Object.entries(DEMO.petitions_per_year)) if (Number(y) < year) assert.equal(perYear[y], n, `petitions of ${y}`);
    assert.ok(perYear['2017'] > perYear['2018'] && perYear['2018'] > perYear['2019'] && perYear['2019'] > perYear['2020'], JSON.stringify(perYear));
    assert.ok(perYear[String(year)] > 0, 'this year has petitions');

    // Every channel, state and category; repeats, open, overdue, suspended and collective work now.
    const set = (sql) => new Set(rows(sql).map((r) => r[0]));
    assert.deepEqual([...set('SELECT DISTINCT channel FROM petitions')].sort(), ['letter', 'phone', 'visit', 'web']);
    assert.deepEqual([...set('SELECT DISTINCT state FROM petitions')].sort(),
      ['accepted', 'archived', 'assigned', 'concluded', 'converted_to_clue', 'feedback_given', 'followed_up', 'in_progress', 'merged', 'registered', 'rejected', 'transferred_out']);
    const categories = JSON.parse(readFileSync(join(REPO_ROOT, 'data', 'categories.json'), 'utf8')).categories.map((c) => c.code);
    assert.deepEqual([...set('SELECT DISTINCT category FROM petitions')].sort(), [...categories].sort());
    const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    assert.ok(Number(q(`SELECT COUNT(*) FROM petitions WHERE suspended = 0 AND due_day < '${today}'`)) > 0, 'overdue work');
    assert.ok(Number(q('SELECT COUNT(*) FROM petitions WHERE suspended = 1')) > 0, 'suspended work');
    assert.ok(Number(q("SELECT COUNT(*) FROM petitions WHERE visitors >= 5 AND state IN ('registered', 'accepted', 'assigned', 'in_progress')")) > 0, 'an open collective visit');
    assert.ok(Number(q('SELECT COUNT(*) FROM petitions WHERE merged_into IS NOT NULL')) > 0, 'repeats merged');
    assert.ok(Number(q("SELECT COUNT(*) FROM petitions WHERE summary LIKE '%扶贫%'")) > 0 && Number(q("SELECT COUNT(*) FROM petitions WHERE summary LIKE '%低保%'")) > 0);
    // Numbers per organisation and year, as registered at the time.
    assert.ok(Number(q("SELECT COUNT(*) FROM petitions WHERE number LIKE '成纪信〔2017〕%'")) > 0);

    // Clues (CL-1 … CL-5): every source, mode, method and state; petitions
    // turned into clues keep their link; monthly reports submitted, late and
    // returned; this year's clues open, overdue and pending.
    assert.deepEqual([...set('SELECT DISTINCT source FROM clues')].sort(),
      ['audit', 'found_in_case', 'higher_assigned', 'inspection', 'organ_transfer', 'other', 'petition', 'supervision']);
    assert.deepEqual([...set('SELECT DISTINCT mode FROM clues WHERE mode IS NOT NULL')].sort(), ['county_led', 'joint', 'township']);
    assert.deepEqual([...set("SELECT DISTINCT method FROM clues WHERE method IS NOT NULL")].sort(), ['closure', 'pending', 'preliminary_verification', 'talk_inquiry']);
    for (const st of ['registered', 'received', 'in_talk_inquiry', 'in_verification', 'pending', 'closed', 'filed', 'transferred'])
      assert.ok(Number(q(`SELECT COUNT(*) FROM clues WHERE state = '${st}'`)) > 0, `a clue ${st}`);
    assert.deepEqual([...set('SELECT DISTINCT outcome FROM clues WHERE outcome IS NOT NULL')].sort().filter((o) => ['closed_unfounded', 'first_form', 'file_case', 'close', 'transfer'].includes(o)),
      ['close', 'closed_unfounded', 'file_case', 'first_form', 'transfer']);
    assert.equal(Number(q("SELECT COUNT(*) FROM clues c JOIN petitions p ON p.id = c.petition_id WHERE p.state IN ('converted_to_clue', 'archived')")),
      Number(q("SELECT COUNT(*) FROM clues WHERE source = 'petition'")), 'every petition clue keeps its petition');
    assert.ok(Number(q("SELECT COUNT(*) FROM clues WHERE source = 'petition'")) > 0);
    assert.ok(Number(q('SELECT COUNT(*) FROM clues WHERE conflict = 1')) > 0, 'a conflict-of-interest clue');
    assert.ok(Number(q(`SELECT COUNT(*) FROM clues WHERE due_day < '${today}' AND state NOT IN ('closed', 'filed', 'transferred', 'pending')`)) > 0, 'an overdue clue');
    assert.ok(Number(q("SELECT COUNT(*) FROM clue_records WHERE kind = 'inquiry_reply'")) > 0);
    // Cases (Cases I): filed from the clues whose verification proposed it, one per party member named,
    // through their chains; township and joint ones investigated and transferred, county-led ones wait for a team.
    assert.equal(Number(q("SELECT COUNT(*) FROM cases WHERE clue_id IS NULL OR clue_id NOT IN (SELECT id FROM clues WHERE state = 'filed')")), 0, 'every case from a clue that proposed filing');
    assert.ok(Number(q("SELECT COUNT(*) FROM clues c WHERE c.state = 'filed' AND EXISTS (SELECT 1 FROM cases k WHERE k.clue_id = c.id)")) >= 10, 'clues filed as cases');
    assert.deepEqual([...set("SELECT DISTINCT mode FROM cases WHERE number IS NOT NULL")].sort(), ['county_led', 'joint', 'township']);
    assert.ok(Number(q("SELECT COUNT(*) FROM cases WHERE state = 'transferred_to_trial'")) > 0, 'a case transferred to trial');
    assert.equal(Number(q("SELECT COUNT(*) FROM cases WHERE state <> 'filing_requested' AND number IS NULL")), 0, 'every approved case numbered');
    assert.ok(Number(q("SELECT COUNT(*) FROM case_measures WHERE measure = 'retrieve' AND returned_day IS NOT NULL")) > 0, 'property returned');
    assert.ok(Number(q("SELECT COUNT(*) FROM clue_records WHERE kind = 'verification_report'")) > 0);
    const clueYears = Object.fromEntries(rows("SELECT SUBSTR(received_day, 1, 4), COUNT(*) FROM clues WHERE source <> 'petition' GROUP BY 1").map(([y, n]) => [y, Number(n)]));
    for (const [y, n] of Object.entries(DEMO.clues_per_year)) if (Number(y) < year) assert.equal(clueYears[y], n, `clues of ${y}`);
    assert.ok(Number(q("SELECT COUNT(*) FROM clue_reports WHERE status = 'acknowledged'")) > 0, 'acknowledged reports');
    assert.ok(Number(q('SELECT COUNT(*) FROM clue_reports WHERE late = 1')) > 0, 'late reports');
    assert.ok(Number(q('SELECT COUNT(*) FROM clue_reports WHERE version > 1')) > 0, 'reports returned and sent again');
    assert.equal(Number(q("SELECT COUNT(*) FROM clue_reports WHERE month = '2017-01'")), DEMO.townships.length);

    // Web reports through the portal: receipts printed once, web-channel
    // petitions with a receipt each, one conversation both ways.
    const printed = [...r.stdout.matchAll(/^  ([0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3})$/gm)].map((m) => m[1]);
    assert.equal(printed.length, DEMO.portal_reports.length, 'receipts printed');
    assert.equal(Number(q("SELECT COUNT(*) FROM portal_receipts r JOIN petitions p ON p.id = r.petition_id WHERE p.channel = 'web' AND r.password_hash IS NOT NULL")), DEMO.portal_reports.length);
    assert.deepEqual([...set('SELECT DISTINCT direction FROM petition_messages')].sort(), ['in', 'out']);
    assert.ok(Number(q('SELECT COUNT(*) FROM recusals')) > 0, 'a recusal');
    assert.ok(Number(q("SELECT COUNT(*) FROM audit_log WHERE action = 'reveal_reporter'")) > 0, 'an identity reveal for the audit list');

    // The chain of every write is intact.
    const v = runCli(['verify-audit', '--data-dir', inst.dataDir, ...inst.dbArgs], { timeout: 120000 });
    assert.equal(v.status, 0, v.stdout + v.stderr);

    // The demo accounts log in with the chosen password and see their scope.
    proc = await serve(inst);
    const town = new Client(proc.base);
    assert.equal((await town.login('demo_township', PASSWORD)).status, 200);
    const me = await town.get('/auth/me');
    const mine = await town.get('/petitions?page_size=200');
    assert.equal(mine.status, 200);
    assert.ok(mine.body.total > 0);
    const townId = me.body.user.org_unit_id;
    assert.ok(mine.body.items.every((p) => p.intake_org.id === townId || p.handler_org?.id === townId), 'own township only');
    const county = new Client(proc.base);
    assert.equal((await county.login('demo_county', PASSWORD)).status, 200);
    const all = await county.get('/petitions?page_size=1');
    assert.equal(all.body.total, Number(q('SELECT COUNT(*) FROM petitions')));
    const search = await county.get(`/petitions?q=${encodeURIComponent('低保')}&page_size=1`);
    assert.ok(search.body.total > 0, 'Chinese search finds 低保 in the demo');

    // The county office's funnel and warnings have something to show.
    const funnel = await county.get(`/clue-funnel?from=2017-01-01&to=${today}`);
    assert.equal(funnel.body.total, Number(q('SELECT COUNT(*) FROM clues')));
    assert.ok(funnel.body.sankey.links.length > 10);
    const warn = await county.get('/clue-warnings');
    assert.ok(warn.body.items.some((w) => w.code === 'overdue'), 'an overdue clue warned');
    const lastMonth = (() => { const d = new Date(Date.now() + 8 * 3600e3); d.setUTCDate(1); d.setUTCMonth(d.getUTCMonth() - 1); return d.toISOString().slice(0, 7); })();
    const reports = await county.get(`/clue-reports?month=${lastMonth}`);
    const missing = reports.body.items.filter((x) => x.status === 'not_submitted').length;
    assert.ok(missing >= DEMO.monthly_reports.unsubmitted_last_month, `last month's missing reports: ${missing}`);
    if (today > reports.body.deadline_day) assert.ok(warn.body.items.some((w) => w.code === 'clue_report_overdue' && w.month === lastMonth));

    // A second load is refused and changes nothing.
    const before = q('SELECT COUNT(*) FROM petitions');
    const again = runCli(['demo', '--data-dir', inst.dataDir, ...inst.dbArgs], { env: { FUNNEL_DEMO_PASSWORD: PASSWORD }, timeout: 60000 });
    assert.equal(again.status, 2, again.stdout + again.stderr);
    assert.match(again.stderr, /空库|empty/);
    assert.equal(q('SELECT COUNT(*) FROM petitions'), before);
  } finally {
    if (proc) await proc.terminate();
    inst.cleanup();
  }
});
