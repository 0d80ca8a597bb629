import { isWithinWindows, localTime, nextWindowStart } from './time-window';

const weekdays = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri'>, from: '09:00', to: '18:00' }];
const at = (iso: string) => Date.parse(iso);

describe('time windows', () => {
  it('reads wall-clock time in a time zone', () => {
    expect(localTime(at('2026-01-05T23:30:00Z'), 'Europe/Paris')).toMatchObject({ weekday: 'tue', minutes: 30, day: 6 });
    expect(localTime(at('2026-01-05T23:30:00Z'), 'Not/AZone')).toMatchObject({ weekday: 'mon', minutes: 23 * 60 + 30 });
  });

  it('knows when an instant is inside a window (end exclusive)', () => {
    expect(isWithinWindows(at('2026-01-05T09:00:00Z'), weekdays)).toBe(true);
    expect(isWithinWindows(at('2026-01-05T18:00:00Z'), weekdays)).toBe(false);
    expect(isWithinWindows(at('2026-01-10T12:00:00Z'), weekdays)).toBe(false);
  });

  it('finds the next opening, across a weekend and a DST change', () => {
    expect(nextWindowStart(at('2026-01-05T20:00:00Z'), weekdays)).toBe(at('2026-01-06T09:00:00Z'));
    expect(nextWindowStart(at('2026-01-09T19:00:00Z'), weekdays)).toBe(at('2026-01-12T09:00:00Z'));
    // Paris switches to summer time on Sunday 2026-03-29: Monday 09:00 is 07:00 UTC
    expect(nextWindowStart(at('2026-03-27T18:00:00Z'), weekdays, 'Europe/Paris')).toBe(at('2026-03-30T07:00:00Z'));
  });
});
