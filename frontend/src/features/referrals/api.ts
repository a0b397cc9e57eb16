import { api } from '@/shared/http';
import type { Schemas } from '@/shared/schema';

/** The signed-in supporter's share code, its link and how many confirmed supporters came through it. */
export type MyReferral = Schemas['ReferralService.MyReferral'];
/** Where a sign-up came from, sent with it. */
export type SignupSource = Schemas['SignupSource'];

export const referralsApi = {
  mine: () => api<MyReferral>('GET', '/api/me/referral'),
};
