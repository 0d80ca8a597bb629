import { z } from 'zod';
import { ChannelLimits, fitTextToChannel } from '../../flow/channel-limits';
import type { OutboundButton, OutboundMessage } from '../../engine/engine-types';
import { ChannelIssue, defineNode, NodeRuntime } from '../define-node';
import { checkQuickReplies, checkTextLength } from '../shared/channel-checks';
import { buttonPayload, itemId, replyOf, templateText } from '../shared/config-fields';

const buttonSchema = z
  .object({
    id: itemId(),
    title: z.string().min(1).max(40).meta({ label: 'Button title' }),
    kind: z.enum(['postback', 'url']).default('postback').meta({ label: 'Action', help: 'Continue the flow, or open a web page' }),
    url: z.string().url().optional().meta({ label: 'Link' }),
    payload: z.string().max(1000).optional().meta({ label: 'Custom payload', help: 'Leave empty: Parley routes the tap for you' }),
  })
  .refine((b) => b.kind !== 'url' || !!b.url, { message: 'A link button needs a URL', path: ['url'] });

const quickReplySchema = z.object({
  id: itemId(),
  title: z.string().min(1).max(40).meta({ label: 'Quick reply' }),
  payload: z.string().max(1000).optional(),
});

const cardSchema = z.object({
  id: itemId(),
  title: templateText('Card title', undefined, 200).min(1),
  subtitle: templateText('Subtitle', undefined, 300).optional(),
  imageUrl: z.string().url().optional().meta({ label: 'Image URL' }),
  buttons: z.array(buttonSchema).max(3).default([]),
});

export const sendMessageConfigSchema = z
  .object({
    text: templateText('Message').optional(),
    media: z.object({ kind: z.enum(['image', 'video', 'audio', 'file']), url: z.string().url() }).optional().meta({ label: 'Attachment' }),
    quickReplies: z.array(quickReplySchema).max(13).default([]).meta({ label: 'Quick replies', help: 'Up to 13' }),
    buttons: z.array(buttonSchema).max(3).default([]).meta({ label: 'Buttons', help: 'Up to 3' }),
    cards: z.array(cardSchema).max(10).default([]).meta({ label: 'Carousel cards', help: 'Up to 10' }),
    typingDelayMs: z.number().int().min(0).max(20_000).default(0).meta({ label: 'Typing delay (ms)' }),
  })
  .refine((c) => !!(c.text && c.text.trim()) || !!c.media || c.cards.length > 0, { message: 'Write a message, or add an attachment or cards', path: ['text'] })
  .refine((c) => uniqueIds(c), { message: 'Buttons and quick replies need distinct ids', path: ['buttons'] });

export type SendMessageConfig = z.output<typeof sendMessageConfigSchema>;

/** Sends one message; with connected quick replies or postback buttons it waits for the tap. */
export const sendMessageNode = defineNode({
  type: 'send-message',
  label: 'Send message',
  description: 'Text, media, quick replies, buttons or a card carousel.',
  configSchema: sendMessageConfigSchema,
  defaultConfig: () => ({ text: 'Hi {{contact.first_name | "there"}}!', quickReplies: [], buttons: [], cards: [], typingDelayMs: 0 }),
  outputs: (config) => [...choiceItems(config).map((item) => item.output), 'next'],
  // `next` is optional once there are choices; a button with a custom payload is usually caught by a postback trigger.
  optionalOutputs: (config) => [
    ...(choiceItems(config).length > 0 ? ['next'] : []),
    ...choiceItems(config).filter((item) => item.customPayload).map((item) => item.output),
  ],
  waitsForContact: (config, isConnected) => waits(config, isConnected),
  execute(rt) {
    const effect = { type: 'send-message' as const, nodeId: rt.node.id, message: buildMessage(rt), typingDelayMs: rt.config.typingDelayMs };
    if (waits(rt.config, rt.isConnected)) return { effects: [effect], wait: { kind: 'reply', nodeId: rt.node.id } };
    return { effects: [effect], output: 'next' };
  },
  resume(rt, event) {
    const reply = replyOf(event);
    if (!reply) return null;
    const text = reply.text.trim().toLowerCase();
    const items = choiceItems(rt.config);
    const hit =
      items.find((item) => reply.payload !== undefined && item.payload(rt.node.id) === reply.payload) ??
      items.find((item) => text !== '' && item.title.toLowerCase() === text);
    return { output: hit ? hit.output : 'next', variables: { last_reply: reply.text } };
  },
  checkChannel: (config, limits, channel) => channelIssues(config, limits, channel),
});

