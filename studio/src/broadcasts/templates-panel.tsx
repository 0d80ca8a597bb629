import { useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { broadcastsApi, type TemplateSyncResult, type WhatsAppTemplate } from '../api-client/broadcasts-api';
import { channelsApi } from '../api-client/channels-api';
import { Alert } from '../ui/alert';
import { formatDateTime } from '../ui/format-date';
import { TextField } from '../ui/text-field';
import { useResource } from '../ui/use-resource';

const STATUSES: WhatsAppTemplate['status'][] = ['pending', 'approved', 'rejected', 'paused', 'disabled'];

/** WhatsApp templates per number, with the review status WhatsApp Manager shows; only approved ones broadcast. */
export function TemplatesPanel({ canEdit }: { canEdit: boolean }) {
  const [templates, reload] = useResource(() => broadcastsApi.templates(), []);
  const [connections] = useResource(() => channelsApi.list(), []);
  const whatsapp = connections.status === 'ready' ? connections.data.filter((c) => c.platform === 'whatsapp') : [];
  const [draft, setDraft] = useState({ connectionId: '', name: '', language: 'en_US', category: 'marketing' as WhatsAppTemplate['category'], status: 'pending' as WhatsAppTemplate['status'], body: '' });
  const [error, setError] = useState<string | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [syncResults, setSyncResults] = useState<TemplateSyncResult[] | null>(null);

  const sync = async () => {
    setSyncing(true);
    setSyncResults(null);
    await run(async () => setSyncResults(await broadcastsApi.syncTemplates()));
    setSyncing(false);
  };

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <section aria-labelledby="templates-title">
      <h2 className="section-title" id="templates-title">
        WhatsApp templates
      </h2>
      {canEdit && whatsapp.length > 0 && (
        <p className="template-sync">
          <button type="button" className="button" onClick={sync} disabled={syncing} aria-describedby="template-sync-hint">
            {syncing ? 'Syncing…' : 'Sync from WhatsApp'}
          </button>{' '}
          <span id="template-sync-hint" className="field-hint">
            Reads names, languages, categories, bodies and review statuses from each number's WhatsApp Business Account.
          </span>
        </p>
      )}
      <div role="status" aria-live="polite">
        {syncResults && (
          <ul className="template-sync-results">
            {syncResults.length === 0 && <li>No WhatsApp number to sync.</li>}
            {syncResults.map((r) => (
              <li key={r.connectionId}>
                <strong>{r.connectionName}</strong>:{' '}
                {r.ok
                  ? `${r.listed} template(s) read, ${r.created} new, ${r.missing} no longer in WhatsApp${r.skipped ? `, ${r.skipped} of an unknown category left out` : ''}.`
                  : r.error}
              </li>
            ))}
          </ul>
        )}
      </div>
      {error && <Alert>{error}</Alert>}
      {templates.status === 'ready' && templates.data.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Language</th>
                <th scope="col">Number</th>
                <th scope="col">Body</th>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {templates.data.map((t) => (
                <tr key={t.id}>
                  <td className="mono">{t.name}</td>
                  <td>{t.language}</td>
                  <td>{t.connectionName}</td>
                  <td>{t.body}</td>
                  <td>
                    {t.missingUpstreamAt ? (
                      <span className="badge badge-live-with-changes">Missing in WhatsApp since {formatDateTime(t.missingUpstreamAt)}</span>
                    ) : t.syncedAt ? (
                      `Synced ${formatDateTime(t.syncedAt)}`
                    ) : (
                      'Entered by hand'
                    )}
                  </td>
                  <td>
                    <select aria-label={`Status of ${t.name} (${t.language})`} value={t.status} disabled={!canEdit} onChange={(e) => run(() => broadcastsApi.updateTemplate(t.id, { status: e.target.value as WhatsAppTemplate['status'] }))}>
                      {STATUSES.map((s) => (
                        <option key={s}>{s}</option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit && whatsapp.length > 0 && (
        <form className="card template-form" aria-label="Add a WhatsApp template" onSubmit={(e) => (e.preventDefault(), run(() => broadcastsApi.createTemplate({ ...draft, connectionId: draft.connectionId || whatsapp[0].id })))}>
          <div className="field">
            <label htmlFor="template-connection">Number</label>
            <select id="template-connection" value={draft.connectionId || whatsapp[0].id} onChange={(e) => setDraft({ ...draft, connectionId: e.target.value })}>
              {whatsapp.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <TextField label="Name" required pattern="[a-z0-9_]+" hint="As in WhatsApp Manager: lower-case, digits, _" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          <TextField label="Language" required pattern="[a-z]{2,3}(_[A-Z]{2})?" value={draft.language} onChange={(e) => setDraft({ ...draft, language: e.target.value })} />
          <div className="field">
            <label htmlFor="template-category">Category</label>
            <select id="template-category" value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value as WhatsAppTemplate['category'] })}>
              <option>marketing</option>
              <option>utility</option>
              <option>authentication</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="template-status">Status</label>
            <select id="template-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as WhatsAppTemplate['status'] })}>
              {STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </div>
          <TextField label="Body" required maxLength={1024} hint="{{1}} is the contact's first name" value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
          <button type="submit" className="button">
            Add template
          </button>
        </form>
      )}
    </section>
  );
}
