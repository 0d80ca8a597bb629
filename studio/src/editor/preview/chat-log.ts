import type { SimulationResult, SimulationStep } from '../../nodes/runtime-catalog';

export type ChatChoice = { title: string; step: SimulationStep };

/** One bubble of the preview chat. */
export type ChatLine =
  | { from: 'contact'; text: string }
  | { from: 'bot'; nodeId: string; text: string; choices: ChatChoice[]; links: { title: string; url: string }[]; media?: string }
  | { from: 'system'; text: string; tone: 'info' | 'error' };

/** Turns a simulation transcript into what a contact would see, plus notes on handoffs, ends and errors. */
export function chatLog(result: SimulationResult): ChatLine[] {
  const lines: ChatLine[] = [];
  for (const entry of result.transcript) {
    const input = entry.input;
    if (input.type === 'message-received') lines.push({ from: 'contact', text: input.text });
    else if (input.type === 'postback-received') lines.push({ from: 'contact', text: input.title ?? input.payload });
    else if (input.type === 'advance-time') lines.push({ from: 'system', text: 'Time passes…', tone: 'info' });
    if ((input.type === 'message-received' || input.type === 'postback-received') && !entry.trigger && entry.effects.length === 0 && entry.nodeId === null) {
      lines.push({ from: 'system', text: 'No trigger of this flow matches that message.', tone: 'info' });
    }
    for (const effect of entry.effects) {
      if (effect.type === 'send-message') lines.push(botLine(effect.nodeId, effect.message));
      else if (effect.type === 'hand-off') lines.push({ from: 'system', text: `Handed off to ${effect.team ?? 'the team'}${effect.message ? `: “${effect.message}”` : ''}`, tone: 'info' });
      else if (effect.type === 'error') lines.push({ from: 'system', text: effect.message, tone: 'error' });
      else if (effect.type === 'end') lines.push({ from: 'system', text: 'The conversation ended.', tone: 'info' });
    }
  }
  return lines;
}

function botLine(nodeId: string, message: Extract<SimulationResult['transcript'][number]['effects'][number], { type: 'send-message' }>['message']): ChatLine {
  const choices: ChatChoice[] = [
    ...(message.quickReplies ?? []).map((reply) => ({ title: reply.title, step: { type: 'message-received' as const, text: reply.title, payload: reply.payload } })),
    ...[...(message.buttons ?? []), ...(message.cards ?? []).flatMap((card) => card.buttons)].flatMap((button) =>
      button.kind === 'postback' ? [{ title: button.title, step: { type: 'postback-received' as const, payload: button.payload, title: button.title } }] : [],
    ),
  ];
  const links = [...(message.buttons ?? []), ...(message.cards ?? []).flatMap((card) => card.buttons)].flatMap((button) =>
    button.kind === 'url' ? [{ title: button.title, url: button.url }] : [],
  );
  const cards = (message.cards ?? []).map((card) => card.title).join(' · ');
  return { from: 'bot', nodeId, text: [message.text, cards].filter(Boolean).join('\n'), choices, links, media: message.media?.kind };
}
