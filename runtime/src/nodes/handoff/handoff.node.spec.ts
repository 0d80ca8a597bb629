import { ofType, probeFlow, reply, send, startFlow, testContext, texts } from '../../testing/engine-test-kit';

const hours = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' }] as const;
const config = { message: 'Connecting you…', team: 'sales', priority: 'high', note: 'Lead {{contact.first_name}}', noAgentTimeoutMinutes: 15, checkBusinessHours: true };

describe('handoff node', () => {
  const ctx = testContext({ workspace: { timeZone: 'UTC', businessHours: [...hours].map((h) => ({ ...h, days: [...h.days] })) } });
  const flow = probeFlow('handoff', config);

  it('sends the message, emits hand-off and a no-agent timer, then waits as handed-off', () => {
    const started = startFlow(flow, ctx);
    expect(texts(started.effects)).toEqual(['Connecting you…']);
    expect(ofType(started.effects, 'hand-off')).toEqual([{ type: 'hand-off', nodeId: 'n', team: 'sales', priority: 'high', note: 'Lead Ana', message: 'Connecting you…' }]);
    expect(ofType(started.effects, 'schedule-timer')[0]).toMatchObject({ reason: 'no-agent', fireAt: '2026-01-05T10:15:00.000Z' });
    expect(started.conversation.status).toBe('handed-off');
  });

  it('stays silent on contact messages while handed off', () => {
    const started = startFlow(flow, ctx);
    const during = send(flow, started, reply('hello?'), ctx);
    expect(during.effects).toEqual([]);
    expect(during.conversation.status).toBe('handed-off');
  });

  it('follows returned when the agent releases the chat', () => {
    const started = startFlow(flow, ctx);
    const timerId = ofType(started.effects, 'schedule-timer')[0].timerId;
    const back = send(flow, started, { type: 'agent-released', outcome: 'resolved' }, ctx);
    expect(texts(back.effects)).toEqual(['→ returned']);
    expect(ofType(back.effects, 'cancel-timer')).toEqual([{ type: 'cancel-timer', timerId }]);
    expect(back.conversation.variables.handoff_outcome).toBe('resolved');
  });

  it('follows no-agent when nobody took the chat in time, but not after an agent was assigned', () => {
    const started = startFlow(flow, ctx);
    const timerId = ofType(started.effects, 'schedule-timer')[0].timerId;
    const timedOut = send(flow, started, { type: 'timer-fired', timerId }, ctx);
    expect(ofType(timedOut.effects, 'hand-off-cancelled')).toHaveLength(1);
    expect(texts(timedOut.effects)).toEqual(['→ no-agent']);
    const assigned = send(flow, started, { type: 'agent-assigned', agentId: 'ag1' }, ctx);
    expect(ofType(assigned.effects, 'cancel-timer')).toEqual([{ type: 'cancel-timer', timerId }]);
    expect(send(flow, assigned, { type: 'timer-fired', timerId }, ctx).effects).toEqual([]);
  });

  it('follows outside-hours without handing off outside business hours', () => {
    const night = testContext({ now: '2026-01-05T22:00:00.000Z', workspace: ctx.workspace });
    const { effects } = startFlow(flow, night);
    expect(texts(effects)).toEqual(['→ outside-hours']);
    expect(ofType(effects, 'hand-off')).toEqual([]);
  });
});
