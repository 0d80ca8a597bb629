import type { DataSource } from 'typeorm';
import type { ChannelConnection, SendResult } from '../../api/src/channels/channel-adapter';
import { EgressClient } from '../../api/src/egress/egress-client';
import { Dispatcher } from '../../api/src/flow-execution/dispatcher';
import { RateLimiter } from '../../api/src/flow-execution/rate-limiter';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The dispatcher's batches: one claim leases many conversations and shares its statements between them. Each
 * conversation still gets exactly its own messages, in order, one at a time; a transient failure holds back only
 * its own conversation (and never reorders it); decisions on earlier rows (uncertain, blocked) do not stop later
 * messages that may go out. The platform is a stub adapter recording what it got, with per-contact concurrency.
 */
describe('runtime host: the dispatcher claims conversations in batches', () => {
  let t: TestApp;
  let workspaceId: string;
  let connectionId: string;
  const received: Array<{ to: string; text: string }> = [];
  const inFlight = new Map<string, number>();
  let overlapping = 0;
  let sendingNow = 0;
  let mostSending = 0;
  /** `<contact>/<text>` → how many more attempts answer a transient error. */
  const failures = new Map<string, number>();
  let statements = 0;

  const adapter = {
    async send(_connection: ChannelConnection, target: { contactExternalId: string }, message: { text: string }): Promise<SendResult> {
      const to = target.contactExternalId;
      inFlight.set(to, (inFlight.get(to) ?? 0) + 1);
      if (inFlight.get(to)! > 1) overlapping++;
      mostSending = Math.max(mostSending, ++sendingNow);
      // Uneven send times, so conversations finish out of order within a round.
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 8)));
      inFlight.set(to, inFlight.get(to)! - 1);
      sendingNow--;
      const key = `${to}/${message.text}`;
      if ((failures.get(key) ?? 0) > 0) {
        failures.set(key, failures.get(key)! - 1);
        return { ok: false, kind: 'transient', message: 'platform hiccup', retryAfterMs: 300 };
      }
      received.push({ to, text: message.text });
      return { ok: true, platformMessageId: `pm-${received.length}` };
    },
  };

  function dispatcher(owner: string): Dispatcher {
    const connection = { id: connectionId, workspaceId, platform: 'custom', externalAccountId: 'bridge', config: {}, secrets: {}, status: 'active' } as ChannelConnection;
    // Counts the dispatcher's round trips to PostgreSQL.
    const db = { query: (sql: string, params?: unknown[]) => (statements++, t.db.query(sql, params)), transaction: t.db.transaction.bind(t.db) } as unknown as DataSource;
    return new Dispatcher(db, { adapterFor: () => adapter as never, loadConnection: async () => connection }, new EgressClient(), owner, new RateLimiter({ custom: 100_000 }));
  }

  /** Conversations with `texts` each queued for dispatch; answers the contacts' external ids in creation order. */
  async function seed(count: number, texts: string[], tag = ''): Promise<string[]> {
    const contacts: string[] = [];
    for (let i = 0; i < count; i++) {
      const externalId = `contact-${String(i).padStart(3, '0')}${tag}`;
      const [contact] = await t.db.query(`INSERT INTO contacts (workspace_id, connection_id, external_id, last_inbound_at) VALUES ($1, $2, $3, now()) RETURNING id`, [
        workspaceId,
        connectionId,
        externalId,
      ]);
      const [conversation] = await t.db.query(`INSERT INTO conversations (workspace_id, connection_id, contact_id) VALUES ($1, $2, $3) RETURNING id`, [workspaceId, connectionId, contact.id]);
      await addOutbox(conversation.id, contact.id, texts);
      await t.db.query(`INSERT INTO dispatch_queue (conversation_id) VALUES ($1)`, [conversation.id]);
      contacts.push(externalId);
    }
    return contacts;
  }

  async function addOutbox(conversationId: string, contactId: string, texts: string[], options: { automated?: boolean; status?: string } = {}): Promise<void> {
    for (const text of texts) {
      await t.db.query(
        `INSERT INTO outbox (workspace_id, conversation_id, connection_id, contact_id, kind, automated, payload, status) VALUES ($1, $2, $3, $4, 'message', $5, $6, $7)`,
        [workspaceId, conversationId, connectionId, contactId, options.automated ?? true, { message: { type: 'text', text } }, options.status ?? 'pending'],
      );
    }
  }

  const conversationOf = async (externalId: string) =>
    (await t.db.query(`SELECT c.id, c.contact_id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE ct.external_id = $1`, [externalId]))[0] as { id: string; contact_id: string };
  const outboxOf = async (externalId: string) =>
    (await t.db.query(
      `SELECT o.payload->'message'->>'text' AS text, o.status, o.attempts, o.error FROM outbox o JOIN contacts ct ON ct.id = o.contact_id WHERE ct.external_id = $1 ORDER BY o.id`,
      [externalId],
    )) as Array<{ text: string; status: string; attempts: number; error: string | null }>;
  const sentTo = (externalId: string) => received.filter((r) => r.to === externalId).map((r) => r.text);

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await t.reset();
    const owner = await t.seedUser({ email: 'owner@example.com', workspaces: ['Acme'] });
    workspaceId = owner.workspaces.Acme;
    [{ id: connectionId }] = await t.db.query(
      `INSERT INTO channel_connections (workspace_id, platform, name, external_account_id, secrets_encrypted, secrets_key_id) VALUES ($1, 'custom', 'Bridge', 'bridge', 'x', 'x') RETURNING id`,
      [workspaceId],
    );
    received.length = 0;
    failures.clear();
    overlapping = 0;
    mostSending = 0;
    statements = 0;
  });
  const defaultMaxSending = Dispatcher.maxSending;
  afterEach(() => {
    Dispatcher.maxSending = defaultMaxSending;
  });

  it('one reply each to many conversations: one claim, three statements, every reply once', async () => {
    Dispatcher.maxSending = 32;
    const contacts = await seed(20, ['hello']);
    expect(await dispatcher('w1').dispatchOne()).toBe(true);
    // Claim (with the outbox read), mark `sending`, then the outcomes with the release: for the whole batch.
    expect(statements).toBe(3);
    expect(mostSending).toBe(20);
    expect(received.map((r) => r.to).sort()).toEqual([...contacts].sort());
    const [{ sent }] = await t.db.query(`SELECT count(*)::int AS sent FROM outbox WHERE status = 'sent' AND platform_message_id IS NOT NULL AND sent_at IS NOT NULL`);
    expect(sent).toBe(20);
    // Drained and unchanged since the claim: the queue rows are gone.
    expect(await t.db.query(`SELECT * FROM dispatch_queue`)).toEqual([]);
    expect(await dispatcher('w1').dispatchOne()).toBe(false);
  });

  it('sends at most maxSending messages at once per process: the claim goes out in groups', async () => {
    Dispatcher.maxSending = 8;
    const contacts = await seed(20, ['hello']);
    expect(await dispatcher('w1').dispatchOne()).toBe(true);
    // With 8, a process killed mid-send leaves at most 8 messages `uncertain`: groups of 8, 8 and 4, each marked and recorded.
    expect(mostSending).toBe(8);
    expect(statements).toBe(1 + 3 * 2 + 1);
    expect(received.map((r) => r.to).sort()).toEqual([...contacts].sort());
    expect(await t.db.query(`SELECT * FROM dispatch_queue`)).toEqual([]);
  });

  it('keeps each conversation in order; a transient failure holds back only its own conversation', async () => {
    Dispatcher.maxSending = 32;
    const contacts = await seed(24, ['m0', 'm1', 'm2', 'm3']);
    const flaky = contacts[5];
    failures.set(`${flaky}/m1`, 1);
    // A conversation whose first message was in flight when a process died, and one handed to an agent whose only
    // message that may still go out is the agent's own (not automated).
    const [crashed, handedOff] = await seed(2, [], '-special');
    const c1 = await conversationOf(crashed);
    await addOutbox(c1.id, c1.contact_id, ['lost'], { status: 'sending' });
    await addOutbox(c1.id, c1.contact_id, ['after']);
    const c2 = await conversationOf(handedOff);
    await t.db.query(`UPDATE conversations SET status = 'handed-off' WHERE id = $1`, [c2.id]);
    await addOutbox(c2.id, c2.contact_id, ['bot 1', 'bot 2']);
    await addOutbox(c2.id, c2.contact_id, ['from the agent'], { automated: false });

    expect(await dispatcher('w1').dispatchOne()).toBe(true);
    expect(overlapping).toBe(0);
    for (const contact of contacts) if (contact !== flaky) expect(sentTo(contact)).toEqual(['m0', 'm1', 'm2', 'm3']);
    // The flaky conversation stopped at its failed message: back to pending, its later ones not overtaking it.
    expect(sentTo(flaky)).toEqual(['m0']);
    expect((await outboxOf(flaky)).map((r) => [r.text, r.status, r.attempts])).toEqual([
      ['m0', 'sent', 1],
      ['m1', 'pending', 1],
      ['m2', 'pending', 0],
      ['m3', 'pending', 0],
    ]);
    expect((await outboxOf(flaky))[1].error).toBe('platform hiccup');
    expect(sentTo(crashed)).toEqual(['after']);
    expect((await outboxOf(crashed)).map((r) => r.status)).toEqual(['uncertain', 'sent']);
    expect(sentTo(handedOff)).toEqual(['from the agent']);
    expect((await outboxOf(handedOff)).map((r) => r.status)).toEqual(['blocked', 'blocked', 'sent']);
    // The claim's statements are per round (four messages each → four rounds of mark + record), not per
    // conversation; the decisions (uncertain, blocked) ride with the first mark, and the last round's record with
    // the release.
    expect(statements).toBe(1 + 4 * 2);

    // Only the flaky conversation is still queued, free, and ready at its retry time.
    const queued = await t.db.query(`SELECT conversation_id, lease_owner, ready_at > now() AS later FROM dispatch_queue`);
    expect(queued).toEqual([{ conversation_id: (await conversationOf(flaky)).id, lease_owner: null, later: true }]);
    expect(await dispatcher('w2').dispatchOne()).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect(await dispatcher('w2').dispatchOne()).toBe(true);
    expect(sentTo(flaky)).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect((await outboxOf(flaky)).map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(await t.db.query(`SELECT * FROM dispatch_queue`)).toEqual([]);
  });

  it('concurrent dispatchers share the conversations: every message once, in order', async () => {
    const contacts = await seed(80, ['a', 'b', 'c']);
    // Two processes with three dispatch loops each.
    const processes = [dispatcher('w1'), dispatcher('w2')];
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map(async (i) => {
        while (await processes[i % 2].dispatchOne());
      }),
    );
    expect(overlapping).toBe(0);
    // Two processes (owners), each with its own sending slots.
    expect(mostSending).toBeLessThanOrEqual(2 * Dispatcher.maxSending);
    for (const contact of contacts) expect(sentTo(contact)).toEqual(['a', 'b', 'c']);
    expect(received).toHaveLength(240);
    const [{ open }] = await t.db.query(`SELECT count(*)::int AS open FROM outbox WHERE status <> 'sent'`);
    expect(open).toBe(0);
  });
});
