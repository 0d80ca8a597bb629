import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import type { ChannelAdapter, ChannelConnection, Platform, SendResult } from './channel-adapter';
import { ConnectionStore } from './connection-store';

/** The secret a platform signs deliveries with: connections sharing it are behind the same app webhook. */
const SIGNING_SECRET: Partial<Record<Platform, string>> = { messenger: 'appSecret', instagram: 'appSecret', whatsapp: 'appSecret', x: 'consumerSecret' };

/**
 * Where the runtime host finds a platform's adapter and a connection with its secrets opened.
 * Adapters register themselves (`register`), so a feature outside `channels/` (web chat) can add one.
 */
@Injectable()
export class ChannelRegistry {
  private readonly logger = new Logger(ChannelRegistry.name);
  private readonly adapters = new Map<Platform, ChannelAdapter>();

  constructor(
    private readonly store: ConnectionStore,
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  register(adapter: ChannelAdapter): void {
    this.adapters.set(adapter.platform, this.guarded(adapter));
  }

  has(platform: string): platform is Platform {
    return this.adapters.has(platform as Platform);
  }

  adapterFor(platform: Platform): ChannelAdapter {
    const adapter = this.adapters.get(platform);
    if (!adapter) throw new NotFoundError(`Channel platform "${platform}"`, 'CHANNEL_PLATFORM_UNKNOWN');
    return adapter;
  }

  /** The connection with its secrets decrypted (in memory only), or null. */
  loadConnection(connectionId: string): Promise<ChannelConnection | null> {
    return this.store.load(connectionId);
  }

  /** `loadConnection` for the webhook intake, which may reuse it for a few seconds (see ConnectionStore.loadForWebhook). */
  loadConnectionForWebhook(connectionId: string): Promise<ChannelConnection | null> {
    return this.store.loadForWebhook(connectionId);
  }

  /**
   * Connections that share this one's webhook: Meta and X send every account of an app to one callback URL, so a
   * delivery on one connection's URL may hold events of its siblings (same workspace, platform and signing secret).
   */
  async siblings(connection: ChannelConnection): Promise<ChannelConnection[]> {
    const key = SIGNING_SECRET[connection.platform];
    if (!key || !connection.secrets[key]) return [];
    return (await this.store.others(connection)).filter((other) => other.secrets[key] === connection.secrets[key]);
  }

  /** Marks a connection broken (credentials refused) and tells the workspace through its audit log. */
  async markBroken(connection: Pick<ChannelConnection, 'id' | 'workspaceId'>, reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.store.setStatus(connection.id, 'broken', reason.slice(0, 500), tx))) return;
      const actor = { workspaceId: connection.workspaceId, userId: null, apiKeyId: null };
      await this.audit.record(actor, { action: 'channel.broken', targetType: 'channel', targetId: connection.id, details: { reason } }, tx);
    });
  }

  /** Wraps sends so an auth failure marks the connection broken, whoever dispatched it. */
  private guarded(adapter: ChannelAdapter): ChannelAdapter {
    const onResult = async (connection: ChannelConnection, result: SendResult) => {
      if (!result.ok && result.kind === 'auth') {
        await this.markBroken(connection, result.message).catch((error) => this.logger.error(`markBroken failed: ${String(error)}`));
      }
      return result;
    };
    const wrapped: ChannelAdapter = Object.create(adapter);
    wrapped.send = async (connection, target, message) => onResult(connection, await adapter.send(connection, target, message));
    if (adapter.replyToComment) {
      wrapped.replyToComment = async (connection, commentId, text) => onResult(connection, await adapter.replyToComment!(connection, commentId, text));
    }
    return wrapped;
  }
}
