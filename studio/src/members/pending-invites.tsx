import { useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { membersApi } from '../api-client/members-api';
import type { Invite } from '../api-client/types';
import { Alert } from '../ui/alert';
import { formatDateTime } from '../ui/format-date';
import { ROLE_LABELS } from '../ui/role-select';

export function PendingInvites({ invites, onChanged }: { invites: Invite[]; onChanged: () => void }) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (invites.length === 0) return <p className="muted">No pending invites.</p>;

  const revoke = async (invite: Invite) => {
    setBusyId(invite.id);
    setError(null);
    try {
      await membersApi.revokeInvite(invite.id);
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusyId(null);
    }
  };

  return (
    <>
      {error && <Alert>{error}</Alert>}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">For</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invites.map((invite) => (
              <tr key={invite.id}>
                <td>{invite.email || <span className="muted">Anyone with the link</span>}</td>
                <td>{ROLE_LABELS[invite.role] ?? invite.role}</td>
                <td>{formatDateTime(invite.createdAt)}</td>
                <td>{formatDateTime(invite.expiresAt)}</td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    aria-label={`Revoke invite ${invite.email ?? 'link'} (${ROLE_LABELS[invite.role] ?? invite.role})`}
                    disabled={busyId === invite.id}
                    onClick={() => void revoke(invite)}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
