import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { returnConversationToBot } from '../conversations/conversations.service';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { ConversationTimeline } from './conversation-timeline.service';
import { AlreadyClaimedError, AssigneeNotFoundError, ConversationNotFoundError, NoActiveHandoffError } from './inbox.errors';

export interface HandoffRequest {
  workspaceId: string;
  conversationId: string;
  nodeId: string | null;
  team: string | null;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  note: string;
}

const ACTIVE = `status IN ('open', 'assigned')`;

/**
 * The two-way handoff: the runtime host opens a handoff when a flow reaches a `handoff` node; agents claim,
 * transfer, snooze and resolve it; resolving to the bot feeds an `agent-released` event back into the pipeline so
 * the flow continues from the node's `returned` output. Every change is a timeline event in the same transaction.
 */
@Injectable()
export class HandoffsService {
  constructor(
    private readonly db: DataSource,
    private readonly timeline: ConversationTimeline,
  ) {}

  /** Called by the runtime host inside its turn's transaction. A second handoff of an active one updates it. */
  async open(tx: EntityManager, request: HandoffRequest): Promise<string> {
    const [handoff] = await tx.query(
      `INSERT INTO handoffs (workspace_id, conversation_id, node_id, team, priority, note) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (conversation_id) WHERE ${ACTIVE}
       DO UPDATE SET node_id = excluded.node_id, team = excluded.team, priority = excluded.priority, note = excluded.note
       RETURNING id, assignee_id`,
      [request.workspaceId, request.conversationId, request.nodeId, request.team, request.priority, request.note],
    );
    await this.timeline.record(tx, {
      workspaceId: request.workspaceId,
      conversationId: request.conversationId,
      kind: 'handed-off',
      data: { nodeId: request.nodeId, team: request.team, priority: request.priority, note: request.note },
    });
    if (!handoff.assignee_id) await this.autoAssign(tx, request.workspaceId, handoff.id, request.conversationId, request.team);
    return handoff.id;
  }

  /** The flow gave up waiting (its `no-agent` timer fired): the handoff ends and the bot resumes. */
  async timeOut(tx: EntityManager, workspaceId: string, conversationId: string): Promise<void> {
    const [rows]: [unknown[], number] = await tx.query(
      `UPDATE handoffs SET status = 'timed-out', resolved_at = now(), resolution = 'no-agent'
        WHERE conversation_id = $1 AND workspace_id = $2 AND ${ACTIVE} RETURNING id`,
      [conversationId, workspaceId],
    );
    if (rows.length) await this.timeline.record(tx, { workspaceId, conversationId, kind: 'no-agent' });
  }

  /** Two agents claiming at once: the conditional UPDATE lets exactly one win; the other gets 409. */
  async claim(principal: WorkspacePrincipal, conversationId: string) {
    return this.db.transaction(async (tx) => {
      const [rows]: [Array<{ id: string }>, number] = await tx.query(
        `UPDATE handoffs SET status = 'assigned', assignee_id = $3, assigned_at = now()
          WHERE workspace_id = $1 AND conversation_id = $2 AND status = 'open' RETURNING id`,
        [principal.workspaceId, conversationId, principal.userId],
      );
      if (!rows.length) {
        const active = await this.active(tx, principal.workspaceId, conversationId);
        if (active.assignee_id === principal.userId) return { handoffId: active.id, assigneeId: principal.userId };
        throw new AlreadyClaimedError(active.assignee_email);
      }
      await this.timeline.record(tx, { workspaceId: principal.workspaceId, conversationId, kind: 'claimed', actorUserId: principal.userId });
      return { handoffId: rows[0].id, assigneeId: principal.userId };
    });
  }

  /** Transfer to an agent (who must be able to use the inbox) and/or to a team's queue. */
  async assign(principal: WorkspacePrincipal, conversationId: string, to: { userId?: string; team?: string }) {
    return this.db.transaction(async (tx) => {
      const active = await this.active(tx, principal.workspaceId, conversationId);
      if (to.userId) {
        const [member] = await tx.query(
          `SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2 AND role IN ('owner', 'admin', 'editor', 'agent')`,
          [principal.workspaceId, to.userId],
        );
        if (!member) throw new AssigneeNotFoundError();
      }
      await tx.query(
        `UPDATE handoffs SET assignee_id = $2, status = CASE WHEN $2::uuid IS NULL THEN 'open' ELSE 'assigned' END,
                assigned_at = CASE WHEN $2::uuid IS NULL THEN NULL ELSE now() END, team = coalesce($3, team)
          WHERE id = $1`,
        [active.id, to.userId ?? null, to.team ?? null],
      );
      await this.timeline.record(tx, {
        workspaceId: principal.workspaceId,
        conversationId,
        kind: 'assigned',
        actorUserId: principal.userId,
        data: { toUserId: to.userId ?? null, team: to.team ?? null, fromUserId: active.assignee_id },
      });
      return { handoffId: active.id, assigneeId: to.userId ?? null };
    });
  }

  async snooze(principal: WorkspacePrincipal, conversationId: string, until: Date) {
    await this.db.transaction(async (tx) => {
      const active = await this.active(tx, principal.workspaceId, conversationId);
      await tx.query(`UPDATE handoffs SET snoozed_until = $2 WHERE id = $1`, [active.id, until]);
      await this.timeline.record(tx, { workspaceId: principal.workspaceId, conversationId, kind: 'snoozed', actorUserId: principal.userId, data: { until: until.toISOString() } });
    });
  }

