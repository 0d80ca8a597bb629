/**
 * A semantic diff between two flow documents, for the version history: which steps, connections and triggers were
 * added, removed or changed (with the changed fields), as data the studio can highlight on the canvas.
 * Pure and tolerant: it works on any two documents, valid or not.
 */
export interface FlowDiff {
  nodes: { added: string[]; removed: string[]; changed: Array<{ id: string; fields: string[] }>; moved: string[] };
  edges: { added: EdgeRef[]; removed: EdgeRef[] };
  triggers: { added: string[]; removed: string[]; changed: Array<{ id: string; fields: string[] }> };
  variables: { added: string[]; removed: string[] };
  /** True when nothing but node positions or sticky notes differ. */
  onlyLayout: boolean;
}

export interface EdgeRef {
  id: string;
  source: string;
  sourceOutput: string;
  target: string;
}

type Loose = { nodes?: unknown; edges?: unknown; triggers?: unknown; variables?: unknown };

export function diffFlows(before: unknown, after: unknown): FlowDiff {
  const a = (before ?? {}) as Loose;
  const b = (after ?? {}) as Loose;
  const nodesA = byId(a.nodes);
  const nodesB = byId(b.nodes);
  const nodes: FlowDiff['nodes'] = { added: [], removed: [], changed: [], moved: [] };
  for (const [id, node] of nodesB) {
    const old = nodesA.get(id);
    if (!old) nodes.added.push(id);
    else {
      const fields = changedFields({ type: old.type, config: old.config }, { type: node.type, config: node.config });
      if (fields.length) nodes.changed.push({ id, fields });
      if (!deepEqual(old.position, node.position)) nodes.moved.push(id);
    }
  }
  for (const id of nodesA.keys()) if (!nodesB.has(id)) nodes.removed.push(id);

  // Edges are compared by what they connect, not by their ids.
  const edgeKey = (e: EdgeRef) => `${e.source}\u0000${e.sourceOutput}\u0000${e.target}`;
  const edgesA = new Map(list<EdgeRef>(a.edges).map((e) => [edgeKey(e), e]));
  const edgesB = new Map(list<EdgeRef>(b.edges).map((e) => [edgeKey(e), e]));
  const edges = {
    added: [...edgesB].filter(([k]) => !edgesA.has(k)).map(([, e]) => pickEdge(e)),
    removed: [...edgesA].filter(([k]) => !edgesB.has(k)).map(([, e]) => pickEdge(e)),
  };

  const triggersA = byId(a.triggers);
  const triggersB = byId(b.triggers);
  const triggers: FlowDiff['triggers'] = { added: [], removed: [], changed: [] };
  for (const [id, trigger] of triggersB) {
    const old = triggersA.get(id);
    if (!old) triggers.added.push(id);
    else {
      const fields = changedFields(old, trigger);
      if (fields.length) triggers.changed.push({ id, fields });
    }
  }
  for (const id of triggersA.keys()) if (!triggersB.has(id)) triggers.removed.push(id);

  const varsA = new Set(list<{ name: string }>(a.variables).map((v) => v.name));
  const varsB = new Set(list<{ name: string }>(b.variables).map((v) => v.name));
  const variables = { added: [...varsB].filter((n) => !varsA.has(n)), removed: [...varsA].filter((n) => !varsB.has(n)) };

  const onlyLayout =
    !nodes.added.length && !nodes.removed.length && !nodes.changed.length && !edges.added.length && !edges.removed.length &&
    !triggers.added.length && !triggers.removed.length && !triggers.changed.length && !variables.added.length && !variables.removed.length;
  return { nodes, edges, triggers, variables, onlyLayout };
}

/** Dotted paths of the leaves that differ (arrays compared whole), e.g. `config.text`, `type`. */
export function changedFields(before: unknown, after: unknown, prefix = ''): string[] {
  if (deepEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].sort().flatMap((k) => changedFields(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  return [prefix || '(root)'];
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter(isPlainObject) as T[]) : [];
}

function byId(value: unknown): Map<string, Record<string, unknown>> {
  const map = new Map<string, Record<string, unknown>>();
  for (const item of list<Record<string, unknown>>(value)) if (typeof item.id === 'string') map.set(item.id, item);
  return map;
}

function pickEdge(e: EdgeRef): EdgeRef {
  return { id: e.id, source: e.source, sourceOutput: e.sourceOutput, target: e.target };
}
