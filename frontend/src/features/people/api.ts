import { api } from '@/shared/http';

export interface SignupCommand {
  email: string;
  firstName: string;
  lastName: string;
  postalCode: string;
  inseeCode?: string;
  phone?: string;
  birthDate?: string;
  interests: string[];
  consent: boolean;
  consentVersion: string;
}

export interface Me {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  birthDate: string | null;
  postalCode: string;
  inseeCode: string | null;
  commune: string | null;
  departement: string | null;
  interests: string[];
  roles: string[];
  confirmedAt: string | null;
  createdAt: string;
}

export type MeUpdate = Partial<Pick<Me, 'firstName' | 'lastName' | 'phone' | 'birthDate' | 'postalCode' | 'inseeCode' | 'interests'>>;

export interface ConsentRecord {
  purpose: string;
  version: string;
  locale: string;
  wording: string;
  givenAt: string;
  withdrawnAt: string | null;
}

export interface Consents {
  mailing: boolean;
  history: ConsentRecord[];
}

export interface SecondFactorStatus {
  enrolled: boolean;
  required: boolean;
  permitNeeded: boolean;
  recoveryCodesLeft: number;
  locked: boolean;
}

export interface SecondFactorSetup {
  secret: string;
  uri: string;
  qrCode: string;
}

export const peopleApi = {
  consents: () => api<Consents>('GET', '/api/me/consents'),
  setMailingConsent: (given: boolean) => api<Consents>('PUT', '/api/me/consents/mailing', { given }),
  eraseAccount: () => api<void>('DELETE', '/api/me'),
  unsubscribe: (m: string, t: string) => api<void>('POST', `/api/unsubscribe?m=${encodeURIComponent(m)}&t=${encodeURIComponent(t)}`, {}),
  signup: (cmd: SignupCommand) => api<void>('POST', '/api/signup', cmd),
  confirmSignup: (token: string) => api<Me>('POST', '/api/signup/confirm', { token }),
  login: (email: string) => api<void>('POST', '/api/login', { email }),
  confirmLoginToken: (token: string) => api<Me>('POST', '/api/login/confirm', { token }),
  confirmLoginCode: (email: string, code: string) => api<Me>('POST', '/api/login/confirm', { email, code }),
  me: () => api<Me>('GET', '/api/me'),
  session: () => api<{ authenticated: boolean; me: Me | null; secondFactor: 'none' | 'needed' | 'done' | null }>('GET', '/api/session'),
  secondFactor: () => api<SecondFactorStatus>('GET', '/api/me/second-factor'),
  secondFactorSetup: (permit?: string) => api<SecondFactorSetup>('POST', '/api/me/second-factor/setup', { permit }),
  secondFactorConfirm: (code: string, permit?: string) =>
    api<{ recoveryCodes: string[] }>('POST', '/api/me/second-factor/confirm', { code, permit }),
  secondFactorVerify: (code: string) => api<void>('POST', '/api/me/second-factor/verify', { code }),
  secondFactorDisable: (code: string) => api<void>('POST', '/api/me/second-factor/disable', { code }),
  updateMe: (update: MeUpdate) => api<Me>('PATCH', '/api/me', update),
  logout: (everywhere: boolean) => api<void>('POST', '/api/logout', { everywhere }),
};
