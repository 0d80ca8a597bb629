import type { FlowDocument } from '../../nodes/runtime-catalog';

/**
 * Ids of the steps whose text matches the query, in document order: any text in the step's
 * config (messages, questions, rule values, variable names), its type, or its id. Case-insensitive;
 * `{{vars.email}}` and `email` both find a step that saves to or reads `email`.
 */
export function searchNodes(document: FlowDocument, query: string, labelOf: (type: string) => string = (type) => type): string[] {
  const needle = query.trim().toLowerCase().replace(/^\{\{\s*(vars\.|contact\.)?/, '').replace(/\s*\}\}$/, '');
  if (!needle) return [];
  return document.nodes
    .filter((node) => haystack(node.config).includes(needle) || labelOf(node.type).toLowerCase().includes(needle) || node.id.toLowerCase() === needle)
    .map((node) => node.id);
}

function haystack(value: unknown): string {
  const parts: string[] = [];
  const walk = (item: unknown) => {
    if (typeof item === 'string') parts.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean') parts.push(String(item));
    else if (Array.isArray(item)) item.forEach(walk);
    else if (item && typeof item === 'object') Object.values(item).forEach(walk);
  };
  walk(value);
  return parts.join('\n').toLowerCase();
}
