import { ElMessageBox } from 'element-plus'
import { i18n } from '@/locales'

/** A warning confirm box in the current language; resolves false on cancel. */
export async function confirmAction(message: string): Promise<boolean> {
  const t = i18n.global.t
  try {
    await ElMessageBox.confirm(message, t('common.confirmTitle'), {
      type: 'warning',
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
    })
    return true
  } catch {
    return false
  }
}

export function alertError(message: string, title: string): void {
  void ElMessageBox.alert(message, title, { type: 'error', confirmButtonText: i18n.global.t('common.confirm') }).catch(() => {})
}
