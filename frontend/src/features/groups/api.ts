import { api } from '@/shared/http';

export interface GroupSummary {
  id: string;
  slug: string;
  name: string;
  type: string;
  typeLabel: string;
  commune: string;
  departement: string;
  lat: number;
  lng: number;
  precision: string;
  memberCount: number;
  distanceKm: number | null;
}

export interface Group extends GroupSummary {
  description: string;
  descriptionHtml: string;
  postalCode: string;
  inseeCode: string;
  address: string | null;
  contactEmail: string | null;
  managers: string[];
  createdAt: string;
  myRole: 'FOUNDER' | 'MANAGER' | 'MEMBER' | null;
  myShareContact: boolean | null;
  permissions: string[];
  /** Hidden by the moderation: only admins and its managers see it, with the reason. */
  hidden: boolean;
  hiddenReason: string | null;
}

export interface GroupCommand {
  name?: string;
  type?: string;
  description?: string;
  postalCode?: string;
  inseeCode?: string;
  address?: string;
  lat?: number;
  lng?: number;
  contactEmail?: string;
}

export interface Member {
  id: string;
  firstName: string;
  lastName: string;
  role: 'FOUNDER' | 'MANAGER' | 'MEMBER';
  shareContact: boolean;
  email: string | null;
  phone: string | null;
  joinedAt: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
  totalCapped: boolean;
}

export interface GroupQuery {
  near?: string;
  radiusKm?: number;
  type?: string;
  q?: string;
  page?: number;
  size?: number;
}

export const groupsApi = {
  search(query: GroupQuery) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
    return api<Page<GroupSummary>>('GET', `/api/groups?${params}`);
  },
  get: (idOrSlug: string) => api<Group>('GET', `/api/groups/${encodeURIComponent(idOrSlug)}`),
  create: (cmd: GroupCommand) => api<{ id: string; slug: string }>('POST', '/api/groups', cmd),
  update: (id: string, cmd: GroupCommand) => api<Group>('PATCH', `/api/groups/${encodeURIComponent(id)}`, cmd),
  join: (id: string, shareContact: boolean) => api<unknown>('POST', `/api/groups/${encodeURIComponent(id)}/membership`, { shareContact }),
  setShareContact: (id: string, shareContact: boolean) =>
    api<unknown>('PATCH', `/api/groups/${encodeURIComponent(id)}/membership`, { shareContact }),
  leave: (id: string) => api<void>('DELETE', `/api/groups/${encodeURIComponent(id)}/membership`),
  members: (id: string) => api<Member[]>('GET', `/api/groups/${encodeURIComponent(id)}/members`),
  setRole: (id: string, memberId: string, role: string) =>
    api<void>('PATCH', `/api/groups/${encodeURIComponent(id)}/members/${encodeURIComponent(memberId)}`, { role }),
  remove: (id: string, memberId: string) =>
    api<void>('DELETE', `/api/groups/${encodeURIComponent(id)}/members/${encodeURIComponent(memberId)}`),
  mine: () => api<GroupSummary[]>('GET', '/api/me/groups'),
};
