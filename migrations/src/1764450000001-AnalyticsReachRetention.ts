import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `conversation_node_reach` is pruned past `ANALYTICS_REACH_RETENTION_DAYS` by the analytics rollup; this index lets
 * each small prune batch find the oldest rows without scanning the table (rows arrive in time order, so it stays
 * append-mostly and cheap to maintain).
 */
export class AnalyticsReachRetention1764450000001 implements MigrationInterface {
  name = 'AnalyticsReachRetention1764450000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX conversation_node_reach_first_at_idx ON conversation_node_reach (first_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX conversation_node_reach_first_at_idx`);
  }
}
