import { describe, expect, it } from 'vitest';
import { addDays, dateWindow, todayIn } from './dateWindow';

describe('dateWindow', () => {
  // 2026-12-02 is a Wednesday
  it('today is one day', () => {
    expect(dateWindow('today', '2026-12-02')).toEqual({ from: '2026-12-02', to: '2026-12-03' });
  });

  it('the weekend is the coming Saturday and Sunday, or what is left of it', () => {
    expect(dateWindow('weekend', '2026-12-02')).toEqual({ from: '2026-12-05', to: '2026-12-07' });
    expect(dateWindow('weekend', '2026-12-05')).toEqual({ from: '2026-12-05', to: '2026-12-07' }); // Saturday
    expect(dateWindow('weekend', '2026-12-06')).toEqual({ from: '2026-12-06', to: '2026-12-07' }); // Sunday
  });

  it('this week runs to Sunday night', () => {
    expect(dateWindow('week', '2026-12-02')).toEqual({ from: '2026-12-02', to: '2026-12-07' });
    expect(dateWindow('week', '2026-12-06')).toEqual({ from: '2026-12-06', to: '2026-12-07' });
    expect(dateWindow('week', '2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-12-07' }); // Monday
  });

  it('a range includes both days, and a reversed end is read as one day', () => {
    expect(dateWindow('range', '2026-12-02', '2026-12-10', '2026-12-12')).toEqual({ from: '2026-12-10', to: '2026-12-13' });
    expect(dateWindow('range', '2026-12-02', '2026-12-10', '2026-12-01')).toEqual({ from: '2026-12-10', to: '2026-12-11' });
    expect(dateWindow('range', '2026-12-02')).toEqual({});
  });

  it('days are the movement’s, across month ends and time zones', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(todayIn('Europe/Paris', new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-02');
    expect(todayIn('America/Guadeloupe', new Date('2026-12-02T02:00:00Z'))).toBe('2026-12-01');
  });
});
