import { createHmac } from 'node:crypto';
import { connection, fakeEgress, fixture, testConfig } from '../testing/channel-test-kit';
import { WhatsAppAdapter } from './whatsapp.adapter';
import { formatWhatsAppTemplate } from './whatsapp.formatter';

const PHONE = '106540352242922';
const conn = connection('whatsapp', PHONE, { accessToken: 'WA_TOKEN', appSecret: 'wa_secret', verifyToken: 'v' });
const delivery = (value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'WABA', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1555', phone_number_id: PHONE }, ...value } }] }],
});
const msg = (id: string, extra: Record<string, unknown>) => ({ from: '16505551234', id, timestamp: '1767263000', ...extra });

describe('WhatsAppAdapter', () => {
  const adapter = new WhatsAppAdapter(fakeEgress().egress, testConfig);

  it('verifies X-Hub-Signature-256 with the app secret', () => {
    const { raw } = fixture('whatsapp-text');
    const good = `sha256=${createHmac('sha256', 'wa_secret').update(raw).digest('hex')}`;
    expect(adapter.verifySignature(conn, raw, { 'x-hub-signature-256': good })).toBe(true);
    expect(adapter.verifySignature(conn, Buffer.concat([raw, Buffer.from(' ')]), { 'x-hub-signature-256': good })).toBe(false);
  });

  it('parses the text fixture with the profile name', () => {
    expect(adapter.parseDelivery(conn, fixture('whatsapp-text').body)).toEqual([{
      kind: 'inbound', platformEventId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTg0RjU2QjI5QzlEMTZBNzE2OQA=', platformTimestamp: new Date(1767263000000),
      contact: { externalId: '16505551234', name: 'Sheena Nelson' }, event: { type: 'message-received', text: 'Does it come in another color?' },
    }]);
  });

  it('parses interactive replies, template buttons, media, ad referrals, and statuses (sent is not news)', () => {
    const events = adapter.parseDelivery(conn, delivery({
      messages: [
        msg('w1', { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'YES', title: 'Yes' } }, context: { from: '1555', id: 'wamid.ours' } }),
        msg('w2', { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'OPT4', title: 'Four' } } }),
        msg('w3', { type: 'button', button: { payload: 'STOP', text: 'Stop promotions' } }),
        msg('w4', { type: 'image', image: { id: 'media1', mime_type: 'image/jpeg', caption: 'this one' } }),
        msg('w5', { type: 'text', text: { body: 'from the ad' }, referral: { source_url: 'https://fb.me/x', source_id: 'AD42', source_type: 'ad' } }),
        msg('w6', { type: 'unsupported', errors: [{ code: 131051 }] }),
      ],
      statuses: [
        { id: 'wamid.ours', status: 'sent', timestamp: '1767263001', recipient_id: '16505551234' },
        { id: 'wamid.ours', status: 'read', timestamp: '1767263002', recipient_id: '16505551234' },
        { id: 'wamid.bad', status: 'failed', timestamp: '1767263003', recipient_id: '16505551234', errors: [{ code: 131047, title: 'Re-engagement message' }] },
      ],
    }));
    expect(events.map((e) => (e.kind === 'inbound' ? e.event : e.kind === 'status' ? [e.platformEventId, e.status, e.error] : e.kind === 'ignored' ? e.reason : e.kind))).toEqual([
      { type: 'postback-received', payload: 'YES', title: 'Yes' },
      { type: 'postback-received', payload: 'OPT4', title: 'Four' },
      { type: 'postback-received', payload: 'STOP', title: 'Stop promotions' },
      { type: 'message-received', text: 'this one', attachments: [{ kind: 'image', mediaId: 'media1', mimeType: 'image/jpeg' }] },
      { type: 'message-received', text: 'from the ad', ref: 'AD42' },
      'unsupported',
      'unsupported',
      ['status:wamid.ours:read', 'read', undefined],
      ['status:wamid.bad:failed', 'failed', 'Re-engagement message (code 131047)'],
    ]);
  });

  it("leaves another phone number's messages to that number's connection", () => {
    const body = delivery({ metadata: { phone_number_id: 'OTHER' }, messages: [msg('w9', { type: 'text', text: { body: 'x' } })] });
    expect(adapter.parseDelivery(conn, body)).toEqual([]);
  });

  it('sends ≤ 3 choices as reply buttons and more as a list message', async () => {
    const { egress, requests } = fakeEgress({ json: { messaging_product: 'whatsapp', contacts: [{ input: '1', wa_id: '1' }], messages: [{ id: 'wamid.sent' }] } });
    const wa = new WhatsAppAdapter(egress, testConfig);
    const three = ['A', 'B', 'C'].map((t) => ({ title: t, payload: `P_${t}` }));
    expect(await wa.send(conn, { contactExternalId: '16505551234' }, { text: 'Pick', quickReplies: three })).toEqual({ ok: true, platformMessageId: 'wamid.sent' });
    await wa.send(conn, { contactExternalId: '16505551234' }, { text: 'Pick', buttons: [...three, { title: 'D', payload: 'P_D' }].map((b) => ({ kind: 'postback' as const, ...b })) });
    expect(requests[0]).toMatchObject({ url: `https://graph.test/v25.0/${PHONE}/messages`, headers: { authorization: 'Bearer WA_TOKEN' } });
    expect(requests[0].body).toMatchObject({ messaging_product: 'whatsapp', to: '16505551234', type: 'interactive', interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: 'P_A', title: 'A' } }, {}, {}] } } });
    expect(requests[1].body).toMatchObject({ type: 'interactive', interactive: { type: 'list', action: { button: 'Choose', sections: [{ rows: [{ id: 'P_A' }, { id: 'P_B' }, { id: 'P_C' }, { id: 'P_D' }] }] } } });
  });

  it('sends media with a caption, text clipped at 4,096, a single URL button as cta_url', async () => {
    const { egress, requests } = fakeEgress({ json: { messages: [{ id: 'x' }] } });
    const wa = new WhatsAppAdapter(egress, testConfig);
    await wa.send(conn, { contactExternalId: '1' }, { text: 'Look', media: { kind: 'image', url: 'https://img/x.jpg' } });
    await wa.send(conn, { contactExternalId: '1' }, { text: 'z'.repeat(5000) });
    await wa.send(conn, { contactExternalId: '1' }, { text: 'Shop', buttons: [{ kind: 'url', title: 'Open', url: 'https://shop' }] });
    expect(requests[0].body).toMatchObject({ type: 'image', image: { link: 'https://img/x.jpg', caption: 'Look' } });
    expect(Array.from((requests[1].body as { text: { body: string } }).text.body)).toHaveLength(4096);
    expect(requests[2].body).toMatchObject({ type: 'interactive', interactive: { type: 'cta_url', action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'https://shop' } } } });
  });

  it.each([
    [{ error: { message: '(#131047) Re-engagement message', type: 'OAuthException', code: 131047, error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } } }, 400, 'window-closed'],
    [{ error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429 } }, 400, 'rate-limited'],
    [{ error: { message: '(#131056) (Business Account, Consumer Account) pair rate limit hit', type: 'OAuthException', code: 131056 } }, 400, 'rate-limited'],
    [{ error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190 } }, 401, 'auth'],
    [{ error: { message: '(#131000) Something went wrong', type: 'OAuthException', code: 131000 } }, 500, 'transient'],
    [{ error: { message: '(#131026) Message Undeliverable', type: 'OAuthException', code: 131026 } }, 400, 'permanent'],
  ])('classifies %j', async (json, status, kind) => {
    const { egress } = fakeEgress({ status, json });
    expect(await new WhatsAppAdapter(egress, testConfig).send(conn, { contactExternalId: '1' }, { text: 'x' })).toMatchObject({ ok: false, kind });
  });
});

describe('formatWhatsAppTemplate', () => {
  it('sends positional parameters in order, and named ones with their parameter_name', () => {
    expect(formatWhatsAppTemplate({ name: 'spring_sale', language: 'en_US', parameters: ['Sam', '20%'] })).toEqual({
      type: 'template',
      template: { name: 'spring_sale', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sam' }, { type: 'text', text: '20%' }] }] },
    });
    const named = formatWhatsAppTemplate({ name: 'named_sale', language: 'en_US', parameters: ['Sam', '20%'], parameterNames: ['first_name', 'discount'] });
    expect(named.template).toMatchObject({
      components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Sam' }, { type: 'text', parameter_name: 'discount', text: '20%' }] }],
    });
    expect(formatWhatsAppTemplate({ name: 'hello_world', language: 'en_US', parameters: [] })).toEqual({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
  });
});
