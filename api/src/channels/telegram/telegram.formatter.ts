import { createHash } from 'node:crypto';
import type { OutboundButton, OutboundMessage } from '@parley/runtime';
import { clipChars } from '../common/text-limits';

export interface TelegramCall {
  method: 'sendMessage' | 'sendPhoto' | 'sendVideo' | 'sendAudio' | 'sendDocument';
  body: Record<string, unknown>;
}

type Key = { text: string; callback_data: string } | { text: string; url: string };

/**
 * An OutboundMessage → Bot API calls, in order. Buttons and quick replies become one inline keyboard (taps come
 * back as callback queries with the payload); cards become photos with captions and their own keyboards.
 */
export function formatTelegramCalls(chatId: string, message: OutboundMessage): TelegramCall[] {
  const calls: TelegramCall[] = [];
  const keys: Key[] = [...(message.buttons ?? []).map(key), ...(message.quickReplies ?? []).map((q) => key({ kind: 'postback', ...q }))];
  const keyboard = keys.length ? { reply_markup: { inline_keyboard: rows(keys) } } : {};
  let text = message.text ?? '';
  if (message.media) {
    const [method, field] = MEDIA[message.media.kind];
    const caption = text && Array.from(text).length <= 1024 ? text : undefined;
    const last = !message.cards?.length && (caption !== undefined || !text);
    calls.push({ method, body: { chat_id: chatId, [field]: message.media.url, ...(caption ? { caption } : {}), ...(last ? keyboard : {}) } });
    if (caption !== undefined) text = '';
    if (last) return calls;
  }
  for (const card of message.cards ?? []) {
    const caption = clipChars([card.title, card.subtitle].filter(Boolean).join('\n'), 1024);
    const cardKeys = card.buttons.length ? { reply_markup: { inline_keyboard: rows(card.buttons.map(key)) } } : {};
    calls.push(card.imageUrl ? { method: 'sendPhoto', body: { chat_id: chatId, photo: card.imageUrl, caption, ...cardKeys } } : { method: 'sendMessage', body: { chat_id: chatId, text: caption, ...cardKeys } });
  }
  if (text || keys.length) calls.push({ method: 'sendMessage', body: { chat_id: chatId, text: clipChars(text || '…', 4096), ...keyboard } });
  return calls;
}

const MEDIA: Record<NonNullable<OutboundMessage['media']>['kind'], [TelegramCall['method'], string]> = {
  image: ['sendPhoto', 'photo'],
  video: ['sendVideo', 'video'],
  audio: ['sendAudio', 'audio'],
  file: ['sendDocument', 'document'],
};

/**
 * `callback_data` holds at most 64 bytes. A longer payload is sent as `#<digest>`: the tap then comes back with the
 * button's title, which the engine matches on (payload-keyed triggers need payloads of ≤ 64 bytes on Telegram).
 */
export function callbackData(payload: string): string {
  return Buffer.byteLength(payload, 'utf8') <= 64 ? payload : `#${createHash('sha256').update(payload).digest('base64url').slice(0, 40)}`;
}

function key(button: OutboundButton): Key {
  const text = clipChars(button.title, 64);
  return button.kind === 'url' ? { text, url: button.url } : { text, callback_data: callbackData(button.payload) };
}

/** Short labels share a row (up to 3); long ones get a row each. */
function rows(keys: Key[]): Key[][] {
  const out: Key[][] = [];
  for (const k of keys) {
    const last = out[out.length - 1];
    if (last && last.length < 3 && Array.from(k.text).length <= 12 && last.every((x) => Array.from(x.text).length <= 12)) last.push(k);
    else out.push([k]);
  }
  return out;
}
