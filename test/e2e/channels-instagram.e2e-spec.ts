import request from 'supertest';
import type { FlowDocument } from '@parley/runtime';
import { commentGiveawayFlow } from '../../runtime/src/fixtures/comment-giveaway.flow';
import { echoFlow, publishDirect } from './support/runtime-fixtures';
import { postMetaWebhook, useChannelHarness, waitFor } from '../fakes/channel-e2e-kit';
import { instagramFake } from '../fakes/instagram-fake';
import { GRAPH_ERRORS } from '../fakes/meta-graph-fake';

const IG = '17841405822304914';
const SECRETS = { accessToken: 'IG_TOKEN', appSecret: 'ig_app_secret', verifyToken: 'ig-verify' };
const NOW = Date.now();
const dm = (message: Record<string, unknown>, sender = 'IGSID1') => ({ sender: { id: sender }, recipient: { id: IG }, timestamp: NOW, message });

describe('channels: Instagram', () => {
  const fake = instagramFake({ igId: IG, token: SECRETS.accessToken });
  const h = useChannelHarness(fake, { platform: 'instagram', name: 'Acme IG', externalAccountId: IG, secrets: SECRETS });
  const post = (body: unknown, secret = SECRETS.appSecret) => postMetaWebhook(h, 'instagram', body, secret);

  it('handshakes and refuses a bad signature, storing nothing', async () => {
    const res = await request(h.t.server).get(h.webhook('instagram', h.connectionId)).query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'ig-verify', 'hub.challenge': '42' }).expect(200);
    expect(res.text).toBe('42');
    await post({ object: 'instagram', entry: [{ id: IG, time: NOW, messaging: [dm({ mid: 'a', text: 'hi' })] }] }, 'wrong').expect(401);
    expect(await h.inboundRows()).toEqual([]);
  });

  it('stores DMs, story mentions, story replies, comments (both shapes), echoes; duplicates are skipped', async () => {
    const comment = { from: { id: 'IGSID2', username: 'fan' }, media: { id: 'MEDIA1', media_product_type: 'REELS' }, id: 'COMMENT1', text: 'PRICE' };
    const body = {
      object: 'instagram',
      entry: [
        { id: IG, time: NOW, messaging: [
          dm({ mid: 'a', text: 'hey, is the blue hoodie still available in M?' }),
          dm({ mid: 'b', attachments: [{ type: 'story_mention', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' } }] }),
          dm({ mid: 'c', text: 'so cool', reply_to: { story: { url: 'https://cdn/story', id: 'STORY1' } } }),
          { sender: { id: IG }, recipient: { id: 'IGSID1' }, timestamp: NOW, message: { mid: 'd', text: 'ours', is_echo: true } },
        ] },
        { id: IG, time: NOW, changes: [{ field: 'comments', value: comment }] },
        { id: IG, time: NOW, field: 'comments', value: { ...comment, id: 'COMMENT2' } },
      ],
    };
    await post(body).expect(200, { accepted: 6, duplicates: 0 });
    await post(body).expect(200, { accepted: 0, duplicates: 6 });
    const rows = await h.inboundRows();
    expect(rows.map((r) => [r.platform_event_id, r.kind])).toEqual([['a', 'inbound'], ['b', 'inbound'], ['c', 'inbound'], ['d', 'ignored'], ['comment:COMMENT1', 'inbound'], ['comment:COMMENT2', 'inbound']]);
    expect(JSON.stringify(rows.map((r) => r.payload))).toMatch(/story-mention.*story-reply.*comment-received/);
  });

  it('answers a DM through the engine at the Instagram API', async () => {
    await publishDirect(h.t, h.workspaceId, 'Echo', echoFlow);
    h.startWorker();
    await post({ object: 'instagram', entry: [{ id: IG, time: NOW, messaging: [dm({ mid: 'a', text: 'hello' })] }] }).expect(200);
    const sent = await waitFor(() => fake.sent(/\/messages$/), (s) => s.length >= 1);
    expect(sent[0]).toMatchObject({ path: `/v25.0/${IG}/messages`, body: { recipient: { id: 'IGSID1' }, message: { text: 'ready' } } });
  });

  it('answers a comment through the engine: a public reply, the private reply by comment id, then the button tap by payload', async () => {
    await publishDirect(h.t, h.workspaceId, 'Giveaway', commentGiveawayFlow as unknown as FlowDocument);
    h.startWorker();
    const comment = { from: { id: 'IGSID9', username: 'fan' }, media: { id: 'MEDIA1', media_product_type: 'REELS' }, id: 'COMMENT9', text: 'giveaway please!' };
    await post({ object: 'instagram', entry: [{ id: IG, time: NOW, changes: [{ field: 'comments', value: comment }] }] }).expect(200);
    const first = await waitFor(() => fake.sent(), (s) => s.length >= 2);
    const reply = first.find((r) => r.path === '/v25.0/COMMENT9/replies');
    const dmReply = first.find((r) => r.path === `/v25.0/${IG}/messages`);
    expect(reply?.body).toEqual({ message: expect.stringContaining('Check your DMs') });
    expect(dmReply?.body).toMatchObject({ recipient: { comment_id: 'COMMENT9' }, message: { attachment: { type: 'template', payload: { template_type: 'button', buttons: [{ type: 'postback', title: 'Count me in' }] } } } });
    const payload = (dmReply!.body as { message: { attachment: { payload: { buttons: Array<{ payload: string }> } } } }).message.attachment.payload.buttons[0].payload;
    await post({ object: 'instagram', entry: [{ id: IG, time: NOW, messaging: [{ sender: { id: 'IGSID9' }, recipient: { id: IG }, timestamp: NOW, postback: { mid: 'pb9', title: 'Count me in', payload } }] }] }).expect(200);
    const next = await waitFor(() => fake.sent(/\/messages$/), (s) => s.length >= 2);
    expect(next[1].body).toMatchObject({ recipient: { id: 'IGSID9' }, message: { text: 'Do you follow us?' } });
  });

  it('sends a private reply and a public comment reply; classifies the Instagram window error', async () => {
    const adapter = h.registry.adapterFor('instagram');
    const conn = await h.load(h.connectionId);
    expect(await adapter.send(conn, { contactExternalId: 'IGSID2' }, { text: 'Sent you the price!', privateReplyToCommentId: 'COMMENT1' })).toMatchObject({ ok: true });
    expect(await adapter.replyToComment!(conn, 'COMMENT1', 'Check your DMs')).toMatchObject({ ok: true });
    expect(fake.sent().map((r) => [r.path, r.body])).toEqual([
      [`/v25.0/${IG}/messages`, { recipient: { comment_id: 'COMMENT1' }, messaging_type: 'RESPONSE', message: { text: 'Sent you the price!' } }],
      ['/v25.0/COMMENT1/replies', { message: 'Check your DMs' }],
    ]);
    fake.failNext(GRAPH_ERRORS.igWindowClosed);
    expect(await adapter.send(conn, { contactExternalId: 'IGSID2' }, { text: 'late' })).toMatchObject({ ok: false, kind: 'window-closed' });
  });
});
