import request from 'supertest';
import { echoFlow, publishDirect } from './support/runtime-fixtures';
import type { FlowDocument } from '@parley/runtime';
import { downloadAttachment, menuFlow, metaSignature, postMetaWebhook, useChannelHarness, waitFor } from '../fakes/channel-e2e-kit';
import { GRAPH_ERRORS } from '../fakes/meta-graph-fake';
import { messengerFake } from '../fakes/messenger-fake';

const PAGE = '104563219876543';
const SECRETS = { pageAccessToken: 'PAGE_TOKEN_canary_41b7', appSecret: 'app_secret_canary_93c1', verifyToken: 'verify-me' };
// Current timestamps: the runtime host refuses automated replies outside the 24-hour window.
const NOW = Date.now();
const event = (mid: string, extra: Record<string, unknown>, sender = 'PSID1') => ({ sender: { id: sender }, recipient: { id: PAGE }, timestamp: NOW, ...(mid ? { message: { mid, ...extra } } : extra) });
const delivery = (...messaging: unknown[]) => JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: 1767261600512, messaging }] });

// Every byte value, which a UTF-8 decode anywhere on the way would mangle.
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
// Over the media route's 25 MB cap.
const HUGE = Buffer.alloc(26 * 1024 * 1024, 1);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 13) % 256))]);

