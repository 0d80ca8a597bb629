import { Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import { DataSource } from 'typeorm';
import type { ChannelAdapter, ChannelConnection, NormalizedEvent, SendResult, SendTarget } from '../channels/channel-adapter';

/**
 * The built-in web chat as a channel: visitors post through our own REST route (no webhook, no signature), and a
 * "send" appends the message to the visitor's stream (`webchat_messages`), read over SSE or polling.
 */
@Injectable()
export class WebchatAdapter implements ChannelAdapter {
  readonly platform = 'webchat' as const;
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(private readonly db: DataSource) {}

  verifySignature(): boolean {
    return false; // never reached through the webhook route: web chat posts come through WebchatController
  }

  parseDelivery(_connection: ChannelConnection, body: unknown): NormalizedEvent[] {
    return Array.isArray(body) ? (body as NormalizedEvent[]) : [];
  }

  async send(_connection: ChannelConnection, target: SendTarget, message: OutboundMessage): Promise<SendResult> {
    const [row] = await this.db.query(`INSERT INTO webchat_messages (visitor_id, message) VALUES ($1, $2) RETURNING id`, [target.contactExternalId, message]);
    for (const wake of this.listeners.get(target.contactExternalId) ?? []) wake();
    return { ok: true, platformMessageId: String(row.id) };
  }

  /** Wakes an SSE stream of this process early (other processes' sends are picked up by its poll). */
  listen(visitorId: string, wake: () => void): () => void {
    const set = this.listeners.get(visitorId) ?? new Set();
    set.add(wake);
    this.listeners.set(visitorId, set);
    return () => set.delete(wake);
  }
}
