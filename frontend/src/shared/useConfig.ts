import { ref } from 'vue';
import { api } from './http';

export interface Interest {
  key: string;
  label: string;
}

export interface PublicConfig {
  organizationName: string;
  privacyContact: string;
  sourceUrl: string | null;
  timeZone: string;
  interests: Interest[];
  groupTypes: Interest[];
  eventTypes: Interest[];
  consent: { version: string; text: string };
  tiles: { url: string; attribution: string };
  /** The operator configured a geocoder: the exact-place picker offers an address search (server-side). */
  addressSearch: boolean;
}

const config = ref<PublicConfig | null>(null);
let loadingFor: string | null = null;
let pending: Promise<PublicConfig> | null = null;

/** The server's public settings in the page's language, loaded once per language. */
export function useConfig(locale: () => string) {
  async function load(): Promise<PublicConfig> {
    const lang = locale();
    if (config.value && loadingFor === lang) return config.value;
    if (!pending || loadingFor !== lang) {
      loadingFor = lang;
      pending = api<PublicConfig>('GET', '/api/config').then((c) => (config.value = c));
    }
    return pending;
  }
  return { config, load };
}
