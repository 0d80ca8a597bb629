import type { FlowDocument } from '../../nodes/runtime-catalog';
import { parseFragment, pasteFragment, toFragment } from './flow-fragment';

const document: FlowDocument = {
  schemaVersion: 1,
  triggers: [],
  nodes: [
    { id: 'a', type: 'ask-question', position: { x: 0, y: 0 }, config: { prompt: 'Email?' } },
    { id: 'b', type: 'send-message', position: { x: 300, y: 0 }, config: { text: 'Thanks' } },
    { id: 'c', type: 'end', position: { x: 600, y: 0 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'a', sourceOutput: 'answered', target: 'b' },
    { id: 'e2', source: 'b', sourceOutput: 'next', target: 'c' },
  ],
  variables: [],
  notes: [],
};

describe('copy and paste of nodes', () => {
  it('copies the selected nodes with the edges between them only', () => {
    const fragment = toFragment(document, new Set(['a', 'b']));
    expect(fragment?.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(fragment?.edges.map((e) => e.id)).toEqual(['e1']);
  });

  it('pastes copies with fresh ids, shifted, with their edges re-pointed', () => {
    let n = 0;
    const fragment = parseFragment(JSON.stringify(toFragment(document, new Set(['a', 'b']))))!;
    const { document: next, nodeIds } = pasteFragment(document, fragment, (prefix) => `${prefix}-${++n}`);
    expect(nodeIds).toEqual(['ask-question-1', 'send-message-2']);
    expect(next.nodes[3].position).toEqual({ x: 40, y: 40 });
    expect(next.edges.at(-1)).toEqual({ id: 'edge-3', source: 'ask-question-1', sourceOutput: 'answered', target: 'send-message-2' });
    expect(document.nodes).toHaveLength(3);
  });

  it('ignores clipboard text that is not a Parley fragment', () => {
    expect(parseFragment('hello')).toBeNull();
    expect(parseFragment('{"nodes":[]}')).toBeNull();
  });
});
