import { http } from './http';
import type { CreatedInvite, Invite, Member, Role } from './types';

/** Members and invites of the current workspace (the server takes the workspace from the session). */
export const membersApi = {
  list: () => http<Member[]>('GET', '/workspace/members'),
  changeRole: (userId: string, role: Role) =>
    http<Member>('PATCH', `/workspace/members/${encodeURIComponent(userId)}`, { role }),
  remove: (userId: string) => http<void>('DELETE', `/workspace/members/${encodeURIComponent(userId)}`),
  listInvites: () => http<Invite[]>('GET', '/workspace/invites'),
  createInvite: (role: Role, email?: string) =>
    http<CreatedInvite>('POST', '/workspace/invites', email ? { role, email } : { role }),
  revokeInvite: (inviteId: string) => http<void>('DELETE', `/workspace/invites/${encodeURIComponent(inviteId)}`),
};
