import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../api-client/api-error';
import { broadcastsApi } from '../api-client/broadcasts-api';
import { useSession } from '../app/auth-context';
import { canEditFlows, canManageMembers } from '../app/permissions';
import { Alert } from '../ui/alert';
import { formatDateTime } from '../ui/format-date';
import { Loading } from '../ui/loading';
import { useResource } from '../ui/use-resource';
import { BroadcastDetail } from './broadcast-detail';
import { BroadcastForm } from './broadcast-form';
import { BroadcastSettingsForm } from './broadcast-settings-form';
import { TemplatesPanel } from './templates-panel';
import './broadcasts.css';

/** /broadcasts — send a message or a flow to an audience within the platforms' rules, and watch it go out. */
export function BroadcastsPage() {
  const role = useSession().currentWorkspace.role;
  const [searchParams, setSearchParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [list, reload] = useResource(() => broadcastsApi.list(), []);
  const openId = searchParams.get('broadcast');

  return (
    <div className="page broadcasts-page">
      <div className="page-header">
        <div>
          <h1>Broadcasts</h1>
          <p className="muted">Only contacts inside the messaging window, not opted out and under the frequency cap receive a broadcast.</p>
        </div>
        {canEditFlows(role) && !creating && (
          <button type="button" className="button" onClick={() => setCreating(true)}>
            New broadcast
          </button>
        )}
      </div>
      {creating && (
        <BroadcastForm
          onCancel={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            reload();
            setSearchParams({ broadcast: id });
          }}
        />
      )}
      {openId && <BroadcastDetail broadcastId={openId} canAct={canEditFlows(role)} onChanged={reload} onClose={() => setSearchParams({})} />}
      <h2 className="section-title">All broadcasts</h2>
      {list.status === 'loading' && <Loading label="Loading broadcasts…" />}
      {list.status === 'error' && <Alert>Could not load broadcasts: {errorMessage(list.error)}</Alert>}
      {list.status === 'ready' &&
        (list.data.length ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Sends</th>
                  <th scope="col">Status</th>
                  <th scope="col">Scheduled</th>
                  <th scope="col">Recipients</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((b) => (
                  <tr key={b.id} aria-current={b.id === openId ? 'true' : undefined}>
                    <td>
                      <button type="button" className="link-button" onClick={() => setSearchParams({ broadcast: b.id })}>
                        {b.name}
                      </button>
                    </td>
                    <td>{b.kind === 'flow' ? 'Starts a flow' : 'Message'}</td>
                    <td>{b.status}</td>
                    <td>{formatDateTime(b.scheduledAt)}</td>
                    <td>{b.recipientCount ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">No broadcast yet.</p>
        ))}
      <TemplatesPanel canEdit={canEditFlows(role)} />
      {canManageMembers(role) && <BroadcastSettingsForm />}
    </div>
  );
}
