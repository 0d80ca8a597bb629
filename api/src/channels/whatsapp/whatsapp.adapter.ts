import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { EgressClient } from '../../egress';
import type { ChannelAdapter, ChannelAttachment, ChannelConnection, MediaFetchResult, NormalizedEvent, SendResult, SendTarget, TemplateMessage } from '../channel-adapter';
import { callPlatform, jsonOf } from '../common/platform-call';
import { arr, obj, str } from '../common/json-shapes';
import { downloadMedia } from '../media/media-download';
import { classifyGraphError } from '../meta/meta-errors';
import { metaHandshake, verifyMetaSignature } from '../meta/meta-webhook';
import { formatWhatsAppMessages, formatWhatsAppTemplate } from './whatsapp.formatter';
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

  send(connection: ChannelConnection, target: SendTarget, message: OutboundMessage): Promise<SendResult> {
    return this.post(connection, target, formatWhatsAppMessages(message));
  }

  /** A `template` message: approved by WhatsApp beforehand, so it may start a conversation outside the 24-hour window. */
  sendTemplate(connection: ChannelConnection, target: SendTarget, template: TemplateMessage): Promise<SendResult> {
    return this.post(connection, target, [formatWhatsAppTemplate(template)]);
  }

  /**
   * Media arrive as an id: `GET /{media-id}` answers a short-lived URL, which is fetched with the same bearer token.
   * `phone_number_id` makes Meta check the media belongs to this number.
   */
  async fetchMedia(connection: ChannelConnection, attachment: ChannelAttachment, egress: EgressClient): Promise<MediaFetchResult> {
    if (!attachment.mediaId) return { ok: false, reason: 'not-found', message: 'The attachment has no media id.' };
    const { metaGraphUrl, metaGraphVersion } = this.config.channelApis;
    const auth = { authorization: `Bearer ${connection.secrets.accessToken ?? ''}` };
    const lookup = `${metaGraphUrl}/${metaGraphVersion}/${encodeURIComponent(attachment.mediaId)}?phone_number_id=${encodeURIComponent(connection.externalAccountId)}`;
    const outcome = await callPlatform(egress, { method: 'GET', url: lookup, headers: auth });
    if (!outcome.ok) return { ok: false, reason: 'unavailable', message: outcome.result.ok ? '' : outcome.result.message };
    if (outcome.response.status >= 300) {
      const error = classifyGraphError(outcome.response);
      const reason = error.ok ? 'unavailable' : error.kind === 'auth' ? 'auth' : error.kind === 'permanent' ? 'not-found' : 'unavailable';
      return { ok: false, reason, message: error.ok ? '' : error.message };
    }
    const media = jsonOf(outcome.response);
    const url = str(media.url);
    if (!url) return { ok: false, reason: 'not-found', message: 'Meta gave no URL for this media id.' };
    const downloaded = await downloadMedia(egress, url, auth);
    return downloaded.ok ? { ...downloaded, contentType: str(media.mime_type) ?? downloaded.contentType } : downloaded;
  }

  private async post(connection: ChannelConnection, target: SendTarget, bodies: Array<Record<string, unknown>>): Promise<SendResult> {
    const { metaGraphUrl, metaGraphVersion } = this.config.channelApis;
    const url = `${metaGraphUrl}/${metaGraphVersion}/${encodeURIComponent(connection.externalAccountId)}/messages`;
    let lastId: string | undefined;
    for (const body of bodies) {
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
