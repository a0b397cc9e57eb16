import { api } from '@/shared/http';
import type { Schemas } from '@/shared/schema';

/** The signed-in supporter's share code, its link and how many confirmed supporters came through it. */
export type MyReferral = Schemas['ReferralService.MyReferral'];
/** Where a sign-up came from, sent with it. */
export type VisitSource = Schemas['VisitSource'];
/** Someone whose link brought members to a group, as its managers see them. */
export type Referrer = Schemas['ReferralService.Referrer'];

export const referralsApi = {
  /** Reads only: the code is null until the supporter makes one. */
  mine: () => api<MyReferral>('GET', '/api/me/referral'),
  make: () => api<MyReferral>('POST', '/api/me/referral', {}),
  forget: () => api<void>('DELETE', '/api/me/referral'),
  referrers: (group: string) => api<Referrer[]>('GET', `/api/groups/${encodeURIComponent(group)}/referrers`),
};
