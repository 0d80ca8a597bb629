import { getNodeDefinition } from '../../nodes/runtime-catalog';

const SNIPPET = 28;

/** A step as a marketer recognises it in a list: its kind and the start of what it says. */
export function stepLabel(node: { id: string; type: string; config: Record<string, unknown> }): string {
  const kind = getNodeDefinition(node.type)?.label ?? node.type;
  const said = [node.config.text, node.config.prompt].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (!said) return `${kind} (${node.id})`;
  const snippet = said.length > SNIPPET ? `${said.slice(0, SNIPPET - 1)}…` : said;
  return `${kind}: ${snippet}`;
}
