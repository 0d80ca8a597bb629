import { renderTemplate, RenderOptions, TemplateScope } from '../templating/render-template';
import type { NodeOutcome, NodeRuntime } from '../nodes/define-node';
import { CompiledFlow, CompiledNode, edgeKey } from './compiled-flow';
import type { ConversationState, Effect, EngineContext, EngineErrorCode, EngineEvent, JsonValue, PathStep } from './engine-types';

/** At most this many node steps per turn (loop guard). */
export const MAX_STEPS_PER_TURN = 100;
/** At most this many messages sent per turn (loop guard). */
export const MAX_SENDS_PER_TURN = 10;
/** Nested go-to-flow calls with return. */
export const MAX_CALL_DEPTH = 10;

/** One turn: runs nodes from a starting point until the conversation waits, ends, or trips the loop guard. */
export class Turn {
  readonly effects: Effect[] = [];
  /** What ran, for analytics (see `PathStep`). */
  readonly path: PathStep[] = [];
  steps = 0;
  private sends = 0;
  private stopped = false;
  private scope: TemplateScope | null = null;
  private tags: string[];
  private fields: Record<string, unknown> = {};

  constructor(
    readonly flow: CompiledFlow,
    readonly state: ConversationState,
    readonly context: EngineContext,
    readonly nowMs: number,
  ) {
    this.tags = [...(context.contact?.tags ?? [])];
  }

  /** Runs from `nodeId`; null means the path ended. */
  runFrom(nodeId: string | null | undefined): void {
    let current: string | null | undefined = nodeId;
    while (!this.stopped) {
      if (current === undefined) return;
      if (current === null) return this.finishPath('completed');
      if (this.steps >= MAX_STEPS_PER_TURN) {
        return this.fail('LOOP_GUARD_STEPS', `Stopped after ${MAX_STEPS_PER_TURN} steps without waiting for the contact: the flow probably loops.`, current);
      }
      const cnode = this.runnable(current);
      if (!cnode) return;
      this.steps++;
      this.path.push({ type: 'entered', nodeId: current });
      this.state.currentNodeId = current;
      current = this.apply(cnode, cnode.def!.execute(this.runtime(cnode)));
    }
  }

  /** Hands an event to the node the conversation waits on; returns false when the node ignores it. */
  resumeAt(nodeId: string, event: EngineEvent): boolean {
    const cnode = this.runnable(nodeId);
    if (!cnode) return true;
    const outcome = cnode.def!.resume?.(this.runtime(cnode), event) ?? null;
    if (!outcome) return false;
    this.steps++;
    if (outcome.output === undefined && outcome.wait) this.path.push({ type: 'stayed', nodeId });
    this.runFrom(this.apply(cnode, outcome));
    return true;
  }

  /** Follows `output` of `nodeId` as if the node had just chosen it. */
  follow(nodeId: string, output: string): void {
    this.runFrom(this.take(nodeId, output));
  }

  emit(effects: readonly Effect[] | undefined, nodeId?: string): boolean {
    for (const effect of effects ?? []) {
      if (this.stopped) return false;
      if (effect.type === 'send-message') {
        if (this.sends >= MAX_SENDS_PER_TURN) {
          this.fail('LOOP_GUARD_SENDS', `Stopped: more than ${MAX_SENDS_PER_TURN} messages in one turn.`, nodeId);
          return false;
        }
        this.sends++;
        if (this.state.pendingPrivateReply) {
          // Meta allows exactly one private reply per comment: the first message of the run.
          this.effects.push({ ...effect, message: { ...effect.message, privateReplyToCommentId: this.state.pendingPrivateReply } });
          this.state.pendingPrivateReply = null;
          continue;
        }
      }
      this.track(effect);
      this.effects.push(effect);
    }
    return true;
  }

  /** Stops the conversation with an error effect; the host alerts and hands off. */
  fail(code: EngineErrorCode, message: string, nodeId?: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.effects.push({ type: 'error', code, message, ...(nodeId ? { nodeId } : {}) });
    this.effects.push({ type: 'end', reason: 'error' });
    this.path.push({ type: 'ended', reason: 'error' });
    Object.assign(this.state, { status: 'ended', wait: null, currentNodeId: nodeId ?? this.state.currentNodeId });
    this.state.lastError = { code, message, at: new Date(this.nowMs).toISOString() };
  }

