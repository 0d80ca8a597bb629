import 'reflect-metadata';
import * as path from 'node:path';
import type { FlowDocument } from '@parley/runtime';
import { startEmbeddedPostgres } from '../../api/src/database/embedded-postgres';
import { publishDirect } from '../e2e/support/runtime-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { p50p95, printTable, timed } from './support/bench-report';

/**
 * `npm run bench:analytics:dashboard`: the flow analytics dashboard queries over HTTP on a real PostgreSQL, with
 * counters and reach rows seeded as the runtime host would have written them for ≥ 1 million logged events
 * (node entries, outputs taken, messages sent/delivered/read, run outcomes) from BENCH_CONVERSATIONS conversations
 * over 30 days and 3 published versions. Seeding is set-based SQL (generate_series), so it takes seconds.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 25_000);
const NODES = 20;
const SPLIT = 3;

async function main() {
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  if (!process.env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve(__dirname, '../../../.data/bench-postgres/postgres'), port: 54349, database: 'postgres' });
    process.env.PARLEY_TEST_ADMIN_URL = embedded.url;
  }
  // HTTP only: no worker rolls the seeded deltas up, so every query also reads the not-yet-rolled-up deltas.
  const t = await startTestApp({ role: 'api' });
  try {
    const owner = await t.seedUser({ email: 'bench@example.com', workspaces: ['Bench'] });
    const { token } = await t.login(owner.email, owner.password);
    const workspaceId = owner.workspaces.Bench;
    const seedStart = Date.now();
    const flowId = await seed(t, workspaceId);
    const [{ events, deltas, stats, daily, reach }] = await t.db.query(
      `SELECT ((SELECT sum(count) FROM flow_stats) + (SELECT count(*) FROM flow_stat_deltas))::bigint AS events, (SELECT count(*) FROM flow_stat_deltas)::int AS deltas, (SELECT count(*) FROM flow_stats)::int AS stats, (SELECT count(*) FROM flow_stats_daily)::int AS daily, (SELECT count(*) FROM conversation_node_reach)::int AS reach`,
    );
    console.log(`seeded ${Number(events).toLocaleString('en')} logged events from ${CONVERSATIONS.toLocaleString('en')} conversations → ${stats.toLocaleString('en')} hourly + ${daily.toLocaleString('en')} daily counter rows (+ ${deltas.toLocaleString('en')} deltas not rolled up yet), ${reach.toLocaleString('en')} reach rows in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    const now = Date.now();
    const iso = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
    const base = `/api/flows/${flowId}/analytics`;
    const queries: Array<[string, string]> = [
      ['overview, 7 days, all versions', `${base}?from=${iso(7)}&to=${iso(0)}`],
      ['overview, 30 days, all versions', `${base}?from=${iso(30)}&to=${iso(0)}`],
      ['overview, 30 days, version 2', `${base}?from=${iso(30)}&to=${iso(0)}&version=2`],
    ['overview, last 24 hours', `${base}?from=${iso(1)}&to=${iso(0)}`],
      ['funnel n0→split→n10→n19, 30 days', `${base}/funnel?nodes=n0,n${SPLIT},n10,n19&from=${iso(30)}&to=${iso(0)}`],
      ['A/B split → goal n10, 30 days', `${base}/ab-test?node=n${SPLIT}&goal=n10&from=${iso(30)}&to=${iso(0)}`],
    ];
    const rows: string[][] = [];
    for (const [label, url] of queries) {
      await get(t, token, url); // warm-up
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) times.push(await timed(() => get(t, token, url)));
      rows.push([label, p50p95(times), Math.max(...times).toFixed(1)]);
    }
    printTable(['dashboard query (HTTP, end to end)', 'p50/p95 ms', 'max ms'], rows);
    console.log(`\n${ROUNDS} runs per query after one warm-up; goal: < 200 ms.`);
  } finally {
    await t.close();
    await embedded?.stop();
  }
}

/** n0 → n1 → n2 → split(a: n4, b: n5) → n6 → … → n19; conversations stop after a pseudo-random depth. */
function benchFlow(): FlowDocument {
  const node = (id: string, type: string, config: Record<string, unknown>) => ({ id, type, position: { x: 0, y: 0 }, config });
  const nodes = Array.from({ length: NODES }, (_, i) =>
    i === SPLIT ? node(`n${i}`, 'randomizer', { branches: [{ id: 'a', label: 'A', weight: 50 }, { id: 'b', label: 'B', weight: 50 }], sticky: true }) : node(`n${i}`, 'send-message', { text: `step ${i}` }),
  );
  const edges = [
    ['n0', 'next', 'n1'], ['n1', 'next', 'n2'], ['n2', 'next', 'n3'], ['n3', 'branch:a', 'n4'], ['n3', 'branch:b', 'n5'], ['n4', 'next', 'n6'], ['n5', 'next', 'n6'],
    ...Array.from({ length: NODES - 7 }, (_, k) => [`n${k + 6}`, 'next', `n${k + 7}`]),
  ].map(([source, sourceOutput, target], i) => ({ id: `e${i}`, source, sourceOutput, target }));
  return { schemaVersion: 1, triggers: [{ id: 't', kind: 'default-reply', startNodeId: 'n0', enabled: true, priority: 0 }], nodes, edges } as unknown as FlowDocument;
}

