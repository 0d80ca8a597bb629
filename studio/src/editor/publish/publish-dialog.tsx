import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api-client/api-error';
import { flowsApi } from '../../api-client/flows-api';
import type { PublishCheck, PublishResult, TriggerConflict } from '../../api-client/types';
import { Alert } from '../../ui/alert';
import { Dialog } from '../../ui/dialog';
import { TextField } from '../../ui/text-field';
import { useFlowEditor } from '../store/flow-editor-context';
import type { SaveState } from '../store/use-autosave';

interface PublishDialogProps {
  flowId: string;
  save: SaveState;
  onClose(): void;
  onPublished(result: PublishResult): void;
}

/** Publishing makes the saved draft live: notes for the history, what blocks it, and what happens to waiting conversations. */
export function PublishDialog({ flowId, save, onClose, onPublished }: PublishDialogProps) {
  const issues = useFlowEditor((state) => state.issues);
  const errors = issues.filter((issue) => issue.severity === 'error');
  const warnings = issues.filter((issue) => issue.severity === 'warning');
  const [notes, setNotes] = useState('');
  const [migrate, setMigrate] = useState(true);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const check = usePublishCheck(flowId, save.status === 'saved');
  const blocker = errors.length
    ? `Fix ${errors.length === 1 ? 'the error' : `the ${errors.length} errors`} below to publish.`
    : save.status !== 'saved'
      ? 'Waiting for your latest changes to be saved…'
      : null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      onPublished(await flowsApi.publish(flowId, { notes: notes.trim() || undefined, migrateWaitingConversations: migrate }));
    } catch (error) {
      const serverIssues = error instanceof ApiError && Array.isArray(error.details.issues) ? (error.details.issues as { message: string }[]) : [];
      setFailure([errorMessage(error), ...serverIssues.map((issue) => issue.message)].join(' '));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Publish this flow" onClose={onClose}>
      <form className="stack" onSubmit={onSubmit}>
        {failure && <Alert>{failure}</Alert>}
        {blocker && <Alert tone={errors.length ? 'error' : 'info'}>{blocker}</Alert>}
        {errors.length > 0 && <IssueList title="Errors" issues={errors} />}
        {warnings.length > 0 && <IssueList title="Warnings (do not block publishing)" issues={warnings} />}
        {issues.length === 0 && <p className="muted">No problems found: the flow is ready to go live.</p>}
        <ConflictList check={check} />
        <TextField label="What changed (optional)" value={notes} onChange={(event) => setNotes(event.target.value)} maxLength={2000} />
        <div className="field field-checkbox">
          <input id="publish-migrate" type="checkbox" checked={migrate} onChange={(event) => setMigrate(event.target.checked)} />
          <label htmlFor="publish-migrate">Move conversations in progress to this version</label>
          <p className="field-hint">
            Contacts waiting at a step that still exists continue in the new version; the others finish on the version they started.
          </p>
        </div>
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={busy || blocker !== null}>
            {busy ? 'Publishing…' : 'Publish'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function IssueList({ title, issues }: { title: string; issues: { message: string }[] }) {
  return (
    <div>
      <h3 className="small strong">{title}</h3>
      <ul className="issue-list">
        {issues.map((issue, index) => (
          <li key={index}>{issue.message}</li>
        ))}
      </ul>
    </div>
  );
}

type CheckState = { status: 'loading' } | { status: 'ready'; check: PublishCheck } | { status: 'error'; message: string };

/** The server's dry run of publishing the saved draft (its trigger conflicts need every other live flow). */
function usePublishCheck(flowId: string, saved: boolean): CheckState {
  const [state, setState] = useState<CheckState>({ status: 'loading' });
  useEffect(() => {
    if (!saved) return;
    let cancelled = false;
    setState({ status: 'loading' });
    flowsApi
      .publishCheck(flowId)
      .then((check) => !cancelled && setState({ status: 'ready', check }))
      .catch((error) => !cancelled && setState({ status: 'error', message: errorMessage(error) }));
    return () => {
      cancelled = true;
    };
  }, [flowId, saved]);
  return state;
}

function ConflictList({ check }: { check: CheckState }) {
  if (check.status === 'loading') return <p className="muted small">Checking triggers against the other live flows…</p>;
  if (check.status === 'error') return <Alert tone="info">Trigger conflicts could not be checked: {check.message}</Alert>;
  const { conflicts } = check.check;
  if (conflicts.length === 0) return <p className="muted small">No trigger conflicts with other live flows.</p>;
  return (
    <div className="publish-conflicts" role="group" aria-label="Trigger conflicts">
      <h3 className="small strong">Trigger conflicts (do not block publishing)</h3>
      <ul className="issue-list">
        {conflicts.map((conflict, index) => (
          <li key={index}>{conflictText(conflict)}</li>
        ))}
      </ul>
      <p className="field-hint">When both match a message, the trigger with the higher priority wins.</p>
    </div>
  );
}

function conflictText(conflict: TriggerConflict): string {
  const channels = conflict.channels.length ? ` on ${conflict.channels.join(', ')}` : '';
  return conflict.keyword
    ? `The keyword “${conflict.keyword}”${channels} also starts the live flow “${conflict.otherFlowName}”.`
    : `The live flow “${conflict.otherFlowName}” already has a ${conflict.kind} trigger${channels}.`;
}
