import { api } from '@/shared/http';
import { visitSource } from '@/features/referrals/attribution';
import type { paths } from '@/shared/api-schema';
import type { Schemas } from '@/shared/schema';

/** An action's date. */
export type Occurrence = Schemas['OccurrenceView'];
export type GroupRef = Schemas['EventView.GroupRef'];
/** An action with its dates, as its page shows it. */
export type EventDetail = Schemas['EventView'];
/** A date of an action in a list or on the map. */
export type EventSummary = Schemas['EventSummary'];
/** What an organizer writes; on PATCH, only what changes. */
export type EventCommand = Schemas['EventCommand'];
export type Participant = Schemas['Participant'];
/** A guest's answer, read or changed with its signed link. */
export type GuestAnswer = Schemas['RsvpService.GuestRsvpView'];
/** An answer as the reminder's and follow-up's signed links show it. */
export type ReplyAnswer = Schemas['RsvpReplies.ReplyView'];
/** A date's figures for its managers. */
export type Attendance = Schemas['RsvpReplies.Attendance'];
/** The search of actions: GET /api/events' query. */
export type EventQuery = NonNullable<paths['/api/events']['get']['parameters']['query']>;

export function queryString(q: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

export type CohostInvitation = Schemas['EventService.CohostInvitation'];

/** A feed's address for calendar apps: webcal:// asks the device's calendar to subscribe (and keep it up to date). */
export function webcal(path: string): string {
  return `webcal://${window.location.host}${path.startsWith('/') ? path : new URL(path).pathname + new URL(path).search}`;
}

export const eventsApi = {
  cohostInvitations: (group: string) => api<CohostInvitation[]>('GET', `/api/groups/${enc(group)}/cohost-invitations`),
  answerCohostInvitation: (group: string, event: string, accept: boolean) =>
    api<void>('PUT', `/api/groups/${enc(group)}/cohost-invitations/${enc(event)}`, { accept }),
  search: (q: EventQuery) => api<Schemas['EventFinderController.EventPage']>('GET', `/api/events${queryString(q)}`),
  get: (idOrSlug: string) => api<EventDetail>('GET', `/api/events/${enc(idOrSlug)}`),
  create: (group: string, c: EventCommand) => api<Schemas['EventController.Created']>('POST', `/api/groups/${enc(group)}/events`, c),
  update: (id: string, c: EventCommand) => api<EventDetail>('PATCH', `/api/events/${enc(id)}`, c),
  cancel: (id: string) => api<void>('POST', `/api/events/${enc(id)}/cancel`, {}),
  cancelDate: (occurrence: string) => api<void>('POST', `/api/occurrences/${enc(occurrence)}/cancel`, {}),
  moveDate: (occurrence: string, start: string, end: string) => api<void>('PATCH', `/api/occurrences/${enc(occurrence)}`, { start, end }),
  rsvp: (occurrence: string, shareContact: boolean) => api<unknown>('POST', `/api/occurrences/${enc(occurrence)}/rsvp`, { shareContact, source: visitSource() }),
  unrsvp: (occurrence: string) => api<unknown>('DELETE', `/api/occurrences/${enc(occurrence)}/rsvp`),
  guestRsvp: (occurrence: string, name: string, email: string, shareContact: boolean) =>
    api<void>('POST', `/api/occurrences/${enc(occurrence)}/guest-rsvp`, { name, email, shareContact, source: visitSource() }),
  replyView: (id: string, signature: string) => api<ReplyAnswer>('POST', '/api/rsvp/reply/view', { id, signature }),
  reply: (id: string, signature: string, coming: boolean) => api<ReplyAnswer>('POST', '/api/rsvp/reply', { id, signature, coming }),
  came: (id: string, signature: string, came: boolean) => api<ReplyAnswer>('POST', '/api/rsvp/came', { id, signature, came }),
  cameToDate: (occurrence: string, came: boolean) => api<void>('POST', `/api/occurrences/${enc(occurrence)}/came`, { came }),
  confirmGuest: (token: string) => api<GuestAnswer>('POST', '/api/rsvp/confirm', { token }),
  guestView: (id: string, signature: string) => api<GuestAnswer>('POST', '/api/rsvp/view', { id, signature }),
  guestCancel: (id: string, signature: string) => api<GuestAnswer>('POST', '/api/rsvp/cancel', { id, signature }),
  writeReport: (occurrence: string, text: string) => api<void>('PUT', `/api/occurrences/${enc(occurrence)}/report`, { text }),
  attendance: (occurrence: string) => api<Attendance>('GET', `/api/occurrences/${enc(occurrence)}/attendance`),
  participants: (occurrence: string) => api<Participant[]>('GET', `/api/occurrences/${enc(occurrence)}/participants`),
  setAttended: (occurrence: string, rsvp: string, attended: boolean) =>
    api<void>('PATCH', `/api/occurrences/${enc(occurrence)}/participants/${enc(rsvp)}`, { attended }),
  mine: () => api<EventSummary[]>('GET', '/api/me/events'),
  feed: () => api<Schemas['CalendarController.FeedView']>('GET', '/api/me/calendar-feed'),
  renewFeed: () => api<Schemas['CalendarController.FeedView']>('POST', '/api/me/calendar-feed', {}),
  deleteFeed: () => api<void>('DELETE', '/api/me/calendar-feed'),
};
