import { buildFlow } from '../../fixtures/flow-builder';
import { advanceConversation } from '../../engine/advance-conversation';
import { ofType, startFlow, testContext, texts } from '../../testing/engine-test-kit';
import { goToFlowNode } from './go-to-flow.node';

const main = buildFlow({
  id: 'main', name: 'main',
  triggers: [{ id: 't', kind: 'welcome', startNodeId: 'hello' }],
  nodes: [
    ['hello', 'send-message', { text: 'main: hello' }],
    ['go', 'go-to-flow', { flowId: 'survey', returnAfter: true }],
    ['back', 'send-message', { text: 'main: welcome back' }],
  ],
  edges: [['hello', 'next', 'go'], ['go', 'returned', 'back']],
});
const survey = buildFlow({
  id: 'survey', name: 'survey',
  triggers: [{ id: 's', kind: 'welcome', startNodeId: 'q' }],
  nodes: [['q', 'send-message', { text: 'survey: thanks' }], ['done', 'end', {}]],
  edges: [['q', 'next', 'done']],
});

describe('go-to-flow node', () => {
  it('emits start-flow and waits for the host to load the other flow', () => {
    const { effects, conversation } = startFlow(main);
    expect(ofType(effects, 'start-flow')).toEqual([{ type: 'start-flow', flowId: 'survey', reason: 'go-to' }]);
    expect(conversation.wait).toEqual({ kind: 'flow', flowId: 'survey' });
    expect(conversation.callStack).toEqual([{ flowId: 'main', nodeId: 'go' }]);
  });

  it('returns to the caller through "returned" when the other flow ends', () => {
    const ctx = testContext();
    const t1 = startFlow(main, ctx);
    const t2 = advanceConversation({ flow: survey, conversation: t1.conversation, event: { type: 'start' }, context: ctx });
    expect(texts(t2.effects)).toEqual(['survey: thanks']);
    expect(ofType(t2.effects, 'start-flow')).toEqual([{ type: 'start-flow', flowId: 'main', reason: 'return' }]);
    expect(ofType(t2.effects, 'end')).toEqual([]);
    const t3 = advanceConversation({ flow: main, conversation: t2.conversation, event: { type: 'start' }, context: ctx });
    expect(texts(t3.effects)).toEqual(['main: welcome back']);
    expect(t3.conversation).toMatchObject({ flowId: 'main', callStack: [], status: 'ended' });
  });

  it('without return, the other flow just ends the conversation', () => {
    const oneWay = buildFlow({ ...{ id: 'x', name: 'x' }, triggers: [{ id: 't', kind: 'welcome', startNodeId: 'go' }], nodes: [['go', 'go-to-flow', { flowId: 'survey', startNodeId: 'q' }]], edges: [] });
    const t1 = startFlow(oneWay);
    expect(ofType(t1.effects, 'start-flow')[0]).toEqual({ type: 'start-flow', flowId: 'survey', startNodeId: 'q', reason: 'go-to' });
    const t2 = advanceConversation({ flow: survey, conversation: t1.conversation, event: { type: 'start', startNodeId: 'q' }, context: testContext() });
    expect(t2.conversation.status).toBe('ended');
    expect(ofType(t2.effects, 'end')).toHaveLength(1);
  });

  it('has a returned output only when it returns', () => {
    expect(goToFlowNode.outputs({ flowId: 'a', returnAfter: false })).toEqual([]);
    expect(goToFlowNode.outputs({ flowId: 'a', returnAfter: true })).toEqual(['returned']);
  });
});
