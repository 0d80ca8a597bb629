import { connection, fakeEgress, fixture, testConfig } from '../testing/channel-test-kit';
import { InstagramAdapter } from './instagram.adapter';

const IG = '17841405822304914';
const conn = connection('instagram', IG, { accessToken: 'IG_TOKEN', appSecret: 's', verifyToken: 'v' });
const dm = (message: Record<string, unknown>) => ({ sender: { id: 'IGSID1' }, recipient: { id: IG }, timestamp: 1767262200318, message });

describe('InstagramAdapter', () => {
  const adapter = new InstagramAdapter(fakeEgress().egress, testConfig);

  it('parses the text fixture', () => {
    expect(adapter.parseDelivery(conn, fixture('instagram-text').body)).toEqual([
      expect.objectContaining({ kind: 'inbound', contact: { externalId: '1254459154682919' }, event: { type: 'message-received', text: 'hey, is the blue hoodie still available in M?' } }),
    ]);
  });

  it('parses story mentions, story replies, quick replies, ad referrals, echoes, self and deleted messages', () => {
    const body = {
      object: 'instagram',
      entry: [{ id: IG, time: 1, messaging: [
        dm({ mid: 'a', attachments: [{ type: 'story_mention', payload: { url: 'https://lookaside.fbsbx.com/story' } }] }),
        dm({ mid: 'b', text: 'love it', reply_to: { story: { url: 'https://cdn/story', id: '1795' } } }),
        dm({ mid: 'c', text: 'Yes', quick_reply: { payload: 'YES' } }),
        dm({ mid: 'd', text: 'hi', referral: { ref: 'spring', ad_id: '99', source: 'ADS', type: 'OPEN_THREAD' } }),
        { sender: { id: IG }, recipient: { id: 'IGSID1' }, timestamp: 2, message: { mid: 'e', text: 'ours', is_echo: true } },
        dm({ mid: 'f', text: 'x', is_self: true }),
        dm({ mid: 'g', is_deleted: true }),
        dm({ mid: 'h', attachments: [{ type: 'ig_reel', payload: { url: 'https://cdn/reel' } }] }),
      ] }],
    };
    const events = adapter.parseDelivery(conn, body);
    expect(events.map((e) => (e.kind === 'inbound' ? e.event : e.kind === 'ignored' ? e.reason : e.kind))).toEqual([
      { type: 'story-mention', url: 'https://lookaside.fbsbx.com/story' },
      { type: 'story-reply', text: 'love it', storyId: '1795' },
      { type: 'message-received', text: 'Yes', payload: 'YES' },
      { type: 'message-received', text: 'hi', ref: 'spring' },
      'echo',
      'self',
      'unsupported',
      { type: 'message-received', text: '', attachments: [{ kind: 'share', url: 'https://cdn/reel' }] },
    ]);
  });

  it('parses comments in both shapes, and ignores our own', () => {
    const value = { from: { id: '232323', username: 'fan' }, media: { id: '123123', media_product_type: 'REELS' }, id: '17865799348089039', text: 'PRICE' };
    const wrapped = { object: 'instagram', entry: [{ id: IG, time: 1767262200000, changes: [{ field: 'comments', value }] }] };
    const flat = { object: 'instagram', entry: [{ id: IG, time: 1767262200000, field: 'comments', value }] };
    const ours = { object: 'instagram', entry: [{ id: IG, time: 1, changes: [{ field: 'comments', value: { ...value, id: '2', from: { id: IG, username: 'brand' } } }] }] };
    for (const body of [wrapped, flat]) {
      expect(adapter.parseDelivery(conn, body)).toEqual([{
        kind: 'inbound', platformEventId: 'comment:17865799348089039', platformTimestamp: new Date(1767262200000), contact: { externalId: '232323', username: 'fan' },
        event: { type: 'comment-received', commentId: '17865799348089039', mediaId: '123123', text: 'PRICE', createdAt: new Date(1767262200000).toISOString() },
      }]);
    }
    expect(adapter.parseDelivery(conn, ours)).toMatchObject([{ kind: 'ignored', reason: 'self' }]);
  });

  it('reads dashboard test events (changes[field=messages])', () => {
    const body = { object: 'instagram', entry: [{ id: '0', time: 1, changes: [{ field: 'messages', value: { sender: { id: '12334' }, recipient: { id: '23245' }, timestamp: '1527459824', message: { mid: 'random_mid', text: 'random_text' } } }] }] };
    expect(adapter.parseDelivery(conn, body)).toMatchObject([{ kind: 'inbound', platformEventId: 'random_mid', event: { text: 'random_text' } }]);
  });

  it('sends a private reply by comment id through graph.instagram.com, text clipped to 1,000 bytes', async () => {
    const { egress, requests } = fakeEgress({ json: { recipient_id: 'IGSID1', message_id: 'aWdf' } });
    const result = await new InstagramAdapter(egress, testConfig).send(conn, { contactExternalId: 'IGSID1' }, { text: 'é'.repeat(800), privateReplyToCommentId: 'C1' });
    expect(result).toEqual({ ok: true, platformMessageId: 'aWdf' });
    expect(requests[0].url).toBe(`https://ig.test/v25.0/${IG}/messages`);
    const sent = requests[0].body as { recipient: unknown; message: { text: string } };
    expect(sent.recipient).toEqual({ comment_id: 'C1' });
    expect(Buffer.byteLength(sent.message.text)).toBeLessThanOrEqual(1000);
  });

  it('uses the Page endpoint with Facebook Login, and posts public comment replies', async () => {
    const { egress, requests } = fakeEgress({ json: { id: 'reply1' } });
    const fb = connection('instagram', IG, { accessToken: 'T', appSecret: 's', verifyToken: 'v' }, { login: 'facebook', pageId: 'PAGE9' });
    const adapter2 = new InstagramAdapter(egress, testConfig);
    await adapter2.send(fb, { contactExternalId: 'X' }, { text: 'hi' });
    expect(await adapter2.replyToComment(fb, 'C7', 'Check your DMs!')).toEqual({ ok: true, platformMessageId: 'reply1' });
    expect(requests.map((r) => r.url)).toEqual(['https://graph.test/v25.0/PAGE9/messages', 'https://graph.test/v25.0/C7/replies']);
    expect(requests[1].body).toEqual({ message: 'Check your DMs!' });
  });

  it('classifies the Instagram window error', async () => {
    const { egress } = fakeEgress({ status: 400, json: { error: { message: 'This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2534022 } } });
    expect(await new InstagramAdapter(egress, testConfig).send(conn, { contactExternalId: 'X' }, { text: 'hi' })).toMatchObject({ ok: false, kind: 'window-closed' });
  });
});
