import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WhatsApp templates can be read back from the business account (Graph `message_templates`): the components as
 * WhatsApp holds them, when a sync last saw the template, and when a sync found it gone upstream (a template deleted
 * in WhatsApp Manager stays listed, marked, and can no longer be broadcast).
 */
export class WhatsAppTemplateSync1764450000000 implements MigrationInterface {
  name = 'WhatsAppTemplateSync1764450000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE whatsapp_templates ADD COLUMN components jsonb, ADD COLUMN synced_at timestamptz, ADD COLUMN missing_upstream_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE whatsapp_templates DROP COLUMN components, DROP COLUMN synced_at, DROP COLUMN missing_upstream_at`);
  }
}
