import { Module } from '@nestjs/common';
import { FlowExecutionModule } from '../../flow-execution/flow-execution.module';
import { IntakeService } from '../../flow-execution/intake.service';
import { ChannelsModule } from '../channels.module';
import { CHANNEL_INTAKE } from './channel-intake';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** The webhook endpoint: apart from ChannelsModule because it needs the runtime host's intake, which needs the channels. */
@Module({
  imports: [ChannelsModule, FlowExecutionModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, { provide: CHANNEL_INTAKE, useExisting: IntakeService }],
})
export class ChannelWebhooksModule {}
