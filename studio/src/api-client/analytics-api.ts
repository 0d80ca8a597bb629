import { http } from './http';

/** The period and version every analytics view is for; `version` undefined = all published versions. */
export interface AnalyticsScope {
  from: string;
  to: string;
  version?: number;
}

export interface FlowTotals {
  started: number;
  completed: number;
  dropped: number;
  errored: number;
  handed_off: number;
}

export interface NodeAnalytics {
  nodeId: string;
  entered: number;
  /** Conversations that left the node, by output name. */
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

export interface FlowAnalytics {
  flowId: string;
  version: number | null;
  from: string;
  to: string;
  versions: Array<{ number: number; publishedAt: string; live: boolean }>;
  totals: FlowTotals;
  nodes: NodeAnalytics[];
}

export interface FunnelResult {
  steps: Array<{ nodeId: string; conversations: number; fromStart: number | null; fromPrevious: number | null }>;
}

export interface AbTestResult {
  node: string;
  goal: string;
  /** `pValueVsFirst`: two-proportion z-test against the first branch (null for it, or when there is nothing to test). */
  branches: Array<{ branchId: string; label: string; weight: number; conversations: number; converted: number; conversionRate: number | null; pValueVsFirst: number | null }>;
}

const base = (flowId: string) => `/flows/${encodeURIComponent(flowId)}/analytics`;

export const analyticsApi = {
  overview: (flowId: string, scope: AnalyticsScope) => http<FlowAnalytics>('GET', `${base(flowId)}${query(scope)}`),
  /** Conversion between steps, in order (2 to 8 node ids). */
  funnel: (flowId: string, scope: AnalyticsScope, nodeIds: string[]) => http<FunnelResult>('GET', `${base(flowId)}/funnel${query(scope, { nodes: nodeIds.join(',') })}`),
  /** A randomizer's branches and how many of each reached `goal`. */
  abTest: (flowId: string, scope: AnalyticsScope, node: string, goal: string) => http<AbTestResult>('GET', `${base(flowId)}/ab-test${query(scope, { node, goal })}`),
};

function query(scope: AnalyticsScope, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: scope.from, to: scope.to, ...(scope.version ? { version: String(scope.version) } : {}), ...extra });
  return `?${params.toString()}`;
}
