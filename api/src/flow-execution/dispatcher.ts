import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ChannelConnection, Platform, SendResult } from '../channels/channel-adapter';
import type { ChannelRegistry } from '../channels/channel-registry';
import { countOutboxOutcome, outboxOutcomeCtes } from '../analytics/flow-stats-recorder';
import { preparedStatement } from '../database/prepared-statement';
import { recordset } from '../database/sql-recordset';
import type { EgressClient } from '../egress/egress-client';
import { insertEvents } from './intake.service';
import { RateLimiter } from './rate-limiter';

interface OutboxRow {
  id: string;
  kind: 'message' | 'comment-reply' | 'http';
  automated: boolean;
  payload: Record<string, unknown>;
  status: 'pending' | 'sending';
  attempts: number;
  workspace_id: string;
  connection_id: string;
  contact_id: string;
  conv_status: string;
  contact_external_id: string;
  last_inbound_at: Date | null;
  opted_out_at: Date | null;
  platform: Platform;
  /** Automated messages sent to this contact in the last minute, when the rows were read (the anti-spam cap). */
  recent_sent: number;
}

/** One leased conversation of a claim and how far this claim got with it. */
interface Claim {
  conversationId: string;
  version: string;
  /** Its pending/sending outbox rows, oldest first, at most BATCH. */
  rows: OutboxRow[];
  /** The next row to look at. */
  next: number;
  /** Still sending in this claim: a retry, a refused `sending` mark or an error stops it. */
  active: boolean;
  /** Every row read was handled and there were fewer than BATCH: the queue row may go (if nothing came in since). */
  drained: boolean;
  retryAt: Date | null;
}

/** The last round of a claim: its outcomes, recorded with the release, and its sending slots, freed after it. */
interface LastRound {
  outcomes: Outcome[];
  slots: number;
}

/** A row's new status, as the recording statements take it (`pending` puts a transient failure back for a retry). */
interface Outcome {
  outbox_id: string;
  final: 'sent' | 'failed' | 'blocked' | 'uncertain' | 'pending';
  error_text: string | null;
  platform_message: string | null;
}

/** A conversation's message in one round, with the decisions (uncertain, blocked) on its rows before it. */
interface RoundItem {
  claim: Claim;
  row: OutboxRow;
  decided: Outcome[];
}

const LEASE_MS = 15_000;
const MAX_ATTEMPTS = 5;
/** Messages of one conversation read per claim. */
const BATCH = 50;
/** Conversations leased per claim: the statements of a claim are shared by all of them. */
const CLAIM_SIZE = 32;
/** A conversation whose dispatch failed unexpectedly (database, HTTP answer not stored) is looked at again after this. */
const ERROR_RETRY_MS = 1000;
const WINDOW_MS = 24 * 3600_000;
const WINDOW_PLATFORMS = new Set<Platform>(['messenger', 'instagram', 'whatsapp']);
const UNCERTAIN = 'The process stopped while this message was being sent; not re-sent automatically.';

/**
 * The UPDATE that records many outcomes (`$outcomes` a JSON array of Outcome): a `pending` row always (a decision),
 * a `sending` row only while its conversation's lease is still `$owner`'s (ownership check at commit: a dispatcher
 * that stalled past its lease cannot overwrite the new owner's work).
 */
function recordOutcomes(outcomes: string, owner: string): string {
  return `UPDATE outbox SET status = r.final, error = r.error_text, platform_message_id = r.platform_message,
           sent_at = CASE WHEN r.final = 'sent' THEN now() ELSE sent_at END
      FROM ${recordset(outcomes, 'r', 'outbox_id bigint, final text, error_text text, platform_message text')}
     WHERE outbox.id = r.outbox_id AND (outbox.status = 'pending' OR (outbox.status = 'sending'
       AND EXISTS (SELECT 1 FROM dispatch_queue d WHERE d.conversation_id = outbox.conversation_id AND d.lease_owner = ${owner})))`;
}

