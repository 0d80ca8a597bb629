import { ofType, probeFlow, reply, send, startFlow, texts } from '../../testing/engine-test-kit';
import { askQuestionNode } from './ask-question.node';

const emailQuestion = { prompt: 'Your email?', expect: 'email', saveTo: 'email', retries: 2, retryPrompt: 'Not an email.' };

describe('ask-question node', () => {
  it('asks and waits for a reply', () => {
    const started = startFlow(probeFlow('ask-question', emailQuestion));
    expect(texts(started.effects)).toEqual(['Your email?']);
    expect(started.conversation).toMatchObject({ status: 'waiting', wait: { kind: 'reply', nodeId: 'n' } });
  });

  it('saves a valid answer (normalized) and follows answered', () => {
    const flow = probeFlow('ask-question', emailQuestion);
    const done = send(flow, startFlow(flow), reply(' Ana@Example.COM '));
    expect(done.conversation.variables.email).toBe('ana@example.com');
    expect(texts(done.effects)).toEqual(['→ answered']);
  });

  it('re-asks with the retry prompt up to N times, then follows invalid', () => {
    const flow = probeFlow('ask-question', emailQuestion);
    let turn = startFlow(flow);
    turn = send(flow, turn, reply('nope'));
    expect(texts(turn.effects)).toEqual(['Not an email. Your email?']);
    expect(turn.conversation.retries.n).toBe(1);
    turn = send(flow, turn, reply('still nope'));
    expect(texts(turn.effects)).toEqual(['Not an email. Your email?']);
    turn = send(flow, turn, reply('no'));
    expect(texts(turn.effects)).toEqual(['→ invalid']);
    expect(turn.conversation.retries.n).toBeUndefined();
  });

  it('validates numbers against min and max', () => {
    const flow = probeFlow('ask-question', { prompt: 'Budget?', expect: 'number', min: 10, max: 100, saveTo: 'budget', retries: 0 });
    expect(send(flow, startFlow(flow), reply('5')).conversation.variables.budget).toBeUndefined();
    const ok = send(flow, startFlow(flow), reply('42,5'));
    expect(ok.conversation.variables.budget).toBe(42.5);
  });

  it('parses phones, dates and regex answers', () => {
    const phone = probeFlow('ask-question', { prompt: 'Phone?', expect: 'phone', saveTo: 'p' });
    expect(send(phone, startFlow(phone), reply('+33 (6) 12-34-56-78')).conversation.variables.p).toBe('+33612345678');
    const date = probeFlow('ask-question', { prompt: 'Date?', expect: 'date', saveTo: 'd' });
    expect(send(date, startFlow(date), reply('31/01/2026')).conversation.variables.d).toBe('2026-01-31');
    expect(send(date, startFlow(date), reply('2026-02-30')).conversation.variables.d).toBeUndefined();
    const code = probeFlow('ask-question', { prompt: 'Code?', expect: 'regex', pattern: '^[A-Z]{3}-\\d{2}$', saveTo: 'c' });
    expect(send(code, startFlow(code), reply('ABC-12')).conversation.variables.c).toBe('ABC-12');
  });

  it('offers choices as quick replies and follows the chosen choice output', () => {
    const flow = probeFlow('ask-question', { prompt: 'Size?', expect: 'choice', saveTo: 'size', choices: [{ id: 's', label: 'Small' }, { id: 'l', label: 'Large', value: 'L' }] });
    const started = startFlow(flow);
    expect(ofType(started.effects, 'send-message')[0].message.quickReplies).toEqual([{ title: 'Small', payload: 'n/s' }, { title: 'Large', payload: 'n/l' }]);
    const done = send(flow, started, reply('Large', 'n/l'));
    expect(done.conversation.variables.size).toBe('L');
    expect(texts(done.effects)).toEqual(['→ choice:l']);
  });

  it('schedules a durable timeout timer, follows timeout when it fires, and cancels it on answer', () => {
    const flow = probeFlow('ask-question', { ...emailQuestion, timeout: { amount: 2, unit: 'hours' } });
    const started = startFlow(flow);
    const [timer] = ofType(started.effects, 'schedule-timer');
    expect(timer).toMatchObject({ fireAt: '2026-01-05T12:00:00.000Z', reason: 'question-timeout' });
    expect(texts(send(flow, started, { type: 'timer-fired', timerId: timer.timerId }).effects)).toEqual(['→ timeout']);
    expect(send(flow, started, { type: 'timer-fired', timerId: 'stale' }).effects).toEqual([]);
    expect(ofType(send(flow, started, reply('a@b.co')).effects, 'cancel-timer')).toEqual([{ type: 'cancel-timer', timerId: timer.timerId }]);
  });

  it('has the timeout output only when a timeout is set, and rejects bad regexes', () => {
    expect(askQuestionNode.outputs(askQuestionNode.configSchema.parse(emailQuestion))).toEqual(['answered', 'invalid']);
    expect(askQuestionNode.configSchema.safeParse({ prompt: 'x', expect: 'regex', pattern: '(', saveTo: 'v' }).success).toBe(false);
  });
});
