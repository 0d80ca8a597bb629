import { Link } from 'react-router-dom';
import type { FlowDetail } from '../api-client/types';
import { StatusBadge } from '../ui/status-badge';
import { ProblemsButton } from './problems/problems-button';
import { useFlowEditor, useFlowEditorStore } from './store/flow-editor-context';
import type { SaveState } from './store/use-autosave';

export function EditorToolbar({ flow, save, canEdit }: { flow: FlowDetail; save: SaveState; canEdit: boolean }) {
  const store = useFlowEditorStore();
  const canUndo = useFlowEditor((state) => state.past.length > 0);
  const canRedo = useFlowEditor((state) => state.future.length > 0);
  return (
    <div className="editor-toolbar">
      <Link to="/flows" className="button button-ghost button-small">
        ← Flows
      </Link>
      <h1 className="editor-title">{flow.name}</h1>
      <StatusBadge status={flow.status} />
      <div className="editor-toolbar-actions">
        <ProblemsButton />
        {canEdit ? <SaveStatus save={save} /> : <span className="muted small">Read-only</span>}
        <button type="button" className="button button-secondary button-small" disabled={!canUndo} onClick={() => store.getState().undo()} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" className="button button-secondary button-small" disabled={!canRedo} onClick={() => store.getState().redo()} title="Redo (Shift+Ctrl+Z)">
          Redo
        </button>
      </div>
    </div>
  );
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
    <span className={`save-status save-${save.status}`} role="status" title={save.status === 'error' ? save.message : undefined}>
      {SAVE_TEXT[save.status]}
      {save.status === 'error' && `: ${save.message}`}
    </span>
  );
}
