import type { Channel } from '../flow/channel-limits';
import type { FlowDocument } from '../flow/flow-document';
import { parseButtonPayload } from '../nodes/shared/config-fields';
import { ContactTriggerState, matchTrigger } from '../triggers/match-trigger';
import { advanceConversation } from './advance-conversation';
import { flowIdOf } from './compiled-flow';
import { seededRandom, sequentialIds } from './context-helpers';
import type { ContactSnapshot, ConversationState, Effect, EngineContext, EngineEvent, InboundEvent, WorkspaceSettings } from './engine-types';

/** One line of a simulation script: an engine event, or moving the clock (fires due timers). */
export type SimulationStep = EngineEvent | { type: 'advance-time'; ms: number };

export interface SimulateOptions {
  /** Clock at the start (default Monday 2026-01-05 10:00 UTC). */
  start?: Date | string;
  seed?: number;
  contact?: ContactSnapshot;
  channel?: Channel;
  workspace?: WorkspaceSettings;
  /** Whether the first inbound is the contact's first message ever (default true). */
  isNewContact?: boolean;
  /** Answers `call-http` effects immediately; leave out to answer with explicit `http-response` steps. */
  http?: (call: Extract<Effect, { type: 'call-http' }>) => { status: number; body?: unknown } | { error: string };
  /** Other flows a go-to-flow may enter, by id. */
  flows?: Record<string, FlowDocument>;
}

/** What happened on one turn of the simulation. */
export interface SimulationEntry {
  input: SimulationStep;
  at: string;
  trigger?: { id: string; reason: string };
  effects: Effect[];
  status: ConversationState['status'] | 'idle';
  nodeId: string | null;
}

export interface SimulationResult {
  transcript: SimulationEntry[];
  conversation: ConversationState | null;
  /** The contact after tags and fields were applied. */
  contact: ContactSnapshot & { tags: string[] };
  /** Texts sent to the contact, in order. */
  sent: string[];
  /** Timers still pending at the end, by id. */
  pendingTimers: Record<string, string>;
}

/**
 * Drives a flow through a script of events the way the host would: inbound events go through
 * `matchTrigger` when no conversation waits for a reply, timers fire when the clock passes them,
 * `call-http` is answered by `options.http`, `start-flow` loads `options.flows`. Pure and deterministic.
 */
export function simulate(flow: FlowDocument, script: readonly SimulationStep[], options: SimulateOptions = {}): SimulationResult {
  const sim = new Simulation(flow, options);
  for (const step of script) sim.step(step);
  return sim.result();
}

class Simulation {
  private nowMs: number;
  private conversation: ConversationState | null = null;
  private currentFlow: FlowDocument;
  private readonly transcript: SimulationEntry[] = [];
  private readonly timers = new Map<string, number>();
  private readonly contact: ContactSnapshot & { tags: string[] };
  private readonly triggerState: Required<ContactTriggerState> & { firedTriggers: Record<string, { count: number; lastFiredAt: string }> };
  private readonly newId = sequentialIds('sim');
  private readonly random: () => number;

  constructor(private readonly flow: FlowDocument, private readonly options: SimulateOptions) {
    this.nowMs = Date.parse(String(options.start ?? '2026-01-05T10:00:00.000Z'));
    this.currentFlow = flow;
    this.contact = { ...(options.contact ?? {}), tags: [...(options.contact?.tags ?? [])] };
    this.triggerState = { isNewContact: options.isNewContact ?? true, firedTriggers: {} };
    this.random = seededRandom(options.seed ?? 1);
  }

  step(step: SimulationStep): void {
    if (step.type === 'advance-time') return this.advanceTime(step.ms);
    if (isInbound(step)) return this.inbound(step);
    this.run(step, step);
  }

