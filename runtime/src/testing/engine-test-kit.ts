import { advanceConversation, AdvanceResult } from '../engine/advance-conversation';
import { seededRandom, sequentialIds } from '../engine/context-helpers';
import type { ConversationState, Effect, EngineContext, EngineEvent } from '../engine/engine-types';
import { FlowDocument, flowDocumentSchema } from '../flow/flow-document';
import { getNodeDefinition } from '../nodes/node-registry';

/** Test helpers shared by node and engine specs (not exported from the package). */

export const MONDAY_10_UTC = '2026-01-05T10:00:00.000Z';

export function testContext(overrides: Partial<EngineContext> = {}): EngineContext {
  return { now: MONDAY_10_UTC, newId: sequentialIds('t'), random: seededRandom(42), contact: { first_name: 'Ana', tags: [] }, channel: 'messenger', ...overrides };
}

/**
 * A flow with one node under test (`n`) whose every output leads to a sink message `→ <output>`,
 * so a spec can read which output was taken from the texts sent.
 */
export function probeFlow(type: string, config: Record<string, unknown>, options: { connect?: string[] } = {}): FlowDocument {
  const def = getNodeDefinition(type);
  if (!def) throw new Error(`unknown type ${type}`);
  const parsed = def.configSchema.parse(config);
  const outputs = options.connect ?? def.outputs(parsed);
  return flowDocumentSchema.parse({
    schemaVersion: 1,
    id: 'probe',
    triggers: [{ id: 't', kind: 'keyword', startNodeId: 'n', keywords: [{ value: 'go', mode: 'is' }] }],
    nodes: [
      { id: 'n', type, position: { x: 0, y: 0 }, config },
      ...outputs.map((o, i) => ({ id: `sink-${o}`, type: 'send-message', position: { x: 300, y: i * 100 }, config: { text: `→ ${o}` } })),
    ],
    edges: outputs.map((o, i) => ({ id: `e${i}`, source: 'n', sourceOutput: o, target: `sink-${o}` })),
  });
}

/** Starts `flow` at its first trigger's node. */
export function startFlow(flow: FlowDocument, context: EngineContext = testContext(), conversation: ConversationState | null = null): AdvanceResult {
  return advanceConversation({ flow, conversation, event: { type: 'start', triggerId: flow.triggers[0]?.id }, context });
}

/** Feeds one more event. */
export function send(flow: FlowDocument, previous: AdvanceResult, event: EngineEvent, context: EngineContext = testContext()): AdvanceResult {
  return advanceConversation({ flow, conversation: previous.conversation, event, context });
}

export function texts(effects: readonly Effect[]): string[] {
  return effects.flatMap((e) => (e.type === 'send-message' ? [e.message.text ?? ''] : []));
}

export function ofType<T extends Effect['type']>(effects: readonly Effect[], type: T): Array<Extract<Effect, { type: T }>> {
  return effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
}

export const reply = (text: string, payload?: string): EngineEvent => ({ type: 'message-received', text, ...(payload ? { payload } : {}) });
