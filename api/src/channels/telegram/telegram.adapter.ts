import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { EgressClient } from '../../egress';
import type { ChannelAdapter, ChannelAttachment, ChannelConnection, MediaFetchResult, NormalizedEvent, SendResult, SendTarget } from '../channel-adapter';
import { obj, str } from '../common/json-shapes';
import { callPlatform, jsonOf } from '../common/platform-call';
import { header, safeEqual } from '../common/signatures';
import { downloadMedia } from '../media/media-download';
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

  /** `getFile` turns the file id into a path, downloaded from `/file/bot<token>/<path>` (Bot API: up to 20 MB). */
  async fetchMedia(connection: ChannelConnection, attachment: ChannelAttachment, egress: EgressClient): Promise<MediaFetchResult> {
    if (!attachment.mediaId) return { ok: false, reason: 'not-found', message: 'The attachment has no file id.' };
    const base = this.config.channelApis.telegramUrl;
    const token = connection.secrets.botToken ?? '';
    const outcome = await callPlatform(egress, { url: `${base}/bot${token}/getFile`, body: { file_id: attachment.mediaId } });
    if (!outcome.ok) return { ok: false, reason: 'unavailable', message: outcome.result.ok ? '' : outcome.result.message };
    const json = jsonOf(outcome.response);
    const description = str(json.description) ?? `HTTP ${outcome.response.status}`;
    if (outcome.response.status === 401) return { ok: false, reason: 'auth', message: description };
    if (/file is too big/i.test(description)) return { ok: false, reason: 'too-large', message: description };
    const filePath = str(obj(json.result).file_path);
    if (json.ok === false || !filePath) return { ok: false, reason: outcome.response.status === 400 ? 'not-found' : 'unavailable', message: description };
    const path = filePath.split('/').map(encodeURIComponent).join('/');
    const downloaded = await downloadMedia(egress, `${base}/file/bot${token}/${path}`);
    return downloaded.ok ? { ...downloaded, fileName: attachment.fileName ?? filePath.split('/').at(-1) } : downloaded;
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
