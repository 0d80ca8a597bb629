import type { FlowDocument } from '../../nodes/runtime-catalog';

const CONTACT_FIELDS = ['first_name', 'last_name', 'username', 'email', 'phone'];

/**
 * The placeholders a template in this flow can use: variables declared on the flow or saved by its
 * steps (questions, set-variable, HTTP mappings), `last_reply`, and the common contact fields.
 */
export function flowPlaceholders(document: FlowDocument): string[] {
  const names = new Set<string>(document.variables.map((variable) => variable.name));
  for (const node of document.nodes) {
    const config = node.config as Record<string, unknown>;
    if (typeof config.saveTo === 'string' && config.saveTo) names.add(config.saveTo);
    if (typeof config.saveStatusTo === 'string' && config.saveStatusTo) names.add(config.saveStatusTo);
    if (node.type === 'set-variable' && config.target !== 'contact-field' && typeof config.name === 'string' && config.name) names.add(config.name);
    if (Array.isArray(config.responseMapping)) {
      for (const mapping of config.responseMapping as { variable?: unknown }[]) if (typeof mapping?.variable === 'string' && mapping.variable) names.add(mapping.variable);
    }
  }
  names.add('last_reply');
  return [...[...names].sort().map((name) => `{{vars.${name}}}`), ...CONTACT_FIELDS.map((field) => `{{contact.${field}}}`)];
}
