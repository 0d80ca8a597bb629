import type { EgressResponse } from '../../egress';
import type { SendFailure } from '../channel-adapter';
import { jsonOf, retryAfterHeaderMs } from '../common/platform-call';
import { obj, str } from '../common/json-shapes';

// Graph error codes (channels.md §1.5, §3; Meta's error-code pages).
const WINDOW_CLOSED_SUBCODES = new Set([2018278, 2534022, 1545041]);
const WINDOW_CLOSED_CODES = new Set([131047, 1545041]);
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80006, 130429, 131048, 131056]);
const AUTH_CODES = new Set([102, 190, 200, 210, 230, 463, 467, 0, 131005, 10]);
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016, 133004]);

/** Classifies a failed Graph API response from its real error body (`{"error":{message,type,code,error_subcode}}`). */
export function classifyGraphError(response: EgressResponse): SendFailure {
  const error = obj(jsonOf(response).error);
  const code = Number(error.code);
  const subcode = Number(error.error_subcode);
  const message = `${str(error.message) ?? `HTTP ${response.status}`}${Number.isFinite(code) ? ` (code ${code}${Number.isFinite(subcode) ? `/${subcode}` : ''})` : ''}`;
  const retryAfterMs = retryAfterHeaderMs(response);
  if (WINDOW_CLOSED_SUBCODES.has(subcode) || WINDOW_CLOSED_CODES.has(code)) return { ok: false, kind: 'window-closed', message };
  if (RATE_LIMIT_CODES.has(code) || response.status === 429) {
    // Meta gives no retry_after; the pair limit (131056) is about one message per 6 s, app limits about a minute.
    return { ok: false, kind: 'rate-limited', message, retryAfterMs: retryAfterMs ?? (code === 131056 ? 6_000 : 60_000) };
  }
  if (AUTH_CODES.has(code) && (code !== 10 || !subcode) && (code !== 0 || response.status === 401)) return { ok: false, kind: 'auth', message };
  if (response.status === 401) return { ok: false, kind: 'auth', message };
  if (TRANSIENT_CODES.has(code) || error.is_transient === true || response.status >= 500) {
    return { ok: false, kind: 'transient', message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  return { ok: false, kind: 'permanent', message };
}
