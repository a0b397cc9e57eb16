import { createI18n } from 'vue-i18n';
import fr from '@/locales/fr.json';
import en from '@/locales/en.json';

export const SUPPORTED_LOCALES = ['fr', 'en'] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];
const STORAGE_KEY = 'cortege.locale';

function initialLocale(): AppLocale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'fr' || saved === 'en') return saved;
  } catch {
    // storage can be disabled: fall through to the browser's language
  }
  const browser = typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : [];
  for (const lang of browser) {
    const short = lang.slice(0, 2).toLowerCase();
    if (short === 'fr') return 'fr';
    if (short === 'en') return 'en';
  }
  return 'fr';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'fr',
  messages: { fr, en },
  // French puts 0 and 1 in the singular ("0 soutien", "1 soutien", "2 soutiens").
  // French: 0 and 1 are singular ("0 personne", "1 personne"); a message with three forms names zero on its own
  // ("Personne ne vient encore | {n} personne vient | {n} personnes viennent").
  pluralRules: {
    fr: (choice: number, choicesLength: number) => {
      if (choicesLength === 3) return choice === 0 ? 0 : Math.abs(choice) > 1 ? 2 : 1;
      return Math.abs(choice) > 1 ? 1 : 0;
    },
  },
});

export function currentLocale(): AppLocale {
  return i18n.global.locale.value as AppLocale;
}

export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not saved: the choice lasts for this page only
  }
}
