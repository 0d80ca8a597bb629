import { z } from 'zod';
import { getNodeDefinition } from '../nodes/node-registry';
import type { NodeDefinition } from '../nodes/define-node';
import { compileRegex } from '../triggers/keyword-match';
import { Channel, channelLimits } from './channel-limits';
import { FlowDocument, flowDocumentSchema, FlowEdge, FlowNode } from './flow-document';
import { findLoops } from './find-loops';
import { Trigger, triggerSchema } from './trigger.schema';
import type { ValidationIssue } from './validation-issue';

export interface ValidateOptions {
  /** Channels the flow will run on; defaults to the triggers' channel scopes (Instagram for comment/story triggers). */
  channels?: Channel[];
  /** Ids of flows a go-to-flow may target; when given, other ids are errors. */
  knownFlowIds?: string[];
}

interface CheckedNode {
  node: FlowNode;
  def: NodeDefinition;
  config: unknown;
  outputs: string[];
}

// Triggers are checked one by one so that one broken trigger does not hide the rest of the report.
const lenientDocumentSchema = flowDocumentSchema.extend({ triggers: z.array(z.unknown()).default([]) });

/**
 * Checks a flow before it is published (and live in the studio). Never throws: every problem is an
 * issue with a severity, a code, the node/edge/trigger it concerns and a field path.
 * Errors block publishing; warnings are advice.
 */
export function validateFlow(flow: unknown, options: ValidateOptions = {}): ValidationIssue[] {
  const parsed = lenientDocumentSchema.safeParse(flow);
  if (!parsed.success) return parsed.error.issues.map((i) => documentIssue(flow, i));
  const doc = parsed.data;
  const issues: ValidationIssue[] = [];
  const nodes = checkNodes(doc.nodes, issues, options);
  const triggers = checkTriggers(doc.triggers, nodes, issues);
  const edges = checkEdges(doc.edges, nodes, issues);
  checkReachability(doc.nodes, triggers, edges, issues);
  checkOutputs(nodes, edges, issues);
  checkLoops(nodes, edges, issues);
  checkChannels(nodes, options.channels ?? channelsOf(triggers), issues);
  return issues;
}

/** True when `validateFlow` finds no errors (warnings allowed). */
export function isPublishable(issues: readonly ValidationIssue[]): boolean {
  return !issues.some((i) => i.severity === 'error');
}

function checkNodes(nodes: FlowDocument['nodes'], issues: ValidationIssue[], options: ValidateOptions): Map<string, CheckedNode | null> {
  const checked = new Map<string, CheckedNode | null>();
  for (const node of nodes) {
    if (checked.has(node.id)) {
      issues.push({ severity: 'error', code: 'duplicate-node-id', nodeId: node.id, message: `Two steps share the id "${node.id}". Duplicate one of them again to get a fresh id.` });
      continue;
    }
    const def = getNodeDefinition(node.type);
    if (!def) {
      issues.push({ severity: 'error', code: 'unknown-node-type', nodeId: node.id, path: 'type', message: `Step "${node.id}" has a type this version of Parley does not know ("${node.type}"). Delete it or replace it.` });
      checked.set(node.id, null);
      continue;
    }
    const result = def.configSchema.safeParse(node.config ?? {});
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = ['config', ...issue.path.map(String)].join('.');
        issues.push({ severity: 'error', code: 'invalid-config', nodeId: node.id, path, message: `${def.label} step: ${fieldLabel(issue.path)}${issue.message}.` });
      }
      checked.set(node.id, null);
      continue;
    }
    const config = result.data as Record<string, unknown>;
    if (node.type === 'go-to-flow' && options.knownFlowIds && !options.knownFlowIds.includes(String(config.flowId))) {
      issues.push({ severity: 'error', code: 'unknown-flow', nodeId: node.id, path: 'config.flowId', message: `Go to flow: the flow "${String(config.flowId)}" does not exist (any more).` });
    }
    checked.set(node.id, { node, def, config, outputs: def.outputs(config) });
  }
  return checked;
}

