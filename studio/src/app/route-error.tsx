import { Link, useRouteError } from 'react-router-dom';

/** Shown instead of a blank page when a screen fails to render. */
export function RouteError() {
  const error = useRouteError();
  return (
    <main className="centered-page">
      <div className="auth-card">
        <h1>Something went wrong</h1>
        <p className="muted">This screen hit an unexpected problem. Your saved work is safe.</p>
        <pre className="error-detail">{error instanceof Error ? error.message : String(error)}</pre>
        <p>
          <Link to="/flows" reloadDocument>
            Back to flows
          </Link>
        </p>
      </div>
    </main>
  );
}
