import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { DEFAULT_PROCESSING_LOOPS } from '../config/app-config';
import type { Dispatcher } from './dispatcher';
import { claimConversations, type ConversationKey } from './conversation-claims';
import type { TurnProcessor } from './turn-processor';

export interface WorkerOptions {
  /** Turn batches run in parallel by this process (PARLEY_PROCESSING_LOOPS, default 2). */
  processors?: number;
  /** Conversations dispatched in parallel by this process. */
  dispatchers?: number;
  /** Conversations claimed per processing transaction (default 16). */
  batchSize?: number;
  /** Idle poll interval while no LISTEN connection is up (then wake-ups come from NOTIFY and polling is a safety net). */
  idleMs?: number;
}

/** NOTIFY channels: intake (and timers, HTTP answers, agents) signal new events; committed turns signal new outbox rows. */
export const PROCESS_CHANNEL = 'parley_process';
export const DISPATCH_CHANNEL = 'parley_dispatch';
/** With NOTIFY working, an idle loop still looks every so often: retries and backoffs become due without a signal. */
const LISTENING_IDLE_MS = 500;
const DEFAULT_BATCH_SIZE = 16;

type LoopKind = 'process' | 'dispatch' | 'other';

/**
 * The worker loops of one process: processing (claim a ready conversation with FOR UPDATE SKIP LOCKED, run its
 * pending events, commit), dispatch (send outboxes), timers (due timers become events, exactly once), and a sweeper
 * that re-queues anything left without a queue row. Any number of processes may run these on one PostgreSQL.
 */
