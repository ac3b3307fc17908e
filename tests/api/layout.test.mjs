// One name per feature in every layer (issue 16, item 2): for each feature X
// there is src/app/X.hpp + .cpp, src/http/X_routes.cpp, src/store/X_repo.hpp
// where it stores anything, tests/api/<X with dashes>.test.mjs, and a
// directory of pages under web/src/ where it has a page. Every
// /api/v1/<collection> of the server's route table (`funnel routes`) must
// name its feature below; the exceptions to "the same name everywhere" are
// listed with their reason. No server is started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from './lib/server.mjs';

// Collection (first segment after /api/v1/) → feature; null: no feature.
// Where the names differ, the reason.
const FEATURE_OF = {
  ping: null, // the health probe: answered by the router, no feature
  auth: 'auth',
  // Reference data loaded from data/ at start-up, read by every page.
  dicts: 'reference',
  categories: 'reference',
  'time-limits': 'reference',
  calendar: 'reference',
  'org-units': 'org_units',
  users: 'users',
  'account-requests': 'users', // 三员 approvals are changes to users
  sessions: 'sessions',
  'audit-log': 'audit_log',
  'login-log': 'audit_log', // the auditor's two logs
  // Steps of registration and the reported-person registry belong to petitions.
  petitions: 'petitions',
  'jurisdiction-proposals': 'petitions',
  'petition-duplicates': 'petitions',
  persons: 'petitions',
  warnings: 'warnings',
  'duty-roster': 'visits', // 三访合一: the duty roster is who receives the visits
  visits: 'visits',
  screenings: 'screenings',
  'petition-stats': 'petition_stats',
  recusals: 'recusals',
  clues: 'clues',
  'clue-funnel': 'clues', // a view of the clue registry
  'clue-warnings': 'clues', // computed from the clue records and their reports
  'case-warnings': 'cases', // computed from the case clocks and measures
  'execution-tasks': 'case_execution', // the county-wide list of decisions' execution tasks
  'clue-reports': 'clue_reports',
  'clue-reviews': 'clue_reviews',
  cases: 'cases',
  'interview-rooms': 'interview_rooms',
  'document-templates': 'documents', // the templates of the case documents
  guidance: 'guidance',
  ledgers: 'ledgers',
  portal: 'portal',
};

// Sub-resources with a feature of their own (not checked by collection):
// route prefix → feature. Their tests live in cross-cutting files (below).
const SUB_RESOURCES = {
  '/api/v1/petitions/{id}/messages': 'messages',
  '/api/v1/petitions/{id}/attachments': 'attachments',
  '/api/v1/cases/{id}/evidence': 'case_evidence',
  '/api/v1/cases/{id}/property': 'case_evidence', // the register of property taken, kept with the evidence
  '/api/v1/cases/{id}/documents': 'documents',
  '/api/v1/cases/{id}/execution-tasks': 'case_execution',
};

// Where a sub-resource feature's tests are, instead of tests/api/<X>.test.mjs.
const TESTS_ELSEWHERE = {
  messages: ['portal.test.mjs'], // the conversation with a portal reporter, tested from both ends
  attachments: ['portal.test.mjs', 'uploads.test.mjs'], // files from the portal and from cadres, and the upload budgets
};

// Feature → its repository under src/store (<name>.hpp), null: stores nothing
// of its own. The default is <feature>_repo; the exceptions say why.
const REPO_OF = {
  auth: null, // a login works on users_repo (accounts, attempts) and sessions_repo (sessions)
  reference: null, // data files (data/*.json, cn-holidays.csv) loaded at start-up, no tables
  org_units: 'org_units_repo',
  users: 'users_repo',
  sessions: 'sessions_repo',
  audit_log: 'audit_log_repo',
  petitions: 'petitions_repo',
  warnings: 'petitions_repo', // computed from the petition records; the acknowledgements sit next to them
  visits: 'visits_repo',
  screenings: 'screenings_repo',
  petition_stats: null, // counts read through petitions_repo
  recusals: 'recusals_repo',
  clues: 'clues_repo',
  clue_reports: 'clue_reports_repo',
  clue_reviews: 'clue_reviews_repo',
  cases: 'cases_repo',
  interview_rooms: 'interview_rooms_repo',
  documents: 'documents_repo',
  guidance: 'guidance_repo',
  case_execution: 'case_execution_repo',
  ledgers: null, // exports read through petitions_repo, clues_repo and guidance_repo; the export is audited
  portal: 'portal_repo',
};

