import type { ChannelConnection, NormalizedEvent } from '../channel-adapter';
import { arr, obj, str, toDate, type Obj, asText } from '../common/json-shapes';
import { parseMessagingEvent } from '../meta/meta-messaging.parser';

/**
 * An Instagram delivery (`object: "instagram"`): DMs on `messaging[]`/`standby[]`, comments on `changes[]`
 * (or, in the Instagram-Login example, `field`/`value` straight on the entry), dashboard test events as
 * `changes[{field: "messages"}]`.
 */
export function parseInstagramDelivery(connection: ChannelConnection, body: unknown): NormalizedEvent[] {
  const root = obj(body);
  if (root.object !== 'instagram') return [];
  const appId = str(connection.config.appId);
  return arr(root.entry).flatMap((rawEntry) => {
    const entry = obj(rawEntry);
    const accountId = str(entry.id) ?? connection.externalAccountId;
    // Another account of the same app is its own connection's; "0" is the dashboard's test event.
    if (accountId !== connection.externalAccountId && accountId !== '0') return [];
    const changes = entry.field ? [entry] : arr(entry.changes).map(obj);
    const at = toDate(entry.time, 'ms');
    return [
      ...arr(entry.messaging).flatMap((ev) => parseMessagingEvent(ev, { accountId, appId, standby: false })),
      ...arr(entry.standby).flatMap((ev) => parseMessagingEvent(ev, { accountId, appId, standby: true })),
      ...changes.flatMap((change) => parseChange(change, connection.externalAccountId, at, appId)),
    ];
  });
}

function parseChange(change: Obj, accountId: string, at: Date, appId: string | undefined): NormalizedEvent[] {
  const value = obj(change.value);
  if (change.field === 'messages') return parseMessagingEvent(value, { accountId, appId, standby: false });
  if (change.field !== 'comments' && change.field !== 'live_comments') {
    return [{ kind: 'ignored', platformEventId: `${asText(change.field)}:${str(value.id) ?? at.getTime()}`, platformTimestamp: at, reason: 'unsupported' }];
  }
  const from = obj(value.from);
  const commentId = str(value.id) ?? '';
  const fromId = str(from.id) ?? '';
  // Our own comments (the public replies we post) come back on the same webhook.
  if (fromId === accountId) {
    return [{ kind: 'ignored', platformEventId: `comment:${commentId}`, platformTimestamp: at, reason: 'self', contactExternalId: fromId }];
  }
  return [
    {
      kind: 'inbound',
      platformEventId: `comment:${commentId}`,
      platformTimestamp: at,
      contact: { externalId: fromId, ...(from.username ? { username: asText(from.username) } : {}) },
      event: { type: 'comment-received', commentId, mediaId: str(obj(value.media).id) ?? '', text: str(value.text) ?? '', createdAt: at.toISOString() },
    },
  ];
}
