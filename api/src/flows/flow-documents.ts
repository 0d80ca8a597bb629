import { randomUUID } from 'node:crypto';
import { upgradeFlowDocument, type FlowDocument } from '@parley/runtime';
import { contentHash } from './flow-hash';
import { FlowDocumentInvalidError, FlowTooLargeError } from './flows.errors';

/** Limits on a flow document (the JSON body limit of 10 MB is enforced before parsing). */
export const MAX_FLOW_NODES = 20_000;

export function blankFlowDocument(): FlowDocument {
  return { schemaVersion: 1, triggers: [], nodes: [], edges: [], variables: [], notes: [] };
}

export function assertWithinLimits(document: Record<string, unknown>): void {
  const nodes = Array.isArray(document.nodes) ? document.nodes.length : 0;
  if (nodes > MAX_FLOW_NODES) throw new FlowTooLargeError(nodes, MAX_FLOW_NODES);
}

/** The normalised form of a draft when it parses (defaults filled in), else the draft as stored. */
export function normalizedOrRaw(document: unknown): unknown {
  try {
    return upgradeFlowDocument(document);
  } catch {
    return document;
  }
}

/** Hash of what a draft means, so "live" vs "live with unpublished changes" ignores key order and defaults. */
export function draftHash(document: unknown): string {
  return contentHash(normalizedOrRaw(document));
}

/** Reads an imported document, accepting our export wrapper `{ schemaVersion, name, document }` too. */
export function readImportedDocument(input: Record<string, unknown>): FlowDocument {
  const inner = !Array.isArray(input.nodes) && input.document && typeof input.document === 'object' ? input.document : input;
  try {
    return upgradeFlowDocument(inner);
  } catch (error) {
    throw new FlowDocumentInvalidError(error instanceof Error ? error.message : 'This is not a Parley flow document.');
  }
}

/**
 * Gives every node, edge, trigger and note a fresh id (an import must never collide with or overwrite existing
 * ones), rewiring edges and trigger start nodes to match. Returns the new document and the node id map.
 */
export function remapIds(document: FlowDocument): { document: FlowDocument; nodeIds: Map<string, string> } {
  const short = () => randomUUID().replace(/-/g, '').slice(0, 12);
  const nodeIds = new Map(document.nodes.map((n) => [n.id, `n_${short()}`]));
  const node = (id: string) => nodeIds.get(id) ?? id;
  return {
    nodeIds,
    document: {
      ...document,
      id: undefined,
      nodes: document.nodes.map((n) => ({ ...n, id: node(n.id) })),
      edges: document.edges.map((e) => ({ ...e, id: `e_${short()}`, source: node(e.source), target: node(e.target) })),
      triggers: document.triggers.map((t) => ({ ...t, id: `t_${short()}`, startNodeId: node(t.startNodeId) })),
      notes: document.notes.map((n) => ({ ...n, id: `s_${short()}` })),
    },
  };
}
