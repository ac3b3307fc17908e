import { computed, reactive, ref, watch, type Ref } from 'vue'
import type { FormInstance } from 'element-plus'
import { applyFieldError } from '@/api/http'

/**
 * What every form dialog repeats: visibility through v-model, field errors
 * cleared and the form reset when it opens, validation, a saving flag, and
 * the server's 422 `field` shown on that field.
 *
 * `formRef` is the component's own template ref of its el-form (a template
 * ref must be declared in the component).
 * `run(request)` validates (when the form has rules), runs the request and
 * closes the dialog when it succeeds. `onError` may take an error over (it
 * returns true); the field errors are applied in any case.
 */
export function useFormDialog(
  props: { modelValue: boolean },
  setVisible: (v: boolean) => void,
  fields: string[],
  { onOpen = () => {}, formRef }: { onOpen?: () => void; formRef?: Ref<FormInstance | undefined> } = {},
) {
  const visible = computed({ get: () => props.modelValue, set: setVisible })
  const fieldErrors = reactive<Record<string, string>>(Object.fromEntries(fields.map((f) => [f, ''])))
  const saving = ref(false)
  const clearErrors = () => {
    for (const k of Object.keys(fieldErrors)) fieldErrors[k] = ''
  }

  watch(
    () => props.modelValue,
    (v) => {
      if (!v) return
      onOpen()
      clearErrors()
      formRef?.value?.clearValidate()
    },
  )

  async function run(request: () => Promise<void>, onError?: (e: unknown) => boolean): Promise<boolean> {
    clearErrors()
    const form = formRef?.value
    if (form && !(await form.validate().catch(() => false))) return false
    saving.value = true
    try {
      await request()
      visible.value = false
      return true
    } catch (e) {
      applyFieldError(e, fieldErrors)
      if (onError?.(e)) visible.value = false
      return false
    } finally {
      saving.value = false
    }
  }

  return { visible, fieldErrors, saving, run }
}
