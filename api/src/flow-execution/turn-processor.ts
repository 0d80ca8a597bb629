import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { advanceConversation, parseButtonPayload, seededRandom, type Channel, type ConversationState, type EngineEvent, type InboundEvent } from '@parley/runtime';
import type { EntityManager } from 'typeorm';
import { FlowStatsBatch, recordDeliveryStatus } from '../analytics/flow-stats-recorder';
import { ContactsService, type ContactRow } from '../contacts/contacts.service';
import { preparedStatement } from '../database/prepared-statement';
import { recordset } from '../database/sql-recordset';
import { HandoffsService } from '../inbox/handoffs.service';
import { EffectWriter, type EffectTarget } from './effect-writer';
import { FlowCatalog, type LoadedFlow, type TriggerCandidate } from './flow-catalog';
import { claimConversations, type ClaimedConversation, type EventRow } from './conversation-claims';
import { TurnWrites, type ConversationRow } from './turn-writes';
import { DEFAULT_TURN_WORKSPACE, workspaceSettingsFor, type TurnWorkspace } from './workspace-settings';

const MAX_FLOW_HOPS = 5;

/** What one conversation's turn works with (read for the whole batch before any engine runs). */
interface TurnContext {
  writes: TurnWrites;
  workspace: TurnWorkspace;
  /** Trigger candidates per inbound event id (prefetched for the batch). */
  candidates: Map<string, TriggerCandidate[]>;
}

/**
 * A batch of claimed conversations, each with its pending events run one by one through the engine on the
 * conversation's pinned flow version. Reads are made for the whole batch up front (contacts and conversations,
 * workspaces, trigger candidates: one statement each), writes are collected in TurnWrites and written in one
 * statement, all in the caller's transaction: a crash anywhere leaves the events pending for the next claim, and a
 * batch of N conversations costs about as many round trips as one.
 */
@Injectable()
export class TurnProcessor {
  constructor(
    private readonly flows: FlowCatalog,
    private readonly contacts: ContactsService,
    private readonly effects: EffectWriter,
    private readonly handoffs: HandoffsService,
  ) {}

  /** Processes one conversation's pending events (claims it in the caller's transaction). */
  async process(tx: EntityManager, connectionId: string, contactExternalId: string): Promise<number> {
    const claims = await claimConversations(tx, 1, { connectionId, contactExternalId });
    return (await this.processClaimed(tx, claims)).events;
  }

  /**
   * Runs the claimed conversations' events and writes everything; answers the number of events handled and whether
   * outbox rows were queued (the caller wakes a dispatcher after its commit).
   */
  async processClaimed(tx: EntityManager, claims: ClaimedConversation[]): Promise<{ events: number; dispatchQueued: boolean }> {
    const writes = new TurnWrites();
    const active = claims.filter((c) => c.events.length > 0);
    if (active.length) {
      const now = new Date();
      const turns = await this.openConversations(tx, active);
      const workspaces = await workspaceSettingsFor(tx, turns.map((t) => t.workspaceId), now);
      const candidates = await this.prefetchCandidates(tx, turns);
      for (const turn of turns) {
        await this.processConversation(tx, turn, { writes, workspace: workspaces.get(turn.workspaceId) ?? DEFAULT_TURN_WORKSPACE, candidates });
      }
    }
    const { dispatchQueued } = await writes.flush(tx, claims.map(({ connectionId, contactExternalId }) => ({ connectionId, contactExternalId })));
    return { events: active.reduce((n, c) => n + c.events.length, 0), dispatchQueued };
  }

