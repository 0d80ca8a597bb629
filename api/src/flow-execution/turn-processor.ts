import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { advanceConversation, parseButtonPayload, seededRandom, type Channel, type ConversationState, type EngineEvent, type InboundEvent } from '@parley/runtime';
import type { EntityManager } from 'typeorm';
import { FlowStatsBatch, recordDeliveryStatus } from '../analytics/flow-stats-recorder';
import type { InboundContact } from '../channels/channel-adapter';
import { ContactsService, type ContactRow } from '../contacts/contacts.service';
import { HandoffsService } from '../inbox/handoffs.service';
import { workspaceSettingsFor, type TurnWorkspace } from './workspace-settings';
import { EffectWriter, queueDispatch } from './effect-writer';
import { FlowCatalog, type LoadedFlow } from './flow-catalog';

interface EventRow {
  id: string;
  workspace_id: string;
  kind: string;
  platform_ts: Date;
  payload: { contact?: InboundContact; event?: InboundEvent | EngineEvent; to?: 'human' | 'bot'; platformMessageId?: string; status?: string; error?: string };
}

interface ConversationRow {
  id: string;
  status: 'bot' | 'waiting' | 'handed-off' | 'closed';
  flow_id: string | null;
  flow_version_id: string | null;
  state: ConversationState | null;
  last_error: unknown;
}

const BATCH = 100;
const MAX_FLOW_HOPS = 5;

/**
 * One claimed conversation: its pending events, oldest first (platform timestamp, then arrival), each run through
 * the engine on the conversation's pinned flow version; state, message log, timers and outbox are written by the
 * caller's transaction, so a crash anywhere leaves the events pending for the next claim.
 */
@Injectable()
export class TurnProcessor {
  constructor(
    private readonly flows: FlowCatalog,
    private readonly contacts: ContactsService,
    private readonly effects: EffectWriter,
    private readonly handoffs: HandoffsService,
  ) {}

  async process(tx: EntityManager, connectionId: string, contactExternalId: string): Promise<number> {
    const events: EventRow[] = await tx.query(
      `SELECT id, workspace_id, kind, platform_ts, payload FROM inbound_events
        WHERE connection_id = $1 AND contact_external_id = $2 AND processed_at IS NULL
        ORDER BY platform_ts, id LIMIT ${BATCH}`,
      [connectionId, contactExternalId],
    );
    if (!events.length) return 0;
    const workspaceId = events[0].workspace_id;
    const connection = await connectionPlatform(tx, connectionId);
    // A studio preview runs its draft snapshot with the channel picked in the studio (its limits apply).
    const preview = connection?.platform === 'webchat' ? await this.flows.previewPin(tx, connectionId, contactExternalId) : null;
    const channel = (preview?.channel ?? connection?.platform) as Channel | undefined;
    const inbound = events.filter((e) => e.kind === 'inbound');
    const profile = inbound.find((e) => e.payload.contact)?.payload.contact ?? { externalId: contactExternalId };
    const lastInbound = inbound.length ? inbound[inbound.length - 1].platform_ts : null;
    const existing = inbound.length ? null : await this.existingContact(tx, connectionId, contactExternalId);
    const contact = existing ?? (await this.contacts.upsert(tx, workspaceId, connectionId, profile, lastInbound));
    let isNewContact = contact.inserted || preview?.fresh === true;
    // The row lock serialises us with agents (handoff/release) touching this conversation. Most turns find the row:
    // lock it first and insert only when missing (one round trip instead of two).
    const lockConversation = async (): Promise<ConversationRow | undefined> =>
      (await tx.query(`SELECT id, status, flow_id, flow_version_id, state, last_error FROM conversations WHERE contact_id = $1 FOR UPDATE`, [contact.id]))[0];
    let conv = await lockConversation();
    if (!conv) {
      [conv] = await tx.query(
        `INSERT INTO conversations (workspace_id, connection_id, contact_id) VALUES ($1, $2, $3) ON CONFLICT (contact_id) DO NOTHING
         RETURNING id, status, flow_id, flow_version_id, state, last_error`,
        [workspaceId, connectionId, contact.id],
      );
      conv ??= (await lockConversation())!;
    }

    const outcomes: Array<{ id: string; outcome: string }> = [];
    let outbox = 0;
    for (const event of events) {
      const target = { workspaceId, conversationId: conv.id, connectionId, contactExternalId, contact, inboundEventId: Number(event.id) };
      const result = await this.handle(tx, event, conv, target, channel, isNewContact, preview?.versionId ?? null);
      if (event.kind === 'inbound') isNewContact = false;
      outbox += result.outbox;
      outcomes.push({ id: event.id, outcome: result.outcome });
    }
    // The processed marks and the conversation in one statement: one round trip less per turn (a data-modifying
    // WITH runs whether or not the main statement reads it).
    await tx.query(
      `WITH processed AS (
         UPDATE inbound_events e SET processed_at = now(), conversation_id = $1, outcome = o.outcome
           FROM jsonb_to_recordset($8::jsonb) AS o(id bigint, outcome text) WHERE e.id = o.id)
       UPDATE conversations SET status = $2, flow_id = $3, flow_version_id = $4, current_node_id = $5, state = $6, last_error = $7, updated_at = now() WHERE id = $1`,
      [
        conv.id,
        conv.status,
        conv.flow_id,
        conv.flow_version_id,
        conv.state?.currentNodeId ?? null,
        conv.state ? JSON.stringify(conv.state) : null,
        conv.last_error ? JSON.stringify(conv.last_error) : null,
        JSON.stringify(outcomes),
      ],
    );
    await this.contacts.save(tx, contact);
    if (outbox) await queueDispatch(tx, conv.id);
    return events.length;
  }

