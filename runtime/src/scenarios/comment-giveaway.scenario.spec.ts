import type { EngineEvent } from '../engine/engine-types';
import { simulate } from '../engine/simulate';
import { commentGiveawayFlow as flow } from '../fixtures/comment-giveaway.flow';
import { effects, say, tap, textsAt } from './scenario-kit';

const comment = (text: string, commentId = 'c-1', createdAt?: string): EngineEvent => ({ type: 'comment-received', commentId, mediaId: 'reel-7', text, ...(createdAt ? { createdAt } : {}) });
const options = { channel: 'instagram' as const, contact: { first_name: 'Noa' } };

describe('scenario: Instagram comment-to-DM giveaway', () => {
  it('replies publicly under the comment and sends the first DM as the private reply', () => {
    const r = simulate(flow, [comment('I want the GIVEAWAY!')], options);
    expect(effects(r, 'reply-to-comment')).toEqual([{ type: 'reply-to-comment', commentId: 'c-1', text: 'Check your DMs, Noa! 📩' }]);
    const [dm] = effects(r, 'send-message');
    expect(dm.message.privateReplyToCommentId).toBe('c-1');
    expect(dm.message.buttons).toEqual([{ kind: 'postback', title: 'Count me in', payload: 'n-dm/enter' }]);
  });

  it('ignores comments without the keyword', () => {
    const r = simulate(flow, [comment('nice reel')], options);
    expect(r.transcript[0].effects).toEqual([]);
    expect(r.transcript[0].trigger).toBeUndefined();
  });

  it('enters a follower: button, follow question, email, tag and confirmation', () => {
    const r = simulate(flow, [comment('🎁🎁'), tap('n-dm/enter', 'Count me in'), say('Yes', 'n-follow/yes'), say('noa@example.com')], options);
    expect(textsAt(r, 1)).toEqual(['Do you follow us?']);
    expect(textsAt(r, 3)).toEqual(["You're in! 🎁 Winners are announced Friday."]);
    expect(r.contact.tags).toContain('giveaway-entered');
    expect(r.conversation?.variables).toMatchObject({ follows: 'Yes', email: 'noa@example.com' });
    // only the very first DM is a private reply
    expect(effects(r, 'send-message').filter((e) => e.message.privateReplyToCommentId)).toHaveLength(1);
  });

  it('asks non-followers to follow first, then continues when they tap the button', () => {
    const r = simulate(flow, [comment('giveaway'), tap('n-dm/enter'), say('Not yet'), tap('n-follow-first/followed', 'I follow now')], options);
    expect(textsAt(r, 2)).toEqual(['Follow us first, then tap the button!']);
    expect(textsAt(r, 3)).toEqual(['Last step: your email, so we can reach the winner?']);
  });

  it('tells a contact who already entered that they are in the draw', () => {
    const r = simulate(flow, [comment('giveaway'), tap('n-dm/enter')], { ...options, contact: { first_name: 'Noa', tags: ['giveaway-entered'] } });
    expect(textsAt(r, 1)).toEqual(["You're already in the draw. Good luck! 🍀"]);
  });

  it('fires once per contact: a second comment gets no new DM', () => {
    const r = simulate(flow, [comment('giveaway'), tap('n-dm/enter'), say('Yes'), say('noa@example.com'), comment('giveaway again!', 'c-2')], options);
    expect(r.transcript[4].trigger).toBeUndefined();
    expect(r.transcript[4].effects).toEqual([]);
  });

  it('does not attempt a private reply to a comment older than 7 days', () => {
    const r = simulate(flow, [comment('giveaway', 'c-old', '2025-12-20T10:00:00.000Z')], options);
    expect(effects(r, 'reply-to-comment')).toHaveLength(1);
    expect(effects(r, 'send-message')[0].message.privateReplyToCommentId).toBeUndefined();
  });
});
