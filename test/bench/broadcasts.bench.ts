import 'reflect-metadata';
import * as path from 'node:path';
import { BroadcastRunner } from '../../api/src/broadcasts/broadcast-runner.service';
import { startEmbeddedPostgres } from '../../api/src/database/embedded-postgres';
import { FlowExecutionService } from '../../api/src/flow-execution/flow-execution.service';
import { messengerFake } from '../fakes/messenger-fake';
import { startTestApp } from '../support/test-app';
import { printTable } from './support/bench-report';

/**
 * `npm run bench:analytics:broadcasts`: one broadcast to BENCH_CONTACTS (100,000) Messenger contacts, end to end in
 * one process: materialising the audience, queueing through the outbox (SKIP LOCKED batches, eligibility re-checked
 * under row locks), and the dispatcher's sends to the fake Send API. The connection's rate limit is raised
 * (PARLEY_SEND_RATES equivalent) so the figure is our throughput, not Messenger's. Contacts are seeded with SQL.
 */
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const PAGE = '104563219876543';
const SECRETS = { pageAccessToken: 'PAGE_TOKEN', appSecret: 'secret', verifyToken: 'v' };

async function main() {
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  if (!process.env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve(__dirname, '../../../.data/bench-postgres/postgres'), port: 54349, database: 'postgres' });
    process.env.PARLEY_TEST_ADMIN_URL = embedded.url;
  }
  const fake = await messengerFake({ pageId: PAGE, token: SECRETS.pageAccessToken }).start();
  const t = await startTestApp({
    role: 'api',
    egressAllowHosts: [fake.host],
    channelApis: { metaGraphUrl: fake.url, metaGraphVersion: 'v25.0', instagramUrl: fake.url, xUrl: fake.url, telegramUrl: fake.url },
    sendRates: { messenger: 1_000_000 },
  });
  try {
    const owner = await t.seedUser({ email: 'bench@example.com', workspaces: ['Bench'] });
    const { token } = await t.login(owner.email, owner.password);
    const workspaceId = owner.workspaces.Bench;
    const call = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${t.baseUrl}${url}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      return json;
    };
    const connection = await call('POST', '/api/channels', { platform: 'messenger', name: 'Bench page', externalAccountId: PAGE, secrets: SECRETS, config: { appId: '1' } });
    const seedStart = Date.now();
    await t.db.query(
      `WITH c AS (INSERT INTO contacts (workspace_id, connection_id, external_id, name, first_name, tags, last_inbound_at)
                  SELECT $1, $2, 'psid-' || i, 'Contact ' || i, 'C' || i, '{vip}', now() - interval '1 hour' FROM generate_series(1, $3) i RETURNING id)
       INSERT INTO conversations (workspace_id, connection_id, contact_id) SELECT $1, $2, id FROM c`,
      [workspaceId, connection.id, CONTACTS],
    );
    await t.db.query('ANALYZE');
    console.log(`seeded ${CONTACTS.toLocaleString('en')} contacts in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    const definition = { kind: 'message', message: { text: 'Hi {{contact.first_name}}, 20% off today' }, audience: { tags: ['vip'] } };
    const previewStart = Date.now();
    const preview = await call('POST', '/api/broadcasts/preview', definition);
    const previewMs = Date.now() - previewStart;
    const broadcast = await call('POST', '/api/broadcasts', { name: 'Bench', ...definition });

    const runner = t.app.get(BroadcastRunner);
    const start = Date.now();
    const materialiser = runner.startWorker({ loops: 0 });
    await materialiser.materialiseDue();
    const materialisedAt = Date.now();
    // Unbounded in flight here, so `queued` measures the job itself and `sent` the dispatcher (the product default is 1,000).
    runner.startWorker({ loops: 2, batchSize: 500, maxInFlight: Number.MAX_SAFE_INTEGER, idleMs: 100 });
    t.app.get(FlowExecutionService).startWorker({ processors: 1, dispatchers: 16 }, t.db);
    let queuedAt = 0;
    let sentAt = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const [row] = await t.db.query(
        `SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending, (SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending'))::int AS unsent,
                (SELECT count(*) FROM outbox WHERE status = 'sent')::int AS sent FROM broadcast_recipients WHERE broadcast_id = $1`,
        [broadcast.id],
      );
      if (!queuedAt && row.pending === 0) queuedAt = Date.now();
      if (queuedAt && row.unsent === 0) {
        sentAt = Date.now();
        break;
      }
      if (Date.now() - start > 30 * 60_000) throw new Error(`not done after 30 minutes: ${JSON.stringify(row)}`);
    }
    const progress = (await call('GET', `/api/broadcasts/${broadcast.id}`)).progress as Record<string, number>;
    const sends = fake.sent(/\/messages$/).length;
    const perSecond = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')}/s`;
    printTable(
      ['recipients', 'preview (eligibility) ms', 'materialise', 'queued (outbox)', 'sent (fake platform)', 'duration s'],
      [[CONTACTS.toLocaleString('en'), String(previewMs), perSecond(CONTACTS, materialisedAt - start), perSecond(CONTACTS, queuedAt - start), perSecond(progress.sent, sentAt - start), ((sentAt - start) / 1000).toFixed(1)]],
    );
    console.log(`\npreview: ${JSON.stringify(preview)}; progress: sent ${progress.sent}, failed ${progress.failed}, blocked ${progress.blocked}, uncertain ${progress.uncertain}; fake platform received ${sends} sends`);
    console.log('one process (2 broadcast loops of 500-recipient batches, 16 dispatch loops); rates are counted from the start of sending; sends are one Send API call per contact.');
    await materialiser.stop();
  } finally {
    await t.close();
    await fake.close();
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
