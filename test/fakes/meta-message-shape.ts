/** The checks Meta's Send API makes on a Messenger/Instagram body, as far as the fakes need them. */
export function validateMetaMessage(body: Record<string, unknown>, limits: { maxText: number; unit: 'chars' | 'bytes' }): string | null {
  const recipient = body.recipient as Record<string, unknown> | undefined;
  if (!recipient || !(recipient.id || recipient.comment_id || recipient.user_ref)) return 'recipient is required';
  if (body.messaging_type && !['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(String(body.messaging_type))) return 'invalid messaging_type';
  if (body.messaging_type === 'MESSAGE_TAG' && body.tag !== 'HUMAN_AGENT') return 'only HUMAN_AGENT is accepted';
  const message = body.message as Record<string, unknown> | undefined;
  if (!message) return 'message is required';
  if (message.text === undefined && message.attachment === undefined) return 'message must have text or attachment';
  if (message.text !== undefined && message.attachment !== undefined) return 'message cannot have both text and attachment';
  if (typeof message.text === 'string') {
    const size = limits.unit === 'bytes' ? Buffer.byteLength(message.text) : Array.from(message.text).length;
    if (size > limits.maxText) return `text must be at most ${limits.maxText} ${limits.unit}`;
  }
  const quickReplies = message.quick_replies as Array<Record<string, unknown>> | undefined;
  if (quickReplies && (quickReplies.length > 13 || quickReplies.some((q) => Array.from(String(q.title)).length > 20))) return 'invalid quick_replies';
  return null;
}
