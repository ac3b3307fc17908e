// One official document (文书) generated and downloaded, end to end over
// HTTP: a fresh server (SQLite, or PostgreSQL with FUNNEL_TEST_DB=postgresql
// and FUNNEL_TEST_PG), the fixtures' county, one filed county case; then
// N sequential generations of the 查封/扣押通知书 with a 20-row property
// list (each a new version: fill, encryption, the version row and the audit
// record in one write) and N downloads. Prints one line per measure:
//   GEN_P50_MS x  GEN_P95_MS x  DL_P95_MS x
//   node bench/documents.mjs [N]
import { startServer } from '../tests/api/lib/server.mjs'
import { buildCounty, usersByKey } from '../tests/api/lib/fixtures.mjs'

const n = Number(process.argv[2] || 200)
const warm = 20
const ts = await startServer()
try {
  const admin = await ts.adminClient('admin')
  const org = await buildCounty(admin)
  // A county case: a township takes none of the property measures.
  const { room, leader } = await usersByKey(ts, admin, [['room', 'discipline_room', org.room1], ['leader', 'county_leader', org.county]], { username: (k) => `bench_doc_${k}` })
  const person = { name: '基准人', unit_name: '成武县农业农村局', post: '科员', cadre_level: 'general_cadre', party_member: true, public_official: true, county_department: true }
  const filed = await room.post('/cases', {
    source: 'transferred', source_organ: '成武县审计局', source_ref: '成审移〔2026〕2号', supervised_category: 'civil_servant',
    violations: ['integrity_discipline', 'duty_illegality'], mode: 'county_led', township_id: org.townA.id, summary: '利用职务便利收受财物', person,
  })
  if (filed.status !== 201) throw new Error(`file: ${filed.status} ${filed.text}`)
  const id = filed.body.id
  for (const [who, ref] of [[room], [leader], [leader, '成委〔2026〕12号']]) {
    const r = await who.post(`/cases/${id}/actions`, { action: 'approve_filing', ...(ref ? { approval_ref: ref } : {}) })
    if (r.status !== 200) throw new Error(`approve: ${r.status} ${r.text}`)
  }
  const sec = room
  const body = {
    kind: 'seizure_notice',
    values: { recipient: '成武县农业农村局', measure_name: '扣押', custody_place: '成武县纪委监委涉案财物保管室' },
    lists: { items: Array.from({ length: 20 }, (_, i) => ({ name: `账册第${i + 1}册`, spec: '2024年', quantity: '1本', note: '原件' })) },
  }
  const gen = []
  let last
  for (let i = 0; i < warm + n; i++) {
    const t = process.hrtime.bigint()
    const r = await sec.post(`/cases/${id}/documents`, body)
    const ms = Number(process.hrtime.bigint() - t) / 1e6
    if (r.status !== 201) throw new Error(`generate: ${r.status} ${r.text}`)
    if (i >= warm) gen.push(ms)
    last = r.body
  }
  const dl = []
  for (let i = 0; i < warm + n; i++) {
    const t = process.hrtime.bigint()
    const res = await fetch(`${ts.base}/api/v1/cases/${id}/documents/${last.id}`, { headers: { cookie: sec.cookieHeader() } })
    await res.arrayBuffer()
    const ms = Number(process.hrtime.bigint() - t) / 1e6
    if (res.status !== 200) throw new Error(`download: ${res.status}`)
    if (i >= warm) dl.push(ms)
  }
  const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)].toFixed(2)
  console.log(`GEN_P50_MS ${pct(gen, 50)}`)
  console.log(`GEN_P95_MS ${pct(gen, 95)}`)
  console.log(`DL_P95_MS ${pct(dl, 95)}`)
  console.log(`SIZE_BYTES ${last.size}`)
} finally {
  await ts.stop()
}
