import { ofType, probeFlow, startFlow, testContext } from '../../testing/engine-test-kit';
import { buildFlow } from '../../fixtures/flow-builder';
import { tagNode } from './tag.node';

describe('tag node', () => {
  it('emits add-tags with duplicates removed', () => {
    const { effects } = startFlow(probeFlow('tag', { action: 'add', tags: ['lead', 'lead', 'vip'] }));
    expect(ofType(effects, 'add-tags')).toEqual([{ type: 'add-tags', tags: ['lead', 'vip'] }]);
  });

  it('emits remove-tags', () => {
    const { effects } = startFlow(probeFlow('tag', { action: 'remove', tags: ['lead'] }));
    expect(ofType(effects, 'remove-tags')).toEqual([{ type: 'remove-tags', tags: ['lead'] }]);
  });

  it('lets a later condition in the same turn see the new tag', () => {
    const flow = buildFlow({
      id: 'f', name: 'f',
      triggers: [{ id: 't', kind: 'welcome', startNodeId: 'tag' }],
      nodes: [
        ['tag', 'tag', { action: 'add', tags: ['vip'] }],
        ['cond', 'condition', { groups: [{ id: 'vip', rules: [{ source: 'tags', operator: 'has-tag', value: 'vip' }] }] }],
        ['yes', 'send-message', { text: 'vip' }],
        ['no', 'send-message', { text: 'not vip' }],
      ],
      edges: [['tag', 'next', 'cond'], ['cond', 'group:vip', 'yes'], ['cond', 'else', 'no']],
    });
    const { effects } = startFlow(flow, testContext({ contact: { tags: [] } }));
    expect(ofType(effects, 'send-message')[0].message.text).toBe('vip');
  });

  it('requires at least one tag', () => {
    expect(tagNode.configSchema.safeParse({ action: 'add', tags: [] }).success).toBe(false);
  });
});
