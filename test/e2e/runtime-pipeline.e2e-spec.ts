import request from 'supertest';
import { DataSource } from 'typeorm';
import { ConnectionStore } from '../../api/src/channels/connection-store';
import { ConversationsService } from '../../api/src/conversations/conversations.service';
import { databaseOptions } from '../../api/src/database/database-options';
import { Dispatcher } from '../../api/src/flow-execution/dispatcher';
import { FlowExecutionService } from '../../api/src/flow-execution/flow-execution.service';
import { IntakeService } from '../../api/src/flow-execution/intake.service';
import type { ProcessingWorker } from '../../api/src/flow-execution/processing-worker';
import { WebchatAdapter } from '../../api/src/webchat/webchat.adapter';
import { startTestApp, type TestApp } from '../support/test-app';
import { delayFlow, echoFlow, loopingFlow, publishDirect } from './support/runtime-fixtures';

/**
 * The runtime host end to end through the web chat channel: intake → processing (engine) → outbox → dispatch →
 * the visitor's stream. The app runs as PARLEY_ROLE=api; each test starts its workers (in-process, each on its
 * own DataSource, i.e. its own connection pool, as separate processes would be).
 */
describe('runtime host (web chat through the whole pipeline)', () => {
  let t: TestApp;
  let token: string;
  let workspaceId: string;
  let connectionId: string;
  let workers: Array<{ worker: ProcessingWorker; ds: DataSource | null }> = [];

  const fx = () => t.app.get(FlowExecutionService);
  async function startWorkers(n: number) {
    for (let i = 0; i < n; i++) {
      const ds = i === 0 ? null : await new DataSource(databaseOptions(t.db.options.type === 'postgres' ? (t.db.options.url as string) : '')).initialize();
      workers.push({ worker: fx().startWorker({}, ds ?? t.db), ds });
    }
  }
  async function stopWorkers() {
    for (const w of workers) {
      await w.worker.stop();
      await w.ds?.destroy();
    }
    workers = [];
  }
  const visitor = async () => (await request(t.server).post(`/api/webchat/${connectionId}/visitors`).expect(201)).body as { visitorId: string; token: string };
  const say = (v: { token: string }, text: string, id = text) =>
    request(t.server).post(`/api/webchat/${connectionId}/messages`).set('x-visitor-token', v.token).send({ clientMessageId: id, text });
  const replies = async (v: { token: string }) =>
    ((await request(t.server).get(`/api/webchat/${connectionId}/messages`).set('x-visitor-token', v.token).expect(200)).body as Array<{ message: { text: string } }>).map((r) => r.message.text);
  async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (ok(v) || Date.now() > until) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    // The burst test stores 4,000 events before any worker runs: intake backpressure (which would hold each
    // delivery past 100 waiting events) is not what it checks, and is tested on its own (backlog-gate.spec.ts).
    t = await startTestApp({ role: 'api', intakeBacklogLimit: 0 });
  });
  afterAll(async () => {
    await stopWorkers();
    await t.close();
  });
  beforeEach(async () => {
    await stopWorkers();
    await t.reset();
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    workspaceId = owner.workspaces.Acme;
    token = (await t.login(owner.email, owner.password)).token;
    connectionId = (await request(t.server).post('/api/webchat/connection').set('Authorization', `Bearer ${token}`).expect(201)).body.connectionId;
    await publishDirect(t, workspaceId, 'Echo', echoFlow);
  });

  it('answers a visitor through intake, the engine, the outbox and the stream, in order', async () => {
    await startWorkers(1);
    const v = await visitor();
    await say(v, 'hello').expect(202, { accepted: 1, duplicates: 0 });
    await say(v, 'a').expect(202);
    await say(v, 'b').expect(202);
    expect(await waitFor(() => replies(v), (r) => r.length >= 5)).toEqual(['ready', 'got a', 'ready', 'got b', 'ready']);
    const [contact] = await t.db.query(`SELECT name, last_inbound_at FROM contacts`);
    expect(contact.name).toBe('Visitor');
    expect(contact.last_inbound_at).toBeTruthy();
  });

  it('streams replies over server-sent events', async () => {
    await startWorkers(1);
    const v = await visitor();
    const res = await fetch(`${t.baseUrl}/api/webchat/${connectionId}/stream?token=${encodeURIComponent(v.token)}`);
    const reader = res.body!.getReader();
    await say(v, 'hello').expect(202);
    let text = '';
    const until = Date.now() + 10_000;
    while (!text.includes('ready') && Date.now() < until) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toMatch(/data: \{"text":"ready"/);
  });

  it('ends open streams when the app shuts down, so shutdown never waits on a visitor', async () => {
    const other = await startTestApp({ role: 'api' });
    const owner = await other.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    const { token: ownerToken } = await other.login(owner.email, owner.password);
    const id = (await request(other.server).post('/api/webchat/connection').set('Authorization', `Bearer ${ownerToken}`).expect(201)).body.connectionId;
    const v = (await request(other.server).post(`/api/webchat/${id}/visitors`).expect(201)).body as { token: string };
    const res = await fetch(`${other.baseUrl}/api/webchat/${id}/stream?token=${encodeURIComponent(v.token)}`);
    const reader = res.body!.getReader();
    await other.close();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
  }, 30_000);

  it('wakes a stream at once when another process stores the reply (NOTIFY, not the 2 s poll)', async () => {
    const v = await visitor();
    const res = await fetch(`${t.baseUrl}/api/webchat/${connectionId}/stream?token=${encodeURIComponent(v.token)}`);
    const reader = res.body!.getReader();
    await new Promise((r) => setTimeout(r, 300)); // the stream has polled once and sleeps
    // Another process's adapter: its own pool, no in-memory listeners shared with this app.
    const other = await new DataSource(databaseOptions((t.db.options as { url: string }).url)).initialize();
    try {
      const sentAt = Date.now();
      await new WebchatAdapter(other).send({} as never, { contactExternalId: v.visitorId }, { text: 'from elsewhere' });
      let text = '';
      while (!text.includes('from elsewhere') && Date.now() - sentAt < 5_000) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toContain('from elsewhere');
      expect(Date.now() - sentAt).toBeLessThan(1_000);
    } finally {
      await reader.cancel();
      await other.destroy();
    }
  });

  it('50 concurrent copies of one delivery → one stored event, one reply', async () => {
    const v = await visitor();
    const results = await Promise.all(Array.from({ length: 50 }, () => say(v, 'hello', 'same-id')));
    expect(results.every((r) => r.status === 202)).toBe(true);
    expect(results.reduce((n, r) => n + r.body.accepted, 0)).toBe(1);
    await startWorkers(3);
    await waitFor(() => replies(v), (r) => r.length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await replies(v)).toEqual(['ready']);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM inbound_events`)).toEqual([{ n: 1 }]);
  });

  it('a shuffled burst of 20 messages × 200 conversations with 3 workers → every reply once, in order', async () => {
    const intake = t.app.get(IntakeService);
    const connection = { id: connectionId, workspaceId, platform: 'webchat' as const, externalAccountId: 'webchat', config: {}, secrets: {}, status: 'active' as const };
    const visitors: string[] = (await t.db.query(`INSERT INTO webchat_visitors (connection_id, token_hash) SELECT $1, md5(g::text) FROM generate_series(1, 200) g RETURNING id`, [connectionId])).map((r: { id: string }) => r.id);
    const base = Date.now() - 60_000;
    const events = visitors.flatMap((vid) =>
      Array.from({ length: 20 }, (_, i) => ({ kind: 'inbound' as const, platformEventId: `${vid}:${i}`, platformTimestamp: new Date(base + i * 10), contact: { externalId: vid }, event: { type: 'message-received' as const, text: `m${i}` } })),
    );
    // Fisher–Yates with a fixed seed: deliveries arrive out of order across and within conversations.
    let seed = 7;
    for (let i = events.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const j = seed % (i + 1);
      [events[i], events[j]] = [events[j], events[i]];
    }
    for (let i = 0; i < events.length; i += 100) await intake.accept(connection, events.slice(i, i + 100));
    // 39 replies per contact within a minute: above the anti-spam cap (30/min), which this test is not about.
    Dispatcher.contactCapPerMinute = 1000;
    await startWorkers(3);
    const expected = 200 * (1 + 19 * 2);
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM webchat_messages`))[0].n as number;
    expect(await waitFor(count, (n) => n >= expected, 90_000)).toBe(expected);
    await new Promise((r) => setTimeout(r, 300));
    expect(await count()).toBe(expected);
    const rows: Array<{ visitor_id: string; text: string }> = await t.db.query(`SELECT visitor_id, message->>'text' AS text FROM webchat_messages ORDER BY id`);
    const byVisitor = new Map<string, string[]>();
    for (const r of rows) byVisitor.set(r.visitor_id, [...(byVisitor.get(r.visitor_id) ?? []), r.text]);
    const want = ['ready', ...Array.from({ length: 19 }, (_, i) => [`got m${i + 1}`, 'ready']).flat()];
    for (const vid of visitors) expect(byVisitor.get(vid)).toEqual(want);
    Dispatcher.contactCapPerMinute = 30;
  }, 120_000);

  it('caps automated messages per contact per minute (30) and records the overflow as blocked', async () => {
    const intake = t.app.get(IntakeService);
    const connection = { id: connectionId, workspaceId, platform: 'webchat' as const, externalAccountId: 'webchat', config: {}, secrets: {}, status: 'active' as const };
    const [{ id: vid }] = await t.db.query(`INSERT INTO webchat_visitors (connection_id, token_hash) VALUES ($1, 'h') RETURNING id`, [connectionId]);
    await intake.accept(connection, Array.from({ length: 20 }, (_, i) => ({ kind: 'inbound' as const, platformEventId: `c${i}`, platformTimestamp: new Date(Date.now() + i), contact: { externalId: vid }, event: { type: 'message-received' as const, text: `m${i}` } })));
    await startWorkers(1);
    const rows = await waitFor(() => t.db.query(`SELECT status, count(*)::int AS n FROM outbox GROUP BY status ORDER BY status`), (r: Array<{ status: string; n: number }>) => r.reduce((a, x) => a + x.n, 0) === 39 && !r.some((x) => x.status === 'pending' || x.status === 'sending'));
    expect(rows).toEqual([{ status: 'blocked', n: 9 }, { status: 'sent', n: 30 }]);
  });

  it('stops a looping flow with the guard and hands the conversation to a person', async () => {
    await publishDirect(t, workspaceId, 'Loop', loopingFlow);
    await startWorkers(1);
    const v = await visitor();
    await say(v, 'loop').expect(202);
    const [conv] = await waitFor(() => t.db.query(`SELECT status, last_error FROM conversations`), (r: Array<{ status: string; last_error: { code: string } | null }>) => !!r[0]?.last_error);
    expect(conv.last_error!.code).toMatch(/^LOOP_GUARD/);
    expect(conv.status).toBe('handed-off');
    await new Promise((r) => setTimeout(r, 300));
    expect((await replies(v)).length).toBeLessThanOrEqual(10);
  });

  it('a handoff racing inbound messages → no bot message after the handoff returns', async () => {
    await startWorkers(2);
    const conversations = t.app.get(ConversationsService);
    for (let round = 0; round < 10; round++) {
      const v = await visitor();
      await say(v, 'hello').expect(202);
      await waitFor(() => replies(v), (r) => r.length >= 1);
      const [conv] = await t.db.query(`SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE ct.external_id = $1`, [v.visitorId]);
      const posts = Array.from({ length: 5 }, (_, i) => say(v, `x${i}`));
      await new Promise((r) => setTimeout(r, round * 3));
      await conversations.handOff(workspaceId, conv.id);
      const atHandoff = (await replies(v)).length;
      await Promise.all(posts);
      await new Promise((r) => setTimeout(r, 400));
      expect((await replies(v)).length).toBe(atHandoff);
    }
  });

  it('timers are durable: a delay scheduled before a restart fires once after it', async () => {
    await publishDirect(t, workspaceId, 'Delay', delayFlow);
    await startWorkers(1);
    const v = await visitor();
    await say(v, 'wait').expect(202);
    await waitFor(() => t.db.query(`SELECT id FROM timers`), (r: unknown[]) => r.length === 1);
    await stopWorkers(); // the "process" stops with the timer pending
    await new Promise((r) => setTimeout(r, 2500));
    expect(await replies(v)).toEqual([]);
    await startWorkers(2);
    expect(await waitFor(() => replies(v), (r) => r.length >= 1)).toEqual(['later']);
    await new Promise((r) => setTimeout(r, 500));
    expect(await replies(v)).toEqual(['later']);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM timers`)).toEqual([{ n: 0 }]);
  });

  it('blocks automated messages outside the 24-hour window (Messenger) with the reason', async () => {
    const { sealed, keyId } = t.app.get(ConnectionStore).seal({ accessToken: 'x' });
    const [row] = await t.db.query(
      `INSERT INTO channel_connections (workspace_id, platform, name, external_account_id, secrets_encrypted, secrets_key_id) VALUES ($1, 'messenger', 'Page', 'page-1', $2, $3) RETURNING id`,
      [workspaceId, sealed, keyId],
    );
    const messenger = { id: row.id, workspaceId, platform: 'messenger' as const, externalAccountId: 'page-1', config: {}, secrets: {}, status: 'active' as const };
    await t.app.get(IntakeService).accept(messenger, [
      { kind: 'inbound', platformEventId: 'mid.1', platformTimestamp: new Date(Date.now() - 25 * 3600_000), contact: { externalId: 'psid-1' }, event: { type: 'message-received', text: 'hi' } },
    ]);
    await startWorkers(1);
    const [out] = await waitFor(() => t.db.query(`SELECT status, error FROM outbox`), (r: Array<{ status: string; error: string }>) => r[0]?.status === "blocked");
    expect(out).toMatchObject({ status: 'blocked' });
    expect(out.error).toMatch(/^WINDOW_CLOSED/);
  });
});
