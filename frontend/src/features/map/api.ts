import { api } from '@/shared/http';
import type { Schemas } from '@/shared/schema';

/** The map's GeoJSON for a view: groups and actions, or clusters of them, and whether some were left out. */
export type MapFeatures = Schemas['GeoJson.FeatureCollection'];
export type Commune = Schemas['GeoController.CommuneView'];
export type FoundAddress = Schemas['AddressSearch.Address'];
export type Departement = Schemas['GeoService.Departement'];

const enc = encodeURIComponent;

/** The map and the places the forms look up (postal codes, addresses, départements). */
export const mapApi = {
  features: (bbox: string, zoom: number, layers: string) =>
    api<MapFeatures>('GET', `/api/map?bbox=${bbox}&zoom=${zoom}&layers=${enc(layers)}`),
  communes: (postalCode: string) => api<Commune[]>('GET', `/api/geo/postal-codes/${enc(postalCode)}`),
  addresses: (q: string, postalCode?: string) =>
    api<FoundAddress[]>('GET', `/api/geo/addresses?q=${enc(q)}${postalCode ? `&postalCode=${enc(postalCode)}` : ''}`),
  departements: () => api<Departement[]>('GET', '/api/geo/departements'),
};
