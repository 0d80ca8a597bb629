import { Module } from '@nestjs/common';
import { FlowExecutionModule } from '../flow-execution/flow-execution.module';
import { WebchatAdapter } from './webchat.adapter';
import { WebchatController } from './webchat.controller';
import { WebchatService } from './webchat.service';

/** The built-in web chat channel (REST in, SSE out), registered with the ChannelRegistry like any platform. */
@Module({
  imports: [FlowExecutionModule],
  controllers: [WebchatController],
  providers: [WebchatAdapter, WebchatService],
  exports: [WebchatAdapter],
})
export class WebchatModule {}
