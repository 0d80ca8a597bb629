import { Injectable } from '@nestjs/common';
import type { FlowDocument } from '@parley/runtime';
import { DataSource } from 'typeorm';
import { twoProportionPValue } from './ab-significance';
import { AnalyticsFlowNotFoundError, AnalyticsVersionNotFoundError, InvalidPeriodError, NotARandomizerError } from './analytics.errors';
import type { AbTestQueryDto, AnalyticsPeriodQueryDto, FunnelQueryDto } from './dto/analytics-query.dto';
import { FLOW_METRICS } from './flow-stats-recorder';

const DEFAULT_DAYS = 7;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_DAYS = 400;

interface Scope {
  flowId: string;
  versionIds: string[];
  version: number | null;
  from: Date;
  to: Date;
}

export interface NodeStats {
  nodeId: string;
  entered: number;
  /** Conversations that left the node, by output. */
  outputs: Record<string, number>;
  /** Entered but never left: still waiting there, gone silent, or stopped by an error. */
  stoppedHere: number;
  answered: number;
  invalid: number;
  timedOut: number;
  clicks: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  blocked: number;
}

/** Reads the counters the turns keep (see FlowStatsBatch): totals, per node, funnels and randomizer A/B results. */
@Injectable()
export class FlowAnalyticsService {
  constructor(private readonly db: DataSource) {}

  async overview(workspaceId: string, flowId: string, query: AnalyticsPeriodQueryDto) {
    const scope = await this.scope(workspaceId, flowId, query);
    const { fromHour, dayFrom, dayTo } = splitPeriod(scope.from, scope.to);
    const rows: Array<{ node_id: string; metric: string; output: string; n: string }> = await this.db.query(
      // Whole UTC days from the daily totals, the hours at either end from the hourly counters, plus the deltas the
      // rollup has not folded in yet (they are in neither table): exact at any moment.
      `SELECT node_id, metric, output, sum(count)::bigint AS n FROM (
         SELECT node_id, metric, output, count FROM flow_stats_daily
          WHERE flow_version_id = ANY($1) AND day >= ($4::timestamptz AT TIME ZONE 'UTC')::date AND day < ($5::timestamptz AT TIME ZONE 'UTC')::date
         UNION ALL
         SELECT node_id, metric, output, count FROM flow_stats
          WHERE flow_version_id = ANY($1) AND ((bucket >= $2 AND bucket < $4) OR (bucket >= $5 AND bucket < $3))
         UNION ALL
         SELECT node_id, metric, output, count FROM flow_stat_deltas
          WHERE flow_version_id = ANY($1) AND bucket >= $2 AND bucket < $3) s
        GROUP BY node_id, metric, output`,
      [scope.versionIds, fromHour, scope.to, dayFrom, dayTo],
    );
    const totals = Object.fromEntries(FLOW_METRICS.map((m) => [m, 0])) as Record<(typeof FLOW_METRICS)[number], number>;
    const nodes = new Map<string, NodeStats>();
    for (const row of rows) {
      const n = Number(row.n);
      if (row.node_id === '') {
        if (row.metric in totals) totals[row.metric as keyof typeof totals] += n;
        continue;
      }
      addNodeMetric(nodes, row.node_id, row.metric, row.output, n);
    }
    for (const node of nodes.values()) node.stoppedHere = Math.max(0, node.entered - Object.values(node.outputs).reduce((a, b) => a + b, 0));
    return { ...period(scope), versions: await this.versions(flowId), totals, nodes: [...nodes.values()] };
  }

