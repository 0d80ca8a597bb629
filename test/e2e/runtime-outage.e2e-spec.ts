import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { signCustom } from '../../api/src/channels/custom/custom-signature';
import { loadConfig } from '../../api/src/config/app-config';
import { createApp } from '../../api/src/create-app';
import { runMigrations } from '../../api/src/database/run-migrations';
import { customBridgeFake } from '../fakes/custom-fake';
import { TcpProxy } from '../fakes/tcp-proxy';
import { createTestDatabase } from '../support/database';
import { echoOnceFlow, publishDirect } from './support/runtime-fixtures';
import { pool, spawnWorker, stopWorkers, type WorkerProcess } from './support/worker-processes';

const root = path.resolve(__dirname, '..', '..');
const SECRET = 'bridge_signing_secret';
const OUTAGE_MS = 10_000;

/**
 * PostgreSQL unreachable for 10 s under load. The app (PARLEY_ROLE=all) and a worker process reach the database
 * through a TCP proxy that the test cuts (established connections reset, new ones refused) and restores. While it
 * is down, intake answers 503 with a code (the platform retries), never 200-then-drop, and /api/ready is 503; after
 * it, everything accepted is answered once, in order.
 */
describe('runtime host: PostgreSQL down for 10 s during load', () => {
  const fake = customBridgeFake();
  const secretKey = randomBytes(32).toString('hex');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: TcpProxy;
  let app: INestApplication;
  let db: DataSource;
  let baseUrl: string;
  let connectionId: string;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    execFileSync('npx', ['tsc', '-b', 'api'], { cwd: root, stdio: 'inherit' });
    await fake.start();
    database = await createTestDatabase();
    const target = new URL(database.url);
    proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    target.host = `127.0.0.1:${proxy.port}`;
    const proxiedUrl = target.toString();
    const config = { ...loadConfig({ LOG_LEVEL: 'silent', PORT: '0' }), role: 'all' as const, secretKey, egressAllowHosts: [fake.host], sendRates: { custom: 5000 } };
    app = await createApp(config, proxiedUrl);
    db = app.get(DataSource);
    await runMigrations(db);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

    const [{ id: workspaceId }] = await db.query(`INSERT INTO workspaces (name) VALUES ('Acme') RETURNING id`);
    // The connection is created the way the API does, sealed with the app's key (the worker process decrypts it).
    const { ConnectionStore } = await import('../../api/src/channels/connection-store');
    const { sealed, keyId } = app.get(ConnectionStore).seal({ signingSecret: SECRET });
    [{ id: connectionId }] = await db.query(
      `INSERT INTO channel_connections (workspace_id, platform, name, external_account_id, secrets_encrypted, secrets_key_id, config)
       VALUES ($1, 'custom', 'Bridge', 'bridge', $2, $3, $4) RETURNING id`,
      [workspaceId, sealed, keyId, { outboundUrl: `${fake.url}/replies` }],
    );
    await publishDirect({ db } as never, workspaceId, 'Echo', echoOnceFlow);
    workers = [spawnWorker({ DATABASE_URL: proxiedUrl, PARLEY_SECRET_KEY: secretKey, EGRESS_ALLOW_HOSTS: fake.host, PARLEY_SEND_RATES: 'custom=5000' })];
    await Promise.all(workers.map((w) => w.ready));
  });
  afterAll(async () => {
    await stopWorkers(workers, 1000);
    await proxy?.restore();
    await app?.close();
    await proxy?.close();
    await database?.drop();
    await fake.close();
  });

  it('answers 503 while the database is down, then answers everything accepted once', async () => {
    const contacts = Array.from({ length: 40 }, (_, c) => `contact-${c}`);
    const statuses: Record<string, number> = {};
    const codes = new Set<string>();
    const acked: string[] = [];
    let outage: 'before' | 'down' | 'after' = 'before';
    const started = Date.now();
    const base = started - 60_000;
    const stopSendingAt = started + 3_000 + OUTAGE_MS + 4_000;
    // Each contact's 25 messages are spread over the whole window, so the load spans the outage however fast the
    // acks are (with a fixed short pause, a fast run had sent everything before the cut and saw no 503 at all).
    const gapMs = (stopSendingAt - started) / 25;

    const senders = pool(contacts, contacts.length, async (contact) => {
      // At most 25 per contact: one reply each stays under the anti-spam cap (30 automated messages a minute).
      for (let i = 0; Date.now() < stopSendingAt && i < 25; i++) {
        const raw = JSON.stringify({ events: [{ id: `${contact}:${i}`, type: 'message', timestamp: base + i * 10, contact: { id: contact }, text: `m${i}` }] });
        // Like a platform: a delivery not acknowledged with a 2xx is retried until it is.
        for (;;) {
          const phase = outage;
          const res = await fetch(`${baseUrl}/api/webhooks/custom/${connectionId}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-parley-signature': signCustom(SECRET, raw) },
            body: raw,
          }).catch(() => null);
          const status = res?.status ?? 0;
          // Labelled by the phase at send and at answer: a request sent before the cut may commit and get its 200.
          const key = `${phase}>${outage}:${status}`;
          statuses[key] = (statuses[key] ?? 0) + 1;
          const body = res ? ((await res.json().catch(() => ({}))) as { code?: string }) : {};
          if (status === 200) break;
          if (body.code) codes.add(body.code);
          await new Promise((r) => setTimeout(r, 250));
        }
        acked.push(`${contact}:${i}`);
        await new Promise((r) => setTimeout(r, Math.max(0, started + (i + 1) * gapMs - Date.now())));
      }
    });

    await new Promise((r) => setTimeout(r, 3_000));
    expect(fake.received.length).toBeGreaterThan(0); // replies flow before the outage
    await proxy.cut();
    outage = 'down';
    await new Promise((r) => setTimeout(r, 1_000));
    const ready = await fetch(`${baseUrl}/api/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { code: string }).code).toBe('DATABASE_UNAVAILABLE');
    await new Promise((r) => setTimeout(r, OUTAGE_MS - 1_000));
    await proxy.restore();
    outage = 'after';
    await senders;

    // Intake never said 200 while the database was unreachable, and never failed with anything but 503.
    expect(statuses['down>down:200'] ?? 0).toBe(0);
    expect(statuses['down>down:503']).toBeGreaterThan(0);
    expect(Object.keys(statuses).filter((k) => !/:(200|503)$/.test(k))).toEqual([]);
    expect([...codes]).toEqual(['DATABASE_UNAVAILABLE']);
    expect((await fetch(`${baseUrl}/api/ready`)).status).toBe(200);

    // Full recovery: every acknowledged delivery stored and processed, every reply settled (workers reconnected).
    const settled = async () => {
      const [{ n }] = await db.query(
        `SELECT (SELECT count(*) FROM inbound_events WHERE processed_at IS NULL) + (SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')) AS n`,
      );
      return Number(n);
    };
    for (let until = Date.now() + 40_000; (await settled()) > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 200));
    expect(await settled()).toBe(0);
    const stored: Array<{ id: string }> = await db.query(`SELECT platform_event_id AS id FROM inbound_events WHERE kind = 'inbound'`);
    expect(stored.map((r) => r.id).sort()).toEqual([...acked].sort());

    // Each contact: the full script in order, and at the platform every sent reply once (uncertain at most once).
    const outbox: Array<{ to: string; text: string; status: string }> = await db.query(
      `SELECT ct.external_id AS to, o.payload->'message'->>'text' AS text, o.status FROM outbox o JOIN contacts ct ON ct.id = o.contact_id ORDER BY o.id`,
    );
    const received = fake.received.filter((r) => r.path === '/replies');
    let delivered = 0;
    let uncertain = 0;
    for (const contact of contacts) {
      const n = acked.filter((id) => id.startsWith(`${contact}:`)).length;
      const rows = outbox.filter((r) => r.to === contact);
      const script = ['re: ', ...Array.from({ length: n - 1 }, (_, i) => `re: m${i + 1}`)];
      expect(rows.map((r) => r.text)).toEqual(script);
      const got = received.filter((r) => r.body.to === contact).map((r) => (r.body.message as { text: string }).text);
      let k = 0;
      for (const row of rows) {
        expect(['sent', 'uncertain']).toContain(row.status);
        if (row.status === 'uncertain') uncertain++;
        if (row.status === 'sent' || got[k] === row.text) k++; // a contact's replies all differ: an uncertain match is unambiguous
        if (row.status === 'sent') expect(got[k - 1]).toBe(row.text);
      }
      expect(k).toBe(got.length);
      delivered += got.length;
    }
    expect(delivered).toBe(received.length);
    console.log(`outage: acks ${JSON.stringify(statuses)}; ${acked.length} accepted, ${outbox.length} replies, ${uncertain} uncertain; ${Date.now() - started} ms`);
  }, 120_000);
});
