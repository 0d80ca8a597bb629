import type { FlowDocument } from '../../nodes/runtime-catalog';
import { flowPlaceholders } from './flow-variables';

describe('flowPlaceholders', () => {
  it('offers the variables the flow declares or saves, then contact fields', () => {
    const document = {
      schemaVersion: 1,
      triggers: [],
      nodes: [
        { id: 'q', type: 'ask-question', position: { x: 0, y: 0 }, config: { saveTo: 'email' } },
        { id: 's', type: 'set-variable', position: { x: 0, y: 0 }, config: { target: 'variable', name: 'source' } },
        { id: 'h', type: 'http-request', position: { x: 0, y: 0 }, config: { responseMapping: [{ path: 'a', variable: 'order' }] } },
      ],
      edges: [],
      variables: [{ name: 'plan', type: 'string' }],
      notes: [],
    } as unknown as FlowDocument;
    const placeholders = flowPlaceholders(document);
    expect(placeholders.slice(0, 5)).toEqual(['{{vars.email}}', '{{vars.last_reply}}', '{{vars.order}}', '{{vars.plan}}', '{{vars.source}}']);
    expect(placeholders).toContain('{{contact.first_name}}');
  });
});
