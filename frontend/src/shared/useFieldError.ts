import { computed, ref, watch, type Ref } from 'vue';

/**
 * A field's error as shown: the message the form gave, until the person changes the field (then
 * it is theirs to fix, and the stale message goes). A new message (after the next submit, which
 * clears the errors first) shows again.
 */
export function useFieldError(error: () => string | undefined, model: Ref<unknown>) {
  const edited = ref(false);
  watch(error, () => {
    edited.value = false;
  });
  watch(model, () => {
    if (error()) edited.value = true;
  });
  return computed(() => (edited.value ? undefined : error()));
}
