import { buildFlow } from '../fixtures/flow-builder';
import { starterFlows } from '../fixtures/starter-flows';
import { ofType, reply, send, startFlow, testContext, texts } from '../testing/engine-test-kit';
import { advanceConversation } from './advance-conversation';
import type { ConversationState } from './engine-types';
import { simulate } from './simulate';
import { MAX_SENDS_PER_TURN, MAX_STEPS_PER_TURN } from './turn';

const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
};

describe('advanceConversation', () => {
  it('stops a loop that never waits after 100 steps with an error effect', () => {
    const flow = buildFlow({
      id: 'loop', name: 'loop', triggers: [{ id: 't', kind: 'welcome', startNodeId: 'a' }],
      nodes: [['a', 'set-variable', { name: 'x', value: 'a' }], ['b', 'set-variable', { name: 'x', value: 'b' }]],
      edges: [['a', 'next', 'b'], ['b', 'next', 'a']],
    });
    const { effects, conversation } = startFlow(flow);
    expect(ofType(effects, 'error')).toEqual([expect.objectContaining({ code: 'LOOP_GUARD_STEPS' })]);
    expect(effects.at(-1)).toEqual({ type: 'end', reason: 'error' });
    expect(conversation).toMatchObject({ status: 'ended', wait: null, lastError: { code: 'LOOP_GUARD_STEPS' } });
    expect(conversation.steps.lastTurn).toBe(MAX_STEPS_PER_TURN);
  });

  it('stops after 10 sends in one turn', () => {
    const nodes: Array<[string, string, Record<string, unknown>]> = Array.from({ length: 12 }, (_, i) => [`m${i}`, 'send-message', { text: `m${i}` }]);
    const edges: Array<[string, string, string]> = nodes.slice(1).map((n, i) => [`m${i}`, 'next', n[0]]);
    const flow = buildFlow({ id: 'chatty', name: 'chatty', triggers: [{ id: 't', kind: 'welcome', startNodeId: 'm0' }], nodes, edges });
    const { effects, conversation } = startFlow(flow);
    expect(texts(effects)).toHaveLength(MAX_SENDS_PER_TURN);
    expect(ofType(effects, 'error')[0]).toMatchObject({ code: 'LOOP_GUARD_SENDS', nodeId: 'm10' });
    expect(conversation.status).toBe('ended');
  });

  it('never mutates the state it is given and returns JSON-safe state', () => {
    const flow = starterFlows[1].flow;
    const first = startFlow(flow);
    const frozen = deepFreeze(JSON.parse(JSON.stringify(first.conversation)) as ConversationState);
    const next = advanceConversation({ flow, conversation: frozen, event: reply('Ana'), context: testContext() });
    expect(next.conversation.variables.name).toBe('Ana');
    expect(JSON.parse(JSON.stringify(next.conversation))).toEqual(next.conversation);
  });

  it('is deterministic for the same inputs', () => {
    const run = () => simulate(starterFlows[0].flow, [reply('hello'), reply('Prices', 'n-welcome/pricing')], { seed: 3 });
    expect(run()).toEqual(run());
  });

  it('never reads the clock or Math.random', () => {
    const now = jest.spyOn(Date, 'now').mockImplementation(() => { throw new Error('Date.now used'); });
    const rnd = jest.spyOn(Math, 'random').mockImplementation(() => { throw new Error('Math.random used'); });
    try {
      for (const { flow } of starterFlows) simulate(flow, [reply('hello'), reply('book'), { type: 'advance-time', ms: 86_400_000 }]);
    } finally {
      now.mockRestore();
      rnd.mockRestore();
    }
  });

  it('reports a missing node and an invalid config as errors at run time', () => {
    const flow = buildFlow({
      id: 'bad', name: 'bad', triggers: [{ id: 't', kind: 'welcome', startNodeId: 'ghost' }, { id: 't2', kind: 'welcome', startNodeId: 'broken' }],
      nodes: [['broken', 'send-message', {}]], edges: [],
    });
    expect(ofType(startFlow(flow).effects, 'error')[0].code).toBe('NODE_NOT_FOUND');
    const second = advanceConversation({ flow, conversation: null, event: { type: 'start', triggerId: 't2' }, context: testContext() });
    expect(ofType(second.effects, 'error')[0].code).toBe('INVALID_NODE_CONFIG');
  });

  it('cancels the pending timer when a new trigger restarts a waiting conversation', () => {
    const flow = starterFlows[1].flow; // lead capture: the email question has a timeout
    let turn = startFlow(flow);
    turn = send(flow, turn, reply('Ana'));
    const timerId = ofType(turn.effects, 'schedule-timer')[0].timerId;
    const restarted = advanceConversation({ flow, conversation: turn.conversation, event: { type: 'start', triggerId: 't-quote' }, context: testContext() });
    expect(restarted.effects[0]).toEqual({ type: 'cancel-timer', timerId });
  });

  it('routes a tap on a button of an earlier message after the conversation ended', () => {
    const flow = starterFlows[0].flow;
    const ended = { ...startFlow(flow).conversation, status: 'ended' as const, wait: null, currentNodeId: null };
    const tapped = advanceConversation({ flow, conversation: ended, event: reply('Opening hours', 'n-welcome/hours'), context: testContext() });
    expect(texts(tapped.effects)[0]).toContain('Monday to Friday');
  });

  it('does not let a trigger restart a conversation an agent holds, unless forced', () => {
    const flow = starterFlows[3].flow; // support: "human" goes straight to the handoff
    const ctx = testContext({ workspace: { timeZone: 'UTC', businessHours: [{ days: ['mon'], from: '09:00', to: '18:00' }] } });
    const held = advanceConversation({ flow, conversation: null, event: { type: 'start', triggerId: 't-agent' }, context: ctx });
    expect(held.conversation.status).toBe('handed-off');
    const again = advanceConversation({ flow, conversation: held.conversation, event: { type: 'start', triggerId: 't-help' }, context: ctx });
    expect(again.effects).toEqual([]);
    const forced = advanceConversation({ flow, conversation: held.conversation, event: { type: 'start', triggerId: 't-help', force: true }, context: ctx });
    expect(ofType(forced.effects, 'cancel-timer')).toHaveLength(1);
    expect(texts(forced.effects)[0]).toContain('what do you need help with?');
  });

  it('ignores events it is not waiting for', () => {
    const flow = starterFlows[0].flow;
    const started = startFlow(flow);
    for (const event of [{ type: 'timer-fired', timerId: 'x' }, { type: 'http-response', requestId: 'x', status: 200 }, { type: 'agent-released' }, { type: 'story-mention' }] as const) {
      const result = send(flow, started, event);
      expect(result.effects).toEqual([]);
      expect(result.conversation).toEqual(started.conversation);
    }
  });
});
