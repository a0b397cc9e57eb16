import { describe, expect, it } from 'vitest';
import { formatNumber } from './format';

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
