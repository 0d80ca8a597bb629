import { useState } from 'react';
import { analyticsApi, type AnalyticsScope } from '../../api-client/analytics-api';
import { errorMessage } from '../../api-client/api-error';
import { Alert } from '../../ui/alert';
import { useResource } from '../../ui/use-resource';
import { formatCount, formatRate } from './analytics-view';
import { StepSelect } from './funnel-panel';

interface Step {
  id: string;
  type: string;
  label: string;
}

/** A randomizer's A/B result: per branch, conversations that took it and how many reached the chosen goal step. */
export function AbTestPanel({ flowId, scope, steps }: { flowId: string; scope: AnalyticsScope; steps: Step[] }) {
  const randomizers = steps.filter((s) => s.type === 'randomizer');
  const [node, setNode] = useState('');
  const [goal, setGoal] = useState('');
  if (!randomizers.length) return null;
  return (
    <section className="analytics-section" aria-labelledby="analytics-ab-title">
      <h3 id="analytics-ab-title">A/B test</h3>
      <StepSelect label="Randomizer" value={node} steps={randomizers} onChange={setNode} />
      <StepSelect label="Goal step" value={goal} steps={steps} onChange={setGoal} />
      {node && goal ? <AbTestResultView flowId={flowId} scope={scope} node={node} goal={goal} /> : <p className="analytics-muted">Pick a randomizer and the step that counts as a conversion.</p>}
    </section>
  );
}

function AbTestResultView({ flowId, scope, node, goal }: { flowId: string; scope: AnalyticsScope; node: string; goal: string }) {
  const [result] = useResource(() => analyticsApi.abTest(flowId, scope, node, goal), [flowId, scope, node, goal]);
  if (result.status === 'loading') return <p className="analytics-muted">Loading…</p>;
  if (result.status === 'error') return <Alert>{errorMessage(result.error)}</Alert>;
  const best = Math.max(0, ...result.data.branches.map((b) => b.conversionRate ?? 0));
  return (
    <table className="analytics-ab">
      <thead>
        <tr>
          <th scope="col">Branch</th>
          <th scope="col">Conversations</th>
          <th scope="col">Reached goal</th>
          <th scope="col">Rate</th>
          <th scope="col" title={`Confidence that the branch converts differently from ${result.data.branches[0]?.label ?? 'the first branch'}`}>
            Confidence
          </th>
        </tr>
      </thead>
      <tbody>
        {result.data.branches.map((b) => (
          <tr key={b.branchId} className={b.conversionRate !== null && b.conversionRate === best && best > 0 ? 'analytics-ab-best' : undefined}>
            <th scope="row">{b.label}</th>
            <td>{formatCount(b.conversations)}</td>
            <td>{formatCount(b.converted)}</td>
            <td>{formatRate(b.conversionRate)}</td>
            <td>{b.pValueVsFirst === null ? '–' : formatRate(1 - b.pValueVsFirst)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