  /**
   * The batch's contacts (created or refreshed from the newest profile) and conversations (created when missing,
   * else locked: the row lock serialises a turn with agents handing off or releasing it), in one statement.
   */
  private async openConversations(tx: EntityManager, claims: ClaimedConversation[]): Promise<OpenTurn[]> {
    // One connection per transaction: these reads (usually cached or none) go one after another.
    const prepared = [];
    for (const claim of claims) {
      const connection = await connectionPlatform(tx, claim.connectionId);
      // A studio preview runs its draft snapshot with the channel picked in the studio (its limits apply).
      const preview = connection?.platform === 'webchat' ? await this.flows.previewPin(tx, claim.connectionId, claim.contactExternalId) : null;
      const inbound = claim.events.filter((e) => e.kind === 'inbound');
      const profile = inbound.find((e) => e.payload.contact)?.payload.contact ?? { externalId: claim.contactExternalId };
      prepared.push({ claim, preview, channel: (preview?.channel ?? connection?.platform) as Channel | undefined, profile, lastInbound: inbound.length ? inbound[inbound.length - 1].platform_ts : null });
    }
    // Without an inbound message the contact is only read (COALESCE and GREATEST keep every stored value).
    const rows: Array<ContactRow & { connection_id: string; conv_id: string | null; conv_status: ConversationRow['status']; conv_flow_id: string | null; conv_flow_version_id: string | null; conv_state: ConversationState | null; conv_last_error: unknown }> = await tx.query(
      preparedStatement(`WITH input AS (
         SELECT * FROM ${recordset('$1', 'i', 'workspace_id uuid, connection_id uuid, external_id text, name text, first_name text, last_name text, username text, avatar_url text, last_inbound_at timestamptz')}
       ), ct AS (
         INSERT INTO contacts (workspace_id, connection_id, external_id, name, first_name, last_name, username, avatar_url, last_inbound_at)
         SELECT workspace_id, connection_id, external_id, name, first_name, last_name, username, avatar_url, last_inbound_at FROM input ORDER BY connection_id, external_id
         ON CONFLICT (connection_id, external_id) DO UPDATE SET
           name = COALESCE(EXCLUDED.name, contacts.name), first_name = COALESCE(EXCLUDED.first_name, contacts.first_name),
           last_name = COALESCE(EXCLUDED.last_name, contacts.last_name), username = COALESCE(EXCLUDED.username, contacts.username),
           avatar_url = COALESCE(EXCLUDED.avatar_url, contacts.avatar_url),
           last_inbound_at = GREATEST(contacts.last_inbound_at, EXCLUDED.last_inbound_at)
         -- Columns listed, not *: a prepared statement's result must not change shape when a migration adds one.
         RETURNING id, workspace_id, connection_id, external_id, name, first_name, last_name, username, avatar_url, custom_fields, tags,
                   fired_triggers, last_inbound_at, opted_out_at, (xmax = 0) AS inserted
       ), created AS (
         INSERT INTO conversations (workspace_id, connection_id, contact_id) SELECT workspace_id, connection_id, id FROM ct ORDER BY id
         ON CONFLICT (contact_id) DO NOTHING
         RETURNING id, contact_id, status, flow_id, flow_version_id, state, last_error
       ), locked AS (
         SELECT id, contact_id, status, flow_id, flow_version_id, state, last_error FROM conversations
          WHERE contact_id IN (SELECT id FROM ct) ORDER BY id FOR UPDATE
       )
       SELECT ct.*, v.id AS conv_id, v.status AS conv_status, v.flow_id AS conv_flow_id, v.flow_version_id AS conv_flow_version_id,
              v.state AS conv_state, v.last_error AS conv_last_error
         FROM ct LEFT JOIN (SELECT * FROM created UNION ALL SELECT * FROM locked) v ON v.contact_id = ct.id`),
      [
        JSON.stringify(
          prepared.map(({ claim, profile, lastInbound }) => ({
            workspace_id: claim.events[0].workspace_id,
            connection_id: claim.connectionId,
            external_id: claim.contactExternalId,
            name: profile.name ?? null,
            first_name: profile.firstName ?? null,
            last_name: profile.lastName ?? null,
            username: profile.username ?? null,
            avatar_url: profile.avatarUrl ?? null,
            last_inbound_at: lastInbound,
          })),
        ),
      ],
    );
    const byKey = new Map(rows.map((r) => [`${r.connection_id} ${r.external_id}`, r]));
    const turns: OpenTurn[] = [];
    for (const p of prepared) {
      const row = byKey.get(`${p.claim.connectionId} ${p.claim.contactExternalId}`)!;
      const { conv_id, conv_status, conv_flow_id, conv_flow_version_id, conv_state, conv_last_error, ...contact } = row;
      let conversation: ConversationRow | undefined = conv_id
        ? { id: conv_id, status: conv_status, flow_id: conv_flow_id, flow_version_id: conv_flow_version_id, state: conv_state, last_error: conv_last_error }
        : undefined;
      // Created by someone else (a broadcast) after this statement's snapshot: read and lock it now.
      conversation ??= (await tx.query(`SELECT id, status, flow_id, flow_version_id, state, last_error FROM conversations WHERE contact_id = $1 FOR UPDATE`, [contact.id]))[0];
      turns.push({ ...p, workspaceId: p.claim.events[0].workspace_id, contact, conversation: conversation!, isNewContact: contact.inserted || p.preview?.fresh === true });
    }
    return turns;
  }

  /** Trigger candidates for every inbound message of the batch that is not a preview's, in one query. */
  private async prefetchCandidates(tx: EntityManager, turns: OpenTurn[]): Promise<Map<string, TriggerCandidate[]>> {
    const wanted = turns.flatMap((t) =>
      t.preview ? [] : t.claim.events.filter((e) => e.kind === 'inbound').map((e) => ({ eventId: e.id, workspaceId: t.workspaceId, text: inboundText(e.payload.event as InboundEvent) })),
    );
    const lists = await this.flows.triggerCandidates(tx, wanted);
    return new Map(wanted.map((w, i) => [w.eventId, lists[i]]));
  }

