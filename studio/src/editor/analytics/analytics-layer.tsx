import { Panel } from '@xyflow/react';
import { useId, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { analyticsApi, type AnalyticsScope } from '../../api-client/analytics-api';
import { errorMessage } from '../../api-client/api-error';
import { Alert } from '../../ui/alert';
import { useResource } from '../../ui/use-resource';
import { useFlowEditor } from '../store/flow-editor-context';
import { AbTestPanel } from './ab-test-panel';
import { AnalyticsOverlay } from './analytics-overlay';
import { formatCount, PERIODS, periodRange, type PeriodKey } from './analytics-view';
import { FunnelPanel } from './funnel-panel';
import { stepLabel } from './step-label';
import './analytics.css';

/**
 * The canvas's analytics: an "Analytics" toggle; when on, a panel with the period and version pickers, the flow's
 * totals, a funnel between two steps and a randomizer's A/B result, and the overlay on the cards and edges.
 */
export function AnalyticsLayer() {
  const [open, setOpen] = useState(false);
  return (
    <Panel position="top-left" className="analytics-panel nodrag nopan nowheel">
      <button type="button" className="button button-secondary button-small" aria-pressed={open} onClick={() => setOpen((v) => !v)}>
        {open ? 'Hide analytics' : 'Analytics'}
      </button>
      {open && <AnalyticsControls />}
    </Panel>
  );
}

function AnalyticsControls() {
  const { flowId = '' } = useParams();
  const document = useFlowEditor((state) => state.document);
  const [period, setPeriod] = useState<PeriodKey>('7d');
  const [version, setVersion] = useState<number | undefined>(undefined);
  // The period is fixed when chosen (or refreshed), so every view in the panel reads the same window.
  const [refreshedAt, setRefreshedAt] = useState(() => Date.now());
  const scope = useMemo<AnalyticsScope>(() => ({ ...periodRange(period, refreshedAt), version }), [period, refreshedAt, version]);
  const [overview] = useResource(() => analyticsApi.overview(flowId, scope), [flowId, scope]);
  const steps = useMemo(() => document.nodes.map((node) => ({ id: node.id, type: node.type, label: stepLabel(node) })), [document]);
  const versions = overview.status === 'ready' ? overview.data.versions : [];
  const periodId = useId();
  const versionId = useId();

  return (
    <section id="analytics-controls" className="analytics-controls" aria-label="Flow analytics">
      <div className="analytics-pickers">
        <div>
          <label htmlFor={periodId}>Period</label>
          <select id={periodId} value={period} onChange={(e) => (setPeriod(e.target.value as PeriodKey), setRefreshedAt(Date.now()))}>
            {PERIODS.map((p) => (
              <option key={p.key} value={p.key}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={versionId}>Version</label>
          <select id={versionId} value={version ?? ''} onChange={(e) => setVersion(e.target.value ? Number(e.target.value) : undefined)}>
            <option value="">All versions</option>
            {versions.map((v) => (
              <option key={v.number} value={v.number}>
                Version {v.number}
                {v.live ? ' (live)' : ''}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button-secondary button-small" onClick={() => setRefreshedAt(Date.now())}>
          Refresh
        </button>
      </div>
      {overview.status === 'loading' && <p className="analytics-muted">Loading…</p>}
      {overview.status === 'error' && <Alert>{errorMessage(overview.error)}</Alert>}
      {overview.status === 'ready' && (
        <>
          <dl className="analytics-totals">
            <Total label="Started" value={overview.data.totals.started} />
            <Total label="Completed" value={overview.data.totals.completed} />
            <Total label="Dropped" value={overview.data.totals.dropped} />
            <Total label="Handed off" value={overview.data.totals.handed_off} />
            <Total label="Errors" value={overview.data.totals.errored} />
          </dl>
          <AnalyticsOverlay data={overview.data} />
        </>
      )}
      <FunnelPanel flowId={flowId} scope={scope} steps={steps} />
      <AbTestPanel flowId={flowId} scope={scope} steps={steps} />
    </section>
  );
}

function Total({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{formatCount(value)}</dd>
    </div>
  );
}
