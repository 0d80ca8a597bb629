import { splitPeriod } from './flow-analytics.service';

const at = (iso: string) => new Date(iso);

describe('splitPeriod', () => {
  it('takes the whole UTC days from the daily totals and the hours around them from the hourly counters', () => {
    expect(splitPeriod(at('2026-03-01T10:30:00Z'), at('2026-03-05T07:00:00Z'))).toEqual({
      fromHour: at('2026-03-01T10:00:00Z'),
      dayFrom: at('2026-03-02T00:00:00Z'),
      dayTo: at('2026-03-05T00:00:00Z'),
    });
  });

  it('starts on a day boundary when the period does', () => {
    expect(splitPeriod(at('2026-03-01T00:00:00Z'), at('2026-03-03T00:00:00Z'))).toEqual({
      fromHour: at('2026-03-01T00:00:00Z'),
      dayFrom: at('2026-03-01T00:00:00Z'),
      dayTo: at('2026-03-03T00:00:00Z'),
    });
  });

  it('uses hours only when no whole day fits', () => {
    const to = at('2026-03-02T05:00:00Z');
    expect(splitPeriod(at('2026-03-01T10:00:00Z'), to)).toEqual({ fromHour: at('2026-03-01T10:00:00Z'), dayFrom: to, dayTo: to });
  });
});
