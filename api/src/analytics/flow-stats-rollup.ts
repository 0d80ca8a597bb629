import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** How often worker processes fold the appended deltas into `flow_stats`. */
export const ROLLUP_INTERVAL_MS = 2_000;
const BATCH = 20_000;
/** Reach retention runs far less often than the rollup: rows only cross the horizon as days pass. */
export const PRUNE_INTERVAL_MS = 10 * 60_000;
// Small deletes keep each statement's locks and WAL short beside live traffic; a bounded number per run.
const PRUNE_BATCH = 5_000;
const PRUNE_BATCHES_PER_RUN = 40;

/**
 * Moves `flow_stat_deltas` into `flow_stats` (hourly) and `flow_stats_daily`. One statement deletes a batch of
 * deltas and upserts their sums into both, so a delta counts exactly once even if the process dies mid-way (the
 * statement rolls back whole); `SKIP LOCKED` lets any number of worker processes roll up side by side, and rows are
 * upserted in key order so two rollups never deadlock. Dashboards read the rolled-up tables plus the deltas not
 * rolled up yet, so they are exact at any moment.
 *
 * The same loop applies the reach retention (`ANALYTICS_REACH_RETENTION_DAYS`): `conversation_node_reach` rows whose
 * first entry is older are deleted in small batches. Those rows serve only funnels and A/B results over periods that
 * old; counters live in `flow_stats`/`flow_stats_daily` and are untouched. Deltas need no retention: the rollup
 * empties that table, and deleting a delta before it is rolled up would lose a count.
 */
@Injectable()
export class FlowStatsRollup implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FlowStatsRollup.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private lastPruneAt = 0;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error) => this.logger.warn(`rollup: ${String(error)}`))
        .finally(() => (this.running = null));
    }, ROLLUP_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    await this.drain();
    if (Date.now() - this.lastPruneAt < PRUNE_INTERVAL_MS) return;
    this.lastPruneAt = Date.now();
    const pruned = await this.pruneReach();
    if (pruned) this.logger.log(`pruned ${pruned} node reach rows older than ${this.config.analyticsReachRetentionDays} days`);
  }

  /**
   * Deletes reach rows past the retention horizon, a batch per statement (rows other workers are deleting are
   * skipped, not waited for); returns how many went. Stops after a bounded number of batches: the next run goes on.
   */
  async pruneReach(retentionDays = this.config.analyticsReachRetentionDays): Promise<number> {
    if (retentionDays <= 0) return 0;
    let total = 0;
    for (let i = 0; i < PRUNE_BATCHES_PER_RUN; i++) {
      const [, deleted]: [unknown, number] = await this.db.query(
        `DELETE FROM conversation_node_reach WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM conversation_node_reach WHERE first_at < now() - $1 * interval '1 day' ORDER BY first_at LIMIT $2 FOR UPDATE SKIP LOCKED))`,
        [retentionDays, PRUNE_BATCH],
      );
      total += deleted;
      if (deleted < PRUNE_BATCH) break;
    }
    return total;
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
