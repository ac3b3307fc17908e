// Starts the proof of work in a module worker; falls back to short batches on
// the main thread where module workers are not available.
import type { PowReply, PowRequest } from './pow'

export interface PowJob {
  promise: Promise<string>
  cancel: () => void
}

export function solvePow(challenge: string, bits: number, onProgress: (tried: number) => void): PowJob {
  let cancelled = false
  let worker: Worker | null = null
  let settle: { resolve: (n: string) => void; reject: (e: Error) => void } | null = null

  const fallback = async (): Promise<void> => {
    const { searchNonce, POW_BATCH } = await import('./pow')
    for (let from = 0; !cancelled; from += POW_BATCH) {
      const r = searchNonce(challenge, bits, from, POW_BATCH)
      if (r.nonce !== null) {
        settle?.resolve(r.nonce)
        return
      }
      onProgress(from + POW_BATCH)
      // Yield so the page can paint the progress.
      await new Promise((res) => setTimeout(res, 0))
    }
  }

  const promise = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject }
    try {
      worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' })
    } catch {
      worker = null
    }
    if (!worker) {
      fallback().catch(reject)
      return
    }
    worker.onmessage = (e: MessageEvent<PowReply>) => {
      if (e.data.kind === 'progress') onProgress(e.data.tried)
      else {
        onProgress(e.data.tried)
        worker?.terminate()
        resolve(e.data.nonce)
      }
    }
    worker.onerror = (e) => {
      // A worker that cannot load (old browser, module workers unsupported).
      e.preventDefault()
      worker?.terminate()
      worker = null
      fallback().catch(reject)
    }
    const job: PowRequest = { challenge, bits }
    worker.postMessage(job)
  })

  return {
    promise,
    cancel: () => {
      cancelled = true
      worker?.terminate()
      settle?.reject(new Error('cancelled'))
    },
  }
}
