import request from 'supertest';
import type { FlowDocument } from '@parley/runtime';
import { FlowExecutionService } from '../../api/src/flow-execution/flow-execution.service';
import type { ProcessingWorker } from '../../api/src/flow-execution/processing-worker';
import { startTestApp, type TestApp } from '../support/test-app';
import { publishDirect } from './support/runtime-fixtures';

const node = (id: string, type: string, config: Record<string, unknown>) => ({ id, type, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, sourceOutput: string, target: string) => ({ id, source, sourceOutput, target });

/** "help" → hand off to a human (business hours checked); back from the agent → "Welcome back!"; outside hours → "We are closed". */
const supportFlow = {
  schemaVersion: 1,
  triggers: [{ id: 't', kind: 'keyword', startNodeId: 'h', keywords: [{ value: 'help', mode: 'is' }], enabled: true, priority: 5 }],
  nodes: [
    node('h', 'handoff', { message: 'Connecting you…', team: 'support', priority: 'high', note: 'Asked for help', checkBusinessHours: true }),
    node('back', 'send-message', { text: 'Welcome back!' }),
    node('closed', 'send-message', { text: 'We are closed' }),
  ],
  edges: [edge('e1', 'h', 'returned', 'back'), edge('e2', 'h', 'outside-hours', 'closed')],
} as unknown as FlowDocument;

/** The whole two-way handoff through the real pipeline (web chat channel, engine, outbox, dispatcher). */
describe('handoff loop: flow → inbox → agent → back to the flow', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let connectionId: string;
  let worker: ProcessingWorker;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    auth = { Authorization: `Bearer ${(await t.login(owner.email, owner.password)).token}` };
    connectionId = (await request(t.server).post('/api/webchat/connection').set(auth).expect(201)).body.connectionId;
    await publishDirect(t, owner.workspaces.Acme, 'Support', supportFlow);
    worker = t.app.get(FlowExecutionService).startWorker({}, t.db);
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
  });

  const visitor = async () => (await request(t.server).post(`/api/webchat/${connectionId}/visitors`).expect(201)).body as { token: string };
  const say = (v: { token: string }, text: string) =>
    request(t.server).post(`/api/webchat/${connectionId}/messages`).set('x-visitor-token', v.token).send({ clientMessageId: `${text}-${Date.now()}`, text }).expect(202);
  const replies = async (v: { token: string }) =>
    ((await request(t.server).get(`/api/webchat/${connectionId}/messages`).set('x-visitor-token', v.token).expect(200)).body as Array<{ message: { text: string } }>).map((r) => r.message.text);
  async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    const until = Date.now() + 20_000;
    for (;;) {
      const v = await probe();
      if (ok(v) || Date.now() > until) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('hands off, stays quiet while an agent has it, and continues at `returned` when released', async () => {
    const v = await visitor();
    await say(v, 'help');
    expect(await waitFor(() => replies(v), (r) => r.length >= 1)).toEqual(['Connecting you…']);
    const inbox = await waitFor(
      async () => (await request(t.server).get('/api/inbox/conversations?view=unassigned').set(auth)).body.items as Array<{ conversationId: string }>,
      (items) => items.length === 1,
    );
    expect(inbox[0]).toMatchObject({ team: 'support', priority: 'high', note: 'Asked for help', platform: 'webchat' });
    const conversationId = inbox[0].conversationId;

    await request(t.server).post(`/api/inbox/conversations/${conversationId}/claim`).set(auth).expect(200);
    await say(v, 'are you there?');
    await request(t.server).post(`/api/inbox/conversations/${conversationId}/messages`).set(auth).send({ text: 'Hi, Ann here.' }).expect(201);
    expect(await waitFor(() => replies(v), (r) => r.length >= 2)).toEqual(['Connecting you…', 'Hi, Ann here.']);
    const detail = await request(t.server).get(`/api/inbox/conversations/${conversationId}`).set(auth).expect(200);
    expect(detail.body.messages.map((m: { author: string }) => m.author)).toEqual(['contact', 'bot', 'contact', 'agent']);

    await request(t.server).post(`/api/inbox/conversations/${conversationId}/resolve`).set(auth).send({ outcome: 'bot' }).expect(204);
    expect(await waitFor(() => replies(v), (r) => r.length >= 3)).toEqual(['Connecting you…', 'Hi, Ann here.', 'Welcome back!']);
    const [conversation] = await t.db.query(`SELECT status FROM conversations WHERE id = $1`, [conversationId]);
    expect(conversation.status).not.toBe('handed-off');
  });

  it('outside business hours the handoff node takes `outside-hours` and no handoff is opened', async () => {
    const everyDayButNow = { days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '00:00', to: '00:01' };
    await request(t.server).put('/api/inbox/settings').set(auth).send({ businessHours: [everyDayButNow] }).expect(200);
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM handoffs`))[0].n;
    const v = await visitor();
    await say(v, 'help');
    expect(await waitFor(() => replies(v), (r) => r.length >= 1)).toEqual(['We are closed']);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM handoffs`))[0].n).toBe(before);
    await request(t.server).put('/api/inbox/settings').set(auth).send({ businessHours: [] }).expect(200);
  });
});
