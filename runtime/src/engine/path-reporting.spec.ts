import { buildFlow } from '../fixtures/flow-builder';
import { reply, send, startFlow, testContext } from '../testing/engine-test-kit';
import { advanceConversation } from './advance-conversation';

const quiz = buildFlow({
  id: 'quiz',
  name: 'quiz',
  triggers: [{ id: 't', kind: 'welcome', startNodeId: 'hi' }],
  nodes: [
    ['hi', 'send-message', { text: 'Hi' }],
    ['ask', 'ask-question', { prompt: 'Email?', expect: 'email', saveTo: 'email', retries: 1, timeout: { amount: 1, unit: 'hours' } }],
    ['thanks', 'send-message', { text: 'Thanks' }],
    ['bye', 'end', {}],
  ],
  edges: [['hi', 'next', 'ask'], ['ask', 'answered', 'thanks'], ['thanks', 'next', 'bye']],
});

describe('advanceConversation › path (analytics reporting)', () => {
  it('reports the start, each node entered and each output taken, in order', () => {
    const first = startFlow(quiz);
    expect(first.path).toEqual([
      { type: 'started', nodeId: 'hi' },
      { type: 'entered', nodeId: 'hi' },
      { type: 'took', nodeId: 'hi', output: 'next', connected: true },
      { type: 'entered', nodeId: 'ask' },
    ]);
  });

  it('reports an invalid answer as "stayed", then the answer, the rest of the path and the end', () => {
    const first = startFlow(quiz);
    const invalid = send(quiz, first, reply('nope'));
    expect(invalid.path).toEqual([{ type: 'stayed', nodeId: 'ask' }]);
    const answered = send(quiz, invalid, reply('ana@example.com'));
    expect(answered.path).toEqual([
      { type: 'took', nodeId: 'ask', output: 'answered', connected: true },
      { type: 'entered', nodeId: 'thanks' },
      { type: 'took', nodeId: 'thanks', output: 'next', connected: true },
      { type: 'entered', nodeId: 'bye' },
      { type: 'ended', reason: 'end-node' },
    ]);
  });

  it('reports a timeout output that leads nowhere, then the end of the run', () => {
    const first = startFlow(quiz);
    const timerId = first.effects.find((e) => e.type === 'schedule-timer')!;
    const timedOut = send(quiz, first, { type: 'timer-fired', timerId: (timerId as { timerId: string }).timerId });
    expect(timedOut.path).toEqual([{ type: 'took', nodeId: 'ask', output: 'timeout', connected: false }, { type: 'ended', reason: 'completed' }]);
  });

  it('reports the branch a randomizer took', () => {
    const ab = buildFlow({
      id: 'ab',
      name: 'ab',
      triggers: [{ id: 't', kind: 'welcome', startNodeId: 'r' }],
      nodes: [['r', 'randomizer', { branches: [{ id: 'a', weight: 1 }, { id: 'b', weight: 0 }] }], ['m', 'send-message', { text: 'A' }]],
      edges: [['r', 'branch:a', 'm']],
    });
    expect(startFlow(ab).path.filter((s) => s.type === 'took')).toEqual([
      { type: 'took', nodeId: 'r', output: 'branch:a', connected: true },
      { type: 'took', nodeId: 'm', output: 'next', connected: false },
    ]);
  });

  it('reports a run abandoned by a new trigger while it waited', () => {
    const first = startFlow(quiz);
    const again = advanceConversation({ flow: quiz, conversation: first.conversation, event: { type: 'start', triggerId: 't' }, context: testContext() });
    expect(again.path.slice(0, 2)).toEqual([{ type: 'abandoned', nodeId: 'ask' }, { type: 'started', nodeId: 'hi' }]);
  });

  it('reports the loop guard as an ended run with an error', () => {
    const loop = buildFlow({
      id: 'loop',
      name: 'loop',
      triggers: [{ id: 't', kind: 'welcome', startNodeId: 'a' }],
      nodes: [['a', 'set-variable', { name: 'x', value: 'a' }], ['b', 'set-variable', { name: 'x', value: 'b' }]],
      edges: [['a', 'next', 'b'], ['b', 'next', 'a']],
    });
    const { path } = startFlow(loop);
    expect(path.filter((s) => s.type === 'entered')).toHaveLength(100);
    expect(path.at(-1)).toEqual({ type: 'ended', reason: 'error' });
  });

  it('reports nothing for an event the conversation does not wait for', () => {
    const first = startFlow(quiz);
    expect(send(quiz, first, { type: 'timer-fired', timerId: 'someone-else' }).path).toEqual([]);
  });
});
