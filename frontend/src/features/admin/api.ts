import { api, apiBytes, apiDownload } from '@/shared/http';

/** One node of a segment's rule tree, as the server reads it (see SegmentRule.java). */
export interface SegmentRule {
  op?: 'and' | 'or' | 'not';
  rules?: SegmentRule[];
  field?: CriterionField;
  values?: string[];
  min?: number;
  max?: number;
  from?: string;
  to?: string;
  withinDays?: number;
  postalCode?: string;
  lat?: number;
  lng?: number;
  radiusKm?: number;
  value?: boolean;
  role?: 'member' | 'manager';
}

export const CRITERIA = [
  'age', 'departement', 'region', 'commune', 'postalCode', 'near', 'interest', 'tag', 'group',
  'attended', 'rsvp', 'signup', 'lastActivity', 'emailConsent', 'status', 'source',
] as const;
export type CriterionField = (typeof CRITERIA)[number] | 'person';

export interface TagRef { id: number; name: string }
export interface GroupRef { slug: string; name: string; role: string }

export interface ContactRow {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  postalCode: string;
  commune: string | null;
  departement: string | null;
  age: number | null;
  interests: string[];
  tags: TagRef[];
  groups: GroupRef[];
  attended: number;
  createdAt: string;
  source: string;
  lastActiveAt: string | null;
  emailConsent: boolean;
  status: 'CONFIRMED' | 'PENDING' | 'CONTACT' | 'BANNED';
}

export interface ContactPage { items: ContactRow[]; total: number; page: number; size: number; maxRows: number }

export interface HistoryEntry {
  at: string;
  kind: 'created' | 'confirmed' | 'consent' | 'consentWithdrawn' | 'joined' | 'rsvp' | 'attended' | 'tagged' | 'audit';
  label: string;
  detail: string | null;
  link: string | null;
  actor: string | null;
}

export interface Consent { purpose: string; version: string; locale: string; wording: string; givenAt: string; withdrawnAt: string | null }

export interface ContactDetail {
  contact: ContactRow;
  birthDate: string | null;
  inseeCode: string | null;
  locale: string;
  confirmedAt: string | null;
  emailConsentAt: string | null;
  admin: boolean;
  territories: string[];
  consents: Consent[];
  history: HistoryEntry[];
}

export interface ContactUpdate {
  email?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  birthDate?: string;
  postalCode?: string;
  inseeCode?: string;
  interests?: string[];
  emailConsent?: boolean;
}

/** Whom a request is about: listed people, or everyone a search (text, rule, saved segment) selects. */
export interface Selection {
  people?: string[];
  q?: string;
  rule?: SegmentRule;
  segment?: string;
  sort?: string;
  descending?: boolean;
  page?: number;
  size?: number;
}

export interface Tag { id: number; name: string; count: number }
export interface Access {
  at: string;
  actorKind: 'staff' | 'self' | 'retention' | 'erased';
  actor: string | null;
  actorId: string | null;
  action: 'person.view' | 'person.update' | 'person.territories' | 'person.secondFactorPermit' | 'person.erase' | 'export.start' | 'import.start' | 'people.search';
  targetType: string;
  targetId: string;
  target: string | null;
  detail: string | null;
}
export interface AccessPage { items: Access[]; total: number; page: number; size: number }
export interface Segment { id: string; name: string; rule: SegmentRule; createdBy: string | null; createdAt: string; updatedAt: string }
export interface StaffMe { admin: boolean; departements: string[] }
export interface Departement { code: string; name: string; region: string }

export type CampaignStatus = 'DRAFT' | 'SCHEDULED' | 'SENDING' | 'SENT' | 'CANCELLED';

