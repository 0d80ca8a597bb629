import { createHash, randomBytes } from 'node:crypto';
import { type BeforeApplicationShutdown, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Observable, type Subscriber } from 'rxjs';
import { DataSource } from 'typeorm';
import type { ChannelConnection } from '../channels/channel-adapter';
import { ChannelRegistry } from '../channels/channel-registry';
import { ConnectionStore } from '../channels/connection-store';
import { NotFoundError, UnauthenticatedError } from '../common/domain-error';
import { IntakeService } from '../flow-execution/intake.service';
import type { PostWebchatMessageDto } from './dto/webchat.dto';
import { WebchatAdapter } from './webchat.adapter';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
/** A safety net only: replies stored by any process wake the stream through NOTIFY. */
const POLL_MS = 2000;

/** The web chat channel: one connection per workspace (created on demand), visitors with their own token. */
@Injectable()
export class WebchatService implements OnModuleInit, BeforeApplicationShutdown {
  /** Open event streams: an open response would keep the HTTP server's close (and the app's shutdown) waiting. */
  private readonly streams = new Set<Subscriber<{ id: string; data: unknown }>>();

  constructor(
    private readonly db: DataSource,
    private readonly intake: IntakeService,
    private readonly adapter: WebchatAdapter,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.moduleRef.get(ChannelRegistry, { strict: false }).register(this.adapter);
  }

  beforeApplicationShutdown(): void {
    for (const subscriber of this.streams) subscriber.complete(); // the browser's EventSource reconnects elsewhere
  }

  /** The workspace's web chat connection, created on first use. */
  async ensureConnection(workspaceId: string): Promise<{ connectionId: string }> {
    const { sealed, keyId } = this.moduleRef.get(ConnectionStore, { strict: false }).seal({});
    await this.db.query(
      `INSERT INTO channel_connections (workspace_id, platform, name, external_account_id, secrets_encrypted, secrets_key_id)
       VALUES ($1, 'webchat', 'Web chat', 'webchat', $2, $3) ON CONFLICT DO NOTHING`,
      [workspaceId, sealed, keyId],
    );
    const [row] = await this.db.query(`SELECT id FROM channel_connections WHERE workspace_id = $1 AND platform = 'webchat' AND external_account_id = 'webchat'`, [workspaceId]);
    return { connectionId: row.id };
  }

  /** A new visitor; the token is shown once and stored hashed. */
  async createVisitor(connectionId: string): Promise<{ visitorId: string; token: string }> {
    await this.connection(connectionId);
    const token = `wv_${randomBytes(32).toString('base64url')}`;
    const [row] = await this.db.query(`INSERT INTO webchat_visitors (connection_id, token_hash) VALUES ($1, $2) RETURNING id`, [connectionId, hash(token)]);
    return { visitorId: row.id, token };
  }

  /** Stores the visitor's message through the same intake as every channel; a re-post of one client id is a duplicate. */
  async post(connectionId: string, token: string | undefined, body: PostWebchatMessageDto): Promise<{ accepted: number; duplicates: number }> {
    const connection = await this.connection(connectionId);
    const visitorId = await this.visitor(connectionId, token);
    const event = body.payload ? { type: 'message-received' as const, text: body.text ?? '', payload: body.payload } : { type: 'message-received' as const, text: body.text ?? '' };
    return this.intake.accept(connection, [
      { kind: 'inbound', platformEventId: `${visitorId}:${body.clientMessageId}`, platformTimestamp: new Date(), contact: { externalId: visitorId, name: 'Visitor' }, event },
    ]);
  }

  async messages(connectionId: string, token: string | undefined, after?: string): Promise<Array<{ id: string; message: unknown; createdAt: Date }>> {
    const visitorId = await this.visitor(connectionId, token);
    return this.db.query(`SELECT id::text, message, created_at AS "createdAt" FROM webchat_messages WHERE visitor_id = $1 AND id > $2 ORDER BY id LIMIT 500`, [
      visitorId,
      /^\d+$/.test(after ?? '') ? after : '0',
    ]);
  }

  /** Server-sent events: each reply once, in order; woken early by sends in this process, polling otherwise. */
  async stream(connectionId: string, token: string | undefined): Promise<Observable<{ id: string; data: unknown }>> {
    const visitorId = await this.visitor(connectionId, token);
    return new Observable((subscriber) => {
      let last = '0';
      let timer: NodeJS.Timeout | undefined;
      let closed = false;
      const pump = async () => {
        clearTimeout(timer);
        const rows = await this.messages(connectionId, token, last).catch(() => []);
        for (const row of rows) {
          last = row.id;
          subscriber.next({ id: row.id, data: row.message });
        }
        if (!closed) timer = setTimeout(() => void pump(), POLL_MS);
      };
      const unlisten = this.adapter.listen(visitorId, () => void pump());
      this.streams.add(subscriber);
      void pump();
      return () => {
        closed = true;
        this.streams.delete(subscriber);
        clearTimeout(timer);
        unlisten();
      };
    });
  }

  private async connection(connectionId: string): Promise<ChannelConnection> {
    const [row] = /^[0-9a-f-]{36}$/i.test(connectionId)
      ? await this.db.query(`SELECT id, workspace_id, external_account_id, status FROM channel_connections WHERE id = $1 AND platform = 'webchat'`, [connectionId])
      : [];
    if (!row || row.status !== 'active') throw new NotFoundError('Web chat', 'WEBCHAT_NOT_FOUND');
    return { id: row.id, workspaceId: row.workspace_id, platform: 'webchat', externalAccountId: row.external_account_id, config: {}, secrets: {}, status: 'active' };
  }

  private async visitor(connectionId: string, token: string | undefined): Promise<string> {
    const [row] = token ? await this.db.query(`SELECT id FROM webchat_visitors WHERE token_hash = $1 AND connection_id = $2`, [hash(token), connectionId]) : [];
    if (!row) throw new UnauthenticatedError('Unknown web chat visitor.', 'WEBCHAT_VISITOR_UNKNOWN');
    return row.id;
  }
}
