import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../api-client/api-error';
import { flowsApi } from '../api-client/flows-api';
import type { FlowEditor, FlowSummary } from '../api-client/types';
import { useSession } from '../app/auth-context';
import { canEditFlows } from '../app/permissions';
import { Alert } from '../ui/alert';
import { formatDateTime, formatRelative } from '../ui/format-date';
import { Loading } from '../ui/loading';
import { StatusBadge } from '../ui/status-badge';
import { useResource } from '../ui/use-resource';
import { NewFlowDialog } from './new-flow-dialog';

/** /flows — the flows of the current workspace. */
export function FlowsListPage() {
  const session = useSession();
  const canEdit = canEditFlows(session.currentWorkspace.role);
  const [flows, reload] = useResource(() => flowsApi.list().then((page) => page.items), []);
  const [creating, setCreating] = useState(false);

  const newFlowButton = canEdit && (
    <button type="button" className="button" onClick={() => setCreating(true)}>
      New flow
    </button>
  );

  return (
    <section className="page">
      <div className="page-header">
        <div>
          <h1>Flows</h1>
          <p className="muted">Conversations your bot runs in {session.currentWorkspace.name}.</p>
        </div>
        {flows.status === 'ready' && flows.data.length > 0 && newFlowButton}
      </div>
      {flows.status === 'loading' && <Loading label="Loading flows…" />}
      {flows.status === 'error' && (
        <Alert>
          Could not load flows: {errorMessage(flows.error)}{' '}
          <button type="button" className="link-button" onClick={reload}>
            Retry
          </button>
        </Alert>
      )}
      {flows.status === 'ready' && flows.data.length === 0 && (
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
      {flows.status === 'ready' && flows.data.length > 0 && <FlowsTable flows={flows.data} />}
      {creating && <NewFlowDialog onClose={() => setCreating(false)} onCreated={reload} />}
    </section>
  );
}

function FlowsTable({ flows }: { flows: FlowSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Last edited</th>
          </tr>
        </thead>
        <tbody>
          {flows.map((flow) => (
            <tr key={flow.id}>
              <td>
                <Link to={`/flows/${encodeURIComponent(flow.id)}`} className="row-link">
                  {flow.name}
                </Link>
              </td>
              <td>
                <StatusBadge status={flow.status} />
              </td>
              <td>
                <time dateTime={flow.updatedAt} title={formatDateTime(flow.updatedAt)}>
                  {formatRelative(flow.updatedAt)}
                </time>
                {editorName(flow.updatedBy) && <span className="muted"> by {editorName(flow.updatedBy)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function editorName(editor: FlowEditor | null | undefined): string {
  if (!editor) return '';
  if (typeof editor === 'string') return editor;
  return editor.name || editor.email || '';
}
