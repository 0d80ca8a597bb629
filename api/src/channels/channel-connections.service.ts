import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Platform } from './channel-adapter';
import { ChannelConnectionExistsError, ChannelConnectionNotFoundError, InvalidChannelSettingsError, ReservedChannelConnectionError, WebhookRegistrationError } from './channels.errors';
import { ConnectionStore, type ConnectionRow } from './connection-store';
import type { CreateChannelConnectionDto, UpdateChannelConnectionDto } from './dto/channel-connection.dto';
import { isStudioPreviewConnection } from './studio-preview';
import { platformInfo, PLATFORM_CATALOG, type PlatformInfo } from './platform-catalog';
import { TelegramAdapter } from './telegram/telegram.adapter';

/** Channel connections of a workspace. Secrets are write-only: the API shows which are set, never their values. */
@Injectable()
export class ChannelConnectionsService {
  constructor(
    private readonly db: DataSource,
    private readonly store: ConnectionStore,
    private readonly audit: AuditService,
    private readonly telegram: TelegramAdapter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  platforms(): PlatformInfo[] {
    return PLATFORM_CATALOG;
  }

  async list(workspaceId: string) {
    // The preview connection is plumbing of the studio, not a channel the workspace set up.
    return (await this.store.list(workspaceId)).filter((row) => !isStudioPreviewConnection(row)).map((row) => this.view(row));
  }

  async get(workspaceId: string, id: string) {
    return this.view(await this.find(workspaceId, id));
  }

  async create(principal: WorkspacePrincipal, dto: CreateChannelConnectionDto) {
    const info = platformInfo(dto.platform)!;
    const secrets = checkSecrets(info, dto.secrets, true);
    const config = checkConfig(info, dto.config ?? {});
    const externalAccountId = dto.externalAccountId ?? derivedAccountId(info.platform as Platform, secrets);
    const { sealed, keyId } = this.store.seal(secrets);
    return this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `INSERT INTO channel_connections (workspace_id, platform, name, external_account_id, config, secrets_encrypted, secrets_key_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (workspace_id, platform, external_account_id) DO NOTHING RETURNING id`,
        [principal.workspaceId, info.platform, dto.name, externalAccountId, config, sealed, keyId, principal.userId],
      );
      if (!rows.length) throw new ChannelConnectionExistsError();
      const id: string = rows[0].id;
      await this.audit.record(principal, { action: 'channel.created', targetType: 'channel', targetId: id, details: { platform: info.platform, name: dto.name, secretsSet: Object.keys(secrets) } }, tx);
      return id;
    }).then((id) => this.get(principal.workspaceId, id));
  }

  async update(principal: WorkspacePrincipal, id: string, dto: UpdateChannelConnectionDto) {
    const row = await this.find(principal.workspaceId, id);
    if (isStudioPreviewConnection(row)) throw new ReservedChannelConnectionError();
    const info = platformInfo(row.platform)!;
    const secrets = dto.secrets ? checkSecrets(info, mergeSecrets(this.store.open(row.secretsEncrypted), dto.secrets), true) : null;
    const config = dto.config ? checkConfig(info, { ...row.config, ...dto.config }) : row.config;
    const sealed = secrets ? this.store.seal(secrets) : null;
    // New credentials are the fix for a broken connection: give them a chance.
    const status = dto.status ?? (secrets && row.status === 'broken' ? 'active' : row.status);
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE channel_connections SET name = $3, config = $4, secrets_encrypted = coalesce($5, secrets_encrypted), secrets_key_id = coalesce($6, secrets_key_id),
                status = $7, status_reason = CASE WHEN $7 = status THEN status_reason ELSE NULL END, updated_at = now()
          WHERE id = $1 AND workspace_id = $2`,
        [id, principal.workspaceId, dto.name ?? row.name, config, sealed?.sealed ?? null, sealed?.keyId ?? null, status],
      );
      const details = { name: dto.name, configChanged: !!dto.config, secretsChanged: dto.secrets ? Object.keys(dto.secrets) : [], status };
      await this.audit.record(principal, { action: 'channel.updated', targetType: 'channel', targetId: id, details }, tx);
    });
    this.store.forget(id);
    return this.get(principal.workspaceId, id);
  }

  async remove(principal: WorkspacePrincipal, id: string): Promise<void> {
    if (isStudioPreviewConnection(await this.find(principal.workspaceId, id))) throw new ReservedChannelConnectionError();
    await this.db.transaction(async (tx) => {
      const [, count]: [unknown, number] = await tx.query(`DELETE FROM channel_connections WHERE id = $1 AND workspace_id = $2`, [id, principal.workspaceId]);
      if (count === 0) throw new ChannelConnectionNotFoundError();
      await this.audit.record(principal, { action: 'channel.deleted', targetType: 'channel', targetId: id }, tx);
    });
    this.store.forget(id);
  }

  /** Telegram has no console for webhooks: we call setWebhook with our URL and the connection's secret. */
  async registerWebhook(principal: WorkspacePrincipal, id: string) {
    const row = await this.find(principal.workspaceId, id);
    if (row.platform !== 'telegram') throw new WebhookRegistrationError(`${row.platform} webhooks are set up in the platform's console (see the setup steps).`);
    if (!this.config.publicUrl) throw new WebhookRegistrationError('Set PUBLIC_URL (an https address Telegram can reach) first.');
    const result = await this.telegram.registerWebhook(this.store.toConnection(row), this.webhookUrl(row));
    if (!result.ok) throw new WebhookRegistrationError(`Telegram refused: ${result.message}`);
    return { registered: true, webhookUrl: this.webhookUrl(row) };
  }

  private async find(workspaceId: string, id: string): Promise<ConnectionRow> {
    const row = await this.store.row(id, workspaceId);
    if (!row) throw new ChannelConnectionNotFoundError();
    return row;
  }

  private webhookUrl(row: Pick<ConnectionRow, 'platform' | 'id'>): string {
    return `${this.config.publicUrl?.replace(/\/+$/, '') ?? ''}/api/webhooks/${row.platform}/${row.id}`;
  }

  private view(row: ConnectionRow) {
    const info = platformInfo(row.platform);
    const set = new Set(Object.keys(this.store.open(row.secretsEncrypted)));
    return {
      id: row.id,
      platform: row.platform,
      name: row.name,
      externalAccountId: row.externalAccountId,
      config: row.config,
      secrets: Object.fromEntries((info?.secrets ?? []).map((s) => [s.key, set.has(s.key)])),
      status: row.status,
      statusReason: row.statusReason,
      webhookUrl: this.webhookUrl(row),
      setup: info?.setup ?? [],
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}

function mergeSecrets(current: Record<string, string>, patch: Record<string, string>): Record<string, string> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

function checkSecrets(info: PlatformInfo, secrets: Record<string, unknown>, requireAll: boolean): Record<string, string> {
  const allowed = new Set(info.secrets.map((s) => s.key));
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(secrets)) {
    if (!allowed.has(key)) throw new InvalidChannelSettingsError(`Unknown secret "${key}" for ${info.label}.`);
    if (typeof value !== 'string' || value.length > 4096) throw new InvalidChannelSettingsError(`Secret "${key}" must be a string of at most 4,096 characters.`);
    out[key] = value;
  }
  const missing = info.secrets.filter((s) => !s.optional && !out[s.key]).map((s) => s.key);
  if (requireAll && missing.length) throw new InvalidChannelSettingsError(`Missing secrets: ${missing.join(', ')}.`);
  if (info.platform === 'telegram' && out.webhookSecret && !/^[A-Za-z0-9_-]{1,256}$/.test(out.webhookSecret)) {
    throw new InvalidChannelSettingsError('webhookSecret: 1–256 characters of A-Z, a-z, 0-9, _ and -.');
  }
  // OAuth 1.0a signs with both pairs: half of one would silently fall back to a bearer that X refuses.
  if (info.platform === 'x' && !out.consumerKey !== !out.accessTokenSecret) {
    throw new InvalidChannelSettingsError('OAuth 1.0a needs both consumerKey and accessTokenSecret (or neither, for an OAuth 2.0 token).');
  }
  return out;
}

