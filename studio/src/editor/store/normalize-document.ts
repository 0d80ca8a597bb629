import { upgradeFlowDocument, type FlowDocument } from '../../nodes/runtime-catalog';

/**
 * A draft as the editor needs it: upgraded to the current schema, every list present. A draft
 * that does not parse still opens with whatever it has, so the editor never crashes on it.
 */
export function normalizeDocument(raw: unknown): FlowDocument {
  // Stored drafts of older schema versions are upgraded by the runtime's pure upgrade functions.
  try {
    return upgradeFlowDocument(raw);
  } catch {
    // A draft the schema rejects still opens, so it can be repaired in the editor.
  }
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
