import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../api-client/api-error';
import { membersApi } from '../api-client/members-api';
import type { CreatedInvite, Role } from '../api-client/types';
import { Alert } from '../ui/alert';
import { CopyButton } from '../ui/copy-button';
import { formatDateTime } from '../ui/format-date';
import { RoleSelect } from '../ui/role-select';
import { TextField } from '../ui/text-field';

/** Creates an invite link. The server shows its token once, so the link is displayed right here. */
export function InviteForm({ onCreated }: { onCreated: () => void }) {
  const [role, setRole] = useState<Role>('editor');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedInvite | null>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(await membersApi.createInvite(role, email.trim() || undefined));
      setEmail('');
      onCreated();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card stack">
      <form onSubmit={onSubmit} className="inline-form">
        <RoleSelect label="Role" value={role} onChange={setRole} />
        <TextField
          label="Email (optional)"
          type="email"
          placeholder="name@company.com"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Creating…' : 'Create invite link'}
        </button>
      </form>
      {error && <Alert>{error}</Alert>}
      {created && <CreatedInviteLink invite={created} />}
    </div>
  );
}

function CreatedInviteLink({ invite }: { invite: CreatedInvite }) {
  const id = useId();
  const link = new URL(invite.url || `/invite/${invite.token}`, window.location.origin).toString();
  return (
    <Alert tone="success">
      <label htmlFor={id} className="strong">
        Invite link
      </label>
      <p className="small">
        Copy it now: it is shown only once. It works once and expires {formatDateTime(invite.expiresAt)}.
      </p>
      <div className="copy-row">
        <input id={id} readOnly value={link} onFocus={(event) => event.target.select()} />
        <CopyButton text={link} label="Copy link" />
      </div>
    </Alert>
  );
}
