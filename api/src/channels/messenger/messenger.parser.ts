import type { ChannelConnection, NormalizedEvent } from '../channel-adapter';
import { arr, obj, str } from '../common/json-shapes';
import { parseMessagingEvent } from '../meta/meta-messaging.parser';

/** A Messenger delivery (`object: "page"`): every entry, every `messaging[]` and `standby[]` event. */
export function parseMessengerDelivery(connection: ChannelConnection, body: unknown): NormalizedEvent[] {
  const root = obj(body);
  if (root.object !== 'page') return [];
  const appId = str(connection.config.appId);
  return arr(root.entry).flatMap((rawEntry) => {
    const entry = obj(rawEntry);
    const accountId = str(entry.id) ?? connection.externalAccountId;
    // Another Page of the same app: its own connection takes it (see ChannelRegistry.siblings).
    if (accountId !== connection.externalAccountId) return [];
    return [
      ...arr(entry.messaging).flatMap((ev) => parseMessagingEvent(ev, { accountId, appId, standby: false })),
      ...arr(entry.standby).flatMap((ev) => parseMessagingEvent(ev, { accountId, appId, standby: true })),
    ];
  });
}
