import type { Channel } from '../flow/channel-limits';
import type { Trigger } from '../flow/trigger.schema';
import type { InboundEvent } from '../engine/engine-types';
import { containsExcluded, keywordMatches } from './keyword-match';

/** What the host knows about the contact's history with these triggers. */
export interface ContactTriggerState {
  /** True when this inbound is the contact's first message ever (for `welcome`). */
  isNewContact?: boolean;
  /** Past firings by trigger id (for frequency limits). */
  firedTriggers?: Readonly<Record<string, { count: number; lastFiredAt: string }>>;
}

export interface TriggerMatchContext {
  now: Date | string;
  channel?: Channel;
}

/** The chosen trigger and a sentence explaining why. */
export interface TriggerMatch {
  trigger: Trigger;
  reason: string;
  /** How many triggers matched before priority decided. */
  candidates: number;
}

interface Candidate {
  trigger: Trigger;
  index: number;
  rank: number;
  strength: number;
  detail: string;
}

// Higher rank = more specific: an exact payload beats a keyword, a keyword beats "welcome".
const RANK: Record<Trigger['kind'], number> = {
  postback: 50, ref: 50, 'instagram-comment': 40, 'story-mention': 40, 'story-reply': 40, keyword: 30, welcome: 20, 'default-reply': 0,
};
const MODE_STRENGTH = { is: 5, 'starts-with': 3, 'whole-word': 2, contains: 1, regex: 0 } as const;

/**
 * Picks the trigger that starts a flow for this inbound event, deterministically:
 * enabled, in channel scope, matching, and allowed by its frequency; then highest `priority`, then
 * the most specific kind (payload/ref > comment/story > keyword > welcome), then the strongest
 * keyword (is > starts with > whole word > contains > regex, longer first), then document order.
 * `default-reply` only fires when nothing else did. Returns null when nothing matches.
 */
export function matchTrigger(
  triggers: readonly Trigger[],
  inbound: InboundEvent,
  contactState: ContactTriggerState,
  context: TriggerMatchContext,
): TriggerMatch | null {
  const nowMs = context.now instanceof Date ? context.now.getTime() : Date.parse(context.now);
  const candidates: Candidate[] = [];
  const defaults: Candidate[] = [];
  triggers.forEach((trigger, index) => {
    if (trigger.enabled === false) return;
    if (trigger.channels?.length && (!context.channel || !trigger.channels.includes(context.channel))) return;
    if (!frequencyAllows(trigger, contactState, nowMs)) return;
    const hit = matchOne(trigger, inbound, contactState);
    if (!hit) return;
    const candidate = { trigger, index, rank: RANK[trigger.kind], ...hit };
    (trigger.kind === 'default-reply' ? defaults : candidates).push(candidate);
  });
  const pool = candidates.length ? candidates : defaults;
  if (!pool.length) return null;
  pool.sort((a, b) => b.trigger.priority - a.trigger.priority || b.rank - a.rank || b.strength - a.strength || a.index - b.index);
  const best = pool[0];
  const name = best.trigger.name ? `"${best.trigger.name}"` : best.trigger.id;
  const tail = pool.length > 1 ? `; chosen over ${pool.length - 1} other matching trigger(s) by ${tieBreak(best, pool[1])}` : '';
  return { trigger: best.trigger, reason: `Trigger ${name} matched: ${best.detail}${tail}.`, candidates: pool.length };
}

function matchOne(trigger: Trigger, inbound: InboundEvent, contact: ContactTriggerState): { strength: number; detail: string } | null {
  switch (trigger.kind) {
    case 'keyword':
      return inbound.type === 'message-received' ? matchKeywords(trigger, inbound.text) : null;
    case 'default-reply':
      return inbound.type === 'message-received' || inbound.type === 'postback-received' ? { strength: 0, detail: 'no other trigger matched (default reply)' } : null;
    case 'welcome':
      return contact.isNewContact && (inbound.type === 'message-received' || inbound.type === 'postback-received') ? { strength: 0, detail: 'first message from this contact' } : null;
    case 'postback': {
      const payload = inbound.type === 'postback-received' || inbound.type === 'message-received' ? inbound.payload : undefined;
      return payload !== undefined && trigger.payloads.includes(payload) ? { strength: 0, detail: `button payload "${payload}"` } : null;
    }
    case 'ref': {
      const ref = 'ref' in inbound ? inbound.ref : undefined;
      return ref !== undefined && trigger.refs.includes(ref) ? { strength: 0, detail: `referral link ref "${ref}"` } : null;
    }
    case 'instagram-comment': {
      if (inbound.type !== 'comment-received') return null;
      if (trigger.mediaIds !== 'all' && !trigger.mediaIds.includes(inbound.mediaId)) return null;
      if (!trigger.keywords.length) return containsExcluded(inbound.text, trigger.excludeWords, trigger) ? null : { strength: 0, detail: `comment on post ${inbound.mediaId}` };
      const kw = matchKeywords(trigger, inbound.text);
      return kw && { strength: kw.strength, detail: `comment on post ${inbound.mediaId}, ${kw.detail}` };
    }
    case 'story-mention':
      return inbound.type === 'story-mention' ? { strength: 0, detail: 'the contact mentioned you in a story' } : null;
    case 'story-reply': {
      if (inbound.type !== 'story-reply') return null;
      if (!trigger.keywords.length) return { strength: 0, detail: 'reply to your story' };
      const kw = matchKeywords(trigger, inbound.text);
      return kw && { strength: kw.strength, detail: `reply to your story, ${kw.detail}` };
    }
  }
}

function matchKeywords(
  trigger: { keywords: ReadonlyArray<{ value: string; mode: keyof typeof MODE_STRENGTH }>; excludeWords: readonly string[]; caseSensitive: boolean; accentSensitive: boolean },
  text: string,
): { strength: number; detail: string } | null {
  if (containsExcluded(text, trigger.excludeWords, trigger)) return null;
  let best: { strength: number; detail: string } | null = null;
  for (const kw of trigger.keywords) {
    if (!keywordMatches(text, kw.value, kw.mode, trigger)) continue;
    // Mode first, then length (capped) so that "pricing plans" beats "pricing".
    const strength = MODE_STRENGTH[kw.mode] * 1000 + Math.min(kw.value.length, 999);
    if (!best || strength > best.strength) best = { strength, detail: `keyword "${kw.value}" (${kw.mode.replace('-', ' ')})` };
  }
  return best;
}

function frequencyAllows(trigger: Trigger, contact: ContactTriggerState, nowMs: number): boolean {
  const fired = contact.firedTriggers?.[trigger.id];
  if (!fired || fired.count <= 0) return true;
  const f = trigger.frequency;
  if (f.mode === 'once-per-contact') return false;
  if (f.mode === 'once-per-hours') return nowMs - Date.parse(fired.lastFiredAt) >= f.hours * 3_600_000;
  return true;
}

function tieBreak(a: Candidate, b: Candidate): string {
  if (a.trigger.priority !== b.trigger.priority) return `priority (${a.trigger.priority} > ${b.trigger.priority})`;
  if (a.rank !== b.rank) return `specificity (${a.trigger.kind} beats ${b.trigger.kind})`;
  if (a.strength !== b.strength) return 'a stronger keyword match';
  return 'order in the flow';
}
