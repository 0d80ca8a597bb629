import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ChannelAdapter, ChannelConnection, HandshakeResponse } from '../channel-adapter';
import { DatabaseUnavailableError, isConnectionError } from '../../flow-execution/intake.service';
import { ChannelRegistry } from '../channel-registry';
import { stripNul } from '../common/json-shapes';
import { CHANNEL_INTAKE, type ChannelIntake } from './channel-intake';
import { WebhookNotFoundError, WebhookSignatureError } from './webhooks.errors';

type Headers = Record<string, string | string[] | undefined>;

/**
 * The platforms' door: handshakes on GET; on POST the signature over the raw bytes first (nothing is parsed or
 * stored before it passes), then parse, store through the intake (de-duplicated), acknowledge, 200.
 * No flow work happens here, so the platform's ack deadline (Meta 5 s, X CRC 3 s) is kept.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly registry: ChannelRegistry,
    @Inject(CHANNEL_INTAKE) private readonly intake: ChannelIntake,
  ) {}

  async handshake(platform: string, connectionId: string, query: Record<string, unknown>): Promise<HandshakeResponse> {
    const { adapter, connection } = await this.resolve(platform, connectionId);
    const strings = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
    const answer = adapter.handshake?.(connection, strings);
    return answer ?? { status: 200, body: { ok: true } };
  }

  async deliver(platform: string, connectionId: string, rawBody: Buffer | undefined, headers: Headers, body: unknown) {
    const { adapter, connection } = await this.resolve(platform, connectionId);
    if (!rawBody || !adapter.verifySignature(connection, rawBody, headers)) throw new WebhookSignatureError();
    // A disabled connection still proves the caller, then drops the delivery: no flow answers it.
    if (connection.status === 'disabled') return { accepted: 0, duplicates: 0 };
    const result = { accepted: 0, duplicates: 0 };
    // The URL's connection, then its siblings behind the same app webhook: each keeps only its own account's events.
    for (const target of [connection, ...(await this.registry.siblings(connection))]) {
      const events = stripNul(adapter.parseDelivery(target, body));
      if (events.length === 0) continue;
      const stored = await this.intake.accept(target, events);
      result.accepted += stored.accepted;
      result.duplicates += stored.duplicates;
      await this.acknowledge(adapter, target, events);
    }
    return result;
  }

  /** Telegram callback queries: stop the spinner once the tap is stored (duplicates too: answering twice is harmless). */
  private async acknowledge(adapter: ChannelAdapter, connection: ChannelConnection, events: Array<{ kind: string; ackToken?: string }>) {
    if (!adapter.acknowledge) return;
    const tokens = events.flatMap((e) => (e.kind === 'inbound' && e.ackToken ? [e.ackToken] : []));
    await Promise.all(tokens.map((token) => adapter.acknowledge!(connection, token).catch((error) => this.logger.warn(`acknowledge failed: ${String(error)}`))));
  }

  private async resolve(platform: string, connectionId: string): Promise<{ adapter: ChannelAdapter; connection: ChannelConnection }> {
    if (!this.registry.has(platform)) throw new WebhookNotFoundError();
    // Database down while loading: 503 so the platform retries (never a 500 it may give up on, never a 200).
    const connection = await this.registry.loadConnectionForWebhook(connectionId).catch((error) => {
      throw isConnectionError(error) ? new DatabaseUnavailableError() : error;
    });
    // One answer for an unknown id and another platform's id: the URL reveals nothing.
    if (!connection || connection.platform !== platform) throw new WebhookNotFoundError();
    return { adapter: this.registry.adapterFor(platform), connection };
  }
}
