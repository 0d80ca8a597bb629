import type { InboundAttachment, InboundEvent } from '@parley/runtime';
import type { ChannelConnection, InboundContact, NormalizedEvent } from '../channel-adapter';
import { arr, obj, str, toDate, type Obj, asText } from '../common/json-shapes';

/**
 * An Account Activity API delivery: `direct_message_events[]` (sent *or* received by the account, so the
 * account's own are `self`) and `direct_message_mark_read_events[]`. Typing indicators and non-DM activity
 * (tweets, likes, follows) are not kept.
 */
export function parseXDelivery(connection: ChannelConnection, body: unknown): NormalizedEvent[] {
  const root = obj(body);
  const forUser = str(root.for_user_id) ?? connection.externalAccountId;
  const users = obj(root.users);
  // One X webhook serves every subscribed account: another account's activity is its own connection's.
  if (forUser !== connection.externalAccountId) return [];
  return [
    ...arr(root.direct_message_events).map((e) => parseDmEvent(obj(e), forUser, users)),
    ...arr(root.direct_message_mark_read_events).flatMap((e) => parseRead(obj(e), forUser)),
  ];
}

function parseDmEvent(e: Obj, forUser: string, users: Obj): NormalizedEvent {
  const id = str(e.id) ?? '';
  const at = toDate(e.created_timestamp, 'ms');
  const create = obj(e.message_create);
  const senderId = str(create.sender_id) ?? '';
  if (e.type !== 'message_create') return { kind: 'ignored', platformEventId: id, platformTimestamp: at, reason: 'unsupported', contactExternalId: senderId };
  if (senderId === forUser) {
    return { kind: 'ignored', platformEventId: id, platformTimestamp: at, reason: 'self', contactExternalId: str(obj(create.target).recipient_id) };
  }
  return { kind: 'inbound', platformEventId: id, platformTimestamp: at, contact: contactOf(senderId, obj(users[senderId])), event: toEvent(obj(create.message_data)) };
}

function toEvent(data: Obj): InboundEvent {
  const text = str(data.text) ?? '';
  const quickReply = obj(data.quick_reply_response);
  if (quickReply.type === 'options' && quickReply.metadata !== undefined) {
    return { type: 'postback-received', payload: asText(quickReply.metadata), title: text };
  }
  const media = obj(obj(data.attachment).media);
  if (Object.keys(media).length) {
    const kind: InboundAttachment['kind'] = media.type === 'video' || media.type === 'animated_gif' ? 'video' : 'image';
    const url = str(media.media_url_https);
    // X appends the t.co link of the media to the text: drop it so a photo alone is not a "message".
    const link = str(media.url);
    const cleaned = link ? text.replace(link, '').trim() : text;
    return { type: 'message-received', text: cleaned, attachments: [{ kind, ...(url ? { url } : {}) }] };
  }
  return { type: 'message-received', text };
}

function contactOf(id: string, user: Obj): InboundContact {
  const name = str(user.name);
  return {
    externalId: id,
    ...(name ? { name } : {}),
    ...(user.screen_name ? { username: asText(user.screen_name) } : {}),
    ...(user.profile_image_url_https ? { avatarUrl: asText(user.profile_image_url_https) } : {}),
  };
}

function parseRead(e: Obj, forUser: string): NormalizedEvent[] {
  const senderId = str(e.sender_id) ?? '';
  // The account reading the contact's messages is not news; the contact reading ours is.
  if (senderId === forUser) return [];
  const last = str(e.last_read_event_id);
  const at = toDate(e.created_timestamp, 'ms');
  return [{ kind: 'status', platformEventId: `read:${senderId}:${last ?? at.getTime()}`, platformTimestamp: at, contactExternalId: senderId, status: 'read', ...(last ? { platformMessageId: last } : {}) }];
}
