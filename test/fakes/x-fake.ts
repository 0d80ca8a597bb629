import { bad, FakeServer, type FakeReply } from './fake-server';

/** Real X error bodies. */
export const X_ERRORS = {
  rateLimited: (resetInSeconds = 60): FakeReply => bad(429, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }, { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + resetInSeconds) }),
  unauthorized: bad(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }),
  notPermitted: bad(403, { detail: 'You are not permitted to send a DM to this user.', type: 'about:blank', title: 'Forbidden', status: 403 }),
};

/** X DMs: v2 `POST /2/dm_conversations/with/:participant_id/messages` and v1.1 `POST /1.1/direct_messages/events/new.json`. */
export function xFake(opts: { token: string }) {
  let n = 0;
  return new FakeServer((req) => {
    if ((req.headers.authorization ?? '') !== `Bearer ${opts.token}`) return X_ERRORS.unauthorized;
    if (req.method === 'POST' && /^\/2\/dm_conversations\/with\/\d+\/messages$/.test(req.path)) {
      const text = req.body.text;
      if ((typeof text !== 'string' || !text) && !Array.isArray(req.body.attachments)) return bad(400, { errors: [{ message: 'text or attachments is required' }], title: 'Invalid Request', type: 'https://api.twitter.com/2/problems/invalid-request' });
      if (typeof text === 'string' && Array.from(text).length > 10_000) return bad(400, { title: 'Invalid Request', detail: 'text is too long' });
      n++;
      return { status: 201, body: { data: { dm_conversation_id: `c-${n}`, dm_event_id: `${1900000000000000000n + BigInt(n)}` } } };
    }
    if (req.method === 'POST' && req.path === '/1.1/direct_messages/events/new.json') {
      const event = req.body.event as { type?: string; message_create?: { target?: { recipient_id?: string } } } | undefined;
      if (event?.type !== 'message_create' || !event.message_create?.target?.recipient_id) return bad(400, { errors: [{ code: 214, message: 'event.type: invalid value' }] });
      n++;
      return { status: 200, body: { event: { id: `${1800000000000000000n + BigInt(n)}`, type: 'message_create' } } };
    }
    return bad(404, { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] });
  });
}
