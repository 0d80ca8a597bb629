import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SessionCookies } from '../auth/session-cookies';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CurrentPrincipal, Public, RequireRole, type Principal, type WorkspacePrincipal } from '../common/policy.decorators';
import { RoleGroups } from '../common/roles';
import { AcceptInviteDto, CreateInviteDto } from './dto/workspace.dto';
import { InvitesService } from './invites.service';

@ApiTags('invites')
@Controller()
export class InvitesController {
  constructor(
    private readonly invites: InvitesService,
    private readonly cookies: SessionCookies,
  ) {}

  @RequireRole(RoleGroups.workspaceAdmins)
  @Get('workspace/invites')
  list(@CurrentPrincipal() principal: WorkspacePrincipal) {
    return this.invites.list(principal.workspaceId);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Post('workspace/invites')
  create(@CurrentPrincipal() principal: WorkspacePrincipal, @Body() body: CreateInviteDto) {
    return this.invites.create(principal, body.role, body.email);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Delete('workspace/invites/:inviteId')
  @HttpCode(204)
  revoke(@CurrentPrincipal() principal: WorkspacePrincipal, @Param('inviteId', ParseIdPipe) inviteId: string) {
    return this.invites.revoke(principal, inviteId);
  }

  @Public()
  @Get('invites/:token')
  describe(@Param('token') token: string) {
    return this.invites.describe(token);
  }

  @Public()
  @Post('invites/:token/accept')
  @HttpCode(200)
  async accept(
    @Param('token') token: string,
    @CurrentPrincipal() principal: Principal | null,
    @Body() body: AcceptInviteDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.invites.accept(token, principal, body);
    if (result.token) this.cookies.set(res, result.token);
    return result;
  }
}
