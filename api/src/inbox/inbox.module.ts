import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AgentRepliesService } from './agent-replies.service';
import { ConversationTimeline } from './conversation-timeline.service';
import { HandoffsService } from './handoffs.service';
import { InboxAdminController } from './inbox-admin.controller';
import { InboxAdminService } from './inbox-admin.service';
import { InboxController } from './inbox.controller';
import { InboxGateway } from './inbox.gateway';
import { InboxQueryService } from './inbox-query.service';

@Module({
  imports: [AuthModule],
  controllers: [InboxController, InboxAdminController],
  providers: [ConversationTimeline, HandoffsService, AgentRepliesService, InboxQueryService, InboxAdminService, InboxGateway],
  exports: [HandoffsService, ConversationTimeline],
})
export class InboxModule {}
