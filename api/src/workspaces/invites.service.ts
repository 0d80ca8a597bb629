import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { hashPassword } from '../auth/passwords';
import { hashToken, newToken } from '../auth/tokens';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../common/domain-error';
import type { Principal, WorkspacePrincipal } from '../common/policy.decorators';
import type { ApiKeyRole } from '../common/roles';
import type { AcceptInviteDto } from './dto/workspace.dto';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/** Invite links: a 256-bit token shown once, stored as its hash, single-use, valid 7 days. */
@Injectable()
export class InvitesService {
  constructor(
    private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(workspaceId: string) {
    return this.db.query(
      `SELECT id, email, role, expires_at AS "expiresAt", created_at AS "createdAt"
         FROM invites WHERE workspace_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        ORDER BY created_at DESC`,
      [workspaceId],
    );
  }

  async create(principal: WorkspacePrincipal, role: ApiKeyRole, email?: string) {
    if (role === 'admin' && principal.role !== 'owner' && principal.role !== 'admin') throw new ForbiddenError();
    const token = newToken('pi');
    return this.db.transaction(async (tx) => {
      const [invite] = await tx.query(
        `INSERT INTO invites (workspace_id, email, role, token_hash, created_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, email, role, expires_at AS "expiresAt"`,
        [principal.workspaceId, email?.toLowerCase() ?? null, role, hashToken(token), principal.userId, new Date(Date.now() + INVITE_TTL_MS)],
      );
      await this.audit.record(principal, { action: 'invite.created', targetType: 'invite', targetId: invite.id, details: { role, email: email ?? null } }, tx);
      const path = `/invite/${token}`;
      return { ...invite, token, url: this.config.publicUrl ? new URL(path, this.config.publicUrl).toString() : path };
    });
  }

  async revoke(principal: WorkspacePrincipal, inviteId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [, count]: [unknown, number] = await tx.query(
        `UPDATE invites SET revoked_at = now() WHERE id = $1 AND workspace_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL`,
        [inviteId, principal.workspaceId],
      );
      if (count === 0) throw new NotFoundError('Invite', 'INVITE_NOT_FOUND');
      await this.audit.record(principal, { action: 'invite.revoked', targetType: 'invite', targetId: inviteId }, tx);
    });
  }

  /** What the invite page shows before accepting. Unknown, used, revoked and expired tokens all look the same. */
  async describe(token: string) {
    const [invite] = await this.db.query(
      `SELECT w.name AS "workspaceName", i.role, i.email, i.expires_at AS "expiresAt"
         FROM invites i JOIN workspaces w ON w.id = i.workspace_id
        WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()`,
      [hashToken(token)],
    );
    if (!invite) throw new NotFoundError('Invite', 'INVITE_NOT_FOUND');
    return invite;
  }

  /**
   * A logged-in user joins with their account; otherwise a new account is created from the body and logged in.
   * Claiming the token is one conditional UPDATE, so two concurrent accepts cannot both succeed.
   */
  async accept(token: string, principal: Principal | null, body: AcceptInviteDto) {
    return this.db.transaction(async (tx) => {
      const [claimed]: [Array<{ id: string; workspace_id: string; role: ApiKeyRole; email: string | null }>, number] = await tx.query(
        `UPDATE invites SET accepted_at = now()
          WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
          RETURNING id, workspace_id, role, email`,
        [hashToken(token)],
      );
      const invite = claimed[0];
      if (!invite) throw new NotFoundError('Invite', 'INVITE_NOT_FOUND');
      let userId = principal?.kind === 'session' ? principal.userId : null;
      if (!userId) userId = await this.createAccount(tx, invite.email, body);
      else if (invite.email) {
        const [user] = await tx.query(`SELECT email FROM users WHERE id = $1`, [userId]);
        if (user.email.toLowerCase() !== invite.email) throw new ForbiddenError('This invite is for another email address.', 'INVITE_EMAIL_MISMATCH');
      }
      const [, inserted]: [unknown, number] = await tx.query(
        `INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
        [invite.workspace_id, userId, invite.role],
      ).then((rows: unknown[]) => [rows, rows.length] as [unknown, number]);
      if (inserted === 0) throw new ConflictError('ALREADY_MEMBER', 'You are already a member of this workspace.');
      await tx.query(`UPDATE invites SET accepted_by = $2 WHERE id = $1`, [invite.id, userId]);
      await this.audit.record({ workspaceId: invite.workspace_id, userId, apiKeyId: null }, { action: 'invite.accepted', targetType: 'invite', targetId: invite.id, details: { role: invite.role } }, tx);
      if (principal?.kind === 'session') {
        await tx.query(`UPDATE sessions SET current_workspace_id = $1 WHERE id = $2`, [invite.workspace_id, principal.sessionId]);
        return { token: null, ...(await this.auth.sessionView(tx, userId, principal.sessionId!)) };
      }
      const session = await this.auth.startSession(tx, userId);
      await tx.query(`UPDATE sessions SET current_workspace_id = $1 WHERE token_hash = $2`, [invite.workspace_id, hashToken(session.token)]);
      return { ...session, currentWorkspace: session.workspaces.find((w) => w.id === invite.workspace_id) ?? null };
    });
  }

  private async createAccount(tx: import('typeorm').EntityManager, inviteEmail: string | null, body: AcceptInviteDto): Promise<string> {
    if (!body.email || !body.password) {
      throw new BadRequestError('ACCOUNT_DETAILS_REQUIRED', 'Log in first, or give an email and a password (8 characters or more) to create your account.');
    }
    const email = body.email.toLowerCase();
    if (inviteEmail && inviteEmail !== email) throw new ForbiddenError('This invite is for another email address.', 'INVITE_EMAIL_MISMATCH');
    const [existing] = await tx.query(`SELECT 1 FROM users WHERE lower(email) = $1`, [email]);
    if (existing) throw new ConflictError('EMAIL_TAKEN', 'An account with this email exists: log in, then open the invite link again.');
    const [user] = await tx.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`, [
      email,
      body.name ?? '',
      await hashPassword(body.password),
    ]);
    return user.id;
  }
}
