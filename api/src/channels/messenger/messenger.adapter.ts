import { Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import type { ChannelConnection, NormalizedEvent, SendResult, SendTarget } from '../channel-adapter';
import { MetaChannelAdapter } from '../meta/meta-channel-adapter';
import { sendMetaMessages } from '../meta/meta-send';
import { parseMessengerDelivery } from './messenger.parser';

/**
 * Facebook Messenger: Page webhooks (`object: "page"`) in, the Send API out.
 * Secrets: `pageAccessToken`, `appSecret`, `verifyToken`. Config: `appId` (optional, for handover).
 */
@Injectable()
export class MessengerAdapter extends MetaChannelAdapter {
  readonly platform = 'messenger' as const;

  parseDelivery(connection: ChannelConnection, body: unknown): NormalizedEvent[] {
    return parseMessengerDelivery(connection, body);
  }

  send(connection: ChannelConnection, target: SendTarget, message: OutboundMessage): Promise<SendResult> {
    const endpoint = this.graphUrl(`${encodeURIComponent(connection.externalAccountId)}/messages`);
    return sendMetaMessages(this.egress, endpoint, connection.secrets.pageAccessToken ?? '', target, message, {
      text: { chars: 2000 },
      quickReplies: 13,
      supportsTemplates: true,
    });
  }
}
