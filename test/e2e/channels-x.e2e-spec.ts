import { createHmac } from 'node:crypto';
import request from 'supertest';
import { echoFlow, publishDirect } from './support/runtime-fixtures';
import type { FlowDocument } from '@parley/runtime';
import { downloadAttachment, menuFlow, postWebhook, useChannelHarness, waitFor } from '../fakes/channel-e2e-kit';
import { X_ERRORS, xFake } from '../fakes/x-fake';

const ME = '4337869213';
const SECRETS = { consumerSecret: 'z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu', accessToken: 'X_USER_TOKEN' };
// User-context keys: the app's API key pair and the account's access token pair.
const OAUTH1 = { consumerKey: 'xvz1evFS4wEEPTGEFPHBog', accessToken: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', accessTokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' };
const MEDIA_PATH = '/1.1/ton/data/dm/1875493021846573056/1875493013546573825/AbCd.jpg';
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 11) % 256))]);
const dm = (id: string, sender: string, data: Record<string, unknown>) => ({
  type: 'message_create', id, created_timestamp: String(Date.now()),
  message_create: { target: { recipient_id: sender === ME ? '3001969357' : ME }, sender_id: sender, message_data: data },
});

describe('channels: X', () => {
  const fake = xFake({ token: SECRETS.accessToken, oauth1: { ...OAUTH1, consumerSecret: SECRETS.consumerSecret }, media: { [MEDIA_PATH]: { bytes: PHOTO, contentType: 'image/jpeg' } } });
  const h = useChannelHarness(fake, { platform: 'x', name: 'Acme Support', externalAccountId: ME, secrets: SECRETS });
  const post = (body: unknown, secret = SECRETS.consumerSecret) =>
    postWebhook(h, 'x', body, (raw) => ({ 'x-twitter-webhooks-signature': `sha256=${createHmac('sha256', secret).update(raw).digest('base64')}` }));

  it('answers the CRC check and refuses a bad signature, storing nothing', async () => {
    const res = await request(h.t.server).get(h.webhook('x', h.connectionId)).query({ crc_token: '9b4507b3-9040-4669-9ca3-6b94edb50553' }).expect(200);
    expect(res.body).toEqual({ response_token: 'sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8=' });
    await post({ for_user_id: ME, direct_message_events: [dm('1', '3001969357', { text: 'hi' })] }, 'wrong').expect(401);
    expect(await h.inboundRows()).toEqual([]);
  });

  it('stores DMs and quick-reply responses, records our own DMs as self, reads as status; duplicates skipped', async () => {
    const body = {
      for_user_id: ME,
      direct_message_events: [dm('1', '3001969357', { text: "Hi, my order #48213 hasn't arrived yet" }), dm('2', '3001969357', { text: 'Track', quick_reply_response: { type: 'options', metadata: 'TRACK' } }), dm('3', ME, { text: 'ours' })],
      direct_message_mark_read_events: [{ created_timestamp: String(Date.now()), sender_id: '3001969357', target: { recipient_id: ME }, last_read_event_id: '3' }],
      users: { '3001969357': { id: '3001969357', name: 'Jordan Brinks', screen_name: 'furiouscamper' } },
    };
    await post(body).expect(200, { accepted: 4, duplicates: 0 });
    await post(body).expect(200, { accepted: 0, duplicates: 4 });
    const rows = await h.inboundRows();
    expect(rows.map((r) => [r.platform_event_id, r.kind])).toEqual([['1', 'inbound'], ['2', 'inbound'], ['3', 'ignored'], ['read:3001969357:3', 'status']]);
    expect(JSON.stringify(rows[1].payload)).toContain('TRACK');
  });

  it('answers through the engine with a v2 DM', async () => {
    await publishDirect(h.t, h.workspaceId, 'Echo', echoFlow);
    h.startWorker();
    await post({ for_user_id: ME, direct_message_events: [dm('1', '3001969357', { text: 'hello' })] }).expect(200);
    const sent = await waitFor(() => fake.sent(/messages$/), (s) => s.length >= 1);
    expect(sent[0]).toMatchObject({ path: '/2/dm_conversations/with/3001969357/messages', headers: { authorization: 'Bearer X_USER_TOKEN' }, body: { text: 'ready' } });
  });

  it('offers choices as native options (v1.1) through the engine; the quick-reply response is routed by its metadata', async () => {
    await request(h.t.server).patch(`/api/channels/${h.connectionId}`).set(h.auth).send({ config: { dmApi: 'v1.1' } }).expect(200);
    await publishDirect(h.t, h.workspaceId, 'Menu', menuFlow as unknown as FlowDocument);
    h.startWorker();
    await post({ for_user_id: ME, direct_message_events: [dm('1', '3001969357', { text: 'menu' })] }).expect(200);
    const [menu] = await waitFor(() => fake.sent(/events\/new\.json$/), (s) => s.length >= 1);
    const data = (menu.body as { event: { message_create: { message_data: { text: string; quick_reply: { options: Array<{ label: string; metadata: string }> } } } } }).event.message_create.message_data;
    expect(data.text).toBe('How can we help?');
    expect(data.quick_reply.options.map((o) => o.label)).toEqual(['Orders', 'Returns', 'Hours', 'Human']);
    await post({ for_user_id: ME, direct_message_events: [dm('2', '3001969357', { text: 'Orders', quick_reply_response: { type: 'options', metadata: data.quick_reply.options[0].metadata } })] }).expect(200);
    const sent = await waitFor(() => fake.sent(/events\/new\.json$/), (s) => s.length >= 2);
    expect(sent[1].body).toMatchObject({ event: { message_create: { target: { recipient_id: '3001969357' }, message_data: { text: 'You chose orders' } } } });
  });

  it('sends native options quick replies over v1.1 and classifies rate limits, auth and refusals', async () => {
    await request(h.t.server).patch(`/api/channels/${h.connectionId}`).set(h.auth).send({ config: { dmApi: 'v1.1' } }).expect(200);
    const adapter = h.registry.adapterFor('x');
    const conn = await h.load(h.connectionId);
    expect(await adapter.send(conn, { contactExternalId: '3001969357' }, { text: 'Pick', quickReplies: [{ title: 'Track', payload: 'TRACK' }] })).toMatchObject({ ok: true });
    expect(fake.sent()[0]).toMatchObject({ path: '/1.1/direct_messages/events/new.json', body: { event: { message_create: { message_data: { quick_reply: { type: 'options', options: [{ label: 'Track', metadata: 'TRACK' }] } } } } } });
    fake.failNext(X_ERRORS.rateLimited(90), X_ERRORS.notPermitted, X_ERRORS.unauthorized);
    const limited = await adapter.send(conn, { contactExternalId: '1' }, { text: 'x' });
    expect(limited).toMatchObject({ ok: false, kind: 'rate-limited' });
    expect((limited as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(60_000);
    expect(await adapter.send(conn, { contactExternalId: '1' }, { text: 'x' })).toMatchObject({ ok: false, kind: 'permanent' });
    expect(await adapter.send(conn, { contactExternalId: '1' }, { text: 'x' })).toMatchObject({ ok: false, kind: 'auth' });
    expect((await h.load(h.connectionId)).status).toBe('broken');
  });

  describe('with OAuth 1.0a user-context keys', () => {
    const signed = (secrets: Record<string, string>) => h.connect({ platform: 'x', name: 'Acme signed', externalAccountId: ME, secrets: { consumerSecret: SECRETS.consumerSecret, ...secrets } });

    beforeEach(async () => {
      await request(h.t.server).delete(`/api/channels/${h.connectionId}`).set(h.auth).expect(204);
    });

    it('signs the v2 DM send (the fake recomputes the HMAC-SHA1 signature) and never sends a bearer', async () => {
      h.connectionId = await signed(OAUTH1);
      await publishDirect(h.t, h.workspaceId, 'Echo', echoFlow);
      h.startWorker();
      await post({ for_user_id: ME, direct_message_events: [dm('1', '3001969357', { text: 'hello' })] }).expect(200);
      const sent = await waitFor(() => fake.sent(/messages$/), (s) => s.length >= 1);
      expect(sent[0].headers.authorization).toMatch(/^OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="[0-9a-f]{32}", .*oauth_signature="[^"]+"$/);
      expect(sent[0]).toMatchObject({ path: '/2/dm_conversations/with/3001969357/messages', body: { text: 'ready' } });
      // The fake answered 201 only because the signature matched; the outbox says so.
      const [row] = await waitFor(() => h.t.db.query(`SELECT status FROM outbox WHERE kind = 'message'`), (r: Array<{ status: string }>) => r[0]?.status === 'sent');
      expect(row.status).toBe('sent');
    });

    it('signs v1.1 sends too, and a wrong token secret is refused by the fake and marks the connection broken', async () => {
      h.connectionId = await signed(OAUTH1);
      await request(h.t.server).patch(`/api/channels/${h.connectionId}`).set(h.auth).send({ config: { dmApi: 'v1.1' } }).expect(200);
      const adapter = h.registry.adapterFor('x');
      expect(await adapter.send(await h.load(h.connectionId), { contactExternalId: '3001969357' }, { text: 'Pick' })).toMatchObject({ ok: true });
      await request(h.t.server).patch(`/api/channels/${h.connectionId}`).set(h.auth).send({ secrets: { accessTokenSecret: 'not-the-secret' } }).expect(200);
      const refused = await adapter.send(await h.load(h.connectionId), { contactExternalId: '3001969357' }, { text: 'Pick' });
      expect(refused).toMatchObject({ ok: false, kind: 'auth', message: 'Could not authenticate you.' });
      expect((await h.load(h.connectionId)).status).toBe('broken');
    });

    it('downloads DM media for an agent with a signed GET (X serves DM media only to the account)', async () => {
      h.connectionId = await signed(OAUTH1);
      h.startWorker();
      const media = { type: 'photo', url: 'https://t.co/abc', media_url_https: `${fake.url}${MEDIA_PATH}` };
      await post({ for_user_id: ME, direct_message_events: [dm('5', '3001969357', { text: 'look https://t.co/abc', attachment: { type: 'media', media } })] }).expect(200);
      const res = await downloadAttachment(h, '5');
      expect([res.status, res.headers['content-type']]).toEqual([200, 'image/jpeg']);
      expect(Buffer.compare(res.body as Buffer, PHOTO)).toBe(0);
      expect(fake.sent(/\/ton\//)[0].headers.authorization).toMatch(/^OAuth /);
    });

    it('refuses half a key pair, which would fall back to a bearer X refuses', async () => {
      const res = await request(h.t.server).post('/api/channels').set(h.auth)
        .send({ platform: 'x', name: 'Half', externalAccountId: ME, secrets: { consumerSecret: 's', accessToken: 't', consumerKey: 'k' } }).expect(400);
      expect(res.body).toMatchObject({ code: 'CHANNEL_SETTINGS_INVALID', message: expect.stringContaining('accessTokenSecret') });
    });
  });
});
