import type { z } from 'zod';
import type { Channel, ChannelLimits } from '../flow/channel-limits';
import type { FlowNode } from '../flow/flow-document';
import type { RenderOptions, TemplateScope } from '../templating/render-template';
import type { ConversationState, Effect, EngineContext, EngineEvent, JsonValue, WaitDescriptor } from '../engine/engine-types';

/** What a node sees while it runs. Read-only: a node changes nothing, it returns an outcome. */
export interface NodeRuntime<C> {
  node: FlowNode;
  config: C;
  flowId: string;
  state: Readonly<ConversationState>;
  context: EngineContext;
  nowMs: number;
  scope: TemplateScope;
  render(template: string, options?: RenderOptions): string;
  /** True when an edge leaves this node from `output`. */
  isConnected(output: string): boolean;
}

/** What a node asks the engine to do next. */
export interface NodeOutcome {
  effects?: Effect[];
  /** Conversation variables to set (merged). */
  variables?: Record<string, JsonValue>;
  /** Follow this output now. */
  output?: string;
  /** Stop the turn and wait (question, delay, HTTP, agent). */
  wait?: WaitDescriptor;
  /** With an `agent` wait: the conversation belongs to a human now. */
  handedOff?: boolean;
  /** End the conversation (or return to the calling flow). */
  end?: boolean;
  /** New value of this node's retry counter; null clears it. */
  retries?: number | null;
  /** Remember a randomizer branch for this node. */
  sticky?: string;
  /** Leave this flow for another one (the host loads it). */
  goToFlow?: { flowId: string; startNodeId?: string; returnAfter: boolean };
}

/** A problem a node finds with its config on a given channel. */
export interface ChannelIssue {
  path: string;
  message: string;
}

/** Everything the studio and the engine know about one node type. */
export interface NodeDefinition<T extends string = string, C = unknown> {
  type: T;
  label: string;
  description: string;
  /** Single source of the config's type, validation and inspector form (fields carry `.meta({ label, help })`). */
  configSchema: z.ZodType<C>;
  defaultConfig(): C;
  /** Named outputs; the studio draws one handle per output. */
  outputs(config: C): string[];
  /** Outputs that may stay unconnected without a warning. */
  optionalOutputs?(config: C): string[];
  execute(rt: NodeRuntime<C>): NodeOutcome;
  /** Called when the conversation waits on this node and an event arrives; null means "not for me". */
  resume?(rt: NodeRuntime<C>, event: EngineEvent): NodeOutcome | null;
  /** True when the node always stops for the contact before following an output (breaks input-less cycles). */
  waitsForContact?(config: C, isConnected: (output: string) => boolean): boolean;
  checkChannel?(config: C, limits: ChannelLimits, channel: Channel): ChannelIssue[];
}

/** Declares a node type; the config type is inferred from the schema. */
export function defineNode<T extends string, S extends z.ZodType>(definition: NodeDefinition<T, z.output<S>> & { configSchema: S }): NodeDefinition<T, z.output<S>> {
  return definition;
}
