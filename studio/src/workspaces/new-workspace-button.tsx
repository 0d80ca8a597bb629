import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api-client/api-error';
import { useAuth } from '../app/auth-context';
import { Alert } from '../ui/alert';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';

/** "New workspace": creates one (the user becomes its owner) and offers to switch to it. */
export function NewWorkspaceButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button-ghost" onClick={() => setOpen(true)}>
        New workspace
      </button>
      {open && <NewWorkspaceDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function NewWorkspaceDialog({ onClose }: { onClose: () => void }) {
  const { createWorkspace, switchWorkspace } = useAuth();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await createWorkspace(name.trim());
      await switchWorkspace(created.id);
      onClose();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <Dialog title="New workspace" onClose={onClose}>
      <form onSubmit={onSubmit} className="stack">
        <p className="muted">A workspace holds one brand's flows, channels and team. You will be its owner.</p>
        {error && <Alert>{error}</Alert>}
        <TextField
          label="Workspace name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={100}
          autoFocus
        />
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={busy || !name.trim()}>
            {busy ? 'Creating…' : 'Create workspace'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
