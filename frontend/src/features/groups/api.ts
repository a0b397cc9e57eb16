import { api } from '@/shared/http';
import { visitSource } from '@/features/referrals/attribution';
import type { paths } from '@/shared/api-schema';
import type { Schemas } from '@/shared/schema';

/** A group in a list or on the map. */
export type GroupSummary = Schemas['GroupSummary'];
/** A page of a group's messages as its members read them. */
export type MessagePage = Schemas['GroupMessageService.MessagePage'];
/** A group's page: what it is, and what the caller may do there (`permissions`, `myRole`). */
export type Group = Schemas['GroupView'];
/** What a founder writes; on PATCH, only what changes. */
export type GroupCommand = Schemas['GroupCommand'];
export type Member = Schemas['MemberView'];
export type { Page } from '@/shared/schema';
/** The search of groups: GET /api/groups' query. */
export type GroupQuery = NonNullable<paths['/api/groups']['get']['parameters']['query']>;

export const groupsApi = {
  search(query: GroupQuery) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
    return api<Schemas['GroupController.GroupPage']>('GET', `/api/groups?${params}`);
  },
  get: (idOrSlug: string) => api<Group>('GET', `/api/groups/${encodeURIComponent(idOrSlug)}`),
  create: (cmd: GroupCommand) => api<Schemas['GroupController.Created']>('POST', '/api/groups', cmd),
  update: (id: string, cmd: GroupCommand) => api<Group>('PATCH', `/api/groups/${encodeURIComponent(id)}`, cmd),
  join: (id: string, shareContact: boolean) => api<unknown>('POST', `/api/groups/${encodeURIComponent(id)}/membership`, { shareContact, source: visitSource() }),
  setShareContact: (id: string, shareContact: boolean) =>
    api<unknown>('PATCH', `/api/groups/${encodeURIComponent(id)}/membership`, { shareContact }),
  leave: (id: string) => api<void>('DELETE', `/api/groups/${encodeURIComponent(id)}/membership`),
  members: (id: string) => api<Member[]>('GET', `/api/groups/${encodeURIComponent(id)}/members`),
  setRole: (id: string, memberId: string, role: string) =>
    api<void>('PATCH', `/api/groups/${encodeURIComponent(id)}/members/${encodeURIComponent(memberId)}`, { role }),
  remove: (id: string, memberId: string) =>
    api<void>('DELETE', `/api/groups/${encodeURIComponent(id)}/members/${encodeURIComponent(memberId)}`),
  mine: () => api<GroupSummary[]>('GET', '/api/me/groups'),
  /** Managers write to every member; answers how many it went to. */
  messages: (id: string, page = 1) => api<MessagePage>('GET', `/api/groups/${encodeURIComponent(id)}/messages?page=${page}`),
  message: (id: string, subject: string, body: string) =>
    api<Schemas['GroupController.Sent']>('POST', `/api/groups/${encodeURIComponent(id)}/messages`, { subject, body }),
};
