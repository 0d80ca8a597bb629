import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../api-client/api-error';
import { flowsApi } from '../api-client/flows-api';
import { Alert } from '../ui/alert';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';
import { useResource } from '../ui/use-resource';

interface NewFlowDialogProps {
  onClose: () => void;
  onCreated: () => void;
}

/** Names a new blank flow, creates it and opens it in the editor. */
export function NewFlowDialog({ onClose, onCreated }: NewFlowDialogProps) {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [templateKey, setTemplateKey] = useState('');
  const [templates] = useResource(() => flowsApi.templates(), []);
  const templateId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const flow = await flowsApi.create(name.trim(), templateKey || undefined);
      onCreated();
      navigate(`/flows/${encodeURIComponent(flow.id)}`);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <Dialog title="New flow" onClose={onClose}>
      <form onSubmit={onSubmit} className="stack">
        {error && <Alert>{error}</Alert>}
        <TextField
          label="Flow name"
          placeholder="e.g. Welcome new followers"
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={120}
          autoFocus
        />
        {templates.status === 'ready' && templates.data.length > 0 && (
          <div className="field">
            <label htmlFor={templateId}>Start from</label>
            <select id={templateId} value={templateKey} onChange={(event) => setTemplateKey(event.target.value)}>
              <option value="">A blank canvas</option>
              {templates.data.map((template) => (
                <option key={template.key} value={template.key}>
                  {template.name} ({template.nodeCount} steps)
                </option>
              ))}
            </select>
            {templateKey && <p className="field-hint">{templates.data.find((t) => t.key === templateKey)?.description}</p>}
          </div>
        )}
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={busy || !name.trim()}>
            {busy ? 'Creating…' : 'Create flow'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
