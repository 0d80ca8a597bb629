import { z } from 'zod';
import { askQuestionNode } from './ask-question/ask-question.node';
import { conditionNode } from './condition/condition.node';
import type { NodeDefinition } from './define-node';
import { delayNode } from './delay/delay.node';
import { endNode } from './end/end.node';
import { goToFlowNode } from './go-to-flow/go-to-flow.node';
import { handoffNode } from './handoff/handoff.node';
import { httpRequestNode } from './http-request/http-request.node';
import { randomizerNode } from './randomizer/randomizer.node';
import { sendMessageNode } from './send-message/send-message.node';
import { setVariableNode } from './set-variable/set-variable.node';
import { tagNode } from './tag/tag.node';

/** Every node type the engine can run. */
export const NODE_TYPES = [
  'send-message', 'ask-question', 'condition', 'set-variable', 'tag', 'delay',
  'randomizer', 'go-to-flow', 'end', 'http-request', 'handoff',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** The node catalogue, typed so that a node type without a definition fails to compile. */
export const nodeRegistry = {
  'send-message': sendMessageNode,
  'ask-question': askQuestionNode,
  condition: conditionNode,
  'set-variable': setVariableNode,
  tag: tagNode,
  delay: delayNode,
  randomizer: randomizerNode,
  'go-to-flow': goToFlowNode,
  end: endNode,
  'http-request': httpRequestNode,
  handoff: handoffNode,
} satisfies { [T in NodeType]: NodeDefinition<T> };

/** The catalogue as a list, in palette order. */
export const nodeDefinitions: readonly NodeDefinition[] = NODE_TYPES.map((type) => nodeRegistry[type]);

export function isNodeType(type: string): type is NodeType {
  return Object.prototype.hasOwnProperty.call(nodeRegistry, type);
}

/** The definition for a node type, or undefined for an unknown type. */
export function getNodeDefinition(type: string): NodeDefinition | undefined {
  return isNodeType(type) ? (nodeRegistry[type] as NodeDefinition) : undefined;
}

const jsonSchemaCache = new Map<string, unknown>();

/** JSON Schema (draft 2020-12) of a node type's config, with `label`/`help` from `.meta()`, for the studio's inspector. */
export function nodeConfigJsonSchema(type: NodeType | string): Record<string, unknown> {
  const def = getNodeDefinition(type);
  if (!def) throw new Error(`Unknown node type "${type}"`);
  let schema = jsonSchemaCache.get(type);
  if (!schema) {
    schema = z.toJSONSchema(def.configSchema, { io: 'input', unrepresentable: 'any' });
    jsonSchemaCache.set(type, schema);
  }
  return structuredClone(schema) as Record<string, unknown>;
}
