import { useId, useState } from 'react';
import { analyticsApi, type AnalyticsScope, type FunnelResult } from '../../api-client/analytics-api';
import { errorMessage } from '../../api-client/api-error';
import { Alert } from '../../ui/alert';
import { useResource, type Resource } from '../../ui/use-resource';
import { formatCount, formatRate } from './analytics-view';

interface Step {
  id: string;
  label: string;
}

/** Conversion between two picked steps: conversations that entered the first and later the second. */
export function FunnelPanel({ flowId, scope, steps }: { flowId: string; scope: AnalyticsScope; steps: Step[] }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const ready = from !== '' && to !== '' && from !== to;
  return (
    <section className="analytics-section" aria-labelledby="analytics-funnel-title">
      <h3 id="analytics-funnel-title">Funnel</h3>
      <StepSelect label="From step" value={from} steps={steps} onChange={setFrom} />
      <StepSelect label="To step" value={to} steps={steps} onChange={setTo} />
      {ready ? <FunnelResultView flowId={flowId} scope={scope} nodeIds={[from, to]} labels={steps} /> : <p className="analytics-muted">Pick two different steps.</p>}
    </section>
  );
}

function FunnelResultView({ flowId, scope, nodeIds, labels }: { flowId: string; scope: AnalyticsScope; nodeIds: string[]; labels: Step[] }) {
  const [result] = useResource(() => analyticsApi.funnel(flowId, scope, nodeIds), [flowId, scope, nodeIds.join(',')]);
  return <FunnelChart result={result} labels={labels} />;
}

/** Plain CSS bars: one per step, as wide as its share of the first step. */
export function FunnelChart({ result, labels }: { result: Resource<FunnelResult>; labels: Step[] }) {
  if (result.status === 'loading') return <p className="analytics-muted">Loading…</p>;
  if (result.status === 'error') return <Alert>{errorMessage(result.error)}</Alert>;
  const first = result.data.steps[0]?.conversations ?? 0;
  return (
    <ol className="analytics-funnel">
      {result.data.steps.map((step, i) => (
        <li key={`${step.nodeId}-${i}`}>
          <span className="analytics-bar-label">{labels.find((s) => s.id === step.nodeId)?.label ?? step.nodeId}</span>
          <span className="analytics-bar" aria-hidden="true">
            <span style={{ width: `${first ? (step.conversations / first) * 100 : 0}%` }} />
          </span>
          <span className="analytics-bar-value">
            {formatCount(step.conversations)}
            {i > 0 && ` (${formatRate(step.fromPrevious)})`}
          </span>
        </li>
      ))}
    </ol>
  );
}

export function StepSelect({ label, value, steps, onChange }: { label: string; value: string; steps: Step[]; onChange(id: string): void }) {
  const id = useId();
  return (
    <div className="analytics-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose a step…</option>
        {steps.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
    </div>
  );
}
