import request from 'supertest';
import { signCustom, verifyCustom } from '../../api/src/channels/custom/custom-signature';
import { echoFlow, publishDirect } from './support/runtime-fixtures';
import { postWebhook, useChannelHarness, waitFor } from '../fakes/channel-e2e-kit';
import { customBridgeFake } from '../fakes/custom-fake';

const SECRET = 'bridge_signing_secret';

describe('channels: custom (signed JSON)', () => {
  const fake = customBridgeFake();
  const h = useChannelHarness(fake, () => ({ platform: 'custom', name: 'LinkedIn bridge', externalAccountId: 'li-bridge', secrets: { signingSecret: SECRET }, config: { outboundUrl: `${fake.url}/parley/replies` } }));
  const post = (body: unknown, signature?: string) => postWebhook(h, 'custom', body, (raw) => ({ 'x-parley-signature': signature ?? signCustom(SECRET, raw) }));
  const message = (id: string, text: string) => ({ events: [{ id, type: 'message', timestamp: Date.now(), contact: { id: 'member-1', name: 'Ana Lima' }, text }] });

  it('lists LinkedIn as unavailable and offers the custom channel', async () => {
    const res = await request(h.t.server).get('/api/channels/platforms').set(h.auth).expect(200);
    const linkedin = res.body.find((p: { platform: string }) => p.platform === 'linkedin');
    expect(linkedin).toMatchObject({ available: false, note: expect.stringContaining('custom channel') });
  });

  it('refuses stale and forged signatures, storing nothing; de-duplicates on event id', async () => {
    const body = message('e1', 'hi');
    await post(body, signCustom(SECRET, JSON.stringify(body), Date.now() - 3_600_000)).expect(401);
    await post(body, signCustom('forged', JSON.stringify(body))).expect(401);
    expect(await h.inboundRows()).toEqual([]);
    await post(body).expect(200, { accepted: 1, duplicates: 0 });
    await post(body).expect(200, { accepted: 0, duplicates: 1 });
  });

  it('stores text with NUL characters and odd timestamps instead of failing the delivery forever', async () => {
    const body = { events: [{ id: 'e\u00009', type: 'message', timestamp: 8640000000000001, contact: { id: 'member\u0000-1' }, text: 'a\u0000b' }] };
    await post(body).expect(200, { accepted: 1, duplicates: 0 });
    const [row] = await h.inboundRows();
    expect(row).toMatchObject({ platform_event_id: 'e9', contact_external_id: 'member-1' });
    expect(JSON.stringify(row.payload)).toContain('ab');
  });

  it('answers through the engine with a signed POST to the bridge', async () => {
    await publishDirect(h.t, h.workspaceId, 'Echo', echoFlow);
    h.startWorker();
    await post(message('e1', 'hello')).expect(200);
    const [sent] = await waitFor(() => fake.sent(/replies$/), (s) => s.length >= 1);
    expect(sent.body).toEqual({ connectionId: h.connectionId, to: 'member-1', humanAgent: false, message: { text: 'ready' } });
    expect(verifyCustom(SECRET, Buffer.from(JSON.stringify(sent.body)), String(sent.headers['x-parley-signature']))).toBe(true);
  });
});
