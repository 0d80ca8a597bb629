import type { FlowDocument } from '@parley/runtime';
import request from 'supertest';
import { FlowStatsRollup } from '../../api/src/analytics/flow-stats-rollup';
import { FlowExecutionService } from '../../api/src/flow-execution/flow-execution.service';
import { IntakeService } from '../../api/src/flow-execution/intake.service';
import type { ProcessingWorker } from '../../api/src/flow-execution/processing-worker';
import { TurnProcessor } from '../../api/src/flow-execution/turn-processor';
import { startTestApp, type TestApp } from '../support/test-app';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../api/src/database/database-options';
import { echoFlow, publishDirect } from './support/runtime-fixtures';

const node = (id: string, type: string, config: Record<string, unknown>) => ({ id, type, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, sourceOutput: string, target: string) => ({ id, source, sourceOutput, target });
const question = (prompt: string) => ({ prompt, expect: 'email', saveTo: 'email', retries: 1, retryPrompt: 'Again.', timeout: { amount: 1, unit: 'hours' } });

/** hi → split (A/B) → a question per branch (1 h timeout, one re-ask) → answered → thanks → end. */
const abFlow = {
  schemaVersion: 1,
  triggers: [{ id: 't', kind: 'default-reply', startNodeId: 'hi', enabled: true, priority: 0 }],
  nodes: [
    node('hi', 'send-message', { text: 'hi' }),
    node('split', 'randomizer', { branches: [{ id: 'a', label: 'Short', weight: 50 }, { id: 'b', label: 'Long', weight: 50 }], sticky: true }),
    node('askA', 'ask-question', question('email A?')),
    node('askB', 'ask-question', question('email B?')),
    node('thanks', 'send-message', { text: 'thanks' }),
    node('bye', 'end', {}),
  ],
  edges: [
    edge('e1', 'hi', 'next', 'split'),
    edge('e2', 'split', 'branch:a', 'askA'),
    edge('e3', 'split', 'branch:b', 'askB'),
    edge('e4', 'askA', 'answered', 'thanks'),
    edge('e5', 'askB', 'answered', 'thanks'),
    edge('e6', 'thanks', 'next', 'bye'),
  ],
} as unknown as FlowDocument;

type Visitor = { visitorId: string; token: string };

/**
 * Counters after scripted conversations through the real pipeline (web chat → intake → engine → outbox → dispatch):
 * exact totals, per node and per edge, a rolled-back turn and duplicate deliveries/receipts not counted twice,
 * the funnel and the randomizer's A/B result.
 */
describe('flow analytics (counters kept by the runtime host)', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let workspaceId: string;
  let connectionId: string;
  let flowId: string;
  let worker: ProcessingWorker | null = null;

  const visitor = async (): Promise<Visitor> => (await request(t.server).post(`/api/webchat/${connectionId}/visitors`).expect(201)).body;
  const say = (v: Visitor, text: string, id = `${v.visitorId}:${text}`) =>
    request(t.server).post(`/api/webchat/${connectionId}/messages`).set('x-visitor-token', v.token).send({ clientMessageId: id, text }).expect(202);
  const replies = async (v: Visitor) =>
    ((await request(t.server).get(`/api/webchat/${connectionId}/messages`).set('x-visitor-token', v.token).expect(200)).body as Array<{ message: { text: string } }>).map((r) => r.message.text);
  async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (ok(v) || Date.now() > until) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const period = () => `from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 3600_000).toISOString()}`;
  const overview = async () => (await request(t.server).get(`/api/flows/${flowId}/analytics?${period()}`).set(auth).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
  });
  afterAll(async () => {
    await worker?.stop();
    await t.close();
  });
  beforeEach(async () => {
    await worker?.stop();
    worker = null;
    await t.reset();
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    workspaceId = owner.workspaces.Acme;
    auth = { Authorization: `Bearer ${(await t.login(owner.email, owner.password)).token}` };
    connectionId = (await request(t.server).post('/api/webchat/connection').set(auth).expect(201)).body.connectionId;
    flowId = await publishDirect(t, workspaceId, 'A/B', abFlow);
  });

  it('counts started/completed/dropped, nodes, edges, questions and messages exactly; funnel and A/B agree', async () => {
    const visitors = await Promise.all(Array.from({ length: 6 }, () => visitor()));
    // A turn that rolls back (a crash after the engine ran) leaves no counters: the retry counts once.
    await say(visitors[0], 'hello');
    await expect(
      t.db.transaction(async (tx) => {
        await t.app.get(TurnProcessor).process(tx, connectionId, visitors[0].visitorId);
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await t.db.query(`SELECT (SELECT count(*) FROM flow_stats) + (SELECT count(*) FROM flow_stat_deltas) AS n`)).toEqual([{ n: '0' }]);

    worker = t.app.get(FlowExecutionService).startWorker({});
    for (const v of visitors.slice(1)) await say(v, 'hello');
    // The same delivery twice: intake keeps one.
    await say(visitors[1], 'hello');
    const branchOf = new Map<Visitor, 'a' | 'b'>();
    for (const v of visitors) {
      const got = await waitFor(() => replies(v), (r) => r.length >= 2);
      branchOf.set(v, got.includes('email A?') ? 'a' : 'b');
    }
    // 0–2 answer after one invalid reply; 3–4 stay silent (their timeout is made due: dropped); 5 is invalid twice.
    for (const v of visitors.slice(0, 3)) await say(v, 'nope');
    await say(visitors[5], 'nope');
    for (const v of visitors.slice(0, 3)) await waitFor(() => replies(v), (r) => r.length >= 3);
    await waitFor(() => replies(visitors[5]), (r) => r.length >= 3);
    for (const v of visitors.slice(0, 3)) await say(v, `${v.visitorId.slice(0, 8)}@example.com`);
    await say(visitors[5], 'still nope');
    await t.db.query(
      `UPDATE timers SET fire_at = now() WHERE conversation_id IN (SELECT cv.id FROM conversations cv JOIN contacts c ON c.id = cv.contact_id WHERE c.external_id = ANY($1))`,
      [visitors.slice(3, 5).map((v) => v.visitorId)],
    );

    const settled = (o: { totals: Record<string, number>; nodes: Array<{ nodeId: string; sent: number; entered: number; outputs: Record<string, number> }> }) =>
      o.totals.completed + o.totals.dropped === 6 && (o.nodes.find((n) => n.nodeId === 'thanks')?.sent ?? 0) === 3;
    const stats = await waitFor(overview, settled);
    const inA = visitors.filter((v) => branchOf.get(v) === 'a');
    const count = (vs: Visitor[], branch: 'a' | 'b') => vs.filter((v) => branchOf.get(v) === branch).length;
    const answered = visitors.slice(0, 3);
    const silent = visitors.slice(3, 5);

    expect(stats.totals).toEqual({ started: 6, completed: 4, dropped: 2, errored: 0, handed_off: 0 });
    const byNode: Record<string, { entered: number; outputs: Record<string, number> }> = Object.fromEntries(stats.nodes.map((n) => [n.nodeId, n]));
    expect(byNode.hi).toMatchObject({ entered: 6, outputs: { next: 6 }, sent: 6, stoppedHere: 0 });
    expect(byNode.split.entered).toBe(6);
    expect(byNode.split.outputs).toEqual(Object.fromEntries((['a', 'b'] as const).filter((b) => count(visitors, b)).map((b) => [`branch:${b}`, count(visitors, b)])));
    for (const [id, b] of [['askA', 'a'], ['askB', 'b']] as const) {
      const q = byNode[id] ?? { entered: 0, answered: 0, invalid: 0, timedOut: 0 };
      expect(q).toMatchObject({
        entered: count(visitors, b),
        answered: count(answered, b),
        timedOut: count(silent, b),
        // One re-ask for each who answered; two invalid replies (a re-ask, then the "invalid" output) for visitor 5.
        invalid: count(answered, b) + (branchOf.get(visitors[5]) === b ? 2 : 0),
      });
    }
    expect(byNode.thanks).toMatchObject({ entered: 3, outputs: { next: 3 }, sent: 3 });
    expect(byNode.bye).toMatchObject({ entered: 3, stoppedHere: 3 });

    // Two rollups side by side fold every delta into flow_stats exactly once: the numbers do not move.
    await Promise.all([t.app.get(FlowStatsRollup).drain(), t.app.get(FlowStatsRollup).drain()]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM flow_stat_deltas`)).toEqual([{ n: 0 }]);
    const rolled = await overview();
    expect({ totals: rolled.totals, nodes: rolled.nodes }).toEqual({ totals: stats.totals, nodes: stats.nodes });
    // A period with whole days in it reads them from the daily totals and the hours around them: the same numbers.
    const days = `from=${new Date(Date.now() - 2 * 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`;
    const daily = (await request(t.server).get(`/api/flows/${flowId}/analytics?${days}`).set(auth).expect(200)).body;
    expect({ totals: daily.totals, nodes: daily.nodes }).toEqual({ totals: stats.totals, nodes: stats.nodes });
    expect(await t.db.query(`SELECT sum(count)::int AS n FROM flow_stats_daily WHERE node_id = '' AND metric = 'started'`)).toEqual([{ n: 6 }]);

    const funnel = (await request(t.server).get(`/api/flows/${flowId}/analytics/funnel?nodes=hi,split,thanks&${period()}`).set(auth).expect(200)).body;
    expect(funnel.steps.map((s: { conversations: number }) => s.conversations)).toEqual([6, 6, 3]);
    expect(funnel.steps[2]).toMatchObject({ fromStart: 0.5, fromPrevious: 0.5 });

    const ab = (await request(t.server).get(`/api/flows/${flowId}/analytics/ab-test?node=split&goal=thanks&${period()}`).set(auth).expect(200)).body;
    expect(ab.branches[0].pValueVsFirst).toBeNull();
    expect(ab.branches.map((b: { branchId: string; conversations: number; converted: number }) => [b.branchId, b.conversations, b.converted])).toEqual([
      ['a', inA.length, count(answered, 'a')],
      ['b', 6 - inA.length, count(answered, 'b')],
    ]);
  });

  it('counts a delivery and a read receipt once per message, however often and in whatever order they come', async () => {
    worker = t.app.get(FlowExecutionService).startWorker({});
    const v = await visitor();
    await say(v, 'hello');
    await waitFor(() => replies(v), (r) => r.length >= 2);
    const [hi] = await t.db.query(`SELECT platform_message_id FROM outbox WHERE payload->>'nodeId' = 'hi' AND status = 'sent'`);
    const connection = { id: connectionId, workspaceId, platform: 'webchat' as const, externalAccountId: 'webchat', config: {}, secrets: {}, status: 'active' as const };
    const receipt = (id: string, status: 'delivered' | 'read') => ({ kind: 'status' as const, platformEventId: id, platformTimestamp: new Date(), contactExternalId: v.visitorId, platformMessageId: hi.platform_message_id, status });
    const intake = t.app.get(IntakeService);
    await intake.accept(connection, [receipt('r1', 'read'), receipt('d1', 'delivered'), receipt('d2', 'delivered'), receipt('r2', 'read')]);
    await intake.accept(connection, [receipt('r1', 'read')]); // a redelivered webhook
    await waitFor(() => t.db.query(`SELECT count(*)::int AS n FROM inbound_events WHERE processed_at IS NULL`), (r: Array<{ n: number }>) => r[0].n === 0);
    const hiStats = (await overview()).nodes.find((n: { nodeId: string }) => n.nodeId === 'hi');
    expect(hiStats).toMatchObject({ sent: 1, delivered: 1, read: 1 });
  });

  it('stays exact with 3 workers and 2 rollups running side by side (100 conversations × 5 messages)', async () => {
    const echoId = await publishDirect(t, workspaceId, 'Echo', echoFlow);
    // The A/B flow's default-reply trigger would compete with Echo's: take it out of the live index.
    await t.db.query(`DELETE FROM live_triggers WHERE flow_id = $1`, [flowId]);
    const connection = { id: connectionId, workspaceId, platform: 'webchat' as const, externalAccountId: 'webchat', config: {}, secrets: {}, status: 'active' as const };
    const visitorIds: string[] = (await t.db.query(`INSERT INTO webchat_visitors (connection_id, token_hash) SELECT $1, md5(g::text) FROM generate_series(1, 100) g RETURNING id`, [connectionId])).map((r: { id: string }) => r.id);
    const base = Date.now() - 60_000;
    const events = visitorIds.flatMap((vid) =>
      Array.from({ length: 5 }, (_, i) => ({ kind: 'inbound' as const, platformEventId: `${vid}:${i}`, platformTimestamp: new Date(base + i * 10), contact: { externalId: vid }, event: { type: 'message-received' as const, text: `m${i}` } })),
    );
    await t.app.get(IntakeService).accept(connection, events);
    const url = (t.db.options as { url?: string }).url!;
    const pools = await Promise.all([1, 2].map(() => new DataSource(databaseOptions(url)).initialize()));
    const workers = [t.app.get(FlowExecutionService).startWorker({}), ...pools.map((ds) => t.app.get(FlowExecutionService).startWorker({}, ds))];
    let rolling = true;
    const rollups = [0, 1].map(async () => {
      while (rolling) {
        await t.app.get(FlowStatsRollup).drain();
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    try {
      const pending = () => t.db.query(`SELECT (SELECT count(*) FROM inbound_events WHERE processed_at IS NULL) + (SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')) AS n`);
      await waitFor(pending, (r: Array<{ n: string }>) => r[0].n === '0', 90_000);
    } finally {
      rolling = false;
      await Promise.all(rollups);
      for (const w of workers) await w.stop();
      for (const ds of pools) await ds.destroy();
    }
    // The rollups really ran during the burst (the read below adds what is still pending).
    expect((await t.db.query(`SELECT count(*)::int AS n FROM flow_stats`))[0].n).toBeGreaterThan(0);
    const o = (await request(t.server).get(`/api/flows/${echoId}/analytics?${period()}`).set(auth).expect(200)).body;
    const byNode = Object.fromEntries(o.nodes.map((n: { nodeId: string }) => [n.nodeId, n]));
    // Each conversation: the first message starts the run at "ask"; the 4 others answer it, "got" replies, "ask" again.
    expect(o.totals.started).toBe(100);
    expect(byNode.ask).toMatchObject({ entered: 500, outputs: { answered: 400 }, answered: 400, sent: 500, stoppedHere: 100 });
    expect(byNode.got).toMatchObject({ entered: 400, outputs: { next: 400 }, sent: 400 });
  }, 120_000);

  it('prunes node reach past the retention in batches; hourly and daily totals do not move', async () => {
    const [{ id: versionId }] = await t.db.query(`SELECT id FROM flow_versions WHERE flow_id = $1`, [flowId]);
    await t.db.query(`INSERT INTO contacts (workspace_id, connection_id, external_id) SELECT $1, $2, 'v' || g FROM generate_series(1, 2) g`, [workspaceId, connectionId]);
    await t.db.query(`INSERT INTO conversations (workspace_id, connection_id, contact_id) SELECT workspace_id, connection_id, id FROM contacts WHERE connection_id = $1`, [connectionId]);
    const [oldConversation, newConversation]: string[] = (await t.db.query(`SELECT id FROM conversations ORDER BY id`)).map((r: { id: string }) => r.id);
    // 12,000 reach rows 500 days old (more than two prune batches), 3 from 399 days ago and 3 from today.
    await t.db.query(
      `INSERT INTO conversation_node_reach (workspace_id, flow_id, flow_version_id, conversation_id, node_id, output, first_at)
       SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, 'n' || g, '', now() - interval '500 days' FROM generate_series(1, 12000) g
       UNION ALL SELECT $1, $2, $3, $4, n, '', now() - interval '399 days' FROM unnest(ARRAY['hi', 'split', 'thanks']) n
       UNION ALL SELECT $1, $2, $3, $5::uuid, n, '', now() - interval '1 minute' FROM unnest(ARRAY['hi', 'split', 'thanks']) n`,
      [workspaceId, flowId, versionId, oldConversation, newConversation],
    );
    // Counters from 500 days ago: some rolled up already, some still deltas (rolled up, never dropped, by the same loop).
    const counter = `SELECT $1::uuid, $2::uuid, $3::uuid, date_trunc('hour', now() - interval '500 days'), n, 'entered', '', 7 FROM unnest(ARRAY['hi', 'split', 'thanks']) n`;
    await t.db.query(`INSERT INTO flow_stats (workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, count) ${counter}`, [workspaceId, flowId, versionId]);
    await t.db.query(`INSERT INTO flow_stats_daily (workspace_id, flow_id, flow_version_id, day, node_id, metric, output, count) SELECT $1, $2, $3, (now() - interval '500 days')::date, n, 'entered', '', 7 FROM unnest(ARRAY['hi', 'split', 'thanks']) n`, [workspaceId, flowId, versionId]);
    await t.db.query(`INSERT INTO flow_stat_deltas (workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, count) ${counter}`, [workspaceId, flowId, versionId]);
    const totals = (table: string) => t.db.query(`SELECT node_id, metric, output, sum(count)::int AS n FROM ${table} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
    const counted = async () => {
      const [hourly, daily, deltas] = [await totals('flow_stats'), await totals('flow_stats_daily'), await totals('flow_stat_deltas')];
      const sum = (rows: Array<{ node_id: string; n: number }>) => Object.fromEntries(['hi', 'split', 'thanks'].map((id) => [id, rows.filter((r) => r.node_id === id).reduce((a, r) => a + r.n, 0)]));
      const pending = sum(deltas);
      const add = (a: Record<string, number>) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v + pending[k]]));
      return { hourly: add(sum(hourly)), daily: add(sum(daily)) };
    };
    const before = await counted();
    expect(before.hourly).toEqual({ hi: 14, split: 14, thanks: 14 });
    const funnel = async () => (await request(t.server).get(`/api/flows/${flowId}/analytics/funnel?nodes=hi,split,thanks&${period()}`).set(auth).expect(200)).body.steps;
    const recentFunnel = await funnel();
    const reachCount = async () => (await t.db.query(`SELECT count(*)::int AS n FROM conversation_node_reach`))[0].n as number;

    const rollup = t.app.get(FlowStatsRollup);
    expect(await rollup.pruneReach(0)).toBe(0); // 0 = keep forever
    expect(await reachCount()).toBe(12_006);
    await rollup.drain();
    expect(await rollup.pruneReach(400)).toBe(12_000);
    expect(await rollup.pruneReach(400)).toBe(0);
    expect(await t.db.query(`SELECT node_id, first_at > now() - interval '400 days' AS kept FROM conversation_node_reach ORDER BY 1`)).toHaveLength(6);
    expect(await counted()).toEqual(before);
    expect(await funnel()).toEqual(recentFunnel);
    // The configured default applies when none is given: 400 days keeps the 399-day rows.
    expect(await rollup.pruneReach()).toBe(0);
    expect(await rollup.pruneReach(30)).toBe(3);
    expect(await reachCount()).toBe(3);
  });

  it('refuses a bad period, an unknown version and a node that is not a randomizer', async () => {
    await request(t.server).get(`/api/flows/${flowId}/analytics?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`).set(auth).expect(400);
    await request(t.server).get(`/api/flows/${flowId}/analytics?version=9`).set(auth).expect(404);
    const res = await request(t.server).get(`/api/flows/${flowId}/analytics/ab-test?node=hi&goal=thanks`).set(auth).expect(400);
    expect(res.body.code).toBe('NOT_A_RANDOMIZER');
    await request(t.server).get(`/api/flows/${flowId}/analytics/funnel?nodes=hi`).set(auth).expect(400);
  });
});
