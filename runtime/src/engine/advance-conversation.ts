import type { FlowDocument } from '../flow/flow-document';
import type { Trigger } from '../flow/trigger.schema';
import { parseButtonPayload } from '../nodes/shared/config-fields';
import { renderTemplate } from '../templating/render-template';
import { compileFlow } from './compiled-flow';
import { cloneConversation, createConversation } from './conversation-state';
import type { ConversationState, Effect, EngineContext, EngineEvent, InboundEvent, PathStep } from './engine-types';
import { Turn } from './turn';

/** Input of one turn. */
export interface AdvanceInput {
  flow: FlowDocument;
  /** The stored state; null/undefined for a contact with no conversation on this flow yet. */
  conversation?: ConversationState | null;
  event: EngineEvent;
  context: EngineContext;
}

/** Output of one turn: the new state to store and the effects to carry out (in order). */
export interface AdvanceResult {
  conversation: ConversationState;
  effects: Effect[];
  /** The nodes this turn entered and the outputs it took, in order (for analytics; see `PathStep`). */
  path: PathStep[];
}

/**
 * The engine: a pure reducer from (flow, state, event, context) to (state, effects).
 *
 * - `start` begins at a node (a matched trigger, or the answer to a `start-flow` effect).
 * - Replies, timers, HTTP responses and agent events resume the node the conversation waits on;
 *   events it is not waiting for change nothing and emit nothing.
 * - While `handed-off`, contact messages and `start` (unless `force`) are ignored until `agent-released`.
 * - A tap on a button of an earlier message (`<nodeId>/<buttonId>` payload) jumps to that button's path.
 * - Loop guard: more than 100 steps or 10 sends in one turn emits `error` + `end` and the conversation
 *   ends with `lastError` set; the host alerts and hands off.
 */
export function advanceConversation(input: AdvanceInput): AdvanceResult {
  const { flow, event, context } = input;
  const compiled = compileFlow(flow);
  const state = input.conversation ? cloneConversation(input.conversation) : createConversation(compiled.id);
  const nowMs = toMs(context.now);
  const turn = new Turn(compiled, state, context, nowMs);

  dispatch(turn, event);

  if (turn.effects.length > 0 || turn.steps > 0) {
    state.steps = { total: state.steps.total + turn.steps, turns: state.steps.turns + 1, lastTurn: turn.steps };
    state.updatedAt = new Date(nowMs).toISOString();
  }
  return { conversation: state, effects: turn.effects, path: turn.path };
}

function dispatch(turn: Turn, event: EngineEvent): void {
  const { state } = turn;
  const wait = state.wait;
  switch (event.type) {
    case 'start':
      return start(turn, event);
    case 'timer-fired':
    case 'http-response':
    case 'agent-assigned':
    case 'agent-released':
      if (wait && wait.kind !== 'flow') turn.resumeAt(wait.nodeId, event);
      return;
    default:
      if (state.status === 'handed-off') return;
      if (wait?.kind === 'reply' && turn.resumeAt(wait.nodeId, event)) return;
      routeStaleButton(turn, event);
  }
}

function start(turn: Turn, event: Extract<EngineEvent, { type: 'start' }>): void {
  const { state, flow } = turn;
  const wait = state.wait;
  if (state.status === 'handed-off' && !event.force) return;
  const answeringGoTo = wait?.kind === 'flow' && wait.flowId === flow.id;
  if (answeringGoTo && wait.resumeNodeId) {
    state.flowId = flow.id;
    state.wait = null;
    state.status = 'active';
    return turn.follow(wait.resumeNodeId, 'returned');
  }
  if (!answeringGoTo && (state.status === 'waiting' || state.status === 'handed-off')) turn.path.push({ type: 'abandoned', nodeId: state.currentNodeId });
  cancelPendingTimer(turn);
  if (!answeringGoTo) {
    // A trigger (re)starts the conversation: forget the old path, keep variables and sticky choices.
    state.callStack = [];
    state.retries = {};
    state.lastError = null;
  }
  state.flowId = flow.id;
  state.wait = null;
  state.status = 'active';
  const trigger = flow.document.triggers.find((t) => t.id === event.triggerId);
  if (event.inbound) replyToComment(turn, trigger, event.inbound);
  const startNodeId = event.startNodeId ?? (answeringGoTo ? wait.startNodeId : undefined) ?? trigger?.startNodeId ?? flow.entryNodeId;
  turn.path.push({ type: 'started', nodeId: startNodeId ?? null });
  turn.runFrom(startNodeId ?? null);
}

function replyToComment(turn: Turn, trigger: Trigger | undefined, inbound: InboundEvent): void {
  if (inbound.type !== 'comment-received' || trigger?.kind !== 'instagram-comment') return;
  if (trigger.publicReplyText) {
    const text = renderTemplate(trigger.publicReplyText, turn.currentScope(), { maxLength: 1000 });
    turn.emit([{ type: 'reply-to-comment', commentId: inbound.commentId, text }]);
  }
  const ageMs = inbound.createdAt ? turn.nowMs - Date.parse(inbound.createdAt) : 0;
  // Meta accepts a private reply within 7 days of the comment.
  if (trigger.privateReply && !(ageMs > 7 * 86_400_000)) turn.state.pendingPrivateReply = inbound.commentId;
}

function cancelPendingTimer(turn: Turn): void {
  const wait = turn.state.wait;
  if (wait && 'timerId' in wait && wait.timerId) turn.emit([{ type: 'cancel-timer', timerId: wait.timerId }]);
}

function routeStaleButton(turn: Turn, event: InboundEvent): void {
  const payload = 'payload' in event ? event.payload : undefined;
  const target = payload ? parseButtonPayload(payload) : null;
  const cnode = target ? turn.flow.nodes.get(target.nodeId) : undefined;
  if (!cnode || cnode.node.type !== 'send-message') return;
  const outputs = cnode.def && !cnode.configError ? cnode.def.outputs(cnode.config) : [];
  const output = outputs.find((o) => o === `button:${target!.itemId}` || o === `quick-reply:${target!.itemId}`);
  if (!output) return;
  cancelPendingTimer(turn);
  // A tap on a button of a finished run begins a new run there; in a live run it is the same run jumping.
  if (turn.state.status === 'ended') turn.path.push({ type: 'started', nodeId: cnode.node.id });
  Object.assign(turn.state, { wait: null, status: 'active', callStack: [] });
  turn.follow(cnode.node.id, output);
}

function toMs(now: Date | string): number {
  const ms = now instanceof Date ? now.getTime() : Date.parse(now);
  if (Number.isNaN(ms)) throw new Error('context.now is not a valid date');
  return ms;
}
