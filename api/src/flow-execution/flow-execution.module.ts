import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { InboxModule } from '../inbox/inbox.module';
import { EffectWriter } from './effect-writer';
import { FlowCatalog } from './flow-catalog';
import { FlowExecutionService } from './flow-execution.service';
import { IntakeService } from './intake.service';
import { TurnProcessor } from './turn-processor';

/** The runtime host: intake → processing (engine) → outbox → dispatch, and timers. */
@Module({
  imports: [ContactsModule, InboxModule],
  providers: [IntakeService, FlowCatalog, EffectWriter, TurnProcessor, FlowExecutionService],
  exports: [IntakeService, FlowExecutionService],
})
export class FlowExecutionModule {}