  /**
   * Conversations that entered the first node in the period, and of those, how many entered each next node at or
   * after entering the previous one (before the period's end). Uses first-entry times per conversation and version
   * (a conversation that ran two versions in the period counts once in each).
   */
  async funnel(workspaceId: string, flowId: string, query: FunnelQueryDto) {
    const scope = await this.scope(workspaceId, flowId, query);
    const nodeIds = query.nodes.split(',');
    // One pass over the funnel nodes' reach rows in the period, grouped by conversation: step k counts when the
    // conversation entered node k at or after entering node k-1 (every earlier step then holds too).
    const firsts = nodeIds.map((_, i) => `min(first_at) FILTER (WHERE node_id = $${i + 5}) AS t${i}`).join(', ');
    const reached = (k: number) => Array.from({ length: k + 1 }, (_, i) => (i === 0 ? 't0 IS NOT NULL' : `t${i} >= t${i - 1}`)).join(' AND ');
    const counts = nodeIds.map((_, k) => `(count(*) FILTER (WHERE ${reached(k)}))::int AS c${k}`).join(', ');
    const [row] = await this.db.query(
      `SELECT ${counts} FROM (
         SELECT conversation_id, ${firsts} FROM conversation_node_reach
          WHERE flow_id = $4 AND node_id = ANY($${nodeIds.length + 5}) AND output = '' AND first_at >= $2 AND first_at < $3 AND flow_version_id = ANY($1)
          GROUP BY conversation_id, flow_version_id) per_conversation`,
      [scope.versionIds, scope.from, scope.to, flowId, ...nodeIds, nodeIds],
    );
    const first = row.c0 as number;
    return {
      ...period(scope),
      steps: nodeIds.map((nodeId, i) => {
        const conversations = row[`c${i}`] as number;
        const previous = i === 0 ? conversations : (row[`c${i - 1}`] as number);
        return { nodeId, conversations, fromStart: rate(conversations, first), fromPrevious: rate(conversations, previous) };
      }),
    };
  }

  /** Per randomizer branch: conversations that took it in the period, and how many of them later reached `goal`. */
  async abTest(workspaceId: string, flowId: string, query: AbTestQueryDto) {
    const scope = await this.scope(workspaceId, flowId, query);
    const document = await this.document(flowId, scope);
    const randomizer = document?.nodes.find((n) => n.id === query.node && n.type === 'randomizer');
    if (!randomizer) throw new NotARandomizerError(query.node);
    // One pass over the randomizer's branch rows and the goal's rows in the period, grouped by conversation.
    const rows: Array<{ output: string; conversations: number; converted: number }> = await this.db.query(
      `SELECT output, count(*)::int AS conversations, (count(*) FILTER (WHERE goal_at >= branch_at))::int AS converted
         FROM (SELECT conversation_id, max(output) FILTER (WHERE is_branch) AS output,
                      min(first_at) FILTER (WHERE is_branch) AS branch_at, min(first_at) FILTER (WHERE NOT is_branch) AS goal_at
                 FROM (SELECT conversation_id, flow_version_id, output, first_at, true AS is_branch FROM conversation_node_reach
                        WHERE flow_id = $4 AND node_id = $5 AND output > '' AND first_at >= $2 AND first_at < $3 AND flow_version_id = ANY($1)
                       UNION ALL
                       SELECT conversation_id, flow_version_id, output, first_at, false FROM conversation_node_reach
                        WHERE flow_id = $4 AND node_id = $6 AND output = '' AND first_at >= $2 AND first_at < $3 AND flow_version_id = ANY($1)) r
                GROUP BY conversation_id, flow_version_id) per_conversation
        WHERE output IS NOT NULL
        GROUP BY output`,
      [scope.versionIds, scope.from, scope.to, flowId, query.node, query.goal],
    );
    const byOutput = new Map(rows.map((r) => [r.output, r]));
    const config = randomizer.config as { branches?: Array<{ id: string; label?: string; weight: number }> };
    const branches = (config.branches ?? []).map((b) => {
      const hit = byOutput.get(`branch:${b.id}`);
      const conversations = hit?.conversations ?? 0;
      const converted = hit?.converted ?? 0;
      return { branchId: b.id, label: b.label ?? b.id, weight: b.weight, conversations, converted, conversionRate: rate(converted, conversations) };
    });
    // Each branch against the first (the control): the p-value of a two-proportion z-test.
    const control = branches[0];
    const compared = branches.map((b, i) => ({ ...b, pValueVsFirst: i === 0 ? null : twoProportionPValue(control.converted, control.conversations, b.converted, b.conversations) }));
    return { ...period(scope), node: query.node, goal: query.goal, branches: compared };
  }

