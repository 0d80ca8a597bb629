import { createHmac } from 'node:crypto';
import { connection, fakeEgress, fixture, testConfig } from '../testing/channel-test-kit';
import { MessengerAdapter } from './messenger.adapter';

const conn = connection('messenger', '104563219876543', { pageAccessToken: 'PAGE_TOKEN', appSecret: 'my_app_secret', verifyToken: 'vt-123' }, { appId: '111' });
const sign = (raw: Buffer | string, secret = 'my_app_secret') => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
const ev = (extra: Record<string, unknown>) => ({ sender: { id: 'PSID1' }, recipient: { id: '104563219876543' }, timestamp: 1767261600123, ...extra });

describe('MessengerAdapter', () => {
  const adapter = new MessengerAdapter(fakeEgress().egress, testConfig);

  describe('handshake', () => {
    it('echoes hub.challenge when the verify token matches', () => {
      expect(adapter.handshake(conn, { 'hub.mode': 'subscribe', 'hub.verify_token': 'vt-123', 'hub.challenge': '1158201444' })).toEqual({ status: 200, body: '1158201444', contentType: 'text/plain' });
    });
    it('refuses a wrong verify token with 403, and is not a handshake without hub.mode', () => {
      expect(adapter.handshake(conn, { 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' })?.status).toBe(403);
      expect(adapter.handshake(conn, {})).toBeNull();
    });
  });

  describe('verifySignature', () => {
    it("matches channels.md's worked example", () => {
      const raw = Buffer.from('{"object":"page","entry":[]}');
      expect(sign(raw)).toBe('sha256=f373092cfe9f34e1e016a6b15554116814589f121d055510f67b1f54e51b9eae');
      expect(adapter.verifySignature(conn, raw, { 'x-hub-signature-256': sign(raw) })).toBe(true);
    });
    it('checks the wire bytes, not re-serialised JSON (escaped unicode)', () => {
      const wire = Buffer.from('{"text":"\\u00e4\\u00f6\\u00e5"}');
      const reserialised = JSON.stringify(JSON.parse(wire.toString()));
      expect(adapter.verifySignature(conn, wire, { 'x-hub-signature-256': sign(wire) })).toBe(true);
      expect(adapter.verifySignature(conn, wire, { 'x-hub-signature-256': sign(reserialised) })).toBe(false);
    });
    it('refuses missing, sha1-only, wrong-secret signatures', () => {
      const { raw } = fixture('messenger-text');
      expect(adapter.verifySignature(conn, raw, {})).toBe(false);
      expect(adapter.verifySignature(conn, raw, { 'x-hub-signature': `sha1=${createHmac('sha1', 'my_app_secret').update(raw).digest('hex')}` })).toBe(false);
      expect(adapter.verifySignature(conn, raw, { 'x-hub-signature-256': sign(raw, 'other') })).toBe(false);
    });
  });

  describe('parseDelivery', () => {
    it('parses the text fixture', () => {
      const [event] = adapter.parseDelivery(conn, fixture('messenger-text').body);
      expect(event).toEqual({
        kind: 'inbound',
        platformEventId: 'm_Zx4Kq8fJ2bT9sLw1pR7yVnC0aE5uHgD3oIiMkXjQbYt6rNcFvWzS1lPhUeA8dG',
        platformTimestamp: new Date(1767261600123),
        contact: { externalId: '6283746519283746' },
        event: { type: 'message-received', text: 'Hi! Do you ship to Canada?' },
      });
    });
    it('routes a postback as a payload', () => {
      const [event] = adapter.parseDelivery(conn, fixture('messenger-postback').body);
      expect(event).toMatchObject({ kind: 'inbound', event: { type: 'postback-received', payload: 'GET_STARTED', title: 'Get Started' } });
    });
    it('handles a batch: quick reply, attachments, referral, postback with ref, echo, read, delivery, standby, handover', () => {
      const body = {
        object: 'page',
        entry: [
          { id: '104563219876543', messaging: [
            ev({ message: { mid: 'm1', text: 'Red', quick_reply: { payload: 'COLOR_RED' } } }),
            ev({ message: { mid: 'm2', attachments: [{ type: 'image', payload: { url: 'https://cdn.fb/x.jpg' } }, { type: 'file', payload: { url: 'file:///etc/passwd' } }] } }),
            ev({ referral: { ref: 'summer-sale', source: 'SHORTLINK', type: 'OPEN_THREAD' } }),
            ev({ postback: { mid: 'm3', title: 'Get Started', payload: 'GET_STARTED', referral: { ref: 'ad_42', source: 'ADS' } } }),
            { sender: { id: '104563219876543' }, recipient: { id: 'PSID1' }, timestamp: 5, message: { mid: 'm4', is_echo: true, app_id: 111, text: 'hi' } },
            ev({ read: { watermark: 1767261600000 } }),
            ev({ delivery: { mids: ['m9', 'm10'], watermark: 1767261600000 } }),
            ev({ pass_thread_control: { new_owner_app_id: '111', previous_owner_app_id: '263902037430900', metadata: '' } }),
            ev({ take_thread_control: { new_owner_app_id: '263902037430900', previous_owner_app_id: '111' } }),
          ] },
          { id: '104563219876543', standby: [ev({ message: { mid: 'm5', text: 'to the human' } })] },
        ],
      };
      const events = adapter.parseDelivery(conn, body);
      expect(events.map((e) => [e.kind, e.platformEventId])).toEqual([
        ['inbound', 'm1'], ['inbound', 'm2'], ['inbound', 'referral:PSID1:1767261600123'], ['inbound', 'm3'], ['ignored', 'm4'],
        ['status', 'read:PSID1:1767261600000'], ['status', 'delivery:m9'], ['status', 'delivery:m10'],
        ['handover', 'pass:PSID1:1767261600123'], ['handover', 'take:PSID1:1767261600123'], ['ignored', 'm5'],
      ]);
      expect(events[0]).toMatchObject({ event: { type: 'message-received', text: 'Red', payload: 'COLOR_RED' } });
      expect(events[1]).toMatchObject({ event: { type: 'message-received', text: '', attachments: [{ kind: 'image', url: 'https://cdn.fb/x.jpg' }, { kind: 'file' }] } });
      expect(events[2]).toMatchObject({ event: { type: 'referral-received', ref: 'summer-sale' } });
      expect(events[3]).toMatchObject({ event: { type: 'postback-received', payload: 'GET_STARTED', ref: 'ad_42' } });
      expect(events[4]).toMatchObject({ reason: 'echo' });
      expect(events[5]).toMatchObject({ status: 'read', watermark: new Date(1767261600000) });
      expect(events[8]).toMatchObject({ to: 'bot' });
      expect(events[9]).toMatchObject({ to: 'human' });
      expect(events[10]).toMatchObject({ reason: 'standby' });
    });
    it('addresses chat-plugin visitors by user_ref, there and back', async () => {
      const body = { object: 'page', entry: [{ id: '104563219876543', messaging: [{ sender: { user_ref: 'UREF1' }, recipient: { id: '104563219876543' }, timestamp: 1, message: { mid: 'p1', text: 'hi' } }] }] };
      const [event] = adapter.parseDelivery(conn, body);
      expect(event).toMatchObject({ contact: { externalId: 'user_ref:UREF1' } });
      const { egress, requests } = fakeEgress({ json: {} });
      await new MessengerAdapter(egress, testConfig).send(conn, { contactExternalId: 'user_ref:UREF1' }, { text: 'hello' });
      expect((requests[0].body as { recipient: unknown }).recipient).toEqual({ user_ref: 'UREF1' });
    });
    it('never throws on nonsense', () => {
      for (const body of [null, 42, 'x', { object: 'page', entry: 'x' }, { object: 'page', entry: [{ messaging: [null, 1, { sender: 5 }] }] }]) {
        expect(() => adapter.parseDelivery(conn, body)).not.toThrow();
      }
    });
  });

  describe('send', () => {
    it('sends text as a RESPONSE with the token in the header, and a HUMAN_AGENT tag when asked', async () => {
      const { egress, requests } = fakeEgress({ json: { recipient_id: 'PSID1', message_id: 'mid.1' } });
      const result = await new MessengerAdapter(egress, testConfig).send(conn, { contactExternalId: 'PSID1', humanAgentTag: true }, { text: 'Hello' });
      expect(result).toEqual({ ok: true, platformMessageId: 'mid.1' });
      expect(requests[0]).toMatchObject({ method: 'POST', url: 'https://graph.test/v25.0/104563219876543/messages', headers: { authorization: 'Bearer PAGE_TOKEN' } });
      expect(requests[0].body).toEqual({ recipient: { id: 'PSID1' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Hello' } });
    });
    it('maps buttons to a button template, cards to a generic template, quick replies on the last message', async () => {
      const { egress, requests } = fakeEgress({ json: { message_id: 'x' } });
      await new MessengerAdapter(egress, testConfig).send(conn, { contactExternalId: 'PSID1' }, {
        text: 'Pick',
        cards: [{ title: 'Hoodie', subtitle: 'Blue', imageUrl: 'https://img/h.jpg', buttons: [{ kind: 'url', title: 'Buy', url: 'https://shop/h' }] }],
        quickReplies: [{ title: 'More', payload: 'MORE' }],
      });
      expect(requests.map((r) => (r.body as { message: unknown }).message)).toEqual([
        { text: 'Pick' },
        { attachment: { type: 'template', payload: { template_type: 'generic', elements: [{ title: 'Hoodie', subtitle: 'Blue', image_url: 'https://img/h.jpg', buttons: [{ type: 'web_url', url: 'https://shop/h', title: 'Buy' }] }] } }, quick_replies: [{ content_type: 'text', title: 'More', payload: 'MORE' }] },
      ]);
    });
    it('clips text to 2,000 characters', async () => {
      const { egress, requests } = fakeEgress({ json: {} });
      await new MessengerAdapter(egress, testConfig).send(conn, { contactExternalId: 'P' }, { text: 'a'.repeat(2500) });
      expect(Array.from((requests[0].body as { message: { text: string } }).message.text)).toHaveLength(2000);
    });
    it.each([
      [{ error: { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2018278 } }, 400, 'window-closed'],
      [{ error: { message: 'Error validating access token', type: 'OAuthException', code: 190, error_subcode: 460 } }, 400, 'auth'],
      [{ error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613 } }, 400, 'rate-limited'],
      [{ error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true } }, 500, 'transient'],
      [{ error: { message: '(#551) This person isn\'t available right now.', type: 'OAuthException', code: 551 } }, 400, 'permanent'],
      [{ error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100 } }, 400, 'permanent'],
    ])('classifies %j', async (json, status, kind) => {
      const { egress } = fakeEgress({ status, json });
      const result = await new MessengerAdapter(egress, testConfig).send(conn, { contactExternalId: 'P' }, { text: 'x' });
      expect(result).toMatchObject({ ok: false, kind, message: expect.stringContaining(json.error.message) });
    });
  });
});
