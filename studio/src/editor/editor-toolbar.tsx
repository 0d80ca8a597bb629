import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { FlowDetail, FlowStatus } from '../api-client/types';
import { Alert } from '../ui/alert';
import { StatusBadge } from '../ui/status-badge';
import { ImportExportButtons } from './import-export/import-export-buttons';
import { ProblemsButton } from './problems/problems-button';
import { PublishDialog } from './publish/publish-dialog';
import { ShortcutsButton } from './shortcuts-button';
import { TidyUpButton } from './tidy-up-button';
import { useFlowEditor, useFlowEditorStore } from './store/flow-editor-context';
import type { SaveState } from './store/use-autosave';

interface EditorToolbarProps {
  flow: FlowDetail;
  save: SaveState;
  canEdit: boolean;
  onToggleHistory(): void;
  onTogglePreview(): void;
}

export function EditorToolbar({ flow, save, canEdit, onToggleHistory, onTogglePreview }: EditorToolbarProps) {
  const store = useFlowEditorStore();
  const canUndo = useFlowEditor((state) => state.past.length > 0);
  const canRedo = useFlowEditor((state) => state.future.length > 0);
  const errorCount = useFlowEditor((state) => state.issues.filter((issue) => issue.severity === 'error').length);
  const [status, setStatus] = useLiveStatus(flow.status);
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<string | null>(null);
  useEffect(() => {
    if (!published) return;
    const timer = window.setTimeout(() => setPublished(null), 5000);
    return () => window.clearTimeout(timer);
  }, [published]);

  return (
    <div className="editor-toolbar">
      <Link to="/flows" className="button button-ghost button-small">
        ← Flows
      </Link>
      <h1 className="editor-title">{flow.name}</h1>
      <StatusBadge status={status} />
      {published && (
        <span className="save-status" role="status">
          {published}
        </span>
      )}
      <div className="editor-toolbar-actions">
        <ProblemsButton />
        {canEdit ? <SaveStatus save={save} /> : <span className="muted small">Read-only</span>}
        {canEdit && <TidyUpButton />}
        <button type="button" className="button button-secondary button-small" onClick={onToggleHistory}>
          History
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onTogglePreview}>
          Preview
        </button>
        <ImportExportButtons flow={flow} canEdit={canEdit} />
        <ShortcutsButton />
        <button type="button" className="button button-secondary button-small" disabled={!canUndo} onClick={() => store.getState().undo()} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" className="button button-secondary button-small" disabled={!canRedo} onClick={() => store.getState().redo()} title="Redo (Shift+Ctrl+Z)">
          Redo
        </button>
        {canEdit && (
          <button
            type="button"
            className="button button-small publish-button"
            onClick={() => setPublishing(true)}
            title={errorCount ? `${errorCount} error${errorCount === 1 ? '' : 's'} block publishing` : 'Make this draft live'}
          >
            Publish
            {/* A count badge, not "· N errors": the label keeps its width at 1,280 px; the title says what it counts. */}
            {errorCount > 0 && (
              <span className="publish-blocked" aria-hidden="true" data-testid="publish-error-count">
                {errorCount > 99 ? '99+' : errorCount}
              </span>
            )}
          </button>
        )}
      </div>
      {publishing && (
        <PublishDialog
          flowId={flow.id}
          save={save}
          onClose={() => setPublishing(false)}
          onPublished={(result) => {
            setPublishing(false);
            setStatus('live');
            setPublished(result.unchanged ? 'Already live' : `Version ${result.version.number} is live`);
          }}
        />
      )}
      {save.status === 'error' && (
        <div className="editor-toolbar-alert">
          <Alert>Your changes are not saved: {save.message}</Alert>
        </div>
      )}
    </div>
  );
}

/** The status badge follows edits: a live flow edited afterwards has unpublished changes. */
function useLiveStatus(initial: FlowStatus): [FlowStatus, (status: FlowStatus) => void] {
  const store = useFlowEditorStore();
  const [status, setStatus] = useState(initial);
  useEffect(
    () =>
      store.subscribe((next, previous) => {
        if (next.document !== previous.document) setStatus((current) => (current === 'live' ? 'live-with-changes' : current));
      }),
    [store],
  );
  return [status, setStatus];
}

const SAVE_TEXT: Record<SaveState['status'], string> = {
  saved: 'All changes saved',
  pending: 'Unsaved changes',
  saving: 'Saving…',
  error: 'Not saved',
  conflict: 'Changed elsewhere',
};

function SaveStatus({ save }: { save: SaveState }) {
  return (
    <span className={`save-status save-${save.status}`} role="status">
      {SAVE_TEXT[save.status]}
    </span>
  );
}
