import { errorMessage } from '../api-client/api-error';
import { membersApi } from '../api-client/members-api';
import { useSession } from '../app/auth-context';
import { canManageMembers } from '../app/permissions';
import { Alert } from '../ui/alert';
import { Loading } from '../ui/loading';
import { useResource } from '../ui/use-resource';
import { InviteForm } from './invite-form';
import { MembersTable } from './members-table';
import { PendingInvites } from './pending-invites';

/** /members — who is in the workspace; owners and admins also invite, change roles and remove. */
export function MembersPage() {
  const session = useSession();
  const canManage = canManageMembers(session.currentWorkspace.role);
  const [members, reloadMembers] = useResource(() => membersApi.list(), []);

  return (
    <section className="page">
      <div className="page-header">
        <div>
          <h1>Members</h1>
          <p className="muted">People with access to {session.currentWorkspace.name}.</p>
        </div>
      </div>
      {members.status === 'loading' && <Loading label="Loading members…" />}
      {members.status === 'error' && <Alert>Could not load members: {errorMessage(members.error)}</Alert>}
      {members.status === 'ready' && (
        <MembersTable
          members={members.data}
          currentUserId={session.user.id}
          canManage={canManage}
          onChanged={reloadMembers}
        />
      )}
      {canManage && <InvitesSection />}
    </section>
  );
}

function InvitesSection() {
  const [invites, reloadInvites] = useResource(() => membersApi.listInvites(), []);
  return (
    <>
      <h2 className="section-title">Invite people</h2>
      <InviteForm onCreated={reloadInvites} />
      <h2 className="section-title">Pending invites</h2>
      {invites.status === 'loading' && <Loading label="Loading invites…" />}
      {invites.status === 'error' && <Alert>Could not load invites: {errorMessage(invites.error)}</Alert>}
      {invites.status === 'ready' && <PendingInvites invites={invites.data} onChanged={reloadInvites} />}
    </>
  );
}
