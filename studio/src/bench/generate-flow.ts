import type { FlowDocument } from '../nodes/runtime-catalog';

/** A flow of `count` message steps on a grid, each linked to the next: the benchmark's workload. */
export function generateFlow(count: number): FlowDocument {
  const columns = Math.ceil(Math.sqrt(count));
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: `n${i}`,
    type: 'send-message',
    position: { x: (i % columns) * 300, y: Math.floor(i / columns) * 180 },
    config: { text: `Message number ${i}: thanks for writing to us!`, quickReplies: [], buttons: [], cards: [], typingDelayMs: 0 },
  }));
  const edges = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: `n${i}`, sourceOutput: 'next', target: node.id }));
  return { schemaVersion: 1, triggers: [], nodes, edges, variables: [], notes: [] };
}
