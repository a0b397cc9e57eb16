import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from './http';

/**
 * The one way forms show a refusal: per-field messages under their fields, and one message on top
 * (the server's, or "fix the fields marked" when fields are named).
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
      message.value = Object.keys(e.fieldErrors).length ? t('form.fixErrors') : e.message;
    } else {
      errors.value = {};
      message.value = t('errors.unexpected');
    }
  }

  return { errors, message, clear, show };
}