/**
 * Sends the outbox, in order per conversation. A dispatcher leases conversations (short, renewable leases; never a
 * transaction held across the network), marks a message `sending` before the call and `sent` after it only if it
 * still owns the lease (ownership check at commit). A message found `sending` by the next owner was in flight when
 * its process died: it becomes `uncertain` and is never re-sent.
 *
 * Round trips are the dispatcher's main cost, so one claim leases up to CLAIM_SIZE conversations and works in rounds
 * that share their statements: in each round every conversation still going contributes its next message; one
 * statement marks a group of them `sending` (renewing the claim's leases), they go out in parallel, one statement
 * records the group's outcomes; one statement releases the claim. A group is what has a sending slot (at most
 * maxSending per process) and its rate-limit token: with both to spare, the whole round, and a claim whose
 * conversations have one message each costs three statements: claim, mark, then the outcomes with the release.
 * Why the per-conversation guarantees hold: a conversation has at most one message in a round and a round's sends
 * all finish before the next round starts, so its messages go out one at a time, in outbox order; a message is
 * marked `sending` (checked `pending` and leased to us, in the same statement) before its call, so it is never sent
 * twice; decisions on earlier rows (uncertain, blocked) commit with or before the mark of the message after them;
 * a transient failure puts that message back to `pending` and stops only its own conversation for this claim.
 */
export class Dispatcher {
  /** Anti-spam: automated messages per contact per minute; the overflow is blocked and recorded. */
  static contactCapPerMinute = 30;
  /**
   * Default of the messages one process has `sending` at once, over all its dispatch loops (PARLEY_DISPATCH_CONCURRENCY
   * sets it per process): a process killed mid-send leaves at most this many `uncertain`. 32 lets a whole claim go out as one group (three statements for 32 replies, where 8, one
   * per loop as before batching, cost 10).
   */
  static maxSending = 32;
  private readonly logger = new Logger(Dispatcher.name);
  private readonly connections = new Map<string, { connection: ChannelConnection | null; at: number }>();
  private freeSlots: number;
  /** Messages waiting for a sending slot, first come first served. */
  private readonly slotQueue: Array<() => void> = [];

  constructor(
    private readonly db: DataSource,
    private readonly registry: Pick<ChannelRegistry, 'adapterFor' | 'loadConnection'>,
    private readonly egress: EgressClient,
    private readonly owner: string,
    private readonly limiter = new RateLimiter(),
    /** This process's sending slots (PARLEY_DISPATCH_CONCURRENCY). */
    maxSending = Dispatcher.maxSending,
  ) {
    this.freeSlots = maxSending;
  }

  /** Claims ready conversations (up to CLAIM_SIZE) and sends what it can; false when nothing was ready. */
  async dispatchOne(): Promise<boolean> {
    // While this process's messages already queue for a sending slot, more leased conversations would only wait
    // (with their leases running down): claim once a slot is free.
    while (this.slotQueue.length || this.freeSlots === 0) await new Promise<void>((resolve) => this.slotQueue.push(() => (this.releaseSlots(1), resolve())));
    const claims = await this.claim();
    if (!claims.length) return false;
    const last: LastRound = { outcomes: [], slots: 0 };
    try {
      await this.sendClaims(claims, last);
    } catch (error) {
      this.logger.error(`dispatch of ${claims.length} conversation(s): ${String(error)}`);
      // What was recorded stays; each conversation is looked at again soon (a row left `sending` becomes `uncertain`).
      for (const claim of claims) this.stop(claim, claim.retryAt ? null : ERROR_RETRY_MS);
    }
    try {
      await this.release(claims, last.outcomes);
    } finally {
      // The last round's slots are free only once its outcomes are recorded: the bound on `sending` rows holds.
      this.releaseSlots(last.slots);
    }
    return true;
  }

