import type { ConversationState } from '@parley/runtime';
import type { EntityManager } from 'typeorm';
import type { FlowStatsBatch } from '../analytics/flow-stats-recorder';
import type { ContactRow } from '../contacts/contacts.service';
import { preparedStatement } from '../database/prepared-statement';
import { recordset } from '../database/sql-recordset';
import type { ConversationKey } from './conversation-claims';

/** A conversation row as a turn reads and rewrites it. */
export interface ConversationRow {
  id: string;
  status: 'bot' | 'waiting' | 'handed-off' | 'closed';
  flow_id: string | null;
  flow_version_id: string | null;
  state: ConversationState | null;
  last_error: unknown;
}

export interface OutboxInsert {
  workspaceId: string;
  conversationId: string;
  connectionId: string;
  contactId: string;
  inboundEventId: number | null;
  kind: string;
  payload: unknown;
  flowVersionId: string | null;
}

export interface TimerRow {
  id: string;
  conversationId: string;
  connectionId: string;
  contactExternalId: string;
  workspaceId: string;
  /** ISO instant, as the engine gives it. */
  fireAt: string;
}

/**
 * Everything a batch of turns writes, collected in memory while the engine runs and written by `flush` in ONE
 * statement (data-modifying CTEs), inside the batch's transaction. Round trips to PostgreSQL are the runtime's main
 * cost (a CPU profile of the worker showed about half its time in socket writes), so a batch of N conversations
 * costs the same handful of statements as one.
 *
 * Why one statement is safe: every CTE touches different rows (each conversation, contact and timer appears once:
 * timers scheduled then cancelled in one batch are netted here first), and the queue rows it releases are the
 * ones this transaction claimed. The sub-statements share one snapshot, so the release cannot see the processed
 * marks written beside it: it excludes the events marked here by id instead.
 */
export class TurnWrites {
  private readonly processed: Array<{ id: string; conversation_id: string; outcome: string }> = [];
  private readonly conversations = new Map<string, ConversationRow>();
  private readonly contacts = new Map<string, ContactRow>();
  private readonly outbox: OutboxInsert[] = [];
  /** timer id → the row to upsert, or null to delete. */
  private readonly timers = new Map<string, TimerRow | null>();
  private readonly stats: FlowStatsBatch[] = [];
  private readonly dispatch = new Set<string>();

  markProcessed(eventId: string, conversationId: string, outcome: string): void {
    this.processed.push({ id: eventId, conversation_id: conversationId, outcome });
  }

  saveConversation(conversation: ConversationRow): void {
    this.conversations.set(conversation.id, conversation);
  }

  saveContact(contact: ContactRow): void {
    this.contacts.set(contact.id, contact);
  }

  /** Outbox rows keep their order: ids are assigned in the order they are added, per conversation and overall. */
  addOutbox(rows: OutboxInsert[]): void {
    this.outbox.push(...rows);
    for (const row of rows) this.dispatch.add(row.conversationId);
  }

  scheduleTimer(timer: TimerRow): void {
    this.timers.set(timer.id, timer);
  }

  cancelTimer(timerId: string): void {
    this.timers.set(timerId, null);
  }

  addStats(batch: FlowStatsBatch): void {
    this.stats.push(batch);
  }

