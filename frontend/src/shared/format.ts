/**
 * Numbers in the reader's language: French groups thousands with a narrow no-break space
 * (U+202F, "95 000"), English with a comma ("95,000").
 */
export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR').format(value);
}