  private async processConversation(tx: EntityManager, turn: OpenTurn, context: TurnContext): Promise<void> {
    const { claim, contact, conversation: conv, preview, channel, workspaceId } = turn;
    let isNewContact = turn.isNewContact;
    for (const event of claim.events) {
      const target = { workspaceId, conversationId: conv.id, connectionId: claim.connectionId, contactExternalId: claim.contactExternalId, contact, inboundEventId: Number(event.id) };
      const result = await this.handle(tx, event, conv, target, channel, isNewContact, preview?.versionId ?? null, context);
      if (event.kind === 'inbound') isNewContact = false;
      context.writes.markProcessed(event.id, conv.id, result.outcome);
    }
    context.writes.saveConversation(conv);
    context.writes.saveContact(contact);
  }

  private async handle(tx: EntityManager, event: EventRow, conv: ConversationRow, target: EffectTarget, channel: Channel | undefined, isNewContact: boolean, previewVersionId: string | null, context: TurnContext): Promise<{ outcome: string; outbox: number }> {
    switch (event.kind) {
      case 'status':
        if (event.payload.platformMessageId) {
          await recordDeliveryStatus(tx, target.connectionId, event.payload.platformMessageId, event.payload.status);
        }
        return { outcome: 'status', outbox: 0 };
      case 'handover':
        conv.status = event.payload.to === 'human' ? 'handed-off' : 'bot';
        return { outcome: `handover-${event.payload.to}`, outbox: 0 };
      case 'ignored':
        return { outcome: 'ignored', outbox: 0 };
      case 'inbound':
        return this.inbound(tx, event, conv, target, channel, isNewContact, previewVersionId, context);
      default: {
        // A broadcast's "start flow X" runs X's live version; timers, HTTP answers and agent events the pinned one.
        const startFlowId = (event.payload as { startFlowId?: string }).startFlowId;
        const flow = startFlowId ? await this.flows.liveVersion(tx, target.workspaceId, startFlowId) : null;
        if (startFlowId && !flow) return { outcome: 'no-flow', outbox: 0 };
        return this.run(tx, conv, target, channel, flow, event.payload.event as EngineEvent, previewVersionId !== null, context);
      }
    }
  }

  private async inbound(tx: EntityManager, event: EventRow, conv: ConversationRow, target: EffectTarget, channel: Channel | undefined, isNewContact: boolean, previewVersionId: string | null, context: TurnContext) {
    const inbound = event.payload.event as InboundEvent;
    const { workspace } = context;
    // Opt-out keywords (`stop`) are honoured even while an agent has the conversation; the flow still answers.
    if (inbound.type === 'message-received') {
      await this.contacts.applyOptKeywords(tx, target.contact, inbound.text, { optOut: workspace.optOutKeywords, optIn: workspace.optInKeywords });
    }
    if (conv.status === 'handed-off') return { outcome: 'handed-off', outbox: 0 };
    if (conv.status === 'closed') conv.status = 'bot';
    const payload = 'payload' in inbound ? inbound.payload : undefined;
    const toConversation = conv.state && ((payload && parseButtonPayload(payload)) || conv.state.wait?.kind === 'reply');
    if (!toConversation) {
      const contactState = { isNewContact, firedTriggers: target.contact.fired_triggers };
      const hit = previewVersionId
        ? await this.flows.matchPinned(tx, previewVersionId, inbound, contactState, new Date(), channel)
        : this.flows.matchCandidates(context.candidates.get(event.id) ?? [], inbound, contactState, new Date(), channel);
      if (hit) {
        const key = `${hit.flowId}:${hit.match.trigger.id}`;
        const prev = target.contact.fired_triggers[key];
        target.contact.fired_triggers = { ...target.contact.fired_triggers, [key]: { count: (prev?.count ?? 0) + 1, lastFiredAt: new Date().toISOString() } };
        const flow = await this.flows.version(tx, hit.versionId);
        if (flow) return this.run(tx, conv, target, channel, flow, { type: 'start', triggerId: hit.match.trigger.id, inbound }, previewVersionId !== null, context);
      }
      if (!conv.state) return { outcome: 'no-trigger', outbox: 0 };
    }
    return this.run(tx, conv, target, channel, null, inbound, previewVersionId !== null, context);
  }

