import 'reflect-metadata';
import { execFile, fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { signCustom } from '../../api/src/channels/custom/custom-signature';
import { startEmbeddedPostgres } from '../../api/src/database/embedded-postgres';
import { publishDirect } from '../e2e/support/runtime-fixtures';
import { createTestDatabase } from '../support/database';
import { printTable, quantile } from './support/bench-report';

/**
 * `npm run bench:runtime`: the runtime host end to end on loopback. Real processes (`api/dist/main.js` as
 * PARLEY_ROLE=api plus 1 or 2 PARLEY_ROLE=worker), the custom channel's signed webhook in, a local fake bridge
 * receiving the replies; 1, 16 and 64 concurrent senders over 10,000 contacts, one reply per DM. Then, on the same
 * PostgreSQL server, pgbench's commit ceiling for tpcb-like and for the minimal SQL one DM needs. Uses DATABASE_URL's
 * server when set, else an embedded one. pgbench comes with `postgresql-client` (Debian) / the PostgreSQL contrib
 * tools; without it the ceiling columns are empty. Bounded: about 3–4 minutes.
 */
const root = path.resolve(__dirname, '..', '..');
const CONTACTS = 10_000;
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 8_000);
const SENDERS = (process.env.BENCH_SENDERS ?? '1,16,64').split(',').map(Number);
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const SECRET = 'bench_signing_secret';
const run = promisify(execFile);

/** One reply per DM, whatever it says: the default-reply trigger answers every message. */
const replyFlow = {
  schemaVersion: 1,
  triggers: [{ id: 't', kind: 'default-reply', startNodeId: 'r', enabled: true, priority: 0 }],
  nodes: [{ id: 'r', type: 'send-message', position: { x: 0, y: 0 }, config: { text: 'got it' } }],
  edges: [],
};

interface PhaseResult {
  label: string;
  workers: number;
  senders: number | string;
  accepted: number;
  replied: number;
  seconds: number;
  ack: number[];
  reply: number[];
  cpuMs: number;
  /** PostgreSQL's own CPU per reply (every server process on this machine), when the server runs here. */
  pgCpuMs: number | null;
  /** PostgreSQL commits per reply (pg_stat_database): what batching and group commit save. */
  commitsPerDm: number;
  rssMb: number;
  errors: number;
}

