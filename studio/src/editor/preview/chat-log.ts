import type { WebchatButton, WebchatOutbound } from '../../api-client/preview-api';

/** What tapping a choice sends back: its title as text, with the payload the runtime routes on. */
export type ChatChoice = { title: string; reply: { text: string; payload?: string } };

/** One bubble of the preview chat. */
export type ChatLine =
  | { from: 'contact'; text: string }
  | { from: 'bot'; text: string; choices: ChatChoice[]; links: { title: string; url: string }[]; media?: string }
  | { from: 'system'; text: string; tone: 'info' | 'error' };

/** A message the web chat channel delivered, as the contact sees it: text, card titles, tappable choices and links. */
export function botLine(message: WebchatOutbound): ChatLine {
  const buttons: WebchatButton[] = [...(message.buttons ?? []), ...(message.cards ?? []).flatMap((card) => card.buttons ?? [])];
  const choices: ChatChoice[] = [
    ...(message.quickReplies ?? []).map((reply) => ({ title: reply.title, reply: { text: reply.title, payload: reply.payload } })),
    ...buttons.flatMap((button) => (button.kind === 'postback' && button.payload ? [{ title: button.title, reply: { text: button.title, payload: button.payload } }] : [])),
  ];
  const links = buttons.flatMap((button) => (button.kind === 'url' && button.url ? [{ title: button.title, url: button.url }] : []));
  const cards = (message.cards ?? []).map((card) => card.title).join(' · ');
  return { from: 'bot', text: [message.text, cards].filter(Boolean).join('\n'), choices, links, media: message.media?.kind };
}