async function seed(t: TestApp, workspaceId: string): Promise<string> {
  const flowId = await publishDirect(t, workspaceId, 'Bench funnel', benchFlow());
  const [v1] = await t.db.query(`SELECT document, content_hash FROM flow_versions WHERE flow_id = $1`, [flowId]);
  await t.db.query(
    `INSERT INTO flow_versions (flow_id, workspace_id, number, document, content_hash, kind, published_at) SELECT $1::uuid, $2::uuid, n, $3::jsonb, $4, 'publish', now() - (30 - n * 10) * interval '1 day' FROM generate_series(2, 3) n`,
    [flowId, workspaceId, v1.document, v1.content_hash],
  );
  const [connection] = await t.db.query(
    `INSERT INTO channel_connections (workspace_id, platform, name, external_account_id, secrets_encrypted, secrets_key_id) VALUES ($1, 'webchat', 'bench', 'bench', 'x', 'x') RETURNING id`,
    [workspaceId],
  );
  await t.db.query(`INSERT INTO contacts (workspace_id, connection_id, external_id) SELECT $1::uuid, $2::uuid, 'c' || g FROM generate_series(1, $3) g`, [workspaceId, connection.id, CONVERSATIONS]);
  await t.db.query(`INSERT INTO conversations (workspace_id, connection_id, contact_id) SELECT workspace_id, connection_id, id FROM contacts WHERE connection_id = $1`, [connection.id]);
  // Each conversation: a start time spread over 30 days (version by third), a branch, and a depth (branch A goes deeper).
  await t.db.query(
    `CREATE TEMP TABLE bench_runs AS
       SELECT c.id AS conversation_id, v.id AS version_id, r.start_at, r.branch, r.depth
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS g FROM conversations WHERE connection_id = $1) c
        CROSS JOIN LATERAL (SELECT now() - interval '30 days' + (c.g::float / $2) * interval '30 days' AS start_at,
                                   CASE WHEN c.g % 2 = 0 THEN 'a' ELSE 'b' END AS branch,
                                   LEAST(${NODES - 1}, 2 + (abs(hashtext(c.g::text)) % 12) + CASE WHEN c.g % 2 = 0 THEN 5 ELSE 0 END) AS depth) r
         JOIN flow_versions v ON v.flow_id = $3 AND v.number = LEAST(3, 1 + floor(3 * c.g::float / ($2 + 1)))::int`,
    [connection.id, CONVERSATIONS, flowId],
  );
  // The path: n0..depth, where n4 is branch A's and n5 branch B's step; each step 30 s after the previous.
  await t.db.query(
    `CREATE TEMP TABLE bench_steps AS
       SELECT r.*, i AS step, 'n' || i AS node_id, r.start_at + i * interval '30 seconds' AS at, (i = r.depth) AS last
         FROM bench_runs r CROSS JOIN LATERAL generate_series(0, r.depth) i
        WHERE NOT (i = 4 AND r.branch = 'b') AND NOT (i = 5 AND r.branch = 'a')`,
  );
  await t.db.query(
    `INSERT INTO conversation_node_reach (workspace_id, flow_id, flow_version_id, conversation_id, node_id, output, first_at)
     SELECT $1::uuid, $2::uuid, version_id, conversation_id, node_id, '', at FROM bench_steps
     UNION ALL SELECT $1::uuid, $2::uuid, version_id, conversation_id, 'n${SPLIT}', 'branch:' || branch, at FROM bench_steps WHERE step = ${SPLIT}`,
    [workspaceId, flowId],
  );
  // Counters as the host writes them: entered/took per node; sent/delivered/read per message; run outcomes.
  await t.db.query(
    `INSERT INTO flow_stats (workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, count)
     SELECT $1::uuid, $2::uuid, version_id, date_trunc('hour', at), node_id, metric, output, count(*) FROM (
       SELECT version_id, at, node_id, 'entered' AS metric, '' AS output FROM bench_steps
       UNION ALL SELECT version_id, at, node_id, 'took', CASE WHEN step = ${SPLIT} THEN 'branch:' || branch ELSE 'next' END FROM bench_steps WHERE NOT last
       UNION ALL SELECT version_id, at, node_id, m.metric, '' FROM bench_steps
         CROSS JOIN LATERAL (VALUES ('sent', true), ('delivered', abs(hashtext(conversation_id::text || node_id)) % 100 < 95), ('read', abs(hashtext(conversation_id::text || node_id)) % 100 < 70)) m(metric, applies)
        WHERE step <> ${SPLIT} AND m.applies
       UNION ALL SELECT version_id, start_at, '', 'started', '' FROM bench_runs
       UNION ALL SELECT version_id, start_at + depth * interval '30 seconds', '', CASE WHEN depth = ${NODES - 1} THEN 'completed' ELSE 'dropped' END, '' FROM bench_runs
     ) e GROUP BY 1, 2, version_id, date_trunc('hour', at), node_id, metric, output`,
    [workspaceId, flowId],
  );
  // The last hour's counts still waiting for the rollup, one delta row per count as turns append them.
  await t.db.query(
    `INSERT INTO flow_stat_deltas (workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, count)
     SELECT workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, 1 FROM flow_stats, generate_series(1, count) WHERE bucket >= now() - interval '1 hour'`,
  );
  await t.db.query(`DELETE FROM flow_stats WHERE bucket >= now() - interval '1 hour'`);
  // The daily totals the rollup keeps beside the hourly counters.
  await t.db.query(
    `INSERT INTO flow_stats_daily (workspace_id, flow_id, flow_version_id, day, node_id, metric, output, count)
     SELECT workspace_id, flow_id, flow_version_id, (bucket AT TIME ZONE 'UTC')::date, node_id, metric, output, sum(count)
       FROM flow_stats GROUP BY workspace_id, flow_id, flow_version_id, (bucket AT TIME ZONE 'UTC')::date, node_id, metric, output`,
  );
  // Steady state: autovacuum has visited the tables (visibility map set, so index-only scans skip the heap).
  await t.db.query(`VACUUM ANALYZE flow_stats`);
  await t.db.query(`VACUUM ANALYZE conversation_node_reach`);
  await t.db.query(`VACUUM ANALYZE flow_stat_deltas`);
  await t.db.query(`VACUUM ANALYZE flow_stats_daily`);
  return flowId;
}

async function get(t: TestApp, token: string, url: string): Promise<unknown> {
  const res = await fetch(`${t.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
  const json = await res.json();
  if (res.status >= 400) throw new Error(`GET ${url} → ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
