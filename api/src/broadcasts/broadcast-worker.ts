import { Logger } from '@nestjs/common';
import { renderTemplate, type OutboundMessage } from '@parley/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { contactConditions, type ContactFilter } from '../contacts/contact-filter';
import { contactTemplateScope } from '../contacts/contacts.service';
import { recordset } from '../database/sql-recordset';
import { queueDispatchMany } from '../flow-execution/effect-writer';
import { insertEvents } from '../flow-execution/intake.service';
import { eligibilityQuery } from './broadcast-eligibility';

interface RunningBroadcast {
  id: string;
  workspace_id: string;
  kind: 'message' | 'flow';
  message: { text: string; quickReplies?: Array<{ title: string; payload: string }> } | null;
  flow_id: string | null;
  template: { name: string; language: string; parameters?: string[]; parameterNames?: string[] } | null;
}

interface Candidate {
  contact_id: string;
  connection_id: string;
  external_id: string;
  name: string | null;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  custom_fields: Record<string, unknown>;
  tags: string[];
  platform: string;
  conversation_id: string;
  reason: string | null;
}

export interface BroadcastWorkerOptions {
  /** Recipients claimed per transaction. */
  batchSize?: number;
  /** Messages of one broadcast queued but not yet sent, at most: pause takes effect quickly and replies are not starved. */
  maxInFlight?: number;
  idleMs?: number;
  loops?: number;
}

/**
 * Sends broadcasts as a durable job in PostgreSQL. A due broadcast's audience is materialised into
 * `broadcast_recipients` in one transaction; then workers claim batches of pending recipients with FOR UPDATE SKIP
 * LOCKED, re-check eligibility under the contacts' row locks, and in the same transaction write each eligible
 * recipient's outbox row (or flow-start event) and mark it `queued`. A crash rolls the whole batch back, so nobody
 * is queued twice; the dispatcher's `uncertain` state covers a crash during the send call itself.
 */
