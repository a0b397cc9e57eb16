import { api } from '@/shared/http';
import type { Schemas } from '@/shared/schema';

export type PrivacyNotice = Schemas['PrivacyNotice.NoticeView'];

export const pagesApi = {
  /** The privacy notice as the instance publishes it (the operator's, or the one built from its settings). */
  privacyNotice: () => api<PrivacyNotice>('GET', '/api/privacy-notice'),
};