describe('channels: Messenger', () => {
  const fake = messengerFake({ pageId: PAGE, token: SECRETS.pageAccessToken, cdn: { '/v/t1.15752-9/photo.png': { bytes: PNG, contentType: 'image/png' }, '/v/t1.15752-9/blob': { bytes: ALL_BYTES }, '/v/t1.15752-9/huge.mp4': { bytes: HUGE, contentType: 'video/mp4' } } });
  const h = useChannelHarness(fake, { platform: 'messenger', name: 'Acme Page', externalAccountId: PAGE, secrets: SECRETS, config: { appId: '111' } });
  const post = (raw: string, secret = SECRETS.appSecret) => postMetaWebhook(h, 'messenger', raw, secret);

  it('answers the hub.challenge handshake, and 403 to a wrong verify token', async () => {
    const url = h.webhook('messenger', h.connectionId);
    const ok = await request(h.t.server).get(url).query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' }).expect(200);
    expect(ok.text).toBe('1158201444');
    await request(h.t.server).get(url).query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }).expect(403);
    await request(h.t.server).get(h.webhook('messenger', '00000000-0000-4000-8000-000000000000')).query({ 'hub.mode': 'subscribe' }).expect(404);
    await request(h.t.server).get(h.webhook('instagram', h.connectionId)).query({ 'hub.mode': 'subscribe' }).expect(404);
  });

  it('refuses a missing, wrong, sha1 or re-serialised signature with 401 and stores nothing', async () => {
    // Meta signs the escaped-unicode wire bytes: re-serialising them (ä) changes the signature.
    const raw = delivery(event('m1', { text: 'hi ä' })).replace('ä', '\\u00e4');
    const url = h.webhook('messenger', h.connectionId);
    await request(h.t.server).post(url).set('content-type', 'application/json').send(raw).expect(401);
    await post(raw, 'not-the-secret').expect(401);
    await request(h.t.server).post(url).set('content-type', 'application/json').set('x-hub-signature', metaSignature(SECRETS.appSecret, raw).replace('sha256', 'sha1')).send(raw).expect(401);
    const reserialised = JSON.stringify(JSON.parse(raw));
    await request(h.t.server).post(url).set('content-type', 'application/json').set('x-hub-signature-256', metaSignature(SECRETS.appSecret, reserialised)).send(raw).expect(401);
    expect(await h.inboundRows()).toEqual([]);
    await post(raw).expect(200, { accepted: 1, duplicates: 0 });
  });

  it('stores every event kind of a batch, and a duplicate delivery is acknowledged but not stored again', async () => {
    const raw = delivery(
      event('m1', { text: 'Hi! Do you ship to Canada?' }),
      event('m2', { text: 'Red', quick_reply: { payload: 'COLOR_RED' } }),
      event('m3', { attachments: [{ type: 'image', payload: { url: 'https://cdn.example/x.jpg' } }] }),
      event('', { postback: { mid: 'pb1', title: 'Get Started', payload: 'GET_STARTED', referral: { ref: 'summer', source: 'SHORTLINK', type: 'OPEN_THREAD' } } }),
      event('', { referral: { ref: 'again', source: 'SHORTLINK', type: 'OPEN_THREAD' } }),
      { sender: { id: PAGE }, recipient: { id: 'PSID1' }, timestamp: 1767261600200, message: { mid: 'echo1', is_echo: true, app_id: 111, text: 'ours' } },
      event('', { read: { watermark: 1767261600000 } }),
      event('', { delivery: { mids: ['m_out_1'], watermark: 1767261600000 } }),
      event('', { take_thread_control: { previous_owner_app_id: '111', new_owner_app_id: '263902037430900', metadata: '' } }),
    );
    await post(raw).expect(200, { accepted: 9, duplicates: 0 });
    await post(raw).expect(200, { accepted: 0, duplicates: 9 });
    const rows = await h.inboundRows();
    expect(rows.map((r) => [r.platform_event_id, r.kind])).toEqual([
      ['m1', 'inbound'], ['m2', 'inbound'], ['m3', 'inbound'], ['pb1', 'inbound'], [`referral:PSID1:${NOW}`, 'inbound'],
      ['echo1', 'ignored'], ['read:PSID1:1767261600000', 'status'], ['delivery:m_out_1', 'status'], [`take:PSID1:${NOW}`, 'handover'],
    ]);
    expect(JSON.stringify(rows[1].payload)).toContain('COLOR_RED');
  });

  it("stores another Page's events (same app webhook) under that Page's connection", async () => {
    const other = await h.connect({ platform: 'messenger', name: 'Second Page', externalAccountId: '2000', secrets: { ...SECRETS, pageAccessToken: 'PAGE2' } });
    const foreignApp = await h.connect({ platform: 'messenger', name: 'Other app', externalAccountId: '3000', secrets: { ...SECRETS, appSecret: 'another_app' } });
    const raw = JSON.stringify({ object: 'page', entry: [
      { id: PAGE, time: NOW, messaging: [event('a1', { text: 'to page 1' })] },
      { id: '2000', time: NOW, messaging: [{ sender: { id: 'PSID2' }, recipient: { id: '2000' }, timestamp: NOW, message: { mid: 'b1', text: 'to page 2' } }] },
      { id: '3000', time: NOW, messaging: [{ sender: { id: 'PSID3' }, recipient: { id: '3000' }, timestamp: NOW, message: { mid: 'c1', text: 'not ours' } }] },
    ] });
    await post(raw).expect(200, { accepted: 2, duplicates: 0 });
    const rows = await h.t.db.query(`SELECT connection_id, platform_event_id FROM inbound_events ORDER BY platform_event_id`);
    expect(rows).toEqual([{ connection_id: h.connectionId, platform_event_id: 'a1' }, { connection_id: other, platform_event_id: 'b1' }]);
    expect(foreignApp).toBeTruthy();
  });

  it('answers through the engine with a native reply at the Send API', async () => {
    await publishDirect(h.t, h.workspaceId, 'Echo', echoFlow);
    h.startWorker();
    await post(delivery(event('m1', { text: 'hello' }))).expect(200);
    const sent = await waitFor(() => fake.sent(/\/messages$/), (s) => s.length >= 1);
    expect(sent[0].path).toBe(`/v25.0/${PAGE}/messages`);
    expect(sent[0].headers.authorization).toBe(`Bearer ${SECRETS.pageAccessToken}`);
    expect(sent[0].body).toEqual({ recipient: { id: 'PSID1' }, messaging_type: 'RESPONSE', message: { text: 'ready' } });
    await post(delivery(event('m2', { text: 'blue' }))).expect(200);
    const more = await waitFor(() => fake.sent(/\/messages$/), (s) => s.length >= 3);
    expect(more.map((r) => (r.body.message as { text: string }).text)).toEqual(['ready', 'got blue', 'ready']);
  });

  it('sends a button template with quick replies; a postback and a quick-reply tap are routed by payload', async () => {
    await publishDirect(h.t, h.workspaceId, 'Menu', menuFlow as unknown as FlowDocument);
    h.startWorker();
    await post(delivery(event('m1', { text: 'menu' }))).expect(200);
    const [menu] = await waitFor(() => fake.sent(/\/messages$/), (s) => s.length >= 1);
    const message = menu.body.message as { attachment: { payload: { template_type: string; text: string; buttons: Array<{ title: string; payload: string }> } }; quick_replies: Array<{ title: string; payload: string }> };
    expect(message.attachment.payload).toMatchObject({ template_type: 'button', text: 'How can we help?' });
    expect(message.attachment.payload.buttons.map((b) => b.title)).toEqual(['Orders', 'Returns', 'Hours']);
    expect(message.quick_replies.map((q) => q.title)).toEqual(['Human']);
    await post(delivery(event('', { postback: { mid: 'pb1', title: 'Hours', payload: message.attachment.payload.buttons[2].payload } }))).expect(200);
    await waitFor(() => fake.sent(/\/messages$/), (s) => s.length >= 2);
    await post(delivery(event('m2', { text: 'menu' }))).expect(200);
    await waitFor(() => fake.sent(/\/messages$/), (s) => s.length >= 3);
    await post(delivery(event('m3', { text: 'Human', quick_reply: { payload: message.quick_replies[0].payload } }))).expect(200);
    const sent = await waitFor(() => fake.sent(/\/messages$/), (s) => s.length >= 4);
    expect(sent.map((r) => (r.body.message as { text?: string }).text)).toEqual([undefined, 'You chose hours', undefined, 'You chose human']);
  });

  it("classifies the Send API's errors; an expired token marks the connection broken and tells the workspace", async () => {
    const adapter = h.registry.adapterFor('messenger');
    const conn = await h.load(h.connectionId);
    const target = { contactExternalId: 'PSID1' };
    fake.failNext(GRAPH_ERRORS.windowClosed, GRAPH_ERRORS.rateLimited, GRAPH_ERRORS.transient, GRAPH_ERRORS.personUnavailable);
    expect(await adapter.send(conn, target, { text: 'x' })).toMatchObject({ ok: false, kind: 'window-closed' });
    expect(await adapter.send(conn, target, { text: 'x' })).toMatchObject({ ok: false, kind: 'rate-limited', retryAfterMs: expect.any(Number) });
    expect(await adapter.send(conn, target, { text: 'x' })).toMatchObject({ ok: false, kind: 'transient' });
    expect(await adapter.send(conn, target, { text: 'x' })).toMatchObject({ ok: false, kind: 'permanent' });
    fake.failNext(GRAPH_ERRORS.tokenExpired);
    expect(await adapter.send(conn, target, { text: 'x' })).toMatchObject({ ok: false, kind: 'auth' });
    const view = await request(h.t.server).get(`/api/channels/${h.connectionId}`).set(h.auth).expect(200);
    expect(view.body).toMatchObject({ status: 'broken', statusReason: expect.stringContaining('Session has expired') });
    const [audit] = await h.t.db.query(`SELECT action FROM audit_log WHERE action = 'channel.broken'`);
    expect(audit).toBeTruthy();
    // New credentials bring it back.
    await request(h.t.server).patch(`/api/channels/${h.connectionId}`).set(h.auth).send({ secrets: { pageAccessToken: SECRETS.pageAccessToken } }).expect(200).expect((r) => expect(r.body.status).toBe('active'));
  });

  it('keeps secrets write-only and encrypted at rest', async () => {
    const view = await request(h.t.server).get(`/api/channels/${h.connectionId}`).set(h.auth).expect(200);
    expect(view.body.secrets).toEqual({ pageAccessToken: true, appSecret: true, verifyToken: true });
    expect(view.body.webhookUrl).toBe(`/api/webhooks/messenger/${h.connectionId}`);
    const list = await request(h.t.server).get('/api/channels').set(h.auth).expect(200);
    const dump = JSON.stringify([view.body, list.body, await h.t.db.query(`SELECT * FROM channel_connections`), await h.t.db.query(`SELECT * FROM audit_log`)]);
    for (const canary of ['canary_41b7', 'canary_93c1']) expect(dump).not.toContain(canary);
  });

  it("downloads an attachment for an agent from Meta's pre-signed CDN URL, without sending the page token", async () => {
    h.startWorker();
    const url = `${fake.url}/v/t1.15752-9/photo.png?_nc_cat=1&oh=signed`;
    await post(delivery(event('m-media', { attachments: [{ type: 'image', payload: { url } }] }))).expect(200);
    const res = await downloadAttachment(h, 'm-media');
    expect([res.status, res.headers['content-type'], res.headers['x-content-type-options']]).toEqual([200, 'image/png', 'nosniff']);
    expect(Buffer.compare(res.body as Buffer, PNG)).toBe(0);
    expect(fake.sent(/photo\.png/)[0].headers.authorization).toBeUndefined();
  });

  it('serves a binary the CDN sent with no content type byte for byte, as a download', async () => {
    h.startWorker();
    await post(delivery(event('m-blob', { attachments: [{ type: 'file', payload: { url: `${fake.url}/v/t1.15752-9/blob?oh=signed` } }] }))).expect(200);
    const res = await downloadAttachment(h, 'm-blob');
    expect([res.status, res.headers['content-type']]).toEqual([200, 'application/octet-stream']);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="file-\d+-0"$/);
    expect((res.body as Buffer).toString('hex')).toBe(ALL_BYTES.toString('hex'));
  });

  it('refuses a file over the 25 MB cap with 502 MEDIA_TOO_LARGE, before sending any of it', async () => {
    h.startWorker();
    await post(delivery(event('m-huge', { attachments: [{ type: 'video', payload: { url: `${fake.url}/v/t1.15752-9/huge.mp4` } }] }))).expect(200);
    const res = await downloadAttachment(h, 'm-huge');
    expect([res.status, JSON.parse((res.body as Buffer).toString('utf8')).code]).toEqual([502, 'MEDIA_TOO_LARGE']);
  });
});
