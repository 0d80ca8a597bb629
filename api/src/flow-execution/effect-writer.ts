import { Injectable, Logger } from '@nestjs/common';
import type { Effect } from '@parley/runtime';
import type { EntityManager } from 'typeorm';
import type { ContactRow } from '../contacts/contacts.service';
import type { TurnWrites } from './turn-writes';

/** What a turn's effects do to the conversation row (status changes, errors) besides the rows they write. */
export interface TurnOutcome {
  handedOff: boolean;
  /** The `hand-off` effect itself (team, priority, note) for the inbox. */
  handOff: Extract<Effect, { type: 'hand-off' }> | null;
  handOffCancelled: boolean;
  error: { code: string; message: string } | null;
  outbox: number;
  startFlow: Extract<Effect, { type: 'start-flow' }> | null;
}

export interface EffectTarget {
  workspaceId: string;
  conversationId: string;
  connectionId: string;
  contactExternalId: string;
  contact: ContactRow;
  inboundEventId: number | null;
  /** The flow version whose nodes sent the messages (analytics counts sent/delivered/read per node). */
  flowVersionId?: string | null;
}

/**
 * Records a turn's effects, in order, into the batch's writes (TurnWrites, written in one statement at the end of
 * the batch's transaction): messages, comment replies and HTTP calls go to the outbox (sent later, in order, by the
 * dispatcher), timers to `timers`, contact changes to the contact row.
 */
@Injectable()
export class EffectWriter {
  private readonly logger = new Logger(EffectWriter.name);

  apply(writes: TurnWrites, target: EffectTarget, effects: Effect[]): TurnOutcome {
    const outcome: TurnOutcome = { handedOff: false, handOff: null, handOffCancelled: false, error: null, outbox: 0, startFlow: null };
    const outbox: Array<{ kind: string; payload: unknown }> = [];
    for (const effect of effects) {
      switch (effect.type) {
        case 'send-message':
          outbox.push({ kind: 'message', payload: { message: effect.message, nodeId: effect.nodeId, typingDelayMs: effect.typingDelayMs } });
          break;
        case 'reply-to-comment':
          outbox.push({ kind: 'comment-reply', payload: { commentId: effect.commentId, text: effect.text } });
          break;
        case 'call-http':
          outbox.push({ kind: 'http', payload: effect });
          break;
        case 'schedule-timer':
          writes.scheduleTimer({ id: effect.timerId, conversationId: target.conversationId, connectionId: target.connectionId, contactExternalId: target.contactExternalId, workspaceId: target.workspaceId, fireAt: effect.fireAt });
          break;
        case 'cancel-timer':
          writes.cancelTimer(effect.timerId);
          break;
        case 'hand-off':
          // The handoff text was already emitted as a send-message effect just before: never send it twice.
          outcome.handedOff = true;
          outcome.handOff = effect;
          break;
        case 'hand-off-cancelled':
          outcome.handOffCancelled = true;
          break;
        case 'set-contact-fields':
          target.contact.custom_fields = { ...target.contact.custom_fields, ...effect.fields };
          break;
        case 'add-tags':
          target.contact.tags = [...new Set([...target.contact.tags, ...effect.tags])];
          break;
        case 'remove-tags':
          target.contact.tags = target.contact.tags.filter((t) => !effect.tags.includes(t));
          break;
        case 'start-flow':
          outcome.startFlow = effect;
          break;
        case 'error':
          outcome.error = { code: effect.code, message: effect.message };
          this.logger.warn(`conversation ${target.conversationId}: ${effect.code} ${effect.message}`);
          break;
        case 'end':
          break;
      }
    }
    // The message a handoff node sends just before handing off is its notice to the contact: mark it so the
    // dispatcher lets it through although the conversation is now with an agent.
    const handOff = effects.find((e) => e.type === 'hand-off');
    if (handOff) {
      for (const item of outbox) {
        const p = item.payload as { nodeId?: string };
        if (item.kind === 'message' && p.nodeId === handOff.nodeId) item.payload = { ...p, handoffNotice: true };
      }
    }
    if (outbox.length) {
      writes.addOutbox(
        outbox.map((o) => ({
          workspaceId: target.workspaceId,
          conversationId: target.conversationId,
          connectionId: target.connectionId,
          contactId: target.contact.id,
          inboundEventId: target.inboundEventId,
          kind: o.kind,
          payload: o.payload,
          flowVersionId: target.flowVersionId ?? null,
        })),
      );
      outcome.outbox += outbox.length;
    }
    return outcome;
  }
}

/**
 * Marks the conversation's outbox ready for the dispatcher; `version` tells a dispatcher its view is stale. The
 * NOTIFY (delivered at commit) wakes a sleeping dispatcher at once.
 */
export async function queueDispatch(tx: EntityManager, conversationId: string): Promise<void> {
  await tx.query(
    `WITH q AS (
       INSERT INTO dispatch_queue (conversation_id) VALUES ($1)
       ON CONFLICT (conversation_id) DO UPDATE SET ready_at = LEAST(dispatch_queue.ready_at, now()), version = dispatch_queue.version + 1
       RETURNING 1)
     SELECT pg_notify('parley_dispatch', '') FROM q`,
    [conversationId],
  );
}

/**
 * `queueDispatch` for a whole batch in one statement (broadcasts): the same upsert and version bump per
 * conversation, in id order so concurrent batches lock dispatch rows in the same order, and one NOTIFY for the batch
 * so the dispatchers start at commit instead of at their fallback poll.
 */
export async function queueDispatchMany(tx: EntityManager, conversationIds: string[]): Promise<void> {
  if (conversationIds.length === 0) return;
  await tx.query(
    `WITH q AS (
       INSERT INTO dispatch_queue (conversation_id) SELECT DISTINCT unnest($1::uuid[]) ORDER BY 1
       ON CONFLICT (conversation_id) DO UPDATE SET ready_at = LEAST(dispatch_queue.ready_at, now()), version = dispatch_queue.version + 1
       RETURNING 1)
     SELECT pg_notify('parley_dispatch', '') WHERE EXISTS (SELECT 1 FROM q)`,
    [conversationIds],
  );
}
