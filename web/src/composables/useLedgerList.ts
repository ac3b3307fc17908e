import { computed, ref } from 'vue'
import type { Query } from '@/api/http'
import type { Page } from '@/api/types'
import { usePagedList, type PageParams } from './usePagedList'

/** The filters every ledger (petitions, clues) has besides its own. */
export interface LedgerQuery {
  q: string
  received: [string, string] | null
  overdue: boolean
}

/**
 * A ledger list (信访举报台账, 问题线索台账): a paged list whose query is the
 * keyword, the ledger's own filters (`filters`), the received-day range and
 * 只看超期; and the link of its .xlsx export. The export takes the filters
 * of the rows on screen, not what is typed into the search bar but not yet
 * searched. A plain link: the browser downloads it with the session cookie.
 */
export function useLedgerList<T, Q extends LedgerQuery>(
  emptyQuery: () => Q,
  filters: (q: Q) => Query,
  fetch: (q: Query) => Promise<Page<T>>,
  ledgerUrl: (q: Query) => string,
) {
  const shownFilters = ref<Query>({})
  const list = usePagedList<T, Q>(emptyQuery, (q, p: PageParams) => {
    const f: Query = {
      q: q.q.trim(),
      ...filters(q),
      received_from: q.received?.[0],
      received_to: q.received?.[1],
      overdue: q.overdue || undefined,
    }
    shownFilters.value = f
    return fetch({ ...f, ...p })
  })
  const ledgerHref = computed(() => ledgerUrl(shownFilters.value))
  return { list, ledgerHref }
}
