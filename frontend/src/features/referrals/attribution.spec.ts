import { beforeEach, describe, expect, it } from 'vitest';
import { cleanRef, cleanTag, forgetVisit, noteVisit, visitSource } from './attribution';

describe('where a visit came from', () => {
  beforeEach(() => forgetVisit());

  it('keeps the first and the last share link, and the last campaign tags', () => {
    expect(noteVisit({ ref: 'abcd2345', utm_source: 'whatsapp', page: '2' })).toEqual({ page: '2' });
    expect(noteVisit({ ref: 'wxyz6789', utm_campaign: 'rentrée 2026' })).toEqual({});
    expect(visitSource()).toEqual({ firstRef: 'abcd2345', lastRef: 'wxyz6789', utmCampaign: 'rentrée 2026' });
  });

  it('leaves an address without those parameters alone', () => {
    expect(noteVisit({ q: 'tractage' })).toBeNull();
    expect(visitSource()).toBeUndefined();
  });

  it('drops a malformed code instead of failing the visitor, and reads a code typed in capitals', () => {
    expect(noteVisit({ ref: '<script>' })).toEqual({});
    expect(visitSource()).toBeUndefined();
    expect(cleanRef(' ABCD2345 ')).toBe('abcd2345');
    expect(cleanRef('abcd23456')).toBeUndefined();
  });

  it('cleans tags to what the server accepts: no controls, no markup, 100 characters', () => {
    expect(cleanTag('a\tb<i>c</i>\u200bd')).toBe('abic/id');
    expect(cleanTag('x'.repeat(150))).toHaveLength(100);
    expect(cleanTag('   ')).toBeUndefined();
    // every formatting character the server refuses (bidi isolates, Mongolian vowel separator, Arabic letter mark…)
    expect(cleanTag('a\u2066b\u2069c\u061cd\u180ee\ufeff')).toBe('abcde');
    expect(cleanTag('\ud800x')).toBe('x');
    // cut between characters, within 100 UTF-16 units
    const cut = cleanTag('a' + '😀'.repeat(60)) as string;
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith('😀')).toBe(true);
  });

  it('takes the first value of a repeated parameter', () => {
    noteVisit({ ref: ['abcd2345', 'wxyz6789'] });
    expect(visitSource()).toEqual({ firstRef: 'abcd2345', lastRef: 'abcd2345' });
  });
});
