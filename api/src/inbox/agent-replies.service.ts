import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Platform } from '../channels/channel-adapter';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { queueDispatch } from '../flow-execution/effect-writer';
import { ConversationTimeline } from './conversation-timeline.service';
import { HandoffsService } from './handoffs.service';
import { AlreadyClaimedError, WindowClosedError } from './inbox.errors';
import { agentReplyWindow } from './messaging-window';

/**
 * An agent's reply: checked against the platform's window (the HUMAN_AGENT tag between 24 hours and 7 days on
 * Messenger and Instagram), written to the outbox in the same transaction as the timeline entry, then sent by the
 * dispatcher in order with the bot's messages. Replying to an unclaimed conversation claims it.
 */
@Injectable()
export class AgentRepliesService {
  constructor(
    private readonly db: DataSource,
    private readonly handoffs: HandoffsService,
    private readonly timeline: ConversationTimeline,
  ) {}

  async reply(principal: WorkspacePrincipal, conversationId: string, message: { text?: string; mediaUrl?: string; mediaKind?: 'image' | 'video' | 'audio' | 'file' }) {
    return this.db.transaction(async (tx) => {
      const active = await this.handoffs.active(tx, principal.workspaceId, conversationId);
      if (active.assignee_id && active.assignee_id !== principal.userId) throw new AlreadyClaimedError(active.assignee_email);
      const conversation = await this.handoffs.conversation(tx, principal.workspaceId, conversationId);
      const window = agentReplyWindow(conversation.platform as Platform, conversation.last_inbound_at && new Date(conversation.last_inbound_at), new Date());
      if (!window.allowed) throw new WindowClosedError(window.reason);
      if (!active.assignee_id) {
        await tx.query(`UPDATE handoffs SET status = 'assigned', assignee_id = $2, assigned_at = now() WHERE id = $1`, [active.id, principal.userId]);
        await this.timeline.record(tx, { workspaceId: principal.workspaceId, conversationId, kind: 'claimed', actorUserId: principal.userId });
      }
      const outbound = {
        text: message.text,
        media: message.mediaUrl ? { kind: message.mediaKind ?? 'image', url: message.mediaUrl } : undefined,
      };
      const [row] = await tx.query(
        `INSERT INTO outbox (workspace_id, conversation_id, connection_id, contact_id, kind, automated, payload)
         VALUES ($1, $2, $3, $4, 'message', false, $5) RETURNING id::text, created_at AS "createdAt"`,
        [principal.workspaceId, conversationId, conversation.connection_id, conversation.contact_id, { message: outbound, humanAgentTag: window.humanAgentTag, agentUserId: principal.userId }],
      );
      // The host's own helper: it also bumps the queue version, so a dispatcher holding a stale view re-reads.
      await queueDispatch(tx, conversationId);
      await tx.query(`UPDATE handoffs SET first_response_at = coalesce(first_response_at, now()) WHERE id = $1`, [active.id]);
      await this.timeline.record(tx, {
        workspaceId: principal.workspaceId,
        conversationId,
        kind: 'agent-message',
        actorUserId: principal.userId,
        data: { outboxId: row.id, text: message.text ?? null, mediaUrl: message.mediaUrl ?? null, humanAgentTag: window.humanAgentTag },
      });
      return { outboxId: row.id, humanAgentTag: window.humanAgentTag, createdAt: row.createdAt };
    });
  }
}
