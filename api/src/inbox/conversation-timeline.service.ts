import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export const INBOX_CHANNEL = 'parley_inbox';

/** Kinds of timeline events: every change of a conversation's hands, and what agents wrote. */
export type TimelineKind =
  | 'handed-off'
  | 'claimed'
  | 'assigned'
  | 'snoozed'
  | 'note'
  | 'agent-message'
  | 'released'
  | 'closed'
  | 'no-agent'
  | 'contact-updated'
  | 'message-received'
  | 'message-sent';

export interface TimelineEvent {
  id: string;
  conversationId: string;
  kind: TimelineKind;
  actorUserId: string | null;
  data: Record<string, unknown>;
  at: string;
}

/**
 * The conversation timeline: one row per state change, written in the transaction that makes the change, plus a
 * NOTIFY that PostgreSQL delivers only on commit — so the live inbox never shows something that was rolled back,
 * and any process can push it. The row ids are also the sequence a reconnecting client catches up from.
 */
@Injectable()
export class ConversationTimeline {
  constructor(private readonly db: DataSource) {}

  async record(
    tx: EntityManager,
    event: { workspaceId: string; conversationId: string; kind: TimelineKind; actorUserId?: string | null; data?: Record<string, unknown> },
  ): Promise<string> {
    const [row] = await tx.query(
      `INSERT INTO conversation_events (workspace_id, conversation_id, kind, actor_user_id, data) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [event.workspaceId, event.conversationId, event.kind, event.actorUserId ?? null, event.data ?? {}],
    );
    await tx.query(`SELECT pg_notify($1, $2)`, [INBOX_CHANNEL, JSON.stringify({ workspaceId: event.workspaceId, id: String(row.id) })]);
    return String(row.id);
  }

  /** Events of a workspace after a given id, oldest first (for catching up). */
  async since(workspaceId: string, afterId: string, limit = 500): Promise<TimelineEvent[]> {
    return this.db.query(
      `SELECT id::text, conversation_id AS "conversationId", kind, actor_user_id AS "actorUserId", data, at
         FROM conversation_events WHERE workspace_id = $1 AND id > $2::bigint ORDER BY id LIMIT $3`,
      [workspaceId, afterId, limit],
    );
  }

  async forConversation(workspaceId: string, conversationId: string): Promise<TimelineEvent[]> {
    return this.db.query(
      `SELECT e.id::text, e.conversation_id AS "conversationId", e.kind, e.actor_user_id AS "actorUserId", e.data, e.at, u.email AS "actorEmail"
         FROM conversation_events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE e.workspace_id = $1 AND e.conversation_id = $2 ORDER BY e.id`,
      [workspaceId, conversationId],
    );
  }

  async latestId(workspaceId: string): Promise<string> {
    const [row] = await this.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM conversation_events WHERE workspace_id = $1`, [workspaceId]);
    return row.id;
  }
}
