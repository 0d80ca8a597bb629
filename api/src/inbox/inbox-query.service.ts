import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { ConversationTimeline } from './conversation-timeline.service';
import { ConversationNotFoundError } from './inbox.errors';

export type InboxView = 'unassigned' | 'mine' | 'all' | 'snoozed' | 'resolved';

const VIEW_FILTERS: Record<InboxView, string> = {
  unassigned: `h.status = 'open' AND (h.snoozed_until IS NULL OR h.snoozed_until <= now())`,
  mine: `h.status = 'assigned' AND h.assignee_id = $2 AND (h.snoozed_until IS NULL OR h.snoozed_until <= now())`,
  all: `h.status IN ('open', 'assigned') AND (h.snoozed_until IS NULL OR h.snoozed_until <= now())`,
  snoozed: `h.status IN ('open', 'assigned') AND h.snoozed_until > now()`,
  resolved: `h.status IN ('resolved', 'closed', 'timed-out')`,
};

/** What the inbox shows: conversations by view, one conversation's whole timeline, and the dashboard figures. */
@Injectable()
export class InboxQueryService {
  constructor(
    private readonly db: DataSource,
    private readonly timeline: ConversationTimeline,
  ) {}

  async list(principal: WorkspacePrincipal, view: InboxView, filters: { team?: string; platform?: string }) {
    const items = await this.db.query(
      `SELECT DISTINCT ON (h.conversation_id) h.conversation_id AS "conversationId", h.id AS "handoffId", h.status, h.team, h.priority,
              h.note, h.created_at AS "handedOffAt", h.snoozed_until AS "snoozedUntil", h.assignee_id AS "assigneeId",
              u.email AS "assigneeEmail", cc.platform, k.name AS "contactName", k.username AS "contactUsername",
              k.last_inbound_at AS "lastInboundAt", extract(epoch FROM (now() - h.created_at))::int AS "waitingSeconds"
         FROM handoffs h
         JOIN conversations c ON c.id = h.conversation_id
         JOIN contacts k ON k.id = c.contact_id
         JOIN channel_connections cc ON cc.id = c.connection_id
         LEFT JOIN users u ON u.id = h.assignee_id
        WHERE h.workspace_id = $1 AND $2::uuid IS NOT NULL AND ${VIEW_FILTERS[view]}
          AND ($3::text IS NULL OR h.team = $3) AND ($4::text IS NULL OR cc.platform = $4)
        ORDER BY h.conversation_id, h.created_at DESC`,
      [principal.workspaceId, principal.userId, filters.team ?? null, filters.platform ?? null],
    );
    // Longest waiting first.
    items.sort((a: { handedOffAt: Date }, b: { handedOffAt: Date }) => new Date(a.handedOffAt).getTime() - new Date(b.handedOffAt).getTime());
    const [thresholds] = await this.db.query(
      `SELECT waiting_amber_minutes AS "amberMinutes", waiting_red_minutes AS "redMinutes" FROM workspaces WHERE id = $1`,
      [principal.workspaceId],
    );
    return { items, thresholds, latestEventId: await this.timeline.latestId(principal.workspaceId) };
  }

  /** The whole story of a conversation: the contact's messages, the bot's and agents' replies, system events. */
  async detail(principal: WorkspacePrincipal, conversationId: string) {
    const [conversation] = await this.db.query(
      `SELECT c.id, c.status, c.current_node_id AS "currentNodeId", c.flow_id AS "flowId", cc.platform, cc.id AS "connectionId",
              json_build_object('id', k.id, 'name', k.name, 'firstName', k.first_name, 'lastName', k.last_name, 'username', k.username,
                'avatarUrl', k.avatar_url, 'customFields', k.custom_fields, 'tags', k.tags, 'lastInboundAt', k.last_inbound_at) AS contact
         FROM conversations c JOIN contacts k ON k.id = c.contact_id JOIN channel_connections cc ON cc.id = c.connection_id
        WHERE c.id = $1 AND c.workspace_id = $2`,
      [conversationId, principal.workspaceId],
    );
    if (!conversation) throw new ConversationNotFoundError();
    const [handoff] = await this.db.query(
      `SELECT h.id, h.status, h.team, h.priority, h.note, h.assignee_id AS "assigneeId", u.email AS "assigneeEmail",
              h.created_at AS "handedOffAt", h.snoozed_until AS "snoozedUntil"
         FROM handoffs h LEFT JOIN users u ON u.id = h.assignee_id
        WHERE h.conversation_id = $1 ORDER BY h.created_at DESC LIMIT 1`,
      [conversationId],
    );
    const messages = await this.db.query(
      `SELECT * FROM (
         SELECT 'contact' AS author, e.id::text AS id, e.payload -> 'event' AS content, e.platform_ts AS at, NULL AS status, NULL AS error
           FROM inbound_events e WHERE e.conversation_id = $1 AND e.kind = 'inbound'
         UNION ALL
         SELECT CASE WHEN o.automated THEN 'bot' ELSE 'agent' END, o.id::text, o.payload -> 'message', o.created_at, o.status, o.error
           FROM outbox o WHERE o.conversation_id = $1 AND o.kind = 'message'
       ) m ORDER BY at, id LIMIT 1000`,
      [conversationId],
    );
    const events = await this.timeline.forConversation(principal.workspaceId, conversationId);
    return { ...conversation, handoff: handoff ?? null, messages, events };
  }

  /** Handoffs per day, first response and resolution times, and who resolved (bot vs humans), over a period. */
  async metrics(workspaceId: string, from: Date, to: Date) {
    const [summary] = await this.db.query(
      `SELECT count(*)::int AS handoffs,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at)) AS "firstResponseP50Seconds",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at)) AS "firstResponseP90Seconds",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at)) AS "resolutionP50Seconds",
              count(*) FILTER (WHERE resolution = 'bot')::int AS "returnedToBot",
              count(*) FILTER (WHERE resolution = 'closed')::int AS "closedByAgent",
              count(*) FILTER (WHERE resolution = 'no-agent')::int AS "noAgent"
         FROM handoffs WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3`,
      [workspaceId, from, to],
    );
    const perDay = await this.db.query(
      `SELECT date_trunc('day', created_at)::date::text AS day, count(*)::int AS handoffs
         FROM handoffs WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1 ORDER BY 1`,
      [workspaceId, from, to],
    );
    return { from, to, ...summary, perDay };
  }
}
