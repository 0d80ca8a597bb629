import { z } from 'zod';
import type { JsonValue } from '../../engine/engine-types';
import { defineNode } from '../define-node';
import { templateText, variableName } from '../shared/config-fields';

export const setVariableConfigSchema = z.object({
  target: z.enum(['variable', 'contact-field']).default('variable').meta({ label: 'Save to', help: 'A conversation variable, or a field on the contact' }),
  name: variableName('Name'),
  mode: z.enum(['literal', 'template']).default('template').meta({ label: 'Value kind', help: 'Literal values are stored as typed; templates fill in {{placeholders}}' }),
  value: z.union([templateText('Value'), z.number(), z.boolean(), z.null()]).meta({ label: 'Value' }),
});

export type SetVariableConfig = z.output<typeof setVariableConfigSchema>;

/** Sets a conversation variable or a contact field, from a literal or a template. */
export const setVariableNode = defineNode({
  type: 'set-variable',
  label: 'Set variable',
  description: 'Store a value in a variable or a contact field.',
  configSchema: setVariableConfigSchema,
  defaultConfig: () => ({ target: 'variable' as const, name: 'source', mode: 'literal' as const, value: 'instagram' }),
  outputs: () => ['next'],
  execute(rt) {
    const { config } = rt;
    const value: JsonValue = config.mode === 'template' && typeof config.value === 'string' ? rt.render(config.value) : config.value;
    if (config.target === 'contact-field') {
      return { effects: [{ type: 'set-contact-fields', fields: { [config.name]: value } }], output: 'next' };
    }
    return { variables: { [config.name]: value }, output: 'next' };
  },
});
