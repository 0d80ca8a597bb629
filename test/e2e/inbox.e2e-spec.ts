import request from 'supertest';
import { WebSocket } from 'ws';
import { startTestApp, type TestApp } from '../support/test-app';
import { INBOX_CHANNEL } from '../../api/src/inbox/conversation-timeline.service';
import { seedHandedOffConversation } from './support/inbox-fixtures';

describe('agent inbox', () => {
  let t: TestApp;
  let workspaceId: string;
  let tokens: { owner: string; ann: string; bob: string; viewer: string };
  const api = () => request(t.server);
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    workspaceId = owner.workspaces.Acme;
    const ann = await t.seedUser({ email: 'ann@example.com', workspaces: ['Acme'], role: 'agent' });
    const bob = await t.seedUser({ email: 'bob@example.com', workspaces: ['Acme'], role: 'agent' });
    const viewer = await t.seedUser({ email: 'vic@example.com', workspaces: ['Acme'], role: 'viewer' });
    tokens = {
      owner: (await t.login(owner.email, owner.password)).token,
      ann: (await t.login(ann.email, ann.password)).token,
      bob: (await t.login(bob.email, bob.password)).token,
      viewer: (await t.login(viewer.email, viewer.password)).token,
    };
  });

  it('lists a handoff as unassigned with its note, team and waiting time', async () => {
    const { conversationId } = await seedHandedOffConversation(t, workspaceId, { team: 'billing' });
    const res = await api().get('/api/inbox/conversations?view=unassigned').set(as(tokens.ann)).expect(200);
    expect(res.body.items).toEqual([expect.objectContaining({ conversationId, status: 'open', team: 'billing', note: 'Wants a refund', platform: 'messenger' })]);
    expect(res.body.thresholds).toEqual({ amberMinutes: 5, redMinutes: 15 });
    expect((await api().get('/api/inbox/conversations?view=mine').set(as(tokens.ann))).body.items).toEqual([]);
  });

  it('two agents claiming at once: exactly one wins, the other gets 409 naming the winner', async () => {
    const { conversationId } = await seedHandedOffConversation(t, workspaceId);
    const [a, b] = await Promise.all([
      api().post(`/api/inbox/conversations/${conversationId}/claim`).set(as(tokens.ann)),
      api().post(`/api/inbox/conversations/${conversationId}/claim`).set(as(tokens.bob)),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).toBe('ALREADY_CLAIMED');
    expect(loser.body.message).toMatch(/@example.com has already taken/);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM conversation_events WHERE kind = 'claimed'`);
    expect(count).toBe(1);
  });

  it('a viewer can read the inbox but not act', async () => {
    const { conversationId } = await seedHandedOffConversation(t, workspaceId);
    await api().get(`/api/inbox/conversations/${conversationId}`).set(as(tokens.viewer)).expect(200);
    expect((await api().post(`/api/inbox/conversations/${conversationId}/claim`).set(as(tokens.viewer))).status).toBe(403);
  });

  describe('replies and the messaging window', () => {
    it('within 24 hours: a normal reply, queued in the outbox for the dispatcher; replying claims', async () => {
      const { conversationId } = await seedHandedOffConversation(t, workspaceId, { lastInboundHoursAgo: 2 });
      const res = await api().post(`/api/inbox/conversations/${conversationId}/messages`).set(as(tokens.ann)).send({ text: 'Hi! Refund is on its way.' }).expect(201);
      expect(res.body.humanAgentTag).toBe(false);
      const [row] = await t.db.query(`SELECT automated, status, payload FROM outbox WHERE id = $1`, [res.body.outboxId]);
      expect(row).toMatchObject({ automated: false, status: 'pending', payload: { message: { text: 'Hi! Refund is on its way.' }, humanAgentTag: false } });
      expect(await t.db.query(`SELECT conversation_id FROM dispatch_queue`)).toEqual([{ conversation_id: conversationId }]);
      const mine = await api().get('/api/inbox/conversations?view=mine').set(as(tokens.ann));
      expect(mine.body.items.map((i: { conversationId: string }) => i.conversationId)).toEqual([conversationId]);
      // Bob cannot talk over Ann.
      const bob = await api().post(`/api/inbox/conversations/${conversationId}/messages`).set(as(tokens.bob)).send({ text: 'me too' });
      expect(bob.status).toBe(409);
    });

    it('Messenger after 24 hours: sent with the HUMAN_AGENT tag; after 7 days: refused with the reason', async () => {
      const tagged = await seedHandedOffConversation(t, workspaceId, { lastInboundHoursAgo: 48 });
      const res = await api().post(`/api/inbox/conversations/${tagged.conversationId}/messages`).set(as(tokens.ann)).send({ text: 'Sorry for the wait' }).expect(201);
      expect(res.body.humanAgentTag).toBe(true);

      const stale = await seedHandedOffConversation(t, workspaceId, { lastInboundHoursAgo: 24 * 8 });
      const refused = await api().post(`/api/inbox/conversations/${stale.conversationId}/messages`).set(as(tokens.ann)).send({ text: 'Hello?' });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'WINDOW_CLOSED' });
      expect(refused.body.message).toMatch(/over 7 days/);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM outbox WHERE conversation_id = $1`, [stale.conversationId]);
      expect(count).toBe(0);
    });

    it('WhatsApp after 24 hours: templates only', async () => {
      const { conversationId } = await seedHandedOffConversation(t, workspaceId, { platform: 'whatsapp', lastInboundHoursAgo: 30 });
      const res = await api().post(`/api/inbox/conversations/${conversationId}/messages`).set(as(tokens.ann)).send({ text: 'Hi' });
      expect(res.status).toBe(422);
      expect(res.body.message).toMatch(/template/);
    });

    it('refuses a javascript: attachment URL', async () => {
      const { conversationId } = await seedHandedOffConversation(t, workspaceId);
      const res = await api().post(`/api/inbox/conversations/${conversationId}/messages`).set(as(tokens.ann)).send({ mediaUrl: 'javascript:alert(1)' });
      expect(res.status).toBe(400);
    });
  });

  it('internal notes go to the timeline only, never to the outbox', async () => {
    const { conversationId } = await seedHandedOffConversation(t, workspaceId);
    await api().post(`/api/inbox/conversations/${conversationId}/notes`).set(as(tokens.ann)).send({ text: 'VIP customer' }).expect(201);
    expect(await t.db.query(`SELECT 1 FROM outbox`)).toEqual([]);
    const detail = await api().get(`/api/inbox/conversations/${conversationId}`).set(as(tokens.ann)).expect(200);
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual(['handed-off', 'note']);
    expect(detail.body.events[1]).toMatchObject({ data: { text: 'VIP customer' }, actorEmail: 'ann@example.com' });
    expect(detail.body.contact).toMatchObject({ firstName: 'Casey' });
  });

  it('transfers to another agent or a team, and snoozes out of the active views', async () => {
    const { conversationId } = await seedHandedOffConversation(t, workspaceId);
    await api().post(`/api/inbox/conversations/${conversationId}/claim`).set(as(tokens.ann)).expect(200);
    const bobId = (await t.db.query(`SELECT id FROM users WHERE email = 'bob@example.com'`))[0].id;
    await api().post(`/api/inbox/conversations/${conversationId}/assign`).set(as(tokens.ann)).send({ userId: bobId }).expect(200);
    expect((await api().get('/api/inbox/conversations?view=mine').set(as(tokens.bob))).body.items).toHaveLength(1);
    const outsider = await t.seedUser({ email: 'out@example.com', workspaces: ['Elsewhere'] });
    expect((await api().post(`/api/inbox/conversations/${conversationId}/assign`).set(as(tokens.ann)).send({ userId: outsider.id })).status).toBe(404);

    await api().post(`/api/inbox/conversations/${conversationId}/assign`).set(as(tokens.bob)).send({ team: 'billing' }).expect(200);
    expect((await api().get('/api/inbox/conversations?view=unassigned&team=billing').set(as(tokens.ann))).body.items).toHaveLength(1);

    await api().post(`/api/inbox/conversations/${conversationId}/snooze`).set(as(tokens.ann)).send({ until: new Date(Date.now() + 3600_000).toISOString() }).expect(204);
    expect((await api().get('/api/inbox/conversations?view=all').set(as(tokens.ann))).body.items).toEqual([]);
    expect((await api().get('/api/inbox/conversations?view=snoozed').set(as(tokens.ann))).body.items).toHaveLength(1);
  });

  describe('resolving', () => {
    it('back to the bot: an agent-released event enters the pipeline for the conversation, once', async () => {
      const seeded = await seedHandedOffConversation(t, workspaceId);
      await api().post(`/api/inbox/conversations/${seeded.conversationId}/claim`).set(as(tokens.ann)).expect(200);
      await api().post(`/api/inbox/conversations/${seeded.conversationId}/resolve`).set(as(tokens.ann)).send({ outcome: 'bot' }).expect(204);
      const events = await t.db.query(`SELECT kind, payload FROM inbound_events WHERE connection_id = $1`, [seeded.connectionId]);
      expect(events).toEqual([expect.objectContaining({ kind: 'engine', payload: expect.objectContaining({ event: { type: 'agent-released', outcome: 'resolved' } }) })]);
      expect(await t.db.query(`SELECT 1 FROM conversation_queue WHERE connection_id = $1`, [seeded.connectionId])).toHaveLength(1);
      // Resolved once: a second resolve finds nothing to resolve.
      expect((await api().post(`/api/inbox/conversations/${seeded.conversationId}/resolve`).set(as(tokens.ann)).send({ outcome: 'bot' })).status).toBe(409);
      expect((await api().get('/api/inbox/conversations?view=resolved').set(as(tokens.ann))).body.items).toHaveLength(1);
    });

    it('closing ends the conversation without waking the bot', async () => {
      const seeded = await seedHandedOffConversation(t, workspaceId);
      await api().post(`/api/inbox/conversations/${seeded.conversationId}/resolve`).set(as(tokens.ann)).send({ outcome: 'close' }).expect(204);
      expect(await t.db.query(`SELECT status FROM conversations WHERE id = $1`, [seeded.conversationId])).toEqual([{ status: 'closed' }]);
      expect(await t.db.query(`SELECT 1 FROM inbound_events`)).toEqual([]);
    });
  });

  it('assigns automatically, round-robin among online agents of the team, within each agent limit', async () => {
    await api().post('/api/inbox/teams').set(as(tokens.owner)).send({ name: 'Support', memberIds: (await t.db.query(`SELECT id FROM users WHERE email IN ('ann@example.com', 'bob@example.com')`)).map((r: { id: string }) => r.id) }).expect(201);
    await api().put('/api/inbox/status').set(as(tokens.ann)).send({ online: true, maxOpenChats: 1 }).expect(200);
    await api().put('/api/inbox/status').set(as(tokens.bob)).send({ online: true, maxOpenChats: 1 }).expect(200);
    const first = await seedHandedOffConversation(t, workspaceId, { team: 'Support' });
    const second = await seedHandedOffConversation(t, workspaceId, { team: 'Support' });
    const third = await seedHandedOffConversation(t, workspaceId, { team: 'Support' });
    const assignees = await t.db.query(
      `SELECT h.conversation_id, u.email FROM handoffs h LEFT JOIN users u ON u.id = h.assignee_id WHERE h.conversation_id = ANY($1::uuid[])`,
      [[first.conversationId, second.conversationId, third.conversationId]],
    );
    const byConversation = Object.fromEntries(assignees.map((r: { conversation_id: string; email: string | null }) => [r.conversation_id, r.email]));
    expect(new Set([byConversation[first.conversationId], byConversation[second.conversationId]])).toEqual(new Set(['ann@example.com', 'bob@example.com']));
    expect(byConversation[third.conversationId]).toBeNull(); // both at their limit: it waits unassigned
  });

  it('canned responses: admins manage them, agents search and insert them with the contact filled in', async () => {
    const created = await api().post('/api/inbox/canned-responses').set(as(tokens.owner)).send({ shortcut: 'hours', body: 'Hi {{contact.first_name | "there"}}, we open at 9.' }).expect(201);
    expect((await api().post('/api/inbox/canned-responses').set(as(tokens.owner)).send({ shortcut: 'hours', body: 'dup' })).status).toBe(409);
    expect((await api().post('/api/inbox/canned-responses').set(as(tokens.ann)).send({ shortcut: 'x', body: 'y' })).status).toBe(403);
    const found = await api().get('/api/inbox/canned-responses?q=ho').set(as(tokens.ann)).expect(200);
    expect(found.body.map((c: { shortcut: string }) => c.shortcut)).toEqual(['hours']);
    const { conversationId } = await seedHandedOffConversation(t, workspaceId, { firstName: '<img src=x onerror=alert(1)>' });
    const rendered = await api().get(`/api/inbox/canned-responses/${created.body.id}/render/${conversationId}`).set(as(tokens.ann)).expect(200);
    // The contact's name is data: inserted as is, never evaluated; the studio shows it as text.
    expect(rendered.body.text).toBe('Hi <img src=x onerror=alert(1)>, we open at 9.');
  });

  it('edits the contact panel: custom fields and tags', async () => {
    const { conversationId, contactId } = await seedHandedOffConversation(t, workspaceId);
    await api().patch(`/api/inbox/conversations/${conversationId}/contact`).set(as(tokens.ann)).send({ customFields: { plan: 'pro', old: null }, tags: ['vip', 'vip', 'refund'] }).expect(200);
    const [contact] = await t.db.query(`SELECT custom_fields, tags FROM contacts WHERE id = $1`, [contactId]);
    expect(contact).toEqual({ custom_fields: { plan: 'pro' }, tags: ['vip', 'refund'] });
  });

  it('business hours and waiting thresholds are workspace settings, validated', async () => {
    const saved = await api()
      .put('/api/inbox/settings')
      .set(as(tokens.owner))
      .send({ businessHours: [{ days: ['mon', 'tue'], from: '09:00', to: '18:00' }], holidays: ['2026-12-25'], waitingRedMinutes: 30 })
      .expect(200);
    expect(saved.body).toMatchObject({ businessHours: [{ days: ['mon', 'tue'], from: '09:00', to: '18:00' }], holidays: ['2026-12-25'], waitingRedMinutes: 30 });
    expect((await api().put('/api/inbox/settings').set(as(tokens.owner)).send({ businessHours: [{ days: ['funday'], from: '25:00', to: '18:00' }] })).status).toBe(400);
    expect((await api().put('/api/inbox/settings').set(as(tokens.ann)).send({ waitingRedMinutes: 1 })).status).toBe(403);
  });

  it('metrics: handoffs, first response and who resolved', async () => {
    const a = await seedHandedOffConversation(t, workspaceId);
    const b = await seedHandedOffConversation(t, workspaceId);
    await api().post(`/api/inbox/conversations/${a.conversationId}/messages`).set(as(tokens.ann)).send({ text: 'hi' }).expect(201);
    await api().post(`/api/inbox/conversations/${a.conversationId}/resolve`).set(as(tokens.ann)).send({ outcome: 'bot' }).expect(204);
    await api().post(`/api/inbox/conversations/${b.conversationId}/resolve`).set(as(tokens.ann)).send({ outcome: 'close' }).expect(204);
    const res = await api().get('/api/inbox/metrics').set(as(tokens.owner)).expect(200);
    expect(res.body).toMatchObject({ handoffs: 2, returnedToBot: 1, closedByAgent: 1, noAgent: 0 });
    expect(res.body.firstResponseP50Seconds).toBeGreaterThanOrEqual(0);
    expect(res.body.perDay).toEqual([{ day: expect.any(String), handoffs: 2 }]);
  });

  describe('real time', () => {
    function connect(query: string): Promise<{ ws: WebSocket; messages: Array<{ type: string; event?: { kind: string; id: string } }> }> {
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(`${t.baseUrl.replace('http', 'ws')}/api/inbox/ws?${query}`);
        const messages: Array<{ type: string; event?: { kind: string; id: string } }> = [];
        ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
        ws.on('open', () => resolve({ ws, messages }));
        ws.on('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
        ws.on('error', reject);
      });
    }
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(check()).toBe(true);
    };

    it('refuses an unauthenticated connection', async () => {
      await expect(connect('')).rejects.toThrow('status 401');
      await expect(connect('token=ps_forged')).rejects.toThrow('status 401');
    });

    it('pushes new handoffs and claims to every agent of the workspace, and only of that workspace', async () => {
      const ann = await connect(`token=${tokens.ann}`);
      const bob = await connect(`token=${tokens.bob}`);
      const stranger = await t.seedUser({ email: 'eve@example.com', workspaces: ['Other'] });
      const eve = await connect(`token=${(await t.login(stranger.email, stranger.password)).token}`);
      await until(() => ann.messages.some((m) => m.type === 'ready') && bob.messages.some((m) => m.type === 'ready'));
      const { conversationId } = await seedHandedOffConversation(t, workspaceId);
      await until(() => bob.messages.some((m) => m.event?.kind === 'handed-off'));
      await api().post(`/api/inbox/conversations/${conversationId}/claim`).set(as(tokens.ann)).expect(200);
      await until(() => bob.messages.some((m) => m.event?.kind === 'claimed'));
      expect(ann.messages.filter((m) => m.type === 'event').map((m) => m.event!.kind)).toEqual(['handed-off', 'claimed']);
      expect(eve.messages.filter((m) => m.type === 'event')).toEqual([]);
      for (const c of [ann, bob, eve]) c.ws.close();
    });

    it('a reconnecting client catches up on what it missed', async () => {
      const first = await seedHandedOffConversation(t, workspaceId);
      const [{ id: lastSeen }] = await t.db.query(`SELECT max(id)::text AS id FROM conversation_events`);
      await api().post(`/api/inbox/conversations/${first.conversationId}/notes`).set(as(tokens.ann)).send({ text: 'while you were away' }).expect(201);
      await seedHandedOffConversation(t, workspaceId);
      const client = await connect(`token=${tokens.bob}&after=${lastSeen}`);
      await until(() => client.messages.some((m) => m.type === 'ready'));
      expect(client.messages.filter((m) => m.type === 'event').map((m) => m.event!.kind)).toEqual(['note', 'handed-off']);
      client.ws.close();
    });

    it('a late notification never repeats an event the client has, nor one it said it had seen', async () => {
      await seedHandedOffConversation(t, workspaceId);
      const [{ id: seen }] = await t.db.query(`SELECT max(id)::text AS id FROM conversation_events`);
      const { conversationId } = await seedHandedOffConversation(t, workspaceId);
      const client = await connect(`token=${tokens.bob}&after=${seen}`);
      await until(() => client.messages.some((m) => m.type === 'ready'));
      const events = () => client.messages.filter((m) => m.type === 'event').map((m) => m.event!.id);
      const [caughtUp] = events();
      expect(events()).toHaveLength(1);
      // NOTIFY arrives whenever PostgreSQL delivers it: replay both older events' notifications, as a slow one would.
      for (const id of [seen, caughtUp]) await t.db.query(`SELECT pg_notify($1, $2)`, [INBOX_CHANNEL, JSON.stringify({ workspaceId, id })]);
      await api().post(`/api/inbox/conversations/${conversationId}/notes`).set(as(tokens.ann)).send({ text: 'fresh' }).expect(201);
      await until(() => client.messages.some((m) => m.event?.kind === 'note'));
      expect(client.messages.filter((m) => m.type === 'event').map((m) => m.event!.kind)).toEqual(['handed-off', 'note']);
      client.ws.close();
    });

    it('the app shuts down while an agent is still connected', async () => {
      // An upgraded socket still counts as one of the HTTP server's connections: left open, it would hold app.close().
      const other = await startTestApp();
      const agent = await other.seedUser({ email: 'ann@example.com', workspaces: ['Acme'], role: 'agent' });
      const { token } = await other.login(agent.email, agent.password);
      const ws = new WebSocket(`${other.baseUrl.replace('http', 'ws')}/api/inbox/ws?token=${token}`);
      await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
      const closed = new Promise((resolve) => ws.on('close', resolve));
      await other.close();
      await closed;
    }, 30000);
  });
});
