import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ChannelConnection, Platform } from './channel-adapter';
import { SECRET_BOX } from './channels.tokens';
import type { SecretBox } from './secrets/secret-box';

/**
 * How long the webhook intake may reuse a loaded connection. Changes made through this process (update, delete,
 * status) drop the entry at once; other processes (several API replicas) see them within this time.
 */
const WEBHOOK_CACHE_TTL_MS = 5_000;
const WEBHOOK_CACHE_MAX = 1_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ConnectionRow {
  id: string;
  workspaceId: string;
  platform: Platform;
  name: string;
  externalAccountId: string;
  config: Record<string, unknown>;
  secretsEncrypted: string;
  status: ChannelConnection['status'];
  statusReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, workspace_id AS "workspaceId", platform, name, external_account_id AS "externalAccountId", config,
  secrets_encrypted AS "secretsEncrypted", status, status_reason AS "statusReason", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Reads and writes `channel_connections`; the only place secrets are sealed and opened. */
@Injectable()
export class ConnectionStore {
  private readonly webhookCache = new Map<string, { expires: number; connection: Promise<ChannelConnection | null> }>();

  constructor(
    private readonly db: DataSource,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  async row(id: string, workspaceId?: string): Promise<ConnectionRow | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM channel_connections WHERE id = $1 AND ($2::uuid IS NULL OR workspace_id = $2)`, [
      id,
      workspaceId ?? null,
    ]);
    return row ?? null;
  }

  async list(workspaceId: string): Promise<ConnectionRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM channel_connections WHERE workspace_id = $1 ORDER BY created_at`, [workspaceId]);
  }

  /** The other enabled connections of a workspace on a platform, secrets opened (webhook fan-out, see WebhooksService). */
  async others(connection: Pick<ChannelConnection, 'id' | 'workspaceId' | 'platform'>): Promise<ChannelConnection[]> {
    const rows: ConnectionRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM channel_connections WHERE workspace_id = $1 AND platform = $2 AND id <> $3 AND status <> 'disabled' ORDER BY created_at`,
      [connection.workspaceId, connection.platform, connection.id],
    );
    return rows.map((row) => this.toConnection(row));
  }

  /** A connection with its secrets opened, for the pipeline (never for the API). */
  async load(id: string): Promise<ChannelConnection | null> {
    const row = await this.row(id);
    return row ? this.toConnection(row) : null;
  }

  /**
   * `load` remembered for a few seconds, for the webhook intake: every delivery of a busy connection would otherwise
   * read the row and decrypt its secrets (signatures are still checked on every request with what this returns).
   * Unknown ids and failed loads are not kept, so random ids cannot fill it and a database error is retried.
   */
  loadForWebhook(id: string): Promise<ChannelConnection | null> {
    const now = Date.now();
    const hit = this.webhookCache.get(id);
    if (hit && hit.expires > now) return hit.connection;
    const entry = { expires: now + WEBHOOK_CACHE_TTL_MS, connection: this.load(id) };
    this.webhookCache.delete(id);
    if (this.webhookCache.size >= WEBHOOK_CACHE_MAX) this.webhookCache.delete(this.webhookCache.keys().next().value as string);
    this.webhookCache.set(id, entry);
    const drop = () => {
      if (this.webhookCache.get(id) === entry) this.webhookCache.delete(id);
    };
    entry.connection.then((connection) => connection ?? drop(), drop);
    return entry.connection;
  }

  /** Drops a connection from the webhook cache: call after a change to it has committed. */
  forget(id: string): void {
    this.webhookCache.delete(id);
  }

  toConnection(row: ConnectionRow): ChannelConnection {
    const { id, workspaceId, platform, externalAccountId, config, status } = row;
    return { id, workspaceId, platform, externalAccountId, config, status, secrets: this.box.open(row.secretsEncrypted) };
  }

  seal(secrets: Record<string, string>): { sealed: string; keyId: string } {
    return { sealed: this.box.seal(secrets), keyId: this.box.currentKeyId };
  }

  open(sealed: string): Record<string, string> {
    return this.box.open(sealed);
  }

  /** Sets the status; returns false when nothing changed (already in that state). */
  async setStatus(id: string, status: ChannelConnection['status'], reason: string | null, manager?: EntityManager): Promise<boolean> {
    const [, count]: [unknown, number] = await (manager ?? this.db.manager).query(
      `UPDATE channel_connections SET status = $2, status_reason = $3, updated_at = now() WHERE id = $1 AND status IS DISTINCT FROM $2`,
      [id, status, reason],
    );
    this.forget(id);
    return count > 0;
  }

  /** Key rotation: re-seals every row not sealed with the current key. Returns how many rows changed. */
  async resealAll(): Promise<number> {
    const rows: Array<{ id: string; sealed: string }> = await this.db.query(
      `SELECT id, secrets_encrypted AS sealed FROM channel_connections WHERE secrets_key_id <> $1`,
      [this.box.currentKeyId],
    );
    for (const row of rows) {
      const { sealed, keyId } = this.seal(this.box.open(row.sealed));
      await this.db.query(`UPDATE channel_connections SET secrets_encrypted = $2, secrets_key_id = $3 WHERE id = $1`, [row.id, sealed, keyId]);
    }
    return rows.length;
  }
}