// Feature → its pages (a directory under web/src/), null: no page of its own.
// The default would be views/<feature>; the exceptions say why.
const PAGES_OF = {
  auth: null, // views/LoginView.vue and ChangePasswordView.vue, outside the layout
  reference: null, // read by every page through stores/dicts.ts, no page
  org_units: 'views/org', // the menu's 组织机构
  users: 'views/users', // with the account requests (AccountRequestsView)
  sessions: 'views/system', // with the two logs: the system pages
  audit_log: 'views/system',
  petitions: 'views/petitions',
  warnings: 'views/warnings',
  visits: 'views/visits',
  screenings: 'views/screenings',
  petition_stats: 'views/stats',
  recusals: 'views/recusals',
  clues: 'views/clues',
  clue_reports: 'views/clues', // ClueReportsView with the clue pages
  clue_reviews: 'views/clues', // ClueReviewsView with the clue pages
  cases: 'views/cases',
  interview_rooms: 'views/interview-rooms', // the room calendar (dashed, as the collection)
  documents: null, // a tab of the case pages; the templates are replaced through the API
  guidance: 'views/guidance',
  case_execution: 'views/execution', // the execution tracker (打白条); a case's tasks are a card of the case page
  ledgers: null, // a download button on the petition, clue and guidance lists
  portal: 'portal/views', // the public portal is its own app (web/portal.html)
};

const dashed = (f) => f.replaceAll('_', '-');
const exists = (rel) => existsSync(join(REPO_ROOT, rel));
const isDir = (rel) => exists(rel) && statSync(join(REPO_ROOT, rel)).isDirectory();

function serverRoutes() {
  const r = runCli(['routes']);
  assert.equal(r.status, 0, `funnel routes exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const routes = serverRoutes();
const collectionOf = (path) => {
  const m = /^\/api\/v1\/([^/]+)/.exec(path);
  assert.ok(m, `route outside /api/v1: ${path}`);
  return m[1];
};
const collections = [...new Set(routes.map((r) => collectionOf(r.path)))].sort();
const features = [...new Set(Object.values(FEATURE_OF).filter(Boolean))].sort();
const subFeatures = [...new Set(Object.values(SUB_RESOURCES))].sort();

/** Assert nothing is missing, printing the whole list. */
function noneMissing(missing, what) {
  if (missing.length) assert.fail(`${what} (${missing.length}):\n  ${missing.join('\n  ')}`);
}

test('every /api/v1 collection of the route table names its feature', () => {
  assert.ok(collections.length >= 20, `only ${collections.length} collections in \`funnel routes\``);
  const unmapped = collections.filter((c) => !(c in FEATURE_OF));
  noneMissing(unmapped.map((c) => `/api/v1/${c}`), 'collections without a feature: add each to FEATURE_OF in tests/api/layout.test.mjs (and give the feature its files)');
  const stale = Object.keys(FEATURE_OF).filter((c) => !collections.includes(c));
  noneMissing(stale, 'FEATURE_OF names collections the server no longer has: remove them');
  const subs = Object.keys(SUB_RESOURCES).filter((p) => !routes.some((r) => r.path === p || r.path.startsWith(`${p}/`)));
  noneMissing(subs, 'SUB_RESOURCES names routes the server no longer has');
});

test('the maps name every feature once and nothing else', () => {
  for (const [name, map] of [['REPO_OF', REPO_OF], ['PAGES_OF', PAGES_OF]]) {
    noneMissing(features.filter((f) => !(f in map)), `features without an entry in ${name} (its repository or pages, null for none)`);
    noneMissing(Object.keys(map).filter((f) => !features.includes(f)), `${name} names features no collection maps to`);
  }
  for (const f of [...features, ...subFeatures]) assert.match(f, /^[a-z][a-z0-9_]*$/, `feature name ${f}`);
});

test('each feature has src/app/<f>.hpp and .cpp and src/http/<f>_routes.cpp', () => {
  const missing = [];
  for (const f of [...features, ...subFeatures]) {
    for (const rel of [`src/app/${f}.hpp`, `src/app/${f}.cpp`, `src/http/${f}_routes.cpp`]) if (!exists(rel)) missing.push(rel);
  }
  noneMissing(missing, 'missing service or route files');
});

test('each feature has tests/api/<f with dashes>.test.mjs', () => {
  const missing = features.map((f) => `tests/api/${dashed(f)}.test.mjs`).filter((rel) => !exists(rel));
  for (const f of subFeatures) {
    const files = TESTS_ELSEWHERE[f] || [`${dashed(f)}.test.mjs`];
    for (const file of files) if (!exists(`tests/api/${file}`)) missing.push(`tests/api/${file} (tests of ${f})`);
  }
  noneMissing(missing, 'missing test files');
});

test('each feature that stores anything has its repository in src/store', () => {
  const missing = [...new Set(Object.values(REPO_OF).filter(Boolean))]
    .map((repo) => `src/store/${repo}.hpp`)
    .filter((rel) => !exists(rel));
  noneMissing(missing, 'missing repositories');
});

test('each feature with pages has its directory under web/src', () => {
  const missing = Object.entries(PAGES_OF)
    .filter(([, dir]) => dir && !isDir(`web/src/${dir}`))
    .map(([f, dir]) => `web/src/${dir}/ (${f})`);
  noneMissing(missing, 'missing page directories');
});
