// `funnel gen`: reference data from a fixed seed. Checked from the database:
// the asked-for counts, the same records for the same seed, scoped users
// that see only their own township, search and duplicates that find the
// generated texts, an intact audit chain; impossible options and a database
// that already holds data are refused with exit code 2 and nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, initInstance, serve, Client, BACKEND, sqlite, psql } from './lib/server.mjs';

const PASSWORD = 'Gen-Pass-2026!';

function instance() {
  const inst = initInstance();
  inst.q = (sql) => (BACKEND === 'sqlite' ? sqlite(inst.sqlitePath, sql) : psql(inst.dbUrl, sql)).trim();
  inst.gen = (args) => runCli(['gen', '--data-dir', inst.dataDir, ...inst.dbArgs, ...args], { env: { FUNNEL_DEMO_PASSWORD: PASSWORD }, timeout: 300000 });
  return inst;
}
// Everything but sealed and time-of-run columns, in id order.
const CLUE_FINGERPRINT = "SELECT number || '|' || received_day || '|' || source || '|' || state || '|' || COALESCE(mode, '') || '|' || COALESCE(due_day, '') FROM clues ORDER BY id";
const CASE_FINGERPRINT = "SELECT COALESCE(number, '') || '|' || state || '|' || source || '|' || mode || '|' || regime || '|' || violations || '|' || COALESCE(filed_day, '') || '|' || COALESCE(due_day, '') FROM cases ORDER BY id";
const FINGERPRINT = "SELECT number || '|' || received_day || '|' || channel || '|' || state || '|' || summary || '|' || COALESCE(due_day, '') FROM petitions ORDER BY id";

