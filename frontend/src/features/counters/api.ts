import { api } from '@/shared/http';
import type { Schemas } from '@/shared/schema';

export type Counters = Schemas['Counters'];

export const countersApi = {
  get: (departement?: string) =>
    api<Counters>('GET', departement ? `/api/counters?departement=${encodeURIComponent(departement)}` : '/api/counters'),
};
