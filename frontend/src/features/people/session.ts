import { ref } from 'vue';
import { peopleApi, type Me } from './api';

/** The signed-in supporter, shared by the header and the pages; null when nobody is signed in. */
export const currentUser = ref<Me | null>(null);
export const sessionChecked = ref(false);

export async function refreshSession(): Promise<Me | null> {
  try {
    currentUser.value = (await peopleApi.session()).me;
  } finally {
    sessionChecked.value = true;
  }
  return currentUser.value;
}

export function setCurrentUser(me: Me | null): void {
  currentUser.value = me;
  sessionChecked.value = true;
}
