import type { InboundAttachment, InboundEvent } from '@parley/runtime';
import type { NormalizedEvent } from '../channel-adapter';
import { arr, obj, str, toDate, type Obj, asText } from '../common/json-shapes';

const KINDS = new Set<InboundAttachment['kind']>(['image', 'video', 'audio', 'file', 'sticker', 'location', 'share', 'story']);

/**
 * The custom channel's delivery: `{"events":[{id, type, timestamp, contact{id,name,username}, text?, payload?,
 * title?, ref?, attachments?, messageId?}]}` (see docs/channels.md). `id` is the de-duplication key.
 */
export function parseCustomDelivery(body: unknown): NormalizedEvent[] {
  return arr(obj(body).events).map((raw) => parseEvent(obj(raw)));
}

function parseEvent(e: Obj): NormalizedEvent {
  const contact = obj(e.contact);
  const contactId = str(contact.id) ?? '';
  const at = typeof e.timestamp === 'string' && Number.isNaN(Number(e.timestamp)) ? new Date(e.timestamp) : toDate(e.timestamp);
  const platformTimestamp = Number.isNaN(at.getTime()) ? new Date() : at;
  const platformEventId = str(e.id) ?? '';
  const event = toEvent(e);
  if (e.type === 'read' || e.type === 'delivered') {
    return { kind: 'status', platformEventId, platformTimestamp, contactExternalId: contactId, status: e.type, ...(e.messageId ? { platformMessageId: asText(e.messageId) } : {}) };
  }
  if (!event || !platformEventId || !contactId) return { kind: 'ignored', platformEventId: platformEventId || `invalid:${platformTimestamp.getTime()}`, platformTimestamp, reason: 'unsupported', contactExternalId: contactId };
  const name = str(contact.name);
  return {
    kind: 'inbound',
    platformEventId,
    platformTimestamp,
    contact: { externalId: contactId, ...(name ? { name } : {}), ...(contact.username ? { username: asText(contact.username) } : {}) },
    event,
  };
}

function toEvent(e: Obj): InboundEvent | null {
  const ref = str(e.ref);
  if (e.type === 'postback') return e.payload === undefined ? null : { type: 'postback-received', payload: asText(e.payload), ...(e.title ? { title: asText(e.title) } : {}), ...(ref ? { ref } : {}) };
  if (e.type === 'referral') return ref ? { type: 'referral-received', ref } : null;
  if (e.type !== 'message') return null;
  const attachments = arr(e.attachments)
    .map(obj)
    .filter((a) => KINDS.has(a.kind as InboundAttachment['kind']))
    .map((a) => ({ kind: a.kind as InboundAttachment['kind'], ...(typeof a.url === 'string' && /^https?:\/\//i.test(a.url) ? { url: a.url } : {}) }));
  const payload = str(e.payload);
  return { type: 'message-received', text: str(e.text) ?? '', ...(payload ? { payload } : {}), ...(attachments.length ? { attachments } : {}), ...(ref ? { ref } : {}) };
}