async function main() {
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  if (!process.env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve(root, '.data/bench-postgres/postgres'), port: 54349, database: 'postgres' });
    process.env.PARLEY_TEST_ADMIN_URL = embedded.url;
  }
  const database = await createTestDatabase();
  const processes: ChildProcess[] = [];
  let fakeProcess: ChildProcess | undefined;
  let statsPg: Client | undefined;
  const results: PhaseResult[] = [];
  let ceilings: Record<string, Record<number, number | null>> = {};
  try {
    // The fake platform, in its own process: replies are matched to DMs per contact, first in first out (one reply
    // per DM, in order). Times are wall-clock milliseconds, comparable across the two processes.
    const outstanding = new Map<string, number[]>();
    let onReply: (latencyMs: number) => void = () => undefined;
    fakeProcess = fork(path.join(root, 'scripts', 'run-ts.js'), [path.join(__dirname, 'support', 'fake-platform-process.ts')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const forked = fakeProcess;
    const fake = await new Promise<{ url: string; host: string }>((resolve, reject) => {
      forked.on('message', (m: { url?: string; host?: string; replies?: Array<[string, number]> }) => {
        if (m.url) resolve({ url: m.url, host: m.host! });
        for (const [to, at] of m.replies ?? []) {
          const sentAt = outstanding.get(to)?.shift();
          if (sentAt !== undefined) onReply(at - sentAt);
        }
      });
      forked.once('exit', (code) => reject(new Error(`the fake platform exited with ${code}`)));
    });

    const secretKey = randomBytes(32).toString('hex');
    const env = {
      DATABASE_URL: database.url,
      PARLEY_SECRET_KEY: secretKey,
      EGRESS_ALLOW_HOSTS: fake.host,
      PARLEY_SEND_RATES: 'custom=100000',
      PARLEY_ADMIN_EMAIL: 'bench@example.com',
      PARLEY_ADMIN_PASSWORD: 'bench-password',
      LOG_LEVEL: 'warn',
    };
    const port = await freePort();
    const api = start({ ...env, PARLEY_ROLE: 'api', PORT: String(port) });
    processes.push(api);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${baseUrl}/api/ready`).catch(() => null))?.status === 200, 90_000, 'the API process');

    const login = (await (await post(`${baseUrl}/api/auth/login`, { email: env.PARLEY_ADMIN_EMAIL, password: env.PARLEY_ADMIN_PASSWORD })).json()) as { token: string };
    const created = await post(`${baseUrl}/api/channels`, { platform: 'custom', name: 'Bench', externalAccountId: 'bench', secrets: { signingSecret: SECRET }, config: { outboundUrl: `${fake.url}/replies` } }, login.token);
    const connectionId = ((await created.json()) as { id: string }).id;
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    const [{ id: workspaceId }] = (await pg.query(`SELECT id FROM workspaces LIMIT 1`)).rows;
    await publishDirect({ db: { query: async (sql: string, params: unknown[]) => (await pg.query(sql, params)).rows } } as never, workspaceId, 'Reply', replyFlow as never);
    await pg.end();

    const webhook = `${baseUrl}/api/webhooks/custom/${connectionId}`;
    // Transactions committed in the bench database (all processes; backends report them within about a second).
    statsPg = new Client({ connectionString: database.url });
    await statsPg.connect();
    const stats = statsPg;
    const commits = async () => {
      await sleep(1100);
      return Number((await stats.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`)).rows[0].xact_commit);
    };
    let seq = 0;
    /** One DM from a contact; resolves with the ack latency (or -1 when not acknowledged). */
    async function sendDm(contact: number): Promise<number> {
      const id = `c${contact}`;
      const raw = JSON.stringify({ events: [{ id: `m${++seq}-${process.pid}`, type: 'message', timestamp: Date.now(), contact: { id }, text: 'hi' }] });
      const t0 = now();
      let queue = outstanding.get(id);
      if (!queue) outstanding.set(id, (queue = []));
      queue.push(t0);
      const status = await postRaw(webhook, raw, { 'content-type': 'application/json', 'x-parley-signature': signCustom(SECRET, raw) });
      const ms = now() - t0;
      if (status !== 200) {
        queue.splice(queue.indexOf(t0), 1);
        return -1;
      }
      return ms;
    }
    const pending = () => [...outstanding.values()].reduce((n, q) => n + q.length, 0);

    async function phase(label: string, workers: number, senders: number | string, drive: (stopAt: number, ack: number[], errors: { n: number }) => Promise<number>): Promise<PhaseResult> {
      const ack: number[] = [];
      const reply: number[] = [];
      const errors = { n: 0 };
      let replied = 0;
      let windowOpen = true;
      onReply = (ms) => {
        reply.push(ms);
        if (windowOpen) replied++;
      };
      const pids = processes.map((p) => p.pid!);
      // The bench's own process plays the senders and the fake platform: its event-loop delay says whether it, not
      // the runtime, was the bottleneck.
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const cpu0 = cpuMs(pids);
      const commits0 = await commits();
      const apiCpu0 = cpuMs(pids.slice(0, 1));
      const pgCpu0 = postgresCpu();
      const t0 = performance.now();
      const accepted = await drive(Date.now() + PHASE_MS, ack, errors);
      const seconds = (performance.now() - t0) / 1000;
      windowOpen = false;
      // Drain: the DMs sent in the window are answered before the next phase (their latencies count).
      await waitFor(async () => pending() === 0, 30_000, 'the replies to drain').catch(() => undefined);
      const cpu = cpuMs(pids) - cpu0;
      const committed = (await commits()) - commits0;
      const apiCpu = cpuMs(pids.slice(0, 1)) - apiCpu0;
      const pgCpu = postgresCpu();
      const pgCpuMs = pgCpu0.size ? [...pgCpu].reduce((sum, [pid, ms]) => sum + ms - (pgCpu0.get(pid) ?? 0), 0) / Math.max(1, reply.length) : null;
      const result: PhaseResult = { label, workers, senders, accepted, replied, seconds, ack, reply, cpuMs: cpu / Math.max(1, reply.length), pgCpuMs, commitsPerDm: committed / Math.max(1, reply.length), rssMb: rssMb(pids), errors: errors.n + pending() };
      outstanding.clear();
      const perDm = (ms: number) => (ms / Math.max(1, reply.length)).toFixed(2);
      loopDelay.disable();
      console.log(
        `  ${label}: ${(accepted / seconds).toFixed(0)} DMs/s accepted, ${(replied / seconds).toFixed(0)} replies/s; CPU ms/DM api ${perDm(apiCpu)}, workers ${perDm(cpu - apiCpu)}, PostgreSQL ${pgCpuMs?.toFixed(2) ?? '—'}; bench client event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms`,
      );
      return result;
    }

    const closedLoop = (senders: number) => async (stopAt: number, ack: number[], errors: { n: number }) => {
      let accepted = 0;
      await Promise.all(
        Array.from({ length: senders }, async (_, s) => {
          // Each sender has its own contacts: a contact never has two DMs in flight from two senders.
          for (let i = 0; Date.now() < stopAt; i++) {
            const ms = await sendDm((s + i * senders) % CONTACTS);
            if (ms < 0) errors.n++;
            else {
              accepted++;
              ack.push(ms);
            }
          }
        }),
      );
      return accepted;
    };
    const paced = (perSecond: number) => async (stopAt: number, ack: number[], errors: { n: number }) => {
      let accepted = 0;
      let issued = 0;
      const inflight = new Set<Promise<void>>();
      const t0 = Date.now();
      while (Date.now() < stopAt) {
        const due = Math.floor(((Date.now() - t0) / 1000) * perSecond);
        while (issued < due && inflight.size < 64) {
          const p = sendDm(issued++ % CONTACTS).then((ms) => {
            if (ms < 0) errors.n++;
            else {
              accepted++;
              ack.push(ms);
            }
            inflight.delete(p);
          });
          inflight.add(p);
        }
        await sleep(5);
      }
      await Promise.all(inflight);
      return accepted;
    };

    for (const workers of WORKER_COUNTS) {
      while (processes.length < 1 + workers) {
        const worker = start({ ...env, PARLEY_ROLE: 'worker' });
        processes.push(worker);
        await new Promise<void>((resolve, reject) => {
          let out = '';
          worker.stdout!.on('data', (c) => /worker \d+ running/.test((out += c)) && resolve());
          worker.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${out}`)));
        });
      }
      // Warm-up (JIT, pools, contacts' first turns are heavier: the contact and conversation rows are created).
      await phase('warm-up', workers, 16, (stopAt, ack, errors) => closedLoop(16)(Math.min(stopAt, Date.now() + 3_000), ack, errors));
      const measured: PhaseResult[] = [];
      for (const senders of SENDERS) measured.push(await phase(`${workers} worker(s), ${senders} senders`, workers, senders, closedLoop(senders)));
      results.push(...measured);
      const max = Math.max(...measured.map((r) => r.replied / r.seconds));
      // BENCH_PACED_PER_S pins the paced rate (to compare runs); by default it is half the best closed-loop rate.
      const half = Number(process.env.BENCH_PACED_PER_S) || Math.max(1, Math.round(max / 2));
      results.push(await phase(`${workers} worker(s), paced ${half}/s`, workers, `paced ${half}/s`, paced(half)));
    }
    const usage = os.loadavg();
    for (const p of processes) p.kill('SIGTERM');
    await Promise.all(processes.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
    processes.length = 0;
    forked.disconnect();

    ceilings = await pgbenchCeilings(database.url);
    printResults(results, ceilings, usage);
  } finally {
    for (const p of processes) p.kill('SIGKILL');
    if (fakeProcess?.connected) fakeProcess.disconnect();
    await statsPg?.end().catch(() => undefined);
    await database.drop().catch(() => undefined);
    await embedded?.stop();
  }
}

/** Wall-clock milliseconds with sub-millisecond precision (comparable with the fake platform's process). */
const now = () => performance.timeOrigin + performance.now();

/** Keep-alive connections for the senders: node:http costs the bench client less CPU per request than fetch. */
const senderAgent = new http.Agent({ keepAlive: true, maxSockets: 128 });

/** POSTs a body and answers the status, or -1 on a network error (the body is read and dropped). */
function postRaw(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent: senderAgent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? -1));
      res.on('error', () => resolve(-1));
    });
    req.on('error', () => resolve(-1));
    req.end(body);
  });
}

function start(env: Record<string, string>): ChildProcess {
  // BENCH_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the API and worker processes.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'api', 'dist', 'main.js')], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (c) => process.stderr.write(`[${env.PARLEY_ROLE} ${child.pid}] ${c}`));
  return child;
}

/** pgbench for 1, 16 and 64 clients: the built-in tpcb-like, and one DM's minimal SQL (load, then one saving statement). */
async function pgbenchCeilings(url: string): Promise<Record<string, Record<number, number | null>>> {
  const out: Record<string, Record<number, number | null>> = { 'tpcb-like': {}, 'minimal DM': {} };
  try {
    await run('pgbench', ['--version']);
  } catch {
    console.log('pgbench not found (install postgresql-client): no ceiling.');
    return out;
  }
  const pg = new Client({ connectionString: url });
  await pg.connect();
  await pg.query(`CREATE TABLE bench_conversations (id int PRIMARY KEY, state jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
  await pg.query(`CREATE TABLE bench_messages (id bigserial PRIMARY KEY, conversation_id int NOT NULL, direction text NOT NULL, body jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
  await pg.query(`CREATE INDEX ON bench_messages (conversation_id, id)`);
  await pg.query(`INSERT INTO bench_conversations (id, state) SELECT g, '{"node":"start","vars":{}}' FROM generate_series(1, ${CONTACTS}) g`);
  await pg.end();
  const script = path.join(os.tmpdir(), `parley-minimal-dm-${process.pid}.sql`);
  fs.writeFileSync(
    script,
    `\\set c random(1, ${CONTACTS})
BEGIN;
SELECT state FROM bench_conversations WHERE id = :c FOR UPDATE;
WITH s AS (UPDATE bench_conversations SET state = jsonb_set(state, '{node}', '"r"'), updated_at = now() WHERE id = :c RETURNING id)
INSERT INTO bench_messages (conversation_id, direction, body) SELECT id, d, b::jsonb FROM s, (VALUES ('in', '{"text":"hi"}'), ('out', '{"text":"got it"}')) AS m(d, b);
END;
`,
  );
  const tps = async (args: string[]) => {
    const { stdout } = await run('pgbench', args, { maxBuffer: 1 << 20 });
    return Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  };
  await run('pgbench', ['-i', '-q', '-s', '10', url]);
  for (const clients of SENDERS) {
    const common = ['-n', '-M', 'prepared', '-T', '5', '-c', String(clients), '-j', String(Math.min(clients, 2))];
    for (const [name, extra] of [['tpcb-like', ['-b', 'tpcb-like']], ['minimal DM', ['-f', script]]] as const) {
      out[name][clients] = await tps([...common, ...extra, url]).catch((error) => {
        console.log(`pgbench ${name} -c ${clients} failed: ${String((error as { stderr?: string }).stderr ?? error).trim().split('\n').pop()}`);
        return null;
      });
    }
  }
  fs.rmSync(script, { force: true });
  return out;
}

function printResults(results: PhaseResult[], ceilings: Record<string, Record<number, number | null>>, load: number[]): void {
  const headers = ['phase', 'DMs/s accepted', 'replies/s', 'replies ÷ accepted', 'ceiling (minimal DM tps)', 'replies/s ÷ ceiling', 'ack p50/p99 ms', 'reply p50/p99 ms', 'CPU ms/DM', 'PostgreSQL CPU ms/DM', 'commits/DM ≈', 'RSS MB', 'errors'];
  const rows = results.map((r) => {
    const clients = typeof r.senders === 'number' ? r.senders : 16;
    // -c 64 can fail on a shared server (max_connections): then the highest ceiling measured stands in.
    const measured = Object.values(ceilings['minimal DM']).filter((v): v is number => v != null);
    const ceiling = ceilings['minimal DM'][clients] ?? (measured.length ? Math.max(...measured) : null);
    const acc = r.accepted / r.seconds;
    const rep = r.replied / r.seconds;
    return [
      r.label,
      acc.toFixed(0),
      rep.toFixed(0),
      (rep / acc).toFixed(2),
      ceiling === null ? '—' : `${ceiling.toFixed(0)}${ceilings['minimal DM'][clients] == null ? ' (max measured)' : ` (-c ${clients})`}`,
      ceiling === null ? '—' : (rep / ceiling).toFixed(2),
      `${q(r.ack, 0.5)} / ${q(r.ack, 0.99)}`,
      `${q(r.reply, 0.5)} / ${q(r.reply, 0.99)}`,
      r.cpuMs.toFixed(2),
      r.pgCpuMs?.toFixed(2) ?? '—',
      r.commitsPerDm.toFixed(2),
      r.rssMb.toFixed(0),
      String(r.errors),
    ];
  });
  console.log('\nRuntime host, end to end (webhook → reply at the fake platform), loopback:');
  printTable(headers, rows);
  console.log('\npgbench commit ceiling on the same server (tps, 5 s each, -M prepared):');
  printTable(['script', ...SENDERS.map((c) => `-c ${c}`)], Object.entries(ceilings).map(([name, byClients]) => [name, ...SENDERS.map((c) => (byClients[c] == null ? '—' : byClients[c]!.toFixed(0)))]));
  console.log(`\n${CONTACTS.toLocaleString('en')} contacts, ${PHASE_MS / 1000} s per phase; CPU = api + workers (utime+stime from /proc) per reply, PostgreSQL CPU = its server processes here; RSS summed; load average at the end ${load.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs.`);
  console.log('Goals: replies/s ≥ 0.5 × ceiling, replies ≥ 0.95 × accepted, ack p99 ≤ 20 ms at 16 senders, reply p99 ≤ 100 ms when paced at half the maximum rate.');
}

function q(samples: number[], p: number): string {
  if (!samples.length) return '—';
  return quantile(samples, p).toFixed(1);
}

/**
 * CPU ms of every PostgreSQL server process on this machine, by pid (empty when none runs here, e.g. a remote
 * DATABASE_URL): the server's share of a DM's cost, which the api/worker figures leave out. Backends that exit
 * during a phase drop out of the sum (the pools keep theirs open).
 */
function postgresCpu(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byPid.set(Number(entry), (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The process exited between the listing and the read.
    }
  }
  return byPid;
}

/** utime + stime of these processes, in ms (from /proc/<pid>/stat; clock ticks are 100 Hz on Linux). */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}

function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

async function post(url: string, body: unknown, token?: string): Promise<Response> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`POST ${url} → ${res.status} ${await res.text()}`);
  return res;
}

async function waitFor(probe: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
