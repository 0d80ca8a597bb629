import { Injectable } from '@nestjs/common';
import { matchTrigger, normalizeText, type FlowDocument, type InboundEvent, type Trigger, type TriggerMatch, type Channel } from '@parley/runtime';
import type { EntityManager } from 'typeorm';

export interface LoadedFlow {
  flowId: string;
  versionId: string;
  document: FlowDocument;
}

const CACHE_LIMIT = 500;

/**
 * Flow versions for the worker. Versions are immutable, so they are cached by id forever (bounded); the live
 * version of a flow and the candidate triggers are read per turn (they change on publish).
 */
@Injectable()
export class FlowCatalog {
  private readonly versions = new Map<string, LoadedFlow>();

  async version(tx: EntityManager, versionId: string): Promise<LoadedFlow | null> {
    const cached = this.versions.get(versionId);
    if (cached) return cached;
    const [row] = await tx.query(`SELECT id, flow_id, document FROM flow_versions WHERE id = $1`, [versionId]);
    if (!row) return null;
    const loaded = { flowId: row.flow_id, versionId: row.id, document: row.document as FlowDocument };
    if (this.versions.size >= CACHE_LIMIT) this.versions.delete(this.versions.keys().next().value!);
    this.versions.set(versionId, loaded);
    return loaded;
  }

  /** The live version of a flow in this workspace (for go-to-flow), or null when it is not published. */
  async liveVersion(tx: EntityManager, workspaceId: string, flowId: string): Promise<LoadedFlow | null> {
    const [row] = await tx.query(`SELECT live_version_id FROM flows WHERE id = $1 AND workspace_id = $2 AND archived_at IS NULL`, [flowId, workspaceId]);
    return row?.live_version_id ? this.version(tx, row.live_version_id) : null;
  }

  /** A studio preview conversation (web chat visitor of a preview session): its draft snapshot and chosen channel. */
  async previewPin(tx: EntityManager, connectionId: string, contactExternalId: string): Promise<{ versionId: string; channel: Channel; fresh: boolean } | null> {
    if (!/^[0-9a-f-]{36}$/i.test(contactExternalId)) return null;
    // `fresh`: nothing from this visitor was processed yet, so the preview contact counts as new (welcome triggers).
    const [row] = await tx.query(
      `SELECT version_id, channel, NOT EXISTS (SELECT 1 FROM inbound_events e WHERE e.connection_id = $1 AND e.contact_external_id = $3 AND e.kind = 'inbound' AND e.processed_at IS NOT NULL) AS fresh
         FROM preview_sessions WHERE connection_id = $1 AND visitor_id = $2::uuid`,
      [connectionId, contactExternalId, contactExternalId],
    );
    return row ? { versionId: row.version_id, channel: row.channel, fresh: row.fresh } : null;
  }

  /** A preview's trigger match: only its snapshot's own triggers, so a preview never starts a live flow. */
  async matchPinned(
    tx: EntityManager,
    versionId: string,
    inbound: InboundEvent,
    contactState: { isNewContact: boolean; firedTriggers: Record<string, { count: number; lastFiredAt: string }> },
    now: Date,
    channel: Channel | undefined,
  ): Promise<{ match: TriggerMatch; flowId: string; versionId: string } | null> {
    const flow = await this.version(tx, versionId);
    if (!flow) return null;
    const triggers = flow.document.triggers.filter((t) => t.enabled !== false);
    const fired = Object.fromEntries(triggers.map((t) => [t.id, contactState.firedTriggers[`${flow.flowId}:${t.id}`]]).filter(([, v]) => v));
    const match = matchTrigger(triggers, inbound, { isNewContact: contactState.isNewContact, firedTriggers: fired }, { now, channel });
    return match ? { match, flowId: flow.flowId, versionId } : null;
  }

  /**
   * The trigger that starts a flow for this inbound event: one indexed lookup in `live_triggers` for the candidates
   * (every non-keyword trigger, and keyword triggers with a keyword found in the text or only regexes), then the
   * runtime's `matchTrigger` decides exactly.
   */
  async matchInbound(
    tx: EntityManager,
    workspaceId: string,
    inbound: InboundEvent,
    contactState: { isNewContact: boolean; firedTriggers: Record<string, { count: number; lastFiredAt: string }> },
    now: Date,
    channel: Channel | undefined,
  ): Promise<{ match: TriggerMatch; flowId: string; versionId: string } | null> {
    const text = 'text' in inbound ? inbound.text : '';
    const rows: Array<{ flow_id: string; version_id: string; definition: Trigger }> = await tx.query(
      `SELECT flow_id, version_id, definition FROM live_triggers
        WHERE workspace_id = $1
          AND (kind NOT IN ('keyword', 'story-reply', 'instagram-comment') OR cardinality(keywords) = 0
               OR EXISTS (SELECT 1 FROM unnest(keywords) k WHERE strpos($2, k) > 0 OR strpos($3, k) > 0))`,
      [workspaceId, normalizeText(text, {}), text],
    );
    if (!rows.length) return null;
    // Trigger ids are unique per flow only: key the candidates by object identity.
    const owner = new Map<Trigger, { flowId: string; versionId: string }>();
    for (const row of rows) owner.set(row.definition, { flowId: row.flow_id, versionId: row.version_id });
    const fired = Object.fromEntries(rows.map((r) => [r.definition.id, contactState.firedTriggers[`${r.flow_id}:${r.definition.id}`]]).filter(([, v]) => v));
    const match = matchTrigger([...owner.keys()], inbound, { isNewContact: contactState.isNewContact, firedTriggers: fired }, { now, channel });
    return match ? { match, ...owner.get(match.trigger)! } : null;
  }
}
