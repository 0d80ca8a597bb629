import { Trigger, TriggerInput, triggerSchema } from '../flow/trigger.schema';
import type { InboundEvent } from '../engine/engine-types';
import { ContactTriggerState, matchTrigger } from './match-trigger';
import { keywordMatches } from './keyword-match';

const t = (input: Partial<TriggerInput> & { kind: TriggerInput['kind'] } & Record<string, unknown>): Trigger =>
  triggerSchema.parse({ id: `t-${Math.abs(JSON.stringify(input).length)}-${input.kind}`, startNodeId: 'n', ...input });
const msg = (text: string, extra: Partial<Extract<InboundEvent, { type: 'message-received' }>> = {}): InboundEvent => ({ type: 'message-received', text, ...extra });
const now = '2026-01-05T10:00:00.000Z';
const none: ContactTriggerState = {};

describe('keywordMatches', () => {
  it.each([
    ['Price?', 'price', 'is', true],
    ['the price please', 'price', 'is', false],
    ['What is the PRÍCE', 'price', 'contains', true],
    ['prices', 'price', 'whole-word', false],
    ['Any price?', 'price', 'whole-word', true],
    ['Book a table', 'book', 'starts-with', true],
    ['I want to book', 'book', 'starts-with', false],
    ['order #12345', '#\\d{5}', 'regex', true],
    ['Crème brûlée', 'creme brulee', 'whole-word', true],
    ['🎁🎁', '🎁', 'whole-word', true],
  ] as const)('%s / %s (%s) → %s', (text, keyword, mode, expected) => {
    expect(keywordMatches(text, keyword, mode)).toBe(expected);
  });

  it('can be case- and accent-sensitive', () => {
    expect(keywordMatches('PRICE', 'price', 'is', { caseSensitive: true })).toBe(false);
    expect(keywordMatches('prïce', 'price', 'is', { accentSensitive: true })).toBe(false);
  });
});

