import type { FlowDocument, FlowEdge, FlowNode, StickyNote, Trigger } from '../../nodes/runtime-catalog';

// Pure, immutable edits of a flow document. Each returns the same document object when nothing
// changes, so the store can skip empty history entries and React can skip renders.

export interface XYPosition {
  x: number;
  y: number;
}

export function addNode(document: FlowDocument, node: FlowNode): FlowDocument {
  return { ...document, nodes: [...document.nodes, node] };
}

/** Moves nodes to new positions (rounded to whole pixels, as stored). */
export function moveNodes(document: FlowDocument, positions: ReadonlyMap<string, XYPosition>): FlowDocument {
  let changed = false;
  const nodes = document.nodes.map((node) => {
    const next = positions.get(node.id);
    if (!next) return node;
    const position = { x: Math.round(next.x), y: Math.round(next.y) };
    if (position.x === node.position.x && position.y === node.position.y) return node;
    changed = true;
    return { ...node, position };
  });
  return changed ? { ...document, nodes } : document;
}

/** Replaces a node's config; edges from outputs the new config no longer has are dropped. */
export function setNodeConfig(
  document: FlowDocument,
  nodeId: string,
  config: Record<string, unknown>,
  outputsOf: (node: FlowNode) => readonly string[],
): FlowDocument {
  const current = document.nodes.find((node) => node.id === nodeId);
  if (!current || current.config === config) return document;
  const updated = { ...current, config };
  const outputs = new Set(outputsOf(updated));
  const nodes = document.nodes.map((node) => (node.id === nodeId ? updated : node));
  const edges = document.edges.filter((edge) => edge.source !== nodeId || outputs.has(edge.sourceOutput));
  return { ...document, nodes, edges: edges.length === document.edges.length ? document.edges : edges };
}

/** Removes nodes (with every edge touching them) and edges. */
export function removeElements(
  document: FlowDocument,
  nodeIds: readonly string[],
  edgeIds: readonly string[] = [],
): FlowDocument {
  const goneNodes = new Set(nodeIds);
  const goneEdges = new Set(edgeIds);
  const nodes = document.nodes.filter((node) => !goneNodes.has(node.id));
  const edges = document.edges.filter(
    (edge) => !goneEdges.has(edge.id) && !goneNodes.has(edge.source) && !goneNodes.has(edge.target),
  );
  if (nodes.length === document.nodes.length && edges.length === document.edges.length) return document;
  return { ...document, nodes, edges };
}

export interface Connection {
  source: string;
  sourceOutput: string;
  target: string;
}

export type ConnectResult = { ok: true; document: FlowDocument } | { ok: false; reason: string };

/**
 * Connects a node's named output to another node. One edge per output: connecting an output
 * that already has an edge moves that edge. Refuses what the engine could never follow.
 */
export function connect(
  document: FlowDocument,
  connection: Connection,
  edgeId: string,
  outputsOf: (node: FlowNode) => readonly string[],
): ConnectResult {
  const reason = connectionProblem(document, connection, outputsOf);
  if (reason) return { ok: false, reason };
  const existing = document.edges.find(
    (edge) => edge.source === connection.source && edge.sourceOutput === connection.sourceOutput,
  );
  if (existing?.target === connection.target) return { ok: true, document };
  const edge: FlowEdge = { id: existing?.id ?? edgeId, ...connection };
  const edges = existing
    ? document.edges.map((item) => (item === existing ? edge : item))
    : [...document.edges, edge];
  return { ok: true, document: { ...document, edges } };
}

/** Why a connection cannot be made, in words for the person drawing it; null when it can. */
export function connectionProblem(
  document: FlowDocument,
  connection: Connection,
  outputsOf: (node: FlowNode) => readonly string[],
): string | null {
  const source = document.nodes.find((node) => node.id === connection.source);
  const target = document.nodes.find((node) => node.id === connection.target);
  if (!source || !target) return 'Connect two nodes of this flow.';
  if (source.id === target.id) return 'A node cannot lead to itself. Use the "invalid" or "retry" output instead.';
  if (!outputsOf(source).includes(connection.sourceOutput)) return `"${connection.sourceOutput}" is not an output of this node.`;
  return null;
}

/** Adds a trigger, or replaces the one with the same id. */
export function putTrigger(document: FlowDocument, trigger: Trigger): FlowDocument {
  const exists = document.triggers.some((item) => item.id === trigger.id);
  const triggers = exists ? document.triggers.map((item) => (item.id === trigger.id ? trigger : item)) : [...document.triggers, trigger];
  return { ...document, triggers };
}

export function removeTrigger(document: FlowDocument, triggerId: string): FlowDocument {
  const triggers = document.triggers.filter((item) => item.id !== triggerId);
  return triggers.length === document.triggers.length ? document : { ...document, triggers };
}

/** Adds a sticky note, or replaces the one with the same id. */
export function putNote(document: FlowDocument, note: StickyNote): FlowDocument {
  const exists = document.notes.some((item) => item.id === note.id);
  return { ...document, notes: exists ? document.notes.map((item) => (item.id === note.id ? note : item)) : [...document.notes, note] };
}

export function removeNotes(document: FlowDocument, noteIds: readonly string[]): FlowDocument {
  const gone = new Set(noteIds);
  const notes = document.notes.filter((note) => !gone.has(note.id));
  return notes.length === document.notes.length ? document : { ...document, notes };
}

/** Moves sticky notes (keyed by note id). */
export function moveNotes(document: FlowDocument, positions: ReadonlyMap<string, XYPosition>): FlowDocument {
  let changed = false;
  const notes = document.notes.map((note) => {
    const next = positions.get(note.id);
    if (!next || (Math.round(next.x) === note.position.x && Math.round(next.y) === note.position.y)) return note;
    changed = true;
    return { ...note, position: { x: Math.round(next.x), y: Math.round(next.y) } };
  });
  return changed ? { ...document, notes } : document;
}
