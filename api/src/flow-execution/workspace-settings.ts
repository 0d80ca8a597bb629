import type { TimeWindow, WorkspaceSettings } from '@parley/runtime';
import type { EntityManager } from 'typeorm';
import { preparedStatement } from '../database/prepared-statement';

/** A window no instant falls in: a holiday is "outside business hours" all day. */
const CLOSED: TimeWindow[] = [{ days: ['sun'], from: '00:00', to: '00:00' }];

/** What a turn needs from its workspace, read once per turn batch. */
export interface TurnWorkspace {
  /** Time zone and business hours as the engine sees them at `now` (holidays closed all day). */
  engine: WorkspaceSettings;
  /** Broadcast opt-out / opt-in keywords, in `keywordForm`. */
  optOutKeywords: string[];
  optInKeywords: string[];
}

/** The workspaces of a turn batch, read in one query (usually one workspace). */
export async function workspaceSettingsFor(tx: EntityManager, workspaceIds: string[], now: Date): Promise<Map<string, TurnWorkspace>> {
  const rows: Array<{ id: string; time_zone: string; business_hours: TimeWindow[]; holidays: string[]; opt_out_keywords: string[] | null; opt_in_keywords: string[] | null }> = await tx.query(
    preparedStatement(`SELECT id, time_zone, business_hours, holidays::text[] AS holidays, opt_out_keywords, opt_in_keywords FROM workspaces WHERE id = ANY($1::uuid[])`),
    [[...new Set(workspaceIds)]],
  );
  const settings = new Map<string, TurnWorkspace>();
  for (const row of rows) {
    const today = dayFormatter(row.time_zone).format(now);
    const holiday = row.holidays.includes(today);
    settings.set(row.id, {
      engine: { timeZone: row.time_zone, businessHours: holiday ? CLOSED : row.business_hours },
      optOutKeywords: row.opt_out_keywords ?? [],
      optInKeywords: row.opt_in_keywords ?? [],
    });
  }
  return settings;
}

/** A workspace that is gone (deleted meanwhile): UTC, no hours, no keywords. */
export const DEFAULT_TURN_WORKSPACE: TurnWorkspace = { engine: { timeZone: 'UTC' }, optOutKeywords: [], optInKeywords: [] };

/** Building an Intl formatter costs far more than using one: one per time zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
}
