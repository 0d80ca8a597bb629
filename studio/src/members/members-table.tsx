import { useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { membersApi } from '../api-client/members-api';
import type { Member, Role } from '../api-client/types';
import { Alert } from '../ui/alert';
import { formatDate } from '../ui/format-date';
import { ROLE_LABELS, RoleSelect } from '../ui/role-select';

interface MembersTableProps {
  members: Member[];
  currentUserId: string;
  canManage: boolean;
  onChanged: () => void;
}

export function MembersTable({ members, currentUserId, canManage, onChanged }: MembersTableProps) {
  const [busyUserId, setBusyUserId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (userId: string, action: () => Promise<unknown>) => {
    setBusyUserId(userId);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusyUserId(null);
    }
  };

  const changeRole = (member: Member, role: Role) => void run(member.userId, () => membersApi.changeRole(member.userId, role));
  const remove = (member: Member) => {
    if (!window.confirm(`Remove ${member.email} from this workspace?`)) return;
    void run(member.userId, () => membersApi.remove(member.userId));
  };

  return (
    <>
      {error && <Alert>{error}</Alert>}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {canManage && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => {
              const isSelf = member.userId === currentUserId;
              const editable = canManage && !isSelf;
              return (
                <tr key={member.userId} aria-busy={busyUserId === member.userId}>
                  <td>
                    {member.email}
                    {isSelf && <span className="badge badge-neutral">You</span>}
                  </td>
                  <td>{member.name}</td>
                  <td>
                    {editable ? (
                      <RoleSelect
                        label={`Role of ${member.email}`}
                        hideLabel
                        value={member.role}
                        disabled={busyUserId === member.userId}
                        onChange={(role) => changeRole(member, role)}
                      />
                    ) : (
                      ROLE_LABELS[member.role] ?? member.role
                    )}
                  </td>
                  <td>{formatDate(member.joinedAt)}</td>
                  {canManage && (
                    <td className="cell-actions">
                      {editable && (
                        <button
                          type="button"
                          className="button button-danger button-small"
                          aria-label={`Remove ${member.email}`}
                          disabled={busyUserId === member.userId}
                          onClick={() => remove(member)}
                        >
                          Remove
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
