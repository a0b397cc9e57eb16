import { nextTick, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from './http';

/**
 * The one way forms show a refusal: per-field messages under their fields, and one message on top
 * (the server's, or "fix the fields marked" when several fields are named: one field's message is
 * enough on its own). The first field at fault gets the focus, so keyboard, screen reader and phone
 * users land on it.
 */
export function useFormErrors() {
  const { t } = useI18n();
  const errors = ref<Record<string, string>>({});
  const message = ref('');

  function clear() {
    errors.value = {};
    message.value = '';
  }

  function show(e: unknown) {
    if (e instanceof ApiError) {
      errors.value = e.fieldErrors;
      const fields = Object.keys(e.fieldErrors).length;
      message.value = fields > 1 ? t('form.fixErrors') : fields === 1 ? '' : e.message;
      if (fields) {
        nextTick(() => {
          const field = document.querySelector('[aria-invalid="true"]') as HTMLElement | null;
          if (field) field.focus();
          else if (fields === 1) message.value = Object.values(e.fieldErrors)[0]; // a field this form does not show
        });
      }
    } else {
      errors.value = {};
      message.value = t('errors.unexpected');
    }
  }

  return { errors, message, clear, show };
}
