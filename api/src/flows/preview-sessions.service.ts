import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { createConversation, flowIdOf, upgradeFlowDocument, type FlowDocument, type JsonValue } from '@parley/runtime';
import { DataSource, type EntityManager } from 'typeorm';
import { ConnectionStore } from '../channels/connection-store';
import { STUDIO_PREVIEW_ACCOUNT_ID } from '../channels/studio-preview';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { returnConversationToBot } from '../conversations/conversations.service';
import { insertEvents } from '../flow-execution/intake.service';
import type { CreatePreviewSessionDto } from './dto/preview-session.dto';
import { contentHash } from './flow-hash';
import { PreviewNotHandedOffError, PreviewSessionNotFoundError, PreviewUnavailableError } from './flows.errors';
import { FlowsService } from './flows.service';

/** The web chat connection that carries every preview of a workspace, apart from real visitors (inbox, analytics). */
export const PREVIEW_ACCOUNT_ID = STUDIO_PREVIEW_ACCOUNT_ID;
/** Preview sessions older than this are cleared when a new one starts. */
const SESSION_TTL = '1 day';
/** Each session copies the draft: one person keeps at most this many previews of a flow (the oldest go first). */
const SESSIONS_PER_PERSON_AND_FLOW = 5;

/**
 * Studio previews through the real runtime: a session is a web chat visitor of the workspace's preview connection,
 * whose conversation is pinned to an unnumbered snapshot of the draft (`flow_versions.kind = 'preview'`). The
 * worker runs it like any conversation but matches only the snapshot's own triggers and applies the session's
 * channel limits (see FlowCatalog.previewPin); live flows never see it. The studio chats over the public web chat
 * routes with the visitor token, and polls `state` for the current step, variables and contact fields.
 */
