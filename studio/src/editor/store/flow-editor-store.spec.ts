import type { FlowDocument } from '../../nodes/runtime-catalog';
import { createFlowEditorStore } from './flow-editor-store';

const empty: FlowDocument = { schemaVersion: 1, triggers: [], nodes: [], edges: [], variables: [], notes: [] };

function setup() {
  let clock = 0;
  let ids = 0;
  const store = createFlowEditorStore(
    { document: empty, revision: 1 },
    { newId: (prefix) => `${prefix}-${++ids}`, now: () => clock, outputsOf: () => ['next'] },
  );
  return { store, tick: (ms: number) => (clock += ms) };
}

describe('flow editor store', () => {
  it('undoes and redoes every document change', () => {
    const { store } = setup();
    const a = store.getState().addNode('send-message', { x: 0, y: 0 }, { text: 'Hi' });
    const b = store.getState().addNode('end', { x: 300, y: 0 }, {}, { source: a, sourceOutput: 'next' });
    expect(store.getState().document.edges).toEqual([{ id: 'edge-3', source: a, sourceOutput: 'next', target: b }]);

    store.getState().undo();
    expect(store.getState().document.nodes.map((n) => n.id)).toEqual([a]);
    expect(store.getState().document.edges).toEqual([]);
    store.getState().undo();
    expect(store.getState().document).toBe(empty);
    store.getState().redo();
    store.getState().redo();
    expect(store.getState().document.nodes.map((n) => n.id)).toEqual([a, b]);
  });

  it('folds quick edits of one node into one undo step', () => {
    const { store, tick } = setup();
    const id = store.getState().addNode('send-message', { x: 0, y: 0 }, { text: '' });
    store.getState().setNodeConfig(id, { text: 'H' });
    tick(200);
    store.getState().setNodeConfig(id, { text: 'Hi' });
    tick(5000);
    store.getState().setNodeConfig(id, { text: 'Hi there' });
    store.getState().undo();
    expect(store.getState().document.nodes[0].config).toEqual({ text: 'Hi' });
    store.getState().undo();
    expect(store.getState().document.nodes[0].config).toEqual({ text: '' });
  });

  it('clears redo after a new change, and explains a refused connection', () => {
    const { store } = setup();
    const id = store.getState().addNode('end', { x: 0, y: 0 }, {});
    store.getState().undo();
    store.getState().redo();
    store.getState().moveNodes(new Map([[id, { x: 50, y: 50 }]]));
    expect(store.getState().future).toEqual([]);
    expect(store.getState().connect({ source: id, sourceOutput: 'next', target: id })).toBe(false);
    expect(store.getState().hint).toMatch(/itself/);
  });
});
