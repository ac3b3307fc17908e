// The submission's proof of work (docs/portal-contract.md): the smallest
// decimal nonce from 0 such that SHA-256(UTF-8 of `challenge:nonce`) starts
// with `bits` zero bits. Shared by the worker and the main-thread fallback.
import { sha256 } from '@noble/hashes/sha2.js'

const encoder = new TextEncoder()

/** Leading zero bits of a digest, counted as the server counts them. */
export function leadingZeroBits(digest: Uint8Array): number {
  let n = 0
  for (const byte of digest) {
    if (byte === 0) {
      n += 8
      continue
    }
    return n + Math.clz32(byte) - 24
  }
  return n
}

export function powDigest(challenge: string, nonce: string): Uint8Array {
  return sha256(encoder.encode(`${challenge}:${nonce}`))
}

export interface SearchResult {
  /** The first nonce that fits, or null when none in the range did. */
  nonce: string | null
  /** Hashes computed in this call. */
  tried: number
}

/** Tries the nonces from, from+1, … (count of them) in order. */
export function searchNonce(challenge: string, bits: number, from: number, count: number): SearchResult {
  // The prefix is hashed once; its state is copied into one reused hash per
  // nonce (_cloneInto/digestInto: about twice as fast as clone()/digest()).
  const prefix = sha256.create().update(encoder.encode(`${challenge}:`))
  const work = sha256.create()
  const digest = new Uint8Array(32)
  const digits = new Uint8Array(24)
  for (let i = 0; i < count; i++) {
    const nonce = String(from + i)
    prefix._cloneInto(work)
    const { written } = encoder.encodeInto(nonce, digits)
    work.update(digits.subarray(0, written))
    work.digestInto(digest)
    if (leadingZeroBits(digest) >= bits) return { nonce, tried: i + 1 }
  }
  return { nonce: null, tried: count }
}

export type PowRequest = { challenge: string; bits: number }
export type PowReply = { kind: 'progress'; tried: number } | { kind: 'done'; nonce: string; tried: number }

/** Hashes per batch between progress reports. */
export const POW_BATCH = 16384
