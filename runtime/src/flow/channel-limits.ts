/** A messaging channel Parley can run flows on. */
export type Channel = 'messenger' | 'instagram' | 'whatsapp' | 'x' | 'telegram' | 'webchat';

/** All channels, in display order. */
export const CHANNELS: readonly Channel[] = ['messenger', 'instagram', 'whatsapp', 'x', 'telegram', 'webchat'];

/** What one channel accepts in a single outbound message. */
export interface ChannelLimits {
  label: string;
  /** Max text length in UTF-8 bytes (Instagram counts bytes), or null when the limit is in characters. */
  maxTextBytes: number | null;
  /** Max text length in characters. */
  maxTextChars: number;
  maxQuickReplies: number;
  maxButtons: number;
  maxButtonTitleChars: number;
  supportsCarousel: boolean;
  maxCards: number;
  supportsUrlButtons: boolean;
}

/**
 * Per-channel limits used by `validateFlow` and the studio. Sources: /work/shared/channels.md and the
 * platform docs it cites (Messenger 2,000 chars / 13 quick replies / 3 buttons / 10 cards; Instagram
 * 1,000 bytes; WhatsApp 4,096 chars text and 3 reply buttons (interactive body 1,024); X 10,000 chars;
 * Telegram 4,096 chars with inline keyboards).
 */
export const channelLimits: Readonly<Record<Channel, ChannelLimits>> = {
  messenger: {
    label: 'Messenger', maxTextBytes: null, maxTextChars: 2000, maxQuickReplies: 13, maxButtons: 3,
    maxButtonTitleChars: 20, supportsCarousel: true, maxCards: 10, supportsUrlButtons: true,
  },
  instagram: {
    label: 'Instagram', maxTextBytes: 1000, maxTextChars: 1000, maxQuickReplies: 13, maxButtons: 3,
    maxButtonTitleChars: 20, supportsCarousel: true, maxCards: 10, supportsUrlButtons: true,
  },
  whatsapp: {
    label: 'WhatsApp', maxTextBytes: null, maxTextChars: 4096, maxQuickReplies: 3, maxButtons: 3,
    maxButtonTitleChars: 20, supportsCarousel: false, maxCards: 0, supportsUrlButtons: false,
  },
  x: {
    label: 'X', maxTextBytes: null, maxTextChars: 10000, maxQuickReplies: 20, maxButtons: 0,
    maxButtonTitleChars: 36, supportsCarousel: false, maxCards: 0, supportsUrlButtons: false,
  },
  telegram: {
    label: 'Telegram', maxTextBytes: null, maxTextChars: 4096, maxQuickReplies: 12, maxButtons: 8,
    maxButtonTitleChars: 64, supportsCarousel: false, maxCards: 0, supportsUrlButtons: true,
  },
  webchat: {
    label: 'Web chat', maxTextBytes: null, maxTextChars: 5000, maxQuickReplies: 13, maxButtons: 5,
    maxButtonTitleChars: 40, supportsCarousel: true, maxCards: 10, supportsUrlButtons: true,
  },
};

/** UTF-8 byte length of a string, without Buffer (the runtime also runs in the browser). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Cuts a rendered text to what `channel` accepts (characters, then UTF-8 bytes), never splitting a character. */
export function fitTextToChannel(text: string, channel: Channel | undefined): string {
  if (!channel || !channelLimits[channel]) return text;
  const limits = channelLimits[channel];
  let chars = Array.from(text);
  if (chars.length > limits.maxTextChars) chars = chars.slice(0, limits.maxTextChars);
  if (limits.maxTextBytes !== null) {
    let bytes = 0;
    let keep = 0;
    for (const ch of chars) {
      bytes += utf8ByteLength(ch);
      if (bytes > limits.maxTextBytes) break;
      keep++;
    }
    chars = chars.slice(0, keep);
  }
  return chars.length === text.length ? text : chars.join('');
}
