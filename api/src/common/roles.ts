/** Workspace roles, most powerful first. */
export const ROLES = ['owner', 'admin', 'editor', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
/** An API key or an invite can carry any role but owner. */
export const GRANTABLE_ROLES = ['admin', 'editor', 'agent', 'viewer'] as const;
export type ApiKeyRole = (typeof GRANTABLE_ROLES)[number];

/** Named groups used by route policies, so a route says what it needs, not a list of roles. */
export const RoleGroups = {
  /** Read workspace data (flows, versions, members list). */
  anyMember: ['owner', 'admin', 'editor', 'agent', 'viewer'],
  /** Create and change flows. */
  flowEditors: ['owner', 'admin', 'editor'],
  /** Work in the inbox. */
  inboxAgents: ['owner', 'admin', 'editor', 'agent'],
  /** Manage members, invites, API keys, channels. */
  workspaceAdmins: ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
