import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Authenticated, CurrentPrincipal, RequireRole, type Principal, type WorkspacePrincipal } from '../common/policy.decorators';
import { RoleGroups } from '../common/roles';
import { ChangeRoleDto, CreateWorkspaceDto, UpdateWorkspaceDto } from './dto/workspace.dto';
import { MembersService } from './members.service';
import { WorkspacesService } from './workspaces.service';

/** The user's workspaces (`/workspaces`) and the current one (`/workspace`, taken from the session). */
@ApiTags('workspaces')
@Controller()
export class WorkspacesController {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly members: MembersService,
  ) {}

  @Authenticated()
  @Post('workspaces')
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateWorkspaceDto) {
    return this.workspaces.create(principal.userId!, body.name);
  }

  @Authenticated()
  @Post('workspaces/:workspaceId/switch')
  @HttpCode(200)
  switchTo(@CurrentPrincipal() principal: Principal, @Param('workspaceId', ParseIdPipe) workspaceId: string) {
    return this.workspaces.switchTo(principal, workspaceId);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('workspace')
  current(@CurrentPrincipal() principal: WorkspacePrincipal) {
    return this.workspaces.current(principal);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Patch('workspace')
  update(@CurrentPrincipal() principal: WorkspacePrincipal, @Body() body: UpdateWorkspaceDto) {
    return this.workspaces.update(principal, body);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('workspace/members')
  listMembers(@CurrentPrincipal() principal: WorkspacePrincipal) {
    return this.members.list(principal.workspaceId);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Patch('workspace/members/:userId')
  changeRole(@CurrentPrincipal() principal: WorkspacePrincipal, @Param('userId', ParseIdPipe) userId: string, @Body() body: ChangeRoleDto) {
    return this.members.changeRole(principal, userId, body.role);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Delete('workspace/members/:userId')
  @HttpCode(204)
  removeMember(@CurrentPrincipal() principal: WorkspacePrincipal, @Param('userId', ParseIdPipe) userId: string) {
    return this.members.remove(principal, userId);
  }
}
