import { z } from 'zod';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const weekdaySchema = z.enum(WEEKDAYS);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use 24-hour HH:MM');

/** A weekly window, e.g. weekdays 09:00–18:00, in the workspace's time zone. */
export const timeWindowSchema = z.object({
  days: z.array(weekdaySchema).min(1).meta({ label: 'Days' }),
  from: hhmm.meta({ label: 'From' }),
  to: hhmm.meta({ label: 'To', help: 'Exclusive; a window may not cross midnight' }),
});
export type TimeWindow = z.infer<typeof timeWindowSchema>;

/** Local wall-clock parts of an instant in a time zone. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  weekday: Weekday;
  minutes: number; // minutes since local midnight
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock time of `ms` in `timeZone` (IANA name; invalid names fall back to UTC). */
export function localTime(ms: number, timeZone = 'UTC'): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const hour = Number(parts.hour) % 24;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: parts.weekday.toLowerCase().slice(0, 3) as Weekday,
    minutes: hour * 60 + Number(parts.minute),
  };
}

/** True when `ms` falls inside any of the windows. */
export function isWithinWindows(ms: number, windows: readonly TimeWindow[], timeZone = 'UTC'): boolean {
  const local = localTime(ms, timeZone);
  return windows.some((w) => w.days.includes(local.weekday) && local.minutes >= toMinutes(w.from) && local.minutes < toMinutes(w.to));
}

/** The first instant at or after `ms` inside a window (searches 8 days ahead, minute precision). */
export function nextWindowStart(ms: number, windows: readonly TimeWindow[], timeZone = 'UTC'): number | null {
  if (isWithinWindows(ms, windows, timeZone)) return ms;
  let best: number | null = null;
  for (let dayOffset = 0; dayOffset <= 8; dayOffset++) {
    const probe = localTime(ms + dayOffset * 86_400_000, timeZone);
    for (const w of windows) {
      if (!w.days.includes(probe.weekday)) continue;
      const start = zonedToUtc(probe.year, probe.month, probe.day, toMinutes(w.from), timeZone);
      if (start >= ms && (best === null || start < best)) best = start;
    }
    if (best !== null) return best;
  }
  return best;
}

export function toMinutes(hhmmText: string): number {
  const [h, m] = hhmmText.split(':').map(Number);
  return h * 60 + m;
}

/** UTC instant of a local wall-clock time (two offset passes handle DST edges). */
function zonedToUtc(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  let result = guess;
  for (let i = 0; i < 2; i++) {
    const local = localTime(result, timeZone);
    const asUtc = Date.UTC(local.year, local.month - 1, local.day, 0, local.minutes);
    result += guess - asUtc;
  }
  return result;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = {
      hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
    };
    try {
      f = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
    }
    formatters.set(timeZone, f);
  }
  return f;
}
