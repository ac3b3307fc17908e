// The portal's proof of work as the browser solves it (web/src/portal/pow.ts):
// the smallest decimal nonce with SHA-256(challenge + ":" + nonce) starting
// with `bits` zero bits. Used by the API tests and bench/portal-prep.mjs.
import { createHash } from 'node:crypto';

export function zeroBits(digest) {
  let n = 0;
  for (const b of digest) {
    if (b) return n + Math.clz32(b) - 24;
    n += 8;
  }
  return n;
}

export function solve(challenge, bits) {
  for (let n = 0; ; n++) if (zeroBits(createHash('sha256').update(`${challenge}:${n}`).digest()) >= bits) return String(n);
}
