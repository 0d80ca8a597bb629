import 'reflect-metadata';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../api/src/database/embedded-postgres';
import { largeFlow } from '../support/large-flow';
import { startTestApp } from '../support/test-app';
import { p50p95, printTable, timed } from './support/bench-report';

/**
 * `npm run bench:flows`: save, load, publish (validation included) and diff over real HTTP on a real PostgreSQL,
 * for 1,000- and 5,000-node flows. Uses DATABASE_URL's server when set, else an embedded one.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

async function main() {
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  if (!process.env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve(__dirname, '../../../.data/bench-postgres/postgres'), port: 54349, database: 'postgres' });
    process.env.PARLEY_TEST_ADMIN_URL = embedded.url;
  }
  const t = await startTestApp();
  const rows: string[][] = [];
  try {
    const owner = await t.seedUser({ email: 'bench@example.com', workspaces: ['Bench'] });
    const { token } = await t.login(owner.email, owner.password);
    const call = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${t.baseUrl}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
      if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      return json!;
    };
    for (const size of [1_000, 5_000]) {
      const flow = await call('POST', '/api/flows', { name: `Bench ${size}` });
      const id = flow.id as string;
      let revision = 1;
      const bytes = JSON.stringify(largeFlow(size)).length;
      const save: number[] = [];
      const load: number[] = [];
      const publish: number[] = [];
      const diff: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const document = largeFlow(size, ` (${round})`);
        save.push(await timed(async () => (revision = (await call('PUT', `/api/flows/${id}/draft`, { revision, document })).revision as number)));
        load.push(await timed(() => call('GET', `/api/flows/${id}`)));
        publish.push(await timed(() => call('POST', `/api/flows/${id}/publish`, { notes: `round ${round}` })));
        if (round > 0) diff.push(await timed(() => call('GET', `/api/flows/${id}/diff?from=${round}&to=${round + 1}`)));
      }
      rows.push([`${size.toLocaleString('en')} nodes (${(bytes / 1e6).toFixed(1)} MB)`, p50p95(save, 0), p50p95(load, 0), p50p95(publish, 0), p50p95(diff, 0)]);
    }
  } finally {
    await t.close();
    await embedded?.stop();
  }
  printTable(['flow', 'save p50/p95 ms', 'load p50/p95 ms', 'publish p50/p95 ms', 'diff p50/p95 ms'], rows);
  console.log(`\n${ROUNDS} rounds per size; publish includes validateFlow, hashing, the version row and the trigger index.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
