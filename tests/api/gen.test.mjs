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
const FINGERPRINT = "SELECT number || '|' || received_day || '|' || channel || '|' || state || '|' || summary || '|' || COALESCE(due_day, '') FROM petitions ORDER BY id";

test('funnel gen writes the asked-for counts, the same records for the same seed, and usable scoped data', async () => {
  const a = instance();
  const b = instance();
  let proc;
  try {
    const r = a.gen(['--counties', '2', '--petitions', '600', '--clues', '1500', '--duplicate-share', '0.2', '--seed', '7']);
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
    const r2 = b.gen(['--counties', '2', '--petitions', '600', '--clues', '1500', '--duplicate-share', '0.2', '--seed', '7']);
    assert.equal(r2.status, 0, r2.stderr);
    assert.equal(b.q(FINGERPRINT), a.q(FINGERPRINT));
    assert.equal(b.q(CLUE_FINGERPRINT), a.q(CLUE_FINGERPRINT));

    // The audit chain holds every generated record.
    const v = runCli(['verify-audit', '--data-dir', a.dataDir, ...a.dbArgs]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    // An audit record per registration and per handling step, by the staff
    // account that took it, in time order; logins with their attempts.
    assert.equal(Number(a.q("SELECT COUNT(*) FROM audit_log WHERE entity = 'petition'")), Number(a.q('SELECT COUNT(*) FROM petition_steps')));
    assert.equal(Number(a.q("SELECT COUNT(*) FROM audit_log WHERE entity = 'clue'")), Number(a.q('SELECT COUNT(*) FROM clue_steps')));
    assert.equal(Number(a.q("SELECT COUNT(*) FROM petition_steps s JOIN users u ON u.id = s.actor_id WHERE u.username NOT LIKE 'gen_%'")), 0);
    const history = "(entity IN ('petition', 'clue') OR action IN ('login', 'logout'))";
    assert.equal(Number(a.q(`SELECT COUNT(*) FROM audit_log x JOIN audit_log y ON y.seq = x.seq + 1 WHERE y.at < x.at AND ${history.replaceAll('entity', 'x.entity').replaceAll('action', 'x.action')} AND ${history.replaceAll('entity', 'y.entity').replaceAll('action', 'y.action')}`)), 0, 'history in time order');
    const logins = Number(a.q("SELECT COUNT(*) FROM audit_log WHERE action = 'login'"));
    assert.ok(logins > 1000, `logins: ${logins}`);
    assert.equal(Number(a.q('SELECT COUNT(*) FROM login_attempts WHERE success = 1')), logins);
    assert.match(r.stdout, new RegExp(`${Number(a.q("SELECT COUNT(*) FROM audit_log WHERE actor_name LIKE 'gen_%'"))} audit records \\(${logins} logins\\)`));
    // A secretary account per township, a petition office and case supervision per county.
    assert.equal(Number(a.q("SELECT COUNT(*) FROM users WHERE username LIKE 'gen_%' AND role = 'township_secretary'")), 24);
    assert.equal(Number(a.q("SELECT COUNT(*) FROM users WHERE username LIKE 'gen_c2_%'")), 14);
    // Every state's fields: a transferred item names where it went, an assigned one its township.
    assert.equal(Number(a.q("SELECT COUNT(*) FROM petitions WHERE state = 'transferred_out' AND transfer_to IS NULL")), 0);
    assert.equal(Number(a.q("SELECT COUNT(*) FROM petitions WHERE state = 'assigned' AND handler_township_id IS NULL")), 0);

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
