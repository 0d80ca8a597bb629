import { useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { errorMessage } from '../api-client/api-error';
import { Alert } from '../ui/alert';
import { NewWorkspaceButton } from '../workspaces/new-workspace-button';
import { WorkspaceSwitcher } from '../workspaces/workspace-switcher';
import { useAuth, useSession } from './auth-context';
import { canEditFlows } from './permissions';

/** The frame around every logged-in screen: product, workspace, navigation, user. */
export function AppLayout() {
  const session = useSession();
  const role = session.currentWorkspace.role;
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          Parley
        </div>
        <WorkspaceSwitcher />
        <NewWorkspaceButton />
        <nav className="app-nav" aria-label="Main">
          {canEditFlows(role) || role === 'viewer' ? <NavLink to="/flows">Flows</NavLink> : null}
          <NavLink to="/inbox">Inbox</NavLink>
          <NavLink to="/contacts">Contacts</NavLink>
          {role !== 'agent' && <NavLink to="/broadcasts">Broadcasts</NavLink>}
          {role !== 'agent' && <NavLink to="/members">Members</NavLink>}
          {role !== 'agent' && <NavLink to="/channels">Channels</NavLink>}
        </nav>
        <UserMenu email={session.user.email} />
      </header>
      {/* Keyed by workspace: switching remounts the page, so it reloads that workspace's data. */}
      <main id="main" className="app-main" key={session.currentWorkspace.id}>
        <Outlet />
      </main>
    </div>
  );
}

function UserMenu({ email }: { email: string }) {
  const { logout } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);

  const onLogout = async () => {
    try {
      await logout();
      navigate('/login', { replace: true });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <div className="user-menu">
      <span className="user-email" title={email}>
        {email}
      </span>
      <button type="button" className="button button-secondary" onClick={onLogout}>
        Log out
      </button>
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
