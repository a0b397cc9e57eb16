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
export function formatTime(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}
