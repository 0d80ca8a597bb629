import { Injectable } from '@nestjs/common';
import { matchTrigger, normalizeText, type FlowDocument, type InboundEvent, type Trigger, type TriggerMatch, type Channel } from '@parley/runtime';
import type { EntityManager } from 'typeorm';
import { preparedStatement } from '../database/prepared-statement';

export interface LoadedFlow {
  flowId: string;
  versionId: string;
  document: FlowDocument;
}

const CACHE_LIMIT = 500;

/**
 * Flow versions for the worker. Versions are immutable, so they are cached by id forever (bounded); the live
 * version of a flow and the candidate triggers are read per turn batch (they change on publish).
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
   * The candidate triggers for a batch's inbound texts, in one indexed lookup in `live_triggers`: every non-keyword
   * trigger, and keyword triggers with a keyword found in the text (or only regexes). `matchCandidates` then lets the
   * runtime's `matchTrigger` decide exactly. Answers one list per input, in input order.
   */
  async triggerCandidates(tx: EntityManager, inputs: Array<{ workspaceId: string; text: string }>): Promise<TriggerCandidate[][]> {
    const lists: TriggerCandidate[][] = inputs.map(() => []);
    if (!inputs.length) return lists;
    const rows: Array<{ n: number; flow_id: string; version_id: string; definition: Trigger }> = await tx.query(
      preparedStatement(`SELECT i.n::int AS n, t.flow_id, t.version_id, t.definition
         FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS i(workspace_id, normalized, text, n)
         JOIN live_triggers t ON t.workspace_id = i.workspace_id
          AND (t.kind NOT IN ('keyword', 'story-reply', 'instagram-comment') OR cardinality(t.keywords) = 0
               OR EXISTS (SELECT 1 FROM unnest(t.keywords) k WHERE strpos(i.normalized, k) > 0 OR strpos(i.text, k) > 0))`),
      [inputs.map((i) => i.workspaceId), inputs.map((i) => normalizeText(i.text, {})), inputs.map((i) => i.text)],
    );
    for (const row of rows) lists[row.n - 1].push({ flowId: row.flow_id, versionId: row.version_id, definition: row.definition });
    return lists;
  }

  /** The trigger among `candidates` (from triggerCandidates) that starts a flow for this inbound event, or null. */
  matchCandidates(
    candidates: TriggerCandidate[],
    inbound: InboundEvent,
    contactState: { isNewContact: boolean; firedTriggers: Record<string, { count: number; lastFiredAt: string }> },
    now: Date,
    channel: Channel | undefined,
  ): { match: TriggerMatch; flowId: string; versionId: string } | null {
    if (!candidates.length) return null;
    // Trigger ids are unique per flow only: key the candidates by object identity.
    const owner = new Map<Trigger, TriggerCandidate>();
    for (const candidate of candidates) owner.set(candidate.definition, candidate);
    const fired = Object.fromEntries(candidates.map((c) => [c.definition.id, contactState.firedTriggers[`${c.flowId}:${c.definition.id}`]]).filter(([, v]) => v));
    const match = matchTrigger([...owner.keys()], inbound, { isNewContact: contactState.isNewContact, firedTriggers: fired }, { now, channel });
    if (!match) return null;
    const { flowId, versionId } = owner.get(match.trigger)!;
    return { match, flowId, versionId };
  }
}

/** A live trigger that may match an inbound text. */
export interface TriggerCandidate {
  flowId: string;
  versionId: string;
  definition: Trigger;
}
