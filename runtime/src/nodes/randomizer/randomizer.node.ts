import { z } from 'zod';
import { defineNode } from '../define-node';
import { itemId } from '../shared/config-fields';

export const randomizerConfigSchema = z
  .object({
    branches: z
      .array(z.object({ id: itemId(), label: z.string().max(60).optional(), weight: z.number().min(0).max(100_000).meta({ label: 'Weight' }) }))
      .min(2)
      .max(10)
      .meta({ label: 'Branches', help: 'Each branch gets weight / total of the traffic' }),
    sticky: z.boolean().default(true).meta({ label: 'Same branch every time', help: 'A returning contact gets the branch they got before' }),
  })
  .refine((c) => c.branches.some((b) => b.weight > 0), { message: 'At least one branch needs a weight above 0', path: ['branches'] })
  .refine((c) => new Set(c.branches.map((b) => b.id)).size === c.branches.length, { message: 'Branches need distinct ids', path: ['branches'] });

export type RandomizerConfig = z.output<typeof randomizerConfigSchema>;

/** Weighted N-way split (A/B tests), using the seeded `context.random`. */
export const randomizerNode = defineNode({
  type: 'randomizer',
  label: 'Randomizer',
  description: 'Split contacts between paths by weight, e.g. an A/B test.',
  configSchema: randomizerConfigSchema,
  defaultConfig: () => ({ branches: [{ id: 'a', label: 'A', weight: 50 }, { id: 'b', label: 'B', weight: 50 }], sticky: true }),
  outputs: (config) => config.branches.map((b) => `branch:${b.id}`),
  execute(rt) {
    const { branches, sticky } = rt.config;
    const remembered = sticky ? rt.state.sticky[rt.node.id] : undefined;
    if (remembered && branches.some((b) => b.id === remembered)) return { output: `branch:${remembered}` };
    const chosen = pickWeighted(branches, rt.context.random());
    return { output: `branch:${chosen}`, ...(sticky ? { sticky: chosen } : {}) };
  },
});

/** Maps r in [0, 1) onto the cumulative weights. */
export function pickWeighted(branches: ReadonlyArray<{ id: string; weight: number }>, r: number): string {
  const total = branches.reduce((sum, b) => sum + b.weight, 0);
  let point = Math.min(Math.max(r, 0), 0.999999999) * total;
  for (const b of branches) {
    if (b.weight <= 0) continue;
    if (point < b.weight) return b.id;
    point -= b.weight;
  }
  return [...branches].reverse().find((b) => b.weight > 0)!.id;
}
