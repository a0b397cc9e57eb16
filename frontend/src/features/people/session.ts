import { ref } from 'vue';
import { peopleApi, type Me } from './api';

/** The signed-in supporter, shared by the header and the pages; null when nobody is signed in. */
export const currentUser = ref<Me | null>(null);
export const sessionChecked = ref(false);
/** "needed" when the person has an authenticator app and this session has not yet proved it. */
export const secondFactor = ref<'none' | 'needed' | 'done' | null>(null);

export async function refreshSession(): Promise<Me | null> {
  try {
    const session = await peopleApi.session();
    currentUser.value = session.me;
    secondFactor.value = session.secondFactor;
  } finally {
    sessionChecked.value = true;
  }
  return currentUser.value;
}

export function setCurrentUser(me: Me | null): void {
  currentUser.value = me;
  sessionChecked.value = true;
}

/** Where a sign-in leads: the code of the authenticator app first when the person has one, else their space. */
export async function afterSignIn(me: Me, push: (to: { name: string; query?: Record<string, string> }) => Promise<unknown>): Promise<void> {
  setCurrentUser(me);
  await refreshSession().catch(() => undefined);
  await push(secondFactor.value === 'needed' ? { name: 'second-factor', query: { next: '/mon-espace' } } : { name: 'me' });
}
