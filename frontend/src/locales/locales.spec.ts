import { describe, expect, it } from 'vitest';
import fr from './fr.json';
import en from './en.json';

function keys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as Record<string, unknown>).flatMap(leaves);
}

describe('translations', () => {
  it('French and English have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(fr).sort());
  });

  it('every message uses the same placeholders in both languages', () => {
    const frFlat = Object.fromEntries(keys(fr).map((k) => [k, k.split('.').reduce<any>((o, p) => o[p], fr)]));
    const enFlat = Object.fromEntries(keys(en).map((k) => [k, k.split('.').reduce<any>((o, p) => o[p], en)]));
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(frFlat)) {
      expect(placeholders(enFlat[key]), key).toEqual(placeholders(frFlat[key]));
    }
  });

  it('French punctuation carries a non-breaking space, never a plain one', () => {
    for (const message of leaves(fr)) {
      expect(message, message).not.toMatch(/ [?!;:]/);
    }
  });

  it('no message contains a character vue-i18n would read as syntax, unless quoted as a literal', () => {
    for (const message of [...leaves(fr), ...leaves(en)]) {
      expect(message.replace(/\{'[^']*'\}/g, ''), message).not.toMatch(/[@$]/);
    }
  });
});
