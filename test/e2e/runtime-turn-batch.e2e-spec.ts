import request from 'supertest';
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from '../../api/src/flow-execution/dispatcher';
import { IntakeBatcher, type IntakeGroup } from '../../api/src/flow-execution/intake.service';
import { ProcessingWorker } from '../../api/src/flow-execution/processing-worker';
import { TurnProcessor } from '../../api/src/flow-execution/turn-processor';
import { startTestApp, type TestApp } from '../support/test-app';
import { echoFlow, publishDirect } from './support/runtime-fixtures';

/**
 * Turn batches: one processing transaction claims many ready conversations, runs each one's events in order and
 * writes them all in one statement. One conversation whose turn fails must not hold back the others of its batch.
 * The worker's loops are not started: each `processOne()` is one claim, so the test sees exactly what one batch did.
 */
describe('runtime host: a worker processes conversations in batches', () => {
  let t: TestApp;
  let connectionId: string;
  let workspaceId: string;
  let worker: ProcessingWorker;

  const visitor = async () => (await request(t.server).post(`/api/webchat/${connectionId}/visitors`).expect(201)).body as { visitorId: string; token: string };
  const say = (v: { token: string }, text: string) => request(t.server).post(`/api/webchat/${connectionId}/messages`).set('x-visitor-token', v.token).send({ clientMessageId: text, text }).expect(202);
  /** The texts queued for one visitor, in outbox order. */
  const outbox = async (visitorId: string): Promise<string[]> =>
    (
      await t.db.query(
        `SELECT o.payload->'message'->>'text' AS text FROM outbox o JOIN contacts c ON c.id = o.contact_id WHERE c.external_id = $1 ORDER BY o.id`,
        [visitorId],
      )
    ).map((r: { text: string }) => r.text);

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await t.reset();
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    const token = (await t.login(owner.email, owner.password)).token;
    connectionId = (await request(t.server).post('/api/webchat/connection').set('Authorization', `Bearer ${token}`).expect(201)).body.connectionId;
    workspaceId = owner.workspaces.Acme;
    await publishDirect(t, workspaceId, 'Echo', echoFlow);
    worker = new ProcessingWorker(t.db, t.app.get(TurnProcessor), {} as Dispatcher, { batchSize: 50 });
  });

  it('one claim runs 30 conversations, each in order, and releases their queue rows', async () => {
    const visitors = await Promise.all(Array.from({ length: 30 }, () => visitor()));
    for (const v of visitors) {
      await say(v, 'hello');
      await say(v, `x-${v.visitorId.slice(0, 4)}`);
    }
    expect(await worker.processOne()).toBe(true);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM conversation_queue`)).toEqual([{ n: 0 }]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM inbound_events WHERE processed_at IS NULL`)).toEqual([{ n: 0 }]);
    for (const v of visitors) expect(await outbox(v.visitorId)).toEqual(['ready', `got x-${v.visitorId.slice(0, 4)}`, 'ready']);
    // One dispatch queue row per conversation, and nothing left to claim.
    expect(await t.db.query(`SELECT count(*)::int AS n FROM dispatch_queue`)).toEqual([{ n: 30 }]);
    expect(await worker.processOne()).toBe(false);
  });

  it('a conversation whose turn fails is retried alone and backs off; the rest of its batch goes through', async () => {
    const visitors = await Promise.all(Array.from({ length: 5 }, () => visitor()));
    for (const v of visitors) await say(v, 'hello');
    expect(await worker.processOne()).toBe(true);
    // Corrupt one stored state: its next turn throws inside the engine host.
    const [broken] = visitors;
    await t.db.query(`UPDATE conversations SET state = '{"corrupt": true}' WHERE contact_id = (SELECT id FROM contacts WHERE external_id = $1)`, [broken.visitorId]);
    for (const v of visitors) await say(v, 'again');
    expect(await worker.processOne()).toBe(true);
    for (const v of visitors.slice(1)) expect(await outbox(v.visitorId)).toEqual(['ready', 'got again', 'ready']);
    expect(await outbox(broken.visitorId)).toEqual(['ready']);
    // Its event stays pending (nothing lost), and its queue row waits ~10 s before the next try.
    const pending = await t.db.query(`SELECT payload->'event'->>'text' AS text FROM inbound_events WHERE processed_at IS NULL AND kind = 'inbound'`);
    expect(pending).toEqual([{ text: 'again' }]);
    const [queued] = await t.db.query(`SELECT contact_external_id, ready_at > now() + interval '5 seconds' AS later FROM conversation_queue`);
    expect(queued).toEqual({ contact_external_id: broken.visitorId, later: true });
    expect(await worker.processOne()).toBe(false);
  });

  it('intake: deliveries waiting behind a running statement share the next one, each told only its own count', async () => {
    // One statement at a time: the first delivery goes alone, the next 29 wait and go together.
    const batcher = new IntakeBatcher(t.db, 1);
    const delivery = (i: number, ids: string[]): IntakeGroup => ({
      workspaceId,
      connectionId,
      rows: ids.map((id) => ({ platformEventId: id, contactExternalId: `contact-${i % 7}`, kind: 'inbound', platformTs: new Date(1_700_000_000_000), payload: { event: { type: 'message-received', text: id } } })),
    });
    // Deliveries 0–19 are new (two events each); 20–29 repeat 0–9's first event (a platform retry).
    const groups = Array.from({ length: 30 }, (_, i) => (i < 20 ? delivery(i, [`m${i}a`, `m${i}b`]) : delivery(i - 20, [`m${i - 20}a`])));
    const accepted = await Promise.all(groups.map((g) => batcher.insert(g)));
    expect(accepted).toEqual([...Array(20).fill(2), ...Array(10).fill(0)]);
    // Ids follow the arrival order, so events with one timestamp are handled in the order they came.
    const rows: Array<{ platform_event_id: string }> = await t.db.query(`SELECT platform_event_id FROM inbound_events ORDER BY id`);
    expect(rows.map((r) => r.platform_event_id)).toEqual(Array.from({ length: 20 }, (_, i) => [`m${i}a`, `m${i}b`]).flat());
    expect(await t.db.query(`SELECT count(*)::int AS n FROM conversation_queue`)).toEqual([{ n: 7 }]);

    // A delivery that cannot be stored (its connection is gone) fails alone; the ones that shared its statement are stored.
    const doomed = { ...delivery(0, ['gone']), connectionId: randomUUID() };
    const results = await Promise.allSettled([delivery(1, ['n1']), doomed, delivery(2, ['n2']), delivery(3, ['n3'])].map((g) => batcher.insert(g)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM inbound_events WHERE platform_event_id IN ('n1', 'n2', 'n3', 'gone')`)).toEqual([{ n: 3 }]);
  });
});
