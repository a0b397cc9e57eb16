import { api } from '@/shared/http';
import type { Schemas } from '@/shared/schema';

/** A page of the signed-in supporter's feed, newest first, with the bell's figure. */
export type FeedPage = Schemas['ActivityService.Page'];
export type FeedEntry = Schemas['ActivityService.Entry'];
/** How they hear of each kind of news, and the groups they muted. */
export type Preferences = Schemas['NotificationPreferences.View'];
export type MailChoice = 'immediate' | 'daily' | 'weekly' | 'off';
/** What a mail's stop link turned off. */
export type Stopped = Schemas['NotificationPreferences.Stopped'];

export const activityApi = {
  feed: (before?: number, size = 20) =>
    api<FeedPage>('GET', `/api/me/activity?size=${size}${before ? `&before=${before}` : ''}`),
  unread: () => api<{ unread: number }>('GET', '/api/me/activity/unread'),
  markRead: (upTo?: number) => api<{ unread: number }>('POST', '/api/me/activity/read', upTo ? { upTo } : {}),
  preferences: () => api<Preferences>('GET', '/api/me/notifications'),
  choose: (kind: string, mail: MailChoice) => api<Preferences>('PUT', `/api/me/notifications/${encodeURIComponent(kind)}`, { mail }),
  choosePush: (kind: string, push: boolean) => api<Preferences>('PUT', `/api/me/notifications/${encodeURIComponent(kind)}`, { push }),
  mute: (group: string) => api<Preferences>('PUT', `/api/me/notifications/muted/${encodeURIComponent(group)}`, {}),
  unmute: (group: string) => api<Preferences>('DELETE', `/api/me/notifications/muted/${encodeURIComponent(group)}`),
  /** The link's parts go in the body: nothing of it in an address a proxy would log. */
  stop: (m: string, k: string, t: string) => api<Stopped>('POST', '/api/notifications/stop', { m, k, t }),
};
