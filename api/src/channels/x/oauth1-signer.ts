import { createHmac, randomBytes } from 'node:crypto';

/** User-context credentials of an X app and account (the "Keys and tokens" page of the X developer portal). */
export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

export interface OAuth1Request {
  method: string;
  /** The full URL; its query parameters are signed. */
  url: string;
  /** Only an `application/x-www-form-urlencoded` body is signed (RFC 5849 §3.4.1.3.1); JSON bodies are not. */
  formBody?: string;
}

/**
 * OAuth 1.0a `Authorization` header, HMAC-SHA1 (RFC 5849 §3.4). Nonce and timestamp are arguments for tests
 * against published examples; callers leave them out.
 */
export function oauth1Authorization(request: OAuth1Request, credentials: OAuth1Credentials, fixed: { nonce?: string; timestamp?: string } = {}): string {
  const oauth: Array<[string, string]> = [
    ['oauth_consumer_key', credentials.consumerKey],
    ['oauth_nonce', fixed.nonce ?? randomBytes(16).toString('hex')],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', fixed.timestamp ?? String(Math.floor(Date.now() / 1000))],
    ['oauth_token', credentials.accessToken],
    ['oauth_version', '1.0'],
  ];
  const signature = oauth1Signature(request, oauth, credentials.consumerSecret, credentials.accessTokenSecret);
  return `OAuth ${[...oauth, ['oauth_signature', signature]].map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`).join(', ')}`;
}

/** base64(HMAC-SHA1(key = enc(consumer secret) & enc(token secret), signature base string)). */
export function oauth1Signature(request: OAuth1Request, oauthParams: Array<[string, string]>, consumerSecret: string, tokenSecret: string): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac('sha1', key).update(signatureBaseString(request, oauthParams)).digest('base64');
}

/** METHOD & enc(base URI) & enc(normalized parameters) (§3.4.1). */
export function signatureBaseString(request: OAuth1Request, oauthParams: Array<[string, string]>): string {
  const url = new URL(request.url);
  const params = [...decodeForm(url.search.slice(1)), ...decodeForm(request.formBody ?? ''), ...oauthParams.filter(([k]) => k !== 'oauth_signature')];
  return [request.method.toUpperCase(), percentEncode(baseUri(url)), percentEncode(normalizeParameters(params))].join('&');
}

/** Encoded names and values, sorted by name then value, joined with = and & (§3.4.1.3.2). */
export function normalizeParameters(params: Array<[string, string]>): string {
  return params
    .map(([k, v]) => [percentEncode(k), percentEncode(v)])
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** RFC 3986 unreserved characters stay; everything else is %XX of its UTF-8 bytes, upper-case (§3.6). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Scheme and host lower-case, the default port dropped, no query or fragment (§3.4.1.2). */
function baseUri(url: URL): string {
  const defaultPort = (url.protocol === 'http:' && url.port === '80') || (url.protocol === 'https:' && url.port === '443');
  return `${url.protocol}//${url.hostname.toLowerCase()}${url.port && !defaultPort ? `:${url.port}` : ''}${url.pathname}`;
}

/** Form and query decoding: "+" is a space, names are decoded too, a bare name has an empty value (§3.4.1.3.1). */
function decodeForm(text: string): Array<[string, string]> {
  if (!text) return [];
  const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  return text.split('&').filter(Boolean).map((pair) => {
    const at = pair.indexOf('=');
    return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
  });
}
