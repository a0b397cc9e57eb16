import { api } from '@/shared/http';

export const REPORT_REASONS = ['spam', 'hate', 'harassment', 'violence', 'illegal', 'personal-data', 'other'] as const;

export interface Report {
  id: string;
  targetType: string;
  targetId: string;
  groupId: string;
  groupName: string | null;
  groupSlug: string | null;
  groupStatus: string | null;
  messageSubject: string | null;
  messageBody: string | null;
  eventId: string | null;
  eventTitle: string | null;
  eventSlug: string | null;
  eventStatus: string | null;
  authorId: string | null;
  authorName: string | null;
  reason: string;
  text: string | null;
  anonymous: boolean;
  status: string;
  createdAt: string;
}

export interface AuditEntry {
  actor: string | null;
  action: string;
  targetType: string;
  targetId: string;
  reason: string | null;
  createdAt: string;
  /** What the act is about, by name (null once erased), and its page. */
  targetName: string | null;
  targetPath: string | null;
}

export const moderationApi = {
  report: (targetType: string, targetId: string, reason: string, text: string) =>
    api<void>('POST', '/api/reports', { targetType, targetId, reason, text: text || undefined }),
  queue: () => api<Report[]>('GET', '/api/admin/reports'),
  close: (id: string, reason: string) => api<void>('POST', `/api/admin/reports/${encodeURIComponent(id)}/close`, { reason }),
  hideGroup: (id: string, reason: string) => api<void>('POST', `/api/admin/groups/${encodeURIComponent(id)}/hide`, { reason }),
  restoreGroup: (id: string, reason: string) => api<void>('POST', `/api/admin/groups/${encodeURIComponent(id)}/restore`, { reason }),
  hideEvent: (id: string, reason: string) => api<void>('POST', `/api/admin/events/${encodeURIComponent(id)}/hide`, { reason }),
  restoreEvent: (id: string, reason: string) => api<void>('POST', `/api/admin/events/${encodeURIComponent(id)}/restore`, { reason }),
  ban: (personId: string, reason: string) => api<void>('POST', `/api/admin/people/${encodeURIComponent(personId)}/ban`, { reason }),
  audit: () => api<AuditEntry[]>('GET', '/api/admin/audit'),
};
