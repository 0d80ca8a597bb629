import type { Edge } from '@xyflow/react';
import type { CanvasNode, EditorNode, FlowNodeData, NoteCardData, NoteCardNode, TriggerCardData, TriggerCardNode } from '../../nodes/flow-node-data';
import type { FlowDocument, FlowNode, StickyNote, Trigger } from '../../nodes/runtime-catalog';
import type { XYPosition } from '../store/document-ops';
import { noteCardId, triggerCardId } from './canvas-ids';

export type EditorEdge = Edge;

// React Flow memoises nodes on their props; reusing one data object per stored node (documents
// are immutable) means only nodes whose content changed re-render after an edit.
const dataCache = new WeakMap<FlowNode, FlowNodeData>();
const triggerDataCache = new WeakMap<Trigger, TriggerCardData>();
const noteDataCache = new WeakMap<StickyNote, NoteCardData>();

// Entry cards sit to the left of the node they start, stacked when several start at the same node.
const TRIGGER_OFFSET = { x: -300, y: 0, stack: 110 };

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
): { nodes: CanvasNode[]; edges: EditorEdge[] } {
  const flowNodes = document.nodes.map((node): EditorNode => {
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
  const flowEdges = document.edges.map(
    (edge): EditorEdge => ({
      id: edge.id,
      source: edge.source,
      sourceHandle: edge.sourceOutput,
      target: edge.target,
      selected: selectedIds.has(edge.id),
    }),
  );
  const entry = triggerCards(document, selectedIds);
  // Notes first: drawn underneath the steps.
  return { nodes: [...noteCards(document, selectedIds), ...entry.nodes, ...flowNodes], edges: [...entry.edges, ...flowEdges] };
}

function noteCards(document: FlowDocument, selectedIds: ReadonlySet<string>): NoteCardNode[] {
  return document.notes.map((note) => {
    let data = noteDataCache.get(note);
    if (!data) {
      data = { note };
      noteDataCache.set(note, data);
    }
    const id = noteCardId(note.id);
    return { id, type: 'note', position: note.position, data, selected: selectedIds.has(id), zIndex: -1 };
  });
}

function triggerCards(document: FlowDocument, selectedIds: ReadonlySet<string>): { nodes: TriggerCardNode[]; edges: EditorEdge[] } {
  const positions = new Map(document.nodes.map((node) => [node.id, node.position]));
  const stacked = new Map<string, number>();
  const nodes: TriggerCardNode[] = [];
  const edges: EditorEdge[] = [];
  document.triggers.forEach((trigger, index) => {
    const id = triggerCardId(trigger.id);
    const start = positions.get(trigger.startNodeId);
    const slot = stacked.get(trigger.startNodeId) ?? 0;
    stacked.set(trigger.startNodeId, slot + 1);
    const position = start
      ? { x: start.x + TRIGGER_OFFSET.x, y: start.y + TRIGGER_OFFSET.y + slot * TRIGGER_OFFSET.stack }
      : { x: -320, y: index * TRIGGER_OFFSET.stack };
    let data = triggerDataCache.get(trigger);
    if (!data) {
      data = { trigger };
      triggerDataCache.set(trigger, data);
    }
    nodes.push({ id, type: 'trigger', position, data, draggable: false, selected: selectedIds.has(id) });
    if (start) edges.push({ id: `${id}:start`, source: id, sourceHandle: 'start', target: trigger.startNodeId, selectable: false, deletable: false, className: 'trigger-edge' });
  });
  return { nodes, edges };
}

/** Node positions as React Flow holds them, to write back into the document after a drag. */
export function fromReactFlow(nodes: readonly Pick<CanvasNode, 'id' | 'position'>[]): Map<string, XYPosition> {
  return new Map(nodes.map((node) => [node.id, { x: node.position.x, y: node.position.y }]));
}