function checkTriggers(raw: unknown[], nodes: Map<string, CheckedNode | null>, issues: ValidationIssue[]): Trigger[] {
  const triggers: Trigger[] = [];
  raw.forEach((candidate, index) => {
    const triggerId = readId(candidate) ?? `#${index + 1}`;
    const result = triggerSchema.safeParse(candidate);
    if (!result.success) {
      for (const i of result.error.issues) {
        issues.push({ severity: 'error', code: 'invalid-trigger', triggerId, path: i.path.map(String).join('.'), message: `Trigger ${triggerId}: ${fieldLabel(i.path)}${i.message}.` });
      }
      return;
    }
    const trigger = result.data;
    if ('keywords' in trigger) {
      trigger.keywords.forEach((kw, k) => {
        if (kw.mode === 'regex' && !compileRegex(kw.value)) {
          issues.push({ severity: 'error', code: 'invalid-trigger', triggerId, path: `keywords.${k}.value`, message: `Trigger ${triggerId}: "${kw.value}" is not a valid regular expression.` });
        }
      });
    }
    if (!nodes.has(trigger.startNodeId)) {
      issues.push({ severity: 'error', code: 'trigger-missing-start-node', triggerId, path: 'startNodeId', message: `Trigger ${triggerId} starts at a step that does not exist. Connect it to a step.` });
    }
    triggers.push(trigger);
  });
  if (!triggers.some((t) => t.enabled !== false)) {
    issues.push({ severity: 'error', code: 'no-trigger', message: 'Nothing starts this flow: add a trigger (keyword, comment, welcome message, …).' });
  }
  return triggers;
}

function checkEdges(edges: FlowEdge[], nodes: Map<string, CheckedNode | null>, issues: ValidationIssue[]): FlowEdge[] {
  const valid: FlowEdge[] = [];
  const seenIds = new Set<string>();
  const seenOutputs = new Set<string>();
  for (const edge of edges) {
    const at = { edgeId: edge.id, nodeId: edge.source };
    if (seenIds.has(edge.id)) issues.push({ severity: 'error', code: 'duplicate-edge-id', ...at, message: `Two connections share the id "${edge.id}".` });
    seenIds.add(edge.id);
    if (!nodes.has(edge.source)) {
      issues.push({ severity: 'error', code: 'edge-unknown-source', ...at, message: `A connection starts from a step that does not exist ("${edge.source}"). Delete the connection.` });
      continue;
    }
    if (!nodes.has(edge.target)) {
      issues.push({ severity: 'error', code: 'edge-missing-target', ...at, message: `A connection leads to a step that was deleted ("${edge.target}"). Reconnect it.` });
      continue;
    }
    const source = nodes.get(edge.source);
    if (source && !source.outputs.includes(edge.sourceOutput)) {
      issues.push({ severity: 'error', code: 'edge-unknown-output', ...at, message: `${source.def.label} step "${edge.source}" has no "${edge.sourceOutput}" path (any more). Reconnect it from one of: ${source.outputs.join(', ') || 'none'}.` });
      continue;
    }
    const key = `${edge.source}\u0000${edge.sourceOutput}`;
    if (seenOutputs.has(key)) {
      issues.push({ severity: 'warning', code: 'duplicate-output-edge', ...at, message: `The "${edge.sourceOutput}" path of step "${edge.source}" is connected twice; only the first connection is used.` });
      continue;
    }
    seenOutputs.add(key);
    valid.push(edge);
  }
  return valid;
}

function checkReachability(nodes: FlowNode[], triggers: Trigger[], edges: FlowEdge[], issues: ValidationIssue[]): void {
  const adjacency = successorsOf(edges);
  const seen = new Set<string>();
  const queue = triggers.map((t) => t.startNodeId);
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of adjacency.get(id) ?? []) queue.push(next);
  }
  const reported = new Set<string>();
  for (const node of nodes) {
    if (seen.has(node.id) || reported.has(node.id)) continue;
    reported.add(node.id);
    issues.push({ severity: 'warning', code: 'unreachable-node', nodeId: node.id, message: `Step "${node.id}" can never be reached: no trigger or connection leads to it.` });
  }
}

