import { timingSafeEqual } from 'node:crypto';
import { oauth1Signature, type OAuth1Credentials } from '../../api/src/channels/x/oauth1-signer';
import { bad, FakeServer, type FakeReply, type Received } from './fake-server';

/** Real X error bodies. */
export const X_ERRORS = {
  rateLimited: (resetInSeconds = 60): FakeReply => bad(429, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }, { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + resetInSeconds) }),
  unauthorized: bad(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }),
  couldNotAuthenticate: bad(401, { errors: [{ code: 32, message: 'Could not authenticate you.' }] }),
  timestampOutOfBounds: bad(401, { errors: [{ code: 135, message: 'Timestamp out of bounds.' }] }),
  notPermitted: bad(403, { detail: 'You are not permitted to send a DM to this user.', type: 'about:blank', title: 'Forbidden', status: 403 }),
};

/**
 * X DMs: v2 `POST /2/dm_conversations/with/:participant_id/messages` and v1.1 `POST /1.1/direct_messages/events/new.json`.
 * Auth: `Bearer <token>` (OAuth 2.0 user token) or, with `oauth1`, an OAuth 1.0a header whose HMAC-SHA1 signature
 * is recomputed over the request as this server received it; stale timestamps and replayed nonces are refused.
 */
export function xFake(opts: { token: string; oauth1?: OAuth1Credentials; media?: Record<string, { bytes: Buffer; contentType: string }> }) {
  let n = 0;
  const seenNonces = new Set<string>();
  return new FakeServer((req) => {
    const refused = checkAuthorization(req, opts, seenNonces);
    if (refused) return refused;
    // DM media (ton.twimg.com/1.1/ton/data/dm/…): served only to an authorized request, like X does.
    const file = req.method === 'GET' ? opts.media?.[req.path] : undefined;
    if (file) return { status: 200, body: null, raw: file.bytes, headers: { 'content-type': file.contentType } };
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

function checkAuthorization(req: Received, opts: { token: string; oauth1?: OAuth1Credentials }, seenNonces: Set<string>): FakeReply | null {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('OAuth ')) return header === `Bearer ${opts.token}` ? null : X_ERRORS.unauthorized;
  const creds = opts.oauth1;
  if (!creds) return X_ERRORS.unauthorized;
  const params = Object.fromEntries([...header.slice(6).matchAll(/([\w]+)="([^"]*)"/g)].map((m) => [m[1], decodeURIComponent(m[2])]));
  const { oauth_signature: signature, ...signed } = params;
  if (signed.oauth_consumer_key !== creds.consumerKey || signed.oauth_token !== creds.accessToken || signed.oauth_signature_method !== 'HMAC-SHA1' || !signature) return X_ERRORS.couldNotAuthenticate;
  if (Math.abs(Number(signed.oauth_timestamp) * 1000 - Date.now()) > 5 * 60_000) return X_ERRORS.timestampOutOfBounds;
  if (!signed.oauth_nonce || seenNonces.has(signed.oauth_nonce)) return X_ERRORS.couldNotAuthenticate;
  // The URL as this server saw it: the client must have signed exactly what it sent.
  const request = { method: req.method, url: `http://${req.headers.host}${req.path}` };
  const expected = Buffer.from(oauth1Signature(request, Object.entries(signed), creds.consumerSecret, creds.accessTokenSecret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return X_ERRORS.couldNotAuthenticate;
  seenNonces.add(signed.oauth_nonce);
  return null;
}
