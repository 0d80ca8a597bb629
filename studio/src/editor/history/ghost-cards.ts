import type { EditorNode, FlowNodeData } from '../../nodes/flow-node-data';
import type { FlowNode } from '../../nodes/runtime-catalog';

const GHOST_PREFIX = 'ghost:';
const dataCache = new WeakMap<FlowNode, FlowNodeData>();

/**
 * Removed steps of a comparison as canvas cards: drawn by the step's own view at the older version's position,
 * marked "removed", and inert (not selectable, draggable, connectable or deletable) since they are not in the draft.
 */
export function ghostCards(ghosts: readonly FlowNode[], outputsOf: (node: FlowNode) => readonly string[], knownTypes: ReadonlySet<string>): EditorNode[] {
  return ghosts.map((node) => {
    let data = dataCache.get(node);
    if (!data) {
      data = { node, outputs: outputsOf(node) };
      dataCache.set(node, data);
    }
    return {
      id: `${GHOST_PREFIX}${node.id}`,
      type: knownTypes.has(node.type) ? node.type : 'unknown',
      position: node.position,
      data,
      selectable: false,
      draggable: false,
      connectable: false,
      deletable: false,
      focusable: false,
      className: 'diff-ghost',
    };
  });
}

/** The steps of `older` that `removedIds` names, for drawing as ghosts. */
export function removedSteps(older: { nodes?: unknown } | null | undefined, removedIds: readonly string[]): FlowNode[] {
  const removed = new Set(removedIds);
  const nodes = Array.isArray(older?.nodes) ? (older.nodes as FlowNode[]) : [];
  return nodes.filter((node) => removed.has(node.id) && node.position && typeof node.position.x === 'number');
}
