import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CurrentPrincipal, RequireRole, type WorkspacePrincipal } from '../common/policy.decorators';
import { RoleGroups } from '../common/roles';
import { AgentStatusDto, CannedResponseDto, CannedSearchDto, InboxSettingsDto, TeamDto } from './dto/inbox.dto';
import { InboxAdminService } from './inbox-admin.service';

/** Canned responses, teams, agent availability and business hours. Admins manage; agents use. */
@ApiTags('inbox')
@Controller('inbox')
export class InboxAdminController {
  constructor(private readonly admin: InboxAdminService) {}

  @RequireRole(RoleGroups.anyMember)
  @Get('canned-responses')
  listCanned(@CurrentPrincipal() p: WorkspacePrincipal, @Query() q: CannedSearchDto) {
    return this.admin.listCanned(p.workspaceId, q.q);
  }

  @RequireRole(RoleGroups.inboxAgents)
  @Get('canned-responses/:cannedId/render/:conversationId')
  renderCanned(@CurrentPrincipal() p: WorkspacePrincipal, @Param('cannedId', ParseIdPipe) id: string, @Param('conversationId', ParseIdPipe) conversationId: string) {
    return this.admin.renderCanned(p, id, conversationId);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Post('canned-responses')
  createCanned(@CurrentPrincipal() p: WorkspacePrincipal, @Body() body: CannedResponseDto) {
    return this.admin.createCanned(p, body);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Put('canned-responses/:cannedId')
  updateCanned(@CurrentPrincipal() p: WorkspacePrincipal, @Param('cannedId', ParseIdPipe) id: string, @Body() body: CannedResponseDto) {
    return this.admin.updateCanned(p, id, body);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Delete('canned-responses/:cannedId')
  @HttpCode(204)
  deleteCanned(@CurrentPrincipal() p: WorkspacePrincipal, @Param('cannedId', ParseIdPipe) id: string) {
    return this.admin.deleteCanned(p, id);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('teams')
  listTeams(@CurrentPrincipal() p: WorkspacePrincipal) {
    return this.admin.listTeams(p.workspaceId);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Post('teams')
  createTeam(@CurrentPrincipal() p: WorkspacePrincipal, @Body() body: TeamDto) {
    return this.admin.saveTeam(p, body);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Put('teams/:teamId')
  updateTeam(@CurrentPrincipal() p: WorkspacePrincipal, @Param('teamId', ParseIdPipe) id: string, @Body() body: TeamDto) {
    return this.admin.saveTeam(p, body, id);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Delete('teams/:teamId')
  @HttpCode(204)
  deleteTeam(@CurrentPrincipal() p: WorkspacePrincipal, @Param('teamId', ParseIdPipe) id: string) {
    return this.admin.deleteTeam(p, id);
  }

  @RequireRole(RoleGroups.inboxAgents)
  @Put('status')
  setStatus(@CurrentPrincipal() p: WorkspacePrincipal, @Body() body: AgentStatusDto) {
    return this.admin.setStatus(p, body);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('settings')
  settings(@CurrentPrincipal() p: WorkspacePrincipal) {
    return this.admin.settings(p.workspaceId);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Put('settings')
  updateSettings(@CurrentPrincipal() p: WorkspacePrincipal, @Body() body: InboxSettingsDto) {
    return this.admin.updateSettings(p, body);
  }
}
