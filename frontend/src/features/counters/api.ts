import { api } from '@/shared/http';

export interface Counters {
  supporters: number;
  groups: number;
  events: number;
  departement: string | null;
  updatedAt: string;
}

export const countersApi = {
  get: (departement?: string) =>
    api<Counters>('GET', departement ? `/api/counters?departement=${encodeURIComponent(departement)}` : '/api/counters'),
};
