import type { FlowDocument, FlowNode } from '../flow/flow-document';
import type { NodeDefinition } from '../nodes/define-node';
import { getNodeDefinition } from '../nodes/node-registry';

/** A node ready to run: its definition and parsed config (or why it cannot run). */
export interface CompiledNode {
  node: FlowNode;
  def: NodeDefinition | undefined;
  config: unknown;
  configError: string | null;
}

/** Indexes a flow once for the step loop. */
export interface CompiledFlow {
  id: string;
  document: FlowDocument;
  nodes: Map<string, CompiledNode>;
  /** `${source}\u0000${output}` → target node id. */
  next: Map<string, string>;
  entryNodeId: string | null;
}

const cache = new WeakMap<object, CompiledFlow>();

/** Compiles (and caches, per document object) a flow for execution. Treat documents as immutable. */
export function compileFlow(flow: FlowDocument): CompiledFlow {
  const cached = cache.get(flow);
  if (cached) return cached;
  const nodes = new Map<string, CompiledNode>();
  for (const node of flow.nodes) {
    const def = getNodeDefinition(node.type);
    let config: unknown = null;
    let configError: string | null = null;
    if (def) {
      const parsed = def.configSchema.safeParse(node.config ?? {});
      if (parsed.success) config = parsed.data;
      else configError = parsed.error.issues[0]?.message ?? 'invalid config';
    }
    nodes.set(node.id, { node, def, config, configError });
  }
  const next = new Map<string, string>();
  for (const edge of flow.edges ?? []) {
    const key = edgeKey(edge.source, edge.sourceOutput);
    if (!next.has(key)) next.set(key, edge.target);
  }
  const compiled: CompiledFlow = { id: flowIdOf(flow), document: flow, nodes, next, entryNodeId: flowEntryNodeId(flow) };
  cache.set(flow, compiled);
  return compiled;
}

export function edgeKey(source: string, output: string): string {
  return `${source}\u0000${output}`;
}

/** The id the engine uses for a flow (documents without an id are "flow"). */
export function flowIdOf(flow: FlowDocument): string {
  return flow.id ?? 'flow';
}

/** Where a flow starts when entered without a node (go-to-flow without `startNodeId`): its first trigger's start node. */
export function flowEntryNodeId(flow: FlowDocument): string | null {
  return flow.triggers?.[0]?.startNodeId ?? flow.nodes?.[0]?.id ?? null;
}
