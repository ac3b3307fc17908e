// Every API route with its permission and the expected outcome per role.
// Source: docs/openapi.yaml (x-permission) and core/access.cpp (permissions per role).
//
// Columns (ROLE_ORDER):
//   CL  county_leader        CS  case_supervision   PO  petition_office
//   DR  discipline_room      TO  trial_office       TS  township_secretary
//   TST township_staff       VO  village_officer    SYS sys_admin
//   SEC security_admin       AUD audit_admin
// A = allowed (anything but 403), F = 403 forbidden.
//
// "Allowed" for POST/PUT /users and the user actions means: with a request a
// role may make at all — sys_admin acting on a business user, security_admin
// on an admin-role user (三员分立; the cross cases are in users.test.mjs).

export const ROLE_ORDER = [
  'county_leader',
  'case_supervision',
  'petition_office',
  'discipline_room',
  'trial_office',
  'township_secretary',
  'township_staff',
  'village_officer',
  'sys_admin',
  'security_admin',
  'audit_admin',
];

function R(method, path, permission, cells) {
  const list = cells.trim().split(/\s+/);
  if (list.length !== ROLE_ORDER.length) throw new Error(`route table: ${method} ${path}: ${list.length} cells`);
  const expect = {};
  ROLE_ORDER.forEach((role, i) => {
    if (list[i] === 'A') expect[role] = 'allow';
    else if (list[i] === 'F') expect[role] = 403;
    else throw new Error(`route table: ${method} ${path}: bad cell ${list[i]}`);
  });
  return { method, path, permission, expect };
}