  private apply(cnode: CompiledNode, outcome: NodeOutcome): string | null | undefined {
    const { state } = this;
    if (!this.emit(outcome.effects, cnode.node.id)) return undefined;
    if (outcome.variables && Object.keys(outcome.variables).length) {
      Object.assign(state.variables, outcome.variables);
      this.scope = null;
    }
    if (outcome.retries === null) delete state.retries[cnode.node.id];
    else if (outcome.retries !== undefined) state.retries[cnode.node.id] = outcome.retries;
    if (outcome.sticky !== undefined) state.sticky[cnode.node.id] = outcome.sticky;
    if (outcome.goToFlow) return this.goToFlow(cnode, outcome.goToFlow);
    if (outcome.end) return this.finishPath('end-node'), undefined;
    if (outcome.wait) {
      Object.assign(state, { wait: outcome.wait, status: outcome.handedOff ? 'handed-off' : 'waiting', currentNodeId: cnode.node.id });
      return undefined;
    }
    state.wait = null;
    state.status = 'active';
    if (outcome.output === undefined) return null;
    return this.take(cnode.node.id, outcome.output);
  }

  /** The node after `output` of `nodeId` (null: the path ends), recorded in the path. */
  private take(nodeId: string, output: string): string | null {
    const next = this.flow.next.get(edgeKey(nodeId, output)) ?? null;
    this.path.push({ type: 'took', nodeId, output, connected: next !== null });
    return next;
  }

  private goToFlow(cnode: CompiledNode, go: NonNullable<NodeOutcome['goToFlow']>): undefined {
    const { state } = this;
    if (go.returnAfter) {
      if (state.callStack.length >= MAX_CALL_DEPTH) {
        this.fail('LOOP_GUARD_STEPS', `Stopped: flows call each other more than ${MAX_CALL_DEPTH} levels deep.`, cnode.node.id);
        return undefined;
      }
      state.callStack.push({ flowId: state.flowId, nodeId: cnode.node.id });
    }
    this.effects.push({ type: 'start-flow', flowId: go.flowId, ...(go.startNodeId ? { startNodeId: go.startNodeId } : {}), reason: 'go-to' });
    if (!go.returnAfter) this.path.push({ type: 'ended', reason: 'left' });
    Object.assign(state, { status: 'active', currentNodeId: null, wait: { kind: 'flow', flowId: go.flowId, ...(go.startNodeId ? { startNodeId: go.startNodeId } : {}) } });
    return undefined;
  }

  /** The path ran out (end node or unconnected output): return to the caller or end. */
  private finishPath(reason: 'completed' | 'end-node'): void {
    const { state } = this;
    this.stopped = true;
    // A called flow's run ends here too, although the conversation goes back to its caller.
    this.path.push({ type: 'ended', reason });
    const frame = state.callStack.pop();
    if (frame) {
      this.effects.push({ type: 'start-flow', flowId: frame.flowId, reason: 'return' });
      Object.assign(state, { status: 'active', currentNodeId: null, wait: { kind: 'flow', flowId: frame.flowId, resumeNodeId: frame.nodeId } });
      return;
    }
    Object.assign(state, { status: 'ended', currentNodeId: null, wait: null });
    this.effects.push({ type: 'end', reason });
  }

  private runnable(nodeId: string): CompiledNode | null {
    const cnode = this.flow.nodes.get(nodeId);
    if (!cnode) return this.fail('NODE_NOT_FOUND', `The flow points to a step that does not exist (${nodeId}).`, nodeId), null;
    if (!cnode.def) return this.fail('UNKNOWN_NODE_TYPE', `Step ${nodeId} has an unknown type "${cnode.node.type}".`, nodeId), null;
    if (cnode.configError) return this.fail('INVALID_NODE_CONFIG', `Step ${nodeId} is not set up correctly: ${cnode.configError}`, nodeId), null;
    return cnode;
  }

  private runtime(cnode: CompiledNode): NodeRuntime<unknown> {
    const scope = this.currentScope();
    return {
      node: cnode.node,
      config: cnode.config,
      flowId: this.flow.id,
      state: this.state,
      context: this.context,
      nowMs: this.nowMs,
      scope,
      render: (template: string, options?: RenderOptions) => renderTemplate(template, scope, options),
      isConnected: (output: string) => this.flow.next.has(edgeKey(cnode.node.id, output)),
    };
  }

  currentScope(): TemplateScope {
    if (!this.scope) {
      const contact = { ...(this.context.contact ?? {}), ...this.fields, tags: [...this.tags] };
      this.scope = { contact, vars: this.state.variables, channel: this.context.channel ?? null };
    }
    return this.scope;
  }

  // Later nodes in the same turn see tags and fields set earlier in it.
  private track(effect: Effect): void {
    if (effect.type === 'add-tags') this.tags = [...new Set([...this.tags, ...effect.tags])];
    else if (effect.type === 'remove-tags') this.tags = this.tags.filter((t) => !effect.tags.includes(t));
    else if (effect.type === 'set-contact-fields') this.fields = { ...this.fields, ...(effect.fields as Record<string, JsonValue>) };
    else return;
    this.scope = null;
  }
}
