import { useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { channelsApi, type ChannelConnection } from '../api-client/channels-api';
import { Alert } from '../ui/alert';
import { Dialog } from '../ui/dialog';

/** Deleting removes the credentials for good; a confirmation names what stops working. */
export function DeleteConnectionButton({ connection, onDeleted }: { connection: ChannelConnection; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await channelsApi.remove(connection.id);
      setOpen(false);
      onDeleted();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="button button-danger" onClick={() => setOpen(true)}>
        Delete
      </button>
      {open && (
        <Dialog title={`Delete ${connection.name}?`} onClose={() => setOpen(false)}>
          <p>Parley stops receiving and answering messages on this account, and its stored credentials are erased. Disable it instead to pause.</p>
          {error && <Alert>{error}</Alert>}
          <div className="actions">
            <button type="button" className="button button-danger" disabled={busy} onClick={remove}>
              {busy ? 'Deleting…' : 'Delete connection'}
            </button>
            <button type="button" className="button button-ghost" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
