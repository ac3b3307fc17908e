import { createRouter, createWebHistory } from 'vue-router'
import HomeView from './views/HomeView.vue'
import ReportView from './views/ReportView.vue'
import ReceiptView from './views/ReceiptView.vue'
import FollowView from './views/FollowView.vue'
import StatusView from './views/StatusView.vue'
import { memory } from './state'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (portal). */
    portalTitle?: string
  }
}

// The views are small; one bundle saves round trips on slow phone links.
export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/', name: 'home', component: HomeView },
    { path: '/report', name: 'report', component: ReportView, meta: { portalTitle: 'report.title' } },
    {
      path: '/receipt',
      name: 'receipt',
      component: ReceiptView,
      meta: { portalTitle: 'receipt.title' },
      // The receipt exists only in this page's memory.
      beforeEnter: () => (memory.receipt ? true : { name: 'home' }),
    },
    { path: '/follow', name: 'follow', component: FollowView, meta: { portalTitle: 'follow.title' } },
    {
      path: '/status',
      name: 'status',
      component: StatusView,
      meta: { portalTitle: 'status.title' },
      beforeEnter: () => (memory.session ? true : { name: 'follow' }),
    },
    // The server answers every non-asset path with the portal page.
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
  scrollBehavior: () => ({ top: 0 }),
})
