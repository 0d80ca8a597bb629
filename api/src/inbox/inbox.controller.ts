import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CurrentPrincipal, RequireRole, type WorkspacePrincipal } from '../common/policy.decorators';
import { RoleGroups } from '../common/roles';
import { AgentRepliesService } from './agent-replies.service';
import { ConversationTimeline } from './conversation-timeline.service';
import { AssignDto, InboxListQueryDto, MetricsQueryDto, NoteDto, ReplyDto, ResolveDto, SnoozeDto, UpdateContactDto } from './dto/inbox.dto';
import { HandoffsService } from './handoffs.service';
import { InboxAdminService } from './inbox-admin.service';
import { InboxQueryService } from './inbox-query.service';

const DAY = 24 * 3600 * 1000;

/** The agents' inbox: every member can read it; agents and above act on conversations. */
@ApiTags('inbox')
@Controller('inbox')
export class InboxController {
  constructor(
    private readonly query: InboxQueryService,
    private readonly handoffs: HandoffsService,
    private readonly replies: AgentRepliesService,
    private readonly admin: InboxAdminService,
    private readonly timeline: ConversationTimeline,
  ) {}

  @RequireRole(RoleGroups.anyMember)
  @Get('conversations')
  list(@CurrentPrincipal() p: WorkspacePrincipal, @Query() q: InboxListQueryDto) {
    return this.query.list(p, q.view ?? 'all', { team: q.team, platform: q.platform });
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('conversations/:conversationId')
  detail(@CurrentPrincipal() p: WorkspacePrincipal, @Param('conversationId', ParseIdPipe) id: string) {
    return this.query.detail(p, id);
  }

  @RequireRole(RoleGroups.inboxAgents)
  @Post('conversations/:conversationId/claim')
  @HttpCode(200)
  claim(@CurrentPrincipal() p: WorkspacePrincipal, @Param('conversationId', ParseIdPipe) id: string) {
    return this.handoffs.claim(p, id);
  }

  @RequireRole(RoleGroups.inboxAgents)
  @Post('conversations/:conversationId/assign')
  @HttpCode(200)
  assign(@CurrentPrincipal() p: WorkspacePrincipal, @Param('conversationId', ParseIdPipe) id: string, @Body() body: AssignDto) {
    return this.handoffs.assign(p, id, body);
  }

  @RequireRole(RoleGroups.inboxAgents)
  @Post('conversations/:conversationId/snooze')
  @HttpCode(204)
  snooze(@CurrentPrincipal() p: WorkspacePrincipal, @Param('conversationId', ParseIdPipe) id: string, @Body() body: SnoozeDto) {
    return this.handoffs.snooze(p, id, new Date(body.until));
  }

  @RequireRole(RoleGroups.inboxAgents)
  @Post('conversations/:conversationId/notes')
  note(@CurrentPrincipal() p: WorkspacePrincipal, @Param('conversationId', ParseIdPipe) id: string, @Body() body: NoteDto) {
    return this.handoffs.note(p, id, body.text);
  }

  @RequireRole(RoleGroups.inboxAgents)
  @Post('conversations/:conversationId/messages')
  reply(@CurrentPrincipal() p: WorkspacePrincipal, @Param('conversationId', ParseIdPipe) id: string, @Body() body: ReplyDto) {
    return this.replies.reply(p, id, body);
  }

  @RequireRole(RoleGroups.inboxAgents)
  @Post('conversations/:conversationId/resolve')
  @HttpCode(204)
  resolve(@CurrentPrincipal() p: WorkspacePrincipal, @Param('conversationId', ParseIdPipe) id: string, @Body() body: ResolveDto) {
    return this.handoffs.resolve(p, id, body.outcome);
  }

  @RequireRole(RoleGroups.inboxAgents)
  @Patch('conversations/:conversationId/contact')
  updateContact(@CurrentPrincipal() p: WorkspacePrincipal, @Param('conversationId', ParseIdPipe) id: string, @Body() body: UpdateContactDto) {
    return this.admin.updateContact(p, id, body);
  }

  /** Catch-up for a client that missed live events: everything after `after`, oldest first. */
  @RequireRole(RoleGroups.anyMember)
  @Get('events')
  events(@CurrentPrincipal() p: WorkspacePrincipal, @Query('after') after?: string) {
    return this.timeline.since(p.workspaceId, /^\d{1,18}$/.test(after ?? '') ? after! : '0');
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('metrics')
  metrics(@CurrentPrincipal() p: WorkspacePrincipal, @Query() q: MetricsQueryDto) {
    const to = q.to ? new Date(q.to) : new Date();
    return this.query.metrics(p.workspaceId, q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY), to);
  }
}
