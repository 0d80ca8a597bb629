import type { OutboundMessage } from '@parley/runtime';
import type { EgressClient } from '../../egress';
import type { SendResult, SendTarget } from '../channel-adapter';
import { str } from '../common/json-shapes';
import { postGraphMessages } from './graph-api';
import { formatMetaMessages, type MetaLimits } from './meta-messages.formatter';

/**
 * Sends through a Messenger-style Send API (`POST …/{id}/messages`), one call per wire message. Returns the last
 * message id.
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
  // After the first message of a private reply the contact is reachable by id (their reply opened the thread).
  const bodies = batch.map((body, index) => ({ recipient: index === 0 ? recipient : direct, ...tagging, message: body }));
  return postGraphMessages(egress, endpoint, token, bodies, (answer) => str(answer.message_id));
}
