import type { FlowNode } from '../../nodes/runtime-catalog';
import type { XYPosition } from '../store/document-ops';

// Roughly one node card; enough to keep a new card from landing on top of another.
const CARD = { width: 260, height: 150 };

/** The first spot at or below `wanted` where a new card does not cover an existing one. */
export function freePosition(nodes: readonly Pick<FlowNode, 'position'>[], wanted: XYPosition): XYPosition {
  let candidate = { x: Math.round(wanted.x), y: Math.round(wanted.y) };
  for (let attempt = 0; attempt < 50; attempt++) {
    const blocker = nodes.find(
      (node) => Math.abs(node.position.x - candidate.x) < CARD.width && Math.abs(node.position.y - candidate.y) < CARD.height,
    );
    if (!blocker) return candidate;
    candidate = { x: candidate.x, y: blocker.position.y + CARD.height + 20 };
  }
  return candidate;
}
