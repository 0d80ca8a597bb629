import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { UnauthenticatedError } from '../common/domain-error';
import type { Role } from '../common/roles';
import { LoginThrottleService } from './login-throttle.service';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { SESSION_TTL_MS } from './session-cookie';
import { hashToken, newToken } from './tokens';

export interface WorkspaceSummary {
  id: string;
  name: string;
  role: Role;
}

export interface SessionView {
  user: { id: string; email: string; name: string };
  workspaces: WorkspaceSummary[];
  currentWorkspace: WorkspaceSummary | null;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly throttle: LoginThrottleService,
  ) {}

  /** Checks the lock first, so a correct password cannot get through a locked account. */
  async login(email: string, password: string, clientIp: string): Promise<SessionView & { token: string }> {
    const normalized = email.trim().toLowerCase();
    await this.throttle.assertAllowed(normalized, clientIp);
    const [user]: Array<{ id: string; password_hash: string }> = await this.db.query(
      `SELECT id, password_hash FROM users WHERE lower(email) = $1`,
      [normalized],
    );
    const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
    await this.throttle.record(normalized, clientIp, Boolean(user && ok));
    if (!user || !ok) throw new UnauthenticatedError('Wrong email or password.', 'INVALID_CREDENTIALS');
    return this.startSession(this.db.manager, user.id);
  }

  /** Creates a session whose current workspace is the user's first one. */
  async startSession(manager: EntityManager, userId: string): Promise<SessionView & { token: string }> {
    const token = newToken('ps');
    const [first]: Array<{ workspace_id: string }> = await manager.query(
      `SELECT workspace_id FROM memberships WHERE user_id = $1 ORDER BY created_at, workspace_id LIMIT 1`,
      [userId],
    );
    const [session]: Array<{ id: string }> = await manager.query(
      `INSERT INTO sessions (token_hash, user_id, current_workspace_id, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [hashToken(token), userId, first?.workspace_id ?? null, new Date(Date.now() + SESSION_TTL_MS)],
    );
    return { token, ...(await this.sessionView(manager, userId, session.id)) };
  }

  me(userId: string, sessionId: string): Promise<SessionView> {
    return this.sessionView(this.db.manager, userId, sessionId);
  }

  async logout(sessionId: string): Promise<void> {
    await this.db.query(`DELETE FROM sessions WHERE id = $1`, [sessionId]);
  }

  async sessionView(manager: EntityManager, userId: string, sessionId: string): Promise<SessionView> {
    const [user]: Array<{ id: string; email: string; name: string }> = await manager.query(
      `SELECT id, email, name FROM users WHERE id = $1`,
      [userId],
    );
    const workspaces: WorkspaceSummary[] = await manager.query(
      `SELECT w.id, w.name, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
        WHERE m.user_id = $1 ORDER BY m.created_at, w.id`,
      [userId],
    );
    const [session]: Array<{ current_workspace_id: string | null }> = await manager.query(
      `SELECT current_workspace_id FROM sessions WHERE id = $1`,
      [sessionId],
    );
    const currentWorkspace = workspaces.find((w) => w.id === session?.current_workspace_id) ?? null;
    return { user, workspaces, currentWorkspace };
  }
}
