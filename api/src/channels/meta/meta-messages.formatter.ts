import type { OutboundButton, OutboundMessage } from '@parley/runtime';
import { clipBytes, clipBytesExact, clipChars } from '../common/text-limits';

export interface MetaLimits {
  /** Text limit: characters (Messenger 2,000) or UTF-8 bytes (Instagram 1,000). */
  text: { chars: number } | { bytes: number };
  quickReplies: number;
  supportsTemplates: boolean;
}

type WireMessage = Record<string, unknown>;

/**
 * An OutboundMessage → the `message` objects of one or more Send API calls, in order. Messenger shows text or
 * one attachment per message, so media and templates go first and the text rides on the last one; quick
 * replies always go on the last message (they vanish once anything else is sent).
 */
export function formatMetaMessages(message: OutboundMessage, limits: MetaLimits): WireMessage[] {
  const out: WireMessage[] = [];
  const clip = (text: string) => ('chars' in limits.text ? clipChars(text, limits.text.chars) : clipBytes(text, limits.text.bytes));
  if (message.media) out.push({ attachment: { type: message.media.kind, payload: { url: message.media.url, is_reusable: true } } });
  const buttons = message.buttons ?? [];
  if (message.cards?.length) {
    if (message.text) out.push({ text: clip(message.text) });
    out.push(genericTemplate(message.cards));
  } else if (buttons.length) {
    // The button template shows at most 3 buttons and 640 characters: more buttons go in further templates.
    for (let i = 0; i < buttons.length; i += 3) {
      const text = i === 0 ? clipChars(message.text ?? '…', 640) : '…';
      out.push({ attachment: { type: 'template', payload: { template_type: 'button', text, buttons: buttons.slice(i, i + 3).map(metaButton) } } });
    }
  } else if (message.text) {
    out.push({ text: clip(message.text) });
  }
  if (message.quickReplies?.length) {
    if (out.length === 0) out.push({ text: '…' });
    out[out.length - 1].quick_replies = message.quickReplies.slice(0, limits.quickReplies).map((q) => ({
      content_type: 'text',
      title: clipChars(q.title, 20),
      payload: clipBytesExact(q.payload, 1000),
    }));
  }
  return out;
}

function genericTemplate(cards: NonNullable<OutboundMessage['cards']>): WireMessage {
  const elements = cards.slice(0, 10).map((card) => ({
    title: clipChars(card.title, 80),
    ...(card.subtitle ? { subtitle: clipChars(card.subtitle, 80) } : {}),
    ...(card.imageUrl ? { image_url: card.imageUrl } : {}),
    ...(card.buttons.length ? { buttons: card.buttons.slice(0, 3).map(metaButton) } : {}),
  }));
  return { attachment: { type: 'template', payload: { template_type: 'generic', elements } } };
}

function metaButton(button: OutboundButton): Record<string, string> {
  return button.kind === 'url'
    ? { type: 'web_url', url: button.url, title: clipChars(button.title, 20) }
    : { type: 'postback', title: clipChars(button.title, 20), payload: clipBytesExact(button.payload, 1000) };
}
