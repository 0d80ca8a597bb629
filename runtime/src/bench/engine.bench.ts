// Engine figures for issue 2: `npm run bench:engine`. The only file under src/ allowed to read the clock.
import { performance } from 'node:perf_hooks';
import { advanceConversation } from '../engine/advance-conversation';
import { seededRandom, sequentialIds } from '../engine/context-helpers';
import type { EngineContext } from '../engine/engine-types';
import { FlowDocument, flowDocumentSchema } from '../flow/flow-document';
import { validateFlow } from '../flow/validate-flow';
import { renderTemplate } from '../templating/render-template';
import { matchTrigger } from '../triggers/match-trigger';

const BUDGET_MS = 3000; // per measurement, so the whole run stays well under 30 s

function measure(fn: () => void, minRuns: number): { runs: number; perRunMs: number } {
  for (let i = 0; i < Math.min(minRuns, 50); i++) fn(); // warm-up
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (runs < minRuns || elapsed < BUDGET_MS / 3) {
    fn();
    runs++;
    elapsed = performance.now() - start;
    if (elapsed > BUDGET_MS) break;
  }
  return { runs, perRunMs: elapsed / runs };
}

/** A 5,000-node flow: chains of messages, questions, conditions, variables and tags with branches. */
function bigFlow(size: number): unknown {
  const nodes: unknown[] = [];
  const edges: unknown[] = [];
  const kinds = ['send-message', 'ask-question', 'condition', 'set-variable', 'tag'] as const;
  for (let i = 0; i < size; i++) {
    const type = kinds[i % kinds.length];
    const config: Record<string, unknown> = {
      'send-message': { text: `Step ${i} for {{contact.first_name | "you"}}`, quickReplies: [{ id: 'a', title: 'A' }] },
      'ask-question': { prompt: `Question ${i}?`, expect: 'email', saveTo: `v${i}` },
      condition: { groups: [{ id: 'g', rules: [{ source: 'variable', field: `v${i - 1}`, operator: 'is-set' }] }] },
      'set-variable': { name: `v${i}`, value: '{{vars.x}}' },
      tag: { tags: [`t${i % 50}`] },
    }[type];
    nodes.push({ id: `n${i}`, type, position: { x: i * 10, y: 0 }, config });
    if (i > 0) {
      const prev = kinds[(i - 1) % kinds.length];
      const output = { 'send-message': 'next', 'ask-question': 'answered', condition: 'group:g', 'set-variable': 'next', tag: 'next' }[prev];
      edges.push({ id: `e${i}`, source: `n${i - 1}`, sourceOutput: output, target: `n${i}` });
      if (prev === 'condition') edges.push({ id: `x${i}`, source: `n${i - 1}`, sourceOutput: 'else', target: `n${Math.max(0, i - 3)}` });
    }
  }
  return { schemaVersion: 1, triggers: [{ id: 't', kind: 'keyword', startNodeId: 'n0', keywords: [{ value: 'go', mode: 'is' }] }], nodes, edges };
}

