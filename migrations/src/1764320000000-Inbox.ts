import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agent inbox: handoffs (one active per conversation), the conversation timeline (also the sequence a
 * reconnecting WebSocket client catches up from), teams, agents' availability, canned responses, and the
 * workspace's business hours.
 */
export class Inbox1764320000000 implements MigrationInterface {
  name = 'Inbox1764320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE workspaces ADD COLUMN business_hours jsonb NOT NULL DEFAULT '[]'`);
    await db.query(`ALTER TABLE workspaces ADD COLUMN holidays date[] NOT NULL DEFAULT '{}'`);
    await db.query(`ALTER TABLE workspaces ADD COLUMN waiting_amber_minutes int NOT NULL DEFAULT 5`);
    await db.query(`ALTER TABLE workspaces ADD COLUMN waiting_red_minutes int NOT NULL DEFAULT 15`);
    await db.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, name)
      )`);
    await db.query(`
      CREATE TABLE team_members (
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (team_id, user_id)
      )`);
    await db.query(`
      CREATE TABLE agent_status (
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        online boolean NOT NULL DEFAULT false,
        max_open_chats int NOT NULL DEFAULT 5,
        last_assigned_at timestamptz,
        PRIMARY KEY (workspace_id, user_id)
      )`);
    await db.query(`
      CREATE TABLE handoffs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        node_id text,
        team text,
        priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        note text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'assigned', 'resolved', 'closed', 'timed-out')),
        assignee_id uuid REFERENCES users(id) ON DELETE SET NULL,
        snoozed_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        assigned_at timestamptz,
        first_response_at timestamptz,
        resolved_at timestamptz,
        resolution text CHECK (resolution IN ('bot', 'flow', 'closed', 'no-agent'))
      )`);
    // At most one active handoff per conversation: a second claim or handoff cannot slip in beside it.
    await db.query(`CREATE UNIQUE INDEX handoffs_active_key ON handoffs (conversation_id) WHERE status IN ('open', 'assigned')`);
    await db.query(`CREATE INDEX handoffs_inbox_idx ON handoffs (workspace_id, status, created_at)`);
    await db.query(`
      CREATE TABLE conversation_events (
        id bigserial PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        kind text NOT NULL,
        actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        data jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX conversation_events_conversation_idx ON conversation_events (conversation_id, id)`);
    await db.query(`CREATE INDEX conversation_events_workspace_idx ON conversation_events (workspace_id, id)`);
    await db.query(`
      CREATE TABLE canned_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        shortcut text NOT NULL,
        body text NOT NULL,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, shortcut)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['canned_responses', 'conversation_events', 'handoffs', 'agent_status', 'team_members', 'teams']) {
      await db.query(`DROP TABLE ${table}`);
    }
    for (const column of ['waiting_red_minutes', 'waiting_amber_minutes', 'holidays', 'business_hours']) {
      await db.query(`ALTER TABLE workspaces DROP COLUMN ${column}`);
    }
  }
}
