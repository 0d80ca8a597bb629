import type { NodeAnalytics } from '../../api-client/analytics-api';

export type PeriodKey = '24h' | '7d' | '30d' | '90d';

export const PERIODS: Array<{ key: PeriodKey; label: string; hours: number }> = [
  { key: '24h', label: 'Last 24 hours', hours: 24 },
  { key: '7d', label: 'Last 7 days', hours: 24 * 7 },
  { key: '30d', label: 'Last 30 days', hours: 24 * 30 },
  { key: '90d', label: 'Last 90 days', hours: 24 * 90 },
];

/** The period ending now (counters are hourly, so the current hour is included). */
export function periodRange(key: PeriodKey, nowMs: number): { from: string; to: string } {
  const hours = PERIODS.find((p) => p.key === key)?.hours ?? 24 * 7;
  return { from: new Date(nowMs - hours * 3_600_000).toISOString(), to: new Date(nowMs).toISOString() };
}

/** Cold (blue) for little traffic to hot (red) for the busiest step: hue 210 → 0 on a square-root scale. */
export function heatColour(value: number, max: number): string {
  if (max <= 0 || value <= 0) return 'hsl(210 15% 75%)';
  const ratio = Math.sqrt(Math.min(1, value / max));
  return `hsl(${Math.round(210 - 210 * ratio)} 80% 50%)`;
}

/** Share of the conversations that entered a step and never left it; null where leaving is not expected. */
export function dropOffRate(stats: NodeAnalytics | undefined, hasOutputs: boolean): number | null {
  if (!stats || !hasOutputs || stats.entered === 0) return null;
  return stats.stoppedHere / stats.entered;
}

/** How many conversations followed an edge: the source step's count for that output. */
export function edgeCount(stats: Map<string, NodeAnalytics>, source: string, sourceOutput: string): number {
  return stats.get(source)?.outputs[sourceOutput] ?? 0;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en');
}

export function formatRate(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`;
}
