import { createHmac } from 'node:crypto';
import request from 'supertest';
import type { ChannelConnection } from '../../api/src/channels/channel-adapter';
import { ChannelRegistry } from '../../api/src/channels/channel-registry';
import { FlowExecutionService } from '../../api/src/flow-execution/flow-execution.service';
import type { ProcessingWorker } from '../../api/src/flow-execution/processing-worker';
import { startTestApp, type TestApp } from '../support/test-app';
import type { FakeServer } from './fake-server';

/** What every channel e2e needs: the app pointed at a fake platform, an owner, and a few probes. */
export interface ChannelHarness {
  t: TestApp;
  token: string;
  workspaceId: string;
  auth: { Authorization: string };
  registry: ChannelRegistry;
  startWorker(): ProcessingWorker;
  stopWorkers(): Promise<void>;
  connect(body: Record<string, unknown>): Promise<string>;
  load(connectionId: string): Promise<ChannelConnection>;
  inboundRows(): Promise<Array<{ platform_event_id: string; kind: string; contact_external_id: string; payload: Record<string, unknown> }>>;
  webhook(platform: string, connectionId: string): string;
}

/** A channel spec's harness, with the connection made before each test (reassignable: a test may replace it). */
export interface ChannelSpecHarness extends ChannelHarness {
  connectionId: string;
}

/**
 * Registers what every channel spec does around its tests: the fake and the app started once; before each test
 * empty tables, a fresh owner and the connection `connection` describes (a body for `POST /api/channels`; a function
 * when it needs the fake's URL, known only once started); everything closed afterwards. Call it at the top of a `describe`; the harness is filled in by `beforeAll`.
 */
export function useChannelHarness(fake: FakeServer, connection: Record<string, unknown> | (() => Record<string, unknown>)): ChannelSpecHarness {
  const h = { connectionId: '' } as ChannelSpecHarness;
  beforeAll(async () => {
    await fake.start();
    await startChannelHarness(fake, h);
  });
  afterAll(async () => {
    // Guarded: when beforeAll failed, jest still runs this.
    if (h.t) {
      await h.stopWorkers();
      await h.t.close();
    }
    await fake.close();
  });
  beforeEach(async () => {
    await resetHarness(h, fake);
    h.connectionId = await h.connect(typeof connection === 'function' ? connection() : connection);
  });
  return h;
}

/**
 * A webhook delivery to the spec's connection: `body` as JSON (a string is sent as it is, byte for byte), with the
 * headers `sign` makes from the raw text (the platform's signature).
 */
export function postWebhook(h: ChannelSpecHarness, platform: string, body: unknown, sign: (raw: string) => Record<string, string> = () => ({})) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return request(h.t.server).post(h.webhook(platform, h.connectionId)).set('content-type', 'application/json').set(sign(raw)).send(raw);
}

/** A Messenger, Instagram or WhatsApp delivery signed with `X-Hub-Signature-256` under `appSecret`. */
export function postMetaWebhook(h: ChannelSpecHarness, platform: 'messenger' | 'instagram' | 'whatsapp', body: unknown, appSecret: string) {
  return postWebhook(h, platform, body, (raw) => ({ 'x-hub-signature-256': metaSignature(appSecret, raw) }));
}

/** Asserts a status, showing the body when it differs (a media download's error says why). */
export function expectStatus<T extends { status: number; body: unknown }>(res: T, status: number): T {
  expect([res.status, res.status === status ? '' : String(res.body)]).toEqual([status, '']);
  return res;
}

/**
 * Boots the app (API role: workers start only when a test asks) with every platform base URL on the fake.
 * `into`: the object to fill (useChannelHarness hands out its harness before the app exists).
 */
