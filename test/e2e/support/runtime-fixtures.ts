import { createHash } from 'node:crypto';
import { flowDocumentSchema, type FlowDocument } from '@parley/runtime';
import type { TestApp } from '../../support/test-app';

const node = (id: string, type: string, config: Record<string, unknown>) => ({ id, type, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, sourceOutput: string, target: string) => ({ id, source, sourceOutput, target });

/** Starts on any message: asks, answers "got <text>", asks again. One reply per inbound message after the first. */
export const echoFlow: FlowDocument = {
  schemaVersion: 1,
  triggers: [{ id: 't', kind: 'default-reply', startNodeId: 'ask', enabled: true, priority: 0 }],
  nodes: [node('ask', 'ask-question', { prompt: 'ready', expect: 'text', saveTo: 'answer', retries: 0 }), node('got', 'send-message', { text: 'got {{vars.answer}}' })],
  edges: [edge('e1', 'ask', 'answered', 'got'), edge('e2', 'got', 'next', 'ask')],
} as unknown as FlowDocument;

/** One reply per inbound message: the first gets "re: " (nothing answered yet), each later one "re: <its text>". */
export const echoOnceFlow: FlowDocument = {
  schemaVersion: 1,
  triggers: [{ id: 't', kind: 'default-reply', startNodeId: 'ask', enabled: true, priority: 0 }],
  nodes: [node('ask', 'ask-question', { prompt: 're: {{vars.answer}}', expect: 'text', saveTo: 'answer', retries: 0 })],
  edges: [edge('e1', 'ask', 'answered', 'ask')],
} as unknown as FlowDocument;

/** A flow that loops without waiting: the engine's guard must stop it. */
export const loopingFlow: FlowDocument = {
  schemaVersion: 1,
  triggers: [{ id: 't', kind: 'keyword', startNodeId: 'a', keywords: [{ value: 'loop', mode: 'is' }], enabled: true, priority: 5 }],
  nodes: [node('a', 'send-message', { text: 'ping' }), node('b', 'send-message', { text: 'pong' })],
  edges: [edge('e1', 'a', 'next', 'b'), edge('e2', 'b', 'next', 'a')],
} as unknown as FlowDocument;

/** "wait" → a durable 2-second delay → "later". */
export const delayFlow: FlowDocument = {
  schemaVersion: 1,
  triggers: [{ id: 't', kind: 'keyword', startNodeId: 'd', keywords: [{ value: 'wait', mode: 'is' }], enabled: true, priority: 5 }],
  nodes: [node('d', 'delay', { mode: 'duration', duration: { amount: 2, unit: 'seconds' } }), node('m', 'send-message', { text: 'later' })],
  edges: [edge('e1', 'd', 'next', 'm')],
} as unknown as FlowDocument;

/**
 * Publishes a document straight into the tables (flow, immutable version, live trigger index), bypassing publish
 * validation so a test can run flows the studio would refuse (the looping one).
 */
export async function publishDirect(t: TestApp, workspaceId: string, name: string, raw: FlowDocument): Promise<string> {
  const document = flowDocumentSchema.parse(raw) as FlowDocument;
  const hash = createHash('sha256').update(JSON.stringify(document)).digest('hex');
  const [flow] = await t.db.query(`INSERT INTO flows (workspace_id, name, draft_hash) VALUES ($1, $2, $3) RETURNING id`, [workspaceId, name, hash]);
  const doc = { ...document, id: flow.id };
  const [version] = await t.db.query(
    `INSERT INTO flow_versions (flow_id, workspace_id, number, document, content_hash, kind) VALUES ($1, $2, 1, $3, $4, 'publish') RETURNING id`,
    [flow.id, workspaceId, doc, hash],
  );
  await t.db.query(`UPDATE flows SET live_version_id = $2 WHERE id = $1`, [flow.id, version.id]);
  for (const trigger of document.triggers) {
    const keywords = 'keywords' in trigger ? (trigger.keywords as Array<{ value: string }>).map((k) => k.value.toLowerCase()) : [];
    await t.db.query(
      `INSERT INTO live_triggers (workspace_id, flow_id, version_id, trigger_id, kind, channels, keywords, priority, definition) VALUES ($1, $2, $3, $4, $5, '{}', $6, $7, $8)`,
      [workspaceId, flow.id, version.id, trigger.id, trigger.kind, keywords, trigger.priority ?? 0, trigger],
    );
  }
  return flow.id;
}
