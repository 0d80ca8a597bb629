import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Flows, their draft revisions, immutable published versions, and the index of live triggers. */
export class Flows1764200000000 implements MigrationInterface {
  name = 'Flows1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE flows (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        draft_revision int NOT NULL DEFAULT 1,
        draft_hash text NOT NULL,
        live_version_id uuid,
        archived_at timestamptz,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX flows_workspace_idx ON flows (workspace_id, updated_at DESC)`);
    // Every saved draft revision; (flow_id, revision) is the primary key, so two saves from the same base
    // revision cannot both create the next one: the loser gets a 409, never a silent overwrite.
    await db.query(`
      CREATE TABLE flow_draft_revisions (
        flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
        revision int NOT NULL,
        document jsonb NOT NULL,
        issues jsonb NOT NULL DEFAULT '[]',
        saved_by uuid REFERENCES users(id) ON DELETE SET NULL,
        saved_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (flow_id, revision)
      )`);
    // Published versions are immutable: nothing updates or deletes them but the flow's own deletion.
    await db.query(`
      CREATE TABLE flow_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        number int NOT NULL,
        document jsonb NOT NULL,
        content_hash text NOT NULL,
        notes text NOT NULL DEFAULT '',
        kind text NOT NULL CHECK (kind IN ('publish', 'rollback')),
        rolled_back_to int,
        published_by uuid REFERENCES users(id) ON DELETE SET NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (flow_id, number)
      )`);
    await db.query(`ALTER TABLE flows ADD CONSTRAINT flows_live_version_fk FOREIGN KEY (live_version_id) REFERENCES flow_versions(id)`);
    // The live triggers of a workspace, rebuilt for a flow when it is published or rolled back, so the runtime
    // finds the candidates for an incoming message with one indexed lookup instead of loading every flow.
    await db.query(`
      CREATE TABLE live_triggers (
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
        version_id uuid NOT NULL REFERENCES flow_versions(id) ON DELETE CASCADE,
        trigger_id text NOT NULL,
        kind text NOT NULL,
        channels text[] NOT NULL DEFAULT '{}',
        keywords text[] NOT NULL DEFAULT '{}',
        priority int NOT NULL DEFAULT 0,
        definition jsonb NOT NULL,
        PRIMARY KEY (flow_id, trigger_id)
      )`);
    await db.query(`CREATE INDEX live_triggers_lookup_idx ON live_triggers (workspace_id, kind)`);
    await db.query(`CREATE INDEX live_triggers_keywords_idx ON live_triggers USING gin (keywords)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE live_triggers`);
    await db.query(`ALTER TABLE flows DROP CONSTRAINT flows_live_version_fk`);
    await db.query(`DROP TABLE flow_versions`);
    await db.query(`DROP TABLE flow_draft_revisions`);
    await db.query(`DROP TABLE flows`);
  }
}
