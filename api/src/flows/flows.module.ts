import { Module } from '@nestjs/common';
import { FlowVersionsService } from './flow-versions.service';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';
import { PreviewSessionsService } from './preview-sessions.service';
import { TriggerIndexService } from './trigger-index.service';

@Module({
  controllers: [FlowsController],
  providers: [FlowsService, FlowVersionsService, TriggerIndexService, PreviewSessionsService],
  exports: [FlowsService, TriggerIndexService],
})
export class FlowsModule {}
