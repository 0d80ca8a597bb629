import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Channel connections: one connected account (page, IG account, phone number, X user, bot, custom endpoint) per row. */
export class Channels1764300000000 implements MigrationInterface {
  name = 'Channels1764300000000';

  async up(db: QueryRunner): Promise<void> {
    // Secrets live only in secrets_encrypted: an AES-256-GCM envelope carrying the id of the key that sealed it,
    // so a key rotation can find and re-encrypt every row still sealed with an old key.
    await db.query(`
      CREATE TABLE channel_connections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        platform text NOT NULL CHECK (platform IN ('messenger', 'instagram', 'whatsapp', 'x', 'telegram', 'webchat', 'custom')),
        name text NOT NULL,
        external_account_id text NOT NULL,
        config jsonb NOT NULL DEFAULT '{}',
        secrets_encrypted text NOT NULL,
        secrets_key_id text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'broken', 'disabled')),
        status_reason text,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, platform, external_account_id)
      )`);
    await db.query(`CREATE INDEX channel_connections_workspace_idx ON channel_connections (workspace_id, created_at)`);
    await db.query(`CREATE INDEX channel_connections_key_idx ON channel_connections (secrets_key_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE channel_connections`);
  }
}