  private async scope(workspaceId: string, flowId: string, query: AnalyticsPeriodQueryDto): Promise<Scope> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
    if (!(from < to)) throw new InvalidPeriodError('`from` must be before `to`.');
    if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) throw new InvalidPeriodError(`A period is at most ${MAX_DAYS} days.`);
    const [flow] = await this.db.query(`SELECT id FROM flows WHERE id = $1 AND workspace_id = $2`, [flowId, workspaceId]);
    if (!flow) throw new AnalyticsFlowNotFoundError();
    // Preview snapshots (unnumbered) are the studio's test runs, not traffic: never counted.
    const versions: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM flow_versions WHERE flow_id = $1 AND number IS NOT NULL AND ($2::int IS NULL OR number = $2)`,
      [flowId, query.version ?? null],
    );
    if (query.version && !versions.length) throw new AnalyticsVersionNotFoundError();
    return { flowId, versionIds: versions.map((v) => v.id), version: query.version ?? null, from, to };
  }

  private async versions(flowId: string) {
    const rows: Array<{ number: number; published_at: Date; live: boolean }> = await this.db.query(
      `SELECT v.number, v.published_at, (f.live_version_id = v.id) AS live FROM flow_versions v JOIN flows f ON f.id = v.flow_id
        WHERE v.flow_id = $1 AND v.number IS NOT NULL ORDER BY v.number DESC`,
      [flowId],
    );
    return rows.map((r) => ({ number: r.number, publishedAt: r.published_at, live: r.live === true }));
  }

  /** The chosen version's document, or the live (else newest) one when all versions are shown. */
  private async document(flowId: string, scope: Scope): Promise<FlowDocument | null> {
    const [row] = await this.db.query(
      `SELECT v.document FROM flow_versions v JOIN flows f ON f.id = v.flow_id
        WHERE v.flow_id = $1 AND v.id = ANY($2) ORDER BY (v.id = f.live_version_id) DESC, v.number DESC LIMIT 1`,
      [flowId, scope.versionIds],
    );
    return (row?.document as FlowDocument | undefined) ?? null;
  }
}

function addNodeMetric(nodes: Map<string, NodeStats>, nodeId: string, metric: string, output: string, n: number): void {
  let node = nodes.get(nodeId);
  if (!node) {
    node = { nodeId, entered: 0, outputs: {}, stoppedHere: 0, answered: 0, invalid: 0, timedOut: 0, clicks: 0, sent: 0, delivered: 0, read: 0, failed: 0, blocked: 0 };
    nodes.set(nodeId, node);
  }
  if (metric === 'took') {
    node.outputs[output] = (node.outputs[output] ?? 0) + n;
    // Output names say what happened: a question's answers and timeouts, a message's buttons.
    if (output === 'answered' || output.startsWith('choice:')) node.answered += n;
    else if (output === 'timeout') node.timedOut += n;
    // Invalid replies: each re-ask ("invalid" metric) plus the last one, which follows the "invalid" output.
    else if (output === 'invalid') node.invalid += n;
    else if (output.startsWith('button:') || output.startsWith('quick-reply:')) node.clicks += n;
    return;
  }
  if (metric === 'entered' || metric === 'invalid' || metric === 'sent' || metric === 'delivered' || metric === 'read' || metric === 'failed' || metric === 'blocked') node[metric] += n;
}

/**
 * Counters are hourly: a period starts at the hour `from` falls in. [dayFrom, dayTo) is the run of whole UTC days
 * inside it (empty — both equal to `to` — when there is none); the hours before and after come from `flow_stats`.
 */
export function splitPeriod(from: Date, to: Date): { fromHour: Date; dayFrom: Date; dayTo: Date } {
  const fromHour = new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS);
  const dayFrom = new Date(Math.ceil(fromHour.getTime() / DAY_MS) * DAY_MS);
  const dayTo = new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS);
  return dayFrom < dayTo ? { fromHour, dayFrom, dayTo } : { fromHour, dayFrom: to, dayTo: to };
}

function period(scope: Scope) {
  return { flowId: scope.flowId, version: scope.version, from: scope.from.toISOString(), to: scope.to.toISOString() };
}

function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}
