import { useReactFlow } from '@xyflow/react';
import { useEffect, useId, useRef, useState } from 'react';
import type { ValidationIssue } from '../../nodes/runtime-catalog';
import { useFlowEditor, useFlowEditorStore } from '../store/flow-editor-context';

/** "3 problems" in the toolbar; opens the list, and a click on a problem focuses its node. */
export function ProblemsButton() {
  const issues = useFlowEditor((state) => state.issues);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  const warnings = issues.length - errors;
  const label = issues.length === 0 ? 'No problems' : [plural(errors, 'error'), plural(warnings, 'warning')].filter(Boolean).join(', ');

  return (
    <div className="problems">
      <button
        type="button"
        className={`button button-small ${errors ? 'button-danger' : 'button-secondary'}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        {label}
      </button>
      {open && <ProblemsList id={panelId} issues={issues} onClose={() => setOpen(false)} />}
    </div>
  );
}

function ProblemsList({ id, issues, onClose }: { id: string; issues: readonly ValidationIssue[]; onClose(): void }) {
  const store = useFlowEditorStore();
  const { fitView } = useReactFlow();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  const focus = (issue: ValidationIssue) => {
    if (!issue.nodeId) return;
    store.getState().select(issue.nodeId);
    void fitView({ nodes: [{ id: issue.nodeId }], duration: 300, maxZoom: 1.2 });
  };

  return (
    <div className="problems-panel" id={id} ref={ref} role="region" aria-label="Problems">
      {issues.length === 0 ? (
        <p className="muted small">This flow has no problems.</p>
      ) : (
        <ul>
          {issues.map((issue, index) => (
            <li key={`${issue.code}-${issue.nodeId ?? issue.triggerId ?? ''}-${index}`}>
              <button type="button" className={`problem problem-${issue.severity}`} onClick={() => focus(issue)} disabled={!issue.nodeId}>
                <span className="problem-severity">{issue.severity === 'error' ? 'Error' : 'Warning'}</span>
                {issue.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function plural(count: number, noun: string): string {
  return count ? `${count} ${noun}${count === 1 ? '' : 's'}` : '';
}
