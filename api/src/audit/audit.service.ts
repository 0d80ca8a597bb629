import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { WorkspacePrincipal } from '../common/policy.decorators';

export interface AuditEntry {
  action: string; // e.g. 'flow.published', 'member.role-changed'
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/** Who did what, when, per workspace. Written in the same transaction as the change it records. */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  async record(principal: Pick<WorkspacePrincipal, 'workspaceId' | 'userId' | 'apiKeyId'>, entry: AuditEntry, manager?: EntityManager) {
    await (manager ?? this.db.manager).query(
      `INSERT INTO audit_log (workspace_id, actor_user_id, actor_api_key_id, action, target_type, target_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [principal.workspaceId, principal.userId, principal.apiKeyId, entry.action, entry.targetType, entry.targetId ?? null, entry.details ?? {}],
    );
  }

  async list(workspaceId: string, limit: number, before?: string) {
    return this.db.query(
      `SELECT a.id, a.action, a.target_type AS "targetType", a.target_id AS "targetId", a.details, a.at,
              a.actor_user_id AS "actorUserId", u.email AS "actorEmail", a.actor_api_key_id AS "actorApiKeyId"
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
        WHERE a.workspace_id = $1 AND ($3::bigint IS NULL OR a.id < $3::bigint)
        ORDER BY a.id DESC LIMIT $2`,
      [workspaceId, limit, before ?? null],
    );
  }
}
