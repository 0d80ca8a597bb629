import { simulate } from '../engine/simulate';
import { abRandomizerFlow as flow } from '../fixtures/ab-randomizer.flow';
import { validateFlow } from '../flow/validate-flow';
import { say } from './scenario-kit';

const variantOf = (seed: number) => simulate(flow, [say('promo')], { seed }).contact.tags[0];

describe('scenario: A/B randomizer', () => {
  it('is a valid flow', () => {
    expect(validateFlow(flow).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('splits contacts roughly evenly between variants', () => {
    const counts = { 'ab-a': 0, 'ab-b': 0 } as Record<string, number>;
    for (let seed = 1; seed <= 400; seed++) counts[variantOf(seed)]++;
    expect(counts['ab-a'] + counts['ab-b']).toBe(400);
    expect(counts['ab-a']).toBeGreaterThan(160);
    expect(counts['ab-b']).toBeGreaterThan(160);
  });

  it('sends the message matching the tag of the chosen variant', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = simulate(flow, [say('promo')], { seed });
      expect(r.sent[0].startsWith(r.contact.tags[0] === 'ab-a' ? 'Variant A' : 'Variant B')).toBe(true);
    }
  });

  it('keeps a contact on the same variant when they come back', () => {
    for (const seed of [11, 12, 13, 14]) {
      const r = simulate(flow, [say('promo'), say('discount'), say('promo')], { seed });
      expect(new Set(r.sent)).toHaveProperty('size', 1);
    }
  });

  it('is reproducible for the same seed', () => {
    expect(variantOf(99)).toBe(variantOf(99));
  });
});
