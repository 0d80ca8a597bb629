/** Shapes of the JSON the API answers. Kept in one place so every screen agrees on them. */

export type Role = 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';

export const ROLES: readonly Role[] = ['owner', 'admin', 'editor', 'agent', 'viewer'];

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface WorkspaceMembership {
  id: string;
  name: string;
  role: Role;
}

export interface Session {
  user: User;
  workspaces: WorkspaceMembership[];
  currentWorkspace: WorkspaceMembership;
}

export interface LoginResult extends Session {
  token: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: string;
}

export interface Invite {
  id: string;
  email: string | null;
  role: Role;
  expiresAt: string;
  createdAt: string;
}

export interface CreatedInvite {
  id: string;
  role: Role;
  email: string | null;
  expiresAt: string;
  token: string;
  url: string;
}

export interface InvitePreview {
  workspaceName: string;
  role: Role;
  expiresAt: string;
}

export type FlowStatus = 'draft' | 'live' | 'live-with-changes';

export type FlowEditor = string | { id?: string; name?: string; email?: string };

export interface FlowSummary {
  id: string;
  name: string;
  status: FlowStatus;
  updatedAt: string;
  updatedBy?: FlowEditor | null;
  archivedAt?: string | null;
  liveVersionNumber?: number | null;
}

/** A flow document as the API stores it; the studio reads it through the runtime's types. */
export type FlowDocumentJson = Record<string, unknown>;

export interface FlowDraft {
  revision: number;
  document: FlowDocumentJson;
  issues?: unknown[];
}

export interface FlowDetail {
  id: string;
  name: string;
  status: FlowStatus;
  draft: FlowDraft;
}

export interface FlowTemplate {
  key: string;
  name: string;
  description: string;
  nodeCount: number;
}

export interface PublishResult {
  version: { number: number; notes?: string | null };
  unchanged: boolean;
  conflicts?: TriggerConflict[];
  warnings: { message: string; severity: string; nodeId?: string }[];
}

/** A keyword (or single-instance trigger) another live flow already claims. */
export interface TriggerConflict {
  triggerId: string;
  kind: string;
  keyword?: string;
  channels: string[];
  otherFlowId: string;
  otherFlowName: string;
  otherTriggerId: string;
}

export interface PublishCheck {
  revision: number;
  publishable: boolean;
  issues: { message: string; severity: string; nodeId?: string }[];
  conflicts: TriggerConflict[];
}

/** What GET /flows/:id/export answers and POST /flows/import reads. */
export interface FlowExport {
  schemaVersion: number;
  name: string;
  description: string | null;
  exportedAt: string;
  document: FlowDocumentJson;
}

export interface FlowVersion {
  id: string;
  number: number;
  notes: string | null;
  kind: string;
  rolledBackTo: number | null;
  publishedAt: string;
  publishedBy: string | null;
  isLive: boolean;
}

export interface FlowDiffResult {
  from: string;
  to: string;
  nodes: { added: string[]; removed: string[]; changed: { id: string; fields: string[] }[]; moved: string[] };
  edges: { added: unknown[]; removed: unknown[] };
  triggers: { added: string[]; removed: string[]; changed: { id: string; fields: string[] }[] };
  onlyLayout: boolean;
}
