import type { DataSource } from 'typeorm';
import { ConnectionStore } from './connection-store';
import type { SecretBox } from './secrets/secret-box';

const ID = '11111111-1111-4111-8111-111111111111';

function setup(rows: () => Promise<unknown[]>) {
  const calls = { queries: 0, opens: 0 };
  const db = { query: async () => (calls.queries++, rows()) } as unknown as DataSource;
  const box = { open: () => (calls.opens++, { secret: 's' }) } as unknown as SecretBox;
  return { store: new ConnectionStore(db, box), calls };
}
const row = { id: ID, workspaceId: 'w', platform: 'custom', externalAccountId: 'a', config: {}, secretsEncrypted: 'sealed', status: 'active' };

describe('ConnectionStore.loadForWebhook', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads and decrypts once per connection for 5 s, then again', async () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const { store, calls } = setup(async () => [row]);
    await Promise.all([store.loadForWebhook(ID), store.loadForWebhook(ID)]);
    now += 4_999;
    expect(await store.loadForWebhook(ID)).toMatchObject({ id: ID, secrets: { secret: 's' } });
    expect(calls).toEqual({ queries: 1, opens: 1 });
    now += 2;
    await store.loadForWebhook(ID);
    expect(calls).toEqual({ queries: 2, opens: 2 });
  });

  it('reloads after forget (update, delete, status change in this process)', async () => {
    const { store, calls } = setup(async () => [row]);
    await store.loadForWebhook(ID);
    store.forget(ID);
    await store.loadForWebhook(ID);
    expect(calls.queries).toBe(2);
  });

  it('keeps neither unknown ids nor failed loads', async () => {
    let answer: () => Promise<unknown[]> = async () => [];
    const { store, calls } = setup(() => answer());
    expect(await store.loadForWebhook(ID)).toBeNull();
    answer = async () => Promise.reject(new Error('connection terminated'));
    await expect(store.loadForWebhook(ID)).rejects.toThrow('connection terminated');
    answer = async () => [row];
    expect(await store.loadForWebhook(ID)).toMatchObject({ id: ID });
    expect(calls.queries).toBe(3);
  });
});
