import { simulate, upgradeFlowDocument } from '../../nodes/runtime-catalog';
import { chatLog } from './chat-log';

const flow = upgradeFlowDocument({
  schemaVersion: 1,
  triggers: [{ id: 't', kind: 'keyword', keywords: [{ value: 'price', mode: 'whole-word' }], startNodeId: 'ask' }],
  nodes: [
    { id: 'ask', type: 'ask-question', position: { x: 0, y: 0 }, config: { prompt: 'Your email?', expect: 'email', saveTo: 'email' } },
    { id: 'thanks', type: 'send-message', position: { x: 300, y: 0 }, config: { text: 'Thanks {{vars.email}}' } },
  ],
  edges: [{ id: 'e', source: 'ask', sourceOutput: 'answered', target: 'thanks' }],
  variables: [],
  notes: [],
});

describe('chatLog', () => {
  it('shows the contact and the bot taking turns, as the runtime runs the flow', () => {
    const result = simulate(flow, [
      { type: 'message-received', text: 'price?' },
      { type: 'message-received', text: 'ana@example.com' },
    ]);
    const lines = chatLog(result).map((line) => `${line.from}: ${line.text}`);
    expect(lines).toEqual([
      'contact: price?',
      'bot: Your email?',
      'contact: ana@example.com',
      'bot: Thanks ana@example.com',
      'system: The conversation ended.',
    ]);
  });

  it('says when no trigger matches', () => {
    const lines = chatLog(simulate(flow, [{ type: 'message-received', text: 'hello' }]));
    expect(lines.at(-1)).toMatchObject({ from: 'system', text: expect.stringMatching(/No trigger/) });
  });
});
