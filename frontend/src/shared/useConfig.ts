import { ref } from 'vue';
import { api } from './http';
import type { Schemas } from './schema';

export type Interest = Schemas['ConfigController.InterestView'];
/** The server's public settings (`addressSearch`: the operator configured a geocoder). */
export type PublicConfig = Schemas['ConfigController.ConfigView'];

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

/** The movement's time zone once the settings are loaded (dates of records are shown in it), else undefined. */
export function movementTimeZone(): string | undefined {
  return config.value?.timeZone;
}
