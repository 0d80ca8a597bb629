import { useDeferredValue, useRef, useState, type ChangeEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../api-client/api-error';
import { flowsApi } from '../api-client/flows-api';
import { useSession } from '../app/auth-context';
import { canEditFlows } from '../app/permissions';
import { Alert } from '../ui/alert';
import { readJsonObject } from '../ui/json-file';
import { Loading } from '../ui/loading';
import { useResource } from '../ui/use-resource';
import { FlowsTable } from './flows-table';
import { NewFlowDialog } from './new-flow-dialog';

/** /flows — the flows of the current workspace: search, create (blank or from a template), manage. */
export function FlowsListPage() {
  const session = useSession();
  const canEdit = canEditFlows(session.currentWorkspace.role);
  const [search, setSearch] = useState('');
  const [archived, setArchived] = useState(false);
  const query = useDeferredValue(search.trim());
  const [flows, reload] = useResource(() => flowsApi.list({ search: query, archived }).then((page) => page.items), [query, archived]);
  const [creating, setCreating] = useState(false);
  const filtering = query !== '' || archived;
  const importFlow = useImportFlow();

  const newFlowButton = canEdit && (
    <span className="row-actions">
      <button type="button" className="button button-secondary" onClick={importFlow.choose} disabled={importFlow.busy}>
        {importFlow.busy ? 'Importing…' : 'Import flow'}
      </button>
      <button type="button" className="button" onClick={() => setCreating(true)}>
        New flow
      </button>
      {importFlow.input}
    </span>
  );
  const isEmpty = flows.status === 'ready' && flows.data.length === 0;

  return (
    <section className="page">
      <div className="page-header">
        <div>
          <h1>Flows</h1>
          <p className="muted">Conversations your bot runs in {session.currentWorkspace.name}.</p>
        </div>
        {!(isEmpty && !filtering) && newFlowButton}
      </div>
      {!(isEmpty && !filtering) && (
        <div className="list-filters">
          <div className="field search-field">
            <label htmlFor="flow-search" className="visually-hidden">
              Search flows
            </label>
            <input id="flow-search" type="search" placeholder="Search flows by name" value={search} onChange={(event) => setSearch(event.target.value)} />
          </div>
          <div className="field field-checkbox">
            <input id="flow-archived" type="checkbox" checked={archived} onChange={(event) => setArchived(event.target.checked)} />
            <label htmlFor="flow-archived">Show archived</label>
          </div>
        </div>
      )}
      {importFlow.error && <Alert>{importFlow.error}</Alert>}
      {flows.status === 'loading' && <Loading label="Loading flows…" />}
      {flows.status === 'error' && (
        <Alert>
          Could not load flows: {errorMessage(flows.error)}{' '}
          <button type="button" className="link-button" onClick={reload}>
            Retry
          </button>
        </Alert>
      )}
      {isEmpty && !filtering && (
        <div className="empty-state">
          <h2>No flows yet</h2>
          <p className="muted">
            {canEdit
              ? 'A flow answers DMs for you: greet, ask questions, qualify leads, hand off to your team.'
              : 'Editors will create flows here.'}
          </p>
          {newFlowButton}
        </div>
      )}
      {isEmpty && filtering && <p className="muted">No flows match.</p>}
      {flows.status === 'ready' && flows.data.length > 0 && <FlowsTable flows={flows.data} canEdit={canEdit} archived={archived} onChanged={reload} />}
      {creating && <NewFlowDialog onClose={() => setCreating(false)} onCreated={reload} />}
    </section>
  );
}

/** Import from a JSON file (as exported by the editor): a new flow with fresh ids, opened in the editor. */
function useImportFlow() {
  const navigate = useNavigate();
  const inputRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    const read = await readJsonObject(file);
    if (!read.ok) return setError(read.error);
    setBusy(true);
    try {
      const flow = await flowsApi.importFlow(read.value);
      navigate(`/flows/${encodeURIComponent(flow.id)}`);
    } catch (caught) {
      setError(`“${file.name}” could not be imported: ${errorMessage(caught)}`);
      setBusy(false);
    }
  };
  const input = (
    <input ref={inputRef} type="file" accept="application/json,.json" className="visually-hidden" aria-label="Flow file to import" tabIndex={-1} onChange={(event) => void onFile(event)} />
  );
  return { input, busy, error, choose: () => inputRef.current?.click() };
}
