import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CurrentPrincipal, RequireRole, type WorkspacePrincipal } from '../common/policy.decorators';
import { RoleGroups } from '../common/roles';
import { CreateFlowDto, DiffQueryDto, DuplicateFlowDto, ImportFlowDto, ListFlowsQueryDto, PublishDto, RollbackDto, SaveDraftDto, UpdateFlowDto } from './dto/flow.dto';
import { CreatePreviewSessionDto } from './dto/preview-session.dto';
import { FlowVersionsService } from './flow-versions.service';
import { FlowsService } from './flows.service';
import { PreviewSessionsService } from './preview-sessions.service';

/** Editors and above change flows; every member reads them. */
@ApiTags('flows')
@Controller('flows')
export class FlowsController {
  constructor(
    private readonly flows: FlowsService,
    private readonly versions: FlowVersionsService,
    private readonly previews: PreviewSessionsService,
  ) {}

  @RequireRole(RoleGroups.anyMember)
  @Get()
  list(@CurrentPrincipal() p: WorkspacePrincipal, @Query() query: ListFlowsQueryDto) {
    return this.flows.list(p.workspaceId, query);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('templates')
  templates() {
    return this.flows.templates();
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post()
  create(@CurrentPrincipal() p: WorkspacePrincipal, @Body() body: CreateFlowDto) {
    return this.flows.create(p, body.name, body.templateKey);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post('import')
  import(@CurrentPrincipal() p: WorkspacePrincipal, @Body() body: ImportFlowDto) {
    return this.flows.import(p, body.document, body.name);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get(':flowId')
  get(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string) {
    return this.flows.get(p.workspaceId, flowId);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Patch(':flowId')
  update(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Body() body: UpdateFlowDto) {
    return this.flows.update(p, flowId, body);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Delete(':flowId')
  @HttpCode(204)
  delete(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string) {
    return this.flows.delete(p, flowId);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Put(':flowId/draft')
  saveDraft(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Body() body: SaveDraftDto) {
    return this.flows.saveDraft(p, flowId, body.revision, body.document);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post(':flowId/duplicate')
  duplicate(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Body() body: DuplicateFlowDto) {
    return this.flows.duplicate(p, flowId, body.name);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post(':flowId/archive')
  @HttpCode(200)
  archive(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string) {
    return this.flows.setArchived(p, flowId, true);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post(':flowId/unarchive')
  @HttpCode(200)
  unarchive(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string) {
    return this.flows.setArchived(p, flowId, false);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get(':flowId/export')
  export(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string) {
    return this.flows.export(p.workspaceId, flowId);
  }

  /** Validation of the saved draft and the trigger conflicts publishing it would cause; changes nothing. */
  @RequireRole(RoleGroups.anyMember)
  @Get(':flowId/publish-check')
  publishCheck(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string) {
    return this.versions.publishCheck(p.workspaceId, flowId);
  }

  /** Starts a preview of the saved draft through the web chat channel; the visitor token is returned once. */
  @RequireRole(RoleGroups.flowEditors)
  @Post(':flowId/preview-sessions')
  createPreview(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Body() body: CreatePreviewSessionDto) {
    return this.previews.create(p, flowId, body);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Get(':flowId/preview-sessions/:sessionId')
  previewState(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Param('sessionId', ParseIdPipe) sessionId: string) {
    return this.previews.state(p.workspaceId, flowId, sessionId);
  }

  /** The preview's "Return to bot" after a handoff step: the flow continues from the step's `returned` output. */
  @RequireRole(RoleGroups.flowEditors)
  @Post(':flowId/preview-sessions/:sessionId/release')
  @HttpCode(204)
  releasePreview(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Param('sessionId', ParseIdPipe) sessionId: string) {
    return this.previews.release(p.workspaceId, flowId, sessionId);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Delete(':flowId/preview-sessions/:sessionId')
  @HttpCode(204)
  deletePreview(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Param('sessionId', ParseIdPipe) sessionId: string) {
    return this.previews.remove(p.workspaceId, flowId, sessionId);
  }

  /** 201 with the new version; 200 when the live version already has this content; 422 with the blocking issues. */
  @RequireRole(RoleGroups.flowEditors)
  @Post(':flowId/publish')
  async publish(
    @CurrentPrincipal() p: WorkspacePrincipal,
    @Param('flowId', ParseIdPipe) flowId: string,
    @Body() body: PublishDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.versions.publish(p, flowId, body.notes, body.migrateWaitingConversations);
    res.status(result.unchanged ? 200 : 201);
    return result;
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post(':flowId/rollback')
  async rollback(
    @CurrentPrincipal() p: WorkspacePrincipal,
    @Param('flowId', ParseIdPipe) flowId: string,
    @Body() body: RollbackDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.versions.rollback(p, flowId, body.versionNumber, body.notes);
    res.status(result.unchanged ? 200 : 201);
    return result;
  }

  @RequireRole(RoleGroups.anyMember)
  @Get(':flowId/versions')
  versionsList(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string) {
    return this.versions.list(p.workspaceId, flowId);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get(':flowId/versions/:versionNumber')
  version(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Param('versionNumber', ParseIntPipe) n: number) {
    return this.versions.get(p.workspaceId, flowId, n);
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post(':flowId/versions/:versionNumber/restore')
  @HttpCode(200)
  restore(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Param('versionNumber', ParseIntPipe) n: number) {
    return this.versions.restoreToDraft(p, flowId, n);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get(':flowId/diff')
  diff(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Query() query: DiffQueryDto) {
    return this.versions.diff(p.workspaceId, flowId, query.from, query.to);
  }
}
