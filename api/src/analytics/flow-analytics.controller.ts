import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CurrentPrincipal, RequireRole, type WorkspacePrincipal } from '../common/policy.decorators';
import { RoleGroups } from '../common/roles';
import { AbTestQueryDto, AnalyticsPeriodQueryDto, FunnelQueryDto } from './dto/analytics-query.dto';
import { FlowAnalyticsService } from './flow-analytics.service';

/** Every member reads a flow's analytics. */
@ApiTags('analytics')
@Controller('flows/:flowId/analytics')
export class FlowAnalyticsController {
  constructor(private readonly analytics: FlowAnalyticsService) {}

  @RequireRole(RoleGroups.anyMember)
  @Get()
  overview(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Query() query: AnalyticsPeriodQueryDto) {
    return this.analytics.overview(p.workspaceId, flowId, query);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('funnel')
  funnel(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Query() query: FunnelQueryDto) {
    return this.analytics.funnel(p.workspaceId, flowId, query);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('ab-test')
  abTest(@CurrentPrincipal() p: WorkspacePrincipal, @Param('flowId', ParseIdPipe) flowId: string, @Query() query: AbTestQueryDto) {
    return this.analytics.abTest(p.workspaceId, flowId, query);
  }
}
