import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../api-client/api-error';
import { invitesApi, type AcceptInviteInput } from '../api-client/invites-api';
import type { InvitePreview } from '../api-client/types';
import { useAuth } from '../app/auth-context';
import { Alert } from '../ui/alert';
import { formatDateTime } from '../ui/format-date';
import { Loading } from '../ui/loading';
import { ROLE_LABELS } from '../ui/role-select';
import { TextField } from '../ui/text-field';
import { useResource } from '../ui/use-resource';

/** /invite/:token — join a workspace, creating an account first when not logged in. */
export function AcceptInvitePage() {
  const { token = '' } = useParams();
  const { state } = useAuth();
  const [preview] = useResource(() => invitesApi.preview(token), [token]);

  return (
    <main className="centered-page">
      <div className="auth-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          Parley
        </div>
        {preview.status === 'loading' && <Loading label="Checking your invite…" />}
        {preview.status === 'error' && (
          <>
            <h1>This invite can't be used</h1>
            <Alert>{errorMessage(preview.error)}</Alert>
            <p>
              Ask whoever invited you for a new link, or <Link to="/login">log in</Link>.
            </p>
          </>
        )}
        {preview.status === 'ready' && (
          <>
            <InviteSummary invite={preview.data} />
            {state.status === 'loading' && <Loading />}
            {state.status === 'authenticated' && <JoinAsCurrentUser token={token} email={state.session.user.email} />}
            {state.status === 'anonymous' && <CreateAccountAndJoin token={token} />}
          </>
        )}
      </div>
    </main>
  );
}

function InviteSummary({ invite }: { invite: InvitePreview }) {
  return (
    <>
      <h1>
        Join <span className="emphasis">{invite.workspaceName}</span>
      </h1>
      <p className="muted">
        You are invited as <strong>{ROLE_LABELS[invite.role] ?? invite.role}</strong>. The invite expires{' '}
        {formatDateTime(invite.expiresAt)}.
      </p>
    </>
  );
}

function useAccept(token: string) {
  const { setSession } = useAuth();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const accept = async (input: AcceptInviteInput) => {
    setBusy(true);
    setError(null);
    try {
      const { token: _sessionToken, ...session } = await invitesApi.accept(token, input);
      setSession(session);
      navigate('/flows', { replace: true });
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };
  return { busy, error, accept };
}

function JoinAsCurrentUser({ token, email }: { token: string; email: string }) {
  const { busy, error, accept } = useAccept(token);
  return (
    <div className="stack">
      {error && <Alert>{error}</Alert>}
      <p>
        You are logged in as <strong>{email}</strong>.
      </p>
      <button type="button" className="button button-block" disabled={busy} onClick={() => void accept({})}>
        {busy ? 'Joining…' : 'Join'}
      </button>
    </div>
  );
}

function CreateAccountAndJoin({ token }: { token: string }) {
  const { busy, error, accept } = useAccept(token);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void accept({ name: name.trim(), email: email.trim(), password });
  };

  return (
    <form onSubmit={onSubmit} className="stack">
      {error && <Alert>{error}</Alert>}
      <TextField label="Your name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} required />
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        required
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        minLength={8}
        hint="At least 8 characters."
        required
      />
      <button type="submit" className="button button-block" disabled={busy}>
        {busy ? 'Joining…' : 'Create account and join'}
      </button>
      <p className="muted small">
        Already have an account?{' '}
        <Link to={`/login?next=${encodeURIComponent(`/invite/${token}`)}`}>Log in to join</Link>
      </p>
    </form>
  );
}
