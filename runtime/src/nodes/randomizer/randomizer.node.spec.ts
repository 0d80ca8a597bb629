import { seededRandom } from '../../engine/context-helpers';
import { probeFlow, startFlow, testContext, texts } from '../../testing/engine-test-kit';
import { pickWeighted, randomizerNode } from './randomizer.node';

describe('randomizer node', () => {
  const branches = [{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }];

  it('maps the random number onto cumulative weights', () => {
    expect(pickWeighted(branches, 0)).toBe('a');
    expect(pickWeighted(branches, 0.24)).toBe('a');
    expect(pickWeighted(branches, 0.26)).toBe('b');
    expect(pickWeighted(branches, 0.9999)).toBe('b');
    expect(pickWeighted([{ id: 'z', weight: 0 }, { id: 'y', weight: 1 }], 0)).toBe('y');
  });

  it('splits traffic close to the weights with a seeded source', () => {
    const random = seededRandom(7);
    let b = 0;
    for (let i = 0; i < 4000; i++) if (pickWeighted(branches, random()) === 'b') b++;
    expect(b / 4000).toBeGreaterThan(0.72);
    expect(b / 4000).toBeLessThan(0.78);
  });

  it('is sticky per conversation when asked', () => {
    const flow = probeFlow('randomizer', { branches: [{ id: 'a', weight: 50 }, { id: 'b', weight: 50 }], sticky: true });
    const first = startFlow(flow, testContext({ random: () => 0.9 }));
    expect(texts(first.effects)).toEqual(['→ branch:b']);
    expect(first.conversation.sticky.n).toBe('b');
    const again = startFlow(flow, testContext({ random: () => 0.1 }), first.conversation);
    expect(texts(again.effects)).toEqual(['→ branch:b']);
  });

  it('re-draws when not sticky', () => {
    const flow = probeFlow('randomizer', { branches: [{ id: 'a', weight: 50 }, { id: 'b', weight: 50 }], sticky: false });
    const first = startFlow(flow, testContext({ random: () => 0.9 }));
    expect(texts(startFlow(flow, testContext({ random: () => 0.1 }), first.conversation).effects)).toEqual(['→ branch:a']);
  });

  it('needs two branches and some weight', () => {
    expect(randomizerNode.configSchema.safeParse({ branches: [{ id: 'a', weight: 1 }] }).success).toBe(false);
    expect(randomizerNode.configSchema.safeParse({ branches: [{ id: 'a', weight: 0 }, { id: 'b', weight: 0 }] }).success).toBe(false);
  });
});
