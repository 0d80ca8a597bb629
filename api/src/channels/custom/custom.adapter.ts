import { Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import { EgressClient } from '../../egress';
import type { ChannelAdapter, ChannelConnection, NormalizedEvent, SendResult, SendTarget } from '../channel-adapter';
import { obj, str } from '../common/json-shapes';
import { jsonOf, retryAfterHeaderMs } from '../common/platform-call';
import { header } from '../common/signatures';
import { EgressError } from '../../egress';
import { signCustom, verifyCustom } from './custom-signature';
import { parseCustomDelivery } from './custom.parser';

/**
 * The custom channel: signed JSON in and out, to bridge any platform Parley does not speak (LinkedIn through a
 * partner tool, an in-house app…). Secret: `signingSecret`. Config: `outboundUrl` (where replies are POSTed).
 */
@Injectable()
export class CustomAdapter implements ChannelAdapter {
  readonly platform = 'custom' as const;

  constructor(private readonly egress: EgressClient) {}

  verifySignature(connection: ChannelConnection, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): boolean {
    return verifyCustom(connection.secrets.signingSecret, rawBody, header(headers, 'x-parley-signature'));
  }

  parseDelivery(_connection: ChannelConnection, body: unknown): NormalizedEvent[] {
    return parseCustomDelivery(body);
  }

  async send(connection: ChannelConnection, target: SendTarget, message: OutboundMessage): Promise<SendResult> {
    const url = str(connection.config.outboundUrl);
    if (!url) return { ok: false, kind: 'permanent', message: 'The custom channel has no outboundUrl.' };
    const body = JSON.stringify({ connectionId: connection.id, to: target.contactExternalId, humanAgent: !!target.humanAgentTag, message });
    let response;
    try {
      response = await this.egress.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', 'x-parley-signature': signCustom(connection.secrets.signingSecret ?? '', body) },
        body,
        timeoutMs: 10_000,
      });
    } catch (error) {
      const transient = !(error instanceof EgressError) || error.transient;
      return { ok: false, kind: transient ? 'transient' : 'permanent', message: error instanceof Error ? error.message : String(error) };
    }
    const json = jsonOf(response);
    if (response.status < 300) return { ok: true, ...(str(json.id) ? { platformMessageId: str(json.id) } : {}) };
    const message_ = str(obj(json.error).message) ?? str(json.error) ?? `HTTP ${response.status}`;
    if (response.status === 429) return { ok: false, kind: 'rate-limited', message: message_, retryAfterMs: retryAfterHeaderMs(response) ?? 60_000 };
    if (response.status === 401 || response.status === 403) return { ok: false, kind: 'auth', message: message_ };
    if (response.status === 409 && (json.error === 'window-closed' || obj(json.error).code === 'window-closed')) return { ok: false, kind: 'window-closed', message: message_ };
    return { ok: false, kind: response.status >= 500 ? 'transient' : 'permanent', message: message_ };
  }
}