function checkOutputs(nodes: Map<string, CheckedNode | null>, edges: FlowEdge[], issues: ValidationIssue[]): void {
  const connected = new Set(edges.map((e) => `${e.source}\u0000${e.sourceOutput}`));
  for (const checked of nodes.values()) {
    if (!checked) continue;
    const optional = new Set(checked.def.optionalOutputs?.(checked.config) ?? []);
    for (const output of checked.outputs) {
      if (optional.has(output) || connected.has(`${checked.node.id}\u0000${output}`)) continue;
      issues.push({ severity: 'warning', code: 'unconnected-output', nodeId: checked.node.id, path: `outputs.${output}`, message: `The "${output}" path of ${checked.def.label} step "${checked.node.id}" is not connected: the conversation ends there.` });
    }
  }
}

function checkLoops(nodes: Map<string, CheckedNode | null>, edges: FlowEdge[], issues: ValidationIssue[]): void {
  const connected = new Set(edges.map((e) => `${e.source}\u0000${e.sourceOutput}`));
  const barrier = (id: string): boolean => {
    const c = nodes.get(id);
    return !!c?.def.waitsForContact?.(c.config, (o) => connected.has(`${id}\u0000${o}`));
  };
  // Edges out of a node that waits for the contact cannot spin on their own.
  const successors = successorsOf(edges.filter((e) => !barrier(e.source)));
  for (const loop of findLoops([...nodes.keys()], successors)) {
    issues.push({
      severity: 'error', code: 'loop-without-wait', nodeId: loop[0], path: 'edges',
      message: `Steps ${loop.map((id) => `"${id}"`).join(' → ')} form a loop that never waits for the contact. Add a question or a message with buttons inside the loop, or break it.`,
    });
  }
}

function checkChannels(nodes: Map<string, CheckedNode | null>, channels: Channel[], issues: ValidationIssue[]): void {
  for (const checked of nodes.values()) {
    if (!checked?.def.checkChannel) continue;
    for (const channel of channels) {
      for (const problem of checked.def.checkChannel(checked.config, channelLimits[channel], channel)) {
        issues.push({ severity: 'error', code: 'channel-limit', nodeId: checked.node.id, path: problem.path, message: problem.message });
      }
    }
  }
}

function channelsOf(triggers: Trigger[]): Channel[] {
  const set = new Set<Channel>();
  for (const t of triggers) {
    for (const c of t.channels ?? []) set.add(c as Channel);
    if (t.kind === 'instagram-comment' || t.kind === 'story-mention' || t.kind === 'story-reply') set.add('instagram');
  }
  return [...set];
}

function successorsOf(edges: FlowEdge[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of edges) {
    const list = map.get(e.source);
    if (list) list.push(e.target);
    else map.set(e.source, [e.target]);
  }
  return map;
}

function documentIssue(flow: unknown, issue: z.core.$ZodIssue): ValidationIssue {
  const [section, index, ...rest] = issue.path;
  const item = typeof index === 'number' ? ((flow as Record<string, unknown[]>)?.[String(section)]?.[index] as unknown) : undefined;
  const where: Partial<ValidationIssue> = {};
  if (section === 'nodes' && readId(item)) where.nodeId = readId(item);
  if (section === 'edges' && readId(item)) where.edgeId = readId(item);
  const path = (where.nodeId || where.edgeId ? rest : issue.path).map(String).join('.');
  return { severity: 'error', code: 'invalid-document', ...where, ...(path ? { path } : {}), message: `The flow file is damaged at ${issue.path.join('.') || 'its root'}: ${issue.message}.` };
}

function readId(item: unknown): string | undefined {
  return item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : undefined;
}

function fieldLabel(path: PropertyKey[]): string {
  return path.length ? `${path.map(String).join(' › ')}: ` : '';
}
