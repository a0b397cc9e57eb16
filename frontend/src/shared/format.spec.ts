import { describe, expect, it } from 'vitest';
import { formatDay, formatMoment, formatMonth, formatNumber, isoDay } from './format';

describe('formatNumber', () => {
  it('groups thousands with a narrow no-break space in French', () => {
    expect(formatNumber(95000, 'fr')).toBe('95\u202f000');
    expect(formatNumber(1234567, 'fr')).toBe('1\u202f234\u202f567');
  });

  it('groups thousands with a comma in English', () => {
    expect(formatNumber(95000, 'en')).toBe('95,000');
  });

  it('leaves small numbers alone', () => {
    expect(formatNumber(0, 'fr')).toBe('0');
    expect(formatNumber(999, 'fr')).toBe('999');
  });
});

describe('dates, formatted in one place', () => {
  // 23:30 UTC on 1 December is already 2 December in Paris: records show the movement's day
  const lateEvening = '2026-12-01T23:30:00Z';

  it('shows a moment in the given time zone, in the reader\'s language', () => {
    expect(formatMoment(lateEvening, 'fr', 'medium', 'Europe/Paris')).toMatch(/^2 déc\. 2026.*00:30$/);
    expect(formatMoment(lateEvening, 'en', 'medium', 'Europe/Paris')).toMatch(/^2 Dec 2026.*00:30$/);
    expect(formatMoment(lateEvening, 'fr', 'full', 'Europe/Paris')).toMatch(/^mercredi 2 décembre 2026/);
  });

  it('writes an absent date as a dash', () => {
    expect(formatMoment(null, 'fr')).toBe('—');
    expect(formatDay(undefined, 'en')).toBe('—');
  });

  it('gives the day in the zone, for grouping and forms', () => {
    expect(isoDay(lateEvening, 'Europe/Paris')).toBe('2026-12-02');
    expect(isoDay(lateEvening, 'UTC')).toBe('2026-12-01');
    expect(formatDay(lateEvening, 'fr', 'short', 'Europe/Paris')).toBe('02/12/2026');
  });

  it('names a chart\'s month in UTC', () => {
    expect(formatMonth('2026-03-01T00:00:00Z', 'fr')).toBe('mars 2026');
  });
});
