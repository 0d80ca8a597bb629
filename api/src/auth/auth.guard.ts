import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ForbiddenError, UnauthenticatedError } from '../common/domain-error';
import { POLICY_KEY, type Principal, type RoutePolicy } from '../common/policy.decorators';
import type { Role } from '../common/roles';
import { SESSION_COOKIE } from './session-cookie';
import { hashToken } from './tokens';

/**
 * The one gate in front of every route: find who is calling (session cookie or bearer token), then apply the
 * route's declared policy. A route that declares none is refused: deny by default.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<RoutePolicy | undefined>(POLICY_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!policy) throw new ForbiddenError('This route declares no access policy, so it is closed.', 'POLICY_MISSING');
    const request = ctx.switchToHttp().getRequest();
    const principal = await this.resolvePrincipal(request);
    request.principal = principal;
    if (policy.kind === 'public') return true;
    if (!principal) throw new UnauthenticatedError();
    if (policy.kind === 'authenticated') {
      if (principal.kind !== 'session') throw new ForbiddenError('This route needs a user session, not an API key.');
      return true;
    }
    if (!principal.workspaceId || !principal.role) {
      throw new ForbiddenError('Choose a workspace first.', 'NO_WORKSPACE');
    }
    if (!policy.roles.includes(principal.role)) throw new ForbiddenError();
    return true;
  }

  private async resolvePrincipal(request: {
    headers: Record<string, string | undefined>;
    cookies?: Record<string, string>;
  }): Promise<Principal | null> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ?? request.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    if (token.startsWith('pk_')) return this.principalFromApiKey(token);
    if (token.startsWith('ps_')) return this.principalFromSession(token);
    return null;
  }

  private async principalFromSession(token: string): Promise<Principal | null> {
    const rows: Array<{ id: string; user_id: string; current_workspace_id: string | null; role: Role | null }> =
      await this.db.query(
        `SELECT s.id, s.user_id, s.current_workspace_id, m.role
           FROM sessions s
           LEFT JOIN memberships m ON m.workspace_id = s.current_workspace_id AND m.user_id = s.user_id
          WHERE s.token_hash = $1 AND s.expires_at > now()`,
        [hashToken(token)],
      );
    const row = rows[0];
    if (!row) return null;
    return {
      kind: 'session',
      sessionId: row.id,
      userId: row.user_id,
      apiKeyId: null,
      // A workspace the user was removed from no longer counts.
      workspaceId: row.role ? row.current_workspace_id : null,
      role: row.role,
    };
  }

  private async principalFromApiKey(token: string): Promise<Principal | null> {
    // UPDATE … RETURNING answers [rows, rowCount] through TypeORM's query().
    const [rows]: [Array<{ id: string; workspace_id: string; role: Role }>, number] = await this.db.query(
      `UPDATE api_keys SET last_used_at = now()
        WHERE key_hash = $1 AND revoked_at IS NULL
        RETURNING id, workspace_id, role`,
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    return { kind: 'api-key', sessionId: null, userId: null, apiKeyId: row.id, workspaceId: row.workspace_id, role: row.role };
  }
}
