import type { OutboundButton, OutboundMessage } from '@parley/runtime';
import type { TemplateMessage } from '../channel-adapter';
import { clipBytesExact, clipChars } from '../common/text-limits';

type Wire = Record<string, unknown>;
type Choice = { title: string; payload: string };

/**
 * An OutboundMessage → WhatsApp message bodies (without `messaging_product`/`to`), in order. WhatsApp has no
 * carousel and at most 3 reply buttons: 4–10 choices become a list message, cards become one message each,
 * URL buttons become a CTA-URL button (one) or links in the text.
 */
export function formatWhatsAppMessages(message: OutboundMessage): Wire[] {
  const out: Wire[] = [];
  const choices: Choice[] = [...(message.buttons ?? []).filter(isPostback), ...(message.quickReplies ?? [])];
  const urls = (message.buttons ?? []).filter((b): b is Extract<OutboundButton, { kind: 'url' }> => b.kind === 'url');
  let text = message.text ?? '';
  if (urls.length && (choices.length || urls.length > 1)) text = [text, ...urls.map((u) => `${u.title}: ${u.url}`)].filter(Boolean).join('\n');
  const interactive = choices.length > 0 || urls.length === 1;

  if (message.media) {
    const kind = message.media.kind === 'file' ? 'document' : message.media.kind;
    // A short text rides along as the caption (audio takes none); otherwise it follows as its own message.
    const caption = !interactive && kind !== 'audio' && text && Array.from(text).length <= 1024 ? text : undefined;
    out.push({ type: kind, [kind]: { link: message.media.url, ...(caption ? { caption } : {}) } });
    if (caption) text = '';
  }
  for (const card of message.cards ?? []) out.push(cardMessage(card));
  if (choices.length > 3) out.push(listMessage(text || '…', choices));
  else if (choices.length > 0) out.push(buttonsMessage(text || '…', choices));
  else if (urls.length === 1) out.push(ctaUrl(text || urls[0].title, urls[0]));
  else if (text) out.push({ type: 'text', text: { preview_url: /https?:\/\//.test(text), body: clipChars(text, 4096) } });
  return out;
}

/** A template message: name, language code, and the body's parameters in order. */
export function formatWhatsAppTemplate(template: TemplateMessage): Wire {
  const components = template.parameters.length
    ? [
        {
          type: 'body',
          parameters: template.parameters.map((text, i) => ({
            type: 'text',
            // Named templates (`parameter_format: NAMED`) match parameters by name, not by position.
            ...(template.parameterNames?.[i] ? { parameter_name: template.parameterNames[i] } : {}),
            text: clipChars(text, 1024),
          })),
        },
      ]
    : [];
  return { type: 'template', template: { name: template.name, language: { code: template.language }, ...(components.length ? { components } : {}) } };
}

function isPostback(b: OutboundButton): b is Extract<OutboundButton, { kind: 'postback' }> {
  return b.kind === 'postback';
}

function buttonsMessage(body: string, choices: Choice[], header?: Wire): Wire {
  const buttons = choices.slice(0, 3).map((c) => ({ type: 'reply', reply: { id: clipBytesExact(c.payload, 256), title: clipChars(c.title, 20) } }));
  return { type: 'interactive', interactive: { type: 'button', ...(header ? { header } : {}), body: { text: clipChars(body, 1024) }, action: { buttons } } };
}

/** More than 3 choices: a list message (one section, at most 10 rows). */
function listMessage(body: string, choices: Choice[]): Wire {
  const rows = choices.slice(0, 10).map((c) => ({
    id: clipBytesExact(c.payload, 200),
    title: clipChars(c.title, 24),
    ...(Array.from(c.title).length > 24 ? { description: clipChars(c.title, 72) } : {}),
  }));
  return { type: 'interactive', interactive: { type: 'list', body: { text: clipChars(body, 4096) }, action: { button: 'Choose', sections: [{ title: 'Options', rows }] } } };
}

function ctaUrl(body: string, button: { title: string; url: string }): Wire {
  return {
    type: 'interactive',
    interactive: { type: 'cta_url', body: { text: clipChars(body, 1024) }, action: { name: 'cta_url', parameters: { display_text: clipChars(button.title, 20), url: button.url } } },
  };
}

/** A card: reply buttons under an image header when it has choices, else an image with a caption, else text. */
function cardMessage(card: NonNullable<OutboundMessage['cards']>[number]): Wire {
  const urls = card.buttons.filter((b) => b.kind === 'url').map((b) => `${b.title}: ${(b as { url: string }).url}`);
  const body = [card.title, card.subtitle, ...urls].filter(Boolean).join('\n');
  const choices = card.buttons.filter(isPostback);
  if (choices.length) return buttonsMessage(body, choices, card.imageUrl ? { type: 'image', image: { link: card.imageUrl } } : undefined);
  if (card.imageUrl) return { type: 'image', image: { link: card.imageUrl, caption: clipChars(body, 1024) } };
  return { type: 'text', text: { preview_url: urls.length > 0, body: clipChars(body, 4096) } };
}
