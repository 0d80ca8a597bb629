import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthService, type SessionView } from '../auth/auth.service';
import { NotFoundError } from '../common/domain-error';
import type { Principal, WorkspacePrincipal } from '../common/policy.decorators';
import type { UpdateWorkspaceDto } from './dto/workspace.dto';

@Injectable()
export class WorkspacesService {
  constructor(
    private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  /** The creator becomes its owner. */
  async create(userId: string, name: string) {
    return this.db.transaction(async (tx) => {
      const [workspace]: Array<{ id: string; name: string }> = await tx.query(
        `INSERT INTO workspaces (name) VALUES ($1) RETURNING id, name`,
        [name],
      );
      await tx.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'owner')`, [workspace.id, userId]);
      await this.audit.record({ workspaceId: workspace.id, userId, apiKeyId: null }, { action: 'workspace.created', targetType: 'workspace', targetId: workspace.id }, tx);
      return { ...workspace, role: 'owner' as const };
    });
  }

  /** Switching to a workspace the user is not a member of is a 404, like any other workspace's resource. */
  async switchTo(principal: Principal, workspaceId: string): Promise<SessionView> {
    const updated: [unknown[], number] = await this.db.query(
      `UPDATE sessions SET current_workspace_id = $1
        WHERE id = $2 AND EXISTS (SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $3)`,
      [workspaceId, principal.sessionId, principal.userId],
    );
    if (updated[1] === 0) throw new NotFoundError('Workspace', 'WORKSPACE_NOT_FOUND');
    return this.auth.me(principal.userId!, principal.sessionId!);
  }

  async current(principal: WorkspacePrincipal) {
    const [workspace] = await this.db.query(
      `SELECT id, name, time_zone AS "timeZone", created_at AS "createdAt" FROM workspaces WHERE id = $1`,
      [principal.workspaceId],
    );
    return { ...workspace, role: principal.role };
  }

  async update(principal: WorkspacePrincipal, patch: UpdateWorkspaceDto) {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE workspaces SET name = coalesce($2, name), time_zone = coalesce($3, time_zone) WHERE id = $1`,
        [principal.workspaceId, patch.name ?? null, patch.timeZone ?? null],
      );
      await this.audit.record(principal, { action: 'workspace.updated', targetType: 'workspace', targetId: principal.workspaceId, details: { ...patch } }, tx);
    });
    return this.current(principal);
  }
}
