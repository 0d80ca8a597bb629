import { ApiKeyEntity } from '../auth/api-key.entity';
import { SessionEntity } from '../auth/session.entity';
import { UserEntity } from '../auth/user.entity';
import { AuditLogEntity } from '../audit/audit-log.entity';
import { InviteEntity } from '../workspaces/invite.entity';
import { MembershipEntity } from '../workspaces/membership.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/** Every TypeORM entity. A feature adds its entities here. */
export const allEntities = [
  UserEntity,
  SessionEntity,
  ApiKeyEntity,
  WorkspaceEntity,
  MembershipEntity,
  InviteEntity,
  AuditLogEntity,
];
