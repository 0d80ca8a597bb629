import { z } from 'zod';
import { defineNode } from '../define-node';
import { itemId } from '../shared/config-fields';
import { evaluateRule } from './evaluate-rule';

export const conditionOperatorSchema = z.enum([
  'equals', 'not-equals', 'contains', 'not-contains', 'starts-with', 'ends-with',
  'gt', 'gte', 'lt', 'lte', 'between', 'before', 'after',
  'is-set', 'is-not-set', 'in', 'not-in', 'has-tag', 'lacks-tag',
]);

export const conditionRuleSchema = z
  .object({
    source: z.enum(['variable', 'contact', 'tags', 'channel', 'time-of-day', 'day-of-week', 'date']).meta({ label: 'Check' }),
    field: z.string().max(100).optional().meta({ label: 'Field', help: 'Variable or contact field name' }),
    operator: conditionOperatorSchema.meta({ label: 'Operator' }),
    value: z.string().max(1000).optional().meta({ label: 'Value', help: 'Times as HH:MM, dates as YYYY-MM-DD' }),
    values: z.array(z.string().max(1000)).max(100).optional().meta({ label: 'Values', help: 'For "in", "not in" and "between" (from, to)' }),
  })
  .refine((r) => !(r.source === 'variable' || r.source === 'contact') || !!r.field, { message: 'Choose a field', path: ['field'] })
  .refine((r) => r.operator !== 'between' || r.values?.length === 2, { message: '"Between" needs two values', path: ['values'] });

export type ConditionRule = z.output<typeof conditionRuleSchema>;

const groupSchema = z.object({
  id: itemId(),
  label: z.string().max(60).optional().meta({ label: 'Name' }),
  match: z.enum(['all', 'any']).default('all').meta({ label: 'Match', help: 'All rules, or any rule' }),
  rules: z.array(conditionRuleSchema).min(1).max(20),
});

export const conditionConfigSchema = z
  .object({ groups: z.array(groupSchema).min(1).max(10).meta({ label: 'Rule groups', help: 'Checked in order; the first that passes wins' }) })
  .refine((c) => new Set(c.groups.map((g) => g.id)).size === c.groups.length, { message: 'Groups need distinct ids', path: ['groups'] });

export type ConditionConfig = z.output<typeof conditionConfigSchema>;

/** Branches on variables, contact fields, tags, channel and local time; first passing group wins, else `else`. */
export const conditionNode = defineNode({
  type: 'condition',
  label: 'Condition',
  description: 'Split the conversation by rules over variables, contact fields, tags, channel and time.',
  configSchema: conditionConfigSchema,
  defaultConfig: () => ({
    groups: [{ id: 'g1', match: 'all' as const, rules: [{ source: 'tags' as const, operator: 'has-tag' as const, value: 'vip' }] }],
  }),
  outputs: (config) => [...config.groups.map((g) => `group:${g.id}`), 'else'],
  execute(rt) {
    const contact = (rt.scope.contact ?? {}) as Record<string, unknown>;
    const inputs = {
      variables: rt.state.variables,
      contact,
      tags: Array.isArray(contact.tags) ? (contact.tags as string[]) : [],
      channel: rt.context.channel,
      nowMs: rt.nowMs,
      timeZone: rt.context.workspace?.timeZone ?? 'UTC',
    };
    for (const group of rt.config.groups) {
      const results = group.rules.map((rule) => evaluateRule(rule, inputs));
      const pass = group.match === 'all' ? results.every(Boolean) : results.some(Boolean);
      if (pass) return { output: `group:${group.id}` };
    }
    return { output: 'else' };
  },
});
