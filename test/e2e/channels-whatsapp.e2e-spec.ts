import request from 'supertest';
import { echoFlow, publishDirect } from './support/runtime-fixtures';
import type { FlowDocument } from '@parley/runtime';
import { downloadAttachment, expectStatus, menuFlow, postMetaWebhook, useChannelHarness, waitFor } from '../fakes/channel-e2e-kit';
import { GRAPH_ERRORS } from '../fakes/meta-graph-fake';
import { whatsappFake } from '../fakes/whatsapp-fake';

const PHONE = '106540352242922';
const SECRETS = { accessToken: 'WA_TOKEN', appSecret: 'wa_app_secret', verifyToken: 'wa-verify' };
const TS = String(Math.floor(Date.now() / 1000));
const delivery = (value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'WABA1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE }, contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }], ...value } }] }],
});
// JPEG magic bytes then binary noise, so any text decoding on the way would corrupt it.
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256))]);
const msg = (id: string, extra: Record<string, unknown>) => ({ from: '16505551234', id, timestamp: TS, ...extra });

describe('channels: WhatsApp', () => {
  const fake = whatsappFake({
    phoneNumberId: PHONE,
    token: SECRETS.accessToken,
    media: { 'MEDIA-IMG-1': { bytes: PHOTO, mimeType: 'image/jpeg' }, 'MEDIA-DOC-1': { bytes: Buffer.from('<script>alert(1)</script>'), mimeType: 'text/html' } },
  });
  const h = useChannelHarness(fake, { platform: 'whatsapp', name: 'Acme WA', externalAccountId: PHONE, secrets: SECRETS });
  const post = (body: unknown, secret = SECRETS.appSecret) => postMetaWebhook(h, 'whatsapp', body, secret);

  it('handshakes and refuses a bad signature, storing nothing', async () => {
    expect((await request(h.t.server).get(h.webhook('whatsapp', h.connectionId)).query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wa-verify', 'hub.challenge': '777' }).expect(200)).text).toBe('777');
    await post(delivery({ messages: [msg('w1', { type: 'text', text: { body: 'x' } })] }), 'nope').expect(401);
    expect(await h.inboundRows()).toEqual([]);
  });

  it('stores text, interactive replies, media and statuses (never the "sent" noise twice); duplicates skipped', async () => {
    const body = delivery({
      messages: [
        msg('w1', { type: 'text', text: { body: 'Does it come in another color?' } }),
        msg('w2', { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'YES', title: 'Yes' } } }),
        msg('w3', { type: 'image', image: { id: 'MEDIA', caption: 'this' } }),
      ],
      statuses: [{ id: 'wamid.OUT', status: 'read', timestamp: TS, recipient_id: '16505551234' }],
    });
    await post(body).expect(200, { accepted: 4, duplicates: 0 });
    await post(body).expect(200, { accepted: 0, duplicates: 4 });
    expect((await h.inboundRows()).map((r) => [r.platform_event_id, r.kind])).toEqual([['w1', 'inbound'], ['w2', 'inbound'], ['w3', 'inbound'], ['status:wamid.OUT:read', 'status']]);
  });

  it('answers through the engine at the Cloud API', async () => {
    await publishDirect(h.t, h.workspaceId, 'Echo', echoFlow);
    h.startWorker();
    await post(delivery({ messages: [msg('w1', { type: 'text', text: { body: 'hello' } })] })).expect(200);
    const sent = await waitFor(() => fake.sent(/\/messages$/), (s) => s.length >= 1);
    expect(sent[0]).toMatchObject({ path: `/v25.0/${PHONE}/messages`, headers: { authorization: 'Bearer WA_TOKEN' }, body: { messaging_product: 'whatsapp', to: '16505551234', type: 'text', text: { body: 'ready' } } });
  });

  it('shows 4 choices as a list message through the engine, and routes the list reply by its id', async () => {
    await publishDirect(h.t, h.workspaceId, 'Menu', menuFlow as unknown as FlowDocument);
    h.startWorker();
    await post(delivery({ messages: [msg('w1', { type: 'text', text: { body: 'menu' } })] })).expect(200);
    const [menu] = await waitFor(() => fake.sent(/\/messages$/), (s) => s.length >= 1);
    expect(menu.body).toMatchObject({ type: 'interactive', interactive: { type: 'list', body: { text: 'How can we help?' } } });
    const rows = (menu.body as { interactive: { action: { sections: Array<{ rows: Array<{ id: string; title: string }> }> } } }).interactive.action.sections[0].rows;
    expect(rows.map((r) => r.title)).toEqual(['Orders', 'Returns', 'Hours', 'Human']);
    await post(delivery({ messages: [msg('w2', { type: 'interactive', interactive: { type: 'list_reply', list_reply: rows[3] } })] })).expect(200);
    const sent = await waitFor(() => fake.sent(/\/messages$/), (s) => s.length >= 2);
    expect(sent[1].body).toMatchObject({ type: 'text', text: { body: 'You chose human' } });
  });

  it('degrades 4 buttons to a list the fake accepts, and classifies window, rate-limit and auth errors', async () => {
    const adapter = h.registry.adapterFor('whatsapp');
    const conn = await h.load(h.connectionId);
    const buttons = ['One', 'Two', 'Three', 'Four'].map((title) => ({ kind: 'postback' as const, title, payload: title.toUpperCase() }));
    expect(await adapter.send(conn, { contactExternalId: '16505551234' }, { text: 'Pick', buttons })).toMatchObject({ ok: true, platformMessageId: expect.stringMatching(/^wamid\./) });
    expect(fake.sent()[0].body).toMatchObject({ type: 'interactive', interactive: { type: 'list' } });
    fake.failNext(GRAPH_ERRORS.waWindowClosed, GRAPH_ERRORS.waRateLimited, GRAPH_ERRORS.tokenExpired);
    expect(await adapter.send(conn, { contactExternalId: '1' }, { text: 'x' })).toMatchObject({ ok: false, kind: 'window-closed' });
    expect(await adapter.send(conn, { contactExternalId: '1' }, { text: 'x' })).toMatchObject({ ok: false, kind: 'rate-limited' });
    expect(await adapter.send(conn, { contactExternalId: '1' }, { text: 'x' })).toMatchObject({ ok: false, kind: 'auth' });
    expect((await h.load(h.connectionId)).status).toBe('broken');
  });

  it('accepts a signed 2 MB delivery (Meta allows 3 MB) and refuses a 4 MB one with 413 before storing anything', async () => {
    // Unknown fields are ignored by the parser: padding stands in for a large batch.
    const sized = (bytes: number, id: string) => delivery({ messages: [msg(id, { type: 'text', text: { body: 'big one' } })], padding: 'x'.repeat(bytes) });
    await post(sized(2 * 1024 * 1024, 'big2')).expect(200, { accepted: 1, duplicates: 0 });
    const tooLarge = await post(sized(4 * 1024 * 1024, 'big4')).expect(413);
    expect(tooLarge.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect((await h.inboundRows()).map((r) => r.platform_event_id)).toEqual(['big2']);
  });

  it('keeps the 1 MB limit outside the webhooks', async () => {
    const res = await request(h.t.server).post('/api/auth/login').set('content-type', 'application/json').send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1.5 * 1024 * 1024) })).expect(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('lets an agent download media delivered as an id: the URL from GET /{media-id}, fetched with the token, served with safe headers', async () => {
    h.startWorker();
    await post(delivery({ messages: [
      msg('wm1', { type: 'image', image: { id: 'MEDIA-IMG-1', mime_type: 'image/jpeg', sha256: 'x', caption: 'the stain' } }),
      msg('wm2', { type: 'document', document: { id: 'MEDIA-DOC-1', mime_type: 'text/html', filename: 'receipt.html' } }),
      msg('wm3', { type: 'image', image: { id: 'MEDIA-EXPIRED', mime_type: 'image/jpeg' } }),
    ] })).expect(200);

    const photo = expectStatus(await downloadAttachment(h, 'wm1'), 200);
    expect(Buffer.compare(photo.body as Buffer, PHOTO)).toBe(0);
    expect(photo.headers).toMatchObject({ 'content-type': 'image/jpeg', 'content-disposition': expect.stringMatching(/^inline; filename="image-\d+-0\.jpg"$/), 'x-content-type-options': 'nosniff' });
    const lookups = fake.sent(/MEDIA-IMG-1/);
    expect(lookups[0]).toMatchObject({ method: 'GET', path: `/v25.0/MEDIA-IMG-1?phone_number_id=${PHONE}`, headers: { authorization: 'Bearer WA_TOKEN' } });
    expect(lookups[1]).toMatchObject({ method: 'GET', headers: { authorization: 'Bearer WA_TOKEN' } });

    // The platform says HTML: served as a download of bytes, never as a page of this origin.
    const doc = expectStatus(await downloadAttachment(h, 'wm2'), 200);
    expect(doc.headers).toMatchObject({ 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="receipt.html"' });
    expect(doc.headers['content-security-policy']).toContain('sandbox');

    expect(JSON.parse(String((expectStatus(await downloadAttachment(h, 'wm3'), 404)).body))).toMatchObject({ code: 'MEDIA_GONE' });
    expect(JSON.parse(String((expectStatus(await downloadAttachment(h, 'wm1', 1), 404)).body))).toMatchObject({ code: 'ATTACHMENT_NOT_FOUND' });
  });

  it('reports a refused token on a media download as 502 MEDIA_AUTH_FAILED', async () => {
    h.startWorker();
    await post(delivery({ messages: [msg('wm1', { type: 'image', image: { id: 'MEDIA-IMG-1', mime_type: 'image/jpeg' } })] })).expect(200);
    fake.failNext(GRAPH_ERRORS.tokenExpired);
    const res = expectStatus(await downloadAttachment(h, 'wm1'), 502);
    expect(JSON.parse(String(res.body))).toMatchObject({ code: 'MEDIA_AUTH_FAILED' });
  });
});