export class BroadcastWorker {
  private readonly logger = new Logger(BroadcastWorker.name);
  private running = false;
  private loops: Array<Promise<void>> = [];
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly db: DataSource,
    private readonly options: BroadcastWorkerOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    for (let i = 0; i < (this.options.loops ?? 2); i++) this.loops.push(this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** One unit of work: materialise a due broadcast, or queue one batch; false when there was nothing to do. */
  async step(): Promise<boolean> {
    if (await this.materialiseDue()) return true;
    const running: Array<{ id: string }> = await this.db.query(`SELECT id FROM broadcasts WHERE status = 'running' ORDER BY started_at LIMIT 20`);
    for (const { id } of running) {
      if (await this.sendBatch(id)) return true;
    }
    return false;
  }

  /** Turns one due scheduled broadcast into recipient rows and marks it running, all or nothing. */
  async materialiseDue(): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [b] = await tx.query(
        `SELECT id, workspace_id, audience FROM broadcasts WHERE status = 'scheduled' AND scheduled_at <= now() ORDER BY scheduled_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!b) return false;
      const params: unknown[] = [b.id];
      const where = contactConditions(b.workspace_id, b.audience as ContactFilter, params);
      const [, count] = await tx.query(`INSERT INTO broadcast_recipients (broadcast_id, contact_id) SELECT $1, c.id FROM contacts c WHERE ${where} ON CONFLICT DO NOTHING`, params);
      await tx.query(`UPDATE broadcasts SET status = 'running', started_at = now(), recipient_count = $2 WHERE id = $1`, [b.id, count]);
      return true;
    });
  }

  /** Claims a batch of one running broadcast's pending recipients and queues them; completes it when none are left. */
  async sendBatch(broadcastId: string): Promise<boolean> {
    const batchSize = this.options.batchSize ?? 200;
    if ((await this.inFlight(broadcastId)) >= (this.options.maxInFlight ?? 1000)) return false;
    const claimed = await this.db.transaction(async (tx) => {
      // The broadcast row is read with a share lock: a pause or cancel waits for this batch, then pulls it back.
      const [b]: RunningBroadcast[] = await tx.query(`SELECT id, workspace_id, kind, message, flow_id, template FROM broadcasts WHERE id = $1 AND status = 'running' FOR SHARE`, [broadcastId]);
      if (!b) return -1;
      const ids: string[] = (
        await tx.query(`SELECT contact_id FROM broadcast_recipients WHERE broadcast_id = $1 AND state = 'pending' ORDER BY contact_id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`, [broadcastId])
      ).map((r: { contact_id: string }) => r.contact_id);
      if (!ids.length) return 0;
      await this.queueRecipients(tx, b, ids);
      return ids.length;
    });
    if (claimed === 0) await this.completeIfDone(broadcastId);
    return claimed > 0;
  }

  private async queueRecipients(tx: EntityManager, b: RunningBroadcast, ids: string[]): Promise<void> {
    // Every contact has a conversation before its outbox row can exist (normally made by its first message).
    await tx.query(
      `INSERT INTO conversations (workspace_id, connection_id, contact_id) SELECT workspace_id, connection_id, id FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id ON CONFLICT (contact_id) DO NOTHING`,
      [ids],
    );
    const flowLive = b.kind === 'message' || (await tx.query(`SELECT 1 FROM flows WHERE id = $1 AND live_version_id IS NOT NULL AND archived_at IS NULL`, [b.flow_id])).length > 0;
    const params: unknown[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    const conditions = `c.id = ANY(${p(ids)}::uuid[]) AND c.workspace_id = ${p(b.workspace_id)}`;
    // Row locks on the contacts, in id order: the cap check and its update cannot race another broadcast.
    const candidates: Candidate[] = await tx.query(
      `${eligibilityQuery({ broadcastId: b.id, kind: b.kind, template: b.template }, conditions, p)} ORDER BY c.id FOR UPDATE OF c`,
      params,
    );
    const eligible = flowLive ? candidates.filter((c) => !c.reason) : [];
    const skipped = candidates.filter((c) => !eligible.includes(c)).map((c) => ({ id: c.contact_id, reason: c.reason ?? 'FLOW_NOT_LIVE' }));
    const gone = ids.filter((id) => !candidates.some((c) => c.contact_id === id)).map((id) => ({ id, reason: 'CONTACT_GONE' }));
    if (skipped.length || gone.length) {
      await tx.query(
        `UPDATE broadcast_recipients r SET state = 'skipped', reason = s.reason, updated_at = now() FROM ${recordset('$2', 's', 'id uuid, reason text')}
          WHERE r.broadcast_id = $1 AND r.contact_id = s.id`,
        [b.id, JSON.stringify([...skipped, ...gone])],
      );
    }
    if (!eligible.length) return;
    await tx.query(`UPDATE contacts SET last_broadcast_at = now(), last_broadcast_id = $2 WHERE id = ANY($1::uuid[])`, [eligible.map((c) => c.contact_id), b.id]);
    if (b.kind === 'message') await this.queueMessages(tx, b, eligible);
    else await this.queueFlowStarts(tx, b, eligible);
  }

  private async queueMessages(tx: EntityManager, b: RunningBroadcast, eligible: Candidate[]): Promise<void> {
    const rows = eligible.map((c) => ({ contact_id: c.contact_id, conversation_id: c.conversation_id, connection_id: c.connection_id, payload: this.payload(b, c) }));
    const inserted: Array<{ id: string; contact_id: string }> = await tx.query(
      `INSERT INTO outbox (workspace_id, conversation_id, connection_id, contact_id, kind, payload)
       SELECT $1, r.conversation_id, r.connection_id, r.contact_id, 'message', r.payload FROM jsonb_to_recordset($2::jsonb) AS r(contact_id uuid, conversation_id uuid, connection_id uuid, payload jsonb)
       RETURNING id, contact_id`,
      [b.workspace_id, JSON.stringify(rows)],
    );
    await tx.query(
      `UPDATE broadcast_recipients r SET state = 'queued', outbox_id = q.id, updated_at = now() FROM ${recordset('$2', 'q', 'id bigint, contact_id uuid')}
        WHERE r.broadcast_id = $1 AND r.contact_id = q.contact_id`,
      [b.id, JSON.stringify(inserted)],
    );
    await queueDispatchMany(tx, eligible.map((c) => c.conversation_id));
  }

  /** "Start flow X": an engine event per contact through intake, processed in order with the contact's messages. */
  private async queueFlowStarts(tx: EntityManager, b: RunningBroadcast, eligible: Candidate[]): Promise<void> {
    const byConnection = new Map<string, Candidate[]>();
    for (const c of eligible) byConnection.set(c.connection_id, [...(byConnection.get(c.connection_id) ?? []), c]);
    for (const [connectionId, contacts] of byConnection) {
      const eventIds = contacts.map((c) => `broadcast:${b.id}:${c.contact_id}`);
      await insertEvents(
        tx,
        b.workspace_id,
        connectionId,
        contacts.map((c, i) => ({ platformEventId: eventIds[i], contactExternalId: c.external_id, kind: 'engine', platformTs: new Date(), payload: { event: { type: 'start' }, startFlowId: b.flow_id, broadcastId: b.id } })),
      );
      await tx.query(
        `UPDATE broadcast_recipients r SET state = 'queued', event_id = e.id, updated_at = now()
           FROM inbound_events e WHERE e.connection_id = $2 AND e.platform_event_id = ANY($3::text[]) AND r.broadcast_id = $1 AND e.platform_event_id = 'broadcast:' || $1 || ':' || r.contact_id`,
        [b.id, connectionId, eventIds],
      );
    }
  }

  /** The outbox payload: the message rendered for this contact, or the WhatsApp template with its parameters. */
  private payload(b: RunningBroadcast, c: Candidate): Record<string, unknown> {
    const scope = { contact: contactTemplateScope(c) };
    const message: OutboundMessage = { text: renderTemplate(b.message?.text ?? '', scope), ...(b.message?.quickReplies?.length ? { quickReplies: b.message.quickReplies } : {}) };
    const template =
      c.platform === 'whatsapp' && b.template
        ? {
            name: b.template.name,
            language: b.template.language,
            parameters: (b.template.parameters ?? []).map((t) => renderTemplate(t, scope, { maxLength: 1024 })),
            ...(b.template.parameterNames ? { parameterNames: b.template.parameterNames } : {}),
          }
        : undefined;
    return { message, broadcastId: b.id, ...(template ? { template } : {}) };
  }

  private async inFlight(broadcastId: string): Promise<number> {
    const [row] = await this.db.query(
      `SELECT (SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') AND payload @> jsonb_build_object('broadcastId', $1::text))::int
            + (SELECT count(*) FROM inbound_events WHERE processed_at IS NULL AND kind = 'engine' AND payload @> jsonb_build_object('broadcastId', $1::text))::int AS n`,
      [broadcastId],
    );
    return row.n;
  }

  private async completeIfDone(broadcastId: string): Promise<void> {
    await this.db.query(
      `UPDATE broadcasts SET status = 'completed', finished_at = now() WHERE id = $1 AND status = 'running'
          AND NOT EXISTS (SELECT 1 FROM broadcast_recipients WHERE broadcast_id = $1 AND state = 'pending')`,
      [broadcastId],
    );
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let busy = false;
      try {
        busy = await this.step();
      } catch (error) {
        if (this.running) this.logger.error(`broadcast step failed: ${error instanceof Error ? error.message : String(error)}`);
        await this.sleep(500);
      }
      if (!busy) await this.sleep(this.options.idleMs ?? 200);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }
}
