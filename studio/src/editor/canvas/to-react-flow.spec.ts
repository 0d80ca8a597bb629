import type { FlowDocument } from '../../nodes/runtime-catalog';
import { fromReactFlow, toReactFlow } from './to-react-flow';

const document: FlowDocument = {
  schemaVersion: 1,
  triggers: [],
  nodes: [
    { id: 'q', type: 'ask-question', position: { x: 0, y: 0 }, config: { prompt: 'Email?' } },
    { id: 'm', type: 'send-message', position: { x: 300, y: 50 }, config: { text: 'Thanks' } },
    { id: 'x', type: 'from-the-future', position: { x: 600, y: 50 }, config: {} },
  ],
  edges: [{ id: 'e', source: 'q', sourceOutput: 'answered', target: 'm' }],
  variables: [],
  notes: [],
};
const outputsOf = () => ['answered', 'invalid'];
const known = new Set(['ask-question', 'send-message']);

describe('toReactFlow', () => {
  it('projects nodes with their type, position and outputs, and edges from named output handles', () => {
    const { nodes, edges } = toReactFlow(document, outputsOf, new Set(['m']), known);
    expect(nodes.map((n) => [n.id, n.type, n.position, n.selected])).toEqual([
      ['q', 'ask-question', { x: 0, y: 0 }, false],
      ['m', 'send-message', { x: 300, y: 50 }, true],
      ['x', 'unknown', { x: 600, y: 50 }, false],
    ]);
    expect(nodes[0].data).toEqual({ node: document.nodes[0], outputs: ['answered', 'invalid'] });
    expect(edges).toEqual([{ id: 'e', source: 'q', sourceHandle: 'answered', target: 'm', selected: false }]);
  });

  it('reuses the data object of an unchanged node, so memoised nodes skip rendering', () => {
    const first = toReactFlow(document, outputsOf, new Set(), known);
    const changed = { ...document, nodes: [document.nodes[0], { ...document.nodes[1], config: { text: 'Hi' } }, document.nodes[2]] };
    const second = toReactFlow(changed, outputsOf, new Set(), known);
    expect(second.nodes[0].data).toBe(first.nodes[0].data);
    expect(second.nodes[1].data).not.toBe(first.nodes[1].data);
  });
});

describe('fromReactFlow', () => {
  it('reads node positions back by id', () => {
    const positions = fromReactFlow([{ id: 'q', position: { x: 5, y: 6 } }]);
    expect(positions.get('q')).toEqual({ x: 5, y: 6 });
  });
});

describe('toReactFlow entry cards', () => {
  it('draws each trigger as a card left of its start node, linked to it', () => {
    const withTrigger = {
      ...document,
      triggers: [{ id: 't1', kind: 'welcome', startNodeId: 'q', enabled: true, priority: 0, frequency: { mode: 'every-time' }, channels: [] }],
    } as unknown as FlowDocument;
    const { nodes, edges } = toReactFlow(withTrigger, outputsOf, new Set(), known);
    expect(nodes[0]).toMatchObject({ id: 'trigger:t1', type: 'trigger', position: { x: -300, y: 0 }, draggable: false });
    expect(edges[0]).toMatchObject({ source: 'trigger:t1', sourceHandle: 'start', target: 'q', deletable: false });
  });
});
