import type { InboundAttachment, InboundEvent } from '@parley/runtime';
import type { NormalizedEvent } from '../channel-adapter';
import { arr, obj, str, toDate, type Obj, asText } from '../common/json-shapes';

export interface MessagingContext {
  /** Our page / Instagram account id: events sent by it are ours. */
  accountId: string;
  /** Our Meta app id, when known: decides who took the thread in handover events. */
  appId?: string;
  /** Delivered on `standby[]`: another app owns the thread, never answer. */
  standby: boolean;
}

/**
 * One `messaging[]` (or `standby[]`) event of Messenger or Instagram → normalised events.
 * Never throws: anything unknown becomes `ignored/unsupported`.
 */
export function parseMessagingEvent(raw: unknown, ctx: MessagingContext): NormalizedEvent[] {
  const ev = obj(raw);
  const sender = obj(ev.sender);
  // Chat-plugin visitors have a user_ref, not a PSID; the prefix tells the sender to address them by it.
  const contactId = str(sender.id) ?? (sender.user_ref !== undefined ? `user_ref:${asText(sender.user_ref)}` : '');
  const at = toDate(ev.timestamp, 'ms');
  const message = obj(ev.message);
  const fallbackId = (kind: string) => `${kind}:${contactId}:${at.getTime()}`;

  if (ctx.standby) return [{ kind: 'ignored', platformEventId: str(message.mid) ?? str(obj(ev.postback).mid) ?? fallbackId('standby'), platformTimestamp: at, reason: 'standby', contactExternalId: contactId }];
  if (ev.message) return [parseMessage(message, contactId, at, ctx)];
  if (ev.postback) {
    const postback = obj(ev.postback);
    const ref = str(obj(postback.referral).ref);
    const event: InboundEvent = { type: 'postback-received', payload: str(postback.payload) ?? '', ...(postback.title ? { title: asText(postback.title) } : {}), ...(ref ? { ref } : {}) };
    return [inbound(str(postback.mid) ?? fallbackId('postback'), at, contactId, event)];
  }
  if (ev.referral) {
    const referral = obj(ev.referral);
    const ref = str(referral.ref) ?? (referral.ad_id ? `ad:${asText(referral.ad_id)}` : '');
    return [inbound(fallbackId('referral'), at, contactId, { type: 'referral-received', ref })];
  }
  if (ev.read) {
    const read = obj(ev.read);
    const mid = str(read.mid);
    const watermark = read.watermark !== undefined ? toDate(read.watermark, 'ms') : undefined;
    return [{ kind: 'status', platformEventId: `read:${contactId}:${mid ?? watermark?.getTime() ?? at.getTime()}`, platformTimestamp: at, contactExternalId: contactId, status: 'read', ...(mid ? { platformMessageId: mid } : {}), ...(watermark ? { watermark } : {}) }];
  }
  if (ev.delivery) return parseDelivery(obj(ev.delivery), contactId, at);
  const handover = parseHandover(ev, contactId, at, ctx);
  if (handover) return [handover];
  return [{ kind: 'ignored', platformEventId: fallbackId(Object.keys(ev).find((k) => !['sender', 'recipient', 'timestamp'].includes(k)) ?? 'unknown'), platformTimestamp: at, reason: 'unsupported', contactExternalId: contactId }];
}

