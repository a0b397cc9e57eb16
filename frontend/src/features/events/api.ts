import { api } from '@/shared/http';
import type { Page } from '@/features/groups/api';

export interface Occurrence {
  id: string;
  start: string;
  end: string;
  state: 'ON' | 'CANCELLED' | 'HIDDEN';
  moved: boolean;
  past: boolean;
  rsvpCount: number;
  attendedCount: number;
  full: boolean;
  going: boolean | null;
}

export interface GroupRef {
  id: string;
  slug: string;
  name: string;
}

export interface EventDetail {
  id: string;
  slug: string;
  title: string;
  type: string;
  typeLabel: string;
  description: string;
  descriptionHtml: string;
  group: GroupRef;
  cohosts: GroupRef[];
  /** For the action's managers: groups asked to co-organise that have not said yes. */
  invitedCohosts: { group: GroupRef; status: 'PENDING' | 'DECLINED' }[];
  /** Hidden by the moderation (itself or its group): only admins and the group's managers see it, with the reason. */
  hidden: boolean;
  hiddenReason: string | null;
  /** 'manual' when the organizer placed the pin, else how precise the commune's point is. */
  precision: string | null;
  timeZone: string;
  start: string;
  end: string;
  allDay: boolean;
  recurrence: string | null;
  /** The repetition in words ("tous les mardis"), when there is one the server can say. */
  recurrenceLabel: string | null;
  online: boolean;
  onlineUrl: string | null;
  address: string | null;
  postalCode: string | null;
  inseeCode: string | null;
  commune: string | null;
  departement: string | null;
  lat: number | null;
  lng: number | null;
  capacity: number | null;
  status: 'PUBLISHED' | 'CANCELLED' | 'HIDDEN';
  createdAt: string;
  canManage: boolean;
  occurrences: Occurrence[];
}

export interface EventSummary {
  occurrenceId: string;
  slug: string;
  title: string;
  type: string;
  typeLabel: string;
  start: string;
  end: string;
  allDay: boolean;
  state: 'ON' | 'CANCELLED';
  online: boolean;
  commune: string | null;
  departement: string | null;
  lat: number | null;
  lng: number | null;
  groupName: string;
  groupSlug: string;
  rsvpCount: number;
  capacity: number | null;
  distanceKm: number | null;
  recurrenceLabel: string | null;
}

export interface EventCommand {
  title?: string;
  type?: string;
  description?: string;
  start?: string;
  end?: string;
  allDay?: boolean;
  recurrence?: string;
  online?: boolean;
  onlineUrl?: string;
  address?: string;
  postalCode?: string;
  inseeCode?: string;
  lat?: number;
  lng?: number;
  capacity?: number;
  cohosts?: string[];
}

export interface Participant {
  rsvpPublicId: string;
  firstName: string;
  lastName: string | null;
  guest: boolean;
  shareContact: boolean;
  email: string | null;
  phone: string | null;
  attended: boolean;
  answeredAt: string;
}

export interface GuestAnswer {
  id: string;
  status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
  eventSlug: string;
  title: string;
  start: string;
  end: string;
  occurrenceState: string;
}

export interface EventQuery {
  near?: string;
  radiusKm?: number;
  from?: string;
  to?: string;
  type?: string;
  group?: string;
  sort?: 'date' | 'distance';
  page?: number;
  size?: number;
}

export function queryString(q: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

export interface CohostInvitation {
  eventId: string;
  slug: string;
  title: string;
  start: string;
  timeZone: string;
  by: GroupRef;
  status: 'PENDING' | 'ACCEPTED';
}

/** A feed's address for calendar apps: webcal:// asks the device's calendar to subscribe (and keep it up to date). */
export function webcal(path: string): string {
  return `webcal://${window.location.host}${path.startsWith('/') ? path : new URL(path).pathname + new URL(path).search}`;
}

export const eventsApi = {
  cohostInvitations: (group: string) => api<CohostInvitation[]>('GET', `/api/groups/${enc(group)}/cohost-invitations`),
  answerCohostInvitation: (group: string, event: string, accept: boolean) =>
    api<void>('PUT', `/api/groups/${enc(group)}/cohost-invitations/${enc(event)}`, { accept }),
  search: (q: EventQuery) => api<Page<EventSummary>>('GET', `/api/events${queryString(q)}`),
  get: (idOrSlug: string) => api<EventDetail>('GET', `/api/events/${enc(idOrSlug)}`),
  create: (group: string, c: EventCommand) => api<{ id: string; slug: string }>('POST', `/api/groups/${enc(group)}/events`, c),
  update: (id: string, c: EventCommand) => api<EventDetail>('PATCH', `/api/events/${enc(id)}`, c),
  cancel: (id: string) => api<void>('POST', `/api/events/${enc(id)}/cancel`, {}),
  cancelDate: (occurrence: string) => api<void>('POST', `/api/occurrences/${enc(occurrence)}/cancel`, {}),
  moveDate: (occurrence: string, start: string, end: string) => api<void>('PATCH', `/api/occurrences/${enc(occurrence)}`, { start, end }),
  rsvp: (occurrence: string, shareContact: boolean) => api<unknown>('POST', `/api/occurrences/${enc(occurrence)}/rsvp`, { shareContact }),
  unrsvp: (occurrence: string) => api<unknown>('DELETE', `/api/occurrences/${enc(occurrence)}/rsvp`),
  guestRsvp: (occurrence: string, name: string, email: string, shareContact: boolean) =>
    api<void>('POST', `/api/occurrences/${enc(occurrence)}/guest-rsvp`, { name, email, shareContact }),
  confirmGuest: (token: string) => api<GuestAnswer>('POST', '/api/rsvp/confirm', { token }),
  guestView: (id: string, signature: string) => api<GuestAnswer>('POST', '/api/rsvp/view', { id, signature }),
  guestCancel: (id: string, signature: string) => api<GuestAnswer>('POST', '/api/rsvp/cancel', { id, signature }),
  participants: (occurrence: string) => api<Participant[]>('GET', `/api/occurrences/${enc(occurrence)}/participants`),
  setAttended: (occurrence: string, rsvp: string, attended: boolean) =>
    api<void>('PATCH', `/api/occurrences/${enc(occurrence)}/participants/${enc(rsvp)}`, { attended }),
  mine: () => api<EventSummary[]>('GET', '/api/me/events'),
  feed: () => api<{ url: string | null; createdAt: string | null }>('GET', '/api/me/calendar-feed'),
  renewFeed: () => api<{ url: string | null; createdAt: string | null }>('POST', '/api/me/calendar-feed', {}),
  deleteFeed: () => api<void>('DELETE', '/api/me/calendar-feed'),
};
