import { Controller, Get, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumberString, IsOptional, Max, Min } from 'class-validator';
import { CurrentPrincipal, RequireRole, type WorkspacePrincipal } from '../common/policy.decorators';
import { RoleGroups } from '../common/roles';
import { AuditService } from './audit.service';

class AuditQueryDto {
  @ApiProperty({ required: false, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Return entries older than this id (pagination).' })
  @IsOptional()
  @IsNumberString()
  before?: string;
}

@ApiTags('audit')
@Controller('workspace/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @RequireRole(RoleGroups.workspaceAdmins)
  @Get()
  list(@CurrentPrincipal() principal: WorkspacePrincipal, @Query() query: AuditQueryDto) {
    return this.audit.list(principal.workspaceId, query.limit ?? 50, query.before);
  }
}
