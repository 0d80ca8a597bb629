import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CurrentPrincipal, RequireRole, type WorkspacePrincipal } from '../common/policy.decorators';
import { RoleGroups } from '../common/roles';
import { CreateApiKeyDto } from '../workspaces/dto/workspace.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@Controller('workspace/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @RequireRole(RoleGroups.workspaceAdmins)
  @Get()
  list(@CurrentPrincipal() principal: WorkspacePrincipal) {
    return this.apiKeys.list(principal.workspaceId);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Post()
  create(@CurrentPrincipal() principal: WorkspacePrincipal, @Body() body: CreateApiKeyDto) {
    return this.apiKeys.create(principal, body.name, body.role);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Delete(':apiKeyId')
  @HttpCode(204)
  revoke(@CurrentPrincipal() principal: WorkspacePrincipal, @Param('apiKeyId', ParseIdPipe) id: string) {
    return this.apiKeys.revoke(principal, id);
  }
}
