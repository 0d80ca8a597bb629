import type { EgressResponse } from '../../egress';
import type { SendResult } from '../channel-adapter';
import { obj, str } from '../common/json-shapes';
import { jsonOf } from '../common/platform-call';

/**
 * Bot API errors: `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after N","parameters":{"retry_after":N}}`.
 * 401 (and 404, which is what a revoked token's URL answers) are credentials; 403 is the user blocking the bot.
 */
export function classifyTelegramError(response: EgressResponse): Extract<SendResult, { ok: false }> {
  const body = jsonOf(response);
  const code = Number(body.error_code ?? response.status);
  const message = str(body.description) ?? `HTTP ${response.status}`;
  const retryAfter = Number(obj(body.parameters).retry_after);
  if (code === 429) return { ok: false, kind: 'rate-limited', message, retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : 5_000 };
  if (code === 401 || code === 404) return { ok: false, kind: 'auth', message };
  if (code >= 500) return { ok: false, kind: 'transient', message };
  return { ok: false, kind: 'permanent', message };
}
