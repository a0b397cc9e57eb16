import { isoDay } from '@/shared/format';
/** The date filters of the action lists: from (inclusive) and to (exclusive), as days in the movement's zone. */
export type When = '' | 'today' | 'weekend' | 'week' | 'range';

export interface Window {
  from?: string;
  to?: string;
}

/** "2026-12-01": the day it is now in that zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return isoDay(now, timeZone);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday */
function weekday(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}

/**
 * today: today only; weekend: the coming (or current) Saturday and Sunday; week: from today to
 * Sunday night; range: the two days chosen, both included. Empty: every date to come.
 */
export function dateWindow(when: When, today: string, rangeFrom = '', rangeTo = ''): Window {
  switch (when) {
    case 'today':
      return { from: today, to: addDays(today, 1) };
    case 'weekend': {
      const w = weekday(today);
      if (w === 0) return { from: today, to: addDays(today, 1) }; // Sunday: what is left of it
      const saturday = addDays(today, 6 - w);
      return { from: w === 6 ? today : saturday, to: addDays(saturday, 2) };
    }
    case 'week': {
      const w = weekday(today);
      return { from: today, to: addDays(today, w === 0 ? 1 : 8 - w) };
    }
    case 'range':
      if (!rangeFrom) return {};
      return { from: rangeFrom, to: addDays(rangeTo && rangeTo >= rangeFrom ? rangeTo : rangeFrom, 1) };
    default:
      return {};
  }
}
