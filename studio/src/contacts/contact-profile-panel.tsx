import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../api-client/api-error';
import { contactsApi } from '../api-client/contacts-api';
import { useSession } from '../app/auth-context';
import { Alert } from '../ui/alert';
import { formatDateTime, formatRelative } from '../ui/format-date';
import { Loading } from '../ui/loading';
import { useResource } from '../ui/use-resource';

interface ContactProfilePanelProps {
  contactId: string;
  onClose: () => void;
  onChanged: () => void;
}

/** A contact's profile: who, tags, opt-out, custom fields (editable by agents and up), conversations into the inbox. */
export function ContactProfilePanel({ contactId, onClose, onChanged }: ContactProfilePanelProps) {
  const role = useSession().currentWorkspace.role;
  const canEdit = role !== 'viewer';
  const [profile, reload] = useResource(() => contactsApi.get(contactId), [contactId]);
  const [rows, setRows] = useState<Array<{ key: string; value: string }>>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (profile.status === 'ready') setRows(Object.entries(profile.data.customFields).map(([key, value]) => ({ key, value: String(value) })));
  }, [profile]);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (profile.status !== 'ready') return;
    setError(null);
    const next: Record<string, string | null> = {};
    for (const key of Object.keys(profile.data.customFields)) next[key] = null;
    for (const row of rows) if (row.key.trim()) next[row.key.trim()] = row.value;
    try {
      await contactsApi.updateFields(contactId, next);
      reload();
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <aside className="contact-profile card" aria-label="Contact profile">
      <div className="contact-profile-header">
        <h2>{profile.status === 'ready' ? (profile.data.name ?? profile.data.username ?? 'Contact') : 'Contact'}</h2>
        <button type="button" className="button button-ghost" onClick={onClose}>
          Close<span className="visually-hidden"> profile</span>
        </button>
      </div>
      {profile.status === 'loading' && <Loading label="Loading the contact…" />}
      {profile.status === 'error' && <Alert>{errorMessage(profile.error)}</Alert>}
      {profile.status === 'ready' && (
        <>
          <dl className="contact-facts">
            <dt>Channel</dt>
            <dd>
              {profile.data.connection.name} ({profile.data.connection.platform})
            </dd>
            <dt>Username</dt>
            <dd>{profile.data.username ?? '—'}</dd>
            <dt>Last message</dt>
            <dd>{formatDateTime(profile.data.lastMessageAt) || '—'}</dd>
            <dt>Tags</dt>
            <dd>{profile.data.tags.join(', ') || '—'}</dd>
            <dt>Broadcasts</dt>
            <dd>{profile.data.optedOutAt ? `Opted out ${formatRelative(profile.data.optedOutAt)} (“${profile.data.optOutKeyword ?? ''}”)` : 'Subscribed'}</dd>
          </dl>
          <h3>Conversations</h3>
          <ul className="contact-conversations">
            {profile.data.conversations.map((c) => (
              <li key={c.id}>
                <Link to={`/inbox/${c.id}`}>Open in the inbox</Link> — {c.status}
                {c.flowName ? `, flow “${c.flowName}”` : ''}, updated {formatRelative(c.updatedAt)}
              </li>
            ))}
          </ul>
          <form onSubmit={save} aria-label="Custom fields">
            <h3>Custom fields</h3>
            {rows.map((row, i) => (
              <div className="custom-field-row" key={i}>
                <input aria-label={`Field ${i + 1} name`} value={row.key} disabled={!canEdit} onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))} />
                <input aria-label={`Field ${i + 1} value`} value={row.value} disabled={!canEdit} onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))} />
                {canEdit && (
                  <button type="button" className="button button-ghost button-small" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                    Remove<span className="visually-hidden"> field {row.key}</span>
                  </button>
                )}
              </div>
            ))}
            {error && <Alert>{error}</Alert>}
            {canEdit && (
              <div className="contacts-filter-actions">
                <button type="button" className="button button-secondary button-small" onClick={() => setRows([...rows, { key: '', value: '' }])}>
                  Add field
                </button>
                <button type="submit" className="button button-small">
                  Save fields
                </button>
              </div>
            )}
          </form>
        </>
      )}
    </aside>
  );
}
