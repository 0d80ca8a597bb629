import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';
import { publishDirect } from './support/runtime-fixtures';

const node = (id: string, type: string, config: Record<string, unknown>) => ({ id, type, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, sourceOutput: string, target: string) => ({ id, source, sourceOutput, target });

/** keyword "price" → email question (one retry) → thanks; the same keyword as a live flow's. */
const leadDraft = {
  schemaVersion: 1,
  triggers: [{ id: 't', kind: 'keyword', startNodeId: 'ask', keywords: [{ value: 'price', mode: 'whole-word' }] }],
  nodes: [
    node('ask', 'ask-question', { prompt: 'What is your email?', expect: 'email', saveTo: 'email', retries: 1, retryPrompt: 'That does not look like an email.' }),
    node('thanks', 'send-message', { text: 'Thanks! We will email you at {{vars.email}}.' }),
  ],
  edges: [edge('e1', 'ask', 'answered', 'thanks')],
};

/**
 * The studio preview through the real runtime: a session is a web chat visitor whose conversation runs the saved
 * draft (not the live version), never starts live flows, stays in its workspace, and is gone when deleted.
 */
describe('flow preview sessions (draft through the web chat channel)', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let workspaceId: string;
  let flowId: string;

  async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (ok(v) || Date.now() > until) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const say = (s: { connectionId: string; token: string }, text: string) =>
    request(t.server).post(`/api/webchat/${s.connectionId}/messages`).set('x-visitor-token', s.token).send({ clientMessageId: `${Date.now()}-${text}`, text }).expect(202);
  const replies = async (s: { connectionId: string; token: string }) =>
    ((await request(t.server).get(`/api/webchat/${s.connectionId}/messages`).set('x-visitor-token', s.token).expect(200)).body as Array<{ message: { text?: string } }>).map((r) => r.message.text);

  beforeAll(async () => {
    t = await startTestApp();
    const user = await t.seedUser({ email: 'previewer@example.com', workspaces: ['Preview brand'] });
    workspaceId = user.workspaces['Preview brand'];
    auth = { Authorization: `Bearer ${(await t.login('previewer@example.com', 'correct horse battery')).token}` };
    const flow = await request(t.server).post('/api/flows').set(auth).send({ name: 'Lead capture' }).expect(201);
    flowId = flow.body.id;
    await request(t.server).put(`/api/flows/${flowId}/draft`).set(auth).send({ revision: 1, document: leadDraft }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('chats with the draft, re-prompts an invalid email, tracks the step and variables, and never wakes a live flow', async () => {
    const live = await publishDirect(t, workspaceId, 'Live pricing', {
      schemaVersion: 1,
      triggers: [{ id: 'lt', kind: 'keyword', startNodeId: 'm', keywords: [{ value: 'price', mode: 'whole-word' }], enabled: true, priority: 9 }],
      nodes: [node('m', 'send-message', { text: 'LIVE FLOW ANSWER' })],
      edges: [],
    } as never);
    const session = (await request(t.server).post(`/api/flows/${flowId}/preview-sessions`).set(auth).send({ channel: 'messenger' }).expect(201)).body;
    expect(session).toMatchObject({ flowId, channel: 'messenger', connectionId: expect.any(String), token: expect.stringMatching(/^wv_/) });

    await say(session, 'what is the price?');
    await waitFor(() => replies(session), (r) => r.length >= 1);
    const state = (await request(t.server).get(`/api/flows/${flowId}/preview-sessions/${session.id}`).set(auth).expect(200)).body;
    expect(state).toMatchObject({ currentNodeId: 'ask', status: 'waiting', channel: 'messenger', messages: { processed: 1, pending: 0, lastOutcome: 'turn' } });

    await say(session, 'not an email');
    await waitFor(() => replies(session), (r) => r.length >= 2);
    await say(session, 'ana@example.com');
    const all = await waitFor(() => replies(session), (r) => r.length >= 3);
    expect(all).toEqual(['What is your email?', 'That does not look like an email. What is your email?', 'Thanks! We will email you at ana@example.com.']);
    const done = (await request(t.server).get(`/api/flows/${flowId}/preview-sessions/${session.id}`).set(auth).expect(200)).body;
    expect(done).toMatchObject({ currentNodeId: null, status: 'ended', variables: { email: 'ana@example.com' } });

    // Previews are not traffic: nothing is counted for the flow in analytics, and sent messages carry no version.
    for (const table of ['flow_stats', 'flow_stat_deltas', 'conversation_node_reach']) {
      const [{ counted }] = await t.db.query(`SELECT count(*)::int AS counted FROM ${table} WHERE flow_id = $1`, [flowId]);
      expect({ table, counted }).toEqual({ table, counted: 0 });
    }
    const [{ versioned }] = await t.db.query(`SELECT count(flow_version_id)::int AS versioned FROM outbox WHERE connection_id = $1`, [session.connectionId]);
    expect(versioned).toBe(0);
    // The live flow with the same keyword never ran for the preview visitor; the snapshot is not a numbered version.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM conversations WHERE flow_id = $1`, [live]);
    expect(n).toBe(0);
    expect((await request(t.server).get(`/api/flows/${flowId}/versions`).set(auth).expect(200)).body).toEqual([]);

    // The publish dry run reports the clash with the live flow, and changes nothing.
    const check = (await request(t.server).get(`/api/flows/${flowId}/publish-check`).set(auth).expect(200)).body;
    expect(check).toMatchObject({ publishable: true, conflicts: [{ triggerId: 't', keyword: 'price', otherFlowId: live, otherFlowName: 'Live pricing' }] });

    await request(t.server).delete(`/api/flows/${flowId}/preview-sessions/${session.id}`).set(auth).expect(204);
    await request(t.server).get(`/api/flows/${flowId}/preview-sessions/${session.id}`).set(auth).expect(404);
    await request(t.server).get(`/api/webchat/${session.connectionId}/messages`).set('x-visitor-token', session.token).expect(401);
    const [{ left }] = await t.db.query(`SELECT count(*)::int AS left FROM flow_versions WHERE flow_id = $1 AND kind = 'preview'`, [flowId]);
    expect(left).toBe(0);
  });

  it('says when no trigger of the draft matches a message', async () => {
    const session = (await request(t.server).post(`/api/flows/${flowId}/preview-sessions`).set(auth).send({}).expect(201)).body;
    await say(session, 'hello there');
    const state = await waitFor(
      async () => (await request(t.server).get(`/api/flows/${flowId}/preview-sessions/${session.id}`).set(auth).expect(200)).body,
      (s) => s.messages.processed === 1,
    );
    expect(state).toMatchObject({ status: 'not-started', currentNodeId: null, messages: { processed: 1, pending: 0, lastOutcome: 'no-trigger' } });
    expect(await replies(session)).toEqual([]);
  });

  it('starts from a chosen step with chosen variables', async () => {
    const session = (await request(t.server).post(`/api/flows/${flowId}/preview-sessions`).set(auth).send({ startNodeId: 'thanks', variables: { email: 'bo@example.com' } }).expect(201)).body;
    expect(await waitFor(() => replies(session), (r) => r.length >= 1)).toEqual(['Thanks! We will email you at bo@example.com.']);
    await request(t.server).post(`/api/flows/${flowId}/preview-sessions`).set(auth).send({ startNodeId: 'ghost' }).expect(422);
    await request(t.server).post(`/api/flows/${flowId}/preview-sessions`).set(auth).send({ channel: 'fax' }).expect(400);
  });

  it('previews a draft that is also the live version, restarting while the old session is deleted', async () => {
    const flow = (await request(t.server).post('/api/flows').set(auth).send({ name: 'Published lead' }).expect(201)).body;
    await request(t.server).put(`/api/flows/${flow.id}/draft`).set(auth).send({ revision: 1, document: leadDraft }).expect(200);
    await request(t.server).post(`/api/flows/${flow.id}/publish`).set(auth).send({}).expect(201);
    let previousId: string | null = null;
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      // A restart deletes the old session while it creates the new one (the studio does both at once).
      const [res] = await Promise.all([
        request(t.server).post(`/api/flows/${flow.id}/preview-sessions`).set(auth).send({ startNodeId: 'thanks', variables: { email } }),
        previousId ? request(t.server).delete(`/api/flows/${flow.id}/preview-sessions/${previousId}`).set(auth).expect(204) : null,
      ]);
      expect(res.status).toBe(201);
      expect(await waitFor(() => replies(res.body), (r) => r.length >= 1)).toEqual([`Thanks! We will email you at ${email}.`]);
      previousId = res.body.id as string;
    }
  });

  it('keeps at most five previews of a flow per person, dropping the oldest', async () => {
    const flow = (await request(t.server).post('/api/flows').set(auth).send({ name: 'Many previews' }).expect(201)).body;
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await request(t.server).post(`/api/flows/${flow.id}/preview-sessions`).set(auth).send({}).expect(201)).body.id);
    const kept: Array<{ id: string }> = await t.db.query(`SELECT id FROM preview_sessions WHERE flow_id = $1`, [flow.id]);
    expect(kept.map((r) => r.id).sort()).toEqual(ids.slice(2).sort());
    await request(t.server).get(`/api/flows/${flow.id}/preview-sessions/${ids[0]}`).set(auth).expect(404);
    const [{ snapshots }] = await t.db.query(`SELECT count(*)::int AS snapshots FROM flow_versions WHERE flow_id = $1 AND kind = 'preview'`, [flow.id]);
    expect(snapshots).toBe(5);
  });

  it('keeps a handoff in a preview out of the inbox, and returns to the bot through the handoff step\'s `returned` output', async () => {
    const flow = (await request(t.server).post('/api/flows').set(auth).send({ name: 'Support' }).expect(201)).body;
    const document = {
      schemaVersion: 1,
      triggers: [{ id: 't', kind: 'keyword', startNodeId: 'human', keywords: [{ value: 'agent', mode: 'whole-word' }] }],
      nodes: [
        node('human', 'handoff', { message: 'Connecting you to a person.', note: 'Wants a human', priority: 'urgent' }),
        node('back', 'send-message', { text: 'Back with the bot.' }),
      ],
      edges: [edge('e1', 'human', 'returned', 'back')],
    };
    await request(t.server).put(`/api/flows/${flow.id}/draft`).set(auth).send({ revision: 1, document }).expect(200);
    const session = (await request(t.server).post(`/api/flows/${flow.id}/preview-sessions`).set(auth).send({}).expect(201)).body;
    const state = () => request(t.server).get(`/api/flows/${flow.id}/preview-sessions/${session.id}`).set(auth).expect(200).then((r) => r.body);
    // Not handed off yet: nothing to return.
    await request(t.server).post(`/api/flows/${flow.id}/preview-sessions/${session.id}/release`).set(auth).expect(409);

    await say(session, 'agent please');
    const handedOff = await waitFor(state, (s) => s.status === 'handed-off');
    expect(handedOff).toMatchObject({ status: 'handed-off', currentNodeId: 'human' });
    expect(await replies(session)).toEqual(['Connecting you to a person.']);

    // No agent sees it: no handoff row, nothing in any inbox view, the counts or the metrics.
    const [{ handoffs }] = await t.db.query(`SELECT count(*)::int AS handoffs FROM handoffs WHERE workspace_id = $1`, [workspaceId]);
    expect(handoffs).toBe(0);
    for (const view of ['all', 'unassigned', 'mine']) {
      expect((await request(t.server).get(`/api/inbox/conversations?view=${view}`).set(auth).expect(200)).body.items).toEqual([]);
    }
    expect((await request(t.server).get('/api/inbox/metrics').set(auth).expect(200)).body).toMatchObject({ perDay: [] });

    // "Return to bot": the flow continues from `returned`; a second click finds nothing to return.
    await request(t.server).post(`/api/flows/${flow.id}/preview-sessions/${session.id}/release`).set(auth).expect(204);
    expect(await waitFor(() => replies(session), (r) => r.length >= 2)).toEqual(['Connecting you to a person.', 'Back with the bot.']);
    expect(await waitFor(state, (s) => s.status === 'ended')).toMatchObject({ status: 'ended' });
    await request(t.server).post(`/api/flows/${flow.id}/preview-sessions/${session.id}/release`).set(auth).expect(409);
    await request(t.server).post(`/api/flows/${flow.id}/preview-sessions/00000000-0000-4000-8000-000000000000/release`).set(auth).expect(404);
  });

  it('hides the preview connection from the channels and refuses to change or delete it', async () => {
    const session = (await request(t.server).post(`/api/flows/${flowId}/preview-sessions`).set(auth).send({}).expect(201)).body;
    await request(t.server).post('/api/webchat/connection').set(auth).expect(201);
    const channels = (await request(t.server).get('/api/channels').set(auth).expect(200)).body as Array<{ id: string; externalAccountId: string }>;
    expect(channels.map((c) => c.externalAccountId)).toEqual(['webchat']);
    const patched = await request(t.server).patch(`/api/channels/${session.connectionId}`).set(auth).send({ name: 'Mine now' }).expect(409);
    expect(patched.body.code).toBe('CHANNEL_CONNECTION_RESERVED');
    await request(t.server).patch(`/api/channels/${session.connectionId}`).set(auth).send({ status: 'disabled' }).expect(409);
    await request(t.server).delete(`/api/channels/${session.connectionId}`).set(auth).expect(409);
    // Web chat is not connected by hand at all, so nobody can create a second "preview" connection either.
    await request(t.server).post('/api/channels').set(auth).send({ platform: 'webchat', name: 'Fake preview', externalAccountId: 'studio-preview', secrets: {} }).expect(400);
    // Still usable by the studio.
    await request(t.server).post(`/api/flows/${flowId}/preview-sessions`).set(auth).send({}).expect(201);
  });

  it('keeps preview visitors out of the contacts page, its count and export, and broadcast audiences', async () => {
    const session = (await request(t.server).post(`/api/flows/${flowId}/preview-sessions`).set(auth).send({}).expect(201)).body;
    await say(session, 'price');
    await waitFor(() => replies(session), (r) => r.length >= 1);
    const [{ previewContacts }] = await t.db.query(`SELECT count(*)::int AS "previewContacts" FROM contacts WHERE workspace_id = $1 AND connection_id = $2`, [workspaceId, session.connectionId]);
    expect(previewContacts).toBeGreaterThan(0);
    // A real web chat visitor is a contact like any other.
    const { connectionId } = (await request(t.server).post('/api/webchat/connection').set(auth).expect(201)).body;
    const visitor = (await request(t.server).post(`/api/webchat/${connectionId}/visitors`).expect(201)).body;
    await say({ connectionId, token: visitor.token }, 'hello');
    const listed = await waitFor(
      async () => (await request(t.server).get('/api/contacts').set(auth).expect(200)).body.items as Array<{ connectionId?: string; connection?: { id: string } }>,
      (items) => items.length >= 1,
    );
    expect(listed).toHaveLength(1);
    expect((await request(t.server).get('/api/contacts/count').set(auth).expect(200)).body).toEqual({ count: 1 });
    expect((await request(t.server).get('/api/contacts?q=Preview').set(auth).expect(200)).body.items).toEqual([]);
    const csv = (await request(t.server).get('/api/contacts/export.csv').set(auth).expect(200)).text;
    expect(csv).not.toContain('Preview visitor');
    const audience = (await request(t.server).post('/api/broadcasts/preview').set(auth).send({ kind: 'message', message: { text: 'Hi' }, audience: {} }).expect(200)).body;
    expect(audience.audience).toBe(1);
  });

  it('keeps sessions inside their workspace', async () => {
    const session = (await request(t.server).post(`/api/flows/${flowId}/preview-sessions`).set(auth).send({}).expect(201)).body;
    await t.seedUser({ email: 'outsider@example.com', workspaces: ['Other brand'] });
    const other = { Authorization: `Bearer ${(await t.login('outsider@example.com', 'correct horse battery')).token}` };
    await request(t.server).get(`/api/flows/${flowId}/preview-sessions/${session.id}`).set(other).expect(404);
    await request(t.server).delete(`/api/flows/${flowId}/preview-sessions/${session.id}`).set(other).expect(404);
    await request(t.server).post(`/api/flows/${flowId}/preview-sessions`).set(other).send({}).expect(404);
  });
});
