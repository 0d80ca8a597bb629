import { simulate, SimulateOptions } from '../engine/simulate';
import { leadCaptureFlow as flow } from '../fixtures/lead-capture.flow';
import { DAY, effects, say, textsAt, wait } from './scenario-kit';

const crmOk: SimulateOptions['http'] = () => ({ status: 201, body: { lead: { id: 'L-981' } } });

describe('scenario: lead capture', () => {
  it('collects name, email and budget, tags the lead and posts it to the CRM', () => {
    const r = simulate(flow, [say('Can I get a quote?'), say('Ana'), say('ana@example.com'), say('2500')], { http: crmOk, channel: 'instagram' });
    expect(r.sent).toEqual([
      "Great! Three quick questions and I'll prepare your quote.",
      "What's your name?",
      'Thanks Ana! What is your email?',
      'What is your monthly budget in USD?',
      "Thanks Ana! Your reference is L-981. We'll email you within 24 hours.",
    ]);
    const [call] = effects(r, 'call-http');
    expect(call).toMatchObject({ method: 'POST', url: 'https://crm.example.com/api/leads' });
    expect(JSON.parse(call.body!)).toEqual({ name: 'Ana', email: 'ana@example.com', budget: '2500', source: 'instagram' });
    expect(r.contact.tags).toEqual(['lead']);
    expect(r.contact.first_name).toBe('Ana');
    expect(r.conversation?.variables).toMatchObject({ lead_id: 'L-981', budget: 2500, crm_status: 201 });
  });

  it('re-asks an invalid email with the retry prompt and accepts the corrected one', () => {
    const r = simulate(flow, [say('quote'), say('Ana'), say('ana at example'), say('ana@example.com')], { http: crmOk });
    expect(textsAt(r, 2)).toEqual(["Hmm, that doesn't look like an email. Thanks Ana! What is your email?"]);
    expect(textsAt(r, 3)).toEqual(['What is your monthly budget in USD?']);
  });

  it('moves on without an email after three invalid answers', () => {
    const r = simulate(flow, [say('quote'), say('Ana'), say('x'), say('y'), say('z')], { http: crmOk });
    expect(textsAt(r, 4)).toEqual(["No problem, we'll reply here instead.", 'What is your monthly budget in USD?']);
    expect(r.conversation?.variables.email).toBeUndefined();
  });

  it('accepts an out-of-range budget once more, then posts the lead anyway', () => {
    const r = simulate(flow, [say('quote'), say('Ana'), say('a@b.co'), say('5'), say('lots')], { http: crmOk });
    expect(textsAt(r, 3)).toEqual(['Please enter a number between 100 and 100000. What is your monthly budget in USD?']);
    expect(effects(r, 'call-http')).toHaveLength(1);
    expect(r.conversation?.variables.budget).toBeUndefined();
  });

  it('still thanks the contact when the CRM call fails', () => {
    const r = simulate(flow, [say('quote'), say('Ana'), say('a@b.co'), say('300')], { http: () => ({ error: 'timeout' }) });
    expect(r.sent.at(-1)).toBe('Thanks! We have your details and will be in touch soon.');
    expect(r.contact.tags).toEqual(['lead']);
  });

  it('follows the timeout path when nobody answers the email question for a day', () => {
    const r = simulate(flow, [say('quote'), say('Ana'), wait(DAY + 1)]);
    expect(effects(r, 'schedule-timer')[0]).toMatchObject({ reason: 'question-timeout', fireAt: '2026-01-06T10:00:00.000Z' });
    expect(r.sent.at(-1)).toBe("I'll be here when you're ready. Just type \"quote\".");
    expect(r.conversation?.status).toBe('ended');
  });

  it('starts from the spring ad referral link', () => {
    const r = simulate(flow, [{ type: 'referral-received', ref: 'spring-ad' }]);
    expect(r.transcript[0].trigger?.id).toBe('t-ad');
    expect(r.sent[1]).toBe("What's your name?");
  });
});