test('funnel gen writes the asked-for counts, the same records for the same seed, and usable scoped data', async () => {
  const a = instance();
  const b = instance();
  let proc;
  try {
    const r = a.gen(['--counties', '2', '--petitions', '600', '--clues', '1500', '--cases', '600', '--duplicate-share', '0.2', '--seed', '7']);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /GENERATED DATA/);
    assert.ok(!r.stdout.includes(PASSWORD));
    assert.equal(Number(a.q("SELECT COUNT(*) FROM org_units WHERE kind = 'county'")), 2);
    assert.equal(Number(a.q("SELECT COUNT(*) FROM org_units WHERE kind = 'township'")), 24);
    assert.equal(Number(a.q('SELECT COUNT(*) FROM petitions')), 600);
    assert.equal(Number(a.q('SELECT COUNT(DISTINCT number) FROM petitions')), 600, 'numbers are unique');
    assert.equal(Number(a.q('SELECT COUNT(*) FROM petitions p WHERE NOT EXISTS (SELECT 1 FROM petition_steps s WHERE s.petition_id = p.id)')), 0);
    assert.equal(Number(a.q('SELECT COUNT(*) FROM petitions p WHERE NOT EXISTS (SELECT 1 FROM petition_persons s WHERE s.petition_id = p.id)')), 0);
    assert.ok(Number(a.q("SELECT COUNT(DISTINCT state) FROM petitions")) >= 5, 'a spread of states');
    assert.ok(Number(a.q("SELECT COUNT(DISTINCT channel) FROM petitions")) === 4, 'every channel');
    assert.ok(Number(a.q("SELECT COUNT(*) FROM petitions WHERE content LIKE '再次反映%' OR content LIKE '重复反映%' OR content LIKE '还是上次%' OR content LIKE '第二次反映%'")) > 40, 'near-duplicates');
    // A near-duplicate carries its original's category.
    assert.equal(Number(a.q("SELECT COUNT(*) FROM petitions d WHERE (d.content LIKE '再次反映%' OR d.content LIKE '重复反映%') AND NOT EXISTS (SELECT 1 FROM petitions o WHERE o.summary = d.summary AND o.category = d.category AND o.id < d.id)")), 0);
    // Clues: numbered per county, every one with its person and steps, states spread over the funnel
    // (1,500: enough that the last 30 days hold new ones whatever the date of the run).
    assert.equal(Number(a.q('SELECT COUNT(*) FROM clues')), 1500);
    assert.equal(Number(a.q('SELECT COUNT(DISTINCT number) FROM clues')), 1500);
    assert.equal(Number(a.q('SELECT COUNT(*) FROM clues c WHERE NOT EXISTS (SELECT 1 FROM clue_persons p WHERE p.clue_id = c.id)')), 0);
    assert.equal(Number(a.q("SELECT COUNT(*) FROM clues c WHERE (SELECT COUNT(*) FROM clue_steps s WHERE s.clue_id = c.id) < CASE WHEN c.state = 'registered' THEN 1 ELSE 2 END")), 0);
    assert.ok(Number(a.q('SELECT COUNT(DISTINCT state) FROM clues')) >= 8, 'a spread of clue states');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM clues WHERE state <> 'registered' AND (mode IS NULL OR lead_org_id IS NULL)")), 0, 'dispatched clues have a mode and a lead');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM clues c WHERE c.state = 'in_verification' AND c.limit_code <> 'preliminary_verification'")), 0);
    // The last step of each clue ends where the clue stands.
    assert.equal(Number(a.q('SELECT COUNT(*) FROM clues c WHERE c.state <> (SELECT s.to_state FROM clue_steps s WHERE s.clue_id = c.id ORDER BY s.id DESC LIMIT 1)')), 0);
    const years = a.q("SELECT SUBSTR(received_day, 1, 4), COUNT(*) FROM petitions GROUP BY 1 ORDER BY 1").split('\n').map((l) => Number(l.split('|')[1]));
    assert.ok(years[0] > years[3], `volume falls from 2017 to 2020: ${years}`);

    // Same options and seed, another database: the same records.
    const r2 = b.gen(['--counties', '2', '--petitions', '600', '--clues', '1500', '--cases', '600', '--duplicate-share', '0.2', '--seed', '7']);
    assert.equal(r2.status, 0, r2.stderr);
    assert.equal(b.q(FINGERPRINT), a.q(FINGERPRINT));
    assert.equal(b.q(CLUE_FINGERPRINT), a.q(CLUE_FINGERPRINT));
    assert.equal(b.q(CASE_FINGERPRINT), a.q(CASE_FINGERPRINT));

    // The audit chain holds every generated record.
    const v = runCli(['verify-audit', '--data-dir', a.dataDir, ...a.dbArgs]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    // An audit record per registration and per handling step, by the staff
    // account that took it, in time order; logins with their attempts.
    assert.equal(Number(a.q("SELECT COUNT(*) FROM audit_log WHERE entity = 'petition'")), Number(a.q('SELECT COUNT(*) FROM petition_steps')));
    assert.equal(Number(a.q("SELECT COUNT(*) FROM audit_log WHERE entity = 'clue'")), Number(a.q('SELECT COUNT(*) FROM clue_steps')));
    assert.equal(Number(a.q("SELECT COUNT(*) FROM petition_steps s JOIN users u ON u.id = s.actor_id WHERE u.username NOT LIKE 'gen_%'")), 0);
    assert.equal(Number(a.q("SELECT COUNT(*) FROM audit_log WHERE entity = 'case'")), Number(a.q('SELECT COUNT(*) FROM case_steps')));
    const history = "(entity IN ('petition', 'clue', 'case') OR action IN ('login', 'logout'))";
    assert.equal(Number(a.q(`SELECT COUNT(*) FROM audit_log x JOIN audit_log y ON y.seq = x.seq + 1 WHERE y.at < x.at AND ${history.replaceAll('entity', 'x.entity').replaceAll('action', 'x.action')} AND ${history.replaceAll('entity', 'y.entity').replaceAll('action', 'y.action')}`)), 0, 'history in time order');
    const logins = Number(a.q("SELECT COUNT(*) FROM audit_log WHERE action = 'login'"));
    assert.ok(logins > 1000, `logins: ${logins}`);
    assert.equal(Number(a.q('SELECT COUNT(*) FROM login_attempts WHERE success = 1')), logins);
    assert.match(r.stdout, new RegExp(`${Number(a.q("SELECT COUNT(*) FROM audit_log WHERE actor_name LIKE 'gen_%'"))} audit records \\(${logins} logins\\)`));
    // A secretary account per township, a petition office and case supervision per county.
    assert.equal(Number(a.q("SELECT COUNT(*) FROM users WHERE username LIKE 'gen_%' AND role = 'township_secretary'")), 24);
    // With the cases: the county leader, two cadres per discipline room, two of the 审理室, a second
    // cadre and two triers per township.
    assert.equal(Number(a.q("SELECT COUNT(*) FROM users WHERE username LIKE 'gen_c2_%'")), 14 + 1 + 4 + 2 + 12 + 24);
    // Every state's fields: a transferred item names where it went, an assigned one its township.
    assert.equal(Number(a.q("SELECT COUNT(*) FROM petitions WHERE state = 'transferred_out' AND transfer_to IS NULL")), 0);
    assert.equal(Number(a.q("SELECT COUNT(*) FROM petitions WHERE state = 'assigned' AND handler_township_id IS NULL")), 0);

    // Cases: the direct filings plus one per clue whose verification proposed
    // filing, for that clue's person; numbered per organisation and year on
    // the filing's approval, gapless; each ends where its last step leads.
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases WHERE source <> 'from_clue'")), 600);
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases WHERE source = 'from_clue'")), Number(a.q("SELECT COUNT(*) FROM clues WHERE state = 'filed' AND outcome = 'file_case'")));
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases c WHERE c.source = 'from_clue' AND NOT EXISTS (SELECT 1 FROM clue_persons p WHERE p.clue_id = c.clue_id AND p.person_id = c.person_id)")), 0, 'the clue\'s person');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases c JOIN clues l ON l.id = c.clue_id WHERE c.mode <> l.mode OR c.lead_org_id <> l.lead_org_id")), 0, 'the clue\'s handler files it');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases WHERE number IS NOT NULL")), Number(a.q("SELECT COUNT(*) FROM cases WHERE state NOT IN ('filing_requested', 'filing_refused')")));
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases WHERE number IS NOT NULL AND filed_day IS NULL")), 0);
    assert.equal(Number(a.q("SELECT COUNT(*) FROM (SELECT number_org_id, year, COUNT(*) AS n, MAX(seq) AS m FROM cases WHERE seq IS NOT NULL GROUP BY 1, 2) g WHERE n <> m")), 0, 'gapless');
    assert.equal(Number(a.q('SELECT COUNT(*) FROM cases c WHERE c.state <> (SELECT s.to_state FROM case_steps s WHERE s.case_id = c.id ORDER BY s.id DESC LIMIT 1)')), 0);
    assert.ok(Number(a.q('SELECT COUNT(DISTINCT state) FROM cases')) >= 5, 'a spread of case states');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases WHERE state IN ('filed', 'investigating', 'transfer_requested', 'transferred_to_trial') AND (limit_code IS NULL OR (due_day IS NULL AND NOT EXISTS (SELECT 1 FROM case_measures m WHERE m.case_id = cases.id AND m.measure = 'detention' AND m.ended_day IS NULL)))")), 0, 'the clock runs (none while detained)');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases WHERE mode = 'township' AND (violations LIKE '%duty_%' OR lead_org_id <> township_id)")), 0, 'township cases within its remit');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases c WHERE c.state = 'investigating' AND (SELECT COUNT(*) FROM case_team t WHERE t.case_id = c.id) < 2")), 0, 'a team of two');
    assert.ok(Number(a.q('SELECT COUNT(*) FROM case_measures')) > 300);
    // The trial: accepted cases have two triers of the trying unit, none of the investigation team; those in
    // trial a due day; reported ones their report; some in each trial state.
    // (At this small scale the reported ones are mostly decided within weeks: reported or decided.)
    assert.ok(Number(a.q("SELECT COUNT(*) FROM cases WHERE state = 'in_trial'")) > 0, 'in_trial');
    assert.ok(Number(a.q("SELECT COUNT(*) FROM cases WHERE state IN ('trial_reported', 'decided')")) > 0, 'reported');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases c WHERE c.trial_accepted_day IS NOT NULL AND (SELECT COUNT(*) FROM case_triers t WHERE t.case_id = c.id) <> 2")), 0, 'two triers');
    assert.equal(Number(a.q('SELECT COUNT(*) FROM case_triers t JOIN case_team m ON m.case_id = t.case_id AND m.user_id = t.user_id')), 0, 'no investigator tries');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM case_triers t JOIN cases c ON c.id = t.case_id JOIN users u ON u.id = t.user_id WHERE (c.mode = 'township') <> (u.role = 'township_staff')")), 0, 'the trying unit');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases WHERE state = 'in_trial' AND (trial_due_day IS NULL OR trial_accepted_day IS NULL)")), 0, 'the trial limit runs');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases WHERE state <> 'in_trial' AND trial_due_day IS NOT NULL")), 0);
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases WHERE state = 'trial_reported' AND (trial_report IS NULL OR trial_deliberation IS NULL)")), 0);
    assert.equal(Number(a.q("SELECT COUNT(*) FROM case_measures m JOIN cases c ON c.id = m.case_id WHERE m.measure = 'detention' AND (c.mode = 'township' OR c.regime = 'party_discipline')")), 0);
    // The decisions and their execution (issue 19 item 8): every decided case has its outcomes, none before the
    // filing; tasks only of decided cases, for the lead unit, closed ones with evidence and a day between the
    // decision and today; most past their day done, some still open (打白条), none of the open ones years old.
    assert.ok(Number(a.q("SELECT COUNT(*) FROM cases WHERE state = 'decided'")) > 0, 'decided cases');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM cases c WHERE c.state = 'decided' AND NOT EXISTS (SELECT 1 FROM case_decisions d WHERE d.case_id = c.id)")), 0, 'each decided case has its decision');
    assert.equal(Number(a.q("SELECT COUNT(*) FROM case_decisions d JOIN cases c ON c.id = d.case_id WHERE c.state <> 'decided' OR d.decided_day < c.filed_day")), 0);
    assert.equal(Number(a.q("SELECT COUNT(*) FROM case_execution_tasks t JOIN cases c ON c.id = t.case_id WHERE c.state <> 'decided' OR t.unit_id <> c.lead_org_id OR t.due_day < t.decided_day")), 0);
    assert.equal(Number(a.q("SELECT COUNT(*) FROM case_execution_tasks WHERE closed_on IS NOT NULL AND (evidence IS NULL OR closed_by IS NULL OR closed_on < decided_day)")), 0, 'closed with evidence');
    const pastDue = Number(a.q("SELECT COUNT(*) FROM case_execution_tasks WHERE due_day < (SELECT MAX(decided_day) FROM case_decisions)"));
    const open = Number(a.q("SELECT COUNT(*) FROM case_execution_tasks WHERE closed_on IS NULL AND due_day < (SELECT MAX(decided_day) FROM case_decisions)"));
    assert.ok(pastDue > 100 && open > 0 && open < pastDue * 0.2, `past due ${pastDue}, open ${open}`);
    assert.ok(Number(a.q("SELECT COUNT(*) FROM case_execution_tasks WHERE closed_on > due_day")) > 0, 'some done late');
    assert.ok(Number(a.q('SELECT COUNT(*) FROM interview_bookings')) > 100);
    assert.equal(Number(a.q('SELECT COUNT(*) FROM interview_bookings x JOIN interview_bookings y ON y.room_id = x.room_id AND y.id > x.id AND y.start_at < x.end_at AND x.start_at < y.end_at')), 0, 'no room booked twice');
    assert.equal(Number(a.q('SELECT COUNT(*) FROM case_documents WHERE number IS NOT NULL')), Number(a.q('SELECT COUNT(DISTINCT number) FROM case_documents WHERE number IS NOT NULL')));
    assert.equal(Number(a.q("SELECT COUNT(*) FROM case_steps WHERE at > (SELECT MAX(at) FROM audit_log WHERE action = 'generate' OR seq = (SELECT MAX(seq) FROM audit_log))")), 0, 'nothing in the future');

    // As gen_township: only its township; search and duplicates find generated texts.
    proc = await serve(a);
    const c = new Client(proc.base);
    assert.equal((await c.login('gen_township', PASSWORD)).status, 200);
    const town = a.q("SELECT org_unit_id FROM users WHERE username = 'gen_township'");
    const inTown = Number(a.q(`SELECT COUNT(*) FROM petitions WHERE intake_org_id = ${town} OR handler_org_id = ${town} OR intake_township_id = ${town} OR handler_township_id = ${town}`));
    const list = await c.get('/petitions?page_size=5');
    assert.equal(list.status, 200);
    assert.equal(list.body.total, inTown);
    assert.ok(inTown > 0 && inTown < 600);
    const one = a.q(`SELECT summary || '|' || content FROM petitions WHERE intake_township_id = ${town} ORDER BY id DESC LIMIT 1`).split('|');
    const dup = await c.post('/petition-duplicates', { summary: one[0], content: one[1] });
    assert.equal(dup.status, 200);
    assert.ok(dup.body.items.some((x) => x.similarity >= 0.9), JSON.stringify(dup.body.items.slice(0, 2)));
    const found = await c.get(`/petitions?q=${encodeURIComponent('反映')}&page_size=5`);
    assert.ok(found.body.total > 0);
    // Clues in the township's view, and the county office's funnel over all of them.
    const clueList = await c.get('/clues?page_size=5');
    assert.equal(clueList.status, 200);
    assert.ok(clueList.body.total > 0 && clueList.body.total < 1500, `township clues: ${clueList.body.total}`);
    const office = new Client(proc.base);
    assert.equal((await office.login('gen_case', PASSWORD)).status, 200);
    const county = a.q("SELECT org_unit_id FROM users WHERE username = 'gen_case'");
    const funnel = await office.get('/clue-funnel?from=2017-01-01');
    assert.equal(funnel.status, 200);
    assert.equal(funnel.body.total, Number(a.q(`SELECT COUNT(*) FROM clues WHERE county_id = (SELECT parent_id FROM org_units WHERE id = ${county})`)));
    // 案管 sees its county's cases and opens one with its steps, team and measures; the township its own.
    const cases = await office.get('/cases?page_size=5');
    assert.equal(cases.status, 200);
    assert.equal(cases.body.total, Number(a.q(`SELECT COUNT(*) FROM cases WHERE county_id = (SELECT parent_id FROM org_units WHERE id = ${county})`)));
    const busy = a.q(`SELECT c.id FROM cases c WHERE c.county_id = (SELECT parent_id FROM org_units WHERE id = ${county}) AND EXISTS (SELECT 1 FROM case_measures m WHERE m.case_id = c.id) ORDER BY c.id DESC LIMIT 1`);
    const detail = await office.get(`/cases/${busy}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.steps.length, Number(a.q(`SELECT COUNT(*) FROM case_steps WHERE case_id = ${busy}`)));
    assert.ok(detail.body.team.length >= 2 && detail.body.measures.length >= 1);
    const townCases = await c.get('/cases?page_size=5');
    assert.equal(townCases.status, 200);
    assert.equal(townCases.body.total, Number(a.q(`SELECT COUNT(*) FROM cases WHERE lead_org_id = ${town} OR assist_org_id = ${town}`)));
  } finally {
    if (proc) await proc.terminate();
  }
});

test('funnel gen refuses impossible options and a database with data, writing nothing', () => {
  const a = instance();
  for (const [args, field] of [
    [['--scale', 'city'], /规模/],
    [['--petitions', '-5'], /petitions/],
    [['--counties', '0'], /counties/],
    [['--duplicate-share', '0.9'], /duplicate-share/],
    [['--petitions', 'many'], /petitions/],
    [['--clues', '-1'], /clues/],
    [['--cases', '-1'], /cases/],
  ]) {
    const r = a.gen(args);
    assert.equal(r.status, 2, `${args}: ${r.status} ${r.stderr}`);
    assert.match(r.stderr, field);
  }
  assert.equal(Number(a.q('SELECT COUNT(*) FROM org_units')), 0, 'nothing written');
  assert.equal(a.gen(['--counties', '1', '--petitions', '10', '--clues', '10']).status, 0);
  const before = a.q('SELECT COUNT(*) FROM petitions');
  const again = a.gen(['--counties', '1', '--petitions', '10', '--clues', '10']);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /已有数据/);
  assert.equal(a.q('SELECT COUNT(*) FROM petitions'), before, 'nothing written');
  const forced = a.gen(['--counties', '1', '--petitions', '10', '--clues', '10', '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(Number(a.q('SELECT COUNT(*) FROM petitions')), Number(before) + 10);
});