  /** Leases up to CLAIM_SIZE ready conversations and reads their outboxes, in one statement. */
  private async claim(): Promise<Claim[]> {
    const rows: Array<Partial<OutboxRow> & { claimed_id: string; claimed_version: string }> = await this.db.query(
      preparedStatement(`WITH claimed AS (
         UPDATE dispatch_queue SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond'
          WHERE conversation_id IN (SELECT conversation_id FROM dispatch_queue
                                     WHERE ready_at <= now() AND (lease_until IS NULL OR lease_until < now())
                                     ORDER BY ready_at LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING conversation_id, version)
       SELECT claimed.conversation_id AS claimed_id, claimed.version AS claimed_version, o.*
         FROM claimed LEFT JOIN LATERAL (
           SELECT o.id, o.kind, o.automated, o.payload, o.status, o.attempts, o.workspace_id, o.connection_id, o.contact_id, c.status AS conv_status,
                  ct.external_id AS contact_external_id, ct.last_inbound_at, ct.opted_out_at, cc.platform,
                  (SELECT count(*) FROM outbox s WHERE s.contact_id = o.contact_id AND s.automated AND s.status = 'sent' AND s.sent_at > now() - interval '1 minute')::int AS recent_sent
             FROM outbox o JOIN conversations c ON c.id = o.conversation_id JOIN contacts ct ON ct.id = o.contact_id
             JOIN channel_connections cc ON cc.id = o.connection_id
            WHERE o.conversation_id = claimed.conversation_id AND o.status IN ('pending', 'sending') ORDER BY o.id LIMIT ${BATCH}) o ON true
        ORDER BY claimed.conversation_id, o.id`),
      [this.owner, LEASE_MS, CLAIM_SIZE],
    );
    const claims = new Map<string, Claim>();
    for (const row of rows) {
      let claim = claims.get(row.claimed_id);
      if (!claim) claims.set(row.claimed_id, (claim = { conversationId: row.claimed_id, version: row.claimed_version, rows: [], next: 0, active: true, drained: false, retryAt: null }));
      if (row.id != null) claim.rows.push(row as OutboxRow);
    }
    return [...claims.values()];
  }

  /** Sends the claimed conversations' messages, in rounds of at most one message per conversation. */
  private async sendClaims(claims: Claim[], last: LastRound): Promise<void> {
    // The cap counts what a contact got in the minute before the claim (read with the rows) plus what this claim sent
    // it: the contact's conversation is leased to us, so nobody else sends to it meanwhile.
    const sentTo = new Map<string, number>();
    for (;;) {
      const items: RoundItem[] = [];
      // Decisions of conversations with nothing left to send this round: no later message of theirs waits on them.
      const decided: Outcome[] = [];
      for (const claim of claims) {
        const next = this.nextMessage(claim, sentTo);
        if (next.row) items.push({ claim, row: next.row, decided: next.decided });
        else decided.push(...next.decided);
      }
      if (!items.length) {
        last.outcomes.push(...decided);
        return;
      }
      await this.sendRound(claims, items, decided, sentTo, last);
    }
  }

  /** The conversation's next message to send, deciding the rows before it that become `uncertain` or `blocked`. */
  private nextMessage(claim: Claim, sentTo: Map<string, number>): { row: OutboxRow | null; decided: Outcome[] } {
    const decided: Outcome[] = [];
    while (claim.active && claim.next < claim.rows.length) {
      const row = claim.rows[claim.next++];
      if (row.status === 'sending') {
        decided.push(outcome(row, 'uncertain', UNCERTAIN));
        continue;
      }
      const refusal = this.policy(row, row.recent_sent + (sentTo.get(row.contact_id) ?? 0));
      if (refusal) {
        decided.push(outcome(row, 'blocked', refusal));
        continue;
      }
      return { row, decided };
    }
    if (claim.active) {
      claim.active = false;
      claim.drained = claim.rows.length < BATCH;
    }
    return { row: null, decided };
  }

