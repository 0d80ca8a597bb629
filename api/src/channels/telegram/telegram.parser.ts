import type { InboundAttachment, InboundEvent } from '@parley/runtime';
import type { ChannelAttachment, ChannelConnection, InboundContact, NormalizedEvent } from '../channel-adapter';
import { arr, defined, obj, str, toDate, type Obj, asText } from '../common/json-shapes';

/**
 * One Telegram Update. `update_id` is the de-duplication key. Private chats only (groups are not a DM channel);
 * `/start <ref>` from a t.me deep link carries the ref; callback queries are button taps, to be acknowledged.
 */
export function parseTelegramUpdate(connection: ChannelConnection, body: unknown): NormalizedEvent[] {
  const update = obj(body);
  const id = str(update.update_id);
  if (!id) return [];
  if (update.callback_query) return [parseCallback(id, obj(update.callback_query))];
  const message = obj(update.message);
  if (!update.message) {
    const kind = Object.keys(update).find((k) => k !== 'update_id') ?? 'unknown';
    return [{ kind: 'ignored', platformEventId: id, platformTimestamp: new Date(), reason: 'unsupported', contactExternalId: str(obj(obj(update[kind]).from).id) }];
  }
  const from = obj(message.from);
  const at = toDate(message.date, 's');
  const fromId = str(from.id) ?? '';
  if (from.is_bot && fromId === connection.externalAccountId) return [{ kind: 'ignored', platformEventId: id, platformTimestamp: at, reason: 'self', contactExternalId: fromId }];
  const event = toEvent(message);
  if (obj(message.chat).type !== 'private' || !event) return [{ kind: 'ignored', platformEventId: id, platformTimestamp: at, reason: 'unsupported', contactExternalId: fromId }];
  return [{ kind: 'inbound', platformEventId: id, platformTimestamp: at, contact: contactOf(from), event }];
}

const MEDIA: Array<[string, InboundAttachment['kind']]> = [
  ['photo', 'image'], ['video', 'video'], ['animation', 'video'], ['video_note', 'video'], ['audio', 'audio'], ['voice', 'audio'],
  ['document', 'file'], ['sticker', 'sticker'], ['location', 'location'], ['venue', 'location'],
];

function toEvent(message: Obj): InboundEvent | null {
  const text = str(message.text) ?? str(message.caption) ?? '';
  const start = /^\/start(?:@\w+)?\s+([A-Za-z0-9_-]{1,64})$/.exec(text.trim());
  // Telegram gives file ids, not URLs: fetching needs the bot token (ChannelMediaService, for agents), never a path here.
  const attachments = MEDIA.filter(([field]) => message[field] !== undefined).map(([field, kind]) => toAttachment(field, kind, message[field]));
  if (!text && attachments.length === 0) return null;
  return { type: 'message-received', text, ...(attachments.length ? { attachments } : {}), ...(start ? { ref: start[1] } : {}) };
}

function toAttachment(field: string, kind: InboundAttachment['kind'], value: unknown): ChannelAttachment {
  // A photo is an array of sizes, smallest first: agents get the largest.
  const file = field === 'photo' ? obj(arr(value).at(-1)) : obj(value);
  const mimeType = str(file.mime_type) ?? (field === 'photo' ? 'image/jpeg' : undefined);
  return { kind, ...defined({ mediaId: str(file.file_id), mimeType, fileName: str(file.file_name) }) };
}

function parseCallback(id: string, query: Obj): NormalizedEvent {
  const from = obj(query.from);
  const data = str(query.data) ?? '';
  const message = obj(query.message);
  // The tapped button's label, from the keyboard of the message it sat on.
  const title = arr(obj(message.reply_markup).inline_keyboard)
    .flatMap((row) => arr(row).map(obj))
    .find((b) => b.callback_data === data)?.text;
  const event: InboundEvent = { type: 'postback-received', payload: data, ...(title ? { title: asText(title) } : {}) };
  return {
    kind: 'inbound',
    platformEventId: id,
    platformTimestamp: message.date ? toDate(message.date, 's') : new Date(),
    contact: contactOf(from),
    event,
    ackToken: str(query.id),
  };
}

function contactOf(from: Obj): InboundContact {
  const firstName = str(from.first_name);
  const lastName = str(from.last_name);
  const name = [firstName, lastName].filter(Boolean).join(' ');
  return {
    externalId: str(from.id) ?? '',
    ...(name ? { name } : {}),
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(from.username ? { username: asText(from.username) } : {}),
  };
}
