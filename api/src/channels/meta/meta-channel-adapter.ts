import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessage } from '@parley/runtime';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { EgressClient } from '../../egress';
import type { ChannelAdapter, ChannelConnection, HandshakeResponse, NormalizedEvent, SendResult, SendTarget } from '../channel-adapter';
import { metaHandshake, verifyMetaSignature } from './meta-webhook';

/**
 * What Messenger, Instagram and WhatsApp share: Meta's webhook handshake and `X-Hub-Signature-256`, and the
 * Graph API (`{META_GRAPH_API_URL}/{version}/…`). Each platform parses its own deliveries and formats its own sends.
 */
@Injectable()
export abstract class MetaChannelAdapter implements ChannelAdapter {
  abstract readonly platform: 'messenger' | 'instagram' | 'whatsapp';

  constructor(
    protected readonly egress: EgressClient,
    @Inject(APP_CONFIG) protected readonly config: AppConfig,
  ) {}

  handshake(connection: ChannelConnection, query: Record<string, string | undefined>): HandshakeResponse | null {
    return metaHandshake(connection, query);
  }

  verifySignature(connection: ChannelConnection, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): boolean {
    return verifyMetaSignature(connection, rawBody, headers);
  }

  abstract parseDelivery(connection: ChannelConnection, body: unknown): NormalizedEvent[];

  abstract send(connection: ChannelConnection, target: SendTarget, message: OutboundMessage): Promise<SendResult>;

  /** A Graph API URL: `path` is appended to the configured base and version. */
  protected graphUrl(path: string): string {
    const { metaGraphUrl, metaGraphVersion } = this.config.channelApis;
    return `${metaGraphUrl}/${metaGraphVersion}/${path}`;
  }
}
