import { ofType, probeFlow, send, startFlow, testContext, texts } from '../../testing/engine-test-kit';

const weekdays = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' };

describe('delay node', () => {
  it('schedules a timer for a duration and waits', () => {
    const started = startFlow(probeFlow('delay', { mode: 'duration', duration: { amount: 90, unit: 'minutes' } }));
    expect(ofType(started.effects, 'schedule-timer')[0]).toMatchObject({ fireAt: '2026-01-05T11:30:00.000Z', reason: 'delay' });
    expect(started.conversation).toMatchObject({ status: 'waiting', wait: { kind: 'timer', nodeId: 'n' } });
  });

  it('continues when its timer fires and ignores other timers and messages', () => {
    const flow = probeFlow('delay', { mode: 'duration', duration: { amount: 1, unit: 'days' } });
    const started = startFlow(flow);
    const timerId = ofType(started.effects, 'schedule-timer')[0].timerId;
    expect(send(flow, started, { type: 'timer-fired', timerId: 'other' }).effects).toEqual([]);
    expect(send(flow, started, { type: 'message-received', text: 'hello?' }).effects).toEqual([]);
    expect(texts(send(flow, started, { type: 'timer-fired', timerId }).effects)).toEqual(['→ next']);
  });

  it('continues at once inside the time window', () => {
    const { effects } = startFlow(probeFlow('delay', { mode: 'until-window', windows: [weekdays] }));
    expect(texts(effects)).toEqual(['→ next']);
  });

  it('waits until the next window opens, in the workspace time zone', () => {
    // Saturday 2026-01-10 12:00 UTC → Monday 09:00 in New York = 14:00 UTC
    const ctx = testContext({ now: '2026-01-10T12:00:00.000Z', workspace: { timeZone: 'America/New_York' } });
    const { effects } = startFlow(probeFlow('delay', { mode: 'until-window', windows: [weekdays] }), ctx);
    expect(ofType(effects, 'schedule-timer')[0].fireAt).toBe('2026-01-12T14:00:00.000Z');
  });
});
