import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contacts and broadcasts: opt-out (time and keyword) and the last broadcast a contact got (the frequency cap) on
 * contacts, with indexes for the contacts page's filters; the workspace's opt-out/opt-in keywords and cap; WhatsApp
 * message templates per connection; broadcasts and their recipients, materialised once (unique per broadcast and
 * contact) and moved `pending → queued | skipped | cancelled` by workers with FOR UPDATE SKIP LOCKED.
 */
export class Broadcasts1764430000000 implements MigrationInterface {
  name = 'Broadcasts1764430000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE contacts
        ADD COLUMN opted_out_at timestamptz,
        ADD COLUMN opt_out_keyword text,
        ADD COLUMN last_broadcast_at timestamptz,
        ADD COLUMN last_broadcast_id uuid`);
    await db.query(`CREATE INDEX contacts_tags_idx ON contacts USING gin (tags)`);
    await db.query(`CREATE INDEX contacts_custom_fields_idx ON contacts USING gin (custom_fields jsonb_path_ops)`);
    // Keyset pagination of the contacts page: newest first, id as the tie-breaker.
    await db.query(`CREATE INDEX contacts_workspace_created_idx ON contacts (workspace_id, created_at DESC, id DESC)`);
    await db.query(`
      ALTER TABLE workspaces
        ADD COLUMN opt_out_keywords text[] NOT NULL DEFAULT '{stop,unsubscribe}',
        ADD COLUMN opt_in_keywords text[] NOT NULL DEFAULT '{start}',
        ADD COLUMN broadcast_cap_hours int NOT NULL DEFAULT 24 CHECK (broadcast_cap_hours BETWEEN 0 AND 720)`);
    await db.query(`
      CREATE TABLE whatsapp_templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES channel_connections(id) ON DELETE CASCADE,
        name text NOT NULL,
        language text NOT NULL,
        category text NOT NULL CHECK (category IN ('marketing', 'utility', 'authentication')),
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'paused', 'disabled')),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (connection_id, name, language)
      )`);
    await db.query(`CREATE INDEX whatsapp_templates_workspace_idx ON whatsapp_templates (workspace_id, name)`);
    await db.query(`
      CREATE TABLE broadcasts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('message', 'flow')),
        message jsonb,
        flow_id uuid REFERENCES flows(id) ON DELETE SET NULL,
        template jsonb,
        audience jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled', 'running', 'paused', 'cancelled', 'completed')),
        scheduled_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        recipient_count int,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX broadcasts_workspace_idx ON broadcasts (workspace_id, created_at DESC)`);
    await db.query(`CREATE INDEX broadcasts_due_idx ON broadcasts (scheduled_at) WHERE status IN ('scheduled', 'running')`);
    await db.query(`
      CREATE TABLE broadcast_recipients (
        broadcast_id uuid NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'queued', 'skipped', 'cancelled')),
        reason text,
        -- What carries the send: an outbox row (message broadcasts) or an engine event (flow broadcasts).
        outbox_id bigint,
        event_id bigint,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (broadcast_id, contact_id)
      )`);
    await db.query(`CREATE INDEX broadcast_recipients_pending_idx ON broadcast_recipients (broadcast_id, contact_id) WHERE state = 'pending'`);
    await db.query(`CREATE INDEX broadcast_recipients_contact_idx ON broadcast_recipients (contact_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE broadcast_recipients`);
    await db.query(`DROP TABLE broadcasts`);
    await db.query(`DROP TABLE whatsapp_templates`);
    await db.query(`ALTER TABLE workspaces DROP COLUMN opt_out_keywords, DROP COLUMN opt_in_keywords, DROP COLUMN broadcast_cap_hours`);
    await db.query(`DROP INDEX contacts_workspace_created_idx`);
    await db.query(`DROP INDEX contacts_custom_fields_idx`);
    await db.query(`DROP INDEX contacts_tags_idx`);
    await db.query(`ALTER TABLE contacts DROP COLUMN opted_out_at, DROP COLUMN opt_out_keyword, DROP COLUMN last_broadcast_at, DROP COLUMN last_broadcast_id`);
  }
}
