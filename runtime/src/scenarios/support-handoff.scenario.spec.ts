import { simulate, SimulateOptions } from '../engine/simulate';
import { supportHandoffFlow as flow } from '../fixtures/support-handoff.flow';
import { effects, MINUTE, say, textsAt, wait } from './scenario-kit';

const workspace = { timeZone: 'UTC', businessHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri'>, from: '09:00', to: '18:00' }] };
const shop: SimulateOptions['http'] = (call) => (call.url.endsWith('%2312345') ? { status: 200, body: { order: { status: 'shipped' } } } : { status: 404 });
const options: SimulateOptions = { workspace, http: shop, contact: { first_name: 'Sam', email: 'sam@example.com' } };

describe('scenario: support with handoff and back', () => {
  it('looks up an order over HTTP and closes when the answer helped', () => {
    const r = simulate(flow, [say('help'), say('An order', 'n-topic/order'), say('#12345'), say('Yes', 'n-helped/yes')], options);
    expect(effects(r, 'call-http')[0].url).toBe('https://shop.example.com/api/orders/%2312345');
    // the host answers call-http as its own turn: entry 3 is the http-response
    expect(r.transcript[3].input).toMatchObject({ type: 'http-response', status: 200 });
    expect(textsAt(r, 3)).toEqual(['Order #12345 is shipped (ETA soon).', 'Did that answer your question?']);
    expect(textsAt(r, 4)).toEqual(['Glad I could help! 👋']);
    expect(effects(r, 'hand-off')).toEqual([]);
  });

  it('hands off with context for the agent, ignores the contact meanwhile, and comes back to the bot', () => {
    const r = simulate(flow, [say('help'), say('An order'), say('#12345'), say('No'), say('are you there?'), { type: 'agent-assigned' }, { type: 'agent-released' }, say('No')], options);
    expect(effects(r, 'hand-off')[0]).toMatchObject({ team: 'support', priority: 'high', note: 'Order #12345, status shipped' });
    expect(r.transcript[5].effects).toEqual([]);
    expect(r.transcript[5].status).toBe('handed-off');
    expect(textsAt(r, 7)).toEqual(["You're back with the bot 🤖 Anything else?"]);
    expect(textsAt(r, 8)).toEqual(['Glad I could help! 👋']);
    expect(r.pendingTimers).toEqual({});
  });

  it('hands off after two invalid order numbers', () => {
    const r = simulate(flow, [say('support'), say('An order'), say('no idea'), say('abc'), say('???')], options);
    expect(textsAt(r, 2)[0]).toContain("Sorry, I didn't get that.");
    expect(effects(r, 'hand-off')).toHaveLength(1);
  });

  it('hands off when the order lookup fails', () => {
    const r = simulate(flow, [say('help'), say('An order'), say('#99999')], options);
    expect(effects(r, 'hand-off')).toHaveLength(1);
    expect(r.conversation?.status).toBe('handed-off');
  });

  it('apologises when no agent takes the chat within 30 minutes', () => {
    const r = simulate(flow, [say('agent please'), wait(31 * MINUTE)], options);
    expect(effects(r, 'hand-off-cancelled')).toHaveLength(1);
    expect(r.sent.at(-1)).toBe("Sorry, nobody is free right now. We'll get back to you at sam@example.com.");
    expect(r.conversation?.status).toBe('ended');
  });

  it('says the team is closed outside business hours instead of handing off', () => {
    const r = simulate(flow, [say('human')], { ...options, start: '2026-01-10T11:00:00.000Z' });
    expect(effects(r, 'hand-off')).toEqual([]);
    expect(r.sent).toEqual(["We're closed right now (Mon–Fri 09:00–18:00). Leave a message and we'll reply when we open."]);
  });

  it('lets the high-priority "human" trigger win over "help"', () => {
    const r = simulate(flow, [say('help, I need a human')], options);
    expect(r.transcript[0].trigger?.id).toBe('t-agent');
    expect(r.transcript[0].trigger?.reason).toContain('priority (10 > 0)');
  });
});
