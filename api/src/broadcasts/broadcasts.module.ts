import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { BroadcastRunner } from './broadcast-runner.service';
import { BroadcastsController } from './broadcasts.controller';
import { BroadcastsService } from './broadcasts.service';
import { WhatsAppTemplateSync } from './whatsapp-template-sync';
import { WhatsAppTemplatesService } from './whatsapp-templates.service';

/** Broadcasts: audiences from the contacts filter, eligibility by the platforms' rules, a durable sending job. */
@Module({
  imports: [ChannelsModule],
  controllers: [BroadcastsController],
  providers: [BroadcastsService, WhatsAppTemplatesService, WhatsAppTemplateSync, BroadcastRunner],
  exports: [BroadcastRunner],
})
export class BroadcastsModule {}
