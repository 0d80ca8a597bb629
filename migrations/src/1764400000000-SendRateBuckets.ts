import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A token bucket per channel connection shared by every worker process, so a platform's send limit holds for the
 * whole cluster. Workers take tokens in small grants (one row update per grant, not per send).
 */
export class SendRateBuckets1764400000000 implements MigrationInterface {
  name = 'SendRateBuckets1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE send_rate_buckets (
        connection_id uuid PRIMARY KEY REFERENCES channel_connections(id) ON DELETE CASCADE,
        tokens double precision NOT NULL,
        refilled_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE send_rate_buckets`);
  }
}
