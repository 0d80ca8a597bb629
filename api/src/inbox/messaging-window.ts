import type { Platform } from '../channels/channel-adapter';

const HOUR = 3600_000;

export type WindowDecision =
  | { allowed: true; humanAgentTag: boolean; reason?: undefined }
  | { allowed: false; humanAgentTag: false; reason: string };

/**
 * What a human agent may send, by the platforms' rules: Messenger and Instagram allow any reply within 24 hours of
 * the contact's last message, and up to 7 days with the HUMAN_AGENT tag; WhatsApp allows free-form replies within
 * 24 hours only (after that, approved templates); X, Telegram and the web chat have no window.
 */
export function agentReplyWindow(platform: Platform, lastInboundAt: Date | null, now: Date): WindowDecision {
  if (!['messenger', 'instagram', 'whatsapp'].includes(platform)) return { allowed: true, humanAgentTag: false };
  if (!lastInboundAt) return { allowed: false, humanAgentTag: false, reason: 'The contact has never written: the platform does not allow a message to be sent first.' };
  const age = now.getTime() - lastInboundAt.getTime();
  if (age <= 24 * HOUR) return { allowed: true, humanAgentTag: false };
  if (platform === 'whatsapp') {
    return { allowed: false, humanAgentTag: false, reason: "WhatsApp's 24-hour window has closed: only an approved template can be sent now." };
  }
  if (age <= 7 * 24 * HOUR) return { allowed: true, humanAgentTag: true };
  return { allowed: false, humanAgentTag: false, reason: `The contact's last message is over 7 days old: ${platform === 'instagram' ? 'Instagram' : 'Messenger'} no longer allows a reply.` };
}
