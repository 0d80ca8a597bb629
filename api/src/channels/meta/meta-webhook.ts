import { asText } from '../common/json-shapes';
import type { ChannelConnection, HandshakeResponse } from '../channel-adapter';
import { header, hmacSha256, safeEqual } from '../common/signatures';

/**
 * Meta's verification handshake (Messenger, Instagram, WhatsApp): `hub.mode=subscribe` with our verify token
 * → echo `hub.challenge`; a wrong token → 403. Not a handshake at all → null.
 */
export function metaHandshake(connection: ChannelConnection, query: Record<string, string | undefined>): HandshakeResponse | null {
  const mode = query['hub.mode'];
  if (mode === undefined) return null;
  const ok = mode === 'subscribe' && safeEqual(query['hub.verify_token'], connection.secrets.verifyToken) && !!query['hub.challenge'];
  if (!ok) return { status: 403, body: { code: 'WEBHOOK_VERIFY_TOKEN_INVALID', message: 'The verify token does not match this connection.' } };
  return { status: 200, body: asText(query['hub.challenge']), contentType: 'text/plain' };
}

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, on the wire bytes, in constant time. */
export function verifyMetaSignature(connection: ChannelConnection, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): boolean {
  const secret = connection.secrets.appSecret;
  const given = header(headers, 'x-hub-signature-256');
  if (!secret || !given) return false;
  return safeEqual(given.toLowerCase(), `sha256=${hmacSha256(secret, rawBody, 'hex')}`);
}
