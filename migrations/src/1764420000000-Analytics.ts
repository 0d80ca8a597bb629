import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flow analytics. `flow_stats` holds counters kept up to date by the turn's own transaction (and the dispatcher's
 * status update), in hourly buckets, so a dashboard sums a few thousand rows instead of scanning message logs.
 * A counter row is split into 4 shards (chosen by conversation) so that busy flows do not queue every turn behind
 * one hot row. `conversation_node_reach` records when a conversation first entered a node (and which randomizer
 * branch it took): funnels and A/B results need "the same conversation reached A and later B", which counters
 * cannot answer. `outbox.flow_version_id` ties a sent message back to the version whose node sent it.
 */
export class Analytics1764420000000 implements MigrationInterface {
  name = 'Analytics1764420000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbox ADD COLUMN flow_version_id uuid`);
    await db.query(`
      CREATE TABLE flow_stats (
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
        flow_version_id uuid NOT NULL,
        bucket timestamptz NOT NULL,
        node_id text NOT NULL DEFAULT '',
        metric text NOT NULL,
        output text NOT NULL DEFAULT '',
        shard smallint NOT NULL DEFAULT 0,
        count bigint NOT NULL,
        PRIMARY KEY (flow_version_id, bucket, node_id, metric, output, shard)
      )`);
    await db.query(`CREATE INDEX flow_stats_flow_idx ON flow_stats (flow_id, bucket)`);
    await db.query(`
      CREATE TABLE conversation_node_reach (
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
        flow_version_id uuid NOT NULL,
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        node_id text NOT NULL,
        output text NOT NULL DEFAULT '',
        first_at timestamptz NOT NULL,
        PRIMARY KEY (conversation_id, flow_version_id, node_id, output)
      )`);
    await db.query(`CREATE INDEX conversation_node_reach_node_idx ON conversation_node_reach (flow_id, node_id, output, first_at) INCLUDE (conversation_id, flow_version_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE conversation_node_reach`);
    await db.query(`DROP TABLE flow_stats`);
    await db.query(`ALTER TABLE outbox DROP COLUMN flow_version_id`);
  }
}
