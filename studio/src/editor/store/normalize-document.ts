import type { FlowDocument } from '../../nodes/runtime-catalog';

/**
 * A draft as the editor needs it: every list present. A brand-new flow's draft may be `{}` or
 * miss lists the schema defaults; the editor never crashes on those.
 */
export function normalizeDocument(raw: unknown): FlowDocument {
  const source = (raw && typeof raw === 'object' ? raw : {}) as Partial<FlowDocument>;
  return {
    ...source,
    schemaVersion: 1,
    triggers: Array.isArray(source.triggers) ? source.triggers : [],
    nodes: Array.isArray(source.nodes) ? source.nodes.map((node) => ({ ...node, config: node.config ?? {} })) : [],
    edges: Array.isArray(source.edges) ? source.edges : [],
    variables: Array.isArray(source.variables) ? source.variables : [],
    notes: Array.isArray(source.notes) ? source.notes : [],
  };
}