function parseMessage(message: Obj, contactId: string, at: Date, ctx: MessagingContext): NormalizedEvent {
  const mid = str(message.mid) ?? `message:${contactId}:${at.getTime()}`;
  if (message.is_echo) return { kind: 'ignored', platformEventId: mid, platformTimestamp: at, reason: 'echo', contactExternalId: contactId };
  if (message.is_self || contactId === ctx.accountId) return { kind: 'ignored', platformEventId: mid, platformTimestamp: at, reason: 'self', contactExternalId: contactId };
  if (message.is_deleted || message.is_unsupported) return { kind: 'ignored', platformEventId: mid, platformTimestamp: at, reason: 'unsupported', contactExternalId: contactId };
  const text = str(message.text) ?? '';
  const attachments = arr(message.attachments).map(obj);
  const mention = attachments.find((a) => a.type === 'story_mention');
  if (mention) {
    const payload = obj(mention.payload);
    return inbound(mid, at, contactId, { type: 'story-mention', ...(payload.url ? { url: asText(payload.url) } : {}), ...(payload.id ? { storyId: asText(payload.id) } : {}) });
  }
  const story = obj(obj(message.reply_to).story);
  if (story.id || story.url) return inbound(mid, at, contactId, { type: 'story-reply', text, ...(story.id ? { storyId: asText(story.id) } : {}) });
  const payload = str(obj(message.quick_reply).payload);
  const ref = str(obj(message.referral).ref) ?? (obj(message.referral).ad_id ? `ad:${asText(obj(message.referral).ad_id)}` : undefined);
  const mapped = attachments.map(toAttachment);
  const event: InboundEvent = { type: 'message-received', text, ...(payload ? { payload } : {}), ...(mapped.length ? { attachments: mapped } : {}), ...(ref ? { ref } : {}) };
  return inbound(mid, at, contactId, event);
}

const ATTACHMENT_KINDS: Record<string, InboundAttachment['kind']> = {
  image: 'image', video: 'video', audio: 'audio', file: 'file', location: 'location', story: 'story', ig_story: 'story',
  share: 'share', fallback: 'share', reel: 'share', ig_reel: 'share', post: 'share', ig_post: 'share', template: 'share',
};

function toAttachment(attachment: Obj): InboundAttachment {
  const payload = obj(attachment.payload);
  const kind = payload.sticker_id ? 'sticker' : (ATTACHMENT_KINDS[asText(attachment.type)] ?? 'file');
  const url = str(payload.url);
  // Only web links are kept: a URL is a pointer to the platform's CDN, never a path we would read.
  return { kind, ...(url && /^https?:\/\//i.test(url) ? { url } : {}) };
}

function parseDelivery(delivery: Obj, contactId: string, at: Date): NormalizedEvent[] {
  const mids = arr(delivery.mids).map(String);
  const watermark = delivery.watermark !== undefined ? toDate(delivery.watermark, 'ms') : undefined;
  if (mids.length === 0) {
    return [{ kind: 'status', platformEventId: `delivery:${contactId}:${watermark?.getTime() ?? at.getTime()}`, platformTimestamp: at, contactExternalId: contactId, status: 'delivered', ...(watermark ? { watermark } : {}) }];
  }
  return mids.map((mid) => ({ kind: 'status', platformEventId: `delivery:${mid}`, platformTimestamp: at, contactExternalId: contactId, status: 'delivered', platformMessageId: mid, ...(watermark ? { watermark } : {}) }));
}

/** pass_thread_control / take_thread_control: the thread moved. Who has it now decides bot or human. */
function parseHandover(ev: Obj, contactId: string, at: Date, ctx: MessagingContext): NormalizedEvent | null {
  const pass = ev.pass_thread_control ? obj(ev.pass_thread_control) : null;
  const take = ev.take_thread_control ? obj(ev.take_thread_control) : null;
  if (!pass && !take) return null;
  const newOwner = str((pass ?? take)!.new_owner_app_id);
  // Without our app id: a pass is addressed to us (we got the thread), a take means another app took it.
  const toBot = ctx.appId && newOwner ? newOwner === ctx.appId : !!pass;
  return { kind: 'handover', platformEventId: `${pass ? 'pass' : 'take'}:${contactId}:${at.getTime()}`, platformTimestamp: at, contactExternalId: contactId, to: toBot ? 'bot' : 'human' };
}

function inbound(platformEventId: string, at: Date, contactId: string, event: InboundEvent): NormalizedEvent {
  return { kind: 'inbound', platformEventId, platformTimestamp: at, contact: { externalId: contactId }, event };
}
