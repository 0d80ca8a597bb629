import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { EgressClient } from '../../egress';
import type { ChannelAdapter, ChannelConnection, NormalizedEvent, SendResult, SendTarget } from '../channel-adapter';
import { obj, str } from '../common/json-shapes';
import { callPlatform, jsonOf } from '../common/platform-call';
import { header, safeEqual } from '../common/signatures';
import { classifyTelegramError } from './telegram.errors';
import { formatTelegramCalls } from './telegram.formatter';
import { parseTelegramUpdate } from './telegram.parser';

/**
 * Telegram bots. External id: the bot's numeric id (the part of the token before ':').
 * Secrets: `botToken`, `webhookSecret` (given to setWebhook as `secret_token`, echoed in a header on every update).
 */
@Injectable()
export class TelegramAdapter implements ChannelAdapter {
  readonly platform = 'telegram' as const;

  constructor(
    private readonly egress: EgressClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  verifySignature(connection: ChannelConnection, _rawBody: Buffer, headers: Record<string, string | string[] | undefined>): boolean {
    return safeEqual(header(headers, 'x-telegram-bot-api-secret-token'), connection.secrets.webhookSecret);
  }

  parseDelivery(connection: ChannelConnection, body: unknown): NormalizedEvent[] {
    return parseTelegramUpdate(connection, body);
  }

  async send(connection: ChannelConnection, target: SendTarget, message: OutboundMessage): Promise<SendResult> {
    let lastId: string | undefined;
    for (const call of formatTelegramCalls(target.contactExternalId, message)) {
      const result = await this.call(connection, call.method, call.body);
      if (!result.ok) return result;
      lastId = result.platformMessageId ?? lastId;
    }
    return { ok: true, ...(lastId ? { platformMessageId: lastId } : {}) };
  }

  /** Stops the button's spinner. Best effort: an old or repeated query id is refused, and that is fine. */
  async acknowledge(connection: ChannelConnection, ackToken: string): Promise<void> {
    await this.call(connection, 'answerCallbackQuery', { callback_query_id: ackToken });
  }

  /** `setWebhook` with our URL and secret: Telegram has no console to paste a URL into. */
  registerWebhook(connection: ChannelConnection, url: string): Promise<SendResult> {
    return this.call(connection, 'setWebhook', { url, secret_token: connection.secrets.webhookSecret, allowed_updates: ['message', 'callback_query'] });
  }

  private async call(connection: ChannelConnection, method: string, body: Record<string, unknown>): Promise<SendResult> {
    // The token is part of the Bot API's URL; the egress client never logs URLs.
    const outcome = await callPlatform(this.egress, { url: `${this.config.channelApis.telegramUrl}/bot${connection.secrets.botToken ?? ''}/${method}`, body });
    if (!outcome.ok) return outcome.result;
    const json = jsonOf(outcome.response);
    if (outcome.response.status >= 300 || json.ok === false) return classifyTelegramError(outcome.response);
    const id = str(obj(json.result).message_id);
    return { ok: true, ...(id ? { platformMessageId: id } : {}) };
  }
}
