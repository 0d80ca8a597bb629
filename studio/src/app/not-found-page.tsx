import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <section className="page empty-state">
      <h1>Page not found</h1>
      <p className="muted">There is nothing at this address.</p>
      <Link to="/flows" className="button">
        Go to flows
      </Link>
    </section>
  );
}