function checkConfig(info: PlatformInfo, config: Record<string, unknown>): Record<string, unknown> {
  const fields = new Map(info.config.map((c) => [c.key, c]));
  for (const [key, value] of Object.entries(config)) {
    const field = fields.get(key);
    if (!field) throw new InvalidChannelSettingsError(`Unknown setting "${key}" for ${info.label}.`);
    if (typeof value !== 'string' || value.length > 2000) throw new InvalidChannelSettingsError(`Setting "${key}" must be a string.`);
    if (field.values && !field.values.includes(value)) throw new InvalidChannelSettingsError(`Setting "${key}" must be one of ${field.values.join(', ')}.`);
    if (key === 'outboundUrl' && !/^https?:\/\/[^\s]+$/i.test(value)) throw new InvalidChannelSettingsError('outboundUrl must be an http(s) URL.');
  }
  const missing = info.config.filter((c) => c.required && !config[c.key]).map((c) => c.key);
  if (missing.length) throw new InvalidChannelSettingsError(`Missing settings: ${missing.join(', ')}.`);
  return config;
}

function derivedAccountId(platform: Platform, secrets: Record<string, string>): string {
  const botId = /^(\d+):/.exec(secrets.botToken ?? '')?.[1];
  if (platform === 'telegram' && botId) return botId;
  throw new InvalidChannelSettingsError('externalAccountId is required for this platform.');
}
