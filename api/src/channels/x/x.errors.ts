import type { EgressResponse } from '../../egress';
import type { SendResult } from '../channel-adapter';
import { arr, obj, str } from '../common/json-shapes';
import { jsonOf, retryAfterHeaderMs } from '../common/platform-call';

type Failure = Extract<SendResult, { ok: false }>;

/**
 * X errors: v2 problem bodies (`{title, detail, type, status}`), v1.1 `{errors:[{code, message}]}`.
 * 429 carries `x-rate-limit-reset` (epoch seconds); 401 and v1.1 codes 32/89 are credentials.
 */
export function classifyXError(response: EgressResponse, now = Date.now()): Failure {
  const body = jsonOf(response);
  const v1 = obj(arr(body.errors)[0]);
  const code = Number(v1.code);
  const message = str(body.detail) ?? str(v1.message) ?? str(body.title) ?? `HTTP ${response.status}`;
  if (response.status === 429 || code === 88) {
    const reset = Number(response.headers['x-rate-limit-reset']);
    const retryAfterMs = retryAfterHeaderMs(response) ?? (Number.isFinite(reset) ? Math.max(1000, reset * 1000 - now) : 60_000);
    return { ok: false, kind: 'rate-limited', message, retryAfterMs };
  }
  if (response.status === 401 || code === 32 || code === 89 || code === 215) return { ok: false, kind: 'auth', message };
  if (response.status >= 500 || code === 130 || code === 131) return { ok: false, kind: 'transient', message };
  return { ok: false, kind: 'permanent', message };
}
