import request from 'supertest';
import { echoFlow, publishDirect } from './support/runtime-fixtures';
import type { FlowDocument } from '@parley/runtime';
import { downloadAttachment, expectStatus, menuFlow, useChannelHarness, waitFor } from '../fakes/channel-e2e-kit';
import { TELEGRAM_ERRORS, telegramFake } from '../fakes/telegram-fake';

const TOKEN = '7000000001:AAF-test-token';
const SECRETS = { botToken: TOKEN, webhookSecret: 'tg_secret-1' };
const from = { id: 482910375, is_bot: false, first_name: 'Maria', last_name: 'Kovacs', username: 'mkovacs', language_code: 'en' };
const chat = { id: 482910375, first_name: 'Maria', type: 'private' };
const text = (updateId: number, body: string) => ({ update_id: updateId, message: { message_id: updateId, from, chat, date: Math.floor(Date.now() / 1000), text: body } });

const VOICE = Buffer.concat([Buffer.from('OggS'), Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 53) % 256))]);
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7) % 256))]);

describe('channels: Telegram', () => {
  const fake = telegramFake({
    token: TOKEN,
    files: { 'VOICE-1': { filePath: 'voice/file_12.oga', bytes: VOICE }, 'PHOTO-BIG': { filePath: 'photos/file_7.jpg', bytes: PHOTO } },
  });
  // No externalAccountId: the bot id comes from the token.
  const h = useChannelHarness(fake, { platform: 'telegram', name: 'Acme bot', secrets: SECRETS });
  const post = (body: unknown, secret = SECRETS.webhookSecret) => request(h.t.server).post(h.webhook('telegram', h.connectionId)).set('x-telegram-bot-api-secret-token', secret).send(body as object);

  it('takes the bot id from the token and refuses a wrong or missing secret token, storing nothing', async () => {
    expect((await h.load(h.connectionId)).externalAccountId).toBe('7000000001');
    await post(text(1, 'hi'), 'tg_secret-2').expect(401);
    await request(h.t.server).post(h.webhook('telegram', h.connectionId)).send(text(1, 'hi')).expect(401);
    expect(await h.inboundRows()).toEqual([]);
  });

  it('stores messages and callback queries (answered so the button stops spinning), once per update_id', async () => {
    const tap = { update_id: 2, callback_query: { id: 'cbq-77', from, chat_instance: '1', data: 'handoff:human', message: { message_id: 9, chat, date: 1, reply_markup: { inline_keyboard: [[{ text: 'Talk to a human', callback_data: 'handoff:human' }]] } } } };
    await post(text(1, 'What are your opening hours on Sunday?')).expect(200, { accepted: 1, duplicates: 0 });
    await post(tap).expect(200, { accepted: 1, duplicates: 0 });
    await post(tap).expect(200, { accepted: 0, duplicates: 1 });
    expect((await h.inboundRows()).map((r) => [r.platform_event_id, r.kind])).toEqual([['1', 'inbound'], ['2', 'inbound']]);
    expect(fake.sent(/answerCallbackQuery$/).map((r) => r.body)).toEqual([{ callback_query_id: 'cbq-77' }, { callback_query_id: 'cbq-77' }]);
  });

  it('answers through the engine with sendMessage', async () => {
    await publishDirect(h.t, h.workspaceId, 'Echo', echoFlow);
    h.startWorker();
    await post(text(1, 'hello')).expect(200);
    const sent = await waitFor(() => fake.sent(/sendMessage$/), (s) => s.length >= 1);
    expect(sent[0]).toMatchObject({ path: `/bot${TOKEN}/sendMessage`, body: { chat_id: '482910375', text: 'ready' } });
  });

  it('shows buttons as an inline keyboard through the engine; a tap is routed by callback data and answered', async () => {
    await publishDirect(h.t, h.workspaceId, 'Menu', menuFlow as unknown as FlowDocument);
    h.startWorker();
    await post(text(1, 'menu')).expect(200);
    const [menu] = await waitFor(() => fake.sent(/sendMessage$/), (s) => s.length >= 1);
    const keys = (menu.body as { reply_markup: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> } }).reply_markup.inline_keyboard.flat();
    expect(keys.map((k) => k.text)).toEqual(['Orders', 'Returns', 'Hours', 'Human']);
    const tap = { update_id: 2, callback_query: { id: 'cbq-9', from, chat_instance: '1', data: keys[1].callback_data, message: { message_id: 9, chat, date: 1, reply_markup: { inline_keyboard: [keys] } } } };
    await post(tap).expect(200);
    const sent = await waitFor(() => fake.sent(/sendMessage$/), (s) => s.length >= 2);
    expect(sent[1].body).toMatchObject({ chat_id: '482910375', text: 'You chose returns' });
    expect(fake.sent(/answerCallbackQuery$/).map((r) => r.body)).toEqual([{ callback_query_id: 'cbq-9' }]);
  });

  it('sends inline keyboards and classifies 429 (retry_after), blocked and revoked tokens', async () => {
    const adapter = h.registry.adapterFor('telegram');
    const conn = await h.load(h.connectionId);
    expect(await adapter.send(conn, { contactExternalId: '482910375' }, { text: 'Need help?', buttons: [{ kind: 'postback', title: 'Talk to a human', payload: 'handoff:human' }] })).toMatchObject({ ok: true });
    expect(fake.sent()[0].body).toMatchObject({ reply_markup: { inline_keyboard: [[{ text: 'Talk to a human', callback_data: 'handoff:human' }]] } });
    fake.failNext(TELEGRAM_ERRORS.tooManyRequests(12), TELEGRAM_ERRORS.blocked, TELEGRAM_ERRORS.unauthorized);
    expect(await adapter.send(conn, { contactExternalId: '1' }, { text: 'x' })).toMatchObject({ ok: false, kind: 'rate-limited', retryAfterMs: 12_000 });
    expect(await adapter.send(conn, { contactExternalId: '1' }, { text: 'x' })).toMatchObject({ ok: false, kind: 'permanent' });
    expect(await adapter.send(conn, { contactExternalId: '1' }, { text: 'x' })).toMatchObject({ ok: false, kind: 'auth' });
    expect((await h.load(h.connectionId)).status).toBe('broken');
  });

  it('lets an agent download media by file_id: getFile, then the file path under /file/bot<token>/, with safe headers', async () => {
    h.startWorker();
    const base = { from, chat, date: Math.floor(Date.now() / 1000) };
    await post({ update_id: 11, message: { message_id: 11, ...base, voice: { file_id: 'VOICE-1', file_unique_id: 'v1', duration: 3, mime_type: 'audio/ogg', file_size: VOICE.length } } }).expect(200);
    // Sizes smallest first: the largest is the one fetched.
    const sizes = [{ file_id: 'PHOTO-SMALL', file_unique_id: 's', width: 90, height: 90 }, { file_id: 'PHOTO-BIG', file_unique_id: 'b', width: 1280, height: 1280 }];
    await post({ update_id: 12, message: { message_id: 12, ...base, photo: sizes, caption: 'look' } }).expect(200);
    await post({ update_id: 13, message: { message_id: 13, ...base, document: { file_id: 'GONE-1', file_unique_id: 'g', file_name: 'old.pdf', mime_type: 'application/pdf' } } }).expect(200);

    const voice = expectStatus(await downloadAttachment(h, '11'), 200);
    expect(Buffer.compare(voice.body as Buffer, VOICE)).toBe(0);
    // Telegram's file server says octet-stream; the type declared in the update wins when it is a safe one.
    expect(voice.headers).toMatchObject({ 'content-type': 'audio/ogg', 'content-disposition': 'inline; filename="file_12.oga"', 'x-content-type-options': 'nosniff' });
    expect(fake.sent(/getFile$/)[0].body).toEqual({ file_id: 'VOICE-1' });
    expect(fake.sent(/^\/file\//)[0].path).toBe(`/file/bot${TOKEN}/voice/file_12.oga`);

    const photo = expectStatus(await downloadAttachment(h, '12'), 200);
    expect(Buffer.compare(photo.body as Buffer, PHOTO)).toBe(0);
    expect(photo.headers['content-type']).toBe('image/jpeg');

    expect(JSON.parse(String(expectStatus(await downloadAttachment(h, '13'), 404).body))).toMatchObject({ code: 'MEDIA_GONE' });
  });
});
