import { onMounted, reactive, ref, type Ref } from 'vue'
import type { Page } from '@/api/types'

export type PageParams = {
  page: number
  page_size: number
}

/**
 * A filtered, paged list (the RuoYi search bar + table + pager): the query
 * form, the rows of the current page, the total and the loading flag.
 * `emptyQuery` gives the form's initial (and reset) values.
 */
export function usePagedList<T, Q extends object>(emptyQuery: () => Q, fetch: (query: Q, p: PageParams) => Promise<Page<T>>) {
  const query = reactive(emptyQuery()) as Q
  const rows = ref([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(20)
  const loading = ref(false)

  async function load() {
    loading.value = true
    try {
      const res = await fetch(query, { page: page.value, page_size: pageSize.value })
      rows.value = res.items ?? []
      total.value = res.total ?? 0
    } finally {
      loading.value = false
    }
  }
  /** New filters: back to the first page. */
  function search() {
    page.value = 1
    void load()
  }
  function reset() {
    Object.assign(query, emptyQuery())
    search()
  }
  onMounted(load)
  return { query, rows, total, page, pageSize, loading, load, search, reset }
}

export type PagedList<T = unknown> = ReturnType<typeof usePagedList<T, object>>
