import { simulate } from '../engine/simulate';
import { faqKeywordBotFlow as flow } from '../fixtures/faq-keyword-bot.flow';
import { effects, say, tap, textsAt } from './scenario-kit';

describe('scenario: FAQ keyword bot', () => {
  it('greets a new contact by name with a three-option menu', () => {
    const r = simulate(flow, [say('hello')], { contact: { first_name: 'Léa' } });
    expect(r.transcript[0].trigger?.id).toBe('t-welcome');
    const [msg] = effects(r, 'send-message');
    expect(msg.message.text).toMatch(/^Hi Léa! 👋/);
    expect(msg.message.quickReplies?.map((q) => q.title)).toEqual(['Prices', 'Opening hours', 'Talk to a human']);
    expect(r.conversation?.status).toBe('waiting');
  });

  it('answers a pricing question from a returning contact, then says goodbye', () => {
    const r = simulate(flow, [say('How much is it?'), say('No, thanks')], { isNewContact: false });
    expect(r.transcript[0].trigger?.reason).toContain('how much');
    expect(textsAt(r, 0)).toEqual(['Our plans start at $19/month, billed monthly. No setup fee.', 'Anything else?']);
    expect(textsAt(r, 1)).toEqual(['Have a great day! ☀️']);
    expect(effects(r, 'end')).toHaveLength(1);
  });

  it('matches keywords regardless of case and accents', () => {
    const r = simulate(flow, [say('HÓURS??')], { isNewContact: false });
    expect(r.transcript[0].trigger?.id).toBe('t-hours');
    expect(r.sent[0]).toContain('Monday to Friday');
  });

  it('falls back to the default reply when an exclude word blocks the keyword, and the Menu button opens the menu', () => {
    const r = simulate(flow, [say('I cannot open my account'), tap('MENU', 'Menu'), say('Opening hours')], { isNewContact: false });
    expect(r.transcript[0].trigger?.id).toBe('t-default');
    expect(effects(r, 'send-message')[0].message.buttons).toEqual([{ kind: 'postback', title: 'Menu', payload: 'MENU' }]);
    expect(r.transcript[1].trigger?.id).toBe('t-menu');
    expect(textsAt(r, 2)[0]).toContain('Monday to Friday');
  });

  it('hands off to a human, stays silent meanwhile, and resumes when the agent hands back', () => {
    const r = simulate(flow, [say('hi'), say('Talk to a human', 'n-welcome/human'), say('hello??'), { type: 'agent-released', outcome: 'resolved' }]);
    expect(effects(r, 'hand-off')[0]).toMatchObject({ team: 'support', note: 'From the FAQ bot' });
    expect(r.transcript[2].effects).toEqual([]);
    expect(textsAt(r, 3)).toEqual(['Anything else?']);
  });

  it('sends free text typed at the menu to the fallback', () => {
    const r = simulate(flow, [say('hi'), say('do you ship to Canada?')]);
    expect(textsAt(r, 1)[0]).toMatch(/^Sorry, I didn't catch that/);
    expect(r.conversation?.status).toBe('ended');
  });
});
