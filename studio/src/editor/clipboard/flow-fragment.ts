import type { FlowDocument, FlowEdge, FlowNode } from '../../nodes/runtime-catalog';

/** What goes on the clipboard: some nodes and the edges between them, tagged so other text is ignored. */
export interface FlowFragment {
  parley: 'flow-fragment';
  version: 1;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

const PASTE_OFFSET = 40;

/** The selected nodes, and only the edges that stay inside the selection. */
export function toFragment(document: FlowDocument, nodeIds: ReadonlySet<string>): FlowFragment | null {
  const nodes = document.nodes.filter((node) => nodeIds.has(node.id));
  if (nodes.length === 0) return null;
  const edges = document.edges.filter((edge) => nodeIds.has(edge.source) && nodeIds.has(edge.target));
  return { parley: 'flow-fragment', version: 1, nodes, edges };
}

/** Reads clipboard text; null for anything that is not a Parley fragment. */
export function parseFragment(text: string): FlowFragment | null {
  try {
    const value = JSON.parse(text) as Partial<FlowFragment>;
    if (value?.parley !== 'flow-fragment' || !Array.isArray(value.nodes) || !Array.isArray(value.edges)) return null;
    const nodes = value.nodes.filter(isNode);
    return { parley: 'flow-fragment', version: 1, nodes, edges: value.edges.filter(isEdge) };
  } catch {
    return null;
  }
}

/**
 * Adds a copy of the fragment with fresh ids, shifted a little so it does not hide the original;
 * edges are re-pointed at the copies. Returns the new document and the new node ids.
 */
export function pasteFragment(
  document: FlowDocument,
  fragment: FlowFragment,
  newId: (prefix: string) => string,
): { document: FlowDocument; nodeIds: string[] } {
  const ids = new Map(fragment.nodes.map((node) => [node.id, newId(node.type)]));
  const nodes = fragment.nodes.map((node) => ({
    ...structuredClone(node),
    id: ids.get(node.id)!,
    position: { x: node.position.x + PASTE_OFFSET, y: node.position.y + PASTE_OFFSET },
  }));
  const edges = fragment.edges
    .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
    .map((edge) => ({ ...edge, id: newId('edge'), source: ids.get(edge.source)!, target: ids.get(edge.target)! }));
  return {
    document: { ...document, nodes: [...document.nodes, ...nodes], edges: [...document.edges, ...edges] },
    nodeIds: nodes.map((node) => node.id),
  };
}

function isNode(value: unknown): value is FlowNode {
  const node = value as FlowNode;
  return !!node && typeof node.id === 'string' && typeof node.type === 'string' && typeof node.position?.x === 'number' && typeof node.position?.y === 'number';
}

function isEdge(value: unknown): value is FlowEdge {
  const edge = value as FlowEdge;
  return !!edge && typeof edge.source === 'string' && typeof edge.target === 'string' && typeof edge.sourceOutput === 'string';
}
