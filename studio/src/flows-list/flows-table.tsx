import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../api-client/api-error';
import { flowsApi } from '../api-client/flows-api';
import type { FlowEditor, FlowSummary } from '../api-client/types';
import { Alert } from '../ui/alert';
import { formatDateTime, formatRelative } from '../ui/format-date';
import { StatusBadge } from '../ui/status-badge';

interface FlowsTableProps {
  flows: FlowSummary[];
  canEdit: boolean;
  archived: boolean;
  onChanged(): void;
}

export function FlowsTable({ flows, canEdit, archived, onChanged }: FlowsTableProps) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (flowId: string, action: () => Promise<unknown>) => {
    setBusyId(flowId);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusyId(null);
    }
  };

  const rename = (flow: FlowSummary) => {
    const name = window.prompt('Rename flow', flow.name)?.trim();
    if (name && name !== flow.name) void run(flow.id, () => flowsApi.rename(flow.id, name));
  };

  return (
    <>
      {error && <Alert>{error}</Alert>}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Last edited</th>
              {canEdit && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {flows.map((flow) => (
              <tr key={flow.id} aria-busy={busyId === flow.id}>
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
                {canEdit && (
                  <td className="cell-actions">
                    <div className="row-actions">
                      <button type="button" className="button button-secondary button-small" disabled={busyId === flow.id} onClick={() => rename(flow)} aria-label={`Rename ${flow.name}`}>
                        Rename
                      </button>
                      <button type="button" className="button button-secondary button-small" disabled={busyId === flow.id} onClick={() => void run(flow.id, () => flowsApi.duplicate(flow.id))} aria-label={`Duplicate ${flow.name}`}>
                        Duplicate
                      </button>
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        disabled={busyId === flow.id}
                        onClick={() => void run(flow.id, () => (archived ? flowsApi.unarchive(flow.id) : flowsApi.archive(flow.id)))}
                        aria-label={`${archived ? 'Restore' : 'Archive'} ${flow.name}`}
                      >
                        {archived ? 'Restore' : 'Archive'}
                      </button>
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function editorName(editor: FlowEditor | null | undefined): string {
  if (!editor) return '';
  if (typeof editor === 'string') return editor;
  return editor.name || editor.email || '';
}
