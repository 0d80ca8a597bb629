import request from 'supertest';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../api/src/database/database-options';
import { FlowExecutionService } from '../../api/src/flow-execution/flow-execution.service';
import { IntakeService } from '../../api/src/flow-execution/intake.service';
import type { ProcessingWorker } from '../../api/src/flow-execution/processing-worker';
import { customBridgeFake } from '../fakes/custom-fake';
import { startTestApp, type TestApp } from '../support/test-app';
import { echoFlow, publishDirect } from './support/runtime-fixtures';

const RATE = 10;

/**
 * The per-connection send rate holds across worker processes: two workers, each with its own connection pool (as
 * two processes), share one token bucket in PostgreSQL. Per-process buckets would let twice the rate through.
 */
describe('runtime host: cluster-wide send rate per connection', () => {
  const fake = customBridgeFake();
  let t: TestApp;
  let second: DataSource;
  const workers: ProcessingWorker[] = [];

  beforeAll(async () => {
    await fake.start();
    t = await startTestApp({ role: 'api', egressAllowHosts: [fake.host], sendRates: { custom: RATE } });
    second = await new DataSource(databaseOptions((t.db.options as { url: string }).url)).initialize();
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await second.destroy();
    await t.close();
    await fake.close();
  });

  it(`sends at most ${RATE}/s (plus one second of burst) with two workers`, async () => {
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    const { token } = await t.login(owner.email, owner.password);
    const created = await request(t.server)
      .post('/api/channels')
      .set('Authorization', `Bearer ${token}`)
      .send({ platform: 'custom', name: 'Bridge', externalAccountId: 'bridge', secrets: { signingSecret: 's3cret' }, config: { outboundUrl: `${fake.url}/replies` } })
      .expect(201);
    await publishDirect(t, owner.workspaces.Acme, 'Echo', echoFlow);
    const connection = { id: created.body.id, workspaceId: owner.workspaces.Acme, platform: 'custom' as const, externalAccountId: 'bridge', config: {}, secrets: {}, status: 'active' as const };
    // 40 contacts, one message each: 40 replies, each conversation free to go to either worker.
    await t.app.get(IntakeService).accept(
      connection,
      Array.from({ length: 40 }, (_, i) => ({ kind: 'inbound' as const, platformEventId: `e${i}`, platformTimestamp: new Date(), contact: { externalId: `c${i}` }, event: { type: 'message-received' as const, text: 'hi' } })),
    );
    const arrivals: number[] = [];
    const seen = fake.received.length;
    const fx = t.app.get(FlowExecutionService);
    workers.push(fx.startWorker({}, t.db), fx.startWorker({}, second));
    const until = Date.now() + 30_000;
    while (arrivals.length < 40 && Date.now() < until) {
      while (fake.received.length > seen + arrivals.length) arrivals.push(Date.now());
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(arrivals).toHaveLength(40);
    // A full bucket (RATE), then RATE per second: 40 sends take about (40 − RATE) / RATE = 3 s (less the refill while the
    // first ones trickle out). Two per-process buckets would take (40 − 2·RATE) / (2·RATE) = 1 s.
    expect(arrivals[39] - arrivals[0]).toBeGreaterThanOrEqual(2000);
    // In any one second: at most the burst plus a second's refill (per-process buckets would allow twice that).
    const busiest = Math.max(...arrivals.map((a) => arrivals.filter((b) => b >= a && b < a + 1000).length));
    expect(busiest).toBeLessThanOrEqual(2 * RATE + 1);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'sent'`);
    expect(n).toBe(40);
  });
});
