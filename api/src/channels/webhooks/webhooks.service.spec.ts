import type { ChannelAdapter, ChannelConnection, NormalizedEvent } from '../channel-adapter';
import type { ChannelRegistry } from '../channel-registry';
import { connection } from '../testing/channel-test-kit';
import { WebhooksService } from './webhooks.service';

const tap: NormalizedEvent = { kind: 'inbound', platformEventId: '1', platformTimestamp: new Date(), contact: { externalId: 'u' }, event: { type: 'postback-received', payload: 'P' }, ackToken: 'cbq' };

function setup(opts: { conn?: ChannelConnection | null; loadError?: unknown; valid?: boolean } = {}) {
  const calls: string[] = [];
  const adapter: ChannelAdapter = {
    platform: 'telegram',
    verifySignature: () => opts.valid ?? true,
    parseDelivery: () => [tap],
    send: async () => ({ ok: true }),
    acknowledge: async (_c, token) => void calls.push(`ack:${token}`),
  };
  const conn = opts.conn === undefined ? connection('telegram', '1', {}) : opts.conn;
  const registry = {
    has: (p: string) => p === 'telegram',
    adapterFor: () => adapter,
    siblings: async () => [],
    loadConnectionForWebhook: async () => {
      if (opts.loadError) throw opts.loadError;
      return conn;
    },
  } as unknown as ChannelRegistry;
  const intake = { accept: async () => (calls.push('accept'), { accepted: 1, duplicates: 0 }) };
  return { service: new WebhooksService(registry, intake), calls };
}

describe('WebhooksService', () => {
  const raw = Buffer.from('{}');

  it('stores, then acknowledges callback queries', async () => {
    const { service, calls } = setup();
    await expect(service.deliver('telegram', 'id', raw, {}, {})).resolves.toEqual({ accepted: 1, duplicates: 0 });
    expect(calls).toEqual(['accept', 'ack:cbq']);
  });

  it('refuses a bad signature or a missing raw body before anything is stored', async () => {
    for (const [valid, body] of [[false, raw], [true, undefined]] as const) {
      const { service, calls } = setup({ valid });
      await expect(service.deliver('telegram', 'id', body, {}, {})).rejects.toMatchObject({ status: 401 });
      expect(calls).toEqual([]);
    }
  });

  it('answers 404 for an unknown platform, connection, or a connection of another platform', async () => {
    await expect(setup().service.deliver('myspace', 'id', raw, {}, {})).rejects.toMatchObject({ status: 404 });
    await expect(setup({ conn: null }).service.deliver('telegram', 'id', raw, {}, {})).rejects.toMatchObject({ status: 404 });
    await expect(setup({ conn: connection('x', '1', {}) }).service.deliver('telegram', 'id', raw, {}, {})).rejects.toMatchObject({ status: 404 });
  });

  it('answers 503 when the database is unreachable, so the platform retries', async () => {
    const { service } = setup({ loadError: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    await expect(service.deliver('telegram', 'id', raw, {}, {})).rejects.toMatchObject({ status: 503 });
  });

  it('drops deliveries of a disabled connection after verifying them', async () => {
    const { service, calls } = setup({ conn: { ...connection('telegram', '1', {}), status: 'disabled' } });
    await expect(service.deliver('telegram', 'id', raw, {}, {})).resolves.toEqual({ accepted: 0, duplicates: 0 });
    expect(calls).toEqual([]);
  });
});
