import type { OutboundMessage } from '@parley/runtime';
import { clipBytesExact, clipChars } from '../common/text-limits';

const MAX_TEXT = 10_000;

/**
 * v2 DM body (`POST /2/dm_conversations/with/:id/messages`): text only, so buttons and quick replies are listed
 * in the text, links and media URLs too (v2 attachments need a media id uploaded by the account).
 */
export function formatXTextV2(message: OutboundMessage): { text: string } {
  const lines = [message.text ?? ''];
  if (message.media) lines.push(message.media.url);
  for (const card of message.cards ?? []) lines.push([card.title, card.subtitle, card.imageUrl].filter(Boolean).join('\n'));
  for (const b of [...(message.buttons ?? []), ...(message.cards ?? []).flatMap((c) => c.buttons)]) lines.push(b.kind === 'url' ? `${b.title}: ${b.url}` : `• ${b.title}`);
  for (const q of message.quickReplies ?? []) lines.push(`• ${q.title}`);
  return { text: clipChars(lines.filter(Boolean).join('\n'), MAX_TEXT) || '…' };
}

/**
 * v1.1 `direct_messages/events/new`: native "options" quick replies (≤ 20 options, label ≤ 36 characters,
 * metadata ≤ 1,000), for accounts whose X access still offers it (`config.dmApi = "v1.1"`).
 */
export function formatXEventV1(recipientId: string, message: OutboundMessage): Record<string, unknown> {
  const choices = [...(message.buttons ?? []).filter((b) => b.kind === 'postback'), ...(message.quickReplies ?? [])] as Array<{ title: string; payload: string }>;
  const withoutChoices: OutboundMessage = { ...message, buttons: (message.buttons ?? []).filter((b) => b.kind === 'url'), quickReplies: [] };
  const messageData: Record<string, unknown> = { text: formatXTextV2(withoutChoices).text };
  if (choices.length) {
    messageData.quick_reply = {
      type: 'options',
      options: choices.slice(0, 20).map((c) => ({ label: clipChars(c.title, 36), metadata: clipBytesExact(c.payload, 1000) })),
    };
  }
  return { event: { type: 'message_create', message_create: { target: { recipient_id: recipientId }, message_data: messageData } } };
}