export interface Campaign {
  id: string;
  subject: string;
  body: string;
  locale: 'fr' | 'en';
  segment: string | null;
  segmentName: string | null;
  rule: SegmentRule | null;
  status: CampaignStatus;
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  recipients: number;
  waiting: number;
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CampaignDraft { subject: string; body: string; locale: string; segment?: string; rule?: SegmentRule }
export interface CampaignPreview { subject: string; html: string; text: string; bodyHtml: string; recipients: number }

export const IMPORT_FIELDS = ['email', 'firstName', 'lastName', 'phone', 'postalCode', 'commune', 'birthDate', 'interests', 'tags', 'emailConsent'] as const;
export const EXPORT_COLUMNS = ['firstName', 'lastName', 'email', 'phone', 'postalCode', 'commune', 'departement', 'birthDate', 'age',
  'interests', 'tags', 'groups', 'attended', 'createdAt', 'source', 'lastActiveAt', 'emailConsent', 'status'] as const;

export interface ImportOptions { mapping: Record<string, string>; duplicates: 'update' | 'skip'; tag?: string }
export interface LineError { line: number; message: string }
export interface ImportSummary { valid: number; create: number; update: number; skip: number; refused: number; errors: LineError[] }
export interface ContactImport {
  id: string;
  fileName: string;
  status: 'UPLOADING' | 'UPLOADED' | 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  rows: number;
  charset: string | null;
  delimiter: string | null;
  header: string[];
  sample: string[][];
  options: ImportOptions | null;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  refused: number;
  errors: LineError[];
  summary: ImportSummary | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Dashboard {
  supporters: { month: string; value: number }[];
  supportersTotal: { month: string; value: number }[];
  groups: { month: string; value: number }[];
  actions: { month: string; value: number }[];
  departements: { key: string; label: string | null; value: number }[];
  sources: { key: string; label: string | null; value: number }[];
  funnel: { signedUp: number; confirmed: number; members: number; attended: number };
  computedAt: string;
}

/** The API takes no body over 64 KB: files go up in pieces of 48 KB. */
export const PIECE = 48 * 1024;

export const adminApi = {
  secondFactorPermit: (id: string) =>
    api<{ code: string; expiresAt: string }>('POST', `/api/admin/people/${encodeURIComponent(id)}/second-factor-permit`, {}),
  me: () => api<StaffMe>('GET', '/api/admin/me'),
  accessLog: (page: number, actor?: string) =>
    api<AccessPage>('GET', `/api/admin/access-log?page=${page}${actor ? `&actor=${encodeURIComponent(actor)}` : ''}`),
  erasePerson: (id: string) => api<void>('DELETE', `/api/admin/people/${encodeURIComponent(id)}`),
  search: (s: Selection) => api<ContactPage>('POST', '/api/admin/people/search', s),
  count: (s: Selection) => api<{ count: number }>('POST', '/api/admin/segments/count', s),
  person: (id: string) => api<ContactDetail>('GET', `/api/admin/people/${encodeURIComponent(id)}`),
  update: (id: string, body: ContactUpdate) => api<ContactDetail>('PATCH', `/api/admin/people/${encodeURIComponent(id)}`, body),
  setTerritories: (id: string, departements: string[]) =>
    api<{ departements: string[] }>('PUT', `/api/admin/people/${encodeURIComponent(id)}/territories`, { departements }),
  tags: () => api<Tag[]>('GET', '/api/admin/tags'),
  createTag: (name: string) => api<Tag>('POST', '/api/admin/tags', { name }),
  renameTag: (id: number, name: string) => api<void>('PATCH', `/api/admin/tags/${id}`, { name }),
  mergeTag: (id: number, into: number) => api<void>('POST', `/api/admin/tags/${id}/merge`, { into }),
  deleteTag: (id: number) => api<void>('DELETE', `/api/admin/tags/${id}`),
  applyTag: (id: number, s: Selection) => api<{ count: number }>('POST', `/api/admin/tags/${id}/apply`, s),
  removeTag: (id: number, s: Selection) => api<{ count: number }>('POST', `/api/admin/tags/${id}/remove`, s),
  segments: () => api<Segment[]>('GET', '/api/admin/segments'),
  saveSegment: (name: string, rule: SegmentRule) => api<Segment>('POST', '/api/admin/segments', { name, rule }),
  updateSegment: (id: string, name: string, rule: SegmentRule) => api<Segment>('PUT', `/api/admin/segments/${encodeURIComponent(id)}`, { name, rule }),
  deleteSegment: (id: string) => api<void>('DELETE', `/api/admin/segments/${encodeURIComponent(id)}`),
  departements: () => api<Departement[]>('GET', '/api/geo/departements'),
  campaigns: () => api<Campaign[]>('GET', '/api/admin/campaigns'),
  campaign: (id: string) => api<Campaign>('GET', `/api/admin/campaigns/${encodeURIComponent(id)}`),
  createCampaign: (d: CampaignDraft) => api<Campaign>('POST', '/api/admin/campaigns', d),
  updateCampaign: (id: string, d: CampaignDraft) => api<Campaign>('PUT', `/api/admin/campaigns/${encodeURIComponent(id)}`, d),
  deleteCampaign: (id: string) => api<void>('DELETE', `/api/admin/campaigns/${encodeURIComponent(id)}`),
  previewCampaign: (id: string) => api<CampaignPreview>('GET', `/api/admin/campaigns/${encodeURIComponent(id)}/preview`),
  testCampaign: (id: string) => api<void>('POST', `/api/admin/campaigns/${encodeURIComponent(id)}/test`, {}),
  sendCampaign: (id: string, at?: string) => api<Campaign>('POST', `/api/admin/campaigns/${encodeURIComponent(id)}/send`, at ? { at } : {}),
  dashboard: () => api<Dashboard>('GET', '/api/admin/dashboard'),
  imports: () => api<ContactImport[]>('GET', '/api/admin/imports'),
  importStatus: (id: string) => api<ContactImport>('GET', `/api/admin/imports/${encodeURIComponent(id)}`),
  beginImport: (fileName: string, size: number) => api<ContactImport>('POST', '/api/admin/imports', { fileName, size }),
  importPiece: (id: string, seq: number, bytes: Blob) => apiBytes<void>('PUT', `/api/admin/imports/${encodeURIComponent(id)}/pieces/${seq}`, bytes),
  completeImport: (id: string) => api<ContactImport>('POST', `/api/admin/imports/${encodeURIComponent(id)}/complete`, {}),
  checkImport: (id: string, o: ImportOptions) => api<ContactImport>('POST', `/api/admin/imports/${encodeURIComponent(id)}/check`, o),
  startImport: (id: string, o: ImportOptions) => api<ContactImport>('POST', `/api/admin/imports/${encodeURIComponent(id)}/start`, o),
  exportCsv: (selection: Selection, columns: string[]) => apiDownload('/api/admin/exports', { selection, columns }),
  cancelCampaign: (id: string) => api<Campaign>('POST', `/api/admin/campaigns/${encodeURIComponent(id)}/cancel`, {}),
};

/** INSEE region codes (2016 regions and overseas), the names a segment's "region" criterion offers. */
export const REGIONS: { code: string; name: string }[] = [
  { code: '84', name: 'Auvergne-Rhône-Alpes' },
  { code: '27', name: 'Bourgogne-Franche-Comté' },
  { code: '53', name: 'Bretagne' },
  { code: '24', name: 'Centre-Val de Loire' },
  { code: '94', name: 'Corse' },
  { code: '44', name: 'Grand Est' },
  { code: '32', name: 'Hauts-de-France' },
  { code: '11', name: 'Île-de-France' },
  { code: '28', name: 'Normandie' },
  { code: '75', name: 'Nouvelle-Aquitaine' },
  { code: '76', name: 'Occitanie' },
  { code: '52', name: 'Pays de la Loire' },
  { code: '93', name: 'Provence-Alpes-Côte d’Azur' },
  { code: '01', name: 'Guadeloupe' },
  { code: '02', name: 'Martinique' },
  { code: '03', name: 'Guyane' },
  { code: '04', name: 'La Réunion' },
  { code: '06', name: 'Mayotte' },
];
