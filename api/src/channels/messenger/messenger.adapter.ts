import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { EgressClient } from '../../egress';
import type { ChannelAdapter, ChannelConnection, NormalizedEvent, SendResult, SendTarget } from '../channel-adapter';
import { metaHandshake, verifyMetaSignature } from '../meta/meta-webhook';
import { sendMetaMessages } from '../meta/meta-send';
import { parseMessengerDelivery } from './messenger.parser';

/**
 * Facebook Messenger: Page webhooks (`object: "page"`) in, the Send API out.
 * Secrets: `pageAccessToken`, `appSecret`, `verifyToken`. Config: `appId` (optional, for handover).
 */
@Injectable()
export class MessengerAdapter implements ChannelAdapter {
  readonly platform = 'messenger' as const;

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
    return parseMessengerDelivery(connection, body);
  }

  send(connection: ChannelConnection, target: SendTarget, message: OutboundMessage): Promise<SendResult> {
    const { metaGraphUrl, metaGraphVersion } = this.config.channelApis;
    const endpoint = `${metaGraphUrl}/${metaGraphVersion}/${encodeURIComponent(connection.externalAccountId)}/messages`;
    return sendMetaMessages(this.egress, endpoint, connection.secrets.pageAccessToken ?? '', target, message, {
      text: { chars: 2000 },
      quickReplies: 13,
      supportsTemplates: true,
    });
  }
}
