import { computed, ref, watch, type ComputedRef } from 'vue';
import { currentUser } from '@/features/people/session';
import { referralsApi } from './api';

/** The signed-in supporter's code, asked once per session and person. */
const mine = ref<{ person: string; code: string } | null>(null);
let asking: Promise<void> | null = null;

function ask(person: string) {
  if (asking || mine.value?.person === person) return;
  asking = referralsApi.mine()
    .then((r) => { if (currentUser.value?.id === person) mine.value = { person, code: r.code }; })
    .catch(() => undefined) // the page's own link is shared then: sharing never fails for this
    .finally(() => { asking = null; });
}

/**
 * A page's address to share: with the supporter's own ?ref= code when they are signed in (their
 * share counts for them), the plain address otherwise.
 */
export function useShareLink(url: () => string): ComputedRef<string> {
  watch(() => currentUser.value?.id, (person) => { if (person) ask(person); }, { immediate: true });
  return computed(() => {
    const plain = url();
    const me = currentUser.value;
    if (!plain || !me || mine.value?.person !== me.id) return plain;
    const link = new URL(plain);
    link.searchParams.set('ref', mine.value.code);
    return link.toString();
  });
}
