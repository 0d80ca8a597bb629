import { Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import type { EgressClient } from '../../egress';
import type { ChannelAttachment, ChannelConnection, MediaFetchResult, NormalizedEvent, SendFailure, SendResult, SendTarget, TemplateMessage } from '../channel-adapter';
import { arr, obj, str } from '../common/json-shapes';
import { downloadMedia } from '../media/media-download';
import { callGraph, postGraphMessages } from '../meta/graph-api';
import { MetaChannelAdapter } from '../meta/meta-channel-adapter';
import { formatWhatsAppMessages, formatWhatsAppTemplate } from './whatsapp.formatter';
import { parseWhatsAppDelivery } from './whatsapp.parser';

/**
 * WhatsApp Cloud API. The connection's external id is the phone number id.
 * Secrets: `accessToken` (system user token), `appSecret`, `verifyToken`.
 */
@Injectable()
export class WhatsAppAdapter extends MetaChannelAdapter {
  readonly platform = 'whatsapp' as const;

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
    const token = connection.secrets.accessToken ?? '';
    const lookup = this.graphUrl(`${encodeURIComponent(attachment.mediaId)}?phone_number_id=${encodeURIComponent(connection.externalAccountId)}`);
    const outcome = await callGraph(egress, { method: 'GET', url: lookup, token });
    if (!outcome.ok) return { ok: false, reason: outcome.answered ? mediaFailureReason(outcome.failure) : 'unavailable', message: outcome.failure.message };
    const media = outcome.json;
    const url = str(media.url);
    if (!url) return { ok: false, reason: 'not-found', message: 'Meta gave no URL for this media id.' };
    const downloaded = await downloadMedia(egress, url, { authorization: `Bearer ${token}` });
    return downloaded.ok ? { ...downloaded, contentType: str(media.mime_type) ?? downloaded.contentType } : downloaded;
  }

  private post(connection: ChannelConnection, target: SendTarget, bodies: Array<Record<string, unknown>>): Promise<SendResult> {
    const url = this.graphUrl(`${encodeURIComponent(connection.externalAccountId)}/messages`);
    const addressed = bodies.map((body) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: target.contactExternalId, ...body }));
    return postGraphMessages(this.egress, url, connection.secrets.accessToken ?? '', addressed, (answer) => str(obj(arr(answer.messages)[0]).id));
  }
}

/** A Graph error on a media lookup: a refused token, a media id Meta does not (or no longer) know, or a failure. */
function mediaFailureReason(failure: SendFailure): 'auth' | 'not-found' | 'unavailable' {
  if (failure.kind === 'auth') return 'auth';
  return failure.kind === 'permanent' ? 'not-found' : 'unavailable';
}
