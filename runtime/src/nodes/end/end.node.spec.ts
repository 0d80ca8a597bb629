import { buildFlow } from '../../fixtures/flow-builder';
import { ofType, reply, send, startFlow } from '../../testing/engine-test-kit';
import { endNode } from './end.node';

describe('end node', () => {
  const flow = buildFlow({
    id: 'f', name: 'f',
    triggers: [{ id: 't', kind: 'welcome', startNodeId: 'bye' }],
    nodes: [['bye', 'send-message', { text: 'Bye' }], ['stop', 'end', { note: 'done' }]],
    edges: [['bye', 'next', 'stop']],
  });

  it('ends the conversation with an end effect', () => {
    const { effects, conversation } = startFlow(flow);
    expect(effects.at(-1)).toEqual({ type: 'end', reason: 'end-node' });
    expect(conversation).toMatchObject({ status: 'ended', currentNodeId: null, wait: null });
  });

  it('ignores messages after the end (the host matches triggers again)', () => {
    expect(send(flow, startFlow(flow), reply('hello again')).effects).toEqual([]);
  });

  it('has no outputs', () => {
    expect(endNode.outputs({})).toEqual([]);
    expect(ofType(startFlow(flow).effects, 'send-message')).toHaveLength(1);
  });
});
