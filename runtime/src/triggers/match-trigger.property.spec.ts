import fc from 'fast-check';
import { Trigger, triggerSchema } from '../flow/trigger.schema';
import { keywordMatches } from './keyword-match';
import { matchTrigger } from './match-trigger';

const word = fc.stringMatching(/^[a-z]{2,10}$/);
const sentence = fc.array(word, { maxLength: 8 }).map((ws) => ws.join(' '));
const accents: Record<string, string> = { a: 'á', e: 'é', i: 'î', o: 'ö', u: 'ü', c: 'ç', n: 'ñ' };
const decorate = (s: string, flags: boolean[]) => [...s].map((ch, i) => (flags[i % flags.length] ? (accents[ch] ?? ch).toUpperCase() : ch)).join('');

describe('trigger matching properties', () => {
  it('a keyword placed between words always matches as a whole word, whatever its case and accents', () => {
    fc.assert(fc.property(sentence, word, sentence, fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), (before, kw, after, flags) => {
      const text = `${before} ${decorate(kw, flags)}, ${after}`;
      expect(keywordMatches(text, kw, 'whole-word')).toBe(true);
      expect(keywordMatches(text, kw, 'contains')).toBe(true);
    }));
  });

  it('"is" implies "starts with", "contains" and "whole word"', () => {
    fc.assert(fc.property(sentence, sentence, (text, kw) => {
      fc.pre(kw.trim() !== '');
      if (keywordMatches(text, kw, 'is')) {
        expect(keywordMatches(text, kw, 'starts-with')).toBe(true);
        expect(keywordMatches(text, kw, 'contains')).toBe(true);
        expect(keywordMatches(text, kw, 'whole-word')).toBe(true);
      }
    }));
  });

  it('never throws and never matches an excluded word', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), word, word, (noise, kw, excluded) => {
      fc.pre(kw !== excluded);
      const trigger = triggerSchema.parse({ id: 'k', kind: 'keyword', startNodeId: 'n', keywords: [{ value: kw, mode: 'contains' }], excludeWords: [excluded] });
      const text = `${noise} ${kw} ${excluded}`;
      expect(matchTrigger([trigger], { type: 'message-received', text }, {}, { now: '2026-01-01T00:00:00Z' })).toBeNull();
    }));
  });

  it('is deterministic and independent of input order when priorities differ', () => {
    const triggerArb = fc.record({ kw: word, priority: fc.integer({ min: -5, max: 5 }), mode: fc.constantFrom('is', 'contains', 'whole-word', 'starts-with') });
    fc.assert(fc.property(fc.uniqueArray(triggerArb, { minLength: 1, maxLength: 6, selector: (t) => t.priority }), sentence, (specs, text) => {
      const triggers: Trigger[] = specs.map((s, i) => triggerSchema.parse({ id: `t${i}`, kind: 'keyword', startNodeId: 'n', priority: s.priority, keywords: [{ value: s.kw, mode: i === 0 ? 'whole-word' : s.mode }] }));
      const inbound = { type: 'message-received' as const, text: `${text} ${specs[0].kw}` };
      const a = matchTrigger(triggers, inbound, {}, { now: '2026-01-01T00:00:00Z' });
      const b = matchTrigger([...triggers].reverse(), inbound, {}, { now: '2026-01-01T00:00:00Z' });
      expect(a?.trigger.id).toBe(b?.trigger.id);
      expect(a).not.toBeNull();
      const best = Math.max(...triggers.filter((t) => t.kind === 'keyword' && keywordMatches(inbound.text, t.keywords[0].value, t.keywords[0].mode)).map((t) => t.priority));
      expect(a!.trigger.priority).toBe(best);
    }));
  });

  it('survives hostile regex keywords and huge inputs', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 5000 }), (pattern, text) => {
      expect(typeof keywordMatches(text, pattern, 'regex')).toBe('boolean');
    }), { numRuns: 200 });
  });
});
