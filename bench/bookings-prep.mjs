// Sets up bench/bookings.sh on a fresh instance through the API: a county
// with 案管 and one township, a township secretary and a staff member (三员:
// proposed by admin, approved by secadmin), a township case filed, approved
// and under investigation, and ROOMS rooms of the township. Prints
// "<session token> <csrf token> <case id> <room ids, comma-separated>"
// of the secretary's session, which every wrk connection then uses.
//   node bench/bookings-prep.mjs http://127.0.0.1:18398 'Init-Pass' 20
const [base, initPw, roomCount] = [process.argv[2], process.argv[3], Number(process.argv[4] || 20)]
const PW = 'Bench-Rooms#2026'

function client() {
  let cookie = ''
  let csrf = null
  const c = {
    get token() {
      return cookie.replace(/^funnel_session=/, '')
    },
    get csrf() {
      return csrf
    },
    async call(method, path, body, ok = [200, 201]) {
      const headers = { accept: 'application/json', 'content-type': 'application/json' }
      if (cookie) headers.cookie = cookie
      if (csrf) headers['x-csrf-token'] = csrf
      const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) })
      for (const sc of res.headers.getSetCookie()) {
        const pair = sc.split(';')[0]
        if (pair.startsWith('funnel_session=')) cookie = pair
      }
      const text = await res.text()
      const out = text ? JSON.parse(text) : null
      if (!ok.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text}`)
      return out
    },
    async login(username, password) {
      const r = await c.call('POST', '/auth/login', { username, password })
      csrf = r.csrf_token
      if (r.must_change_password) {
        await c.call('POST', '/auth/password', { old_password: password, new_password: PW })
        csrf = (await c.call('GET', '/auth/me')).csrf_token
      }
      return c
    },
  }
  return c
}

const admin = await client().login('admin', initPw)
const sec = await client().login('secadmin', initPw)
const county = await admin.call('POST', '/org-units', { parent_id: null, kind: 'county', category: 'county', name: '基准县纪委监委', short_name: '基纪', division_code: '371799' })
const sup = await admin.call('POST', '/org-units', { parent_id: county.id, kind: 'department', category: 'case_supervision', name: '案件监督管理室', short_name: '案管', division_code: null })
const town = await admin.call('POST', '/org-units', { parent_id: county.id, kind: 'township', category: 'town', name: '基准镇', short_name: '基准', division_code: '371799101' })
async function user(username, role, unit) {
  const r = await admin.call('POST', '/users', { username, display_name: username, org_unit_id: unit.id, role })
  const ok = await sec.call('POST', `/account-requests/${r.request_id}/approve`, {})
  const c = await client().login(username, r.secret_part + ok.secret_part)
  return { c, id: r.user.id }
}
const cs = await user('bench_cs', 'case_supervision', sup)
const secretary = await user('bench_sec', 'township_secretary', town)
const staff = await user('bench_staff', 'township_staff', town)
const k = await secretary.c.call('POST', '/cases', {
  source: 'found_in_supervision', source_ref: '基准', violations: ['mass_discipline'], mode: 'township', summary: '基准案件',
  person: { name: '基准人', unit_name: '基准村委会', cadre_level: 'village_cadre', party_member: true },
})
await secretary.c.call('POST', `/cases/${k.id}/actions`, { action: 'approve_filing' })
await secretary.c.call('POST', `/cases/${k.id}/actions`, { action: 'approve_filing', approval_ref: '基党〔2026〕1号' })
await secretary.c.call('POST', `/cases/${k.id}/actions`, { action: 'start_investigation', plan: '谈话', team: [secretary.id, staff.id] })
const rooms = []
for (let i = 1; i <= roomCount; i++)
  rooms.push((await cs.c.call('POST', '/interview-rooms', { org_unit_id: town.id, name: `基准谈话室${i}`, place: '镇政府' })).id)
process.stdout.write(`${secretary.c.token} ${secretary.c.csrf} ${k.id} ${rooms.join(',')}\n`)