  /**
   * One round. Each message takes a sending slot (Dispatcher.maxSending), then waits for its connection's token,
   * before it is marked `sending` (a wait that fails leaves it pending, and a marked message goes out at once, so
   * the rate limit still spaces the sends out). Messages ready together are marked, sent and recorded together:
   * with slots and rate to spare, that is the whole round in one group. A slot is given back once the group's
   * outcomes are recorded.
   */
  private async sendRound(claims: Claim[], items: RoundItem[], decided: Outcome[], sentTo: Map<string, number>, last: LastRound): Promise<void> {
    // No conversation has a message after this round's (read or left in the table): when the round also goes out
    // as one group, its outcomes go with the release and its slots are freed after it. Only then: a later group of
    // the round may be waiting for those very slots.
    const final = items.every(({ claim }) => claim.next >= claim.rows.length && claim.rows.length < BATCH);
    let deferred = false;
    // Each group settles to its error, or null: one failing group does not leave the others unwatched.
    const groups: Array<Promise<{ error: unknown } | null>> = [];
    await new Promise<void>((resolve) => {
      let waiting = items.length;
      let ready: RoundItem[] = [];
      let scheduled = false;
      const flush = () => {
        scheduled = false;
        const group = ready;
        ready = [];
        // The round's other decisions ride with its first group's mark.
        if (group.length) {
          const defer = final && waiting === 0 && groups.length === 0;
          deferred ||= defer;
          const sent = this.sendGroup(claims, group, decided.splice(0), sentTo, defer ? last : null).finally(() => (defer ? (last.slots += group.length) : this.releaseSlots(group.length)));
          groups.push(sent.then(() => null, (error: unknown) => ({ error })));
        }
        if (waiting === 0) resolve();
      };
      const settle = () => {
        waiting--;
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      };
      for (const item of items) {
        const token = this.acquireSlot().then(async () => {
          try {
            if (item.row.kind !== 'http') await this.limiter.take(item.row.connection_id, item.row.platform);
          } catch (error) {
            this.releaseSlots(1);
            throw error;
          }
        });
        token.then(
          () => {
            ready.push(item);
            settle();
          },
          (error: unknown) => {
            this.logger.error(`dispatch ${item.claim.conversationId}: ${String(error)}`);
            this.stop(item.claim, ERROR_RETRY_MS);
            decided.push(...item.decided);
            settle();
          },
        );
      }
    });
    const failure = (await Promise.all(groups)).find((result) => result !== null);
    if (deferred) last.outcomes.push(...decided.splice(0));
    else if (decided.length) await this.record(decided.splice(0));
    if (failure) throw failure.error;
  }

  /** Marks a group `sending` (with the decisions before its messages), sends it in parallel and records the outcomes. */
  private async sendGroup(claims: Claim[], group: RoundItem[], decided: Outcome[], sentTo: Map<string, number>, deferTo: LastRound | null): Promise<void> {
    const marked = await this.markSending(
      claims,
      group.map((item) => item.row.id),
      [...decided, ...group.flatMap((item) => item.decided)],
    );
    const outcomes: Outcome[] = [];
    await Promise.all(
      group.map(async ({ claim, row }) => {
        // Not marked: the lease was lost, an agent took over, or the row changed. The next claim reads it again.
        if (!marked.has(row.id)) return this.stop(claim, null);
        let result: SendResult;
        try {
          result = await this.perform(row);
        } catch (error) {
          // Left `sending`: whether it went out is unknown, so the next claim marks it `uncertain`.
          this.logger.error(`dispatch ${claim.conversationId}: ${String(error)}`);
          return this.stop(claim, ERROR_RETRY_MS);
        }
        outcomes.push(this.outcomeOf(claim, row, result, sentTo));
      }),
    );
    if (deferTo) deferTo.outcomes.push(...outcomes);
    else if (outcomes.length) await this.record(outcomes);
  }

  private outcomeOf(claim: Claim, row: OutboxRow, result: SendResult, sentTo: Map<string, number>): Outcome {
    if (result.ok) {
      if (row.automated && row.kind !== 'http') sentTo.set(row.contact_id, (sentTo.get(row.contact_id) ?? 0) + 1);
      return outcome(row, 'sent', null, result.platformMessageId);
    }
    if ((result.kind === 'transient' || result.kind === 'rate-limited') && row.attempts + 1 < MAX_ATTEMPTS) {
      // Back to pending and this conversation stops here: its later messages must not overtake it.
      this.stop(claim, result.retryAfterMs ?? Math.min(30_000, 500 * 2 ** row.attempts));
      return outcome(row, 'pending', result.message);
    }
    return outcome(row, result.kind === 'window-closed' ? 'blocked' : 'failed', result.message);
  }

  private async acquireSlot(): Promise<void> {
    if (this.freeSlots > 0) {
      this.freeSlots--;
      return;
    }
    await new Promise<void>((resolve) => this.slotQueue.push(resolve));
  }

  /** Hands freed slots to the messages waiting for one, in turn. */
  private releaseSlots(n: number): void {
    for (let i = 0; i < n; i++) {
      const next = this.slotQueue.shift();
      if (next) next();
      else this.freeSlots++;
    }
  }

  /** Ends a conversation's part in this claim; with a delay, it is next looked at after it. */
  private stop(claim: Claim, retryInMs: number | null): void {
    claim.active = false;
    claim.drained = false;
    if (retryInMs !== null) claim.retryAt = new Date(Date.now() + retryInMs);
  }

