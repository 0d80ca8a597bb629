import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import type { WorkspacePrincipal } from '../common/policy.decorators';
import type { ApiKeyRole } from '../common/roles';
import { hashToken, newToken } from './tokens';

/** Per-workspace API keys for scripts and integrations: `Authorization: Bearer pk_…`. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(workspaceId: string) {
    return this.db.query(
      `SELECT id, name, role, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt"
         FROM api_keys WHERE workspace_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC`,
      [workspaceId],
    );
  }

  /** The key is returned once; only its hash is kept. */
  async create(principal: WorkspacePrincipal, name: string, role: ApiKeyRole) {
    const key = newToken('pk');
    const prefix = key.slice(0, 10);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO api_keys (workspace_id, name, role, prefix, key_hash, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name, role, prefix, created_at AS "createdAt"`,
        [principal.workspaceId, name, role, prefix, hashToken(key), principal.userId],
      );
      await this.audit.record(principal, { action: 'api-key.created', targetType: 'api-key', targetId: row.id, details: { name, role } }, tx);
      return { ...row, key };
    });
  }

  async revoke(principal: WorkspacePrincipal, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [, count]: [unknown, number] = await tx.query(
        `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND workspace_id = $2 AND revoked_at IS NULL`,
        [id, principal.workspaceId],
      );
      if (count === 0) throw new NotFoundError('API key', 'API_KEY_NOT_FOUND');
      await this.audit.record(principal, { action: 'api-key.revoked', targetType: 'api-key', targetId: id }, tx);
    });
  }
}
