import { Module } from '@nestjs/common';
import { BroadcastRunner } from './broadcast-runner.service';
import { BroadcastsController } from './broadcasts.controller';
import { BroadcastsService } from './broadcasts.service';
import { WhatsAppTemplatesService } from './whatsapp-templates.service';

/** Broadcasts: audiences from the contacts filter, eligibility by the platforms' rules, a durable sending job. */
@Module({
  controllers: [BroadcastsController],
  providers: [BroadcastsService, WhatsAppTemplatesService, BroadcastRunner],
  exports: [BroadcastRunner],
})
export class BroadcastsModule {}