  /** Why a message may not go out now, or null. `recentSent`: automated messages to this contact in the last minute. */
  private policy(row: OutboxRow, recentSent: number): string | null {
    if (!row.automated || row.kind === 'http') return null;
    // The handoff node's own "connecting you…" message is written in the turn that hands off: it still goes out.
    if (row.conv_status === 'handed-off' && row.payload.handoffNotice !== true) return 'HANDED_OFF: the conversation is with an agent.';
    // Broadcasts re-check the opt-out at send time; an approved WhatsApp template may go out after the window.
    if (row.payload.broadcastId && row.opted_out_at) return 'OPTED_OUT: the contact opted out of broadcasts.';
    const template = row.platform === 'whatsapp' && row.payload.template !== undefined;
    if (!template && WINDOW_PLATFORMS.has(row.platform) && (!row.last_inbound_at || Date.now() - new Date(row.last_inbound_at).getTime() > WINDOW_MS)) {
      return `WINDOW_CLOSED: the contact's last message is older than 24 hours; ${row.platform} forbids automated messages outside the window.`;
    }
    return recentSent >= Dispatcher.contactCapPerMinute ? `CONTACT_RATE_CAP: more than ${Dispatcher.contactCapPerMinute} automated messages in a minute to this contact.` : null;
  }

