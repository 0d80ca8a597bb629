import { diffFlows } from './diff-flows';

const base = {
  schemaVersion: 1,
  triggers: [{ id: 't1', kind: 'keyword', startNodeId: 'a', keywords: [{ value: 'hi', mode: 'is' }] }],
  nodes: [
    { id: 'a', type: 'send-message', position: { x: 0, y: 0 }, config: { text: 'Hello' } },
    { id: 'b', type: 'end', position: { x: 0, y: 100 }, config: {} },
  ],
  edges: [{ id: 'e1', source: 'a', sourceOutput: 'next', target: 'b' }],
  variables: [{ name: 'email' }],
};

describe('diffFlows', () => {
  it('finds nothing between equal documents', () => {
    const diff = diffFlows(base, structuredClone(base));
    expect(diff.onlyLayout).toBe(true);
    expect(diff.nodes).toEqual({ added: [], removed: [], changed: [], moved: [] });
  });

  it('reports added, removed and changed nodes with the changed config fields', () => {
    const after = structuredClone(base);
    after.nodes[0].config = { text: 'Hi there' };
    after.nodes.splice(1, 1);
    after.nodes.push({ id: 'c', type: 'end', position: { x: 5, y: 5 }, config: {} });
    const diff = diffFlows(base, after);
    expect(diff.nodes.added).toEqual(['c']);
    expect(diff.nodes.removed).toEqual(['b']);
    expect(diff.nodes.changed).toEqual([{ id: 'a', fields: ['config.text'] }]);
    expect(diff.onlyLayout).toBe(false);
  });

  it('compares edges by what they connect, not by id', () => {
    const after = structuredClone(base);
    after.edges = [{ id: 'renamed', source: 'a', sourceOutput: 'next', target: 'b' }];
    expect(diffFlows(base, after).edges).toEqual({ added: [], removed: [] });
    after.edges = [{ id: 'e2', source: 'a', sourceOutput: 'next', target: 'a' }];
    const diff = diffFlows(base, after);
    expect(diff.edges.added).toEqual([{ id: 'e2', source: 'a', sourceOutput: 'next', target: 'a' }]);
    expect(diff.edges.removed).toHaveLength(1);
  });

  it('reports changed triggers and variables; a moved node alone is layout only', () => {
    const after = structuredClone(base);
    after.triggers[0].keywords = [{ value: 'hello', mode: 'is' }];
    after.variables = [{ name: 'phone' }];
    const diff = diffFlows(base, after);
    expect(diff.triggers.changed).toEqual([{ id: 't1', fields: ['keywords'] }]);
    expect(diff.variables).toEqual({ added: ['phone'], removed: ['email'] });

    const moved = structuredClone(base);
    moved.nodes[0].position = { x: 50, y: 50 };
    const layout = diffFlows(base, moved);
    expect(layout.nodes.moved).toEqual(['a']);
    expect(layout.onlyLayout).toBe(true);
  });

  it('never throws on malformed documents', () => {
    expect(() => diffFlows(null, { nodes: 'x', edges: [1, null], triggers: {} })).not.toThrow();
  });
});
