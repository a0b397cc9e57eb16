import { api } from '@/shared/http';
import type { Schemas } from '@/shared/schema';

export type SignupCommand = Schemas['SignupCommand'];
/** The signed-in supporter, as they see themselves. */
export type Me = Schemas['MeView'];
export type MeUpdate = Schemas['MeUpdateCommand'];
export type Consents = Schemas['PrivacyController.ConsentsView'];
export type ConsentRecord = Consents['history'][number];
export type SecondFactorStatus = Schemas['SecondFactorService.Status'];
export type SecondFactorSetup = Schemas['SecondFactorService.Setup'];
export type Session = Schemas['MeController.SessionView'];

export const peopleApi = {
  consents: () => api<Consents>('GET', '/api/me/consents'),
  setMailingConsent: (given: boolean) => api<Consents>('PUT', '/api/me/consents/mailing', { given }),
  eraseAccount: () => api<void>('DELETE', '/api/me'),
  objection: (m: string, t: string) => api<void>('POST', '/api/objection', { m, t }),
  unsubscribe: (m: string, t: string) => api<void>('POST', `/api/unsubscribe?m=${encodeURIComponent(m)}&t=${encodeURIComponent(t)}`, {}),
  signup: (cmd: SignupCommand) => api<void>('POST', '/api/signup', cmd),
  confirmSignup: (token: string) => api<Me>('POST', '/api/signup/confirm', { token }),
  login: (email: string) => api<void>('POST', '/api/login', { email }),
  confirmLoginToken: (token: string) => api<Me>('POST', '/api/login/confirm', { token }),
  confirmLoginCode: (email: string, code: string) => api<Me>('POST', '/api/login/confirm', { email, code }),
  me: () => api<Me>('GET', '/api/me'),
  session: () => api<Session>('GET', '/api/session'),
  secondFactor: () => api<SecondFactorStatus>('GET', '/api/me/second-factor'),
  secondFactorSetup: (permit?: string) => api<SecondFactorSetup>('POST', '/api/me/second-factor/setup', { permit }),
  secondFactorConfirm: (code: string, permit?: string) =>
    api<Schemas['SecondFactorController.RecoveryCodes']>('POST', '/api/me/second-factor/confirm', { code, permit }),
  secondFactorVerify: (code: string) => api<void>('POST', '/api/me/second-factor/verify', { code }),
  secondFactorDisable: (code: string) => api<void>('POST', '/api/me/second-factor/disable', { code }),
  updateMe: (update: MeUpdate) => api<Me>('PATCH', '/api/me', update),
  logout: (everywhere: boolean) => api<void>('POST', '/api/logout', { everywhere }),
};