describe('matchTrigger', () => {
  const pricing = t({ id: 'pricing', kind: 'keyword', keywords: [{ value: 'price', mode: 'whole-word' }], excludeWords: ['refund'] });
  const fallback = t({ id: 'fallback', kind: 'default-reply' });
  const welcome = t({ id: 'welcome', kind: 'welcome' });

  it('matches keywords and explains why', () => {
    const m = matchTrigger([fallback, pricing], msg('What is the price?'), none, { now });
    expect(m?.trigger.id).toBe('pricing');
    expect(m?.reason).toContain('keyword "price" (whole word)');
  });

  it('honours exclude words, then falls back to the default reply', () => {
    expect(matchTrigger([pricing, fallback], msg('price of a refund'), none, { now })?.trigger.id).toBe('fallback');
  });

  it('prefers a keyword over welcome, welcome only for new contacts', () => {
    expect(matchTrigger([welcome, pricing], msg('price'), { isNewContact: true }, { now })?.trigger.id).toBe('pricing');
    expect(matchTrigger([welcome, pricing], msg('hello'), { isNewContact: true }, { now })?.trigger.id).toBe('welcome');
    expect(matchTrigger([welcome], msg('hello'), { isNewContact: false }, { now })).toBeNull();
  });

  it('lets priority win over specificity and says so', () => {
    const vip = t({ id: 'vip', kind: 'keyword', priority: 5, keywords: [{ value: 'price', mode: 'contains' }] });
    const m = matchTrigger([pricing, vip], msg('price'), none, { now });
    expect(m?.trigger.id).toBe('vip');
    expect(m?.reason).toContain('priority (5 > 0)');
  });

  it('respects channel scope and disabled triggers', () => {
    const igOnly = t({ id: 'ig', kind: 'keyword', channels: ['instagram'], keywords: [{ value: 'hi', mode: 'is' }] });
    expect(matchTrigger([igOnly], msg('hi'), none, { now, channel: 'messenger' })).toBeNull();
    expect(matchTrigger([igOnly], msg('hi'), none, { now, channel: 'instagram' })?.trigger.id).toBe('ig');
    expect(matchTrigger([{ ...igOnly, enabled: false }], msg('hi'), none, { now, channel: 'instagram' })).toBeNull();
  });

  it('applies frequency: once per contact and once per N hours', () => {
    const once = t({ id: 'once', kind: 'keyword', frequency: { mode: 'once-per-contact' }, keywords: [{ value: 'hi', mode: 'is' }] });
    const daily = t({ id: 'daily', kind: 'keyword', frequency: { mode: 'once-per-hours', hours: 24 }, keywords: [{ value: 'hi', mode: 'is' }] });
    const fired = (id: string, at: string) => ({ firedTriggers: { [id]: { count: 1, lastFiredAt: at } } });
    expect(matchTrigger([once], msg('hi'), fired('once', '2020-01-01T00:00:00Z'), { now })).toBeNull();
    expect(matchTrigger([daily], msg('hi'), fired('daily', '2026-01-05T00:00:00Z'), { now })).toBeNull();
    expect(matchTrigger([daily], msg('hi'), fired('daily', '2026-01-04T09:00:00Z'), { now })?.trigger.id).toBe('daily');
  });

  it('matches postback payloads, quick-reply payloads and referral refs', () => {
    const pb = t({ id: 'pb', kind: 'postback', payloads: ['GET_STARTED'] });
    const ref = t({ id: 'ref', kind: 'ref', refs: ['summer-ad'] });
    expect(matchTrigger([pb], { type: 'postback-received', payload: 'GET_STARTED' }, none, { now })?.trigger.id).toBe('pb');
    expect(matchTrigger([pb], msg('Start', { payload: 'GET_STARTED' }), none, { now })?.trigger.id).toBe('pb');
    expect(matchTrigger([ref, pricing], { type: 'referral-received', ref: 'summer-ad' }, none, { now })?.trigger.id).toBe('ref');
    expect(matchTrigger([ref], msg('hi', { ref: 'other' }), none, { now })).toBeNull();
  });

  it('matches Instagram comments by media id and keyword', () => {
    const chosen = t({ id: 'c', kind: 'instagram-comment', mediaIds: ['m1'], keywords: [{ value: 'win', mode: 'whole-word' }] });
    const all = t({ id: 'all', kind: 'instagram-comment' });
    const comment = (mediaId: string, text: string): InboundEvent => ({ type: 'comment-received', commentId: 'c1', mediaId, text });
    expect(matchTrigger([chosen], comment('m1', 'I want to WIN!'), none, { now })?.trigger.id).toBe('c');
    expect(matchTrigger([chosen], comment('m2', 'win'), none, { now })).toBeNull();
    expect(matchTrigger([chosen], comment('m1', 'winner'), none, { now })).toBeNull();
    expect(matchTrigger([all], comment('m9', 'nice'), none, { now })?.trigger.id).toBe('all');
  });

  it('matches story mentions and story replies', () => {
    const mention = t({ id: 'sm', kind: 'story-mention' });
    const storyReply = t({ id: 'sr', kind: 'story-reply', keywords: [{ value: 'love', mode: 'contains' }] });
    expect(matchTrigger([mention, storyReply], { type: 'story-mention' }, none, { now })?.trigger.id).toBe('sm');
    expect(matchTrigger([mention, storyReply], { type: 'story-reply', text: 'Love it' }, none, { now })?.trigger.id).toBe('sr');
    expect(matchTrigger([storyReply], { type: 'story-reply', text: 'meh' }, none, { now })).toBeNull();
  });

  it('breaks exact ties by document order', () => {
    const a = t({ id: 'a', kind: 'keyword', keywords: [{ value: 'hi', mode: 'is' }] });
    const b = t({ id: 'b', kind: 'keyword', keywords: [{ value: 'hi', mode: 'is' }] });
    const m = matchTrigger([a, b], msg('hi'), none, { now });
    expect(m?.trigger.id).toBe('a');
    expect(m?.reason).toContain('order in the flow');
  });
});
