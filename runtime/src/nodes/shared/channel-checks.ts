import { ChannelLimits, utf8ByteLength } from '../../flow/channel-limits';
import type { ChannelIssue } from '../define-node';

/** Text length against a channel's byte or character limit. */
export function checkTextLength(text: string | undefined, limits: ChannelLimits, path: string): ChannelIssue[] {
  if (!text) return [];
  if (limits.maxTextBytes !== null && utf8ByteLength(text) > limits.maxTextBytes) {
    return [{ path, message: `${limits.label} messages are limited to ${limits.maxTextBytes} bytes; this one has ${utf8ByteLength(text)}. Shorten it or split it in two.` }];
  }
  if (text.length > limits.maxTextChars) {
    return [{ path, message: `${limits.label} messages are limited to ${limits.maxTextChars} characters; this one has ${text.length}.` }];
  }
  return [];
}

/** Quick reply count against a channel's limit. */
export function checkQuickReplies(count: number, limits: ChannelLimits, path: string): ChannelIssue[] {
  return count > limits.maxQuickReplies ? [{ path, message: `${limits.label} shows at most ${limits.maxQuickReplies} quick replies; this step has ${count}.` }] : [];
}
