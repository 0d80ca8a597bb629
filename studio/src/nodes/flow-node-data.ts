import type { Node } from '@xyflow/react';
import type { FlowNode } from './runtime-catalog';

/** What a canvas node renders: the stored node and its named outputs. */
export interface FlowNodeData extends Record<string, unknown> {
  node: FlowNode;
  outputs: readonly string[];
}

export type EditorNode = Node<FlowNodeData, string>;
