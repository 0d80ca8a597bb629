import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ChannelConnection, NormalizedEvent } from '../channels/channel-adapter';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { preparedStatement } from '../database/prepared-statement';
import { CoalescingNotifier } from './coalescing-notifier';
import { PROCESS_CHANNEL } from './processing-worker';

/** A row for `inbound_events`: what intake stores, and what timers, HTTP answers and agents feed back. */
export interface IntakeRow {
  platformEventId: string;
  contactExternalId: string;
  kind: string;
  platformTs: Date;
  payload: unknown;
}

export class DatabaseUnavailableError extends DomainError {
  constructor() {
    super('DATABASE_UNAVAILABLE', 'The database is unavailable; retry later.', 503, undefined, { 'Retry-After': '5' });
  }
}

/**
 * Intake: stores normalised events durably and returns; no flow work happens here, so the webhook's ack stays
 * fast. One statement inserts the events (a duplicate delivery hits the unique key and is skipped) and marks each
 * touched conversation ready, so an event is never stored without its conversation being queued. Deliveries that
 * arrive while others are being stored share one statement (IntakeBatcher).
 */
@Injectable()
export class IntakeService {
  private readonly batcher: IntakeBatcher;
  private readonly backlog: BacklogGate;

  constructor(db: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    this.batcher = new IntakeBatcher(db);
    this.backlog = new BacklogGate(db, config.intakeBacklogLimit);
  }

  async accept(connection: ChannelConnection, events: NormalizedEvent[]): Promise<{ accepted: number; duplicates: number }> {
    const rows = events.map(toRow);
    if (!rows.length) return { accepted: 0, duplicates: 0 };
    try {
      await this.backlog.admit();
      const accepted = await this.batcher.insert({ workspaceId: connection.workspaceId, connectionId: connection.id, rows });
      return { accepted, duplicates: rows.length - accepted };
    } catch (error) {
      throw isConnectionError(error) ? new DatabaseUnavailableError() : error;
    }
  }
}

/**
 * Backpressure for webhook intake. Storing a delivery costs far less than answering it (the API process acks in
 * well under a millisecond of CPU; a turn and its send cost several), so under sustained load intake outruns the
 * workers and a backlog grows without bound: every reply gets later, and a crash-free but minutes-late bot is no
 * better than a down one. While more than `limit` received events wait, a delivery is acknowledged only once the
 * backlog is back under the limit: platforms hold and pace their deliveries by our acks (each keeps a bounded
 * number in flight), so the intake rate follows what the workers manage. Nothing is refused or dropped: after
 * `maxWaitMs` the delivery is stored anyway (within every platform's ack deadline, Meta's being 5 s), so a
 * stopped worker only makes acks slower. The backlog is sampled at most every `sampleMs`, in the background while
 * under the limit (no added round trip per delivery), and counted only up to `limit + 1` rows.
 */
export class BacklogGate {
  private backlog = 0;
  private sampledAt = 0;
  private sampling: Promise<void> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly limit: number,
    private readonly maxWaitMs = 2_000,
    private readonly sampleMs = 50,
  ) {}

  async admit(): Promise<void> {
    if (this.limit <= 0) return;
    void this.sample().catch(() => undefined);
    if (this.backlog <= this.limit) return;
    const deadline = Date.now() + this.maxWaitMs;
    while (this.backlog > this.limit && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, this.sampleMs));
      // A failed count (the database is down) ends the wait: storing the delivery then reports the outage (503).
      if (!(await this.sample().then(() => true, () => false))) return;
    }
  }

  /** One count at a time, at most one per `sampleMs`; concurrent callers share it. */
  private sample(): Promise<void> {
    if (this.sampling) return this.sampling;
    if (Date.now() - this.sampledAt < this.sampleMs) return Promise.resolve();
    this.sampling = this.db
      .query(preparedStatement(`SELECT count(*)::int AS n FROM (SELECT 1 FROM inbound_events WHERE processed_at IS NULL AND kind <> 'ignored' LIMIT $1) waiting`), [this.limit + 1])
      .then(([row]: Array<{ n: number }>) => {
        this.backlog = row.n;
      })
      .finally(() => {
        this.sampledAt = Date.now();
        this.sampling = null;
      });
    return this.sampling;
  }
}

/** One delivery's events for one connection. */
export interface IntakeGroup {
  workspaceId: string;
  connectionId: string;
  rows: IntakeRow[];
}

/**
 * Group commit for webhook deliveries. A delivery is written at once while fewer than `maxInFlight` statements are
 * running (no added latency when traffic is light); under load the deliveries that arrive meanwhile wait and go
 * together in the next statement, so N concurrent webhooks cost one round trip and one commit instead of N.
 * Each caller still hears back only after the statement holding its events committed. A failed shared statement
 * is retried one delivery at a time, so a bad delivery fails alone.
 */
export class IntakeBatcher {
  private readonly waiting: Array<{ group: IntakeGroup; resolve: (accepted: number) => void; reject: (error: unknown) => void }> = [];
  private inFlight = 0;
  private readonly wake: CoalescingNotifier;

  constructor(
    private readonly db: DataSource,
    private readonly maxInFlight = 4,
    private readonly maxBatch = 200,
  ) {
    this.wake = new CoalescingNotifier(db, PROCESS_CHANNEL);
  }

