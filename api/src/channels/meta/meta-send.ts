import type { OutboundMessage } from '@parley/runtime';
import type { EgressClient } from '../../egress';
import type { SendResult, SendTarget } from '../channel-adapter';
import { callPlatform, jsonOf } from '../common/platform-call';
import { str } from '../common/json-shapes';
import { classifyGraphError } from './meta-errors';
import { formatMetaMessages, type MetaLimits } from './meta-messages.formatter';

/**
 * Sends through a Messenger-style Send API (`POST …/{id}/messages`), one call per wire message. The token goes in
 * the Authorization header, never the URL (URLs end up in logs). Returns the last message id.
 */
export async function sendMetaMessages(
  egress: EgressClient,
  endpoint: string,
  token: string,
  target: SendTarget,
  message: OutboundMessage,
  limits: MetaLimits,
): Promise<SendResult> {
  const direct = target.contactExternalId.startsWith('user_ref:') ? { user_ref: target.contactExternalId.slice('user_ref:'.length) } : { id: target.contactExternalId };
  const recipient = message.privateReplyToCommentId ? { comment_id: message.privateReplyToCommentId } : direct;
  const tagging = target.humanAgentTag ? { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } : { messaging_type: 'RESPONSE' };
  const wire = formatMetaMessages(message, limits);
  // A private reply is a single message: Meta allows exactly one per comment.
  const batch = message.privateReplyToCommentId ? wire.slice(-1) : wire;
  let lastId: string | undefined;
  for (const [index, body] of batch.entries()) {
    // After the first message of a private reply the contact is reachable by id (their reply opened the thread).
    const to = index === 0 ? recipient : direct;
    const outcome = await callPlatform(egress, {
      url: endpoint,
      headers: { authorization: `Bearer ${token}` },
      body: { recipient: to, ...tagging, message: body },
    });
    if (!outcome.ok) return outcome.result;
    if (outcome.response.status >= 300) return classifyGraphError(outcome.response);
    lastId = str(jsonOf(outcome.response).message_id) ?? lastId;
  }
  return { ok: true, ...(lastId ? { platformMessageId: lastId } : {}) };
}
