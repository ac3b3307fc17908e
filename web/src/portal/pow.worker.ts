// Runs the proof of work off the main thread so the page stays responsive.
import { POW_BATCH, searchNonce, type PowReply, type PowRequest } from './pow'

function post(reply: PowReply): void {
  self.postMessage(reply)
}

self.onmessage = (e: MessageEvent<PowRequest>) => {
  const { challenge, bits } = e.data
  for (let from = 0; ; from += POW_BATCH) {
    const r = searchNonce(challenge, bits, from, POW_BATCH)
    if (r.nonce !== null) {
      post({ kind: 'done', nonce: r.nonce, tried: from + r.tried })
      return
    }
    post({ kind: 'progress', tried: from + POW_BATCH })
  }
}
