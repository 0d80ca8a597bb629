import { buildFlow } from '../fixtures/flow-builder';
import { simulate } from './simulate';

const caller = buildFlow({
  id: 'caller', name: 'caller',
  triggers: [{ id: 't', kind: 'keyword', startNodeId: 'hi', keywords: [{ value: 'survey', mode: 'is' }] }],
  nodes: [['hi', 'send-message', { text: 'Quick survey!' }], ['go', 'go-to-flow', { flowId: 'survey', returnAfter: true }], ['thanks', 'send-message', { text: 'Thanks, back in the main flow.' }]],
  edges: [['hi', 'next', 'go'], ['go', 'returned', 'thanks']],
});
const survey = buildFlow({
  id: 'survey', name: 'survey',
  triggers: [{ id: 's', kind: 'welcome', startNodeId: 'q' }],
  nodes: [['q', 'ask-question', { prompt: 'Rate us 1-5', expect: 'number', min: 1, max: 5, saveTo: 'rating' }]],
  edges: [],
});

describe('simulate', () => {
  it('drives go-to-flow with return across two flows, like the host would', () => {
    const r = simulate(caller, [{ type: 'message-received', text: 'Survey' }, { type: 'message-received', text: '5' }], { flows: { survey } });
    expect(r.sent).toEqual(['Quick survey!', 'Rate us 1-5', 'Thanks, back in the main flow.']);
    expect(r.conversation).toMatchObject({ flowId: 'caller', status: 'ended', variables: { rating: 5 }, callStack: [] });
  });

  it('records the trigger and its reason on the transcript, and ignores messages nothing matches', () => {
    const r = simulate(caller, [{ type: 'message-received', text: 'hello' }, { type: 'message-received', text: 'survey' }], { flows: { survey } });
    expect(r.transcript[0]).toMatchObject({ effects: [], status: 'ended' });
    expect(r.transcript[1].trigger).toEqual({ id: 't', reason: 'Trigger t matched: keyword "survey" (is).' });
  });
});
