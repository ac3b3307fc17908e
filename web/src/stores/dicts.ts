import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getDicts } from '@/api/dicts'
import type { DictItem, Dicts } from '@/api/types'
import { i18n } from '@/locales'

// Enumeration labels come from the server (GET /api/v1/dicts).
export const useDictStore = defineStore('dicts', () => {
  const dicts = ref<Dicts | null>(null)
  let pending: Promise<void> | null = null

  function load(force = false): Promise<void> {
    if (dicts.value && !force) return Promise.resolve()
    if (!pending) {
      pending = getDicts()
        .then((d) => {
          dicts.value = d
        })
        .finally(() => {
          pending = null
        })
    }
    return pending
  }

  function items(name: string): DictItem[] {
    return dicts.value?.[name] ?? []
  }

  function itemLabel(it: DictItem): string {
    return i18n.global.locale.value === 'en' ? it.label_en || it.label_zh : it.label_zh || it.label_en
  }

  /** Label of code in dictionary name, in the current language. */
  function label(name: string, code: string | null | undefined): string {
    if (code === null || code === undefined || code === '') return ''
    const it = items(name).find((x) => x.code === code)
    return it ? itemLabel(it) : code
  }

  function reset() {
    dicts.value = null
  }

  return { dicts, load, items, itemLabel, label, reset }
})