  /** An internal note: in the timeline for agents, never sent to the contact. */
  async note(principal: WorkspacePrincipal, conversationId: string, text: string) {
    return this.db.transaction(async (tx) => {
      await this.conversation(tx, principal.workspaceId, conversationId);
      const id = await this.timeline.record(tx, { workspaceId: principal.workspaceId, conversationId, kind: 'note', actorUserId: principal.userId, data: { text } });
      return { id };
    });
  }

  /**
   * Ends the handoff. `bot`: the flow continues from the handoff node's `returned` output (an `agent-released`
   * event goes through the normal pipeline, in order with the contact's messages). `close`: the conversation closes.
   */
  async resolve(principal: WorkspacePrincipal, conversationId: string, outcome: 'bot' | 'close') {
    await this.db.transaction(async (tx) => {
      const active = await this.active(tx, principal.workspaceId, conversationId);
      const conversation = await this.conversation(tx, principal.workspaceId, conversationId);
      await tx.query(`UPDATE handoffs SET status = $2, resolved_at = now(), resolution = $3 WHERE id = $1`, [
        active.id,
        outcome === 'bot' ? 'resolved' : 'closed',
        outcome === 'bot' ? 'bot' : 'closed',
      ]);
      if (outcome === 'close') {
        await tx.query(`UPDATE conversations SET status = 'closed', updated_at = now() WHERE id = $1`, [conversationId]);
      } else {
        await returnConversationToBot(
          tx,
          { workspaceId: principal.workspaceId, conversationId, connectionId: conversation.connection_id, contactExternalId: conversation.external_id },
          { eventId: `agent-released:${active.id}`, outcome: 'resolved', handoffId: active.id },
        );
      }
      await this.timeline.record(tx, { workspaceId: principal.workspaceId, conversationId, kind: outcome === 'bot' ? 'released' : 'closed', actorUserId: principal.userId });
    });
  }

  /** The active handoff of a conversation of this workspace, locked; 404/409 otherwise. */
  async active(tx: EntityManager, workspaceId: string, conversationId: string) {
    await this.conversation(tx, workspaceId, conversationId);
    const [active] = await tx.query(
      `SELECT h.id, h.status, h.assignee_id, u.email AS assignee_email, h.first_response_at
         FROM handoffs h LEFT JOIN users u ON u.id = h.assignee_id
        WHERE h.conversation_id = $1 AND h.workspace_id = $2 AND h.${ACTIVE} FOR UPDATE OF h`,
      [conversationId, workspaceId],
    );
    if (!active) throw new NoActiveHandoffError();
    return active as { id: string; status: string; assignee_id: string | null; assignee_email: string | null; first_response_at: Date | null };
  }

  async conversation(tx: EntityManager, workspaceId: string, conversationId: string) {
    const [conversation] = await tx.query(
      `SELECT c.id, c.connection_id, c.contact_id, c.status, k.external_id, k.last_inbound_at, cc.platform
         FROM conversations c JOIN contacts k ON k.id = c.contact_id JOIN channel_connections cc ON cc.id = c.connection_id
        WHERE c.id = $1 AND c.workspace_id = $2`,
      [conversationId, workspaceId],
    );
    if (!conversation) throw new ConversationNotFoundError();
    return conversation as { id: string; connection_id: string; contact_id: string; status: string; external_id: string; last_inbound_at: Date | null; platform: string };
  }

  /** Round-robin among online agents of the team (or of the workspace) who are under their open-chat limit. */
  private async autoAssign(tx: EntityManager, workspaceId: string, handoffId: string, conversationId: string, team: string | null) {
    const [agent] = await tx.query(
      `SELECT a.user_id FROM agent_status a
         JOIN memberships m ON m.workspace_id = a.workspace_id AND m.user_id = a.user_id AND m.role IN ('owner', 'admin', 'editor', 'agent')
        WHERE a.workspace_id = $1 AND a.online
          AND ($2::text IS NULL OR NOT EXISTS (SELECT 1 FROM teams t WHERE t.workspace_id = $1 AND t.name = $2)
               OR EXISTS (SELECT 1 FROM teams t JOIN team_members tm ON tm.team_id = t.id WHERE t.workspace_id = $1 AND t.name = $2 AND tm.user_id = a.user_id))
          AND (SELECT count(*) FROM handoffs h WHERE h.workspace_id = $1 AND h.assignee_id = a.user_id AND h.status = 'assigned') < a.max_open_chats
        ORDER BY a.last_assigned_at NULLS FIRST, a.user_id
        LIMIT 1 FOR UPDATE OF a SKIP LOCKED`,
      [workspaceId, team],
    );
    if (!agent) return;
    await tx.query(`UPDATE agent_status SET last_assigned_at = now() WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, agent.user_id]);
    await tx.query(`UPDATE handoffs SET status = 'assigned', assignee_id = $2, assigned_at = now() WHERE id = $1`, [handoffId, agent.user_id]);
    await this.timeline.record(tx, { workspaceId, conversationId, kind: 'assigned', data: { toUserId: agent.user_id, automatic: true } });
  }
}
