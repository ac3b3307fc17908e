import { ref } from 'vue'
import { listOrgUnits } from '@/api/org'
import type { Id, OrgUnit } from '@/api/types'

/**
 * Townships and discipline rooms in the user's scope (GET /org-units is
 * scope-filtered), for the dispatch fields and for naming the orgs of a
 * dispatch proposal. Loaded once per page.
 */
export function useOrgOptions() {
  const townships = ref<OrgUnit[]>([])
  const rooms = ref<OrgUnit[]>([])
  let pending: Promise<void> | null = null

  function load(): Promise<void> {
    if (!pending) {
      pending = Promise.all([
        listOrgUnits({ kind: 'township', page_size: 200 }).catch(() => ({ items: [] as OrgUnit[], total: 0 })),
        listOrgUnits({ kind: 'department', page_size: 200 }).catch(() => ({ items: [] as OrgUnit[], total: 0 })),
      ]).then(([tw, dep]) => {
        townships.value = tw.items ?? []
        rooms.value = (dep.items ?? []).filter((o) => o.category === 'discipline_room')
      })
    }
    return pending
  }

  function nameOf(id: Id | null | undefined): string {
    if (id === null || id === undefined) return ''
    return [...townships.value, ...rooms.value].find((o) => o.id === id)?.name ?? `#${id}`
  }

  /** The discipline room linked to a township (联系纪检监察室), if known. */
  function linkedRoom(townshipId: Id | null | undefined): Id | null {
    return townships.value.find((o) => o.id === townshipId)?.linked_room_id ?? null
  }

  return { townships, rooms, load, nameOf, linkedRoom }
}

export type OrgOptions = ReturnType<typeof useOrgOptions>
