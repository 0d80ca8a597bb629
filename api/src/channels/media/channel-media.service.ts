import type { Readable } from 'node:stream';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { EgressClient } from '../../egress';
import type { ChannelAttachment, MediaFetchResult } from '../channel-adapter';
import { ChannelRegistry } from '../channel-registry';
import { downloadMedia, MEDIA_MAX_BYTES } from './media-download';
import { AttachmentHasNoMediaError, AttachmentNotFoundError, MediaFetchFailedError, MediaGoneError } from './media.errors';
import { mediaHeaders, type MediaHeaders } from './media-response';

export interface ServedMedia {
  body: Readable;
  headers: MediaHeaders;
}

/**
 * An attachment of a contact's message, fetched for an agent: by media id with the connection's credentials
 * (WhatsApp, Telegram) or from the CDN URL the platform gave (Messenger, Instagram). Nothing is stored; every
 * fetch goes through the egress client (SSRF rules) with a media-sized cap.
 */
@Injectable()
export class ChannelMediaService implements OnApplicationShutdown {
  /** Its own client: the media cap (25 MB) is larger than the default 1 MB. Closed with the app like the shared one. */
  private readonly egress: EgressClient;

  constructor(
    private readonly db: DataSource,
    private readonly registry: ChannelRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.egress = new EgressClient({ allowHosts: config.egressAllowHosts, maxResponseBytes: MEDIA_MAX_BYTES });
  }

  onApplicationShutdown(): void {
    this.egress.close();
  }

  async fetch(workspaceId: string, conversationId: string, messageId: string, attachmentIndex: string): Promise<ServedMedia> {
    if (!/^\d{1,18}$/.test(messageId) || !/^\d{1,3}$/.test(attachmentIndex)) throw new AttachmentNotFoundError();
    const [row]: Array<{ connectionId: string; attachment: ChannelAttachment | null }> = await this.db.query(
      `SELECT connection_id AS "connectionId", payload -> 'event' -> 'attachments' -> $4::int AS attachment
         FROM inbound_events WHERE id = $1::bigint AND conversation_id = $2 AND workspace_id = $3 AND kind = 'inbound'`,
      [messageId, conversationId, workspaceId, Number(attachmentIndex)],
    );
    const attachment = row?.attachment;
    if (!attachment || typeof attachment !== 'object') throw new AttachmentNotFoundError();
    const result = await this.download(row.connectionId, attachment);
    if (!result.ok) throw result.reason === 'not-found' ? new MediaGoneError(result.message) : new MediaFetchFailedError(result.reason, result.message);
    return { body: result.body, headers: mediaHeaders(attachment, result.contentType, `${attachment.kind}-${messageId}-${attachmentIndex}`, result.fileName) };
  }

  private async download(connectionId: string, attachment: ChannelAttachment): Promise<MediaFetchResult> {
    const connection = await this.registry.loadConnection(connectionId);
    if (!connection) throw new AttachmentNotFoundError();
    const adapter = this.registry.has(connection.platform) ? this.registry.adapterFor(connection.platform) : undefined;
    const url = typeof attachment.url === 'string' && /^https?:\/\//i.test(attachment.url) ? attachment.url : undefined;
    if (!attachment.mediaId && !url) throw new AttachmentHasNoMediaError();
    // The adapter knows its platform's credentials (media ids, X's signed media URLs).
    if (adapter?.fetchMedia) return adapter.fetchMedia(connection, attachment, this.egress);
    // Meta's CDN URLs are pre-signed: fetched as they are, with no credentials attached.
    if (url) return downloadMedia(this.egress, url);
    throw new AttachmentHasNoMediaError();
  }
}