interface ChoiceItem {
  id: string;
  title: string;
  output: string;
  payload: (nodeId: string) => string;
  customPayload: boolean;
}

/** Quick replies and postback buttons (also on cards): each one is an output. */
export function choiceItems(config: SendMessageConfig): ChoiceItem[] {
  const items: ChoiceItem[] = [];
  for (const q of config.quickReplies) {
    items.push({ id: q.id, title: q.title, output: `quick-reply:${q.id}`, payload: (n) => q.payload ?? buttonPayload(n, q.id), customPayload: !!q.payload });
  }
  const buttons = [...config.buttons, ...config.cards.flatMap((c) => c.buttons)].filter((b) => b.kind === 'postback');
  for (const b of buttons) {
    items.push({ id: b.id, title: b.title, output: `button:${b.id}`, payload: (n) => b.payload ?? buttonPayload(n, b.id), customPayload: !!b.payload });
  }
  return items;
}

function waits(config: SendMessageConfig, isConnected: (output: string) => boolean): boolean {
  return choiceItems(config).some((item) => isConnected(item.output));
}

function buildMessage(rt: NodeRuntime<SendMessageConfig>): OutboundMessage {
  const { config, node } = rt;
  const message: OutboundMessage = {};
  // Placeholders can push a text past the channel's limit; cut it rather than have the send fail.
  if (config.text) message.text = fitTextToChannel(rt.render(config.text), rt.context.channel);
  if (config.media) message.media = { ...config.media };
  const toButton = (b: SendMessageConfig['buttons'][number]): OutboundButton =>
    b.kind === 'url' ? { kind: 'url', title: b.title, url: b.url ?? '' } : { kind: 'postback', title: b.title, payload: b.payload ?? buttonPayload(node.id, b.id) };
  if (config.quickReplies.length) message.quickReplies = config.quickReplies.map((q) => ({ title: q.title, payload: q.payload ?? buttonPayload(node.id, q.id) }));
  if (config.buttons.length) message.buttons = config.buttons.map(toButton);
  if (config.cards.length) {
    message.cards = config.cards.map((c) => ({
      title: rt.render(c.title, { maxLength: 200 }),
      ...(c.subtitle ? { subtitle: rt.render(c.subtitle, { maxLength: 300 }) } : {}),
      ...(c.imageUrl ? { imageUrl: c.imageUrl } : {}),
      buttons: c.buttons.map(toButton),
    }));
  }
  return message;
}

function uniqueIds(c: { quickReplies: { id: string }[]; buttons: { id: string }[]; cards: { buttons: { id: string }[] }[] }): boolean {
  const ids = [...c.quickReplies, ...c.buttons, ...c.cards.flatMap((card) => card.buttons)].map((x) => x.id);
  return new Set(ids).size === ids.length;
}

function channelIssues(config: SendMessageConfig, limits: ChannelLimits, channel: string): ChannelIssue[] {
  const issues = [...checkTextLength(config.text, limits, 'config.text'), ...checkQuickReplies(config.quickReplies.length, limits, 'config.quickReplies')];
  if (config.buttons.length > limits.maxButtons) {
    issues.push({ path: 'config.buttons', message: `${limits.label} allows at most ${limits.maxButtons} buttons per message; this one has ${config.buttons.length}.` });
  }
  if (config.cards.length > 0 && !limits.supportsCarousel) {
    issues.push({ path: 'config.cards', message: `${limits.label} cannot show a card carousel (channel: ${channel}).` });
  }
  const urlButtons = [...config.buttons, ...config.cards.flatMap((c) => c.buttons)].some((b) => b.kind === 'url');
  if (urlButtons && !limits.supportsUrlButtons) {
    issues.push({ path: 'config.buttons', message: `${limits.label} does not support link buttons.` });
  }
  return issues;
}
