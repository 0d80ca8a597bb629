import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CurrentPrincipal, RequireRole, type WorkspacePrincipal } from '../common/policy.decorators';
import { RoleGroups } from '../common/roles';
import { BroadcastsService } from './broadcasts.service';
import { BroadcastDefinitionDto, BroadcastSettingsDto, CreateBroadcastDto, CreateTemplateDto, UpdateTemplateDto } from './dto/broadcasts.dto';
import { WhatsAppTemplateSync } from './whatsapp-template-sync';
import { WhatsAppTemplatesService } from './whatsapp-templates.service';

/** Broadcasts and WhatsApp templates: every member watches; marketers (flow editors) send; admins set the rules. */
@ApiTags('broadcasts')
@Controller()
export class BroadcastsController {
  constructor(
    private readonly broadcasts: BroadcastsService,
    private readonly templates: WhatsAppTemplatesService,
    private readonly templateSync: WhatsAppTemplateSync,
  ) {}

  @RequireRole(RoleGroups.anyMember)
  @Get('broadcasts/settings')
  settings(@CurrentPrincipal() p: WorkspacePrincipal) {
    return this.broadcasts.settings(p);
  }

  @RequireRole(RoleGroups.workspaceAdmins)
  @Put('broadcasts/settings')
  updateSettings(@CurrentPrincipal() p: WorkspacePrincipal, @Body() body: BroadcastSettingsDto) {
    return this.broadcasts.updateSettings(p, body);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post('broadcasts/preview')
  @HttpCode(200)
  preview(@CurrentPrincipal() p: WorkspacePrincipal, @Body() body: BroadcastDefinitionDto) {
    return this.broadcasts.preview(p, body);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('broadcasts')
  list(@CurrentPrincipal() p: WorkspacePrincipal) {
    return this.broadcasts.list(p);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post('broadcasts')
  create(@CurrentPrincipal() p: WorkspacePrincipal, @Body() body: CreateBroadcastDto) {
    return this.broadcasts.create(p, body);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('broadcasts/:broadcastId')
  get(@CurrentPrincipal() p: WorkspacePrincipal, @Param('broadcastId', ParseIdPipe) id: string) {
    return this.broadcasts.get(p, id);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post('broadcasts/:broadcastId/pause')
  @HttpCode(200)
  pause(@CurrentPrincipal() p: WorkspacePrincipal, @Param('broadcastId', ParseIdPipe) id: string) {
    return this.broadcasts.pause(p, id);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post('broadcasts/:broadcastId/resume')
  @HttpCode(200)
  resume(@CurrentPrincipal() p: WorkspacePrincipal, @Param('broadcastId', ParseIdPipe) id: string) {
    return this.broadcasts.resume(p, id);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post('broadcasts/:broadcastId/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() p: WorkspacePrincipal, @Param('broadcastId', ParseIdPipe) id: string) {
    return this.broadcasts.cancel(p, id);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('whatsapp-templates')
  listTemplates(@CurrentPrincipal() p: WorkspacePrincipal) {
    return this.templates.list(p);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post('whatsapp-templates')
  createTemplate(@CurrentPrincipal() p: WorkspacePrincipal, @Body() body: CreateTemplateDto) {
    return this.templates.create(p, body);
  }

  /** Reads every WhatsApp number's templates from its business account; a result per connection. */
  @RequireRole(RoleGroups.flowEditors)
  @Post('whatsapp-templates/sync')
  @HttpCode(200)
  syncTemplates(@CurrentPrincipal() p: WorkspacePrincipal) {
    return this.templateSync.syncWorkspace(p);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Patch('whatsapp-templates/:templateId')
  updateTemplate(@CurrentPrincipal() p: WorkspacePrincipal, @Param('templateId', ParseIdPipe) id: string, @Body() body: UpdateTemplateDto) {
    return this.templates.update(p, id, body);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Delete('whatsapp-templates/:templateId')
  @HttpCode(204)
  removeTemplate(@CurrentPrincipal() p: WorkspacePrincipal, @Param('templateId', ParseIdPipe) id: string) {
    return this.templates.remove(p, id);
  }
}
