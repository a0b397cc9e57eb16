import { ref } from 'vue';
import { activityApi } from './api';

/** The bell's figure, shared by the header and the feed (which clears it once read). */
export const unreadCount = ref(0);

/** Asks the server again (on each page change while signed in); a failure leaves the figure as it was. */
export async function refreshUnread(): Promise<void> {
  try {
    unreadCount.value = (await activityApi.unread()).unread;
  } catch {
    /* signed out meanwhile, or offline: the next page asks again */
  }
}
