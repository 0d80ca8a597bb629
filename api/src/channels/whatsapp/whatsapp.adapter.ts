import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { EgressClient } from '../../egress';
import type { ChannelAdapter, ChannelConnection, NormalizedEvent, SendResult, SendTarget } from '../channel-adapter';
import { callPlatform, jsonOf } from '../common/platform-call';
import { arr, obj, str } from '../common/json-shapes';
import { classifyGraphError } from '../meta/meta-errors';
import { metaHandshake, verifyMetaSignature } from '../meta/meta-webhook';
import { formatWhatsAppMessages } from './whatsapp.formatter';
import { parseWhatsAppDelivery } from './whatsapp.parser';

/**
 * WhatsApp Cloud API. The connection's external id is the phone number id.
 * Secrets: `accessToken` (system user token), `appSecret`, `verifyToken`.
 */
@Injectable()
export class WhatsAppAdapter implements ChannelAdapter {
  readonly platform = 'whatsapp' as const;

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
    return parseWhatsAppDelivery(connection, body);
  }

  async send(connection: ChannelConnection, target: SendTarget, message: OutboundMessage): Promise<SendResult> {
    const { metaGraphUrl, metaGraphVersion } = this.config.channelApis;
    const url = `${metaGraphUrl}/${metaGraphVersion}/${encodeURIComponent(connection.externalAccountId)}/messages`;
    let lastId: string | undefined;
    for (const body of formatWhatsAppMessages(message)) {
      const outcome = await callPlatform(this.egress, {
        url,
        headers: { authorization: `Bearer ${connection.secrets.accessToken ?? ''}` },
        body: { messaging_product: 'whatsapp', recipient_type: 'individual', to: target.contactExternalId, ...body },
      });
      if (!outcome.ok) return outcome.result;
      if (outcome.response.status >= 300) return classifyGraphError(outcome.response);
      lastId = str(obj(arr(jsonOf(outcome.response).messages)[0]).id) ?? lastId;
    }
    return { ok: true, ...(lastId ? { platformMessageId: lastId } : {}) };
  }
}
