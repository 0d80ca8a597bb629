import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { EgressClient } from '../../egress';
import type { ChannelAdapter, ChannelAttachment, ChannelConnection, HandshakeResponse, MediaFetchResult, NormalizedEvent, SendResult, SendTarget } from '../channel-adapter';
import { obj, str } from '../common/json-shapes';
import { callPlatform, jsonOf } from '../common/platform-call';
import { header, hmacSha256, safeEqual } from '../common/signatures';
import { downloadMedia } from '../media/media-download';
import { oauth1Authorization } from './oauth1-signer';
import { classifyXError } from './x.errors';
import { formatXEventV1, formatXTextV2 } from './x.formatter';
import { parseXDelivery } from './x.parser';

/**
 * X direct messages through the Account Activity API. Secrets: `consumerSecret` (CRC, webhook signatures and
 * OAuth 1.0a signing) and `accessToken`. With `consumerKey` and `accessTokenSecret` too, sends are signed with
 * OAuth 1.0a user context (the app's API key pair + the account's access token pair); without them
 * `accessToken` is an OAuth 2.0 user token sent as a bearer. Config: `dmApi` `"v2"` (default) or `"v1.1"`.
 */
@Injectable()
export class XAdapter implements ChannelAdapter {
  readonly platform = 'x' as const;

  constructor(
    private readonly egress: EgressClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** CRC: `{"response_token": "sha256=" + base64(HMAC-SHA256(consumer secret, crc_token))}`. */
  handshake(connection: ChannelConnection, query: Record<string, string | undefined>): HandshakeResponse | null {
    const token = query.crc_token;
    if (token === undefined) return null;
    if (!token || !connection.secrets.consumerSecret) return { status: 400, body: { code: 'CRC_INVALID', message: 'crc_token is required.' } };
    return { status: 200, body: { response_token: `sha256=${hmacSha256(connection.secrets.consumerSecret, token, 'base64')}` } };
  }

  verifySignature(connection: ChannelConnection, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): boolean {
    const secret = connection.secrets.consumerSecret;
    const given = header(headers, 'x-twitter-webhooks-signature');
    if (!secret || !given) return false;
    return safeEqual(given, `sha256=${hmacSha256(secret, rawBody, 'base64')}`);
  }

  parseDelivery(connection: ChannelConnection, body: unknown): NormalizedEvent[] {
    return parseXDelivery(connection, body);
  }

  /** DM media URLs (`media_url_https`) need the account's authorization, signed like any user-context request. */
  async fetchMedia(connection: ChannelConnection, attachment: ChannelAttachment, egress: EgressClient): Promise<MediaFetchResult> {
    if (!attachment.url) return { ok: false, reason: 'not-found', message: 'The attachment has no URL.' };
    const host = new URL(attachment.url).host;
    const ours = host === X_MEDIA_HOST || host === new URL(this.config.channelApis.xUrl).host;
    return downloadMedia(egress, attachment.url, ours ? { authorization: authorizationFor(connection, 'GET', attachment.url) } : {});
  }

  async send(connection: ChannelConnection, target: SendTarget, message: OutboundMessage): Promise<SendResult> {
    const base = this.config.channelApis.xUrl;
    const v1 = connection.config.dmApi === 'v1.1';
    const url = v1 ? `${base}/1.1/direct_messages/events/new.json` : `${base}/2/dm_conversations/with/${encodeURIComponent(target.contactExternalId)}/messages`;
    const outcome = await callPlatform(this.egress, {
      url,
      headers: { authorization: authorizationFor(connection, 'POST', url) },
      body: v1 ? formatXEventV1(target.contactExternalId, message) : formatXTextV2(message),
    });
    if (!outcome.ok) return outcome.result;
    if (outcome.response.status >= 300) return classifyXError(outcome.response);
    const json = jsonOf(outcome.response);
    const id = str(obj(json.data).dm_event_id) ?? str(obj(json.event).id);
    return { ok: true, ...(id ? { platformMessageId: id } : {}) };
  }
}

/** X serves DM media from ton.twimg.com only to the account's own signed requests; other hosts get no credentials. */
const X_MEDIA_HOST = 'ton.twimg.com';

/** OAuth 1.0a when the connection holds both key pairs, else the OAuth 2.0 user token as a bearer. JSON bodies are not signed. */
export function authorizationFor(connection: ChannelConnection, method: string, url: string): string {
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = connection.secrets;
  if (consumerKey && consumerSecret && accessToken && accessTokenSecret) {
    return oauth1Authorization({ method, url }, { consumerKey, consumerSecret, accessToken, accessTokenSecret });
  }
  return `Bearer ${accessToken ?? ''}`;
}
