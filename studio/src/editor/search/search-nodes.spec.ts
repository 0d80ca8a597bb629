import type { FlowDocument } from '../../nodes/runtime-catalog';
import { searchNodes } from './search-nodes';

const document = {
  schemaVersion: 1,
  triggers: [],
  nodes: [
    { id: 'q', type: 'ask-question', position: { x: 0, y: 0 }, config: { prompt: 'What is your Email?', saveTo: 'email' } },
    { id: 'm', type: 'send-message', position: { x: 0, y: 0 }, config: { text: 'Thanks {{vars.email}}', quickReplies: [{ id: 'a', title: 'Pricing' }] } },
    { id: 'c', type: 'condition', position: { x: 0, y: 0 }, config: { groups: [{ id: 'g', rules: [{ source: 'tags', operator: 'has-tag', value: 'vip' }] }] } },
  ],
  edges: [],
  variables: [],
  notes: [],
} as unknown as FlowDocument;

describe('searchNodes', () => {
  it('finds steps by any text in their config, case-insensitively', () => {
    expect(searchNodes(document, 'email')).toEqual(['q', 'm']);
    expect(searchNodes(document, 'pricing')).toEqual(['m']);
    expect(searchNodes(document, 'VIP')).toEqual(['c']);
  });

  it('finds a variable written as a placeholder', () => {
    expect(searchNodes(document, '{{vars.email}}')).toEqual(['q', 'm']);
  });

  it('finds steps by their type label, and nothing for an empty query', () => {
    expect(searchNodes(document, 'condition', (type) => (type === 'condition' ? 'Condition' : type))).toEqual(['c']);
    expect(searchNodes(document, '  ')).toEqual([]);
  });
});
