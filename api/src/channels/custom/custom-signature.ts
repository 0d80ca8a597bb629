import { hmacSha256, safeEqual } from '../common/signatures';

/** How far a signed request's timestamp may be from our clock: replays older than this are refused. */
export const SIGNATURE_TOLERANCE_S = 300;

/** `X-Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (timestamp bound in, against replays). */
export function signCustom(secret: string, body: Buffer | string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${hmacSha256(secret, Buffer.concat([Buffer.from(`${t}.`), Buffer.from(body)]), 'hex')}`;
}

export function verifyCustom(secret: string | undefined, body: Buffer, headerValue: string | undefined, nowMs = Date.now()): boolean {
  if (!secret || !headerValue) return false;
  const parts = Object.fromEntries(headerValue.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowMs / 1000 - t) > SIGNATURE_TOLERANCE_S) return false;
  const expected = hmacSha256(secret, Buffer.concat([Buffer.from(`${t}.`), body]), 'hex');
  return safeEqual(parts.v1, expected);
}
