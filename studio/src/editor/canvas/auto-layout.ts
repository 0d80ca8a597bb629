import { Graph, layout } from '@dagrejs/dagre';
import type { FlowDocument } from '../../nodes/runtime-catalog';
import type { XYPosition } from '../store/document-ops';

export interface Size {
  width: number;
  height: number;
}

const DEFAULT_SIZE: Size = { width: 240, height: 120 };

/**
 * Tidy positions for every node, left to right along the edges (dagre). Sizes are the cards'
 * measured sizes where known. Returns top-left positions, as the document stores them.
 */
export function autoLayout(document: FlowDocument, sizes: ReadonlyMap<string, Size> = new Map()): Map<string, XYPosition> {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of document.nodes) graph.setNode(node.id, { ...(sizes.get(node.id) ?? DEFAULT_SIZE) });
  for (const edge of document.edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target)) graph.setEdge(edge.source, edge.target, {}, edge.id);
  }
  layout(graph);
  const positions = new Map<string, XYPosition>();
  for (const node of document.nodes) {
    const placed = graph.node(node.id);
    const size = sizes.get(node.id) ?? DEFAULT_SIZE;
    positions.set(node.id, { x: Math.round(placed.x - size.width / 2), y: Math.round(placed.y - size.height / 2) });
  }
  return positions;
}
