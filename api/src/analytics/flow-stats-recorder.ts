import type { AdvanceResult, EngineEvent, FlowDocument } from '@parley/runtime';
import type { EntityManager } from 'typeorm';

/** A flow version as the turn ran it. */
export interface StatsFlow {
  flowId: string;
  versionId: string;
  document: FlowDocument;
}

/** Flow-level metrics live on node_id ''. */
export const FLOW_METRICS = ['started', 'completed', 'dropped', 'errored', 'handed_off'] as const;

interface Counter {
  flowId: string;
  versionId: string;
  nodeId: string;
  metric: string;
  output: string;
  n: number;
}

interface Reach {
  flowId: string;
  versionId: string;
  nodeId: string;
  output: string;
}

/**
 * Collects one conversation's analytics facts over a turn (every engine hop of one event); the turn batch writes them
 * (TurnWrites, one multi-row insert per table) inside the turn's transaction: they commit with the turn or roll back
 * with it, so a retried turn never counts twice. Counts are appended to `flow_stat_deltas` (no row two turns both update, so no
 * hot row) and rolled up later by FlowStatsRollup. See docs/architecture.md › Flow analytics for the metrics.
 */
export class FlowStatsBatch {
  private readonly counters = new Map<string, Counter>();
  private readonly reach = new Map<string, Reach>();

  constructor(
    private readonly workspaceId: string,
    private readonly conversationId: string,
  ) {}

  /** One engine hop on `flow`; `previous` is the version the conversation was pinned to before it (for drops). */
  addHop(flow: StatsFlow, previous: { flowId: string | null; versionId: string | null }, event: EngineEvent, result: AdvanceResult): void {
    const types = new Map(flow.document.nodes.map((n) => [n.id, n.type]));
    let timedOut = false;
    for (const step of result.path) {
      switch (step.type) {
        case 'started':
          this.count(flow, '', 'started');
          break;
        case 'entered':
          this.count(flow, step.nodeId, 'entered');
          this.reached(flow, step.nodeId, '');
          break;
        case 'took':
          this.count(flow, step.nodeId, 'took', step.output);
          if (types.get(step.nodeId) === 'randomizer') this.reached(flow, step.nodeId, step.output);
          if (step.output === 'timeout' && types.get(step.nodeId) === 'ask-question') timedOut = true;
          break;
        case 'stayed':
          if (types.get(step.nodeId) === 'ask-question') this.count(flow, step.nodeId, 'invalid');
          break;
        case 'abandoned':
          if (previous.flowId && previous.versionId) this.count({ flowId: previous.flowId, versionId: previous.versionId }, '', 'dropped');
          break;
        case 'ended':
          // A run that ends in the turn a question gave up waiting ended because the contact went silent.
          this.count(flow, '', step.reason === 'error' ? 'errored' : timedOut && event.type === 'timer-fired' ? 'dropped' : 'completed');
          break;
      }
    }
    for (const effect of result.effects) if (effect.type === 'hand-off') this.count(flow, '', 'handed_off');
  }

  /** Everything collected, tagged with its workspace and conversation, for the turn batch's one write (TurnWrites). */
  drain(): { counters: Array<Counter & { workspaceId: string }>; reach: Array<Reach & { workspaceId: string; conversationId: string }> } {
    const rows = {
      counters: [...this.counters.values()].map((c) => ({ ...c, workspaceId: this.workspaceId })),
      reach: [...this.reach.values()].map((r) => ({ ...r, workspaceId: this.workspaceId, conversationId: this.conversationId })),
    };
    this.counters.clear();
    this.reach.clear();
    return rows;
  }

  private count(flow: { flowId: string; versionId: string }, nodeId: string, metric: string, output = ''): void {
    const key = JSON.stringify([flow.versionId, nodeId, metric, output]);
    const existing = this.counters.get(key);
    if (existing) existing.n++;
    else this.counters.set(key, { flowId: flow.flowId, versionId: flow.versionId, nodeId, metric, output, n: 1 });
  }

  private reached(flow: StatsFlow, nodeId: string, output: string): void {
    this.reach.set(JSON.stringify([flow.versionId, nodeId, output]), { flowId: flow.flowId, versionId: flow.versionId, nodeId, output });
  }
}

/**
 * Records a platform delivery/read receipt on the outbox row and counts it for the sending node, in one statement.
 * States only move forward (nothing after `read`), and a message counts as delivered once (a read receipt without a
 * delivery receipt counts as both), so duplicate or out-of-order receipts never count twice.
 */
export async function recordDeliveryStatus(tx: EntityManager, connectionId: string, platformMessageId: string, status: string | undefined): Promise<void> {
  await tx.query(
    `WITH prev AS (
       SELECT id, delivery FROM outbox WHERE connection_id = $1 AND platform_message_id = $2 AND (delivery IS NULL OR delivery <> 'read') FOR UPDATE
     ), upd AS (
       UPDATE outbox o SET delivery = $3 FROM prev WHERE o.id = prev.id
       RETURNING o.id, o.workspace_id, o.flow_version_id, o.kind, o.payload->>'nodeId' AS node_id, prev.delivery AS old
     )
     INSERT INTO flow_stat_deltas (workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, count)
     SELECT u.workspace_id, v.flow_id, u.flow_version_id, date_trunc('hour', now()), u.node_id, m.metric, '', 1
       FROM upd u JOIN flow_versions v ON v.id = u.flow_version_id
       CROSS JOIN LATERAL (VALUES ('delivered', u.old IS NULL AND $3 IN ('delivered', 'read')), ('read', $3 = 'read')) AS m(metric, applies)
      WHERE m.applies AND u.kind = 'message' AND u.node_id IS NOT NULL`,
    [connectionId, platformMessageId, status ?? null],
  );
}

/**
 * Wraps the dispatcher's final `UPDATE outbox … WHERE <still ours>` (one row or many) so that the rows it changed (and
 * only rows it changed) also count their new status — sent, failed, blocked or uncertain — for the node that sent
 * them. A row it puts back to `pending` (a retry) counts nothing. Answers the number of rows changed.
 */
export function countOutboxOutcome(updateOutbox: string): string {
  return `WITH ${outboxOutcomeCtes(updateOutbox)} SELECT count(*)::int AS changed FROM done`;
}

/**
 * countOutboxOutcome as two CTEs (`done`, the changed rows, and `counted`), for a statement that does more in the
 * same round trip: the caller writes `WITH <its CTEs>, ${outboxOutcomeCtes(…)} SELECT …`.
 */
export function outboxOutcomeCtes(updateOutbox: string): string {
  return `done AS (${updateOutbox} RETURNING id, workspace_id, flow_version_id, kind, status, payload->>'nodeId' AS node_id),
    counted AS (
      INSERT INTO flow_stat_deltas (workspace_id, flow_id, flow_version_id, bucket, node_id, metric, output, count)
      SELECT d.workspace_id, v.flow_id, d.flow_version_id, date_trunc('hour', now()), d.node_id, d.status, '', count(*)
        FROM done d JOIN flow_versions v ON v.id = d.flow_version_id
       WHERE d.kind = 'message' AND d.node_id IS NOT NULL AND d.status IN ('sent', 'failed', 'blocked', 'uncertain')
       -- One delta row per node and status for the whole batch (a claim records up to 32 sends at once).
       GROUP BY d.workspace_id, v.flow_id, d.flow_version_id, d.node_id, d.status)`;
}
