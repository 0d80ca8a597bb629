import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ChannelConnection, Platform, SendResult } from '../channels/channel-adapter';
import type { ChannelRegistry } from '../channels/channel-registry';
import { countOutboxOutcome } from '../analytics/flow-stats-recorder';
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
  conv_status: string;
  contact_external_id: string;
  last_inbound_at: Date | null;
  opted_out_at: Date | null;
  platform: Platform;
  /** Automated messages sent to this contact in the last minute, when the rows were read (the anti-spam cap). */
  recent_sent: number;
}

const LEASE_MS = 15_000;
const MAX_ATTEMPTS = 5;
/** Messages of one conversation sent per claim. */
const BATCH = 50;
const WINDOW_MS = 24 * 3600_000;
const WINDOW_PLATFORMS = new Set<Platform>(['messenger', 'instagram', 'whatsapp']);

/**
 * Sends the outbox, in order per conversation. A dispatcher leases a conversation (short, renewable lease; never a
 * transaction held across the network), marks a message `sending` before the call and `sent` after it only if it
 * still owns the lease (ownership check at commit). A message found `sending` by the next owner was in flight when
 * its process died: it becomes `uncertain` and is never re-sent.
 */
export class Dispatcher {
  /** Anti-spam: automated messages per contact per minute; the overflow is blocked and recorded. */
  static contactCapPerMinute = 30;
  private readonly logger = new Logger(Dispatcher.name);
  private readonly connections = new Map<string, { connection: ChannelConnection | null; at: number }>();

  constructor(
    private readonly db: DataSource,
    private readonly registry: Pick<ChannelRegistry, 'adapterFor' | 'loadConnection'>,
    private readonly egress: EgressClient,
    private readonly owner: string,
    private readonly limiter = new RateLimiter(),
  ) {}

  /** Claims one ready conversation and sends what it can; false when nothing was ready. */
  async dispatchOne(): Promise<boolean> {
    // The claim and the read of its outbox are one statement (one round trip per conversation, not two).
    const claimed: Array<Partial<OutboxRow> & { claimed_id: string; claimed_version: string }> = await this.db.query(
      `WITH claimed AS (
         UPDATE dispatch_queue SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond'
          WHERE conversation_id = (SELECT conversation_id FROM dispatch_queue
                                    WHERE ready_at <= now() AND (lease_until IS NULL OR lease_until < now())
                                    ORDER BY ready_at LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING conversation_id, version)
       SELECT claimed.conversation_id AS claimed_id, claimed.version AS claimed_version, o.*
         FROM claimed LEFT JOIN LATERAL (
           SELECT o.id, o.kind, o.automated, o.payload, o.status, o.attempts, o.workspace_id, o.connection_id, c.status AS conv_status,
                  ct.external_id AS contact_external_id, ct.last_inbound_at, ct.opted_out_at, cc.platform,
                  (SELECT count(*) FROM outbox s WHERE s.contact_id = o.contact_id AND s.automated AND s.status = 'sent' AND s.sent_at > now() - interval '1 minute')::int AS recent_sent
             FROM outbox o JOIN conversations c ON c.id = o.conversation_id JOIN contacts ct ON ct.id = o.contact_id
             JOIN channel_connections cc ON cc.id = o.connection_id
            WHERE o.conversation_id = claimed.conversation_id AND o.status IN ('pending', 'sending') ORDER BY o.id LIMIT ${BATCH}) o ON true
        ORDER BY o.id`,
      [this.owner, LEASE_MS],
    );
    if (!claimed.length) return false;
    const conversationId = claimed[0].claimed_id;
    const rows = claimed.filter((r) => r.id != null) as OutboxRow[];
    let retryAt: Date | null = null;
    let drained = false;
    try {
      ({ retryAt, drained } = await this.sendConversation(conversationId, rows));
    } catch (error) {
      this.logger.error(`dispatch ${conversationId}: ${String(error)}`);
      retryAt = new Date(Date.now() + 1000);
    }
    await this.release(conversationId, claimed[0].claimed_version, drained, retryAt);
    return true;
  }

  /** Sends a claimed conversation's pending messages (read with the claim, oldest first, at most BATCH). */
  private async sendConversation(conversationId: string, rows: OutboxRow[]): Promise<{ retryAt: Date | null; drained: boolean }> {
    // The cap counts what was sent before this batch (read with the rows) plus what this batch sends: the contact's
    // one conversation is leased to us, so nobody else sends to it meanwhile.
    let sentHere = 0;
    for (const row of rows) {
      row.recent_sent += sentHere;
      if (row.status === 'sending') {
        await this.finish(row.id, 'uncertain', 'The process stopped while this message was being sent; not re-sent automatically.');
        continue;
      }
      const refusal = this.policy(row);
      if (refusal) {
        await this.finish(row.id, 'blocked', refusal);
        continue;
      }
      // The rate limit is waited for before the message is marked `sending`: a wait that fails leaves it pending.
      if (row.kind !== 'http') await this.limiter.take(row.connection_id, row.platform);
      if (!(await this.markSending(row.id, conversationId))) return { retryAt: null, drained: false };
      const result = await this.perform(row);
      if (result.ok) {
        await this.finish(row.id, 'sent', null, result.platformMessageId);
        if (row.automated && row.kind !== 'http') sentHere++;
        continue;
      }
      if ((result.kind === 'transient' || result.kind === 'rate-limited') && row.attempts + 1 < MAX_ATTEMPTS) {
        // Back to pending and stop here: later messages of this conversation must not overtake it.
        const delay = result.retryAfterMs ?? Math.min(30_000, 500 * 2 ** row.attempts);
        await this.db.query(`UPDATE outbox SET status = 'pending', error = $2 WHERE id = $1 AND status = 'sending'`, [row.id, result.message]);
        return { retryAt: new Date(Date.now() + delay), drained: false };
      }
      await this.finish(row.id, result.kind === 'window-closed' ? 'blocked' : 'failed', result.message);
    }
    return { retryAt: null, drained: rows.length < BATCH };
  }

