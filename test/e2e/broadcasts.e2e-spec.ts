import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import request from 'supertest';
import { BroadcastRunner } from '../../api/src/broadcasts/broadcast-runner.service';
import type { BroadcastWorker } from '../../api/src/broadcasts/broadcast-worker';
import { FlowExecutionService } from '../../api/src/flow-execution/flow-execution.service';
import type { ProcessingWorker } from '../../api/src/flow-execution/processing-worker';
import { Dispatcher } from '../../api/src/flow-execution/dispatcher';
import { metaSignature, waitFor } from '../fakes/channel-e2e-kit';
import type { FakeServer } from '../fakes/fake-server';
import { graphFake } from '../fakes/meta-graph-fake';
import { validateMetaMessage } from '../fakes/meta-message-shape';
import { startTestApp, type TestApp } from '../support/test-app';
import { echoFlow, publishDirect } from './support/runtime-fixtures';
import { spawnWorker, stopWorkers, type WorkerProcess } from './support/worker-processes';

const root = path.resolve(__dirname, '..', '..');
const PAGE = '104563219876543';
const PHONE = '106540352242922';
const PAGE_SECRETS = { pageAccessToken: 'PAGE_TOKEN', appSecret: 'page_app_secret', verifyToken: 'v' };
const WA_SECRETS = { accessToken: 'WA_TOKEN', appSecret: 'wa_app_secret', verifyToken: 'w' };

/** Messenger and WhatsApp Cloud API on one Graph fake; a send's recipient is `recipient.id` or `to`. */
function platformFake(): FakeServer {
  return graphFake({
    version: 'v25.0',
    tokens: { [PAGE]: PAGE_SECRETS.pageAccessToken, [PHONE]: WA_SECRETS.accessToken },
    validate: (body) =>
      body.messaging_product === 'whatsapp'
        ? body.type === 'template' && !(body.template as { name?: string } | undefined)?.name
          ? 'template.name is required'
          : null
        : validateMetaMessage(body, { maxText: 2000, unit: 'chars' }),
    success: (body, n) => ({ message_id: `m_${n}`, messages: [{ id: `wamid.${n}` }], recipient_id: (body.recipient as { id?: string } | undefined)?.id }),
  });
}
const recipientOf = (body: Record<string, unknown>) => String((body.recipient as { id?: string } | undefined)?.id ?? body.to);

