import { randomUUID } from 'node:crypto';

/** A request's id for logs and `X-Request-Id`: the caller's own when it looks sane, else a new one. */
export function requestIdFor(given: string | string[] | undefined): string {
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}