  /** Runs the engine (following start-flow hops) and records the effects; `flow` null = the pinned version. */
  private async run(tx: EntityManager, conv: ConversationRow, target: EffectTarget, channel: Channel | undefined, flow: LoadedFlow | null, event: EngineEvent, preview: boolean, context: TurnContext) {
    let current = flow ?? (conv.flow_version_id ? await this.flows.version(tx, conv.flow_version_id) : null);
    if (!current) return { outcome: 'no-flow', outbox: 0 };
    let outbox = 0;
    let next: EngineEvent | null = event;
    const settings = context.workspace.engine;
    const stats = new FlowStatsBatch(target.workspaceId, conv.id);
    for (let hop = 0; next && hop < MAX_FLOW_HOPS; hop++) {
      const state = conv.state;
      const result = advanceConversation({
        flow: current.document,
        conversation: state,
        event: next,
        context: { now: new Date(), newId: randomUUID, random: seededRandom(hashSeed(conv.id, state?.steps.total ?? 0)), channel, workspace: settings, contact: this.contacts.snapshot(target.contact) },
      });
      stats.addHop(current, { flowId: conv.flow_id, versionId: conv.flow_version_id }, next, result);
      conv.state = result.conversation;
      conv.flow_id = current.flowId;
      conv.flow_version_id = current.versionId;
      // A preview's messages carry no version, so delivery counters never attribute them to the flow.
      const outcome = this.effects.apply(context.writes, { ...target, flowVersionId: preview ? null : current.versionId }, result.effects);
      outbox += outcome.outbox;
      conv.status = statusOf(result.conversation, conv.status);
      if (outcome.handedOff) conv.status = 'handed-off';
      if (outcome.handOffCancelled && conv.status === 'handed-off') conv.status = 'bot';
      // The inbox sees every handoff: the flow's own, and the loop guard's (so a human looks at a stuck bot). A
      // studio preview's stays out of it (no agent is notified); the studio releases it itself (PreviewSessionsService).
      if (outcome.handOff && !preview) {
        const h = outcome.handOff;
        await this.handoffs.open(tx, { workspaceId: target.workspaceId, conversationId: conv.id, nodeId: h.nodeId, team: h.team, priority: h.priority, note: h.note });
      }
      if (outcome.handOffCancelled) await this.handoffs.timeOut(tx, target.workspaceId, conv.id);
      if (outcome.error) {
        // The loop guard ended the conversation: alert (last_error) and open a handoff so a human looks at it.
        conv.last_error = { ...outcome.error, at: new Date().toISOString() };
        if (outcome.error.code.startsWith('LOOP_GUARD')) {
          conv.status = 'handed-off';
          if (!preview) await this.handoffs.open(tx, { workspaceId: target.workspaceId, conversationId: conv.id, nodeId: null, team: null, priority: 'high', note: `The bot stopped: ${outcome.error.message}` });
        }
      }
      next = null;
      if (outcome.startFlow) {
        const target2 = await this.flows.liveVersion(tx, target.workspaceId, outcome.startFlow.flowId);
        if (target2) {
          current = target2;
          next = { type: 'start', startNodeId: outcome.startFlow.startNodeId };
        }
      }
    }
    // Studio previews are not traffic: they never count in analytics.
    if (!preview) context.writes.addStats(stats);
    return { outcome: 'turn', outbox };
  }
}

/** A claimed conversation once its contact and conversation rows are open. */
interface OpenTurn {
  claim: ClaimedConversation;
  workspaceId: string;
  preview: { versionId: string; channel: Channel; fresh: boolean } | null;
  channel: Channel | undefined;
  contact: ContactRow;
  conversation: ConversationRow;
  isNewContact: boolean;
}

function inboundText(inbound: InboundEvent): string {
  return 'text' in inbound && typeof inbound.text === 'string' ? inbound.text : '';
}

/** A connection's platform never changes: read once per process. */
const platforms = new Map<string, { platform: string } | undefined>();
async function connectionPlatform(tx: EntityManager, connectionId: string): Promise<{ platform: string } | undefined> {
  if (platforms.has(connectionId)) return platforms.get(connectionId);
  const [row] = await tx.query(`SELECT platform FROM channel_connections WHERE id = $1`, [connectionId]);
  if (row) {
    if (platforms.size > 10_000) platforms.clear();
    platforms.set(connectionId, { platform: row.platform });
  }
  return row;
}

function statusOf(state: ConversationState, current: ConversationRow['status']): ConversationRow['status'] {
  if (state.status === 'handed-off') return 'handed-off';
  if (state.status === 'waiting') return 'waiting';
  return current === 'handed-off' ? 'handed-off' : 'bot';
}

function hashSeed(id: string, n: number): number {
  let h = n | 0;
  for (let i = 0; i < id.length; i++) h = (Math.imul(h, 31) + id.charCodeAt(i)) | 0;
  return h;
}
