import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../api-client/api-error';
import { useAuth } from '../app/auth-context';
import { Alert } from '../ui/alert';
import { formatDuration } from '../ui/format-date';
import { TextField } from '../ui/text-field';
import { safeNextPath } from './safe-next-path';

export function LoginPage() {
  const { state, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // '/' lets the home route pick the landing screen by role (agents: the inbox).
  const next = safeNextPath(params.get('next'), '/');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (state.status === 'authenticated' && !busy) return <Navigate to={next} replace />;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      navigate(next, { replace: true });
    } catch (caught) {
      setError(loginErrorText(caught));
      setBusy(false);
    }
  };

  return (
    <main className="centered-page">
      <div className="auth-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          Parley
        </div>
        <h1>Log in to the studio</h1>
        <form onSubmit={onSubmit} className="stack" noValidate={false}>
          {error && <Alert>{error}</Alert>}
          <TextField
            label="Email"
            type="email"
            name="email"
            autoComplete="username"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            required
            autoFocus
          />
          <TextField
            label="Password"
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
          <button type="submit" className="button button-block" disabled={busy}>
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </form>
      </div>
    </main>
  );
}

/** The server's own message, plus when to retry after too many attempts. */
function loginErrorText(error: unknown): string {
  const message = errorMessage(error);
  if (error instanceof ApiError && error.code === 'TOO_MANY_ATTEMPTS') {
    const retryAfter = Number(error.details.retryAfterSeconds);
    if (Number.isFinite(retryAfter) && retryAfter > 0) return `${message} Try again in ${formatDuration(retryAfter)}.`;
  }
  return message;
}