  /** Why a message may not go out now, or null. */
  private policy(row: OutboxRow): string | null {
    if (!row.automated || row.kind === 'http') return null;
    // The handoff node's own "connecting you…" message is written in the turn that hands off: it still goes out.
    if (row.conv_status === 'handed-off' && row.payload.handoffNotice !== true) return 'HANDED_OFF: the conversation is with an agent.';
    // Broadcasts re-check the opt-out at send time; an approved WhatsApp template may go out after the window.
    if (row.payload.broadcastId && row.opted_out_at) return 'OPTED_OUT: the contact opted out of broadcasts.';
    const template = row.platform === 'whatsapp' && row.payload.template !== undefined;
    if (!template && WINDOW_PLATFORMS.has(row.platform) && (!row.last_inbound_at || Date.now() - new Date(row.last_inbound_at).getTime() > WINDOW_MS)) {
      return `WINDOW_CLOSED: the contact's last message is older than 24 hours; ${row.platform} forbids automated messages outside the window.`;
    }
    return row.recent_sent >= Dispatcher.contactCapPerMinute ? `CONTACT_RATE_CAP: more than ${Dispatcher.contactCapPerMinute} automated messages in a minute to this contact.` : null;
  }

  /** pending → sending, only while we own the lease and no agent took the conversation over (for automated sends). */
  private async markSending(id: string, conversationId: string): Promise<boolean> {
    // Renewing the lease and the ownership check are one statement: one round trip per message.
    const [, count] = await this.db.query(
      `WITH lease AS (
         UPDATE dispatch_queue SET lease_until = now() + $4 * interval '1 millisecond' WHERE conversation_id = $2 AND lease_owner = $3 RETURNING 1
       )
       UPDATE outbox o SET status = 'sending', attempts = attempts + 1
        WHERE o.id = $1 AND o.status = 'pending'
          AND EXISTS (SELECT 1 FROM lease)
          AND (NOT o.automated OR o.kind = 'http' OR o.payload @> '{"handoffNotice": true}' OR EXISTS (SELECT 1 FROM conversations c WHERE c.id = $2 AND c.status <> 'handed-off'))`,
      [id, conversationId, this.owner, LEASE_MS],
    );
    return count > 0;
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

  private async finish(id: string, status: 'sent' | 'failed' | 'blocked' | 'uncertain', error: string | null, platformMessageId?: string): Promise<void> {
    // The final status and its analytics counter (sent/failed/blocked/uncertain per node) commit in one statement.
    await this.db.query(
      countOutboxOutcome(`UPDATE outbox SET status = $2, error = $3, platform_message_id = $4, sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
        WHERE id = $1 AND (status = 'pending' OR (status = 'sending'
          AND EXISTS (SELECT 1 FROM dispatch_queue d WHERE d.conversation_id = outbox.conversation_id AND d.lease_owner = $5)))`),
      [id, status, error, platformMessageId ?? null, this.owner],
    );
    if (status === 'uncertain' || status === 'failed') this.logger.warn(`outbox ${id}: ${status}${error ? ` (${error})` : ''}`);
  }

  /** Removes the queue row only if nothing arrived since the claim (same version); otherwise frees it for the next round. */
  private async release(conversationId: string, version: string, drained: boolean, retryAt: Date | null): Promise<void> {
    if (drained && !retryAt) {
      const [, deleted] = await this.db.query(`DELETE FROM dispatch_queue WHERE conversation_id = $1 AND lease_owner = $2 AND version = $3`, [conversationId, this.owner, version]);
      if (deleted > 0) return;
    }
    await this.db.query(`UPDATE dispatch_queue SET lease_owner = NULL, lease_until = NULL, ready_at = COALESCE($3, ready_at) WHERE conversation_id = $1 AND lease_owner = $2`, [
      conversationId,
      this.owner,
      retryAt,
    ]);
  }

  private async connection(id: string): Promise<ChannelConnection | null> {
    const hit = this.connections.get(id);
    if (hit && Date.now() - hit.at < 10_000) return hit.connection;
    const connection = await this.registry.loadConnection(id);
    this.connections.set(id, { connection, at: Date.now() });
    return connection;
  }
}
