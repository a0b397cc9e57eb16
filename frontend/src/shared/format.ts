import { movementTimeZone } from './useConfig';

/**
 * Numbers in the reader's language: French groups thousands with a narrow no-break space
 * (U+202F, "95 000"), English with a comma ("95,000").
 */
export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR').format(value);
}

/**
 * A date (and time) in the movement's time zone, whatever the reader's: "samedi 20 mars 2027 à 10:00".
 */
export function formatWhen(iso: string, locale: string, timeZone: string, allDay = false): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone };
  if (!allDay) {
    options.hour = '2-digit';
    options.minute = '2-digit';
  }
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', options).format(new Date(iso));
}

/** Only the time, "10:00", in the movement's time zone. */
export function formatTime(iso: string, locale: string, timeZone: string | undefined = movementTimeZone()): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}

/** The Intl locale of the reader's language. */
function intlLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : 'fr-FR';
}

/**
 * A moment of the platform's own records (a mailing sent, an import done, a report made), in the
 * movement's time zone when given: "2 déc. 2026, 14:05" (`medium`), "mercredi 2 décembre 2026 à
 * 14:05" (`full`). An absent value is "—".
 */
export function formatMoment(iso: string | null | undefined, locale: string, style: 'medium' | 'full' = 'medium',
  timeZone: string | undefined = movementTimeZone()): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: style, timeStyle: 'short', ...(timeZone ? { timeZone } : {}) })
    .format(new Date(iso));
}

/** A day only, "02/12/2026" (`short`) or "2 décembre 2026" (`long`); an absent value is "—". */
export function formatDay(iso: string | null | undefined, locale: string, style: 'short' | 'long' = 'short',
  timeZone: string | undefined = movementTimeZone()): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: style, ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

/** A month of a chart's axis, "déc. 2026", read in UTC (the server's months are UTC). */
export function formatMonth(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));
}

/** The calendar day of a moment in a time zone, as "2026-12-02" (for grouping and comparing days). */
export function isoDay(iso: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(typeof iso === 'string' ? new Date(iso) : iso);
}
