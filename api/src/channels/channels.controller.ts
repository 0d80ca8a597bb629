import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CurrentPrincipal, RequireRole, type WorkspacePrincipal } from '../common/policy.decorators';
import { RoleGroups } from '../common/roles';
import { ChannelConnectionsService } from './channel-connections.service';
import { CreateChannelConnectionDto, UpdateChannelConnectionDto } from './dto/channel-connection.dto';

@ApiTags('channels')
@Controller('channels')
export class ChannelsController {
  constructor(private readonly connections: ChannelConnectionsService) {}

  @RequireRole(RoleGroups.anyMember)
  @Get('platforms')
  platforms() {
    return this.connections.platforms();
  }

  @RequireRole(RoleGroups.anyMember)
  @Get()
  list(@CurrentPrincipal() principal: WorkspacePrincipal) {
    return this.connections.list(principal.workspaceId);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Post()
  create(@CurrentPrincipal() principal: WorkspacePrincipal, @Body() body: CreateChannelConnectionDto) {
    return this.connections.create(principal, body);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get(':connectionId')
  get(@CurrentPrincipal() principal: WorkspacePrincipal, @Param('connectionId', ParseIdPipe) id: string) {
    return this.connections.get(principal.workspaceId, id);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Patch(':connectionId')
  update(@CurrentPrincipal() principal: WorkspacePrincipal, @Param('connectionId', ParseIdPipe) id: string, @Body() body: UpdateChannelConnectionDto) {
    return this.connections.update(principal, id, body);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Delete(':connectionId')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: WorkspacePrincipal, @Param('connectionId', ParseIdPipe) id: string) {
    return this.connections.remove(principal, id);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Post(':connectionId/register-webhook')
  @HttpCode(200)
  registerWebhook(@CurrentPrincipal() principal: WorkspacePrincipal, @Param('connectionId', ParseIdPipe) id: string) {
    return this.connections.registerWebhook(principal, id);
  }
}
