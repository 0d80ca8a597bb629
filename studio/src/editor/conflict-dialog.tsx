import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../api-client/api-error';
import { flowsApi } from '../api-client/flows-api';
import type { FlowDetail } from '../api-client/types';
import type { FlowDocument } from '../nodes/runtime-catalog';
import { Alert } from '../ui/alert';
import { Dialog } from '../ui/dialog';

interface ConflictDialogProps {
  flow: FlowDetail;
  mine: FlowDocument;
  onReload(): void;
}

/** Someone else saved this draft meanwhile: never overwrite silently, let the person choose. */
export function ConflictDialog({ flow, mine, onReload }: ConflictDialogProps) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const keepMineAsCopy = async () => {
    setBusy(true);
    setError(null);
    try {
      const copy = await flowsApi.create(`${flow.name} (my copy)`);
      const created = await flowsApi.get(copy.id);
      await flowsApi.saveDraft(copy.id, created.draft.revision, { ...mine, id: undefined, name: undefined } as unknown as Record<string, unknown>);
      navigate(`/flows/${encodeURIComponent(copy.id)}`);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <Dialog title="This flow was changed elsewhere" onClose={() => undefined} dismissible={false}>
      <div className="stack">
        <p>Someone saved this draft after you opened it. Your latest changes were not saved, so nothing was overwritten.</p>
        {error && <Alert>{error}</Alert>}
        <div className="actions">
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => void keepMineAsCopy()}>
            {busy ? 'Copying…' : 'Keep mine as a copy'}
          </button>
          <button type="button" className="button" disabled={busy} onClick={onReload}>
            Reload theirs
          </button>
        </div>
      </div>
    </Dialog>
  );
}
