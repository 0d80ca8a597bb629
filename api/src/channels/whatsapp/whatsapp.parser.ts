import type { InboundAttachment, InboundEvent } from '@parley/runtime';
import type { ChannelAttachment, ChannelConnection, InboundContact, NormalizedEvent } from '../channel-adapter';
import { arr, defined, digestId, obj, str, toDate, type Obj, asText } from '../common/json-shapes';

/**
 * A WhatsApp Cloud API delivery: every `entry[].changes[]` with `field: "messages"`; `value.messages[]` are the
 * contact's, `value.statuses[]` report on ours. Another phone number of the same WABA is not ours: ignored.
 */
export function parseWhatsAppDelivery(connection: ChannelConnection, body: unknown): NormalizedEvent[] {
  const root = obj(body);
  if (root.object !== 'whatsapp_business_account') return [];
  return arr(root.entry).flatMap((entry) =>
    arr(obj(entry).changes).flatMap((rawChange) => {
      const change = obj(rawChange);
      const value = obj(change.value);
      const phoneNumberId = str(obj(value.metadata).phone_number_id);
      if (change.field === 'smb_message_echoes') return echoes(value);
      // Another number of the same app is its own connection's (see ChannelRegistry.siblings).
      if (phoneNumberId && phoneNumberId !== connection.externalAccountId) return [];
      if (change.field !== 'messages') {
        return [{ kind: 'ignored', platformEventId: digestId(asText(change.field), value), platformTimestamp: new Date(), reason: 'unsupported' } as NormalizedEvent];
      }
      const names = new Map(arr(value.contacts).map((c) => [str(obj(c).wa_id) ?? '', str(obj(obj(c).profile).name)]));
      return [
        ...arr(value.messages).map((m) => parseMessage(obj(m), names)),
        ...arr(value.statuses).map((s) => parseStatus(obj(s))),
      ];
    }),
  );
}

function parseMessage(m: Obj, names: Map<string, string | undefined>): NormalizedEvent {
  const from = str(m.from) ?? '';
  const id = str(m.id) ?? `message:${from}:${str(m.timestamp)}`;
  const at = toDate(m.timestamp, 's');
  const name = names.get(from);
  const contact: InboundContact = { externalId: from, ...(name ? { name } : {}) };
  const event = toEvent(m);
  if (!event) return { kind: 'ignored', platformEventId: id, platformTimestamp: at, reason: 'unsupported', contactExternalId: from };
  return { kind: 'inbound', platformEventId: id, platformTimestamp: at, contact, event };
}

const MEDIA_KINDS: Record<string, InboundAttachment['kind']> = { image: 'image', video: 'video', audio: 'audio', voice: 'audio', document: 'file', sticker: 'sticker' };

function toEvent(m: Obj): InboundEvent | null {
  const type = asText(m.type);
  const referral = obj(m.referral);
  // Click-to-WhatsApp ads carry the ad in `referral`; its source id plays the part of a ref.
  const ref = str(referral.source_id) ?? str(referral.ctwa_clid);
  const withRef = <T extends InboundEvent>(e: T): T => (ref && e.type === 'message-received' ? { ...e, ref } : e);
  if (type === 'text') return withRef({ type: 'message-received', text: str(obj(m.text).body) ?? '' });
  if (type === 'interactive') {
    const interactive = obj(m.interactive);
    const reply = obj(interactive.button_reply ?? interactive.list_reply);
    if (!reply.id) return null;
    return { type: 'postback-received', payload: asText(reply.id), ...(reply.title ? { title: asText(reply.title) } : {}) };
  }
  // Quick-reply buttons of a template message.
  if (type === 'button') {
    const button = obj(m.button);
    return { type: 'postback-received', payload: str(button.payload) ?? str(button.text) ?? '', ...(button.text ? { title: asText(button.text) } : {}) };
  }
  if (MEDIA_KINDS[type]) {
    // WhatsApp sends a media id, not a URL: fetching it needs the token (ChannelMediaService, for agents).
    const media = obj(m[type]);
    const caption = str(media.caption) ?? '';
    const attachment: ChannelAttachment = { kind: MEDIA_KINDS[type], ...defined({ mediaId: str(media.id), mimeType: str(media.mime_type), fileName: str(media.filename) }) };
    return withRef({ type: 'message-received', text: caption, attachments: [attachment] });
  }
  if (type === 'location') return withRef({ type: 'message-received', text: str(obj(m.location).name) ?? '', attachments: [{ kind: 'location' }] });
  return null;
}

const STATUS: Record<string, 'delivered' | 'read' | 'failed'> = { delivered: 'delivered', read: 'read', failed: 'failed' };

function parseStatus(s: Obj): NormalizedEvent {
  const id = str(s.id) ?? '';
  const status = asText(s.status);
  const at = toDate(s.timestamp, 's');
  const recipient = str(s.recipient_id) ?? '';
  const mapped = STATUS[status];
  // "sent" only says Meta accepted it, which our send already knows.
  if (!mapped) return { kind: 'ignored', platformEventId: `status:${id}:${status}`, platformTimestamp: at, reason: 'unsupported', contactExternalId: recipient };
  const error = obj(arr(s.errors)[0]);
  const detail = error.code !== undefined ? `${str(error.title) ?? str(error.message) ?? 'failed'} (code ${asText(error.code)})` : undefined;
  return { kind: 'status', platformEventId: `status:${id}:${status}`, platformTimestamp: at, contactExternalId: recipient, platformMessageId: id, status: mapped, ...(detail ? { error: detail } : {}) };
}

/** Coexistence: messages the business sent from the WhatsApp Business app. Recorded, never answered. */
function echoes(value: Obj): NormalizedEvent[] {
  return arr(value.message_echoes).map((e) => {
    const echo = obj(e);
    return { kind: 'ignored', platformEventId: str(echo.id) ?? `echo:${str(echo.timestamp)}`, platformTimestamp: toDate(echo.timestamp, 's'), reason: 'echo', contactExternalId: str(echo.to) } as NormalizedEvent;
  });
}
