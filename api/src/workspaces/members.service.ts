import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/domain-error';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import type { Role } from '../common/roles';

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: string;
}

@Injectable()
export class MembersService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(workspaceId: string, manager: EntityManager = this.db.manager): Promise<MemberView[]> {
    return manager.query(
      `SELECT u.id AS "userId", u.email, u.name, m.role, m.created_at AS "joinedAt"
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.workspace_id = $1 ORDER BY m.created_at, u.email`,
      [workspaceId],
    );
  }

  /** Only an owner grants or takes away `owner`; the last owner cannot be demoted. */
  async changeRole(principal: WorkspacePrincipal, userId: string, role: Role): Promise<MemberView> {
    return this.db.transaction(async (tx) => {
      const current = await this.lockMember(tx, principal.workspaceId, userId);
      if ((current === 'owner' || role === 'owner') && principal.role !== 'owner') {
        throw new ForbiddenError('Only an owner can grant or change the owner role.');
      }
      if (current === 'owner' && role !== 'owner') await this.assertAnotherOwner(tx, principal.workspaceId, userId);
      await tx.query(`UPDATE memberships SET role = $3 WHERE workspace_id = $1 AND user_id = $2`, [principal.workspaceId, userId, role]);
      await this.audit.record(principal, { action: 'member.role-changed', targetType: 'user', targetId: userId, details: { from: current, to: role } }, tx);
      const [member] = (await this.list(principal.workspaceId, tx)).filter((m) => m.userId === userId);
      return member;
    });
  }

  async remove(principal: WorkspacePrincipal, userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.lockMember(tx, principal.workspaceId, userId);
      if (current === 'owner' && principal.role !== 'owner') throw new ForbiddenError('Only an owner can remove an owner.');
      if (current === 'owner') await this.assertAnotherOwner(tx, principal.workspaceId, userId);
      await tx.query(`DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2`, [principal.workspaceId, userId]);
      await this.audit.record(principal, { action: 'member.removed', targetType: 'user', targetId: userId, details: { role: current } }, tx);
    });
  }

  private async lockMember(tx: EntityManager, workspaceId: string, userId: string): Promise<Role> {
    // Lock every membership row of the workspace: two concurrent demotions cannot both see "another owner".
    const rows: Array<{ user_id: string; role: Role }> = await tx.query(
      `SELECT user_id, role FROM memberships WHERE workspace_id = $1 FOR UPDATE`,
      [workspaceId],
    );
    const member = rows.find((r) => r.user_id === userId);
    if (!member) throw new NotFoundError('Member', 'MEMBER_NOT_FOUND');
    return member.role;
  }

  private async assertAnotherOwner(tx: EntityManager, workspaceId: string, userId: string): Promise<void> {
    const [{ count }] = await tx.query(
      `SELECT count(*)::int AS count FROM memberships WHERE workspace_id = $1 AND role = 'owner' AND user_id <> $2`,
      [workspaceId, userId],
    );
    if (count === 0) throw new ConflictError('LAST_OWNER', 'A workspace needs at least one owner. Make someone else owner first.');
  }
}
