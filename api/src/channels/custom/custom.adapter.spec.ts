import { connection, fakeEgress } from '../testing/channel-test-kit';
import { signCustom, verifyCustom } from './custom-signature';
import { CustomAdapter } from './custom.adapter';

const conn = connection('custom', 'bridge-1', { signingSecret: 'cs_secret' }, { outboundUrl: 'https://bridge.test/out' });

describe('CustomAdapter', () => {
  const adapter = new CustomAdapter(fakeEgress().egress);
  const raw = Buffer.from(JSON.stringify({ events: [{ id: 'e1', type: 'message', timestamp: 1767263700000, contact: { id: 'u1', name: 'Ana' }, text: 'hello' }] }));

  it('verifies a fresh signature and refuses a stale, tampered or missing one', () => {
    expect(adapter.verifySignature(conn, raw, { 'x-parley-signature': signCustom('cs_secret', raw) })).toBe(true);
    expect(verifyCustom('cs_secret', raw, signCustom('cs_secret', raw, Date.now() - 600_000))).toBe(false);
    expect(adapter.verifySignature(conn, Buffer.concat([raw, Buffer.from(' ')]), { 'x-parley-signature': signCustom('cs_secret', raw) })).toBe(false);
    expect(adapter.verifySignature(conn, raw, {})).toBe(false);
  });

  it('parses messages, postbacks, referrals and statuses', () => {
    const body = { events: [
      { id: 'e1', type: 'message', timestamp: '2026-01-01T10:00:00Z', contact: { id: 'u1', name: 'Ana' }, text: 'hi', attachments: [{ kind: 'image', url: 'https://x/y.png' }, { kind: 'file', url: 'file:///etc/passwd' }] },
      { id: 'e2', type: 'postback', contact: { id: 'u1' }, payload: 'YES', title: 'Yes' },
      { id: 'e3', type: 'referral', contact: { id: 'u1' }, ref: 'promo' },
      { id: 'e4', type: 'read', contact: { id: 'u1' }, messageId: 'out-1' },
      { id: 'e5', type: 'wave', contact: { id: 'u1' } },
    ] };
    expect(adapter.parseDelivery(conn, body)).toMatchObject([
      { kind: 'inbound', platformTimestamp: new Date('2026-01-01T10:00:00Z'), contact: { externalId: 'u1', name: 'Ana' }, event: { type: 'message-received', text: 'hi', attachments: [{ kind: 'image', url: 'https://x/y.png' }, { kind: 'file' }] } },
      { kind: 'inbound', event: { type: 'postback-received', payload: 'YES', title: 'Yes' } },
      { kind: 'inbound', event: { type: 'referral-received', ref: 'promo' } },
      { kind: 'status', status: 'read', platformMessageId: 'out-1' },
      { kind: 'ignored', reason: 'unsupported' },
    ]);
  });

  it('POSTs a signed reply to the outbound URL and classifies its answers', async () => {
    const { egress, requests } = fakeEgress({ json: { id: 'out-9' } }, { status: 429, headers: { 'retry-after': '3' }, json: { error: 'slow down' } }, { status: 409, json: { error: { code: 'window-closed', message: 'closed' } } }, { status: 401, json: {} });
    const custom = new CustomAdapter(egress);
    expect(await custom.send(conn, { contactExternalId: 'u1' }, { text: 'Hi' })).toEqual({ ok: true, platformMessageId: 'out-9' });
    const body = requests[0].body as string;
    expect(JSON.parse(body)).toEqual({ connectionId: conn.id, to: 'u1', humanAgent: false, message: { text: 'Hi' } });
    expect(verifyCustom('cs_secret', Buffer.from(body), requests[0].headers!['x-parley-signature'])).toBe(true);
    expect(await custom.send(conn, { contactExternalId: 'u1' }, { text: 'Hi' })).toMatchObject({ ok: false, kind: 'rate-limited', retryAfterMs: 3000 });
    expect(await custom.send(conn, { contactExternalId: 'u1' }, { text: 'Hi' })).toMatchObject({ ok: false, kind: 'window-closed' });
    expect(await custom.send(conn, { contactExternalId: 'u1' }, { text: 'Hi' })).toMatchObject({ ok: false, kind: 'auth' });
  });
});
