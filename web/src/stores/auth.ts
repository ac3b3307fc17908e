import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import { ApiError } from '@/api/http'
import type { Scope, User } from '@/api/types'

export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  const permissions = ref<string[]>([])
  const csrfToken = ref<string | null>(null)
  const mustChangePassword = ref(false)
  const scope = ref<Scope | null>(null)
  /** true once GET /auth/me has been tried (whatever the outcome). */
  const checked = ref(false)

  const loggedIn = computed(() => user.value !== null)

  function hasPerm(p: string | string[] | undefined): boolean {
    if (!p) return true
    const list = Array.isArray(p) ? p : [p]
    return list.some((x) => permissions.value.includes(x))
  }

  function clear() {
    user.value = null
    permissions.value = []
    csrfToken.value = null
    mustChangePassword.value = false
    scope.value = null
  }

  /** Loads the session from GET /auth/me; false when not logged in. */
  async function fetchMe(): Promise<boolean> {
    try {
      const me = await authApi.getMe()
      user.value = me.user
      permissions.value = me.permissions ?? []
      csrfToken.value = me.csrf_token
      mustChangePassword.value = !!me.must_change_password
      scope.value = me.scope ?? null
      return true
    } catch (e) {
      if (e instanceof ApiError && e.code === 'password_change_required') {
        // Session exists but the server wants the password changed first.
        mustChangePassword.value = true
        return user.value !== null
      }
      clear()
      return false
    } finally {
      checked.value = true
    }
  }

  async function login(username: string, password: string): Promise<void> {
    const res = await authApi.login(username, password)
    user.value = res.user
    csrfToken.value = res.csrf_token
    mustChangePassword.value = !!res.must_change_password
    permissions.value = []
    checked.value = true
    if (!mustChangePassword.value) await fetchMe()
  }

  async function changePassword(oldPw: string, newPw: string): Promise<void> {
    await authApi.changePassword(oldPw, newPw)
    mustChangePassword.value = false
    await fetchMe()
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } catch {
      /* the session may already be gone */
    }
    clear()
  }

  return {
    user,
    permissions,
    csrfToken,
    mustChangePassword,
    scope,
    checked,
    loggedIn,
    hasPerm,
    clear,
    fetchMe,
    login,
    changePassword,
    logout,
  }
})