export class ProcessingWorker {
  private readonly logger = new Logger(ProcessingWorker.name);
  private running = false;
  private loops: Array<Promise<void>> = [];
  private readonly sleepers: Record<LoopKind, Set<() => void>> = { process: new Set(), dispatch: new Set(), other: new Set() };
  private listener: Client | null = null;
  private listenerUp: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: DataSource,
    private readonly processor: TurnProcessor,
    private readonly dispatcher: Dispatcher,
    private readonly options: WorkerOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    // Few processing loops: a batch is database work only, and with 8 the extra concurrent transactions cost more in
    // CPU contention than they gained (figures in docs/architecture.md › Throughput). Dispatch loops stay 8: a send
    // waits on the platform's network, so more claims in flight keep a slow platform from holding up the others.
    const { processors = DEFAULT_PROCESSING_LOOPS, dispatchers = 8 } = this.options;
    this.listenerUp = this.listen();
    for (let i = 0; i < processors; i++) this.loops.push(this.loop('process', () => this.processOne()));
    for (let i = 0; i < dispatchers; i++) this.loops.push(this.loop('dispatch', () => this.dispatcher.dispatchOne()));
    this.loops.push(this.loop('other', () => this.fireTimers(), 200));
    this.loops.push(this.loop('other', () => this.sweep(), 5000));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const set of Object.values(this.sleepers)) for (const wake of set) wake();
    await Promise.all(this.loops);
    await this.listenerUp;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
    this.loops = [];
  }

  /**
   * LISTEN on a connection of its own: each notification wakes one sleeping loop of its kind, so an idle worker
   * answers in milliseconds without polling the queues many times a second. Reconnects after the database returns.
   */
  private async listen(): Promise<void> {
    const url = (this.db.options as { url?: string }).url;
    if (!url || !this.running) return;
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    let retried = false;
    const retry = () => {
      if (retried) return;
      retried = true;
      if (this.listener === client) this.listener = null;
      client.end().catch(() => undefined);
      if (this.running) setTimeout(() => (this.listenerUp = this.listen()), 1000);
    };
    client.on('error', retry);
    client.on('notification', (n) => this.wakeOne(n.channel === DISPATCH_CHANNEL ? 'dispatch' : 'process'));
    try {
      await client.connect();
      await client.query(`LISTEN ${PROCESS_CHANNEL}; LISTEN ${DISPATCH_CHANNEL}`);
      if (!this.running) return void (await client.end());
      this.listener = client;
      // Anything that arrived while we were not listening is picked up now.
      for (const kind of ['process', 'dispatch'] as const) for (const wake of [...this.sleepers[kind]]) wake();
    } catch {
      retry();
    }
  }

  private wakeOne(kind: LoopKind): void {
    const first = this.sleepers[kind].values().next();
    if (!first.done) first.value();
  }

  /**
   * Claims up to `batchSize` ready conversations and processes their pending events in one transaction (under load
   * a batch amortises the round trips and the commit over many conversations; idle, it is a batch of one).
   */
  async processOne(): Promise<boolean> {
    let claimed: ConversationKey[] = [];
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    try {
      await this.runClaim(batchSize, undefined, (claims) => (claimed = claims));
      if (claimed.length === batchSize) this.wakeOne('process'); // a full batch: likely more waiting
      return claimed.length > 0;
    } catch (error) {
      // The whole batch rolled back. One at a time, so one bad conversation (bad data, engine bug) cannot hold back
      // the others; the failing one backs off so it cannot starve them either.
      if (claimed.length > 1) {
        for (const key of claimed) await this.processAlone(key).catch((e) => this.logger.error(`worker step failed: ${e instanceof Error ? e.message : String(e)}`));
        return true;
      }
      if (claimed.length === 1) await this.backOff(claimed[0]);
      throw error;
    }
  }

  /**
   * One transaction: claim (up to `limit`, or only `key`), process, commit. Then the wake-up without NOTIFY inside the
   * turn's transaction (see CoalescingNotifier): new outbox rows wake one of this process's own dispatch loops.
   */
  private async runClaim(limit: number, key: ConversationKey | undefined, onClaim: (claims: ConversationKey[]) => void = () => undefined): Promise<void> {
    const dispatchQueued = await this.db.transaction(async (tx) => {
      const claims = await claimConversations(tx, limit, key);
      onClaim(claims);
      return claims.length > 0 && (await this.processor.processClaimed(tx, claims)).dispatchQueued;
    });
    if (dispatchQueued) this.wakeOne('dispatch');
  }

  private async processAlone(key: ConversationKey): Promise<void> {
    try {
      await this.runClaim(1, key);
    } catch (error) {
      await this.backOff(key);
      throw error;
    }
  }

  private async backOff(key: ConversationKey): Promise<void> {
    await this.db.query(`UPDATE conversation_queue SET ready_at = now() + interval '10 seconds' WHERE connection_id = $1 AND contact_external_id = $2`, [key.connectionId, key.contactExternalId]);
  }

  /** Due timers become `timer-fired` events in the same statement that deletes them: they fire exactly once. */
  async fireTimers(): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH due AS (
         DELETE FROM timers WHERE id IN (SELECT id FROM timers WHERE fire_at <= now() ORDER BY fire_at LIMIT 200 FOR UPDATE SKIP LOCKED)
         RETURNING id, connection_id, contact_external_id, workspace_id, fire_at
       ), ins AS (
         INSERT INTO inbound_events (workspace_id, connection_id, platform_event_id, contact_external_id, kind, platform_ts, payload)
         SELECT workspace_id, connection_id, 'timer:' || id, contact_external_id, 'engine', fire_at, jsonb_build_object('event', jsonb_build_object('type', 'timer-fired', 'timerId', id))
           FROM due ON CONFLICT (connection_id, platform_event_id) DO NOTHING
         RETURNING connection_id, contact_external_id
       )
       , q AS (
       INSERT INTO conversation_queue (connection_id, contact_external_id) SELECT DISTINCT connection_id, contact_external_id FROM ins
       ON CONFLICT (connection_id, contact_external_id) DO UPDATE SET ready_at = LEAST(conversation_queue.ready_at, now())
       RETURNING 1)
       SELECT pg_notify('${PROCESS_CHANNEL}', '') FROM q`,
    );
    return rows.length > 0;
  }

  /** Belt and braces: pending events or messages whose queue row is missing are queued again. */
  async sweep(): Promise<boolean> {
    await this.db.query(
      `INSERT INTO conversation_queue (connection_id, contact_external_id)
       SELECT DISTINCT connection_id, contact_external_id FROM inbound_events
        WHERE processed_at IS NULL AND kind <> 'ignored' AND received_at < now() - interval '5 seconds'
       ON CONFLICT DO NOTHING`,
    );
    await this.db.query(
      `INSERT INTO dispatch_queue (conversation_id) SELECT DISTINCT conversation_id FROM outbox
        WHERE status IN ('pending', 'sending') AND created_at < now() - interval '5 seconds' ON CONFLICT DO NOTHING`,
    );
    return false;
  }

  private async loop(kind: LoopKind, step: () => Promise<boolean>, idleMs?: number): Promise<void> {
    while (this.running) {
      let busy = false;
      try {
        busy = await step();
      } catch (error) {
        if (this.running) this.logger.error(`worker step failed: ${error instanceof Error ? error.message : String(error)}`);
        await this.sleep('other', 500);
      }
      if (!busy && this.running) await this.sleep(kind, idleMs ?? (this.listener ? LISTENING_IDLE_MS : (this.options.idleMs ?? 25)));
    }
  }

  private sleep(kind: LoopKind, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers[kind].delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers[kind].add(done);
    });
  }
}
