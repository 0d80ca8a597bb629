import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../common/policy.decorators';
import type { Role } from '../common/roles';
import { SESSION_COOKIE } from './session-cookie';
import { hashToken } from './tokens';

/** Finds who is calling from a session cookie or a bearer token (session `ps_…` or API key `pk_…`). */
@Injectable()
export class PrincipalResolver {
  constructor(private readonly db: DataSource) {}

  async fromRequest(request: {
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
