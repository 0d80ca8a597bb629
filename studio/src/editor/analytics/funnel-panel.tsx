import { useEffect, useId, useRef, useState } from 'react';
import { analyticsApi, type AnalyticsScope, type FunnelResult } from '../../api-client/analytics-api';
import { errorMessage } from '../../api-client/api-error';
import { Alert } from '../../ui/alert';
import { useResource, type Resource } from '../../ui/use-resource';
import { formatCount, formatRate } from './analytics-view';
import { addSlot, funnelProblem, MAX_FUNNEL_STEPS, MIN_FUNNEL_STEPS, moveSlot, newSlot, removeSlot, setSlot, type FunnelSlot } from './funnel-steps';

interface Step {
  id: string;
  label: string;
}

type RowAction = 'up' | 'down' | 'remove' | 'select';

/**
 * Conversion through 2–8 picked steps, in order: conversations that entered each step after the one before.
 * Steps are added, removed and reordered with plain buttons (keyboard reachable); focus follows the moved step.
 */
export function FunnelPanel({ flowId, scope, steps }: { flowId: string; scope: AnalyticsScope; steps: Step[] }) {
  const baseId = useId();
  const [slots, setSlots] = useState<FunnelSlot[]>(() => [newSlot(), newSlot()]);
  const focusAfter = useRef<{ key: number; action: RowAction } | null>(null);
  const problem = funnelProblem(slots);
  const controlId = (key: number, action: RowAction) => `${baseId}-${key}-${action}`;

  // After a move or removal the button pressed may have moved or gone: put focus where the user can carry on.
  useEffect(() => {
    const wanted = focusAfter.current;
    focusAfter.current = null;
    if (!wanted) return;
    const button = document.getElementById(controlId(wanted.key, wanted.action)) as HTMLButtonElement | null;
    (button && !button.disabled ? button : document.getElementById(controlId(wanted.key, 'select')))?.focus();
  });

  const move = (index: number, delta: -1 | 1) => {
    focusAfter.current = { key: slots[index].key, action: delta < 0 ? 'up' : 'down' };
    setSlots(moveSlot(slots, index, delta));
  };
  const remove = (index: number) => {
    const neighbour = slots[index + 1] ?? slots[index - 1];
    focusAfter.current = { key: neighbour.key, action: 'select' };
    setSlots(removeSlot(slots, index));
  };
  const add = () => {
    const next = addSlot(slots);
    focusAfter.current = { key: next[next.length - 1].key, action: 'select' };
    setSlots(next);
  };

  return (
    <section className="analytics-section" aria-labelledby="analytics-funnel-title">
      <h3 id="analytics-funnel-title">Funnel</h3>
      <ol className="analytics-funnel-steps">
        {slots.map((slot, i) => (
          <li key={slot.key}>
            <StepSelect id={controlId(slot.key, 'select')} label={`Step ${i + 1}`} value={slot.nodeId} steps={steps} onChange={(nodeId) => setSlots(setSlot(slots, i, nodeId))} />
            <span className="analytics-step-actions">
              <button type="button" id={controlId(slot.key, 'up')} aria-label={`Move step ${i + 1} up`} title="Move up" disabled={i === 0} onClick={() => move(i, -1)}>
                ↑
              </button>
              <button type="button" id={controlId(slot.key, 'down')} aria-label={`Move step ${i + 1} down`} title="Move down" disabled={i === slots.length - 1} onClick={() => move(i, 1)}>
                ↓
              </button>
              <button type="button" id={controlId(slot.key, 'remove')} aria-label={`Remove step ${i + 1}`} title="Remove" disabled={slots.length <= MIN_FUNNEL_STEPS} onClick={() => remove(i)}>
                ×
              </button>
            </span>
          </li>
        ))}
      </ol>
      <button type="button" className="analytics-add-step" onClick={add} disabled={slots.length >= MAX_FUNNEL_STEPS}>
        Add step
      </button>
      {problem ? (
        <p className="analytics-muted">{problem}</p>
      ) : (
        <FunnelResultView flowId={flowId} scope={scope} nodeIds={slots.map((s) => s.nodeId)} labels={steps} />
      )}
    </section>
  );
}

function FunnelResultView({ flowId, scope, nodeIds, labels }: { flowId: string; scope: AnalyticsScope; nodeIds: string[]; labels: Step[] }) {
  const [result] = useResource(() => analyticsApi.funnel(flowId, scope, nodeIds), [flowId, scope, nodeIds.join(',')]);
  return <FunnelChart result={result} labels={labels} />;
}

/** Plain CSS bars: one per step, as wide as its share of the first step; the rate from the step before, and overall. */
export function FunnelChart({ result, labels }: { result: Resource<FunnelResult>; labels: Step[] }) {
  if (result.status === 'loading') return <p className="analytics-muted">Loading…</p>;
  if (result.status === 'error') return <Alert>{errorMessage(result.error)}</Alert>;
  const steps = result.data.steps;
  const first = steps[0]?.conversations ?? 0;
  const last = steps[steps.length - 1];
  const labelOf = (nodeId: string) => labels.find((s) => s.id === nodeId)?.label ?? nodeId;
  return (
    <>
      <ol className="analytics-funnel">
        {steps.map((step, i) => (
          <li key={`${step.nodeId}-${i}`}>
            <span className="analytics-bar-label">{labelOf(step.nodeId)}</span>
            <span className="analytics-bar" aria-hidden="true">
              <span style={{ width: `${first ? (step.conversations / first) * 100 : 0}%` }} />
            </span>
            <span className="analytics-bar-value">
              {formatCount(step.conversations)}
              {i > 0 && ` (${formatRate(step.fromPrevious)})`}
            </span>
            {i > 0 && <span className="visually-hidden">{`${formatRate(step.fromPrevious)} of those at ${labelOf(steps[i - 1].nodeId)}`}</span>}
          </li>
        ))}
      </ol>
      {last && steps.length > 1 && (
        <p className="analytics-funnel-overall">
          Overall: {formatRate(last.fromStart)} of {formatCount(first)} reached {labelOf(last.nodeId)}
        </p>
      )}
    </>
  );
}

export function StepSelect({ id: givenId, label, value, steps, onChange }: { id?: string; label: string; value: string; steps: Step[]; onChange(id: string): void }) {
  const ownId = useId();
  const id = givenId ?? ownId;
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