  /**
   * Writes the batch and releases its claimed queue rows that have nothing pending left (an event that arrives
   * meanwhile waits on the claimed row's lock and queues the conversation again once this commits).
   */
  async flush(tx: EntityManager, claimed: ConversationKey[], now = new Date()): Promise<{ dispatchQueued: boolean }> {
    const timers = [...this.timers.entries()];
    const stats = this.stats.map((s) => s.drain());
    const conversations = [...this.conversations.values()].map((c) => ({
      id: c.id,
      status: c.status,
      flow_id: c.flow_id,
      flow_version_id: c.flow_version_id,
      current_node_id: c.state?.currentNodeId ?? null,
      state: c.state,
      last_error: c.last_error ?? null,
    }));
    const contacts = [...this.contacts.values()].map((c) => ({ id: c.id, custom_fields: c.custom_fields, tags: [...new Set(c.tags)], fired_triggers: c.fired_triggers }));
    const [result]: Array<{ queued: number }> = await tx.query(
      preparedStatement(`WITH processed AS (
         UPDATE inbound_events e SET processed_at = now(), conversation_id = p.conversation_id, outcome = p.outcome
           FROM ${recordset('$1', 'p', 'id bigint, conversation_id uuid, outcome text')} WHERE e.id = p.id
       ), saved_conversations AS (
         UPDATE conversations c SET status = v.status, flow_id = v.flow_id, flow_version_id = v.flow_version_id,
                current_node_id = v.current_node_id, state = v.state, last_error = v.last_error, updated_at = now()
           FROM ${recordset('$2', 'v', 'id uuid, status text, flow_id uuid, flow_version_id uuid, current_node_id text, state jsonb, last_error jsonb')}
          WHERE c.id = v.id
       ), saved_contacts AS (
         UPDATE contacts ct SET custom_fields = v.custom_fields, tags = v.tags, fired_triggers = v.fired_triggers
           FROM ${recordset('$3', 'v', 'id uuid, custom_fields jsonb, tags text[], fired_triggers jsonb')} WHERE ct.id = v.id
       ), cancelled_timers AS (
         DELETE FROM timers WHERE id = ANY($4::text[])
       ), scheduled_timers AS (
         INSERT INTO timers (id, conversation_id, connection_id, contact_external_id, workspace_id, fire_at)
         SELECT t."id", t."conversationId", t."connectionId", t."contactExternalId", t."workspaceId", t."fireAt"
           FROM jsonb_to_recordset($5::jsonb) AS t("id" text, "conversationId" uuid, "connectionId" uuid, "contactExternalId" text, "workspaceId" uuid, "fireAt" timestamptz)
         ON CONFLICT (id) DO UPDATE SET fire_at = EXCLUDED.fire_at
       ), outbox_rows AS (
         INSERT INTO outbox (workspace_id, conversation_id, connection_id, contact_id, inbound_event_id, kind, payload, flow_version_id)
         SELECT o."workspaceId", o."conversationId", o."connectionId", o."contactId", o."inboundEventId", o.kind, o.payload, o."flowVersionId"
           FROM ROWS FROM (jsonb_to_recordset($6::jsonb) AS ("workspaceId" uuid, "conversationId" uuid, "connectionId" uuid, "contactId" uuid, "inboundEventId" bigint, kind text, payload jsonb, "flowVersionId" uuid))
                WITH ORDINALITY AS o("workspaceId", "conversationId", "connectionId", "contactId", "inboundEventId", kind, payload, "flowVersionId", n)
          ORDER BY o.n
       ), deltas AS (
         INSERT INTO flow_stat_deltas (workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, count)
         SELECT r."workspaceId", r."flowId", r."versionId", date_trunc('hour', $9::timestamptz), r."nodeId", r.metric, r.output, r.n
           FROM jsonb_to_recordset($7::jsonb) AS r("workspaceId" uuid, "flowId" uuid, "versionId" uuid, "nodeId" text, metric text, output text, n bigint)
       ), reach AS (
         INSERT INTO conversation_node_reach (workspace_id, flow_id, flow_version_id, conversation_id, node_id, output, first_at)
         SELECT r."workspaceId", r."flowId", r."versionId", r."conversationId", r."nodeId", r.output, $9::timestamptz
           FROM jsonb_to_recordset($8::jsonb) AS r("workspaceId" uuid, "flowId" uuid, "versionId" uuid, "conversationId" uuid, "nodeId" text, output text)
         ON CONFLICT DO NOTHING
       ), dispatch AS (
         -- Same upsert and version bump as queueDispatch, in id order so concurrent batches lock rows in one order.
         -- No NOTIFY: the caller wakes its own process's dispatcher after the commit (see CoalescingNotifier for why).
         INSERT INTO dispatch_queue (conversation_id) SELECT DISTINCT unnest($10::uuid[]) ORDER BY 1
         ON CONFLICT (conversation_id) DO UPDATE SET ready_at = LEAST(dispatch_queue.ready_at, now()), version = dispatch_queue.version + 1
         RETURNING 1
       ), released AS (
         DELETE FROM conversation_queue q USING ${recordset('$11', 'k', '"connectionId" uuid, "contactExternalId" text')}
          WHERE q.connection_id = k."connectionId" AND q.contact_external_id = k."contactExternalId"
            AND NOT EXISTS (SELECT 1 FROM inbound_events e WHERE e.connection_id = k."connectionId" AND e.contact_external_id = k."contactExternalId"
                              AND e.processed_at IS NULL AND e.id <> ALL($12::bigint[]))
       )
       SELECT count(*)::int AS queued FROM dispatch`),
      [
        JSON.stringify(this.processed),
        JSON.stringify(conversations),
        JSON.stringify(contacts),
        timers.filter(([, t]) => t === null).map(([id]) => id),
        JSON.stringify(timers.flatMap(([, t]) => (t ? [t] : []))),
        JSON.stringify(this.outbox),
        JSON.stringify(sumCounters(stats.flatMap((s) => s.counters))),
        JSON.stringify(stats.flatMap((s) => s.reach)),
        now,
        [...this.dispatch],
        JSON.stringify(claimed),
        this.processed.map((p) => p.id),
      ],
    );
    return { dispatchQueued: result.queued > 0 };
  }
}

/**
 * One delta row per counter key for the whole batch: a batch of conversations through one popular flow otherwise
 * appends the same few keys once per conversation (4 rows per DM for a one-step flow), and every row is an insert
 * now and a delete in the rollup later.
 */
export function sumCounters<T extends { workspaceId: string; flowId: string; versionId: string; nodeId: string; metric: string; output: string; n: number }>(counters: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const c of counters) {
    const key = JSON.stringify([c.workspaceId, c.versionId, c.nodeId, c.metric, c.output]);
    const seen = byKey.get(key);
    if (seen) seen.n += c.n;
    else byKey.set(key, { ...c });
  }
  return [...byKey.values()];
}
