import type { EgressClient, EgressResponse } from '../../egress';
import { EgressError } from '../../egress';
import type { SendFailure } from '../channel-adapter';

/** A platform API call's outcome: the response, or a network failure already classified as transient. */
export type CallOutcome = { ok: true; response: EgressResponse } | { ok: false; result: SendFailure };

/** Every platform call goes through the egress client (reliability rule 1); network trouble is transient. */
export async function callPlatform(
  egress: EgressClient,
  req: { method?: string; url: string; headers?: Record<string, string>; body?: Record<string, unknown> },
): Promise<CallOutcome> {
  try {
    const response = await egress.request({ method: req.method ?? 'POST', url: req.url, headers: req.headers, body: req.body, timeoutMs: 10_000 });
    return { ok: true, response };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof EgressError && !error.transient) return { ok: false, result: { ok: false, kind: 'permanent', message } };
    return { ok: false, result: { ok: false, kind: 'transient', message } };
  }
}

/** The parsed JSON body of a response, or an empty object. */
export function jsonOf(response: EgressResponse): Record<string, unknown> {
  if (response.json && typeof response.json === 'object') return response.json as Record<string, unknown>;
  if (typeof response.body === 'string') {
    try {
      return JSON.parse(response.body) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return {};
}

/** Seconds from a Retry-After header, as milliseconds. */
export function retryAfterHeaderMs(response: EgressResponse): number | undefined {
  const value = response.headers['retry-after'];
  const seconds = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