// prettier-ignore
export const ROUTES = [
  //                                                                      CL CS PO DR TO TS TST VO SYS SEC AUD
  R('GET',    '/api/v1/ping',                              'none',           'A A A A A A A A A A A'),
  R('POST',   '/api/v1/auth/login',                        'none',           'A A A A A A A A A A A'),
  R('POST',   '/api/v1/auth/logout',                       'session',        'A A A A A A A A A A A'),
  R('POST',   '/api/v1/auth/password',                     'session',        'A A A A A A A A A A A'),
  R('GET',    '/api/v1/auth/me',                           'session',        'A A A A A A A A A A A'),
  R('GET',    '/api/v1/dicts',                             'session',        'A A A A A A A A A A A'),
  R('GET',    '/api/v1/org-units',                         'org:read',       'A A A A A A A A A F F'),
  R('GET',    '/api/v1/org-units/tree',                    'org:read',       'A A A A A A A A A F F'),
  R('GET',    '/api/v1/org-units/{id}',                    'org:read',       'A A A A A A A A A F F'),
  R('POST',   '/api/v1/org-units',                         'org:write',      'F F F F F F F F A F F'),
  R('PUT',    '/api/v1/org-units/{id}',                    'org:write',      'F F F F F F F F A F F'),
  R('DELETE', '/api/v1/org-units/{id}',                    'org:write',      'F F F F F F F F A F F'),
  R('GET',    '/api/v1/org-units/{id}/linked-townships',   'org:read',       'A A A A A A A A A F F'),
  R('PUT',    '/api/v1/org-units/{id}/linked-townships',   'org:write',      'F F F F F F F F A F F'),
  R('GET',    '/api/v1/users',                             'user:read',      'F F F F F F F F A A F'),
  R('GET',    '/api/v1/users/{id}',                        'user:read',      'F F F F F F F F A A F'),
  R('POST',   '/api/v1/users',                             'user:write',     'F F F F F F F F A A F'),
  R('PUT',    '/api/v1/users/{id}',                        'user:write',     'F F F F F F F F A A F'),
  R('POST',   '/api/v1/users/{id}/reset-password',         'user:write',     'F F F F F F F F A A F'),
  R('POST',   '/api/v1/users/{id}/unlock',                 'user:write',     'F F F F F F F F A A F'),
  R('GET',    '/api/v1/account-requests',                  'account:approve', 'F F F F F F F F A A A'),
  R('POST',   '/api/v1/account-requests/{id}/approve',     'account:approve', 'F F F F F F F F A A A'),
  R('POST',   '/api/v1/account-requests/{id}/reject',      'account:approve', 'F F F F F F F F A A A'),
  R('GET',    '/api/v1/sessions',                          'session:read',   'F F F F F F F F A A F'),
  R('DELETE', '/api/v1/sessions/{id}',                     'session:revoke', 'F F F F F F F F A A F'),
  R('GET',    '/api/v1/login-log',                         'login_log:read', 'F F F F F F F F F F A'),
  R('GET',    '/api/v1/audit-log',                         'audit:read',     'F F F F F F F F F F A'),
  R('GET',    '/api/v1/audit-log/verify',                  'audit:read',     'F F F F F F F F F F A'),
  R('GET',    '/api/v1/time-limits',                       'signed_in',      'A A A A A A A A A A A'),
  R('GET',    '/api/v1/calendar/due',                      'signed_in',      'A A A A A A A A A A A'),
  R('GET',    '/api/v1/calendar/{year}',                   'signed_in',      'A A A A A A A A A A A'),
  R('GET',    '/api/v1/categories',                        'signed_in',      'A A A A A A A A A A A'),
  R('POST',   '/api/v1/jurisdiction-proposals',            'petition:register', 'F F A F F A A F F F F'),
  R('POST',   '/api/v1/petition-duplicates',               'petition:register', 'F F A F F A A F F F F'),
  R('GET',    '/api/v1/petitions',                         'petition:read',  'A A A A F A A F F F F'),
  R('POST',   '/api/v1/petitions',                         'petition:register', 'F F A F F A A F F F F'),
  R('GET',    '/api/v1/petitions/{id}',                    'petition:read',  'A A A A F A A F F F F'),
  R('POST',   '/api/v1/petitions/{id}/actions',            'petition:handle', 'A F A A F A A F F F F'),
  R('POST',   '/api/v1/petitions/{id}/reveal',             'petition:reveal', 'A F A F F A F F F F F'),
  R('GET',    '/api/v1/ledgers/petitions.xlsx',            'petition:read',  'A A A A F A A F F F F'),
  R('GET',    '/api/v1/warnings',                          'petition:read',  'A A A A F A A F F F F'),
  R('POST',   '/api/v1/warnings/acknowledgements',         'petition:handle', 'A F A A F A A F F F F'),
  R('GET',    '/api/v1/duty-roster',                       'petition:read',  'A A A A F A A F F F F'),
  R('POST',   '/api/v1/duty-roster',                       'petition:register', 'F F A F F A A F F F F'),
  R('DELETE', '/api/v1/duty-roster/{id}',                  'petition:register', 'F F A F F A A F F F F'),
  R('GET',    '/api/v1/visits',                            'petition:read',  'A A A A F A A F F F F'),
  R('POST',   '/api/v1/visits',                            'petition:register', 'F F A F F A A F F F F'),
  R('GET',    '/api/v1/screenings',                        'petition:read',  'A A A A F A A F F F F'),
  R('POST',   '/api/v1/screenings',                        'petition:register', 'F F A F F A A F F F F'),
  R('POST',   '/api/v1/screenings/{id}/outcome',           'petition:register', 'F F A F F A A F F F F'),
  R('GET',    '/api/v1/petition-stats',                    'petition:read',  'A A A A F A A F F F F'),
  R('GET',    '/api/v1/persons',                           'petition:read',  'A A A A F A A F F F F'),
  // Messages with portal reporters and evidence files: read with the petition,
  // written by its handlers; files decrypted only for petition:evidence.
  R('GET',    '/api/v1/petitions/{id}/messages',           'petition:read',  'A A A A F A A F F F F'),
  R('POST',   '/api/v1/petitions/{id}/messages',           'petition:handle', 'A F A A F A A F F F F'),
  R('GET',    '/api/v1/petitions/{id}/attachments',        'petition:read',  'A A A A F A A F F F F'),
  R('POST',   '/api/v1/petitions/{id}/attachments',        'petition:handle', 'A F A A F A A F F F F'),
  R('GET',    '/api/v1/petitions/{id}/attachments/{file}', 'petition:evidence', 'A F A A F A F F F F F'),
  // Recusal (回避): the leader and 案管.
  R('GET',    '/api/v1/recusals',                          'recusal:manage', 'A A F F F F F F F F F'),
  R('GET',    '/api/v1/recusals/candidates',               'recusal:manage', 'A A F F F F F F F F F'),
  R('POST',   '/api/v1/recusals',                          'recusal:manage', 'A A F F F F F F F F F'),
  R('DELETE', '/api/v1/recusals/{id}',                     'recusal:manage', 'A A F F F F F F F F F'),
  // Clues: 案管 proposes dispatch, the leader approves, rooms and townships
  // handle; the petition office only registers (转为线索). Monthly reports are
  // submitted by a township secretary and acknowledged by 案管.
  R('GET',    '/api/v1/clues',                             'clue:read',      'A A F A F A A F F F F'),
  R('POST',   '/api/v1/clues',                             'clue:register',  'F A A A F A A F F F F'),
  R('GET',    '/api/v1/clues/{id}',                        'clue:read',      'A A F A F A A F F F F'),
  R('GET',    '/api/v1/clues/{id}/dispatch-proposal',      'clue:read',      'A A F A F A A F F F F'),
  R('POST',   '/api/v1/clues/{id}/actions',                'clue:dispatch|clue:handle', 'A A F A F A A F F F F'),
  R('POST',   '/api/v1/clues/{id}/records',                'clue:handle',    'A F F A F A A F F F F'),
  R('GET',    '/api/v1/clue-reports',                      'clue:read',      'A A F A F A A F F F F'),
  R('GET',    '/api/v1/clue-reports/live',                 'clue:read',      'A A F A F A A F F F F'),
  R('POST',   '/api/v1/clue-reports',                      'clue_report:submit',     'F F F F F A F F F F F'),
  R('GET',    '/api/v1/clue-reports/{id}',                 'clue:read',      'A A F A F A A F F F F'),
  R('POST',   '/api/v1/clue-reports/{id}/acknowledge',     'clue_report:review',     'F A F F F F F F F F F'),
  R('POST',   '/api/v1/clue-reports/{id}/return',          'clue_report:review',     'F A F F F F F F F F F'),
  R('GET',    '/api/v1/clue-reviews',                      'clue:read',      'A A F A F A A F F F F'),
  R('POST',   '/api/v1/clue-reviews',                      'clue:dispatch|clue:handle', 'A A F A F A A F F F F'),
  R('GET',    '/api/v1/clue-reviews/{id}',                 'clue:read',      'A A F A F A A F F F F'),
  R('GET',    '/api/v1/clue-funnel',                       'clue:read',      'A A F A F A A F F F F'),
  R('GET',    '/api/v1/clue-warnings',                     'clue:read',      'A A F A F A A F F F F'),
  R('GET',    '/api/v1/ledgers/clues.xlsx',                'clue:read',      'A A F A F A A F F F F'),
  R('GET',    '/api/v1/ledgers/clue-reports.xlsx',         'clue:read',      'A A F A F A A F F F F'),
  // Cases: the lead unit (room or township) requests the filing and
  // investigates; the leader approves and dismisses, 案管 records the
  // extensions (core::may_perform decides each step); the trial office
  // reads cases with Cases II.
  R('GET',    '/api/v1/cases',                             'case:read',      'A A F A A A A F F F F'),
  R('POST',   '/api/v1/cases',                             'case:file',      'F F F A F A A F F F F'),
  R('GET',    '/api/v1/cases/{id}',                        'case:read',      'A A F A A A A F F F F'),
  R('POST',   '/api/v1/cases/{id}/actions',                'case:handle|case:try', 'A A F A A A A F F F F'),
  R('POST',   '/api/v1/cases/{id}/measures/{measure}/end', 'case:handle',    'A A F A F A A F F F F'),
  R('GET',    '/api/v1/cases/{id}/team-candidates',        'case:read',      'A A F A A A A F F F F'),
  R('POST',   '/api/v1/cases/{id}/measures/{measure}/notice', 'case:handle', 'A A F A F A A F F F F'),
  R('POST',   '/api/v1/cases/{id}/measures/{measure}/return', 'case:handle', 'A A F A F A A F F F F'),
  R('GET',    '/api/v1/cases/{id}/evidence',               'case:read',      'A A F A A A A F F F F'),
  R('POST',   '/api/v1/cases/{id}/evidence',               'case:handle',    'A A F A F A A F F F F'),
  R('POST',   '/api/v1/cases/{id}/evidence/{item}/file',   'case:handle',    'A A F A F A A F F F F'),
  R('GET',    '/api/v1/cases/{id}/evidence/{item}/file',   'case:read',      'A A F A A A A F F F F'),
  R('GET',    '/api/v1/cases/{id}/property',               'case:read',      'A A F A A A A F F F F'),
  R('POST',   '/api/v1/cases/{id}/property',               'case:handle',    'A A F A F A A F F F F'),
  R('POST',   '/api/v1/cases/{id}/property/{item}/moves',  'case:handle',    'A A F A F A A F F F F'),
  R('GET',    '/api/v1/case-warnings',                     'case:read',      'A A F A A A A F F F F'),
  R('POST',   '/api/v1/case-warnings/acknowledgements',    'case:handle',    'A A F A F A A F F F F'),
  // Executing decisions (CA-7): every case reader sees the open tasks in
  // scope; the executing unit closes or extends them (core::may_record_execution).
  R('GET',    '/api/v1/execution-tasks',                   'case:read',      'A A F A A A A F F F F'),
  R('GET',    '/api/v1/execution-tasks/summary',           'case:read',      'A A F A A A A F F F F'),
  R('POST',   '/api/v1/cases/{id}/execution-tasks/{task}/close', 'case:handle', 'A A F A F A A F F F F'),
  R('POST',   '/api/v1/cases/{id}/execution-tasks/{task}/extend', 'case:handle', 'A A F A F A A F F F F'),
  // Interview rooms (CA-2): 案管 keeps the rooms; the calendar is case:read,
  // booking and the talk register case:handle (scope and role checked after).
  R('GET',    '/api/v1/interview-rooms',                   'case:read',      'A A F A A A A F F F F'),
  R('POST',   '/api/v1/interview-rooms',                   'room:manage',    'F A F F F F F F F F F'),
  R('PUT',    '/api/v1/interview-rooms/{id}',              'room:manage',    'F A F F F F F F F F F'),
  R('GET',    '/api/v1/interview-rooms/calendar',          'case:read',      'A A F A A A A F F F F'),
  R('POST',   '/api/v1/interview-rooms/{id}/bookings',     'case:handle',    'A A F A F A A F F F F'),
  R('GET',    '/api/v1/interview-rooms/{id}/bookings/{booking}', 'case:read', 'A A F A A A A F F F F'),
  R('POST',   '/api/v1/interview-rooms/{id}/bookings/{booking}/cancel', 'case:handle', 'A A F A F A A F F F F'),
  R('PUT',    '/api/v1/interview-rooms/{id}/bookings/{booking}/talk', 'case:handle', 'A A F A F A A F F F F'),
  R('POST',   '/api/v1/interview-rooms/{id}/bookings/{booking}/talk/close', 'case:handle', 'A A F A F A A F F F F'),
  R('POST',   '/api/v1/interview-rooms/{id}/bookings/{booking}/incidents', 'case:handle', 'A A F A F A A F F F F'),
  R('POST',   '/api/v1/interview-rooms/{id}/bookings/{booking}/incidents/{incident}/report', 'case:handle', 'A A F A F A A F F F F'),
  // Documents of a case (文书): read and downloaded with the case, generated
  // by its handlers; the templates are configuration, replaced by the system
  // administrator, who never sees a case.
  R('GET',    '/api/v1/cases/{id}/documents',              'case:read',      'A A F A A A A F F F F'),
  R('POST',   '/api/v1/cases/{id}/documents',              'case:handle',    'A A F A F A A F F F F'),
  R('GET',    '/api/v1/cases/{id}/documents/{doc}',        'case:read',      'A A F A A A A F F F F'),
  R('GET',    '/api/v1/guidance',                          'case:read',      'A A F A A A A F F F F'),
  R('POST',   '/api/v1/guidance',                          'guidance:write', 'F F F A F F F F F F F'),
  R('GET',    '/api/v1/guidance/{id}',                     'case:read',      'A A F A A A A F F F F'),
  R('POST',   '/api/v1/guidance/{id}/tasks',               'guidance:write', 'F F F A F F F F F F F'),
  R('POST',   '/api/v1/guidance/{id}/tasks/{task}/close',  'case:read',      'A A F A A A A F F F F'),
  R('GET',    '/api/v1/ledgers/guidance.xlsx',             'case:read',      'A A F A A A A F F F F'),
  R('GET',    '/api/v1/ledgers/execution.xlsx',            'case:read',      'A A F A A A A F F F F'),
  R('GET',    '/api/v1/document-templates',                'template:write', 'F F F F F F F F A F F'),
  R('GET',    '/api/v1/document-templates/{kind}',         'template:write', 'F F F F F F F F A F F'),
  R('PUT',    '/api/v1/document-templates/{kind}',         'template:write', 'F F F F F F F F A F F'),
];

export const routeKey = (r) => `${r.method.toUpperCase()} ${r.path}`;
