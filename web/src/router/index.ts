import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { useDictStore } from '@/stores/dicts'
import AdminLayout from '@/layout/AdminLayout.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (menu, breadcrumb). */
    title?: string
    /** Needs any of these permissions. */
    perm?: string | string[]
    /** Reachable without a session. */
    public?: boolean
    /** Menu icon name (see layout/icons.ts). */
    icon?: string
    /** Menu group i18n key. */
    group?: string
    /** A page reached from another one (not in the menu): the parent route's name, for the active menu item and the breadcrumb. */
    parent?: string
  }
}

export const layoutChildren: RouteRecordRaw[] = [
  { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: 'menu.home', icon: 'home' } },
  {
    path: 'petitions',
    name: 'petitions',
    component: () => import('@/views/petitions/PetitionListView.vue'),
    meta: { title: 'menu.petitions', perm: 'petition:read', icon: 'petitions', group: 'layout.petitions' },
  },
  {
    path: 'petitions/new',
    name: 'petition-new',
    component: () => import('@/views/petitions/PetitionRegisterView.vue'),
    meta: { title: 'menu.petitionNew', perm: 'petition:register', parent: 'petitions', group: 'layout.petitions' },
  },
  {
    path: 'petitions/:id(\\d+)',
    name: 'petition-detail',
    component: () => import('@/views/petitions/PetitionDetailView.vue'),
    meta: { title: 'menu.petitionDetail', perm: 'petition:read', parent: 'petitions', group: 'layout.petitions' },
  },
  {
    path: 'warnings',
    name: 'warnings',
    component: () => import('@/views/warnings/WarningsView.vue'),
    meta: { title: 'menu.warnings', perm: 'petition:read', icon: 'warnings', group: 'layout.petitions' },
  },
  {
    path: 'visits',
    name: 'visits',
    component: () => import('@/views/visits/VisitsView.vue'),
    meta: { title: 'menu.visits', perm: 'petition:read', icon: 'visits', group: 'layout.petitions' },
  },
  {
    path: 'screenings',
    name: 'screenings',
    component: () => import('@/views/screenings/ScreeningsView.vue'),
    meta: { title: 'menu.screenings', perm: 'petition:read', icon: 'screenings', group: 'layout.petitions' },
  },
  {
    path: 'petition-stats',
    name: 'petition-stats',
    component: () => import('@/views/stats/PetitionStatsView.vue'),
    meta: { title: 'menu.petitionStats', perm: 'petition:read', icon: 'stats', group: 'layout.petitions' },
  },
  {
    path: 'clues',
    name: 'clues',
    component: () => import('@/views/clues/ClueListView.vue'),
    meta: { title: 'menu.clues', perm: 'clue:read', icon: 'clues', group: 'layout.clues' },
  },
  {
    path: 'clues/new',
    name: 'clue-new',
    component: () => import('@/views/clues/ClueRegisterView.vue'),
    meta: { title: 'menu.clueNew', perm: 'clue:register', parent: 'clues', group: 'layout.clues' },
  },
  {
    path: 'clues/:id(\\d+)',
    name: 'clue-detail',
    component: () => import('@/views/clues/ClueDetailView.vue'),
    meta: { title: 'menu.clueDetail', perm: 'clue:read', parent: 'clues', group: 'layout.clues' },
  },
  {
    path: 'clue-reports',
    name: 'clue-reports',
    component: () => import('@/views/clues/ClueReportsView.vue'),
    meta: { title: 'menu.clueReports', perm: 'clue:read', icon: 'clueReports', group: 'layout.clues' },
  },
  {
    path: 'clue-funnel',
    name: 'clue-funnel',
    component: () => import('@/views/clues/ClueFunnelView.vue'),
    meta: { title: 'menu.clueFunnel', perm: 'clue:dispatch', icon: 'clueFunnel', group: 'layout.clues' },
  },
  {
    path: 'clue-reviews',
    name: 'clue-reviews',
    component: () => import('@/views/clues/ClueReviewsView.vue'),
    meta: { title: 'menu.clueReviews', perm: 'clue:read', icon: 'clueReviews', group: 'layout.clues' },
  },
  {
    path: 'cases',
    name: 'cases',
    component: () => import('@/views/cases/CaseListView.vue'),
    meta: { title: 'menu.cases', perm: 'case:read', icon: 'cases', group: 'layout.cases' },
  },
  {
    path: 'case-warnings',
    name: 'case-warnings',
    component: () => import('@/views/cases/CaseWarningsView.vue'),
    meta: { title: 'menu.caseWarnings', perm: 'case:read', icon: 'warnings', group: 'layout.cases' },
  },
  {
    path: 'cases/new',
    name: 'case-new',
    component: () => import('@/views/cases/CaseFileView.vue'),
    meta: { title: 'menu.caseNew', perm: 'case:file', parent: 'cases', group: 'layout.cases' },
  },
  {
    path: 'cases/:id(\\d+)',
    name: 'case-detail',
    component: () => import('@/views/cases/CaseDetailView.vue'),
    meta: { title: 'menu.caseDetail', perm: 'case:read', parent: 'cases', group: 'layout.cases' },
  },
  {
    path: 'execution',
    name: 'execution',
    component: () => import('@/views/execution/ExecutionView.vue'),
    // 处分执行: 案管's county-wide tracker; everyone who reads cases sees those of their scope.
    meta: { title: 'menu.execution', perm: 'case:read', icon: 'execution', group: 'layout.cases' },
  },
  {
    path: 'interview-rooms',
    name: 'interview-rooms',
    component: () => import('@/views/interview-rooms/InterviewRoomsView.vue'),
    meta: { title: 'menu.interviewRooms', perm: 'case:read', icon: 'interviewRooms', group: 'layout.cases' },
  },
  {
    path: 'guidance',
    name: 'guidance',
    component: () => import('@/views/guidance/GuidanceView.vue'),
    // Guidance is between the rooms and the townships: those who handle
    // cases read it; the 审理室 (case:read, case:try) never sees any.
    meta: { title: 'menu.guidance', perm: 'case:handle', icon: 'guidance', group: 'layout.cases' },
  },
  {
    path: 'org',
    name: 'org',
    component: () => import('@/views/org/OrgView.vue'),
    meta: { title: 'menu.org', perm: 'org:read', icon: 'org', group: 'layout.system' },
  },
  {
    path: 'users',
    name: 'users',
    component: () => import('@/views/users/UsersView.vue'),
    meta: { title: 'menu.users', perm: 'user:read', icon: 'users', group: 'layout.system' },
  },
  {
    path: 'account-requests',
    name: 'account-requests',
    component: () => import('@/views/users/AccountRequestsView.vue'),
    meta: { title: 'menu.accountRequests', perm: 'account:approve', icon: 'accountRequests', group: 'layout.system' },
  },
  {
    path: 'sessions',
    name: 'sessions',
    component: () => import('@/views/system/SessionsView.vue'),
    meta: { title: 'menu.sessions', perm: 'session:read', icon: 'sessions', group: 'layout.system' },
  },
  {
    path: 'recusals',
    name: 'recusals',
    component: () => import('@/views/recusals/RecusalsView.vue'),
    meta: { title: 'menu.recusals', perm: 'recusal:manage', icon: 'recusals', group: 'layout.system' },
  },
  {
    path: 'login-log',
    name: 'login-log',
    component: () => import('@/views/system/LoginLogView.vue'),
    meta: { title: 'menu.loginLog', perm: 'login_log:read', icon: 'loginLog', group: 'layout.logs' },
  },
  {
    path: 'audit-log',
    name: 'audit-log',
    component: () => import('@/views/system/AuditLogView.vue'),
    meta: { title: 'menu.auditLog', perm: 'audit:read', icon: 'auditLog', group: 'layout.logs' },
  },
]

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('@/views/ChangePasswordView.vue'),
    meta: { title: 'password.title' },
  },
  { path: '/', component: AdminLayout, children: layoutChildren },
  {
    path: '/:pathMatch(.*)*',
    component: AdminLayout,
    children: [{ path: '', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { title: 'error.notFound' } }],
  },
]

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
})

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  if (!auth.checked) await auth.fetchMe()

  if (to.meta.public) {
    if (auth.loggedIn && !auth.mustChangePassword && to.name === 'login') return { path: '/' }
    return true
  }
  if (!auth.loggedIn) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (auth.mustChangePassword) {
    return to.name === 'change-password' ? true : { name: 'change-password' }
  }
  const dicts = useDictStore()
  if (!dicts.dicts) {
    try {
      await dicts.load()
    } catch {
      /* labels fall back to codes */
    }
  }
  if (to.meta.perm && !auth.hasPerm(to.meta.perm)) return { path: '/' }
  return true
})

export default router
