import { Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import type { ChannelConnection, NormalizedEvent, SendResult, SendTarget } from '../channel-adapter';
import { str } from '../common/json-shapes';
import { clipChars } from '../common/text-limits';
import { callGraph } from '../meta/graph-api';
import { MetaChannelAdapter } from '../meta/meta-channel-adapter';
import { sendMetaMessages } from '../meta/meta-send';
import { parseInstagramDelivery } from './instagram.parser';

/**
 * Instagram messaging and comments. Two flavours (channels.md §2.1): Instagram Login (default: graph.instagram.com,
 * the account's own token) or Facebook Login (`config.login = "facebook"`: graph.facebook.com via `config.pageId`).
 * Secrets: `accessToken`, `appSecret` (the Instagram app secret for Instagram Login), `verifyToken`.
 */
@Injectable()
export class InstagramAdapter extends MetaChannelAdapter {
  readonly platform = 'instagram' as const;

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
    const outcome = await callGraph(this.egress, {
      url: `${this.base(connection)}/${encodeURIComponent(commentId)}/replies`,
      token: connection.secrets.accessToken ?? '',
      body: { message: clipChars(text, 2200) },
    });
    if (!outcome.ok) return outcome.failure;
    const id = str(outcome.json.id);
    return { ok: true, ...(id ? { platformMessageId: id } : {}) };
  }

  // Instagram Login has its own host; Facebook Login goes through the Graph API like Messenger.
  private base(connection: ChannelConnection): string {
    const { metaGraphUrl, metaGraphVersion, instagramUrl } = this.config.channelApis;
    return `${connection.config.login === 'facebook' ? metaGraphUrl : instagramUrl}/${metaGraphVersion}`;
  }
}
