import { computed, ref, watch, type ComputedRef } from 'vue';
import { currentUser } from '@/features/people/session';
import { referralsApi } from './api';

/** The signed-in supporter's code if they made one (asking makes none), asked once per page load and person. */
const mine = ref<{ person: string; code: string } | null>(null);
let asking: Promise<void> | null = null;

function ask(person: string) {
  if (asking || mine.value?.person === person) return;
  asking = referralsApi.mine()
    .then((r) => { if (currentUser.value?.id === person && r.code) mine.value = { person, code: r.code }; })
    .catch(() => undefined) // the page's own link is shared then: sharing never fails for this
    .finally(() => { asking = null; });
}

/**
 * A page's address to share: with the supporter's own ?ref= code when they are signed in and made one
 * (on "Mon espace": their shares count for them), the plain address otherwise.
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

/** After the supporter made or dropped their code on "Mon espace": the share sheets follow. */
export function setMyCode(person: string, code: string | null): void {
  mine.value = code ? { person, code } : null;
}
