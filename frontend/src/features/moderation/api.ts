import { api } from '@/shared/http';
import type { Schemas } from '@/shared/schema';

export const REPORT_REASONS = ['spam', 'hate', 'harassment', 'violence', 'illegal', 'personal-data', 'other'] as const;

/** A report in the moderation queue, with what it is about. */
export type Report = Schemas['ReportView'];
/** An act of moderation, for the audit trail. */
export type AuditEntry = Schemas['AuditView'];

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
