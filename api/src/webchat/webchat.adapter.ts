import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** Sends NOTIFY this channel with the visitor id: a stream served by any API process wakes at once. */
const WEBCHAT_CHANNEL = 'parley_webchat';
import type { ChannelAdapter, ChannelConnection, NormalizedEvent, SendResult, SendTarget } from '../channels/channel-adapter';

/**
 * The built-in web chat as a channel: visitors post through our own REST route (no webhook, no signature), and a
 * "send" appends the message to the visitor's stream (`webchat_messages`), read over SSE or polling.
 */
@Injectable()
export class WebchatAdapter implements ChannelAdapter, OnModuleDestroy {
  readonly platform = 'webchat' as const;
  private readonly logger = new Logger(WebchatAdapter.name);
  private readonly listeners = new Map<string, Set<() => void>>();
  private notifications: Client | null = null;
  private connecting = false;
  private destroyed = false;

  constructor(private readonly db: DataSource) {}

  verifySignature(): boolean {
    return false; // never reached through the webhook route: web chat posts come through WebchatController
  }

  parseDelivery(_connection: ChannelConnection, body: unknown): NormalizedEvent[] {
    return Array.isArray(body) ? (body as NormalizedEvent[]) : [];
  }

  async send(_connection: ChannelConnection, target: SendTarget, message: OutboundMessage): Promise<SendResult> {
    // The worker that sends is often not the API process holding the visitor's stream: NOTIFY reaches every process.
    const [row] = await this.db.query(
      `WITH m AS (INSERT INTO webchat_messages (visitor_id, message) VALUES ($1, $2) RETURNING id) SELECT id, pg_notify('${WEBCHAT_CHANNEL}', $1::text) FROM m`,
      [target.contactExternalId, message],
    );
    this.wake(target.contactExternalId);
    return { ok: true, platformMessageId: String(row.id) };
  }

  /** Wakes an SSE stream early when a reply for this visitor is stored by any process (its poll is the safety net). */
  listen(visitorId: string, wake: () => void): () => void {
    void this.subscribe();
    const set = this.listeners.get(visitorId) ?? new Set();
    set.add(wake);
    this.listeners.set(visitorId, set);
    return () => {
      set.delete(wake);
      if (!set.size) this.listeners.delete(visitorId);
    };
  }

  onModuleDestroy(): Promise<void> | undefined {
    this.destroyed = true;
    return this.notifications?.end().catch(() => undefined);
  }

  private wake(visitorId: string): void {
    for (const wake of this.listeners.get(visitorId) ?? []) wake();
  }

  /** One LISTEN connection per process, opened with the first stream and re-opened after the database returns. */
  private async subscribe(): Promise<void> {
    const url = (this.db.options as { url?: string }).url;
    if (this.notifications || this.connecting || this.destroyed || !url) return;
    this.connecting = true;
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      if (this.notifications === client) this.notifications = null;
      client.end().catch(() => undefined);
      if (!this.destroyed && this.listeners.size) setTimeout(() => void this.subscribe(), 1000);
    };
    client.on('error', drop);
    client.on('notification', (n) => n.payload && this.wake(n.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${WEBCHAT_CHANNEL}`);
      if (this.destroyed) return void (await client.end());
      this.notifications = client;
    } catch (error) {
      this.logger.warn(`web chat LISTEN failed (streams fall back to polling): ${error instanceof Error ? error.message : String(error)}`);
      drop();
    } finally {
      this.connecting = false;
    }
  }
}
