import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query, Res, Sse } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, RequireRole, type WorkspacePrincipal } from '../common/policy.decorators';
import { RoleGroups } from '../common/roles';
import { PostWebchatMessageDto, WebchatMessagesQueryDto } from './dto/webchat.dto';
import { WebchatService } from './webchat.service';
import { WIDGET_ETAG, WIDGET_SCRIPT } from './widget-script';

/** Web chat: the studio (preview) gets the workspace's connection; visitors post and read with their own token. */
@ApiTags('webchat')
@Controller('webchat')
export class WebchatController {
  constructor(private readonly webchat: WebchatService) {}

  /**
   * The embeddable widget script, loaded by other sites (cross-origin resource policy opened for it). Cached for an
   * hour; revalidated with its ETag (a 304 without the body).
   */
  @Public()
  @Get('widget.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  widget(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res({ passthrough: true }) res: Response) {
    res.setHeader('ETag', WIDGET_ETAG);
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === WIDGET_ETAG)) {
      res.status(304);
      return '';
    }
    return WIDGET_SCRIPT;
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post('connection')
  connection(@CurrentPrincipal() p: WorkspacePrincipal) {
    return this.webchat.ensureConnection(p.workspaceId);
  }

  @Public()
  @Post(':connectionId/visitors')
  visitor(@Param('connectionId') connectionId: string) {
    return this.webchat.createVisitor(connectionId);
  }

  @Public()
  @Post(':connectionId/messages')
  @HttpCode(202)
  post(@Param('connectionId') connectionId: string, @Headers('x-visitor-token') token: string | undefined, @Body() body: PostWebchatMessageDto) {
    return this.webchat.post(connectionId, token, body);
  }

  @Public()
  @Get(':connectionId/messages')
  messages(@Param('connectionId') connectionId: string, @Headers('x-visitor-token') token: string | undefined, @Query() query: WebchatMessagesQueryDto) {
    return this.webchat.messages(connectionId, token, query.after);
  }

  /** EventSource cannot send headers: the visitor token comes in the query. */
  @Public()
  @Sse(':connectionId/stream')
  stream(@Param('connectionId') connectionId: string, @Query('token') token: string | undefined) {
    return this.webchat.stream(connectionId, token);
  }
}