  insert(group: IntakeGroup): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ group, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async write(batch: typeof this.waiting): Promise<void> {
    try {
      const accepted = await insertEventGroups(this.db.manager, batch.map((b) => b.group), { notify: false });
      batch.forEach((b, i) => b.resolve(accepted[i]));
    } catch (error) {
      if (batch.length === 1 || isConnectionError(error)) return batch.forEach((b) => b.reject(error));
      for (const b of batch) await insertEventGroups(this.db.manager, [b.group], { notify: false }).then(([n]) => b.resolve(n), b.reject);
    }
    // After the commit, outside it (see CoalescingNotifier): wakes a sleeping worker.
    this.wake.notify();
  }
}

/** Inserts one group's events and queues their conversations in one statement (see insertEventGroups). */
export async function insertEvents(tx: EntityManager, workspaceId: string, connectionId: string, rows: IntakeRow[]): Promise<number> {
  return (await insertEventGroups(tx, [{ workspaceId, connectionId, rows }]))[0];
}

/**
 * Inserts events and queues their conversations in one statement; answers the number of new (not duplicate)
 * events per group. Ids follow the input order, so events with one timestamp are handled in arrival order. The
 * queue upsert uses DO UPDATE (not DO NOTHING) on purpose: it waits for a worker holding that conversation's row,
 * so a worker that is about to delete the row (having seen no more events) cannot orphan an event inserted meanwhile.
 */
export async function insertEventGroups(tx: EntityManager, groups: IntakeGroup[], options: { notify: boolean } = { notify: true }): Promise<number[]> {
  const input = groups.flatMap((g, group) =>
    g.rows.map((r) => ({ group, workspace_id: g.workspaceId, connection_id: g.connectionId, id: r.platformEventId, contact: r.contactExternalId, kind: r.kind, ts: r.platformTs.toISOString(), payload: r.payload })),
  );
  const inserted: Array<{ connection_id: string; platform_event_id: string }> = await tx.query(
    preparedStatement(`WITH ins AS (
       INSERT INTO inbound_events (workspace_id, connection_id, platform_event_id, contact_external_id, kind, platform_ts, payload)
       SELECT e.workspace_id, e.connection_id, e.id, e.contact, e.kind, e.ts, e.payload
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (workspace_id uuid, connection_id uuid, id text, contact text, kind text, ts timestamptz, payload jsonb))
              WITH ORDINALITY AS e(workspace_id, connection_id, id, contact, kind, ts, payload, n)
        ORDER BY e.n
       ON CONFLICT (connection_id, platform_event_id) DO NOTHING
       RETURNING connection_id, platform_event_id, contact_external_id, kind
     ), q AS (
       INSERT INTO conversation_queue (connection_id, contact_external_id)
       SELECT DISTINCT connection_id, contact_external_id FROM ins WHERE kind <> 'ignored' ORDER BY 1, 2
       ON CONFLICT (connection_id, contact_external_id) DO UPDATE SET ready_at = LEAST(conversation_queue.ready_at, now())
       RETURNING 1
     ), woke AS (
       -- Wakes a sleeping worker when the transaction commits (one notification per statement is enough), unless the
       -- caller notifies after its commit itself (the webhook path: IntakeBatcher).
       SELECT count(pg_notify('${PROCESS_CHANNEL}', '')) AS n FROM (SELECT 1 FROM q WHERE $2 LIMIT 1) one
     )
     SELECT ins.connection_id, ins.platform_event_id FROM ins, woke`),
    [JSON.stringify(input), options.notify],
  );
  // A new event counts for the first group that carried it (the same delivery twice in one batch: one is new).
  const counts = groups.map(() => 0);
  const firstGroup = new Map<string, number>();
  for (const e of input) {
    const key = `${e.connection_id} ${e.id}`;
    if (!firstGroup.has(key)) firstGroup.set(key, e.group);
  }
  for (const row of inserted) counts[firstGroup.get(`${row.connection_id} ${row.platform_event_id}`)!]++;
  return counts;
}

function toRow(e: NormalizedEvent): IntakeRow {
  const platformTs = e.platformTimestamp instanceof Date && !Number.isNaN(e.platformTimestamp.getTime()) ? e.platformTimestamp : new Date();
  switch (e.kind) {
    case 'inbound':
      return { platformEventId: e.platformEventId, contactExternalId: e.contact.externalId, kind: 'inbound', platformTs, payload: { contact: e.contact, event: e.event, ackToken: e.ackToken } };
    case 'ignored':
      return { platformEventId: e.platformEventId, contactExternalId: e.contactExternalId ?? '', kind: 'ignored', platformTs, payload: { reason: e.reason } };
    case 'status':
      return { platformEventId: e.platformEventId, contactExternalId: e.contactExternalId, kind: 'status', platformTs, payload: { platformMessageId: e.platformMessageId, watermark: e.watermark, status: e.status, error: e.error } };
    case 'handover':
      return { platformEventId: e.platformEventId, contactExternalId: e.contactExternalId, kind: 'handover', platformTs, payload: { to: e.to } };
  }
}

/**
 * Connection refused/reset/timeout, PostgreSQL shutting down or out of connections/resources (class 53, e.g.
 * "too many clients"), or a deadlock/serialization failure: the caller should retry later (503), never a 500.
 */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '40001', '40P01'].includes(e.code)) return true;
  if (e.code?.startsWith('53')) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(e.message ?? '');
}
