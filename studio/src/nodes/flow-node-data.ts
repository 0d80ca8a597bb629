import type { Node } from '@xyflow/react';
import type { FlowNode, Trigger } from './runtime-catalog';

/** What a canvas node renders: the stored node and its named outputs. */
export interface FlowNodeData extends Record<string, unknown> {
  node: FlowNode;
  outputs: readonly string[];
}

export type EditorNode = Node<FlowNodeData, string>;

/** What an entry card renders: the trigger that starts the flow. */
export interface TriggerCardData extends Record<string, unknown> {
  trigger: Trigger;
}

export type TriggerCardNode = Node<TriggerCardData, 'trigger'>;
export type CanvasNode = EditorNode | TriggerCardNode;
