import { getNodeDefinition, type FlowNode } from './runtime-catalog';

// Outputs are recomputed only when a node's config object changes (documents are immutable).
const cache = new WeakMap<object, readonly string[]>();

/**
 * The named outputs of a node, one handle each on the canvas. A config the schema rejects
 * still gets its outputs when the definition can compute them; otherwise none.
 */
export function nodeOutputs(node: Pick<FlowNode, 'type' | 'config'>): readonly string[] {
  const cached = cache.get(node.config);
  if (cached) return cached;
  const definition = getNodeDefinition(node.type);
  let outputs: readonly string[] = [];
  if (definition) {
    const parsed = definition.configSchema.safeParse(node.config);
    try {
      outputs = definition.outputs(parsed.success ? parsed.data : node.config);
    } catch {
      outputs = [];
    }
  }
  cache.set(node.config, outputs);
  return outputs;
}

/** "button:abc" → the button's title where the config names it; otherwise a readable form of the output. */
export function outputLabel(output: string, config: Record<string, unknown>): string {
  const [kind, id] = output.includes(':') ? output.split(/:(.*)/s) : [output, ''];
  if (id) {
    const title = findTitle(config, id);
    if (title) return title;
    return `${kind.replace(/-/g, ' ')} ${id}`;
  }
  return output.replace(/-/g, ' ');
}

function findTitle(value: unknown, id: string): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findTitle(item, id);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.id === id) {
      const title = record.title ?? record.label;
      if (typeof title === 'string' && title) return title;
    }
    for (const child of Object.values(record)) {
      if (child && typeof child === 'object') {
        const found = findTitle(child, id);
        if (found) return found;
      }
    }
  }
  return null;
}
