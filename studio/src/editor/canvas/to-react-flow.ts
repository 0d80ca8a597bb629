import type { Edge } from '@xyflow/react';
import type { EditorNode, FlowNodeData } from '../../nodes/flow-node-data';
import type { FlowDocument, FlowNode } from '../../nodes/runtime-catalog';
import type { XYPosition } from '../store/document-ops';

export type EditorEdge = Edge;

// React Flow memoises nodes on their props; reusing one data object per stored node (documents
// are immutable) means only nodes whose content changed re-render after an edit.
const dataCache = new WeakMap<FlowNode, FlowNodeData>();

/**
 * The canvas is a projection of the document: one React Flow node per flow node (typed by node
 * type, unknown types fall back to the generic view) and one edge per connection, leaving from
 * the handle named like the output.
 */
export function toReactFlow(
  document: FlowDocument,
  outputsOf: (node: FlowNode) => readonly string[],
  selectedIds: ReadonlySet<string> = new Set(),
  knownTypes: ReadonlySet<string> = new Set(),
): { nodes: EditorNode[]; edges: EditorEdge[] } {
  const nodes = document.nodes.map((node): EditorNode => {
    let data = dataCache.get(node);
    if (!data) {
      data = { node, outputs: outputsOf(node) };
      dataCache.set(node, data);
    }
    return {
      id: node.id,
      type: knownTypes.size === 0 || knownTypes.has(node.type) ? node.type : 'unknown',
      position: node.position,
      data,
      selected: selectedIds.has(node.id),
    };
  });
  const edges = document.edges.map(
    (edge): EditorEdge => ({
      id: edge.id,
      source: edge.source,
      sourceHandle: edge.sourceOutput,
      target: edge.target,
      selected: selectedIds.has(edge.id),
    }),
  );
  return { nodes, edges };
}

/** Node positions as React Flow holds them, to write back into the document after a drag. */
export function fromReactFlow(nodes: readonly Pick<EditorNode, 'id' | 'position'>[]): Map<string, XYPosition> {
  return new Map(nodes.map((node) => [node.id, { x: node.position.x, y: node.position.y }]));
}
