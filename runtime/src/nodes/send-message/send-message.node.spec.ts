import { validateFlow } from '../../flow/validate-flow';
import { ofType, probeFlow, reply, send, startFlow, testContext, texts } from '../../testing/engine-test-kit';
import { sendMessageNode } from './send-message.node';

describe('send-message node', () => {
  it('renders the text template and continues through next', () => {
    const flow = probeFlow('send-message', { text: 'Hi {{contact.first_name | "there"}}' });
    const { effects, conversation } = startFlow(flow);
    expect(texts(effects)).toEqual(['Hi Ana', '→ next']);
    expect(conversation.status).toBe('ended');
  });

  it('sends media, url buttons and cards in the normalized message', () => {
    const flow = probeFlow('send-message', {
      media: { kind: 'image', url: 'https://cdn.example.com/a.png' },
      cards: [{ id: 'c1', title: 'Shoes for {{contact.first_name}}', imageUrl: 'https://cdn.example.com/s.png', buttons: [{ id: 'buy', title: 'Buy', kind: 'url', url: 'https://shop.example.com' }] }],
      typingDelayMs: 1200,
    });
    const [first] = ofType(startFlow(flow).effects, 'send-message');
    expect(first.message.media).toEqual({ kind: 'image', url: 'https://cdn.example.com/a.png' });
    expect(first.message.cards?.[0]).toEqual({ title: 'Shoes for Ana', imageUrl: 'https://cdn.example.com/s.png', buttons: [{ kind: 'url', title: 'Buy', url: 'https://shop.example.com' }] });
    expect(first.typingDelayMs).toBe(1200);
  });

  it('waits for a tap when a quick reply is connected and follows the tapped one', () => {
    const flow = probeFlow('send-message', { text: 'Pick', quickReplies: [{ id: 'a', title: 'Alpha' }, { id: 'b', title: 'Beta' }] });
    const started = startFlow(flow);
    expect(started.conversation.status).toBe('waiting');
    expect(ofType(started.effects, 'send-message')[0].message.quickReplies).toEqual([{ title: 'Alpha', payload: 'n/a' }, { title: 'Beta', payload: 'n/b' }]);
    expect(texts(send(flow, started, reply('Beta', 'n/b')).effects)).toEqual(['→ quick-reply:b']);
  });

  it('matches a typed reply to a quick reply title, and other text goes to next', () => {
    const flow = probeFlow('send-message', { text: 'Pick', quickReplies: [{ id: 'a', title: 'Alpha' }] });
    const started = startFlow(flow);
    expect(texts(send(flow, started, reply('  alpha ')).effects)).toEqual(['→ quick-reply:a']);
    const other = send(flow, started, reply('something else'));
    expect(texts(other.effects)).toEqual(['→ next']);
    expect(other.conversation.variables.last_reply).toBe('something else');
  });

  it('routes a postback button tap to its output', () => {
    const flow = probeFlow('send-message', { text: 'Go?', buttons: [{ id: 'yes', title: 'Yes' }] });
    const started = startFlow(flow);
    const tapped = send(flow, started, { type: 'postback-received', payload: 'n/yes', title: 'Yes' });
    expect(texts(tapped.effects)).toEqual(['→ button:yes']);
  });

  it('does not wait when no choice output is connected', () => {
    const flow = probeFlow('send-message', { text: 'Hi', quickReplies: [{ id: 'a', title: 'A' }] }, { connect: ['next'] });
    expect(startFlow(flow).conversation.status).toBe('ended');
  });

  it('declares one output per quick reply and postback button plus next', () => {
    const config = sendMessageNode.configSchema.parse({ text: 'x', quickReplies: [{ id: 'q', title: 'Q' }], buttons: [{ id: 'b', title: 'B' }, { id: 'u', title: 'U', kind: 'url', url: 'https://x.io' }] });
    expect(sendMessageNode.outputs(config)).toEqual(['quick-reply:q', 'button:b', 'next']);
  });

  it('rejects an empty message, more than 13 quick replies and more than 3 buttons', () => {
    expect(sendMessageNode.configSchema.safeParse({}).success).toBe(false);
    const qr = Array.from({ length: 14 }, (_, i) => ({ id: `q${i}`, title: `Q${i}` }));
    expect(sendMessageNode.configSchema.safeParse({ text: 'x', quickReplies: qr }).success).toBe(false);
    const buttons = Array.from({ length: 4 }, (_, i) => ({ id: `b${i}`, title: `B${i}` }));
    expect(sendMessageNode.configSchema.safeParse({ text: 'x', buttons }).success).toBe(false);
  });

  it('flags Instagram text over 1000 bytes but not the same text on Messenger', () => {
    const flow = probeFlow('send-message', { text: 'é'.repeat(600) });
    expect(validateFlow(flow, { channels: ['instagram'] }).filter((i) => i.code === 'channel-limit')).toHaveLength(1);
    expect(validateFlow(flow, { channels: ['messenger'] }).filter((i) => i.code === 'channel-limit')).toHaveLength(0);
  });

  it('cuts a text that placeholders pushed past the channel limit', () => {
    const flow = probeFlow('send-message', { text: '{{contact.bio}}' });
    const ctx = testContext({ channel: 'instagram', contact: { bio: 'é'.repeat(700), tags: [] } });
    const [msg] = ofType(startFlow(flow, ctx).effects, 'send-message');
    expect(msg.message.text).toBe('é'.repeat(500));
  });

  it('uses the default config as a valid config', () => {
    expect(sendMessageNode.configSchema.safeParse(sendMessageNode.defaultConfig()).success).toBe(true);
    expect(testContext().channel).toBe('messenger');
  });
});
