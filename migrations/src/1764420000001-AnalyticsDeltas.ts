import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Turns no longer upsert `flow_stats` rows (a popular flow's first node would be one hot row every turn waits on):
 * they append their counts to `flow_stat_deltas`, which no two transactions ever both update, and a rollup moves
 * them into `flow_stats` (delete + upsert in one statement, so each delta counts exactly once). The shards, whose
 * only purpose was to spread that hot row, go: they multiplied the rows a dashboard sums.
 */
export class AnalyticsDeltas1764420000001 implements MigrationInterface {
  name = 'AnalyticsDeltas1764420000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE flow_stat_deltas (
        id bigserial PRIMARY KEY,
        workspace_id uuid NOT NULL,
        flow_id uuid NOT NULL,
        flow_version_id uuid NOT NULL,
        bucket timestamptz NOT NULL,
        node_id text NOT NULL DEFAULT '',
        metric text NOT NULL,
        output text NOT NULL DEFAULT '',
        count bigint NOT NULL
      )`);
    await db.query(`CREATE INDEX flow_stat_deltas_version_idx ON flow_stat_deltas (flow_version_id, bucket)`);
    await db.query(`
      INSERT INTO flow_stat_deltas (workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, count)
      SELECT workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, count FROM flow_stats WHERE shard <> 0`);
    await db.query(`DELETE FROM flow_stats WHERE shard <> 0`);
    await db.query(`ALTER TABLE flow_stats DROP CONSTRAINT flow_stats_pkey`);
    await db.query(`ALTER TABLE flow_stats DROP COLUMN shard`);
    await db.query(`ALTER TABLE flow_stats ADD PRIMARY KEY (flow_version_id, bucket, node_id, metric, output)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE flow_stats DROP CONSTRAINT flow_stats_pkey`);
    await db.query(`ALTER TABLE flow_stats ADD COLUMN shard smallint NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE flow_stats ADD PRIMARY KEY (flow_version_id, bucket, node_id, metric, output, shard)`);
    await db.query(`
      INSERT INTO flow_stats (workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, shard, count)
      SELECT workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, 1, sum(count) FROM flow_stat_deltas d
       WHERE EXISTS (SELECT 1 FROM flows f WHERE f.id = d.flow_id)
       GROUP BY workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output`);
    await db.query(`DROP TABLE flow_stat_deltas`);
  }
}
