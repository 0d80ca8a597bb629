import { useId, useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { useSession, useAuth } from '../app/auth-context';
import { ROLE_LABELS } from '../ui/role-select';

/** The header's workspace picker: choosing one switches the session and the screens reload their data. */
export function WorkspaceSwitcher() {
  const session = useSession();
  const { switchWorkspace } = useAuth();
  const [switching, setSwitching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const onChange = async (workspaceId: string) => {
    setSwitching(true);
    setError(null);
    try {
      await switchWorkspace(workspaceId);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSwitching(false);
    }
  };

  return (
    <div className="workspace-switcher">
      <label htmlFor={id}>Workspace</label>
      <select
        id={id}
        value={session.currentWorkspace.id}
        disabled={switching}
        aria-busy={switching}
        onChange={(event) => void onChange(event.target.value)}
      >
        {session.workspaces.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name} ({ROLE_LABELS[workspace.role] ?? workspace.role})
          </option>
        ))}
      </select>
      {error && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
