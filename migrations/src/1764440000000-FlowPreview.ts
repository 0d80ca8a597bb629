import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The studio's preview runs the draft through the real runtime: a preview conversation is pinned to an unnumbered
 * `preview` snapshot in `flow_versions` (so the existing foreign keys and the immutable-version rule hold), and a
 * preview session ties a web chat visitor of the workspace's "Studio preview" connection to that snapshot, with
 * the channel whose limits apply. Numbered versions stay what history, diff and rollback see.
 */
export class FlowPreview1764440000000 implements MigrationInterface {
  name = 'FlowPreview1764440000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE flow_versions ALTER COLUMN number DROP NOT NULL`);
    await db.query(`ALTER TABLE flow_versions DROP CONSTRAINT flow_versions_kind_check`);
    await db.query(`ALTER TABLE flow_versions ADD CONSTRAINT flow_versions_kind_check CHECK (kind IN ('publish', 'rollback', 'preview'))`);
    await db.query(`ALTER TABLE flow_versions ADD CONSTRAINT flow_versions_preview_unnumbered CHECK ((kind = 'preview') = (number IS NULL))`);
    await db.query(`CREATE INDEX flow_versions_preview_idx ON flow_versions (flow_id, content_hash) WHERE kind = 'preview'`);
    await db.query(`
      CREATE TABLE preview_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
        version_id uuid NOT NULL REFERENCES flow_versions(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES channel_connections(id) ON DELETE CASCADE,
        visitor_id uuid NOT NULL UNIQUE REFERENCES webchat_visitors(id) ON DELETE CASCADE,
        channel text NOT NULL,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX preview_sessions_flow_idx ON preview_sessions (workspace_id, flow_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE preview_sessions`);
    await db.query(`DELETE FROM flow_versions WHERE kind = 'preview'`);
    await db.query(`DROP INDEX flow_versions_preview_idx`);
    await db.query(`ALTER TABLE flow_versions DROP CONSTRAINT flow_versions_preview_unnumbered`);
    await db.query(`ALTER TABLE flow_versions DROP CONSTRAINT flow_versions_kind_check`);
    await db.query(`ALTER TABLE flow_versions ADD CONSTRAINT flow_versions_kind_check CHECK (kind IN ('publish', 'rollback'))`);
    await db.query(`ALTER TABLE flow_versions ALTER COLUMN number SET NOT NULL`);
  }
}