@Injectable()
export class PreviewSessionsService {
  constructor(
    private readonly db: DataSource,
    private readonly flows: FlowsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  async create(principal: WorkspacePrincipal, flowId: string, input: CreatePreviewSessionDto) {
    const flow = await this.flows.get(principal.workspaceId, flowId);
    const document = readDraft(flow.draft.document);
    if (input.startNodeId && !document.nodes.some((n) => n.id === input.startNodeId)) {
      throw new PreviewUnavailableError(`The draft has no step "${input.startNodeId}" to start from.`);
    }
    const variables = input.variables ?? {};
    if (JSON.stringify(variables).length > 20_000) throw new PreviewUnavailableError('The starting variables are too large (20 kB at most).');
    const channel = input.channel ?? 'webchat';
    await this.clearStale(principal, flowId);

    return this.db.transaction(async (tx) => {
      const versionId = await this.snapshot(tx, principal, flowId, document);
      const connectionId = await this.previewConnection(tx, principal.workspaceId);
      const token = `wv_${randomBytes(32).toString('base64url')}`;
      const [visitor] = await tx.query(`INSERT INTO webchat_visitors (connection_id, token_hash) VALUES ($1, $2) RETURNING id`, [
        connectionId,
        createHash('sha256').update(token).digest('hex'),
      ]);
      const [session] = await tx.query(
        `INSERT INTO preview_sessions (workspace_id, flow_id, version_id, connection_id, visitor_id, channel, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at AS "createdAt"`,
        [principal.workspaceId, flowId, versionId, connectionId, visitor.id, channel, principal.userId],
      );
      // The contact and its conversation exist before the first message, pinned to the snapshot and holding the
      // chosen variables; the worker finds them as for any returning contact.
      const [contact] = await tx.query(
        `INSERT INTO contacts (workspace_id, connection_id, external_id, name, first_name) VALUES ($1, $2, $3, 'Preview visitor', 'Preview') RETURNING id`,
        [principal.workspaceId, connectionId, visitor.id],
      );
      const state = Object.keys(variables).length ? createConversation(flowIdOf(document), variables as Record<string, JsonValue>) : null;
      await tx.query(`INSERT INTO conversations (workspace_id, connection_id, contact_id, flow_id, flow_version_id, state) VALUES ($1, $2, $3, $4, $5, $6)`, [
        principal.workspaceId,
        connectionId,
        contact.id,
        flowId,
        versionId,
        state ? JSON.stringify(state) : null,
      ]);
      if (input.startNodeId) {
        // Runs on the pinned snapshot like a timer or an agent event would (any non-inbound event kind does).
        await insertEvents(tx, principal.workspaceId, connectionId, [
          { platformEventId: `preview-start:${session.id}`, contactExternalId: visitor.id, kind: 'preview-start', platformTs: new Date(), payload: { event: { type: 'start', startNodeId: input.startNodeId } } },
        ]);
      }
      return { id: session.id as string, flowId, channel, startNodeId: input.startNodeId ?? null, connectionId, visitorId: visitor.id as string, token, createdAt: session.createdAt };
    });
  }

  /** Where the preview conversation is: current step, status, variables, and the contact's fields and tags. */
  async state(workspaceId: string, flowId: string, sessionId: string) {
    const [row] = await this.db.query(
      `SELECT s.id, s.channel, c.current_node_id AS "currentNodeId", c.status, c.state->>'status' AS "conversationStatus",
              coalesce(c.state->'variables', '{}'::jsonb) AS variables, c.last_error AS "lastError",
              ct.name AS "contactName", ct.custom_fields AS "customFields", ct.tags,
              m.processed, m.pending, m.last_outcome AS "lastOutcome"
         FROM preview_sessions s
         -- What the worker made of the visitor's messages, so the studio can say when no trigger matched.
         CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE e.processed_at IS NOT NULL)::int AS processed, count(*) FILTER (WHERE e.processed_at IS NULL)::int AS pending,
                  (array_agg(e.outcome ORDER BY e.id DESC) FILTER (WHERE e.processed_at IS NOT NULL))[1] AS last_outcome
             FROM inbound_events e WHERE e.connection_id = s.connection_id AND e.contact_external_id = s.visitor_id::text AND e.kind = 'inbound'
         ) m
         LEFT JOIN contacts ct ON ct.connection_id = s.connection_id AND ct.external_id = s.visitor_id::text
         LEFT JOIN conversations c ON c.contact_id = ct.id
        WHERE s.id = $1 AND s.workspace_id = $2 AND s.flow_id = $3`,
      [sessionId, workspaceId, flowId],
    );
    if (!row) throw new PreviewSessionNotFoundError();
    const ended = row.conversationStatus === 'ended';
    return {
      id: row.id,
      channel: row.channel,
      currentNodeId: ended ? null : row.currentNodeId,
      status: row.conversationStatus ?? 'not-started',
      variables: row.variables,
      lastError: row.lastError,
      messages: { processed: row.processed, pending: row.pending, lastOutcome: row.lastOutcome },
      contact: { name: row.contactName, customFields: row.customFields ?? {}, tags: row.tags ?? [] },
    };
  }

  /**
   * "Return to bot": a preview's handoff opens nothing in the inbox (the runtime host skips it for previews), so the
   * studio ends it here, through the same release as an agent's (status back to bot, `agent-released` event in
   * order with the visitor's messages) and the flow continues from the handoff step's `returned` output.
   */
  async release(workspaceId: string, flowId: string, sessionId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `SELECT c.id, c.status, s.connection_id, s.visitor_id::text AS visitor_id
           FROM preview_sessions s
           JOIN contacts ct ON ct.connection_id = s.connection_id AND ct.external_id = s.visitor_id::text AND ct.workspace_id = s.workspace_id
           JOIN conversations c ON c.contact_id = ct.id AND c.workspace_id = s.workspace_id
          WHERE s.id = $1 AND s.workspace_id = $2 AND s.flow_id = $3
          FOR UPDATE OF c`,
        [sessionId, workspaceId, flowId],
      );
      if (!row) throw new PreviewSessionNotFoundError();
      // Under the row lock: a double click is refused rather than releasing twice.
      if (row.status !== 'handed-off') throw new PreviewNotHandedOffError();
      await returnConversationToBot(
        tx,
        { workspaceId, conversationId: row.id, connectionId: row.connection_id, contactExternalId: row.visitor_id },
        { eventId: `preview-released:${row.id}:${randomUUID()}`, outcome: 'resolved' },
      );
    });
  }

  async remove(workspaceId: string, flowId: string, sessionId: string): Promise<void> {
    const [session] = await this.db.query(`SELECT id FROM preview_sessions WHERE id = $1 AND workspace_id = $2 AND flow_id = $3`, [sessionId, workspaceId, flowId]);
    if (!session) throw new PreviewSessionNotFoundError();
    await this.db.transaction((tx) => this.removeSessions(tx, `s.id = $1`, [sessionId]));
  }

  /** Forgets the contact, conversation, pending events, visitor and messages of the matching sessions. */
  private async removeSessions(tx: EntityManager, where: string, params: unknown[]): Promise<void> {
    const sessions: Array<{ id: string; connection_id: string; visitor_id: string; version_id: string }> = await tx.query(
      `SELECT s.id, s.connection_id, s.visitor_id::text, s.version_id FROM preview_sessions s WHERE ${where}`,
      params,
    );
    for (const s of sessions) {
      await tx.query(`DELETE FROM inbound_events WHERE connection_id = $1 AND contact_external_id = $2`, [s.connection_id, s.visitor_id]);
      await tx.query(`DELETE FROM conversation_queue WHERE connection_id = $1 AND contact_external_id = $2`, [s.connection_id, s.visitor_id]);
      await tx.query(`DELETE FROM contacts WHERE connection_id = $1 AND external_id = $2`, [s.connection_id, s.visitor_id]);
      await tx.query(`DELETE FROM webchat_visitors WHERE id = $1`, [s.visitor_id]);
    }
    // Their snapshots (each session has its own; a conversation still pinned to one keeps it).
    if (sessions.length) {
      await tx.query(
        `DELETE FROM flow_versions v WHERE v.id = ANY($1::uuid[]) AND v.kind = 'preview'
            AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.flow_version_id = v.id)`,
        [sessions.map((s) => s.version_id)],
      );
    }
  }

  private async clearStale(principal: WorkspacePrincipal, flowId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.removeSessions(tx, `s.workspace_id = $1 AND s.created_at < now() - $2::interval`, [principal.workspaceId, SESSION_TTL]);
      await this.removeSessions(
        tx,
        `s.id IN (SELECT id FROM preview_sessions WHERE workspace_id = $1 AND flow_id = $2 AND created_by = $3 ORDER BY created_at DESC, id OFFSET $4)`,
        [principal.workspaceId, flowId, principal.userId, SESSIONS_PER_PERSON_AND_FLOW - 1],
      );
    });
  }

  /**
   * The draft as an immutable preview snapshot, one per session: never shared, so deleting a session (and its
   * snapshot) cannot race a new session that would reuse it.
   */
  private async snapshot(tx: EntityManager, principal: WorkspacePrincipal, flowId: string, document: FlowDocument): Promise<string> {
    const [row] = await tx.query(
      `INSERT INTO flow_versions (flow_id, workspace_id, number, document, content_hash, notes, kind, published_by)
       VALUES ($1, $2, NULL, $3, $4, 'Studio preview', 'preview', $5) RETURNING id`,
      [flowId, principal.workspaceId, document, contentHash(document), principal.userId],
    );
    return row.id;
  }

  private async previewConnection(tx: EntityManager, workspaceId: string): Promise<string> {
    const { sealed, keyId } = this.moduleRef.get(ConnectionStore, { strict: false }).seal({});
    await tx.query(
      `INSERT INTO channel_connections (workspace_id, platform, name, external_account_id, secrets_encrypted, secrets_key_id)
       VALUES ($1, 'webchat', 'Studio preview', $2, $3, $4) ON CONFLICT DO NOTHING`,
      [workspaceId, PREVIEW_ACCOUNT_ID, sealed, keyId],
    );
    const [row] = await tx.query(`SELECT id, status FROM channel_connections WHERE workspace_id = $1 AND platform = 'webchat' AND external_account_id = $2`, [
      workspaceId,
      PREVIEW_ACCOUNT_ID,
    ]);
    if (row.status !== 'active') throw new PreviewUnavailableError('The studio preview connection is disabled in this workspace.');
    return row.id;
  }
}

function readDraft(raw: unknown): FlowDocument {
  try {
    return upgradeFlowDocument(raw);
  } catch (error) {
    throw new PreviewUnavailableError(`The preview cannot run this draft yet: ${error instanceof Error ? error.message : String(error)}`);
  }
}
