import { useDeferredValue, useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { flowsApi } from '../api-client/flows-api';
import { useSession } from '../app/auth-context';
import { canEditFlows } from '../app/permissions';
import { Alert } from '../ui/alert';
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

  const newFlowButton = canEdit && (
    <button type="button" className="button" onClick={() => setCreating(true)}>
      New flow
    </button>
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
