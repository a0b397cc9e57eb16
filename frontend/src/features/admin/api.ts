import { api, apiBytes, apiDownload } from '@/shared/http';
import type { Schemas } from '@/shared/schema';

/** One node of a segment's rule tree, as the server reads it (see SegmentRule.java). */
export type SegmentRule = Schemas['SegmentRule'];

export const CRITERIA = [
  'age', 'departement', 'region', 'commune', 'postalCode', 'near', 'interest', 'tag', 'group',
  'attended', 'rsvp', 'signup', 'lastActivity', 'emailConsent', 'status', 'relation', 'source', 'referred', 'campaign',
] as const;
export type CriterionField = (typeof CRITERIA)[number] | 'person';

export type TagRef = Schemas['ContactRow.TagRef'];
export type GroupRef = Schemas['ContactRow.GroupRef'];
/** A contact in the staff's list. */
export type ContactRow = Schemas['ContactRow'];
export type ContactPage = Schemas['ContactService.ContactPage'];
export type HistoryEntry = Schemas['ContactDetail.HistoryEntry'];
export type Consent = Schemas['ContactDetail.Consent'];
/** A contact's record: profile, territories, consents and history. */
export type ContactDetail = Schemas['ContactDetail'];
export type ContactUpdate = Schemas['ContactUpdateCommand'];

/** Whom a request is about: listed people, or everyone a search (text, rule, saved segment) selects. */
export type Selection = Schemas['Selection'];

export type Tag = Schemas['TagView'];
/** An entry of the staff access log. */
export type Access = Schemas['AccessLogService.Access'];
export type AccessPage = Schemas['AccessLogService.AccessPage'];
export type RecordOfProcessing = Schemas['RecordOfProcessing.RecordView'];
export type Segment = Schemas['SegmentView'];
/** What the signed-in staff member may reach: everything (admin) or their départements. */
export type StaffMe = Schemas['ContactController.StaffView'];
export type Departement = Schemas['GeoService.Departement'];

export type Campaign = Schemas['CampaignView'];
export type CampaignStatus = Campaign['status'];
export type CampaignDraft = Schemas['CampaignCommand'];
export type CampaignPreview = Schemas['CampaignService.Preview'];

export const IMPORT_FIELDS = ['email', 'firstName', 'lastName', 'phone', 'postalCode', 'commune', 'birthDate', 'interests', 'tags', 'emailConsent'] as const;
export const EXPORT_COLUMNS = ['firstName', 'lastName', 'email', 'phone', 'postalCode', 'commune', 'departement', 'birthDate', 'age',
  'interests', 'tags', 'groups', 'attended', 'createdAt', 'source', 'lastActiveAt', 'emailConsent', 'status'] as const;

export type ImportOptions = Schemas['ImportOptions'];
export type LineError = Schemas['ImportView.LineError'];
export type ImportSummary = Schemas['ImportView.Summary'];
/** An import of contacts, from upload to done. */
export type ContactImport = Schemas['ImportView'];

export type Dashboard = Schemas['DashboardService.Dashboard'];

/** The API takes no body over 64 KB: files go up in pieces of 48 KB. */
export const PIECE = 48 * 1024;

export const adminApi = {
  secondFactorPermit: (id: string) =>
    api<Schemas['ContactController.Permit']>('POST', `/api/admin/people/${encodeURIComponent(id)}/second-factor-permit`, {}),
  me: () => api<StaffMe>('GET', '/api/admin/me'),
  recordOfProcessing: () => api<RecordOfProcessing>('GET', '/api/admin/record-of-processing'),
  exportAccessLog: (actor?: string) => apiDownload('/api/admin/access-log/export', { actor }),
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