  /**
   * pending → sending for `ids`, only while we own the conversation's lease and no agent took it over (for automated
   * sends), in one statement that also renews every lease of the claim and records `decided` (the uncertain or
   * blocked rows before these messages: they commit no later than the mark of the message after them).
   * Answers the ids marked.
   */
  private async markSending(claims: Claim[], ids: string[], decided: Outcome[]): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await this.db.query(
      preparedStatement(`WITH lease AS (
         -- Queue rows are locked in id order, as the turn batch's upsert locks them: no deadlock between the two.
         UPDATE dispatch_queue SET lease_until = now() + $2 * interval '1 millisecond'
          WHERE conversation_id = ANY (ARRAY(SELECT conversation_id FROM dispatch_queue WHERE conversation_id = ANY ($3::uuid[]) AND lease_owner = $1
                                              ORDER BY conversation_id FOR UPDATE))
          RETURNING conversation_id
       ), marked AS (
         UPDATE outbox o SET status = 'sending', attempts = attempts + 1
          WHERE o.id = ANY ($4::bigint[]) AND o.status = 'pending'
            AND o.conversation_id IN (SELECT conversation_id FROM lease)
            AND (NOT o.automated OR o.kind = 'http' OR o.payload @> '{"handoffNotice": true}'
                 OR EXISTS (SELECT 1 FROM conversations c WHERE c.id = o.conversation_id AND c.status <> 'handed-off'))
          RETURNING o.id
       ), ${outboxOutcomeCtes(recordOutcomes('$5', '$1'))}
       SELECT id::text AS id FROM marked`),
      [this.owner, LEASE_MS, claims.map((c) => c.conversationId), ids, JSON.stringify(decided)],
    );
    this.logOutcomes(decided);
    return new Set(rows.map((r) => r.id));
  }

  /** Records outcomes (final states with their analytics counters, retries back to `pending`) in one statement. */
  private async record(outcomes: Outcome[]): Promise<void> {
    await this.db.query(preparedStatement(countOutboxOutcome(recordOutcomes('$2', '$1'))), [this.owner, JSON.stringify(outcomes)]);
    this.logOutcomes(outcomes);
  }

  private logOutcomes(outcomes: Outcome[]): void {
    for (const o of outcomes) if (o.final === 'uncertain' || o.final === 'failed') this.logger.warn(`outbox ${o.outbox_id}: ${o.final}${o.error_text ? ` (${o.error_text})` : ''}`);
  }

  /**
   * Frees every lease of the claim in one statement: a conversation that was drained with no retry pending loses its
   * queue row, but only if nothing arrived since the claim (same version); the others become ready at their retry
   * time (or stay ready).
   */
  private async release(claims: Claim[], outcomes: Outcome[]): Promise<void> {
    const released = claims.map((c) => ({ conversation_id: c.conversationId, version: c.version, done: c.drained && !c.retryAt, retry_at: c.retryAt?.toISOString() ?? null }));
    // The last round's outcomes ride along (the common claim is then three statements: claim, mark, release). The
    // sub-statements share one snapshot, so the outcomes' lease check still sees the leases this statement frees.
    const record = outcomes.length ? `${outboxOutcomeCtes(recordOutcomes('$3', '$1'))},` : '';
    await this.db.query(
      preparedStatement(`WITH ${record} r AS (SELECT * FROM ${recordset('$2', 'r', 'conversation_id uuid, version bigint, done boolean, retry_at timestamptz')}),
       ours AS (
         -- Locked in id order first (see markSending), then deleted or freed.
         SELECT ARRAY(SELECT d.conversation_id FROM dispatch_queue d WHERE d.conversation_id IN (SELECT conversation_id FROM r) AND d.lease_owner = $1
                       ORDER BY d.conversation_id FOR UPDATE) AS ids
       ), deleted AS (
         DELETE FROM dispatch_queue d USING r
          WHERE d.conversation_id = r.conversation_id AND d.conversation_id = ANY ((SELECT ids FROM ours)::uuid[]) AND r.done AND d.version = r.version
          RETURNING d.conversation_id
       )
       UPDATE dispatch_queue d SET lease_owner = NULL, lease_until = NULL, ready_at = COALESCE(r.retry_at, d.ready_at)
         FROM r
        WHERE d.conversation_id = r.conversation_id AND d.conversation_id = ANY ((SELECT ids FROM ours)::uuid[])
          AND d.conversation_id NOT IN (SELECT conversation_id FROM deleted)`),
      outcomes.length ? [this.owner, JSON.stringify(released), JSON.stringify(outcomes)] : [this.owner, JSON.stringify(released)],
    );
    this.logOutcomes(outcomes);
  }

  private async perform(row: OutboxRow): Promise<SendResult> {
    if (row.kind === 'http') return this.callHttp(row);
    const connection = await this.connection(row.connection_id);
    if (!connection || connection.status !== 'active') return { ok: false, kind: 'permanent', message: 'The channel connection is missing or not active.' };
    const adapter = this.registry.adapterFor(connection.platform);
    try {
      if (row.kind === 'comment-reply') {
        if (!adapter.replyToComment) return { ok: false, kind: 'permanent', message: 'This channel has no comment replies.' };
        return await adapter.replyToComment(connection, String(row.payload.commentId), String(row.payload.text));
      }
      if (row.payload.template) {
        if (!adapter.sendTemplate) return { ok: false, kind: 'permanent', message: 'This channel has no message templates.' };
        return await adapter.sendTemplate(connection, { contactExternalId: row.contact_external_id }, row.payload.template as never);
      }
      return await adapter.send(connection, { contactExternalId: row.contact_external_id, humanAgentTag: row.payload.humanAgentTag === true }, row.payload.message as never);
    } catch (error) {
      return { ok: false, kind: 'transient', message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** An http-request node's call; the answer goes back to the conversation as an `http-response` event. */
  private async callHttp(row: OutboxRow): Promise<SendResult> {
    const p = row.payload as { requestId: string; method: string; url: string; headers: Record<string, string>; body?: string; timeoutMs: number };
    let event: Record<string, unknown>;
    try {
      const res = await this.egress.request({ method: p.method, url: p.url, headers: p.headers, body: p.body, timeoutMs: p.timeoutMs });
      event = { type: 'http-response', requestId: p.requestId, status: res.status, body: res.json ?? (typeof res.body === 'string' ? res.body : null) };
    } catch (error) {
      // Flows see a generic error, never which internal address was refused.
      event = { type: 'http-response', requestId: p.requestId, error: (error as { code?: string }).code ?? 'EGRESS_NETWORK' };
    }
    await this.db.transaction((tx) =>
      insertEvents(tx, row.workspace_id, row.connection_id, [{ platformEventId: `http:${p.requestId}`, contactExternalId: row.contact_external_id, kind: 'engine', platformTs: new Date(), payload: { event } }]),
    );
    return { ok: true };
  }

  private async connection(id: string): Promise<ChannelConnection | null> {
    const hit = this.connections.get(id);
    if (hit && Date.now() - hit.at < 10_000) return hit.connection;
    const connection = await this.registry.loadConnection(id);
    this.connections.set(id, { connection, at: Date.now() });
    return connection;
  }
}

function outcome(row: OutboxRow, final: Outcome['final'], error: string | null, platformMessageId?: string): Outcome {
  return { outbox_id: row.id, final, error_text: error, platform_message: platformMessageId ?? null };
}
