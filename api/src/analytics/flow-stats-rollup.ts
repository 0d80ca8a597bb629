import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** How often worker processes fold the appended deltas into `flow_stats`. */
export const ROLLUP_INTERVAL_MS = 2_000;
const BATCH = 20_000;

/**
 * Moves `flow_stat_deltas` into `flow_stats` (hourly) and `flow_stats_daily`. One statement deletes a batch of
 * deltas and upserts their sums into both, so a delta counts exactly once even if the process dies mid-way (the
 * statement rolls back whole); `SKIP LOCKED` lets any number of worker processes roll up side by side, and rows are
 * upserted in key order so two rollups never deadlock. Dashboards read the rolled-up tables plus the deltas not
 * rolled up yet, so they are exact at any moment.
 */
@Injectable()
export class FlowStatsRollup implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FlowStatsRollup.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.drain()
        .catch((error) => this.logger.warn(`rollup: ${String(error)}`))
        .finally(() => (this.running = null));
    }, ROLLUP_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Rolls up until no deltas are left; returns how many were moved. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.rollUpBatch();
      total += moved;
      if (moved < BATCH) return total;
    }
  }

  private async rollUpBatch(): Promise<number> {
    const [{ moved }] = await this.db.query(
      `WITH batch AS (
         DELETE FROM flow_stat_deltas WHERE id IN (SELECT id FROM flow_stat_deltas ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, count
       ), upserted AS (
         INSERT INTO flow_stats (workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, count)
         SELECT workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, sum(count) FROM batch b
          -- Deltas of a flow deleted since are dropped with it.
          WHERE EXISTS (SELECT 1 FROM flows f WHERE f.id = b.flow_id)
          GROUP BY workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output
          ORDER BY flow_version_id, bucket, node_id, metric, output
         ON CONFLICT (flow_version_id, bucket, node_id, metric, output) DO UPDATE SET count = flow_stats.count + EXCLUDED.count
         RETURNING 1
       ), daily AS (
         INSERT INTO flow_stats_daily (workspace_id, flow_id, flow_version_id, day, node_id, metric, output, count)
         SELECT workspace_id, flow_id, flow_version_id, (bucket AT TIME ZONE 'UTC')::date, node_id, metric, output, sum(count) FROM batch b
          WHERE EXISTS (SELECT 1 FROM flows f WHERE f.id = b.flow_id)
          GROUP BY workspace_id, flow_id, flow_version_id, (bucket AT TIME ZONE 'UTC')::date, node_id, metric, output
          ORDER BY flow_version_id, 4, node_id, metric, output
         ON CONFLICT (flow_version_id, day, node_id, metric, output) DO UPDATE SET count = flow_stats_daily.count + EXCLUDED.count
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM batch)::int AS moved, (SELECT count(*) FROM upserted)::int AS upserted, (SELECT count(*) FROM daily)::int AS days`,
      [BATCH],
    );
    return moved as number;
  }
}