  result(): SimulationResult {
    const sent = this.transcript.flatMap((e) => e.effects).flatMap((e) => (e.type === 'send-message' && e.message.text !== undefined ? [e.message.text] : []));
    const pendingTimers = Object.fromEntries([...this.timers].map(([id, ms]) => [id, new Date(ms).toISOString()]));
    return { transcript: this.transcript, conversation: this.conversation, contact: this.contact, sent, pendingTimers };
  }

  private inbound(event: InboundEvent): void {
    const c = this.conversation;
    const listening = c && (c.status === 'handed-off' || c.wait?.kind === 'reply');
    const payload = 'payload' in event ? event.payload : undefined;
    const ownButton = payload && parseButtonPayload(payload) && this.currentFlow.nodes.some((n) => n.id === parseButtonPayload(payload)!.nodeId);
    if (!listening && !ownButton) {
      const match = matchTrigger(this.flow.triggers, event, this.triggerState, { now: new Date(this.nowMs), channel: this.options.channel });
      this.triggerState.isNewContact = false;
      if (match) {
        this.triggerState.firedTriggers[match.trigger.id] = { count: (this.triggerState.firedTriggers[match.trigger.id]?.count ?? 0) + 1, lastFiredAt: new Date(this.nowMs).toISOString() };
        this.currentFlow = this.flow;
        return this.run(event, { type: 'start', triggerId: match.trigger.id, inbound: event }, { id: match.trigger.id, reason: match.reason });
      }
    }
    this.triggerState.isNewContact = false;
    this.run(event, event);
  }

  private advanceTime(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      const due = [...this.timers].filter(([, at]) => at <= until).sort((a, b) => a[1] - b[1])[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.nowMs = Math.max(this.nowMs, due[1]);
      this.run({ type: 'timer-fired', timerId: due[0] }, { type: 'timer-fired', timerId: due[0] });
    }
    this.nowMs = until;
  }

  private run(input: SimulationStep, event: EngineEvent, trigger?: { id: string; reason: string }): void {
    const context: EngineContext = {
      now: new Date(this.nowMs), newId: this.newId, random: this.random,
      contact: this.contact, ...(this.options.channel ? { channel: this.options.channel } : {}), ...(this.options.workspace ? { workspace: this.options.workspace } : {}),
    };
    const { conversation, effects } = advanceConversation({ flow: this.currentFlow, conversation: this.conversation, event, context });
    this.conversation = conversation;
    this.transcript.push({ input, at: new Date(this.nowMs).toISOString(), ...(trigger ? { trigger } : {}), effects, status: conversation.status, nodeId: conversation.currentNodeId });
    this.applyEffects(effects);
  }

  private applyEffects(effects: Effect[]): void {
    for (const effect of effects) {
      if (effect.type === 'schedule-timer') this.timers.set(effect.timerId, Date.parse(effect.fireAt));
      else if (effect.type === 'cancel-timer') this.timers.delete(effect.timerId);
      else if (effect.type === 'add-tags') this.contact.tags = [...new Set([...this.contact.tags, ...effect.tags])];
      else if (effect.type === 'remove-tags') this.contact.tags = this.contact.tags.filter((t) => !effect.tags.includes(t));
      else if (effect.type === 'set-contact-fields') Object.assign(this.contact, effect.fields);
    }
    for (const effect of effects) {
      if (effect.type === 'call-http' && this.options.http) {
        const answer = this.options.http(effect);
        const event: EngineEvent = { type: 'http-response', requestId: effect.requestId, ...answer };
        this.run(event, event);
      } else if (effect.type === 'start-flow') {
        const target = effect.flowId === flowIdOf(this.flow) ? this.flow : this.options.flows?.[effect.flowId];
        if (!target) continue;
        this.currentFlow = target;
        const event: EngineEvent = { type: 'start', ...(effect.startNodeId ? { startNodeId: effect.startNodeId } : {}) };
        this.run(event, event);
      }
    }
  }
}

function isInbound(step: EngineEvent): step is InboundEvent {
  return ['message-received', 'postback-received', 'referral-received', 'comment-received', 'story-mention', 'story-reply'].includes(step.type);
}
