import { connection, fakeEgress, fixture, testConfig } from '../testing/channel-test-kit';
import { XAdapter } from './x.adapter';

const SECRET = 'z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu';
const conn = connection('x', '4337869213', { consumerSecret: SECRET, accessToken: 'X_USER_TOKEN' });
const dm = (id: string, sender: string, data: Record<string, unknown>) => ({
  type: 'message_create', id, created_timestamp: '1767263400557',
  message_create: { target: { recipient_id: sender === '4337869213' ? '3001969357' : '4337869213' }, sender_id: sender, message_data: data },
});

describe('XAdapter', () => {
  const adapter = new XAdapter(fakeEgress().egress, testConfig);

  it("answers the CRC with channels.md's worked example", () => {
    expect(adapter.handshake(conn, { crc_token: '9b4507b3-9040-4669-9ca3-6b94edb50553' })).toEqual({
      status: 200,
      body: { response_token: 'sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8=' },
    });
    expect(adapter.handshake(conn, {})).toBeNull();
  });

  it('verifies x-twitter-webhooks-signature (base64)', () => {
    const raw = Buffer.from('{"for_user_id":"4337869213"}');
    expect(adapter.verifySignature(conn, raw, { 'x-twitter-webhooks-signature': 'sha256=5OEASBfLlp2+SCbU77qr2hG/Vv2i2PXIVV/3Ak7n97o=' })).toBe(true);
    expect(adapter.verifySignature(conn, raw, { 'x-twitter-webhooks-signature': 'sha256=AAAA' })).toBe(false);
    expect(adapter.verifySignature(conn, raw, {})).toBe(false);
  });

  it('parses the DM fixture with the sender profile', () => {
    expect(adapter.parseDelivery(conn, fixture('x-dm-event').body)).toEqual([{
      kind: 'inbound', platformEventId: '1875493021846573056', platformTimestamp: new Date(1767263400557),
      contact: { externalId: '3001969357', name: 'Jordan Brinks', username: 'furiouscamper', avatarUrl: 'https://pbs.twimg.com/profile_images/851526626785480705/cW4WTi7C_normal.jpg' },
      event: { type: 'message-received', text: "Hi, my order #48213 hasn't arrived yet" },
    }]);
  });

  it('routes quick-reply responses as payloads, skips our own DMs, reports reads, drops typing', () => {
    const body = {
      for_user_id: '4337869213',
      direct_message_events: [
        dm('1', '3001969357', { text: 'Track order', quick_reply_response: { type: 'options', metadata: 'TRACK' } }),
        dm('2', '4337869213', { text: 'our reply' }),
        dm('3', '3001969357', { text: 'look https://t.co/abc', attachment: { type: 'media', media: { type: 'photo', url: 'https://t.co/abc', media_url_https: 'https://ton.twimg.com/x.jpg' } } }),
      ],
      direct_message_mark_read_events: [{ created_timestamp: '1767263400600', sender_id: '3001969357', target: { recipient_id: '4337869213' }, last_read_event_id: '2' }],
      direct_message_indicate_typing_events: [{ created_timestamp: '1', sender_id: '3001969357', target: { recipient_id: '4337869213' } }],
    };
    const events = adapter.parseDelivery(conn, body);
    expect(events).toMatchObject([
      { kind: 'inbound', event: { type: 'postback-received', payload: 'TRACK', title: 'Track order' } },
      { kind: 'ignored', reason: 'self', platformEventId: '2' },
      { kind: 'inbound', event: { type: 'message-received', text: 'look', attachments: [{ kind: 'image', url: 'https://ton.twimg.com/x.jpg' }] } },
      { kind: 'status', status: 'read', platformMessageId: '2', contactExternalId: '3001969357' },
    ]);
    expect(events).toHaveLength(4);
  });

  it("leaves another subscribed account's events to that account's connection", () => {
    const body = { for_user_id: '999', direct_message_events: [dm('7', '3001969357', { text: 'hi' })] };
    expect(adapter.parseDelivery(conn, body)).toEqual([]);
  });

  it('sends v2 DMs with options in the text; v1.1 with native quick replies', async () => {
    const { egress, requests } = fakeEgress({ json: { data: { dm_conversation_id: 'c', dm_event_id: 'ev1' } } }, { json: { event: { id: 'ev2' } } });
    const x = new XAdapter(egress, testConfig);
    const message = { text: 'Pick one', quickReplies: [{ title: 'Track', payload: 'TRACK' }, { title: 'Agent', payload: 'AGENT' }] };
    expect(await x.send(conn, { contactExternalId: '3001969357' }, message)).toEqual({ ok: true, platformMessageId: 'ev1' });
    expect(requests[0]).toMatchObject({ url: 'https://x.test/2/dm_conversations/with/3001969357/messages', headers: { authorization: 'Bearer X_USER_TOKEN' }, body: { text: 'Pick one\n• Track\n• Agent' } });
    const v1 = connection('x', '4337869213', conn.secrets, { dmApi: 'v1.1' });
    expect(await x.send(v1, { contactExternalId: '3001969357' }, message)).toEqual({ ok: true, platformMessageId: 'ev2' });
    expect(requests[1]).toMatchObject({
      url: 'https://x.test/1.1/direct_messages/events/new.json',
      body: { event: { type: 'message_create', message_create: { target: { recipient_id: '3001969357' }, message_data: { text: 'Pick one', quick_reply: { type: 'options', options: [{ label: 'Track', metadata: 'TRACK' }, { label: 'Agent', metadata: 'AGENT' }] } } } } },
    });
  });

  it.each([
    [429, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }, { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 120) }, 'rate-limited'],
    [401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }, {}, 'auth'],
    [403, { detail: 'You are not permitted to send a DM to this user', title: 'Forbidden', status: 403 }, {}, 'permanent'],
    [503, { title: 'Service Unavailable', status: 503 }, {}, 'transient'],
  ])('classifies HTTP %s', async (status, json, headers, kind) => {
    const { egress } = fakeEgress({ status, json, headers });
    const result = await new XAdapter(egress, testConfig).send(conn, { contactExternalId: '1' }, { text: 'x' });
    expect(result).toMatchObject({ ok: false, kind });
    if (kind === 'rate-limited') expect((result as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(100_000);
  });
});
