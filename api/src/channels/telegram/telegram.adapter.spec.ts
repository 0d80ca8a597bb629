import { connection, fakeEgress, fixture, testConfig } from '../testing/channel-test-kit';
import { TelegramAdapter } from './telegram.adapter';

const conn = connection('telegram', '7000000001', { botToken: '7000000001:AAF-secret', webhookSecret: 'tg_secret-1' });

describe('TelegramAdapter', () => {
  const adapter = new TelegramAdapter(fakeEgress().egress, testConfig);

  it('checks the secret-token header', () => {
    const { raw } = fixture('telegram-message');
    expect(adapter.verifySignature(conn, raw, { 'x-telegram-bot-api-secret-token': 'tg_secret-1' })).toBe(true);
    expect(adapter.verifySignature(conn, raw, { 'x-telegram-bot-api-secret-token': 'tg_secret-2' })).toBe(false);
    expect(adapter.verifySignature(conn, raw, {})).toBe(false);
  });

  it('parses the message fixture, keyed by update_id', () => {
    expect(adapter.parseDelivery(conn, fixture('telegram-message').body)).toEqual([{
      kind: 'inbound', platformEventId: '846123001', platformTimestamp: new Date(1767263700000),
      contact: { externalId: '482910375', name: 'Maria Kovacs', firstName: 'Maria', lastName: 'Kovacs', username: 'mkovacs' },
      event: { type: 'message-received', text: 'What are your opening hours on Sunday?' },
    }]);
  });

  it('parses callback queries (with their ack token), /start refs, photos, and ignores groups and edits', () => {
    const from = { id: 482910375, is_bot: false, first_name: 'Maria' };
    const chat = { id: 482910375, type: 'private' };
    const parse = (u: unknown) => adapter.parseDelivery(conn, u)[0];
    expect(parse({ update_id: 1, callback_query: { id: 'cbq-1', from, chat_instance: 'x', data: 'handoff:human', message: { message_id: 9, chat, date: 1767263700, reply_markup: { inline_keyboard: [[{ text: 'Talk to a human', callback_data: 'handoff:human' }]] } } } }))
      .toMatchObject({ kind: 'inbound', ackToken: 'cbq-1', event: { type: 'postback-received', payload: 'handoff:human', title: 'Talk to a human' } });
    expect(parse({ update_id: 2, message: { message_id: 1, from, chat, date: 1, text: '/start spring_sale' } })).toMatchObject({ event: { type: 'message-received', ref: 'spring_sale' } });
    expect(parse({ update_id: 3, message: { message_id: 2, from, chat, date: 1, photo: [{ file_id: 'f' }], caption: 'this' } })).toMatchObject({ event: { text: 'this', attachments: [{ kind: 'image' }] } });
    expect(parse({ update_id: 4, message: { message_id: 3, from, chat: { id: -100, type: 'group' }, date: 1, text: 'hi' } })).toMatchObject({ kind: 'ignored', reason: 'unsupported' });
    expect(parse({ update_id: 5, edited_message: { message_id: 3, from, chat, date: 1, text: 'hi' } })).toMatchObject({ kind: 'ignored', platformEventId: '5' });
  });

  it('sends inline keyboards (long payloads digested to 64 bytes) and answers callback queries', async () => {
    const { egress, requests } = fakeEgress({ json: { ok: true, result: { message_id: 77 } } });
    const tg = new TelegramAdapter(egress, testConfig);
    const long = 'n'.repeat(40) + '/' + 'b'.repeat(40);
    const result = await tg.send(conn, { contactExternalId: '482910375' }, { text: 'Hi', buttons: [{ kind: 'postback', title: 'Talk to a human', payload: 'handoff:human' }, { kind: 'url', title: 'Site', url: 'https://acme.test' }], quickReplies: [{ title: 'Other', payload: long }] });
    expect(result).toEqual({ ok: true, platformMessageId: '77' });
    expect(requests[0].url).toBe('https://tg.test/bot7000000001:AAF-secret/sendMessage');
    const markup = (requests[0].body as { reply_markup: { inline_keyboard: Array<Array<{ callback_data?: string }>> } }).reply_markup.inline_keyboard;
    expect(markup[0]).toEqual([{ text: 'Talk to a human', callback_data: 'handoff:human' }]);
    expect(markup.flat()).toContainEqual({ text: 'Site', url: 'https://acme.test' });
    expect(Buffer.byteLength(markup.flat().find((k) => k.callback_data?.startsWith('#'))!.callback_data!)).toBeLessThanOrEqual(64);
    await tg.acknowledge(conn, 'cbq-1');
    expect(requests[1]).toMatchObject({ url: 'https://tg.test/bot7000000001:AAF-secret/answerCallbackQuery', body: { callback_query_id: 'cbq-1' } });
  });

  it('sends media as sendPhoto with the text as caption', async () => {
    const { egress, requests } = fakeEgress({ json: { ok: true, result: { message_id: 1 } } });
    await new TelegramAdapter(egress, testConfig).send(conn, { contactExternalId: '1' }, { text: 'Our menu', media: { kind: 'image', url: 'https://img/menu.png' } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ url: expect.stringMatching(/\/sendPhoto$/), body: { chat_id: '1', photo: 'https://img/menu.png', caption: 'Our menu' } });
  });

  it.each([
    [429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } }, { kind: 'rate-limited', retryAfterMs: 7000 }],
    [401, { ok: false, error_code: 401, description: 'Unauthorized' }, { kind: 'auth' }],
    [403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }, { kind: 'permanent' }],
    [502, { ok: false, error_code: 502, description: 'Bad Gateway' }, { kind: 'transient' }],
  ])('classifies %s', async (status, json, expected) => {
    const { egress } = fakeEgress({ status, json });
    expect(await new TelegramAdapter(egress, testConfig).send(conn, { contactExternalId: '1' }, { text: 'x' })).toMatchObject({ ok: false, ...expected });
  });
});
