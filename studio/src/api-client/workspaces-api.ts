import { http } from './http';
import type { Session, WorkspaceMembership } from './types';

export const workspacesApi = {
  create: (name: string) => http<WorkspaceMembership>('POST', '/workspaces', { name }),
  switchTo: (workspaceId: string) => http<Session>('POST', `/workspaces/${encodeURIComponent(workspaceId)}/switch`),
};