export async function startChannelHarness(fake: FakeServer, into: Partial<ChannelHarness> = {}): Promise<ChannelHarness> {
  const t = await startTestApp({
    role: 'api',
    egressAllowHosts: [fake.host],
    channelApis: { metaGraphUrl: fake.url, metaGraphVersion: 'v25.0', instagramUrl: fake.url, xUrl: fake.url, telegramUrl: fake.url },
  });
  const workers: ProcessingWorker[] = [];
  const harness: ChannelHarness = Object.assign(into, {
    t,
    token: '',
    workspaceId: '',
    auth: { Authorization: '' },
    registry: t.app.get(ChannelRegistry),
    startWorker() {
      const worker = t.app.get(FlowExecutionService).startWorker({}, t.db);
      workers.push(worker);
      return worker;
    },
    async stopWorkers() {
      while (workers.length) await workers.pop()!.stop();
    },
    async connect(body) {
      const res = await request(t.server).post('/api/channels').set(harness.auth).send(body);
      if (res.status !== 201) throw new Error(`connect failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    async load(connectionId) {
      return (await harness.registry.loadConnection(connectionId))!;
    },
    inboundRows: () => t.db.query(`SELECT platform_event_id, kind, contact_external_id, payload FROM inbound_events ORDER BY id`),
    webhook: (platform: string, connectionId: string) => `/api/webhooks/${platform}/${connectionId}`,
  } satisfies ChannelHarness);
  return harness;
}

/** Between tests: empty tables, a fresh owner. */
export async function resetHarness(h: ChannelHarness, fake: FakeServer): Promise<void> {
  await h.stopWorkers();
  await h.t.reset();
  fake.reset();
  const owner = await h.t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
  h.workspaceId = owner.workspaces.Acme;
  h.token = (await h.t.login(owner.email, owner.password)).token;
  h.auth = { Authorization: `Bearer ${h.token}` };
}

export function metaSignature(secret: string, raw: string): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

export async function waitFor<T>(probe: () => Promise<T> | T, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const node = (id: string, type: string, config: Record<string, unknown>) => ({ id, type, position: { x: 0, y: 0 }, config });

/** "menu" → three buttons and a quick reply; each tap answers with its name (native buttons, degradation, payload routing). */
export const menuFlow = {
  schemaVersion: 1,
  triggers: [{ id: 't', kind: 'keyword', startNodeId: 'menu', keywords: [{ value: 'menu', mode: 'is' }], enabled: true, priority: 5 }],
  nodes: [
    node('menu', 'send-message', {
      text: 'How can we help?',
      buttons: ['Orders', 'Returns', 'Hours'].map((title) => ({ id: title.toLowerCase(), title, kind: 'postback' })),
      quickReplies: [{ id: 'human', title: 'Human' }],
    }),
    ...['orders', 'returns', 'hours', 'human'].map((id) => node(`r-${id}`, 'send-message', { text: `You chose ${id}` })),
  ],
  edges: ['orders', 'returns', 'hours', 'human'].map((id) => ({ id: `e-${id}`, source: 'menu', sourceOutput: id === 'human' ? 'quick-reply:human' : `button:${id}`, target: `r-${id}` })),
};

/**
 * An agent's download of attachment `index` of the inbound message `platformEventId`, once a worker has put the
 * message in a conversation. Resolves with the raw response (body as bytes).
 */
export async function downloadAttachment(h: ChannelHarness, platformEventId: string, index = 0) {
  const rows = await waitFor(
    () => h.t.db.query(`SELECT id::text AS id, conversation_id AS "conversationId" FROM inbound_events WHERE platform_event_id = $1 AND conversation_id IS NOT NULL`, [platformEventId]),
    (r: Array<{ id: string; conversationId: string }>) => r.length > 0,
  );
  if (!rows.length) throw new Error(`message ${platformEventId} never reached a conversation`);
  const { id, conversationId } = rows[0];
  return request(h.t.server)
    .get(`/api/inbox/conversations/${conversationId}/messages/${id}/attachments/${index}`)
    .set(h.auth)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}
