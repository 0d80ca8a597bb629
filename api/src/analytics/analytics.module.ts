import { Module } from '@nestjs/common';
import { FlowAnalyticsController } from './flow-analytics.controller';
import { FlowAnalyticsService } from './flow-analytics.service';
import { FlowStatsRollup } from './flow-stats-rollup';

/** Flow analytics: the runtime host appends counts (flow-stats-recorder); this module rolls them up and reads them. */
@Module({
  controllers: [FlowAnalyticsController],
  providers: [FlowAnalyticsService, FlowStatsRollup],
  exports: [FlowStatsRollup],
})
export class AnalyticsModule {}
