import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily totals beside the hourly counters: a 30- or 90-day dashboard sums one row per day and key instead of 24,
 * and only the partial days at the ends of a period come from `flow_stats`. The rollup writes both in the statement
 * that consumes the deltas, so they always agree. Days are UTC.
 */
export class AnalyticsDaily1764420000002 implements MigrationInterface {
  name = 'AnalyticsDaily1764420000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE flow_stats_daily (
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
        flow_version_id uuid NOT NULL,
        day date NOT NULL,
        node_id text NOT NULL DEFAULT '',
        metric text NOT NULL,
        output text NOT NULL DEFAULT '',
        count bigint NOT NULL,
        PRIMARY KEY (flow_version_id, day, node_id, metric, output)
      )`);
    await db.query(`
      INSERT INTO flow_stats_daily (workspace_id, flow_id, flow_version_id, day, node_id, metric, output, count)
      SELECT workspace_id, flow_id, flow_version_id, (bucket AT TIME ZONE 'UTC')::date, node_id, metric, output, sum(count)
        FROM flow_stats GROUP BY workspace_id, flow_id, flow_version_id, (bucket AT TIME ZONE 'UTC')::date, node_id, metric, output`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE flow_stats_daily`);
  }
}
