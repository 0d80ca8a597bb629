import { useEffect, useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { broadcastsApi } from '../api-client/broadcasts-api';
import { Alert } from '../ui/alert';
import { formatDateTime } from '../ui/format-date';
import { Loading } from '../ui/loading';
import { useResource } from '../ui/use-resource';

const LIVE_MS = 2000;

interface BroadcastDetailProps {
  broadcastId: string;
  canAct: boolean;
  onChanged: () => void;
  onClose: () => void;
}

/** Progress of one broadcast (refreshed live while it can still change), with pause, resume and cancel. */
export function BroadcastDetail({ broadcastId, canAct, onChanged, onClose }: BroadcastDetailProps) {
  const [broadcast, reload] = useResource(() => broadcastsApi.get(broadcastId), [broadcastId]);
  const [error, setError] = useState<string | null>(null);
  const live = broadcast.status === 'ready' && (['scheduled', 'running'].includes(broadcast.data.status) || broadcast.data.progress.queued > 0);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(reload, LIVE_MS);
    return () => clearInterval(timer);
  }, [live, reload]);

  const act = async (action: 'pause' | 'resume' | 'cancel') => {
    setError(null);
    try {
      await broadcastsApi[action](broadcastId);
      reload();
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  if (broadcast.status === 'loading') return <Loading label="Loading the broadcast…" />;
  if (broadcast.status === 'error') return <Alert>{errorMessage(broadcast.error)}</Alert>;
  const b = broadcast.data;
  const p = b.progress;
  const percent = p.total ? Math.round((p.done / p.total) * 100) : 0;
  return (
    <section className="broadcast-detail card" aria-labelledby="broadcast-detail-title">
      <div className="contact-profile-header">
        <h2 id="broadcast-detail-title">{b.name}</h2>
        <button type="button" className="button button-ghost" onClick={onClose}>
          Close<span className="visually-hidden"> broadcast</span>
        </button>
      </div>
      <p>
        <strong>{b.status}</strong> · scheduled {formatDateTime(b.scheduledAt)}
        {b.finishedAt ? ` · finished ${formatDateTime(b.finishedAt)}` : ''}
      </p>
      <label htmlFor="broadcast-progress">
        {p.done.toLocaleString()} of {p.total.toLocaleString()} handled ({percent}%)
      </label>
      <progress id="broadcast-progress" max={Math.max(1, p.total)} value={p.done} />
      <dl className="broadcast-counts" aria-live="polite">
        {(['sent', 'started', 'delivered', 'read', 'queued', 'pending', 'skipped', 'blocked', 'failed', 'uncertain', 'cancelled'] as const).map((key) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{p[key].toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      {p.reasons.length > 0 && (
        <table className="table">
          <caption>Why some were not sent</caption>
          <thead>
            <tr>
              <th scope="col">Outcome</th>
              <th scope="col">Reason</th>
              <th scope="col">Contacts</th>
            </tr>
          </thead>
          <tbody>
            {p.reasons.map((r) => (
              <tr key={`${r.outcome}:${r.reason}`}>
                <td>{r.outcome}</td>
                <td>{r.reason}</td>
                <td>{r.count.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && <Alert>{error}</Alert>}
      {canAct && (
        <div className="contacts-filter-actions">
          {['scheduled', 'running'].includes(b.status) && (
            <button type="button" className="button button-secondary" onClick={() => act('pause')}>
              Pause
            </button>
          )}
          {b.status === 'paused' && (
            <button type="button" className="button" onClick={() => act('resume')}>
              Resume
            </button>
          )}
          {['scheduled', 'running', 'paused'].includes(b.status) && (
            <button type="button" className="button button-danger" onClick={() => act('cancel')}>
              Cancel broadcast
            </button>
          )}
        </div>
      )}
    </section>
  );
}
