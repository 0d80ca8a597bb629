import type { EgressClient } from '../../egress';
import type { SendFailure, SendResult } from '../channel-adapter';
import { callPlatform, jsonOf } from '../common/platform-call';
import { classifyGraphError } from './meta-errors';

/**
 * A Graph API call's outcome: the JSON answer, or the failure classified. `answered` tells a Graph error body
 * (Meta said no) from network trouble (Meta said nothing), which media downloads report differently.
 */
export type GraphOutcome = { ok: true; json: Record<string, unknown> } | { ok: false; failure: SendFailure; answered: boolean };

/** One Graph API call (Messenger, Instagram, WhatsApp). The token goes in the Authorization header, never the URL (URLs end up in logs). */
export async function callGraph(
  egress: EgressClient,
  req: { method?: 'GET' | 'POST'; url: string; token: string; body?: Record<string, unknown> },
): Promise<GraphOutcome> {
  const outcome = await callPlatform(egress, { method: req.method, url: req.url, headers: { authorization: `Bearer ${req.token}` }, body: req.body });
  if (!outcome.ok) return { ok: false, failure: outcome.result, answered: false };
  if (outcome.response.status >= 300) return { ok: false, failure: classifyGraphError(outcome.response), answered: true };
  return { ok: true, json: jsonOf(outcome.response) };
}

/**
 * Posts wire messages to a `…/messages` endpoint one call each, in order, stopping at the first failure (the
 * rest would arrive out of context). Succeeds with the last message id Meta gave.
 */
export async function postGraphMessages(
  egress: EgressClient,
  url: string,
  token: string,
  bodies: Array<Record<string, unknown>>,
  messageIdOf: (answer: Record<string, unknown>) => string | undefined,
): Promise<SendResult> {
  let lastId: string | undefined;
  for (const body of bodies) {
    const outcome = await callGraph(egress, { url, token, body });
    if (!outcome.ok) return outcome.failure;
    lastId = messageIdOf(outcome.json) ?? lastId;
  }
  return { ok: true, ...(lastId ? { platformMessageId: lastId } : {}) };
}
