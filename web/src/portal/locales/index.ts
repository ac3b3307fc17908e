import { createI18n } from 'vue-i18n'
import zhCN, { type PortalMessages } from './zh-CN'
import en from './en'

export type PortalLocale = 'zh-CN' | 'en'

// The choice is not stored anywhere: the portal leaves no trace on the device.
export const i18n = createI18n<[PortalMessages], PortalLocale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function currentLocale(): PortalLocale {
  return i18n.global.locale.value as PortalLocale
}

export function setLocale(l: PortalLocale): void {
  i18n.global.locale.value = l
  document.documentElement.lang = l
  document.title = i18n.global.t('app.title')
}
