import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';

const NODE_ID = /^[^,\s]{1,100}$/;

/** The period and version every analytics query takes. */
export class AnalyticsPeriodQueryDto {
  @ApiPropertyOptional({ description: 'Start of the period (inclusive, ISO 8601). Default: 7 days before `to`.', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'End of the period (exclusive, ISO 8601). Default: now.', example: '2026-11-08T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'A published version number; all versions when omitted.', example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  version?: number;
}

export class FunnelQueryDto extends AnalyticsPeriodQueryDto {
  @ApiProperty({ description: 'Node ids, comma-separated, in funnel order (2 to 8).', example: 'welcome,ask-email,thanks' })
  @MaxLength(900)
  @Matches(/^[^,\s]{1,100}(,[^,\s]{1,100}){1,7}$/, { message: 'nodes must list 2 to 8 node ids separated by commas' })
  nodes: string;
}

export class AbTestQueryDto extends AnalyticsPeriodQueryDto {
  @ApiProperty({ description: 'The randomizer node.', example: 'split' })
  @Matches(NODE_ID)
  node: string;

  @ApiProperty({ description: 'The goal node a branch converts to.', example: 'thanks' })
  @Matches(NODE_ID)
  goal: string;
}
