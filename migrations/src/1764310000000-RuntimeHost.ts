import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The runtime host: intake (inbound_events, unique per connection + platform event id), the per-conversation ready
 * queue claimed with FOR UPDATE SKIP LOCKED, contacts, conversations (state + pinned version), the outbox with a
 * per-conversation dispatch queue, durable timers, and the web chat channel's visitors and delivered messages.
 */
export class RuntimeHost1764310000000 implements MigrationInterface {
  name = 'RuntimeHost1764310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE inbound_events (
        id bigserial PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES channel_connections(id) ON DELETE CASCADE,
        platform_event_id text NOT NULL,
        contact_external_id text NOT NULL,
        kind text NOT NULL,
        platform_ts timestamptz NOT NULL,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        conversation_id uuid,
        outcome text,
        UNIQUE (connection_id, platform_event_id)
      )`);
    await db.query(`CREATE INDEX inbound_events_pending_idx ON inbound_events (connection_id, contact_external_id, platform_ts, id) WHERE processed_at IS NULL`);
    await db.query(`CREATE INDEX inbound_events_conversation_idx ON inbound_events (conversation_id, id)`);
    // One row per conversation with unprocessed events: the unit of work a worker claims.
    await db.query(`
      CREATE TABLE conversation_queue (
        connection_id uuid NOT NULL,
        contact_external_id text NOT NULL,
        ready_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connection_id, contact_external_id)
      )`);
    await db.query(`CREATE INDEX conversation_queue_ready_idx ON conversation_queue (ready_at)`);
    await db.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES channel_connections(id) ON DELETE CASCADE,
        external_id text NOT NULL,
        name text, first_name text, last_name text, username text, avatar_url text,
        custom_fields jsonb NOT NULL DEFAULT '{}',
        tags text[] NOT NULL DEFAULT '{}',
        fired_triggers jsonb NOT NULL DEFAULT '{}',
        last_inbound_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (connection_id, external_id)
      )`);
    await db.query(`CREATE INDEX contacts_workspace_idx ON contacts (workspace_id, last_inbound_at DESC)`);
    await db.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES channel_connections(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL UNIQUE REFERENCES contacts(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'bot' CHECK (status IN ('bot', 'waiting', 'handed-off', 'closed')),
        flow_id uuid REFERENCES flows(id) ON DELETE SET NULL,
        flow_version_id uuid REFERENCES flow_versions(id) ON DELETE SET NULL,
        current_node_id text,
        state jsonb,
        last_error jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX conversations_workspace_idx ON conversations (workspace_id, updated_at DESC)`);
    await db.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        inbound_event_id bigint,
        kind text NOT NULL CHECK (kind IN ('message', 'comment-reply', 'http')),
        automated boolean NOT NULL DEFAULT true,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked', 'uncertain')),
        attempts int NOT NULL DEFAULT 0,
        error text,
        platform_message_id text,
        delivery text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await db.query(`CREATE INDEX outbox_conversation_idx ON outbox (conversation_id, id) WHERE status IN ('pending', 'sending')`);
    await db.query(`CREATE INDEX outbox_contact_sent_idx ON outbox (contact_id, sent_at) WHERE automated AND status = 'sent'`);
    await db.query(`CREATE INDEX outbox_platform_message_idx ON outbox (connection_id, platform_message_id)`);
    await db.query(`
      CREATE TABLE dispatch_queue (
        conversation_id uuid PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
        ready_at timestamptz NOT NULL DEFAULT now(),
        -- A dispatcher holds a short lease while it sends (never a transaction across the network); version bumps
        -- when new messages arrive, so a dispatcher only removes the row if nothing came in since it claimed it.
        version bigint NOT NULL DEFAULT 0,
        lease_owner text,
        lease_until timestamptz
      )`);
    await db.query(`CREATE INDEX dispatch_queue_ready_idx ON dispatch_queue (ready_at)`);
    await db.query(`
      CREATE TABLE timers (
        id text PRIMARY KEY,
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL,
        contact_external_id text NOT NULL,
        workspace_id uuid NOT NULL,
        fire_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX timers_due_idx ON timers (fire_at)`);
    await db.query(`
      CREATE TABLE webchat_visitors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        connection_id uuid NOT NULL REFERENCES channel_connections(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE webchat_messages (
        id bigserial PRIMARY KEY,
        visitor_id uuid NOT NULL REFERENCES webchat_visitors(id) ON DELETE CASCADE,
        message jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX webchat_messages_visitor_idx ON webchat_messages (visitor_id, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['webchat_messages', 'webchat_visitors', 'timers', 'dispatch_queue', 'outbox', 'conversations', 'contacts', 'conversation_queue', 'inbound_events']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
