import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256-bit random tokens with a readable prefix: `ps_` sessions, `pk_` API keys, `pi_` invites. */
export function newToken(prefix: 'ps' | 'pk' | 'pi'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Tokens carry 256 bits of entropy, so a fast hash is enough (no need for a password KDF). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
