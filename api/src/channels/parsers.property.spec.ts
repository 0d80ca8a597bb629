import fc from 'fast-check';
import type { ChannelAdapter } from './channel-adapter';
import { CustomAdapter } from './custom/custom.adapter';
import { InstagramAdapter } from './instagram/instagram.adapter';
import { MessengerAdapter } from './messenger/messenger.adapter';
import { TelegramAdapter } from './telegram/telegram.adapter';
import { connection, fakeEgress, fixture, testConfig } from './testing/channel-test-kit';
import { WhatsAppAdapter } from './whatsapp/whatsapp.adapter';
import { XAdapter } from './x/x.adapter';

const { egress } = fakeEgress();
const adapters: Array<[ChannelAdapter, string]> = [
  [new MessengerAdapter(egress, testConfig), 'messenger-text'],
  [new InstagramAdapter(egress, testConfig), 'instagram-text'],
  [new WhatsAppAdapter(egress, testConfig), 'whatsapp-text'],
  [new XAdapter(egress, testConfig), 'x-dm-event'],
  [new TelegramAdapter(egress, testConfig), 'telegram-message'],
  [new CustomAdapter(egress), 'messenger-text'],
];

/** Replaces a random node of a real delivery with an arbitrary JSON value: wrong types, missing fields, nulls. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  if (entries.length === 0) return replacement;
  const [key, child] = entries[path[0] % entries.length];
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string | number, unknown>;
  copy[key] = mutate(child, path.slice(1), replacement);
  return copy;
}

describe('parseDelivery never throws (reliability A4)', () => {
  for (const [adapter, sample] of adapters) {
    it(`${adapter.platform}: arbitrary JSON and mutated real deliveries`, () => {
      const conn = connection(adapter.platform, adapter.platform === 'x' ? '4337869213' : adapter.platform === 'whatsapp' ? '106540352242922' : '17841405822304914', {});
      const base = fixture(sample).body;
      fc.assert(
        fc.property(fc.jsonValue(), fc.array(fc.nat(), { maxLength: 8 }), (json, path) => {
          const events = [...adapter.parseDelivery(conn, json), ...adapter.parseDelivery(conn, mutate(base, path, json))];
          for (const e of events) {
            expect(typeof e.platformEventId).toBe('string');
            expect(Number.isNaN(e.platformTimestamp.getTime())).toBe(false);
          }
        }),
        { numRuns: 1500 },
      );
    });
  }
});
