import type { TimeWindow, WorkspaceSettings } from '@parley/runtime';
import type { EntityManager } from 'typeorm';

/** A window no instant falls in: a holiday is "outside business hours" all day. */
const CLOSED: TimeWindow[] = [{ days: ['sun'], from: '00:00', to: '00:00' }];

/** What a turn needs from its workspace, read once per turn. */
export interface TurnWorkspace {
  /** Time zone and business hours as the engine sees them at `now` (holidays closed all day). */
  engine: WorkspaceSettings;
  /** Broadcast opt-out / opt-in keywords, in `keywordForm`. */
  optOutKeywords: string[];
  optInKeywords: string[];
}

export async function workspaceSettingsFor(tx: EntityManager, workspaceId: string, now: Date): Promise<TurnWorkspace> {
  const [row] = await tx.query(
    `SELECT time_zone, business_hours, holidays::text[] AS holidays, opt_out_keywords, opt_in_keywords FROM workspaces WHERE id = $1`,
    [workspaceId],
  );
  if (!row) return { engine: { timeZone: 'UTC' }, optOutKeywords: [], optInKeywords: [] };
  const today = dayFormatter(row.time_zone).format(now);
  const holiday = (row.holidays as string[]).includes(today);
  return {
    engine: { timeZone: row.time_zone, businessHours: holiday ? CLOSED : (row.business_hours as TimeWindow[]) },
    optOutKeywords: row.opt_out_keywords ?? [],
    optInKeywords: row.opt_in_keywords ?? [],
  };
}

/** Building an Intl formatter costs far more than using one: one per time zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
}
