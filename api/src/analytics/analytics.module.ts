import { Module } from '@nestjs/common';
import { FlowAnalyticsController } from './flow-analytics.controller';
import { FlowAnalyticsService } from './flow-analytics.service';

/** Flow analytics: the counters are written by the runtime host (flow-stats-recorder); this module reads them. */
@Module({
  controllers: [FlowAnalyticsController],
  providers: [FlowAnalyticsService],
})
export class AnalyticsModule {}
