import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ChannelConnection, NormalizedEvent } from '../channels/channel-adapter';
import { DomainError } from '../common/domain-error';
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
 * touched conversation ready, so an event is never stored without its conversation being queued.
 */
@Injectable()
export class IntakeService {
  constructor(private readonly db: DataSource) {}

  async accept(connection: ChannelConnection, events: NormalizedEvent[]): Promise<{ accepted: number; duplicates: number }> {
    const rows = events.map(toRow);
    if (!rows.length) return { accepted: 0, duplicates: 0 };
    try {
      const accepted = await insertEvents(this.db.manager, connection.workspaceId, connection.id, rows);
      return { accepted, duplicates: rows.length - accepted };
    } catch (error) {
      throw isConnectionError(error) ? new DatabaseUnavailableError() : error;
    }
  }
}

/**
 * Inserts events and queues their conversations in one statement. The queue upsert uses DO UPDATE (not DO NOTHING)
 * on purpose: it waits for a worker holding that conversation's row, so a worker that is about to delete the row
 * (having seen no more events) cannot orphan an event inserted meanwhile.
 */
export async function insertEvents(tx: EntityManager, workspaceId: string, connectionId: string, rows: IntakeRow[]): Promise<number> {
  const result: Array<{ n: number }> = await tx.query(
    `WITH ins AS (
       INSERT INTO inbound_events (workspace_id, connection_id, platform_event_id, contact_external_id, kind, platform_ts, payload)
       SELECT $1, $2, e.id, e.contact, e.kind, e.ts, e.payload
         FROM jsonb_to_recordset($3::jsonb) AS e(id text, contact text, kind text, ts timestamptz, payload jsonb)
       ON CONFLICT (connection_id, platform_event_id) DO NOTHING
       RETURNING contact_external_id, kind
     ), q AS (
       INSERT INTO conversation_queue (connection_id, contact_external_id)
       SELECT DISTINCT $2::uuid, contact_external_id FROM ins WHERE kind <> 'ignored'
       ON CONFLICT (connection_id, contact_external_id) DO UPDATE SET ready_at = LEAST(conversation_queue.ready_at, now())
       RETURNING 1
     )
     -- Wakes a sleeping worker when the transaction commits (one notification per statement is enough).
     SELECT (SELECT count(*) FROM ins)::int AS n, (SELECT count(*) FROM q)::int AS q,
            (SELECT count(pg_notify('${PROCESS_CHANNEL}', '')) FROM (SELECT 1 FROM q LIMIT 1) one) AS woke`,
    [workspaceId, connectionId, JSON.stringify(rows.map((r) => ({ id: r.platformEventId, contact: r.contactExternalId, kind: r.kind, ts: r.platformTs.toISOString(), payload: r.payload })))],
  );
  return result[0].n;
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
