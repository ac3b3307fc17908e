// Fetches N proof-of-work challenges from the portal and solves them (the
// browser's work, excluded from the bar), one "challenge nonce" per line.
//   node bench/portal-prep.mjs http://127.0.0.1:18394 20000 > solved.txt
import { solve } from '../tests/api/lib/pow.mjs'

const [base, count] = [process.argv[2], Number(process.argv[3] || 10000)]
const out = []
const batch = 32
for (let i = 0; i < count; i += batch) {
  const got = await Promise.all(
    Array.from({ length: Math.min(batch, count - i) }, () =>
      fetch(`${base}/api/v1/portal/challenge`, { method: 'POST' }).then((r) => {
        if (r.status !== 200) throw new Error(`challenge: ${r.status}`)
        return r.json()
      }),
    ),
  )
  for (const c of got) out.push(`${c.challenge} ${solve(c.challenge, c.bits)}`)
}
process.stdout.write(out.join('\n') + '\n')
