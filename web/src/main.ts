import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { i18n, currentLocale } from './locales'
import { router } from './router'
import { configureHttp } from './api/http'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)

const auth = useAuthStore(pinia)
configureHttp({
  csrfToken: () => auth.csrfToken,
  locale: () => currentLocale(),
  onUnauthenticated: () => {
    auth.clear()
    const cur = router.currentRoute.value
    if (cur.name !== 'login') {
      void router.replace({ name: 'login', query: cur.fullPath && cur.fullPath !== '/' ? { redirect: cur.fullPath } : {} })
    }
  },
  onPasswordChangeRequired: () => {
    auth.mustChangePassword = true
    if (router.currentRoute.value.name !== 'change-password') void router.replace({ name: 'change-password' })
  },
})

document.documentElement.lang = currentLocale()
app.use(router)
void router.isReady().then(() => app.mount('#app'))