/** A flow whose start path runs exactly 10 nodes before waiting for the contact. */
function tenStepFlow(): FlowDocument {
  const types: Array<[string, Record<string, unknown>]> = [
    ['set-variable', { name: 'a', value: '{{contact.first_name}}' }],
    ['tag', { tags: ['bench'] }],
    ['condition', { groups: [{ id: 'g', rules: [{ source: 'tags', operator: 'has-tag', value: 'bench' }] }] }],
    ['send-message', { text: 'Hi {{vars.a}}!' }],
    ['set-variable', { name: 'b', mode: 'literal', value: 2 }],
    ['randomizer', { branches: [{ id: 'x', weight: 1 }, { id: 'y', weight: 1 }], sticky: false }],
    ['condition', { groups: [{ id: 'g', rules: [{ source: 'variable', field: 'b', operator: 'gte', value: '1' }] }] }],
    ['send-message', { text: 'Order {{vars.b}} is on its way' }],
    ['set-variable', { name: 'c', value: 'done' }],
    ['ask-question', { prompt: 'Anything else, {{vars.a}}?', saveTo: 'd' }],
  ];
  const outputOf = (i: number) => ({ condition: 'group:g', randomizer: 'branch:x' } as Record<string, string>)[types[i][0]] ?? 'next';
  return flowDocumentSchema.parse({
    schemaVersion: 1,
    triggers: [{ id: 't', kind: 'welcome', startNodeId: 's0' }],
    nodes: types.map(([type, config], i) => ({ id: `s${i}`, type, position: { x: i, y: 0 }, config })),
    edges: types.slice(1).flatMap((_, i) => {
      const e = [{ id: `e${i}`, source: `s${i}`, sourceOutput: outputOf(i), target: `s${i + 1}` }];
      if (types[i][0] === 'randomizer') e.push({ id: `r${i}`, source: `s${i}`, sourceOutput: 'branch:y', target: `s${i + 1}` });
      return e;
    }),
  });
}

function main(): void {
  const rows: Array<[string, string]> = [];

  const big = bigFlow(5000);
  const issues = validateFlow(big);
  const v = measure(() => validateFlow(big), 10);
  rows.push(['validate a 5,000-node flow', `${v.perRunMs.toFixed(1)} ms (${issues.filter((i) => i.severity === 'error').length} errors, ${v.runs} runs)`]);

  const flow = tenStepFlow();
  const context: EngineContext = { now: '2026-01-05T10:00:00.000Z', newId: sequentialIds('b'), random: seededRandom(1), contact: { first_name: 'Ana', tags: [] }, channel: 'messenger' };
  const probe = advanceConversation({ flow, conversation: null, event: { type: 'start', triggerId: 't' }, context });
  if (probe.conversation.steps.lastTurn !== 10 || probe.conversation.status !== 'waiting') throw new Error(`bench flow ran ${probe.conversation.steps.lastTurn} steps`);
  const turn = measure(() => advanceConversation({ flow, conversation: null, event: { type: 'start', triggerId: 't' }, context }), 20_000);
  const us = turn.perRunMs * 1000;
  rows.push(['one turn, 10-step path', `${us.toFixed(2)} µs/turn, ${Math.round(1e6 / us).toLocaleString('en-US')} turns/s on one core`]);

  const scope = { contact: { first_name: 'Ana', tags: ['vip'] }, vars: { order_id: 'A-1042', status: 'shipped' } };
  const template = 'Hi {{contact.first_name | "there"}}, order {{vars.order_id}} is {{vars.status}}.';
  const r = measure(() => renderTemplate(template, scope), 500_000);
  rows.push(['template rendering (3 placeholders)', `${Math.round(r.perRunMs * 1e6)} ns/call`]);

  const triggers = (flowDocumentSchema.parse({ ...(big as object), triggers: Array.from({ length: 50 }, (_, i) => ({ id: `k${i}`, kind: 'keyword', startNodeId: 'n0', keywords: [{ value: `word${i}`, mode: 'whole-word' }, { value: `phrase ${i}`, mode: 'contains' }] })) })).triggers;
  const m = measure(() => matchTrigger(triggers, { type: 'message-received', text: 'Hello, I would like phrase 42 please' }, {}, { now: '2026-01-05T10:00:00Z' }), 20_000);
  rows.push(['trigger matching (50 keyword triggers)', `${(m.perRunMs * 1000).toFixed(2)} µs/match`]);

  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`@parley/runtime engine bench (node ${process.version})`);
  console.log(`${'measure'.padEnd(width)} | result`);
  console.log(`${'-'.repeat(width)}-|-${'-'.repeat(50)}`);
  for (const [k, val] of rows) console.log(`${k.padEnd(width)} | ${val}`);
}

main();
