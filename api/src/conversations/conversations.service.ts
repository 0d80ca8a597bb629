import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundError } from '../common/domain-error';
import { insertEvents } from '../flow-execution/intake.service';

/**
 * Conversation status changes made by people (the inbox calls these). A handoff commits before it returns and then
 * waits for any send already in flight, so no bot message goes out after the caller sees the handoff done.
 */
@Injectable()
export class ConversationsService {
  constructor(private readonly db: DataSource) {}

  async handOff(workspaceId: string, conversationId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Takes the row lock a processing turn holds: a turn either committed before (its messages are blocked
      // below) or runs after and sees 'handed-off'.
      const [, n] = await tx.query(`UPDATE conversations SET status = 'handed-off', updated_at = now() WHERE id = $1 AND workspace_id = $2`, [conversationId, workspaceId]);
      if (!n) throw new NotFoundError('Conversation', 'CONVERSATION_NOT_FOUND');
      await tx.query(`UPDATE outbox SET status = 'blocked', error = 'HANDED_OFF: the conversation was handed to an agent.' WHERE conversation_id = $1 AND status = 'pending' AND automated AND kind <> 'http'`, [conversationId]);
    });
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM outbox WHERE conversation_id = $1 AND status = 'sending' AND automated`, [conversationId]);
      if (!n) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Back to the bot; a flow waiting on the agent resumes through an `agent-released` event. */
  async release(workspaceId: string, conversationId: string, outcome?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `SELECT c.connection_id, ct.external_id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
          WHERE c.id = $1 AND c.workspace_id = $2 FOR UPDATE OF c`,
        [conversationId, workspaceId],
      );
      if (!row) throw new NotFoundError('Conversation', 'CONVERSATION_NOT_FOUND');
      await returnConversationToBot(
        tx,
        { workspaceId, conversationId, connectionId: row.connection_id, contactExternalId: row.external_id },
        { eventId: `release:${conversationId}:${Date.now()}`, outcome },
      );
    });
  }
}

/**
 * Hands a conversation back to the bot inside the caller's transaction: the status flips now (so the bot's next
 * replies are not held) and the flow hears `agent-released` in order with the contact's own messages, through
 * the same intake as a webhook. The event id makes a retried release idempotent.
 */
export async function returnConversationToBot(
  tx: EntityManager,
  conversation: { workspaceId: string; conversationId: string; connectionId: string; contactExternalId: string },
  release: { eventId: string; outcome?: string; handoffId?: string },
): Promise<void> {
  await tx.query(`UPDATE conversations SET status = 'bot', updated_at = now() WHERE id = $1 AND workspace_id = $2`, [
    conversation.conversationId,
    conversation.workspaceId,
  ]);
  await insertEvents(tx, conversation.workspaceId, conversation.connectionId, [
    {
      platformEventId: release.eventId,
      contactExternalId: conversation.contactExternalId,
      kind: 'engine',
      platformTs: new Date(),
      payload: { event: { type: 'agent-released', outcome: release.outcome }, ...(release.handoffId ? { handoffId: release.handoffId } : {}) },
    },
  ]);
}
