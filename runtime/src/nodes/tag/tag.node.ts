import { z } from 'zod';
import { defineNode } from '../define-node';

const tagName = z.string().trim().min(1).max(60);

export const tagConfigSchema = z.object({
  action: z.enum(['add', 'remove']).default('add').meta({ label: 'Action' }),
  tags: z.array(tagName).min(1).max(20).meta({ label: 'Tags' }),
});

export type TagConfig = z.output<typeof tagConfigSchema>;

/** Adds or removes contact tags (the host persists them; later nodes in the same turn already see them). */
export const tagNode = defineNode({
  type: 'tag',
  label: 'Tag contact',
  description: 'Add or remove tags on the contact.',
  configSchema: tagConfigSchema,
  defaultConfig: () => ({ action: 'add' as const, tags: ['lead'] }),
  outputs: () => ['next'],
  execute(rt) {
    const tags = [...new Set(rt.config.tags)];
    return { effects: [{ type: rt.config.action === 'add' ? 'add-tags' : 'remove-tags', tags }], output: 'next' };
  },
});
