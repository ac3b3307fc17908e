import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getCategories } from '@/api/petitions'
import { listTimeLimits } from '@/api/calendar'
import type { CatalogueEntry, Categories, TimeLimit } from '@/api/types'
import { i18n } from '@/locales'

// Problem categories, areas (GET /categories) and time limits (GET /time-limits):
// data files on the server, loaded once per session like the dictionaries.
export const useCatalogueStore = defineStore('catalogue', () => {
  const categories = ref<Categories | null>(null)
  const timeLimits = ref<TimeLimit[]>([])
  let pending: Promise<void> | null = null

  function load(force = false): Promise<void> {
    if (categories.value && !force) return Promise.resolve()
    if (!pending) {
      pending = Promise.all([getCategories(), listTimeLimits().catch(() => ({ items: [] as TimeLimit[], total: 0 }))])
        .then(([c, tl]) => {
          categories.value = c
          timeLimits.value = tl.items ?? []
        })
        .finally(() => {
          pending = null
        })
    }
    return pending
  }

  function entryLabel(e: CatalogueEntry): string {
    return i18n.global.locale.value === 'en' ? e.label_en || e.label_zh : e.label_zh || e.label_en || e.code
  }

  function categoryLabel(code: string | null | undefined): string {
    if (!code) return ''
    const c = categories.value?.categories.find((x) => x.code === code)
    return c ? entryLabel(c) : code
  }

  function subcategoryLabel(category: string | null | undefined, code: string | null | undefined): string {
    if (!code) return ''
    const c = categories.value?.categories.find((x) => x.code === category)
    const s = c?.subs.find((x) => x.code === code)
    return s ? entryLabel(s) : code
  }

  function areaLabel(code: string | null | undefined): string {
    if (!code) return ''
    const a = categories.value?.areas.find((x) => x.code === code)
    return a ? entryLabel(a) : code
  }

  function timeLimitLabel(code: string | null | undefined): string {
    if (!code) return ''
    return timeLimits.value.find((x) => x.code === code)?.label ?? code
  }

  function reset() {
    categories.value = null
    timeLimits.value = []
  }

  return { categories, timeLimits, load, entryLabel, categoryLabel, subcategoryLabel, areaLabel, timeLimitLabel, reset }
})