  private async handle(tx: EntityManager, event: EventRow, conv: ConversationRow, target: Parameters<EffectWriter['apply']>[1], channel: Channel | undefined, isNewContact: boolean, previewVersionId: string | null): Promise<{ outcome: string; outbox: number }> {
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
        return this.inbound(tx, event.payload.event as InboundEvent, conv, target, channel, isNewContact, previewVersionId);
      default: {
        // A broadcast's "start flow X" runs X's live version; timers, HTTP answers and agent events the pinned one.
        const startFlowId = (event.payload as { startFlowId?: string }).startFlowId;
        const flow = startFlowId ? await this.flows.liveVersion(tx, target.workspaceId, startFlowId) : null;
        if (startFlowId && !flow) return { outcome: 'no-flow', outbox: 0 };
        return this.run(tx, conv, target, channel, flow, event.payload.event as EngineEvent, previewVersionId !== null);
      }
    }
  }

  private async inbound(tx: EntityManager, inbound: InboundEvent, conv: ConversationRow, target: Parameters<EffectWriter['apply']>[1], channel: Channel | undefined, isNewContact: boolean, previewVersionId: string | null) {
    // One read of the workspace per turn: opt-out keywords here, time zone and business hours for the engine below.
    const workspace = await workspaceSettingsFor(tx, target.workspaceId, new Date());
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
        : await this.flows.matchInbound(tx, target.workspaceId, inbound, contactState, new Date(), channel);
      if (hit) {
        const key = `${hit.flowId}:${hit.match.trigger.id}`;
        const prev = target.contact.fired_triggers[key];
        target.contact.fired_triggers = { ...target.contact.fired_triggers, [key]: { count: (prev?.count ?? 0) + 1, lastFiredAt: new Date().toISOString() } };
        const flow = await this.flows.version(tx, hit.versionId);
        if (flow) return this.run(tx, conv, target, channel, flow, { type: 'start', triggerId: hit.match.trigger.id, inbound }, previewVersionId !== null, workspace);
      }
      if (!conv.state) return { outcome: 'no-trigger', outbox: 0 };
    }
    return this.run(tx, conv, target, channel, null, inbound, previewVersionId !== null, workspace);
  }

  /** Runs the engine (following start-flow hops) and writes the effects; `flow` null = the pinned version. */
  private async run(tx: EntityManager, conv: ConversationRow, target: Parameters<EffectWriter['apply']>[1], channel: Channel | undefined, flow: LoadedFlow | null, event: EngineEvent, preview = false, workspace?: TurnWorkspace) {
    let current = flow ?? (conv.flow_version_id ? await this.flows.version(tx, conv.flow_version_id) : null);
    if (!current) return { outcome: 'no-flow', outbox: 0 };
    let outbox = 0;
    let next: EngineEvent | null = event;
    const settings = (workspace ?? (await workspaceSettingsFor(tx, target.workspaceId, new Date()))).engine;
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
      const outcome = await this.effects.apply(tx, { ...target, flowVersionId: preview ? null : current.versionId }, result.effects);
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
    if (!preview) await stats.flush(tx, new Date());
    return { outcome: 'turn', outbox };
  }

  private async existingContact(tx: EntityManager, connectionId: string, externalId: string): Promise<ContactRow | null> {
    const [row] = await tx.query(`SELECT *, false AS inserted FROM contacts WHERE connection_id = $1 AND external_id = $2`, [connectionId, externalId]);
    return row ?? null;
  }
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
