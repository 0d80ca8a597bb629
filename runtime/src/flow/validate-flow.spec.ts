import { starterFlows } from '../fixtures/starter-flows';
import { isPublishable, validateFlow } from './validate-flow';

type Doc = { schemaVersion: 1; triggers: unknown[]; nodes: unknown[]; edges: unknown[] };
const node = (id: string, type: string, config: Record<string, unknown>) => ({ id, type, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, sourceOutput: string, target: string) => ({ id, source, sourceOutput, target });
const base = (): Doc => ({
  schemaVersion: 1,
  triggers: [{ id: 't1', kind: 'keyword', startNodeId: 'a', keywords: [{ value: 'hi', mode: 'is' }] }],
  nodes: [node('a', 'send-message', { text: 'Hello' }), node('b', 'end', {})],
  edges: [edge('e1', 'a', 'next', 'b')],
});
const codes = (doc: unknown, options = {}) => validateFlow(doc, options).map((i) => `${i.severity}:${i.code}`);

describe('validateFlow', () => {
  it('accepts a clean flow with no issues', () => {
    expect(validateFlow(base())).toEqual([]);
  });

  it.each(starterFlows.map((s) => [s.key, s.flow] as const))('starter "%s" has zero errors', (_key, flow) => {
    const issues = validateFlow(flow);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(isPublishable(issues)).toBe(true);
  });

  it('reports an unknown node type', () => {
    const doc = base();
    doc.nodes.push(node('x', 'run-javascript', {}));
    doc.edges = [edge('e1', 'a', 'next', 'x')];
    const issue = validateFlow(doc).find((i) => i.code === 'unknown-node-type');
    expect(issue).toMatchObject({ severity: 'error', nodeId: 'x', path: 'type' });
    expect(issue?.message).toContain('run-javascript');
  });

  it('reports invalid config with the field path', () => {
    const doc = base();
    doc.nodes[0] = node('a', 'send-message', { text: 'x'.repeat(6000) });
    const issue = validateFlow(doc).find((i) => i.code === 'invalid-config');
    expect(issue).toMatchObject({ severity: 'error', nodeId: 'a', path: 'config.text' });
  });

  it('reports an edge from an unknown output', () => {
    const doc = base();
    doc.edges = [edge('e1', 'a', 'button:gone', 'b')];
    expect(validateFlow(doc).find((i) => i.code === 'edge-unknown-output')).toMatchObject({ severity: 'error', edgeId: 'e1', nodeId: 'a' });
  });

  it('reports an edge to a missing node and from a missing node', () => {
    const doc = base();
    doc.edges = [edge('e1', 'a', 'next', 'ghost'), edge('e2', 'ghost2', 'next', 'b')];
    expect(codes(doc)).toEqual(expect.arrayContaining(['error:edge-missing-target', 'error:edge-unknown-source']));
  });

  it('reports a flow without triggers, and a trigger pointing nowhere', () => {
    expect(codes({ ...base(), triggers: [] })).toContain('error:no-trigger');
    const doc = base();
    doc.triggers = [{ id: 't1', kind: 'welcome', startNodeId: 'nope' }];
    expect(validateFlow(doc).find((i) => i.code === 'trigger-missing-start-node')).toMatchObject({ triggerId: 't1', path: 'startNodeId' });
  });

  it('reports invalid triggers (bad regex) with the trigger id', () => {
    const doc = base();
    doc.triggers = [{ id: 't1', kind: 'keyword', startNodeId: 'a', keywords: [{ value: '(unclosed', mode: 'regex' }] }];
    expect(validateFlow(doc).find((i) => i.code === 'invalid-trigger')).toMatchObject({ triggerId: 't1', path: 'keywords.0.value' });
  });

  it('reports a loop that never waits for the contact as an error', () => {
    const doc = base();
    doc.nodes = [node('a', 'send-message', { text: 'A' }), node('b', 'set-variable', { name: 'x', value: '1' })];
    doc.edges = [edge('e1', 'a', 'next', 'b'), edge('e2', 'b', 'next', 'a')];
    const issue = validateFlow(doc).find((i) => i.code === 'loop-without-wait');
    expect(issue?.severity).toBe('error');
    expect(issue?.message).toContain('"a" → "b"');
  });

  it('accepts a loop through a question', () => {
    const doc = base();
    doc.nodes = [node('a', 'ask-question', { prompt: 'Again?', saveTo: 'x' }), node('b', 'send-message', { text: 'ok' })];
    doc.edges = [edge('e1', 'a', 'answered', 'b'), edge('e2', 'b', 'next', 'a'), edge('e3', 'a', 'invalid', 'b')];
    expect(codes(doc)).not.toContain('error:loop-without-wait');
  });

  it('warns about unreachable nodes and unconnected outputs', () => {
    const doc = base();
    doc.nodes.push(node('orphan', 'send-message', { text: 'never' }));
    const issues = validateFlow(doc);
    expect(issues.find((i) => i.code === 'unreachable-node')).toMatchObject({ severity: 'warning', nodeId: 'orphan' });
    expect(issues.find((i) => i.code === 'unconnected-output')).toMatchObject({ severity: 'warning', nodeId: 'orphan', path: 'outputs.next' });
    expect(isPublishable(issues)).toBe(true);
  });

  it('checks channel limits from the option or from trigger scopes', () => {
    const doc = base();
    const quickReplies = Array.from({ length: 5 }, (_, i) => ({ id: `q${i}`, title: `Q${i}` }));
    doc.nodes[0] = node('a', 'send-message', { text: '€'.repeat(400), quickReplies });
    expect(codes(doc)).not.toContain('error:channel-limit');
    const ig = validateFlow(doc, { channels: ['instagram'] }).filter((i) => i.code === 'channel-limit');
    expect(ig).toHaveLength(1);
    expect(ig[0]).toMatchObject({ path: 'config.text', nodeId: 'a' });
    expect(ig[0].message).toContain('1000 bytes');
    doc.triggers = [{ id: 't1', kind: 'keyword', channels: ['whatsapp'], startNodeId: 'a', keywords: [{ value: 'hi', mode: 'is' }] }];
    expect(validateFlow(doc).find((i) => i.code === 'channel-limit')).toMatchObject({ path: 'config.quickReplies' });
  });

  it('reports duplicate ids and damaged documents without throwing', () => {
    const doc = base();
    doc.nodes.push(node('a', 'end', {}));
    expect(codes(doc)).toContain('error:duplicate-node-id');
    expect(codes({ schemaVersion: 1, nodes: 'nope' })).toEqual(['error:invalid-document']);
    expect(codes(null)).toEqual(['error:invalid-document']);
  });

  it('checks go-to-flow targets when known flow ids are given', () => {
    const doc = base();
    doc.nodes[1] = node('b', 'go-to-flow', { flowId: 'deleted-flow' });
    expect(codes(doc, { knownFlowIds: ['other'] })).toContain('error:unknown-flow');
    expect(codes(doc)).not.toContain('error:unknown-flow');
  });
});
