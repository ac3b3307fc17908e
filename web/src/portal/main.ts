// The public reporting portal (portal.html): a small app of its own, without
// Element Plus, served by the portal listener.
import { createApp } from 'vue'
import './portal.css'
import App from './App.vue'
import { i18n, currentLocale } from './locales'
import { router } from './router'
import { setApiLocale } from './api'
import { draftTouched, memory } from './state'

setApiLocale(currentLocale)

// Leaving the page loses the draft and the receipt code (both in memory only): ask first.
window.addEventListener('beforeunload', (e) => {
  const receiptUnseen = memory.receipt !== null && router.currentRoute.value.name === 'receipt'
  if (draftTouched() || receiptUnseen) {
    e.preventDefault()
    e.returnValue = ''
  }
})

const app = createApp(App)
app.use(i18n)
app.use(router)
void router.isReady().then(() => app.mount('#app'))
