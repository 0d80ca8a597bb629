import type { FlowDocument, FlowNode } from '../../nodes/runtime-catalog';
import { addNode, connect, connectionProblem, moveNodes, moveNotes, putNote, removeElements, removeNotes, setNodeConfig } from './document-ops';

const outputsOf = (node: FlowNode): string[] =>
  node.type === 'ask' ? ['answered', 'invalid'] : node.type === 'menu' ? ((node.config.items as string[]) ?? []) : ['next'];

function flow(): FlowDocument {
  return {
    schemaVersion: 1,
    triggers: [],
    nodes: [
      { id: 'a', type: 'ask', position: { x: 0, y: 0 }, config: {} },
      { id: 'b', type: 'message', position: { x: 300, y: 0 }, config: {} },
      { id: 'c', type: 'menu', position: { x: 600, y: 0 }, config: { items: ['one', 'two'] } },
    ],
    edges: [{ id: 'e1', source: 'a', sourceOutput: 'answered', target: 'b' }],
    variables: [],
    notes: [],
  };
}

describe('document edits', () => {
  it('adds a node without touching the original document', () => {
    const original = flow();
    const next = addNode(original, { id: 'd', type: 'message', position: { x: 1, y: 2 }, config: {} });
    expect(next.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(original.nodes).toHaveLength(3);
  });

  it('moves nodes to rounded positions and returns the same document when nothing moved', () => {
    const original = flow();
    const moved = moveNodes(original, new Map([['b', { x: 10.4, y: 20.6 }]]));
    expect(moved.nodes[1].position).toEqual({ x: 10, y: 21 });
    expect(moved.nodes[0]).toBe(original.nodes[0]);
    expect(moveNodes(original, new Map([['b', { x: 300, y: 0 }]]))).toBe(original);
  });

  it('drops edges from outputs a new config no longer has', () => {
    const original = { ...flow(), edges: [{ id: 'e2', source: 'c', sourceOutput: 'two', target: 'b' }] };
    const next = setNodeConfig(original, 'c', { items: ['one'] }, outputsOf);
    expect(next.nodes[2].config).toEqual({ items: ['one'] });
    expect(next.edges).toEqual([]);
  });

  it('removes a node together with every edge touching it', () => {
    const next = removeElements(flow(), ['b']);
    expect(next.nodes.map((n) => n.id)).toEqual(['a', 'c']);
    expect(next.edges).toEqual([]);
  });

  it('keeps one edge per output: connecting a used output moves its edge', () => {
    const result = connect(flow(), { source: 'a', sourceOutput: 'answered', target: 'c' }, 'new-edge', outputsOf);
    expect(result.ok && result.document.edges).toEqual([{ id: 'e1', source: 'a', sourceOutput: 'answered', target: 'c' }]);
  });

  it('adds an edge for a free output', () => {
    const result = connect(flow(), { source: 'a', sourceOutput: 'invalid', target: 'c' }, 'e2', outputsOf);
    expect(result.ok && result.document.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('refuses a connection from an output the node does not have, or to itself, with a reason', () => {
    expect(connectionProblem(flow(), { source: 'a', sourceOutput: 'timeout', target: 'b' }, outputsOf)).toMatch(/not an output/);
    expect(connectionProblem(flow(), { source: 'b', sourceOutput: 'next', target: 'b' }, outputsOf)).toMatch(/itself/);
    expect(connect(flow(), { source: 'a', sourceOutput: 'x', target: 'zzz' }, 'e', outputsOf).ok).toBe(false);
  });
});

describe('sticky notes', () => {
  it('adds, edits, moves and removes notes', () => {
    let doc = putNote(flow(), { id: 'n', text: 'Ask legal', position: { x: 0, y: 0 } });
    doc = putNote(doc, { id: 'n', text: 'Ask legal first', position: { x: 0, y: 0 } });
    expect(doc.notes).toEqual([{ id: 'n', text: 'Ask legal first', position: { x: 0, y: 0 } }]);
    doc = moveNotes(doc, new Map([['n', { x: 10.2, y: 5.7 }]]));
    expect(doc.notes[0].position).toEqual({ x: 10, y: 6 });
    expect(removeNotes(doc, ['n']).notes).toEqual([]);
  });
});
