import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import request from 'supertest';
import { signCustom } from '../../api/src/channels/custom/custom-signature';
import { Dispatcher } from '../../api/src/flow-execution/dispatcher';
import { customBridgeFake } from '../fakes/custom-fake';
import { startTestApp, type TestApp } from '../support/test-app';
import { echoOnceFlow, publishDirect } from './support/runtime-fixtures';
import { pool, spawnWorker, stopWorkers, type WorkerProcess } from './support/worker-processes';

const root = path.resolve(__dirname, '..', '..');
const SECRET = 'bridge_signing_secret';
const CONTACTS = 200;
const PER_CONTACT = 10;

/**
 * kill -9 of a worker process in the middle of a 2,000-message burst, with real worker processes
 * (`PARLEY_ROLE=worker`) on one PostgreSQL and the custom channel's fake bridge as the platform: nothing accepted is
 * lost, nothing is sent twice, every reply not marked `uncertain` reaches the platform exactly once, in order.
 */
describe('runtime host: kill -9 of a worker mid-burst', () => {
  const fake = customBridgeFake();
  const secretKey = randomBytes(32).toString('hex');
  let t: TestApp;
  let connectionId: string;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    execFileSync('npx', ['tsc', '-b', 'api'], { cwd: root, stdio: 'inherit' });
    await fake.start();
    t = await startTestApp({ role: 'api', secretKey, egressAllowHosts: [fake.host] });
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    const { token } = await t.login(owner.email, owner.password);
    const res = await request(t.server)
      .post('/api/channels')
      .set('Authorization', `Bearer ${token}`)
      .send({ platform: 'custom', name: 'Bridge', externalAccountId: 'bridge', secrets: { signingSecret: SECRET }, config: { outboundUrl: `${fake.url}/replies` } })
      .expect(201);
    connectionId = res.body.id;
    await publishDirect(t, owner.workspaces.Acme, 'Echo', echoOnceFlow);
  });
  afterAll(async () => {
    await stopWorkers(workers, 1000);
    await t?.close();
    await fake.close();
  });

  it('loses nothing, sends nothing twice and keeps each conversation in order', async () => {
    const env = {
      DATABASE_URL: String((t.db.options as { url: string }).url),
      PARLEY_SECRET_KEY: secretKey,
      EGRESS_ALLOW_HOSTS: fake.host,
      PARLEY_SEND_RATES: 'custom=5000',
      // The test server is shared: keep 3 workers' connections well under its max_connections.
      PARLEY_DB_POOL_MAX: '10',
    };
    workers = [spawnWorker(env), spawnWorker(env), spawnWorker(env)];
    await Promise.all(workers.map((w) => w.ready));

    const started = Date.now();
    const base = started - 60_000;
    const statuses = new Map<number, number>();
    let acked = 0;
    let killedAt = -1;
    const contacts = Array.from({ length: CONTACTS }, (_, c) => `contact-${c}`);
    // Each contact's messages go one after another (a platform delivers a conversation in order, mostly); contacts in parallel.
    await pool(contacts, 48, async (contact) => {
      for (let i = 0; i < PER_CONTACT; i++) {
        const raw = JSON.stringify({ events: [{ id: `${contact}:${i}`, type: 'message', timestamp: base + i * 10, contact: { id: contact }, text: `m${i}` }] });
        let status = 0;
        // A platform retries what was not acknowledged with a 2xx (a 503 when the pool is saturated); so do we.
        for (let attempt = 0; status !== 200 && attempt < 30; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, 200));
          const res = await fetch(`${t.baseUrl}/api/webhooks/custom/${connectionId}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-parley-signature': signCustom(SECRET, raw) },
            body: raw,
          });
          status = res.status;
          await res.arrayBuffer();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
        if (status === 200) acked++;
        // kill -9 once replies are flowing: sends are in flight and conversations are claimed.
        if (killedAt < 0 && (fake.received.length >= 200 || acked >= 800)) {
          killedAt = fake.received.length;
          workers[0].child.kill('SIGKILL');
        }
      }
    });
    expect(acked).toBe(CONTACTS * PER_CONTACT);
    // Intake answers 200, or 503 when the database cannot take it now (never a 500 a platform may give up on).
    expect([...statuses.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);
    if (killedAt < 0) {
      killedAt = fake.received.length;
      workers[0].child.kill('SIGKILL');
    }
    expect(await workers[0].exited).toBeNull(); // died of the signal

    // Done when every event is processed and every outbox row has reached a final state (the dead worker's lease expires first).
    const settled = async () => {
      const [{ pending }] = await t.db.query(`SELECT count(*)::int AS pending FROM inbound_events WHERE processed_at IS NULL`);
      const [{ open }] = await t.db.query(`SELECT count(*)::int AS open FROM outbox WHERE status IN ('pending', 'sending')`);
      return pending + open;
    };
    for (let until = Date.now() + 60_000; (await settled()) > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 200));
    expect(await settled()).toBe(0);

    // Zero inbound lost: every delivery stored once and processed.
    const [{ n: stored }] = await t.db.query(`SELECT count(*)::int AS n FROM inbound_events WHERE kind = 'inbound'`);
    expect(stored).toBe(CONTACTS * PER_CONTACT);

    // Every conversation's outbox is the full expected script, in order (the engine ran each message once, in order).
    const outbox: Array<{ to: string; text: string; status: string }> = await t.db.query(
      `SELECT ct.external_id AS to, o.payload->'message'->>'text' AS text, o.status FROM outbox o JOIN contacts ct ON ct.id = o.contact_id ORDER BY o.id`,
    );
    const script = ['re: ', ...Array.from({ length: PER_CONTACT - 1 }, (_, i) => `re: m${i + 1}`)];
    const byContact = group(outbox, (r) => r.to);
    expect(byContact.size).toBe(CONTACTS);
    for (const rows of byContact.values()) expect(rows.map((r) => r.text)).toEqual(script);
    const finals = countBy(outbox, (r) => r.status);
    expect(Object.keys(finals).sort()).toEqual(Object.keys(finals).filter((s) => s === 'sent' || s === 'uncertain').sort());

    // At the platform: per contact, the sent rows arrive exactly once each and in order; an uncertain one at most once.
    const received = group(fake.received.filter((r) => r.path === '/replies'), (r) => String(r.body.to));
    let uncertainDelivered = 0;
    for (const [contact, rows] of byContact) {
      const got = (received.get(contact) ?? []).map((r) => (r.body.message as { text: string }).text);
      let k = 0;
      for (const row of rows) {
        if (row.status === 'sent') {
          expect(got[k]).toBe(row.text);
          k++;
        } else if (got[k] === row.text) {
          // Every reply of a contact is distinct, so this match is unambiguous.
          uncertainDelivered++;
          k++;
        }
      }
      expect(k).toBe(got.length); // nothing extra: no duplicates
    }
    const total = fake.received.filter((r) => r.path === '/replies').length;
    expect(total).toBe((finals.sent ?? 0) + uncertainDelivered);
    // The kill left at most a few messages in flight: uncertain ones are bounded by the dead worker's concurrency.
    expect(finals.uncertain ?? 0).toBeLessThanOrEqual(Dispatcher.maxSending);
    console.log(
      `kill -9 after ${killedAt} sends: ${outbox.length} replies (${JSON.stringify(finals)}), ${uncertainDelivered} uncertain delivered, acks ${JSON.stringify(Object.fromEntries(statuses))}, ${Date.now() - started} ms`,
    );
  }, 150_000);
});

function group<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
}

function countBy<T>(rows: T[], key: (r: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return out;
}