describe('broadcasts', () => {
  const fake = platformFake();
  const secretKey = randomBytes(32).toString('hex');
  let t: TestApp;
  let auth: { Authorization: string };
  let workspaceId: string;
  let page: string;
  let phone: string;
  let flowWorkers: ProcessingWorker[] = [];
  let broadcastWorkers: BroadcastWorker[] = [];

  const startFlowWorker = () => flowWorkers.push(t.app.get(FlowExecutionService).startWorker({}, t.db));
  const startBroadcastWorker = (options = {}) => broadcastWorkers.push(t.app.get(BroadcastRunner).startWorker({ idleMs: 50, ...options }, t.db));
  const stopAll = async () => {
    await Promise.all([...flowWorkers, ...broadcastWorkers].map((w) => w.stop()));
    flowWorkers = [];
    broadcastWorkers = [];
  };

  async function seedContact(connectionId: string, externalId: string, opts: { hoursAgo?: number; tags?: string[]; capped?: boolean } = {}): Promise<string> {
    const [row] = await t.db.query(
      `INSERT INTO contacts (workspace_id, connection_id, external_id, name, first_name, tags, last_inbound_at, last_broadcast_at, last_broadcast_id)
       VALUES ($1, $2, $3, $3, 'Sam', $4, now() - $5::float8 * interval '1 hour', CASE WHEN $6 THEN now() - interval '1 hour' END, CASE WHEN $6 THEN gen_random_uuid() END) RETURNING id`,
      [workspaceId, connectionId, externalId, opts.tags ?? ['sale'], opts.hoursAgo ?? 1, opts.capped ?? false],
    );
    await t.db.query(`INSERT INTO conversations (workspace_id, connection_id, contact_id) VALUES ($1, $2, $3)`, [workspaceId, connectionId, row.id]);
    return row.id;
  }

  const postMessenger = (psid: string, mid: string, text: string) => {
    const raw = JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: PAGE }, timestamp: Date.now(), message: { mid, text } }] }] });
    return request(t.server).post(`/api/webhooks/messenger/${page}`).set('content-type', 'application/json').set('x-hub-signature-256', metaSignature(PAGE_SECRETS.appSecret, raw)).send(raw).expect(200);
  };
  const message = { kind: 'message', message: { text: 'Hi {{contact.first_name}}, the sale starts now', quickReplies: [{ title: 'Show me', payload: 'SALE' }] } };
  const template = { name: 'spring_sale', language: 'en_US', parameters: ['{{contact.first_name}}'] };
  const progressOf = async (id: string) => (await request(t.server).get(`/api/broadcasts/${id}`).set(auth).expect(200)).body;
  const waitDone = (id: string, ms = 20_000) => waitFor(() => progressOf(id), (b) => b.status === 'completed' && b.progress.queued === 0, ms);

  beforeAll(async () => {
    await fake.start();
    t = await startTestApp({
      role: 'api',
      secretKey,
      egressAllowHosts: [fake.host],
      channelApis: { metaGraphUrl: fake.url, metaGraphVersion: 'v25.0', instagramUrl: fake.url, xUrl: fake.url, telegramUrl: fake.url },
    });
  });
  afterAll(async () => {
    await stopAll();
    await t.close();
    await fake.close();
  });
  beforeEach(async () => {
    await stopAll();
    await t.reset();
    fake.reset();
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    workspaceId = owner.workspaces.Acme;
    auth = { Authorization: `Bearer ${(await t.login(owner.email, owner.password)).token}` };
    page = (await request(t.server).post('/api/channels').set(auth).send({ platform: 'messenger', name: 'Page', externalAccountId: PAGE, secrets: PAGE_SECRETS, config: { appId: '1' } }).expect(201)).body.id;
    phone = (await request(t.server).post('/api/channels').set(auth).send({ platform: 'whatsapp', name: 'WA', externalAccountId: PHONE, secrets: WA_SECRETS }).expect(201)).body.id;
  });

  it('previews eligibility with a reason for everyone left out: window, opt-out by a real "stop", cap, WhatsApp template', async () => {
    await seedContact(page, 'psid-in-window');
    await seedContact(page, 'psid-old', { hoursAgo: 48 });
    const stopper = await seedContact(page, 'psid-stop');
    await seedContact(page, 'psid-capped', { capped: true });
    await seedContact(phone, '16505550001', { hoursAgo: 72 });
    await seedContact(page, 'psid-other-tag', { tags: ['newsletter'] });
    await publishDirect(t, workspaceId, 'Echo', echoFlow);
    startFlowWorker();

    await postMessenger('psid-stop', 'mid-stop', 'STOP!');
    const [contact] = await waitFor(() => t.db.query(`SELECT opted_out_at, opt_out_keyword FROM contacts WHERE id = $1`, [stopper]), (r) => r[0].opted_out_at !== null);
    expect(contact.opt_out_keyword).toBe('stop');
    // The flow still answers the message (opting out concerns broadcasts only).
    await waitFor(() => fake.sent(), (s) => s.some((r) => recipientOf(r.body) === 'psid-stop'));

    const preview = (body: object) => request(t.server).post('/api/broadcasts/preview').set(auth).send({ ...message, audience: { tags: ['sale'] }, ...body }).expect(200);
    expect((await preview({})).body).toEqual({
      audience: 5,
      eligible: 1,
      ineligible: expect.arrayContaining([
        expect.objectContaining({ reason: 'WINDOW_CLOSED', count: 1 }),
        expect.objectContaining({ reason: 'OPTED_OUT', count: 1 }),
        expect.objectContaining({ reason: 'FREQUENCY_CAP', count: 1 }),
        expect.objectContaining({ reason: 'TEMPLATE_REQUIRED', count: 1 }),
      ]),
    });
    // A template only counts once WhatsApp approved it on that number.
    const created = await request(t.server).post('/api/whatsapp-templates').set(auth).send({ connectionId: phone, name: 'spring_sale', language: 'en_US', category: 'marketing', status: 'pending', body: 'Hi {{1}}' }).expect(201);
    expect((await preview({ template })).body.eligible).toBe(1);
    await request(t.server).patch(`/api/whatsapp-templates/${created.body.id}`).set(auth).send({ status: 'approved' }).expect(200);
    expect((await preview({ template })).body.eligible).toBe(2);
    await request(t.server).post('/api/whatsapp-templates').set(auth).send({ connectionId: page, name: 'x', language: 'en', category: 'marketing', status: 'approved', body: 'x' }).expect(400);

    // "start" opts back in; the cap is a workspace setting (0 = off).
    await postMessenger('psid-stop', 'mid-start', 'start');
    await waitFor(() => t.db.query(`SELECT opted_out_at FROM contacts WHERE id = $1`, [stopper]), (r) => r[0].opted_out_at === null);
    await request(t.server).put('/api/broadcasts/settings').set(auth).send({ optOutKeywords: ['Stop', 'arrêt'], optInKeywords: ['start'], frequencyCapHours: 0 }).expect(200);
    expect((await request(t.server).get('/api/broadcasts/settings').set(auth).expect(200)).body).toEqual({ optOutKeywords: ['stop', 'arret'], optInKeywords: ['start'], frequencyCapHours: 0 });
    expect((await preview({ template })).body).toMatchObject({ eligible: 4, ineligible: [{ reason: 'WINDOW_CLOSED', count: 1 }] });
  });

  it('sends each eligible contact exactly one message (WhatsApp as its template) and enforces the rules at send time', async () => {
    await seedContact(page, 'psid-a');
    await seedContact(page, 'psid-b');
    await seedContact(page, 'psid-old', { hoursAgo: 30 });
    await seedContact(phone, '16505550001', { hoursAgo: 72 });
    await request(t.server).post('/api/whatsapp-templates').set(auth).send({ connectionId: phone, name: 'spring_sale', language: 'en_US', category: 'marketing', status: 'approved', body: 'Hi {{1}}' }).expect(201);
    const first = await request(t.server).post('/api/broadcasts').set(auth).send({ name: 'Sale', ...message, template, audience: { tags: ['sale'] } }).expect(201);
    expect(first.body.status).toBe('scheduled');
    // Opted out after the preview, before the send: still left out.
    await t.db.query(`UPDATE contacts SET opted_out_at = now() WHERE external_id = 'psid-b'`);
    startBroadcastWorker();
    startFlowWorker();
    const done = await waitDone(first.body.id);
    expect(done.progress).toMatchObject({ total: 4, sent: 2, skipped: 2, pending: 0, queued: 0, done: 4 });
    expect(done.progress.reasons).toEqual(expect.arrayContaining([{ outcome: 'skipped', reason: 'OPTED_OUT', count: 1 }, { outcome: 'skipped', reason: 'WINDOW_CLOSED', count: 1 }]));
    const sent = fake.sent(/\/messages$/);
    expect(sent.map((r) => recipientOf(r.body)).sort()).toEqual(['16505550001', 'psid-a']);
    expect(sent.find((r) => r.body.to)!.body).toMatchObject({ type: 'template', template: { name: 'spring_sale', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sam' }] }] } });
    expect(sent.find((r) => r.body.recipient)!.body).toMatchObject({ message: { text: 'Hi Sam, the sale starts now', quick_replies: [expect.objectContaining({ title: 'Show me' })] } });

    // A second broadcast right away meets the frequency cap, at send time.
    const second = await request(t.server).post('/api/broadcasts').set(auth).send({ name: 'Again', ...message, template, audience: { tags: ['sale'] } }).expect(201);
    const again = await waitDone(second.body.id);
    expect(again.progress).toMatchObject({ sent: 0, skipped: 4 });
    expect(again.progress.reasons).toContainEqual({ outcome: 'skipped', reason: 'FREQUENCY_CAP', count: 2 });
    expect(fake.sent(/\/messages$/)).toHaveLength(2);
  });

  it('starts a flow for the audience through the engine', async () => {
    await seedContact(page, 'psid-a');
    await seedContact(phone, '16505550001');
    const flowId = await publishDirect(t, workspaceId, 'Echo', echoFlow);
    const created = await request(t.server).post('/api/broadcasts').set(auth).send({ name: 'Quiz', kind: 'flow', flowId, audience: {} }).expect(201);
    startBroadcastWorker();
    startFlowWorker();
    const done = await waitFor(() => progressOf(created.body.id), (b) => b.progress.sent === 1);
    expect(done.progress).toMatchObject({ total: 2, sent: 1, skipped: 1, reasons: [{ outcome: 'skipped', reason: 'TEMPLATE_REQUIRED', count: 1 }] });
    expect(fake.sent(/\/messages$/).map((r) => r.body)).toEqual([expect.objectContaining({ recipient: { id: 'psid-a' }, message: expect.objectContaining({ text: 'ready' }) })]);
    await request(t.server).post('/api/broadcasts').set(auth).send({ name: 'x', kind: 'flow', audience: {} }).expect(400);
  });

  it('pauses (taking back what was queued), resumes without duplicates, and cancels', async () => {
    for (let i = 0; i < 30; i++) await seedContact(page, `psid-${i}`);
    const created = await request(t.server).post('/api/broadcasts').set(auth).send({ name: 'Sale', ...message, audience: {} }).expect(201);
    // No dispatcher yet: the worker queues at most maxInFlight messages and waits.
    startBroadcastWorker({ batchSize: 5, maxInFlight: 5 });
    await waitFor(() => progressOf(created.body.id), (b) => b.progress.queued === 5);
    const paused = await request(t.server).post(`/api/broadcasts/${created.body.id}/pause`).set(auth).expect(200);
    expect(paused.body).toMatchObject({ status: 'paused', progress: { pending: 30, queued: 0 } });
    await request(t.server).post(`/api/broadcasts/${created.body.id}/pause`).set(auth).expect(409);
    startFlowWorker();
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sent()).toHaveLength(0);

    await request(t.server).post(`/api/broadcasts/${created.body.id}/resume`).set(auth).expect(200);
    const done = await waitDone(created.body.id);
    expect(done.progress).toMatchObject({ total: 30, sent: 30 });
    const recipients = fake.sent(/\/messages$/).map((r) => recipientOf(r.body));
    expect(new Set(recipients).size).toBe(30);
    expect(recipients).toHaveLength(30);

    await request(t.server).put('/api/broadcasts/settings').set(auth).send({ optOutKeywords: ['stop'], optInKeywords: ['start'], frequencyCapHours: 0 }).expect(200);
    await stopAll();
    fake.reset();
    const second = await request(t.server).post('/api/broadcasts').set(auth).send({ name: 'Second', ...message, audience: {} }).expect(201);
    startBroadcastWorker({ batchSize: 5, maxInFlight: 5 });
    await waitFor(() => progressOf(second.body.id), (b) => b.progress.queued === 5);
    const cancelled = await request(t.server).post(`/api/broadcasts/${second.body.id}/cancel`).set(auth).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', progress: { cancelled: 30, pending: 0, queued: 0 } });
    startFlowWorker();
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sent()).toHaveLength(0);
    await request(t.server).post(`/api/broadcasts/${second.body.id}/resume`).set(auth).expect(409);
  });

  it('waits for its scheduled time', async () => {
    await seedContact(page, 'psid-a');
    const created = await request(t.server).post('/api/broadcasts').set(auth).send({ name: 'Later', ...message, audience: {}, scheduledAt: new Date(Date.now() + 1500).toISOString() }).expect(201);
    startBroadcastWorker();
    startFlowWorker();
    await new Promise((r) => setTimeout(r, 500));
    expect((await progressOf(created.body.id)).status).toBe('scheduled');
    await waitDone(created.body.id);
    expect(fake.sent(/\/messages$/)).toHaveLength(1);
  });

  describe('a worker process killed with -9 mid-broadcast', () => {
    const workers: WorkerProcess[] = [];
    afterEach(() => stopWorkers(workers, 1000));

    it('resumes after a restart and nobody gets a second copy', async () => {
      execFileSync('npx', ['tsc', '-b', 'api'], { cwd: root, stdio: 'inherit' });
      const RECIPIENTS = 400;
      await t.db.query(
        `WITH c AS (INSERT INTO contacts (workspace_id, connection_id, external_id, name, tags, last_inbound_at)
                    SELECT $1, $2, 'psid-' || i, 'Contact ' || i, '{sale}', now() - interval '1 hour' FROM generate_series(1, $3) i RETURNING id)
         INSERT INTO conversations (workspace_id, connection_id, contact_id) SELECT $1, $2, id FROM c`,
        [workspaceId, page, RECIPIENTS],
      );
      const created = await request(t.server).post('/api/broadcasts').set(auth).send({ name: 'Crash', ...message, audience: { tags: ['sale'] } }).expect(201);
      const env = {
        DATABASE_URL: String((t.db.options as { url: string }).url),
        PARLEY_SECRET_KEY: secretKey,
        EGRESS_ALLOW_HOSTS: fake.host,
        META_GRAPH_API_URL: fake.url,
        PARLEY_SEND_RATES: 'messenger=150',
      };
      const first = spawnWorker(env);
      workers.push(first);
      await first.ready;
      await waitFor(() => fake.sent(/\/messages$/).length, (n) => n >= RECIPIENTS / 4, 30_000);
      first.child.kill('SIGKILL');
      await first.exited;
      const atKill = fake.sent(/\/messages$/).length;
      expect(atKill).toBeLessThan(RECIPIENTS);

      const second = spawnWorker(env);
      workers.push(second);
      await second.ready;
      const done = await waitDone(created.body.id, 60_000);
      const counts = new Map<string, number>();
      for (const r of fake.sent(/\/messages$/)) counts.set(recipientOf(r.body), (counts.get(recipientOf(r.body)) ?? 0) + 1);
      const duplicates = [...counts].filter(([, n]) => n > 1);
      expect(duplicates).toEqual([]);
      // A message in flight at the kill is `uncertain` (never re-sent); every other recipient got exactly one.
      const uncertain = done.progress.uncertain as number;
      expect(done.progress.sent + uncertain).toBe(RECIPIENTS);
      expect(counts.size).toBeGreaterThanOrEqual(RECIPIENTS - uncertain);
      // Bounded by what one process has `sending` at once.
      expect(uncertain).toBeLessThanOrEqual(Dispatcher.maxSending);
      console.log(`kill -9 after ${atKill} sends: ${done.progress.sent} sent, ${uncertain} uncertain, 0 duplicates`);
    }, 120_000);
  });
});
