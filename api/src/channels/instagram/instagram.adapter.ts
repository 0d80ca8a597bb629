import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { EgressClient } from '../../egress';
import type { ChannelAdapter, ChannelConnection, NormalizedEvent, SendResult, SendTarget } from '../channel-adapter';
import { callPlatform, jsonOf } from '../common/platform-call';
import { str } from '../common/json-shapes';
import { clipChars } from '../common/text-limits';
import { classifyGraphError } from '../meta/meta-errors';
import { sendMetaMessages } from '../meta/meta-send';
import { metaHandshake, verifyMetaSignature } from '../meta/meta-webhook';
import { parseInstagramDelivery } from './instagram.parser';

/**
 * Instagram messaging and comments. Two flavours (channels.md §2.1): Instagram Login (default: graph.instagram.com,
 * the account's own token) or Facebook Login (`config.login = "facebook"`: graph.facebook.com via `config.pageId`).
 * Secrets: `accessToken`, `appSecret` (the Instagram app secret for Instagram Login), `verifyToken`.
 */
@Injectable()
export class InstagramAdapter implements ChannelAdapter {
  readonly platform = 'instagram' as const;

  constructor(
    private readonly egress: EgressClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  handshake(connection: ChannelConnection, query: Record<string, string | undefined>) {
    return metaHandshake(connection, query);
  }

  verifySignature(connection: ChannelConnection, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): boolean {
    return verifyMetaSignature(connection, rawBody, headers);
  }

  parseDelivery(connection: ChannelConnection, body: unknown): NormalizedEvent[] {
    return parseInstagramDelivery(connection, body);
  }

  send(connection: ChannelConnection, target: SendTarget, message: OutboundMessage): Promise<SendResult> {
    const sender = connection.config.login === 'facebook' ? str(connection.config.pageId) ?? 'me' : connection.externalAccountId;
    const endpoint = `${this.base(connection)}/${encodeURIComponent(sender)}/messages`;
    // Instagram counts its 1,000-character limit in UTF-8 bytes.
    return sendMetaMessages(this.egress, endpoint, connection.secrets.accessToken ?? '', target, message, {
      text: { bytes: 1000 },
      quickReplies: 13,
      supportsTemplates: true,
    });
  }

  /** The public reply under a comment (`POST /{comment-id}/replies`). */
  async replyToComment(connection: ChannelConnection, commentId: string, text: string): Promise<SendResult> {
    const outcome = await callPlatform(this.egress, {
      url: `${this.base(connection)}/${encodeURIComponent(commentId)}/replies`,
      headers: { authorization: `Bearer ${connection.secrets.accessToken ?? ''}` },
      body: { message: clipChars(text, 2200) },
    });
    if (!outcome.ok) return outcome.result;
    if (outcome.response.status >= 300) return classifyGraphError(outcome.response);
    const id = str(jsonOf(outcome.response).id);
    return { ok: true, ...(id ? { platformMessageId: id } : {}) };
  }

  private base(connection: ChannelConnection): string {
    const { metaGraphUrl, metaGraphVersion, instagramUrl } = this.config.channelApis;
    return `${connection.config.login === 'facebook' ? metaGraphUrl : instagramUrl}/${metaGraphVersion}`;
  }
}
